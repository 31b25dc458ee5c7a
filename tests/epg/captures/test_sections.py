"""Every SI section of the real captures decodes with our table codecs and re-encodes byte for
byte, whole sub_tables decode, and faults are reported, not raised (the known bad CRC)."""

from __future__ import annotations

import pytest

from epg.tables.eit import decode_eit
from epg.tables.nit import NIT
from epg.tables.sdt import SDT
from mpegts.errors import CRCError
from tests.epg.captures.conftest import TS_FILES, capture, complete, reencode_payload, sub_tables

SI_TABLE_IDS = frozenset({0x40, 0x41, 0x42, 0x46, 0x4A, 0x70, 0x73, *range(0x4E, 0x70)})


@pytest.mark.parametrize("name", TS_FILES)
def test_every_si_section_reencodes_byte_for_byte(name: str) -> None:
    sections, _ = capture(name)
    unique = {s for s in sections if s.table_id in SI_TABLE_IDS}
    assert unique
    for section in unique:
        assert reencode_payload(section) == section.payload, (hex(section.table_id), section)


@pytest.mark.parametrize("name", TS_FILES)
def test_bad_crc_is_reported_once_in_test_184_only(name: str) -> None:
    _, faults = capture(name)
    crc = [f for f in faults if isinstance(f.error, CRCError)]
    assert len(crc) == (1 if name == "tsduck-test__test-184.ts" else 0)
    if crc:
        assert crc[0].pid == 0x12
        assert crc[0].raw[0] == 0x4E


@pytest.mark.parametrize("name", TS_FILES)
def test_complete_sub_tables_decode(name: str) -> None:
    sections, _ = capture(name)
    decoded = 0
    for table_ids, decode in (
        (NIT.TABLE_IDS, NIT.decode),
        (SDT.TABLE_IDS, SDT.decode),
        (frozenset(range(0x4E, 0x70)), decode_eit),
    ):
        for group in sub_tables(sections, frozenset(table_ids)).values():
            if group[0].table_id >= 0x50 or complete(group):
                decode(group)
                decoded += 1
    assert decoded
