"""PMT: our stream types, raw descriptor loops, round trip, bad input, real captures."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mpegts.depacketizer import sections_from_packets
from mpegts.errors import DecodeError, EncodeError, LengthError
from mpegts.ids import StreamType
from mpegts.packet import iter_packets
from mpegts.psi.pat import PAT
from mpegts.psi.pmt import PMT, ElementaryStream, iter_descriptors
from mpegts.section import Section
from tests.mpegts.conftest import sample
from tests.strategies.mpegts import pmts

LANG_KAZ = bytes([0x0A, 4]) + b"kaz\x00"  # ISO_639_language_descriptor


def _house_pmt() -> PMT:
    return PMT(
        program_number=101,
        pcr_pid=0x100,
        streams=(
            ElementaryStream(stream_type=StreamType.H264, elementary_pid=0x100),
            ElementaryStream(
                stream_type=StreamType.AAC_LATM, elementary_pid=0x101, descriptors=LANG_KAZ
            ),
            ElementaryStream.ac3(0x102, extra_descriptors=LANG_KAZ),
        ),
    )


def test_encoding_example() -> None:
    [section] = _house_pmt().encode()
    assert section.table_id == 0x02
    assert section.table_id_extension == 101
    assert section.payload[:4] == bytes.fromhex("e100f000")  # PCR PID, empty program_info
    assert section.payload[4:9] == bytes.fromhex("1be100f000")
    assert section.payload[9:20] == bytes.fromhex("11e101f006") + LANG_KAZ
    assert section.payload[20:25] == bytes.fromhex("06e102f009")
    assert PMT.decode(Section.decode(section.encode())) == _house_pmt()


@pytest.mark.parametrize(
    ("stream", "codec"),
    [
        (ElementaryStream(stream_type=0x02, elementary_pid=1), "mpeg2video"),
        (ElementaryStream(stream_type=0x03, elementary_pid=1), "mp2"),
        (ElementaryStream(stream_type=0x04, elementary_pid=1), "mp2"),
        (ElementaryStream(stream_type=0x0F, elementary_pid=1), "aac"),
        (ElementaryStream(stream_type=0x11, elementary_pid=1), "aac_latm"),
        (ElementaryStream(stream_type=0x1B, elementary_pid=1), "h264"),
        (ElementaryStream(stream_type=0x24, elementary_pid=1), "hevc"),
        (ElementaryStream.ac3(1), "ac3"),
        (ElementaryStream(stream_type=0x06, elementary_pid=1, descriptors=b"\x7a\x01\x00"), "eac3"),
        (ElementaryStream(stream_type=0x06, elementary_pid=1), "stream_type_0x06"),
        (
            ElementaryStream(stream_type=0x06, elementary_pid=1, descriptors=b"\x6a\x09"),
            "stream_type_0x06",
        ),
        (ElementaryStream(stream_type=0x86, elementary_pid=1), "stream_type_0x86"),
    ],
)
def test_codec_names(stream: ElementaryStream, codec: str) -> None:
    assert stream.codec == codec


def test_iter_descriptors() -> None:
    assert list(iter_descriptors(LANG_KAZ + b"\x6a\x01\x00")) == [
        (0x0A, b"kaz\x00"),
        (0x6A, b"\x00"),
    ]
    with pytest.raises(LengthError):
        list(iter_descriptors(b"\x0a\x05kaz"))
    with pytest.raises(LengthError):
        list(iter_descriptors(b"\x0a"))


def test_stream_lookup() -> None:
    assert _house_pmt().stream(0x101).stream_type == 0x11
    with pytest.raises(KeyError):
        _house_pmt().stream(0x999)


def test_encode_limits() -> None:
    with pytest.raises(EncodeError):
        PMT(program_number=1, pcr_pid=0x2000).encode()
    with pytest.raises(EncodeError):
        PMT(program_number=1, pcr_pid=1, program_info=bytes(1024)).encode()
    many = tuple(
        ElementaryStream(stream_type=0x1B, elementary_pid=n, descriptors=bytes(100))
        for n in range(10)
    )
    with pytest.raises(EncodeError, match="1024"):
        PMT(program_number=1, pcr_pid=1, streams=many).encode()


def test_bad_lengths() -> None:
    good = _house_pmt().encode()[0].payload
    with pytest.raises(LengthError, match="ES_info_length"):
        PMT.decode(Section(table_id=2, payload=good[:-1]))
    with pytest.raises(DecodeError):
        PMT.decode(Section(table_id=2, payload=good[:2]))
    with pytest.raises(DecodeError):
        PMT.decode(Section(table_id=0, payload=good))


@given(pmts)
def test_decode_encode_round_trip(pmt: PMT) -> None:
    [section] = pmt.encode()
    assert PMT.decode(Section.decode(section.encode())) == pmt


@given(st.binary(max_size=120))
def test_fuzz(payload: bytes) -> None:
    try:
        pmt = PMT.decode(Section(table_id=2, payload=payload))
    except DecodeError:
        return
    assert pmt.encode()[0].payload == payload or len(payload) >= 4


def _pmts(name: str) -> dict[int, PMT]:
    data = sample(name).read_bytes()
    [pat_section, *_] = [
        s for s in sections_from_packets(iter_packets(data), 0) if isinstance(s, Section)
    ]
    pat = PAT.decode(pat_section)
    found = {}
    for number, pid in pat.programs.items():
        for item in sections_from_packets(iter_packets(data), pid):
            if isinstance(item, Section) and item.table_id == 0x02:
                found[number] = PMT.decode(item)
                assert found[number].encode()[0].encode() == item.encode()
                break
    return found


def test_real_capture_test_108_has_8_pmts() -> None:
    found = _pmts("tsduck-test__test-108.ts")
    assert len(found) == 8
    types = {s.stream_type for pmt in found.values() for s in pmt.streams}
    assert {0x02, 0x03, 0x04, 0x06, 0x24} <= types
    assert [s.codec for s in found[3410].streams] == ["hevc"]
    assert found[3401].pcr_pid == 0x200
    assert found[3401].stream(576).codec == "teletext"


def test_real_capture_germany_t2_hevc_latm_service() -> None:
    found = _pmts("petrj-MPEGTS__TestData.Germany_DVBT-MPEGTS-626MHz-2024-03-11-21-09-56.ts")
    assert list(found) == [1572]
    assert [(s.elementary_pid, s.codec) for s in found[1572].streams] == [
        (3171, "stream_type_0x05"),
        (8085, "hevc"),
        (8086, "aac_latm"),
        (8087, "aac_latm"),
    ]


@given(st.binary(max_size=60))
def test_fuzz_descriptor_walk(loop: bytes) -> None:
    try:
        items = list(iter_descriptors(loop))
    except LengthError:
        return
    assert b"".join(bytes([tag, len(body)]) + body for tag, body in items) == loop
