"""The registry and the loop codec: lookup by tag/extension/PDS/table, raw fallback, framing."""

from __future__ import annotations

import dataclasses

import pytest

from epg.descriptors import (
    LogicalChannel,
    LogicalChannelDescriptor,
    NorDigLogicalChannelV1Descriptor,
    PrivateDataSpecifierDescriptor,
    RawDescriptor,
    ShortEventDescriptor,
    T2DeliverySystemDescriptor,
    TerrestrialDeliverySystemDescriptor,
    decode_descriptor,
    decode_descriptor_loop,
    descriptor,
    encode_descriptor_loop,
    registry,
)
from epg.descriptors.base import Descriptor
from epg.errors import DescriptorDecodeError, DescriptorEncodeError, DescriptorError
from mpegts.errors import DecodeError, EncodeError

LCN_LOOP = bytes.fromhex("5F040000002883040065FC01")
TERRESTRIAL = bytes.fromhex("5A0B038A5F401F811AFFFFFFFF")


def test_unknown_tag_is_kept_raw_and_re_encoded() -> None:
    loop = bytes.fromhex("6B03ABCDEF")  # ancillary_data: not modelled
    (item,) = decode_descriptor_loop(loop)
    assert item == RawDescriptor(tag=0x6B, payload=b"\xab\xcd\xef")
    assert item.issue == "unknown tag 0x6B"
    assert item.descriptor_tag == 0x6B
    assert encode_descriptor_loop((item,)) == loop


def test_raw_equality_ignores_the_issue() -> None:
    assert RawDescriptor(tag=1, payload=b"", issue="a") == RawDescriptor(tag=1, payload=b"")


@pytest.mark.parametrize(
    "loop",
    [bytes.fromhex("4D"), bytes.fromhex("4D0500"), bytes.fromhex("5A0B038A5F401F811AFFFFFF")],
)
def test_broken_framing_raises_a_decode_error(loop: bytes) -> None:
    with pytest.raises(DescriptorDecodeError) as caught:
        decode_descriptor_loop(loop)
    assert isinstance(caught.value, DecodeError)


def test_private_tag_is_decoded_under_its_pds_only() -> None:
    pds, lcn = decode_descriptor_loop(LCN_LOOP)
    assert pds == PrivateDataSpecifierDescriptor(private_data_specifier=0x28)
    assert lcn == LogicalChannelDescriptor(
        channels=(LogicalChannel(service_id=101, visible_service=True, logical_channel_number=1),)
    )
    (bare,) = decode_descriptor_loop(LCN_LOOP[6:])
    assert isinstance(bare, RawDescriptor)
    assert "no private_data_specifier" in (bare.issue or "")


def test_same_private_tag_means_another_descriptor_under_another_pds() -> None:
    nordig = bytes.fromhex("5F040000002983040065C3E8")
    _, lcn = decode_descriptor_loop(nordig)
    assert lcn == NorDigLogicalChannelV1Descriptor(
        channels=(
            LogicalChannel(service_id=101, visible_service=True, logical_channel_number=1000),
        )
    )


def test_a_later_pds_replaces_the_earlier_one() -> None:
    loop = LCN_LOOP[:6] + bytes.fromhex("5F0400000001") + LCN_LOOP[6:]
    *_, lcn = decode_descriptor_loop(loop)
    assert isinstance(lcn, RawDescriptor)
    assert "0x1" in (lcn.issue or "")
    assert encode_descriptor_loop(decode_descriptor_loop(loop)) == loop


@pytest.mark.parametrize(
    ("data", "issue"),
    [
        (TERRESTRIAL[:2] + TERRESTRIAL[2:-1], "terrestrial_delivery_system"),  # 10-byte payload
        (bytes.fromhex("4D0A") + b"eng\x01A\x01B" + b"ZZ", "left unread"),
        (bytes.fromhex("4300"), "satellite_delivery_system"),
        (bytes.fromhex("430B") + bytes.fromhex("0A175725019286027500 03".replace(" ", "")), "BCD"),
    ],
)
def test_a_payload_that_fails_to_decode_falls_back_to_raw(data: bytes, issue: str) -> None:
    fixed = bytes((data[0], len(data) - 2)) + data[2:]
    (item,) = decode_descriptor_loop(fixed)
    assert isinstance(item, RawDescriptor)
    assert issue in (item.issue or "")
    assert item.encode() == fixed


