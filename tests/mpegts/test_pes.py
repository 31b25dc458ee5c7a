"""PES headers: decode, encode, and in-place PTS/DTS restamping with correct marker bits."""

from __future__ import annotations

import contextlib
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mpegts.clock import PTS_WRAP
from mpegts.errors import DecodeError, EncodeError, LengthError, TruncatedError
from mpegts.packet import TSPacket, iter_packets
from mpegts.packetizer import PESPacketizer
from mpegts.pes import (
    PESHeader,
    read_timestamps,
    rewrite_timestamps,
    shift_timestamps,
)
from tests.mpegts.assertions import assert_codec
from tests.mpegts.conftest import sample
from tests.strategies.mpegts import pes_headers, stamps

# Video PES start with PTS 0x1_2345_6789 and DTS 0x0_0000_0001 (hand-assembled per §2.4.3.7).
VIDEO = bytes.fromhex("000001e0 0000 84c0 0a 398d15cf13 1100010003".replace(" ", ""))


def test_decode_example() -> None:
    header = PESHeader(stream_id=0xE0, pts=0x1_2345_6789, dts=1, data_alignment_indicator=True)
    assert_codec(PESHeader, VIDEO, header)
    assert PESHeader.decode(VIDEO + b"\x00\x00\x00\x01\x09") == header  # ES bytes ignored
    assert header.header_length == 19


def test_marker_bits_and_prefixes() -> None:
    raw = PESHeader(stream_id=0xC0, pes_packet_length=100, pts=0).encode()
    assert raw[7] >> 6 == 0b10
    assert raw[9:14] == bytes.fromhex("2100010001")
    both = PESHeader(stream_id=0xE0, pts=0, dts=0).encode()
    assert both[9:19] == bytes.fromhex("31000100011100010001")


def test_streams_without_optional_header() -> None:
    padding = bytes.fromhex("000001be0010") + b"\xff" * 16
    assert PESHeader.decode(padding) == PESHeader(stream_id=0xBE, pes_packet_length=16)
    assert read_timestamps(padding) == (None, None)


def test_read_and_rewrite_in_place() -> None:
    buffer = bytearray(VIDEO)
    assert read_timestamps(buffer) == (0x1_2345_6789, 1)
    rewrite_timestamps(buffer, pts=PTS_WRAP + 7, dts=3)
    assert read_timestamps(buffer) == (7, 3)
    assert buffer[9] >> 4 == 0b0011
    assert buffer[14] >> 4 == 0b0001
    assert buffer[9] & 1
    assert buffer[11] & 1
    assert buffer[13] & 1
    rewrite_timestamps(buffer, dts=5)
    assert read_timestamps(buffer) == (7, 5)
    assert buffer[:6] == VIDEO[:6]
    assert buffer[19:] == VIDEO[19:]


def test_shift_wraps() -> None:
    buffer = bytearray(VIDEO)
    assert shift_timestamps(buffer, PTS_WRAP - 1) == (0x1_2345_6788, 0)
    assert read_timestamps(buffer) == (0x1_2345_6788, 0)


def test_rewrite_inside_a_ts_packet() -> None:
    packets = PESPacketizer(0x100).packetize(VIDEO + bytes(300), pcr=0, random_access=True)
    first = bytearray(packets[0])
    rewrite_timestamps(first, pts=90_000, dts=87_000)
    assert read_timestamps(first) == (90_000, 87_000)
    assert TSPacket.decode(first).adaptation == TSPacket.decode(packets[0]).adaptation
    with pytest.raises(DecodeError, match="payload_unit_start"):
        read_timestamps(packets[1])


def test_missing_stamp_cannot_be_added() -> None:
    audio = bytearray(PESHeader(stream_id=0xC0, pts=10).encode())
    with pytest.raises(DecodeError, match="DTS"):
        rewrite_timestamps(audio, dts=1)
    bare = bytearray(PESHeader(stream_id=0xC0).encode())
    with pytest.raises(DecodeError, match="PTS"):
        rewrite_timestamps(bare, pts=1)


def test_errors() -> None:
    with pytest.raises(EncodeError):
        PESHeader(stream_id=0xE0, dts=1).encode()
    with pytest.raises(EncodeError):
        PESHeader(stream_id=0xE0, pts=PTS_WRAP).encode()
    with pytest.raises(DecodeError, match="start code"):
        PESHeader.decode(b"\x00\x00\x02\xe0\x00\x00")
    with pytest.raises(TruncatedError):
        PESHeader.decode(VIDEO[:12])
    with pytest.raises(LengthError):
        PESHeader.decode(VIDEO[:8] + b"\x04" + VIDEO[9:])
    with pytest.raises(DecodeError, match="forbidden"):
        PESHeader.decode(VIDEO[:7] + b"\x40" + VIDEO[8:])


@given(pes_headers())
def test_decode_encode_round_trip(header: PESHeader) -> None:
    raw = header.encode()
    assert len(raw) == header.header_length
    assert PESHeader.decode(raw + b"es data") == header
    assert read_timestamps(raw) == (header.pts, header.dts)


@given(pes_headers().filter(lambda h: h.dts is not None), stamps, stamps)
def test_rewrite_equals_re_encoding(header: PESHeader, pts: int, dts: int) -> None:
    buffer = bytearray(header.encode())
    rewrite_timestamps(buffer, pts, dts)
    rebuilt = PESHeader(**{**_fields(header), "pts": pts, "dts": dts}).encode()
    assert buffer == rebuilt


def _fields(header: PESHeader) -> dict[str, object]:
    return {name: getattr(header, name) for name in PESHeader.__dataclass_fields__}


@given(st.binary(max_size=60))
def test_fuzz(data: bytes) -> None:
    for function in (PESHeader.decode, read_timestamps):
        with contextlib.suppress(DecodeError):
            function(b"\x00\x00\x01" + data)
    with contextlib.suppress(DecodeError):
        rewrite_timestamps(bytearray(b"\x00\x00\x01" + data), 1, 1)


def test_real_capture_pts_are_monotonic_per_audio_pid() -> None:
    data = sample("petrj-MPEGTS__TestData.Crete_DIGEA_stream-2023-07-28-17-02-43.ts").read_bytes()
    stamps_seen = []
    for raw in iter_packets(data):
        pid = (raw[1] & 0x1F) << 8 | raw[2]
        if pid == 0x02A0 and raw[1] & 0x40 and not raw[1] & 0x80:
            pts, _dts = read_timestamps(raw)
            stamps_seen.append(pts)
    assert len(stamps_seen) > 100
    assert all(b > a for a, b in itertools.pairwise(stamps_seen))
    assert 11.9 < (stamps_seen[-1] - stamps_seen[0]) / 90_000 < 12.1  # PCR span 12.35 s


def test_stamps_are_reachable_when_the_header_runs_past_the_packet() -> None:
    long_header = PESHeader(stream_id=0xE0, pts=5, dts=4, optional_fields=b"\xff" * 200).encode()
    first_part = bytearray(long_header[:150])
    assert read_timestamps(first_part) == (5, 4)
    rewrite_timestamps(first_part, pts=50, dts=40)
    assert read_timestamps(first_part) == (50, 40)
    with pytest.raises(TruncatedError):
        PESHeader.decode(first_part)
    with pytest.raises(TruncatedError):
        read_timestamps(long_header[:16])
