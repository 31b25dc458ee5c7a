"""Network-level descriptors: names, service list, linkage."""

from __future__ import annotations

import pytest

from epg.descriptors import (
    BouquetNameDescriptor,
    LinkageDescriptor,
    MultilingualName,
    MultilingualNetworkNameDescriptor,
    NetworkNameDescriptor,
    ServiceListDescriptor,
    ServiceListEntry,
    URILinkageDescriptor,
    to_dict,
)
from epg.errors import DescriptorEncodeError
from tests.epg.descriptors.assertions import assert_codec


def test_network_name_in_utf8() -> None:
    name = "EduTV Қазақстан"
    data = bytes((0x40, 1 + len(name.encode()))) + b"\x15" + name.encode()
    assert_codec(NetworkNameDescriptor, data, NetworkNameDescriptor(network_name=name))
    assert data[1] == 25  # gst-si-dump shows len=25


def test_empty_network_name() -> None:
    assert_codec(NetworkNameDescriptor, b"\x40\x00", NetworkNameDescriptor(network_name=""))


def test_bouquet_name() -> None:
    assert_codec(BouquetNameDescriptor, b"\x47\x03Rai", BouquetNameDescriptor(bouquet_name="Rai"))


def test_multilingual_network_name() -> None:
    obj = MultilingualNetworkNameDescriptor(
        names=(
            MultilingualName(iso_639_language_code="eng", name="EduTV"),
            MultilingualName(iso_639_language_code="rus", name="ЭдуТВ"),
        )
    )
    data = b"\x5b\x13" + b"eng\x05EduTV" + b"rus\x06\x01" + "ЭдуТВ".encode("iso8859_5")
    assert_codec(MultilingualNetworkNameDescriptor, data, obj)


def test_service_list() -> None:
    obj = ServiceListDescriptor(
        services=(
            ServiceListEntry(service_id=101, service_type=0x01),
            ServiceListEntry(service_id=0xFFFF, service_type=0x1F),
        )
    )
    assert_codec(ServiceListDescriptor, bytes.fromhex("4106006501FFFF1F"), obj)
    assert to_dict(obj)["services"][1]["service_type_name"] == "hevc_digital_television"


def test_linkage_keeps_the_type_specific_part() -> None:
    obj = LinkageDescriptor(
        transport_stream_id=0x0010,
        original_network_id=0x2137,
        service_id=0x0065,
        linkage_type=0x09,
        private_data=bytes.fromhex("0400001234"),
    )
    data = bytes.fromhex("4A0C001021370065090400001234")
    assert_codec(LinkageDescriptor, data, obj)
    assert to_dict(obj)["linkage_type_name"] == "system software update service"


def test_uri_linkage_dvb_i_and_polled() -> None:
    url = "https://edu.example.kz/test/42"
    dvb_i = URILinkageDescriptor(uri_linkage_type=0x03, uri=url)
    data = bytes((0x7F, 3 + len(url), 0x13, 0x03, len(url))) + url.encode()
    assert_codec(URILinkageDescriptor, data, dvb_i)
    polled = URILinkageDescriptor(uri_linkage_type=0x01, uri="a", min_polling_interval=60)
    assert_codec(URILinkageDescriptor, bytes.fromhex("7F0613010161003C"), polled)


def test_uri_linkage_polling_interval_matches_the_type() -> None:
    with pytest.raises(DescriptorEncodeError):
        URILinkageDescriptor(uri_linkage_type=0x00, uri="a").encode()
    with pytest.raises(DescriptorEncodeError):
        URILinkageDescriptor(uri_linkage_type=0x03, uri="a", min_polling_interval=1).encode()