def test_extension_descriptors_dispatch_on_the_extension_byte() -> None:
    t2, unknown, empty = decode_descriptor_loop(bytes.fromhex("7F04040000017F0213007F00"))
    assert t2 == T2DeliverySystemDescriptor(plp_id=0, t2_system_id=1)
    assert isinstance(unknown, RawDescriptor)
    assert unknown.descriptor_tag_extension == 0x13
    assert isinstance(empty, RawDescriptor)
    assert empty.descriptor_tag_extension is None


def test_encoding_a_private_descriptor_without_its_pds_is_refused() -> None:
    pds, lcn = decode_descriptor_loop(LCN_LOOP)
    assert encode_descriptor_loop((pds, lcn)) == LCN_LOOP
    with pytest.raises(DescriptorEncodeError, match="private_data_specifier 0x00000028"):
        encode_descriptor_loop((lcn,))
    wrong = PrivateDataSpecifierDescriptor(private_data_specifier=0x29)
    with pytest.raises(DescriptorEncodeError):
        encode_descriptor_loop((wrong, lcn))


def test_registering_a_key_twice_raises() -> None:
    @dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
    class Again(Descriptor):
        pass

    with pytest.raises(DescriptorError, match="registered twice"):
        descriptor(tag=0x4D)(Again)


@pytest.mark.parametrize(
    "kwargs",
    [{"tag": 0x7F}, {"tag": 0x4D, "extension": 1}, {"tag": 0x83}, {"tag": 0x4D, "pds": 0x28}],
)
def test_registration_arguments_are_checked(kwargs: dict[str, int]) -> None:
    with pytest.raises(DescriptorError):
        descriptor(**kwargs)


def test_table_specific_registration_wins_in_its_table(monkeypatch: pytest.MonkeyPatch) -> None:
    key = registry.DescriptorKey(0x4D, None, None, 0x4E)
    monkeypatch.setitem(registry._REGISTRY, key, TerrestrialDeliverySystemDescriptor)
    assert (
        registry.lookup(0x4D, None, pds=None, table_id=0x4E) is TerrestrialDeliverySystemDescriptor
    )
    assert registry.lookup(0x4D, None, pds=None, table_id=0x50) is ShortEventDescriptor
    assert registry.lookup(0x4D, None, pds=None, table_id=None) is ShortEventDescriptor


def test_decoded_descriptor_keeps_its_wire_bytes_until_modified() -> None:
    # reserved bits sent as 0 (the standard asks for 1s): kept as sent, ignored by equality
    zeros = bytes.fromhex("5A0B038A5F401C811A00000000")
    (item,) = decode_descriptor_loop(zeros)
    (standard,) = decode_descriptor_loop(TERRESTRIAL)
    assert item == standard
    assert item.encode() == zeros
    assert dataclasses.replace(item, _wire=None).encode() == TERRESTRIAL
    moved = dataclasses.replace(item, centre_frequency=602_000_000)
    assert moved.encode()[2:6] == (60_200_000).to_bytes(4, "big")
    assert moved.encode()[6] == 0x1F


def test_text_in_another_table_than_ours_re_encodes_as_sent() -> None:
    # ffmpeg writes "Білім 1" in UTF-8 (0x15); our smallest table is ISO 8859-5 (0x01)
    name = b"\x15" + "Білім 1".encode()
    payload = b"\x01\x08EduTV KZ" + bytes((len(name),)) + name
    data = bytes((0x48, len(payload))) + payload
    (item,) = decode_descriptor_loop(data)
    assert item.encode() == data
    fresh = dataclasses.replace(item, _wire=None).encode()
    assert fresh[-8:] == b"\x01" + "Білім 1".encode("iso8859_5")


def test_a_payload_over_255_bytes_cannot_be_encoded() -> None:
    long = ShortEventDescriptor(iso_639_language_code="eng", event_name="x" * 200, text="y" * 60)
    with pytest.raises(DescriptorEncodeError, match="255"):
        long.encode()
    with pytest.raises(EncodeError):
        RawDescriptor(tag=0x80, payload=bytes(256)).encode()
    with pytest.raises(DescriptorEncodeError):
        RawDescriptor(tag=0x100, payload=b"").encode()


def test_decode_descriptor_never_raises_for_content() -> None:
    assert isinstance(decode_descriptor(0x5A, b"\x00"), RawDescriptor)
    assert isinstance(decode_descriptor(0x83, b"\x00", pds=0x28), RawDescriptor)
