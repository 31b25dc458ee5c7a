"""The JSON model: data not bits, omitted None, names beside numbers, strict from_dict."""

from __future__ import annotations

import pytest

from epg.descriptors import (
    AC3Descriptor,
    LocalTimeOffsetDescriptor,
    RawDescriptor,
    S2SatelliteDeliverySystemDescriptor,
    T2DeliverySystemDescriptor,
    from_dict,
    to_dict,
)
from epg.errors import DescriptorDecodeError


def test_optional_fields_are_omitted_and_bytes_are_hex() -> None:
    exported = to_dict(AC3Descriptor(bsid=8, additional_info=b"\x01\xff"))
    assert exported == {"descriptor": "ac3", "tag": 0x6A, "bsid": 8, "additional_info": "01ff"}


def test_extension_descriptors_carry_their_extension() -> None:
    exported = to_dict(T2DeliverySystemDescriptor(plp_id=1, t2_system_id=2))
    assert exported == {
        "descriptor": "t2_delivery_system",
        "tag": 0x7F,
        "extension": 0x04,
        "plp_id": 1,
        "t2_system_id": 2,
    }
    assert from_dict(exported) == T2DeliverySystemDescriptor(plp_id=1, t2_system_id=2)


def test_raw_descriptor_round_trips_with_its_issue() -> None:
    raw = RawDescriptor(tag=0x6B, payload=b"\x01", issue="unknown tag 0x6B")
    exported = to_dict(raw)
    assert exported == {
        "descriptor": "raw",
        "tag": 0x6B,
        "tag_name": "ancillary_data",
        "payload": "01",
        "issue": "unknown tag 0x6B",
    }
    assert from_dict(exported) == raw


def test_defaults_fill_omitted_fields() -> None:
    s2 = from_dict({"descriptor": "s2_satellite_delivery_system", "input_stream_identifier": 3})
    assert s2 == S2SatelliteDeliverySystemDescriptor(input_stream_identifier=3)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"descriptor": "nope"},
        {"descriptor": "stream_identifier", "component_tag": 1, "colour": "red"},
        {"descriptor": "stream_identifier", "component_tag": "1"},
        {"descriptor": "stream_identifier", "component_tag": True},
        {"descriptor": "stream_identifier"},
        {"descriptor": "service_list", "services": {"service_id": 1}},
        {"descriptor": "linkage", "transport_stream_id": 1, "original_network_id": 1,
         "service_id": 1, "linkage_type": 1, "private_data": "zz"},
        {"descriptor": "local_time_offset", "offsets": [{"country_code": "KAZ",
         "local_time_offset": 0, "time_of_change": "2026-01-01T00:00:00",
         "next_time_offset": 0}]},
    ],
)  # fmt: skip
def test_from_dict_rejects_bad_input_with_a_decode_error(data: dict[str, object]) -> None:
    with pytest.raises(DescriptorDecodeError):
        from_dict(data)


def test_times_are_utc_iso_and_offsets_seconds() -> None:
    data = {
        "descriptor": "local_time_offset",
        "offsets": [
            {
                "country_code": "KAZ",
                "local_time_offset": 18000,
                "time_of_change": "2026-10-25T06:00:00+05:00",
                "next_time_offset": 18000,
            }
        ],
    }
    obj = from_dict(data)
    assert isinstance(obj, LocalTimeOffsetDescriptor)
    assert to_dict(obj)["offsets"][0]["time_of_change"] == "2026-10-25T01:00:00Z"


def test_private_raw_descriptor_has_no_tag_name() -> None:
    assert "tag_name" not in to_dict(RawDescriptor(tag=0xAD, payload=b""))
