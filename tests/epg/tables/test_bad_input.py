"""Bad bytes into every table decoder: one typed error (mpegts DecodeError, which every epg
decode error subclasses), never a crash."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from epg.errors import TableDecodeError
from epg.tables.eit import EITPresentFollowing, EITSchedule, decode_eit
from epg.tables.nit import NIT
from epg.tables.sdt import SDT
from epg.tables.time import TDT, TOT
from mpegts.errors import DecodeError
from mpegts.section import Section
from tests.epg.tables.test_golden import EIT_PF_FOLLOWING, TDT_0950, TOT_0950

DECODERS = {
    0x40: NIT.decode,
    0x41: NIT.decode,
    0x42: SDT.decode,
    0x46: SDT.decode,
    0x4E: decode_eit,
    0x4F: decode_eit,
    0x50: decode_eit,
    0x6F: decode_eit,
    0x70: TDT.decode,
    0x73: TOT.decode,
}


def _decode_bytes(data: bytes) -> object:
    section = Section.decode(data)
    decoder = DECODERS.get(section.table_id)
    if decoder is None:
        raise DecodeError("not a table under test")
    return decoder([section])


@given(st.sampled_from(sorted(DECODERS)), st.binary(max_size=300), st.booleans())
def test_random_payloads_give_one_error_type(table_id: int, payload: bytes, long: bool) -> None:
    section = Section(table_id=table_id, payload=payload, section_syntax_indicator=long)
    with contextlib.suppress(TableDecodeError):
        DECODERS[table_id]([section])


@given(st.binary(max_size=400))
def test_random_bytes_give_one_error_type(data: bytes) -> None:
    with contextlib.suppress(DecodeError):
        _decode_bytes(data)


@given(st.sampled_from([EIT_PF_FOLLOWING, TDT_0950, TOT_0950]), st.data())
def test_corrupted_golden_sections(golden: bytes, data: st.DataObject) -> None:
    position = data.draw(st.integers(0, len(golden) - 1))
    value = data.draw(st.integers(0, 255))
    corrupted = golden[:position] + bytes([value]) + golden[position + 1 :]
    with contextlib.suppress(DecodeError):
        _decode_bytes(corrupted)


@pytest.mark.parametrize("cut", [1, 3, 10, 50, 112])
def test_truncated_section_is_a_decode_error(cut: int) -> None:
    with pytest.raises(DecodeError):
        _decode_bytes(EIT_PF_FOLLOWING[:cut])


def test_wrong_crc_is_a_decode_error() -> None:
    bad = EIT_PF_FOLLOWING[:-1] + bytes([EIT_PF_FOLLOWING[-1] ^ 1])
    with pytest.raises(DecodeError, match="CRC"):
        _decode_bytes(bad)


def test_wrong_length_inside_the_payload_is_a_table_error() -> None:
    section = Section.decode(EIT_PF_FOLLOWING)
    payload = bytearray(section.payload)
    payload[16] = 0x60  # descriptors_loop_length now runs past the section
    broken = Section(**{**_fields(section), "payload": bytes(payload)})
    with pytest.raises(TableDecodeError):
        decode_eit([broken, broken])


def _fields(section: Section) -> dict[str, object]:
    return {name: getattr(section, name) for name in Section.__dataclass_fields__}


def test_inconsistent_sub_tables_are_refused() -> None:
    sdt = SDT(transport_stream_id=1, original_network_id=2)
    first = sdt.encode()[0]
    other_version = Section(**{**_fields(first), "version_number": 3})
    with pytest.raises(TableDecodeError, match="version"):
        SDT.decode([first, other_version])
    with pytest.raises(TableDecodeError, match="missing"):
        SDT.decode([Section(**{**_fields(first), "last_section_number": 1})])
    with pytest.raises(TableDecodeError, match="no sections"):
        SDT.decode([])
    with pytest.raises(TableDecodeError):
        NIT.decode([first])


def test_pf_with_two_events_in_one_section_is_refused() -> None:
    section = Section.decode(EIT_PF_FOLLOWING)
    events = section.payload[6:]
    doubled = Section(
        **{**_fields(section), "section_number": 0, "payload": section.payload + events}
    )
    with pytest.raises(TableDecodeError, match="events"):
        EITPresentFollowing.decode([doubled, section])


def test_schedule_without_events_has_no_origin() -> None:
    schedule = EITSchedule(
        service_id=1, transport_stream_id=1, original_network_id=1, segment_origin=None
    )
    assert EITSchedule.decode(schedule.encode()) == schedule
    undefined_start = Section.decode(TDT_0950)
    with pytest.raises(TableDecodeError):
        TDT.decode(
            [
                undefined_start,
                Section(table_id=0x70, payload=b"\xff" * 5, section_syntax_indicator=False),
            ]
        )
    assert TDT.decode([undefined_start]).utc_time == datetime(2026, 3, 2, 9, 50, tzinfo=UTC)
