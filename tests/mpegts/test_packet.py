"""TS packets: header, adaptation field, stuffing computed from the packet size."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mpegts.errors import (
    DecodeError,
    EncodeError,
    LengthError,
    PacketError,
    SyncError,
    TruncatedError,
)
from mpegts.packet import (
    PACKET_SIZE,
    SYNC_BYTE,
    AdaptationField,
    TSPacket,
    iter_packets,
    null_packet,
    payload_offset,
    read_pcr,
    rewrite_pcr,
)
from tests.mpegts.assertions import assert_codec
from tests.mpegts.conftest import sample
from tests.strategies.mpegts import pcrs, ts_packets

# A PCR-only packet as ffmpeg writes on a video PID in CBR mode: AFC 10, length 183, flags 0x10.
PCR_PACKET = (
    bytes.fromhex("47010020b710")
    + bytes.fromhex("000000007e00")  # base 0, reserved 111111, ext 0
    + b"\xff" * 176
)


def test_constants() -> None:
    assert PACKET_SIZE == 188
    assert SYNC_BYTE == 0x47


def test_payload_only_packet() -> None:
    packet = TSPacket(pid=0x12, payload=bytes(range(184)), payload_unit_start_indicator=True)
    raw = packet.encode()
    assert raw[:4] == bytes.fromhex("47401210")
    assert raw[4:] == bytes(range(184))
    assert TSPacket.decode(raw) == packet


def test_short_payload_is_padded_in_the_adaptation_field() -> None:
    raw = TSPacket(pid=0x100, payload=b"abc", continuity_counter=7).encode()
    assert len(raw) == 188
    assert raw[3] == 0x37  # adaptation + payload, CC 7
    assert raw[4] == 184 - 3 - 1  # adaptation_field_length
    assert raw[5] == 0x00
    assert raw[6:185] == b"\xff" * 179
    assert raw[185:] == b"abc"
    assert TSPacket.decode(raw).adaptation is None


def test_one_byte_of_room_is_an_empty_adaptation_field() -> None:
    raw = TSPacket(pid=0x100, payload=bytes(183)).encode()
    assert raw[3] & 0x30 == 0x30
    assert raw[4] == 0
    assert TSPacket.decode(raw).payload == bytes(183)


def test_pcr_only_packet() -> None:
    assert_codec(TSPacket, PCR_PACKET, TSPacket(pid=0x100, adaptation=AdaptationField(pcr=0)))
    assert not TSPacket.decode(PCR_PACKET).has_payload


def test_pcr_is_base_times_300_plus_extension() -> None:
    field = AdaptationField(pcr=(2**33 - 1) * 300 + 299)
    raw = TSPacket(pid=1, adaptation=field).encode()
    assert raw[6:12] == bytes.fromhex("ffffffff ffff".replace(" ", ""))[:4] + bytes.fromhex("ff2b")
    assert TSPacket.decode(raw).adaptation == field


def test_all_adaptation_fields_in_order() -> None:
    field = AdaptationField(
        discontinuity_indicator=True,
        random_access_indicator=True,
        elementary_stream_priority_indicator=True,
        pcr=27_000_000,
        opcr=300,
        splice_countdown=-3,
        transport_private_data=b"priv",
        extension=b"\x00",
    )
    packet = TSPacket(pid=0x101, payload=b"x" * 100, adaptation=field)
    raw = packet.encode()
    assert raw[5] == 0b1111_1111
    assert raw[18] == 0xFD  # splice_countdown -3
    assert raw[19:24] == b"\x04priv"
    assert raw[24:26] == b"\x01\x00"
    assert TSPacket.decode(raw) == packet
    assert field.minimum_size == 1 + 1 + 6 + 6 + 1 + 5 + 2


def test_empty_adaptation_field_is_none() -> None:
    assert TSPacket(pid=1, adaptation=AdaptationField()).adaptation is None


def test_encode_errors() -> None:
    with pytest.raises(EncodeError):
        TSPacket(pid=0x2000).encode()
    with pytest.raises(EncodeError):
        TSPacket(pid=1, continuity_counter=16).encode()
    with pytest.raises(EncodeError):
        TSPacket(pid=1, payload=bytes(185)).encode()
    with pytest.raises(EncodeError, match="needs"):
        TSPacket(pid=1, payload=bytes(180), adaptation=AdaptationField(pcr=0)).encode()
    with pytest.raises(EncodeError):
        TSPacket(pid=1, adaptation=AdaptationField(splice_countdown=128)).encode()
    with pytest.raises(EncodeError):
        TSPacket(pid=1, adaptation=AdaptationField(pcr=-1)).encode()


def test_decode_errors() -> None:
    good = TSPacket(pid=1, payload=bytes(184)).encode()
    with pytest.raises(TruncatedError):
        TSPacket.decode(good[:187])
    with pytest.raises(LengthError):
        TSPacket.decode(good + b"\x47")
    with pytest.raises(SyncError):
        TSPacket.decode(b"\x46" + good[1:])
    with pytest.raises(PacketError, match="reserved"):
        TSPacket.decode(good[:3] + bytes([good[3] & 0xCF]) + good[4:])
    bad_length = bytearray(PCR_PACKET)
    bad_length[3] = 0x30  # adaptation + payload, but length 183 leaves no payload
    with pytest.raises(LengthError):
        TSPacket.decode(bad_length)
    overrun = bytearray(PCR_PACKET)
    overrun[4] = 3  # the PCR flag needs 6 bytes after the flags byte
    with pytest.raises(LengthError, match="PCR"):
        TSPacket.decode(overrun)


def test_null_packet() -> None:
    raw = null_packet()
    assert len(raw) == 188
    assert TSPacket.decode(raw) == TSPacket(pid=0x1FFF, payload=b"\xff" * 184)


def test_raw_pcr_access() -> None:
    assert read_pcr(PCR_PACKET) == 0
    assert read_pcr(null_packet()) is None
    packet = bytearray(PCR_PACKET)
    rewrite_pcr(packet, 2**33 * 300 + 1234)  # wraps
    assert read_pcr(packet) == 1234
    assert TSPacket.decode(packet).adaptation == AdaptationField(pcr=1234)
    with pytest.raises(PacketError):
        rewrite_pcr(bytearray(null_packet()), 0)


def test_payload_offset_and_iteration() -> None:
    assert payload_offset(null_packet()) == 4
    assert payload_offset(PCR_PACKET) == 188
    assert payload_offset(TSPacket(pid=1, payload=b"ab").encode()) == 186
    assert [bytes(p) for p in iter_packets(PCR_PACKET + null_packet())] == [
        PCR_PACKET,
        null_packet(),
    ]
    with pytest.raises(LengthError):
        list(iter_packets(b"\x47" * 189))


@given(ts_packets())
def test_decode_encode_round_trip(packet: TSPacket) -> None:
    raw = packet.encode()
    assert len(raw) == PACKET_SIZE
    assert TSPacket.decode(raw) == packet
    assert payload_offset(raw) == PACKET_SIZE - len(packet.payload)


@given(st.binary(min_size=188, max_size=188).map(lambda b: b"\x47" + b[1:]))
def test_fuzz_random_packets(data: bytes) -> None:
    try:
        packet = TSPacket.decode(data)
    except DecodeError:
        return
    assert packet.pid == (data[1] & 0x1F) << 8 | data[2]
    assert len(packet.payload) <= 184


@given(st.binary(max_size=400))
def test_fuzz_any_length(data: bytes) -> None:
    for function in (TSPacket.decode, read_pcr, payload_offset):
        with contextlib.suppress(DecodeError):
            function(data)


@given(pcrs)
def test_rewrite_pcr_round_trip(pcr: int) -> None:
    packet = bytearray(PCR_PACKET)
    rewrite_pcr(packet, pcr)
    assert read_pcr(packet) == pcr


def test_every_packet_of_a_real_capture_decodes_and_re_encodes() -> None:
    data = sample("petrj-MPEGTS__TestData.Crete_DIGEA_stream-2023-07-28-17-02-43.ts").read_bytes()
    packets, raws = [], []
    for raw in iter_packets(data):
        try:
            packets.append(TSPacket.decode(raw))
            raws.append(raw)
        except DecodeError:
            assert raw[1] & 0x80, "only packets flagged by transport_error_indicator fail"
    assert 5848 - 20 <= len(packets) < 5848
    with_pcr = [p for p in packets if p.adaptation is not None and p.adaptation.pcr is not None]
    assert with_pcr
    assert {p.pid for p in with_pcr} == {0x02A0}
    span = with_pcr[-1].adaptation.pcr - with_pcr[0].adaptation.pcr  # type: ignore[union-attr]
    assert 12.3 < span / 27e6 < 12.4
    re_encoded = sum(p.encode() == bytes(raw) for p, raw in zip(packets, raws, strict=True))
    assert re_encoded >= 0.99 * len(packets)


@given(st.binary(max_size=183))
def test_fuzz_adaptation_field_body(data: bytes) -> None:
    try:
        field = AdaptationField.decode(data)
    except DecodeError:
        return
    assert field.minimum_size <= 1 + max(len(data), 1)
