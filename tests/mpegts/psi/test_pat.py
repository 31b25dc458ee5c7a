"""PAT: examples, multi-section split, round trip, bad input, real captures."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mpegts.depacketizer import sections_from_packets
from mpegts.errors import DecodeError, LengthError, TruncatedError
from mpegts.packet import iter_packets
from mpegts.packetizer import SectionPacketizer
from mpegts.psi.pat import PAT
from mpegts.section import Section
from tests.mpegts.conftest import sample
from tests.strategies.mpegts import pats

# ffmpeg's default PAT payload (pointer_field 0, then the section): TSID 1, program 1 -> 0x1000.
FFMPEG_PAT = bytes.fromhex("0000b00d0001c100000001f0002ab104b2")


def test_ffmpeg_default_pat() -> None:
    section = Section.decode(FFMPEG_PAT[1:])
    pat = PAT(transport_stream_id=1, programs={1: 0x1000})
    assert PAT.decode([section]) == pat
    assert [s.encode() for s in pat.encode()] == [FFMPEG_PAT[1:]]
    assert SectionPacketizer(0).packetize(pat.encode())[0][4:21] == FFMPEG_PAT


def test_network_pid_is_program_zero() -> None:
    pat = PAT(transport_stream_id=7, programs={0x0101: 0x100}, network_pid=0x10)
    [section] = pat.encode()
    assert section.payload == bytes.fromhex("0000e0100101e100")
    assert PAT.decode(section) == pat


def test_programs_keep_their_order_and_are_read_only() -> None:
    pat = PAT(transport_stream_id=1, programs={3: 0x30, 1: 0x10})
    assert list(pat.programs) == [3, 1]
    assert pat == PAT(transport_stream_id=1, programs={1: 0x10, 3: 0x30})
    with pytest.raises(TypeError):
        pat.programs[2] = 0x20  # type: ignore[index]


def test_large_pat_splits_into_sections() -> None:
    pat = PAT(transport_stream_id=1, programs={n: 0x100 + n for n in range(1, 301)})
    sections = pat.encode()
    assert [s.section_number for s in sections] == [0, 1]
    assert all(s.last_section_number == 1 for s in sections)
    assert len(sections[0].encode()) <= 1024
    assert PAT.decode(reversed(sections)) == pat
    with pytest.raises(TruncatedError, match="missing"):
        PAT.decode(sections[1:])


def test_bad_tables() -> None:
    [section] = PAT(transport_stream_id=1, programs={1: 0x100}).encode()
    with pytest.raises(TruncatedError):
        PAT.decode([])
    with pytest.raises(DecodeError, match="PAT"):
        PAT.decode(Section(table_id=2, payload=section.payload))
    with pytest.raises(LengthError):
        PAT.decode(Section(table_id=0, payload=b"\x00\x01\xe1"))
    other_version = Section(table_id=0, payload=section.payload, version_number=1)
    with pytest.raises(DecodeError, match="mixed"):
        PAT.decode([section, other_version])


@given(pats())
def test_decode_encode_round_trip(pat: PAT) -> None:
    sections = pat.encode()
    assert all(len(s.encode()) <= 1024 for s in sections)
    assert PAT.decode([Section.decode(s.encode()) for s in sections]) == pat


@given(st.binary(max_size=80))
def test_fuzz(payload: bytes) -> None:
    with contextlib.suppress(DecodeError):
        PAT.decode(Section(table_id=0, payload=payload))


def test_real_capture_test_108() -> None:
    data = sample("tsduck-test__test-108.ts").read_bytes()
    sections = [s for s in sections_from_packets(iter_packets(data), 0) if isinstance(s, Section)]
    pat = PAT.decode(sections)
    assert pat.transport_stream_id == 18432
    assert len(pat.programs) == 8
    assert pat.programs[3401] == 258
    assert pat.programs[3410] == 300
    assert [s.encode() for s in pat.encode()] == [sections[0].encode()]
