"""Real broadcast captures (../shared/ts-samples, beside the checkout) as sections."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from epg.tables.eit import read_eit_section
from epg.tables.eit_segments import eit_head
from epg.tables.nit import NIT
from epg.tables.sdt import SDT
from epg.tables.time import TDT, TOT
from mpegts.depacketizer import SectionFault, sections_from_packets
from mpegts.section import Section
from tests.shared_refs import SAMPLES

SI_PIDS = (0x10, 0x11, 0x12, 0x14)
TS_FILES = (
    "tsduck-test__test-184.ts",
    "tsduck-test__test-108.ts",
    "tsduck-test__test-030.ts",
    "petrj-MPEGTS__TestData.Crete_DIGEA_stream-2023-07-28-17-02-43.ts",
    "petrj-MPEGTS__TestData.Germany_DVBT-MPEGTS-626MHz-2024-03-11-21-09-56.ts",
    "petrj-MPEGTS__TestData.China_stream-2021-10-05-06-36-43.ts",
)
SNIPPETS = "petrj-MPEGTS__MPEGTSTests_TestData"
TABLES = "deimspb-TSParser__TestResources_Tables"


def sample(name: str) -> Path:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"capture {path} is not available")
    return path


def _packets(data: bytes) -> Iterator[bytes]:
    for offset in range(0, len(data) - 187, 188):
        yield data[offset : offset + 188]


@functools.cache
def capture(name: str) -> tuple[list[Section], list[SectionFault]]:
    """Every SI section of a capture (PIDs 0x10-0x14), and the faults the demuxer reported."""
    data = sample(name).read_bytes()
    sections: list[Section] = []
    faults: list[SectionFault] = []
    for pid in SI_PIDS:
        for item in sections_from_packets(_packets(data), pid):
            (faults if isinstance(item, SectionFault) else sections).append(item)
    return sections, faults


def alone(section: Section) -> Section:
    """A section as a one-section sub_table (to decode and re-encode it on its own)."""
    return replace(section, section_number=0, last_section_number=0)


def reencode_payload(section: Section) -> bytes:
    """Decode one section with our table codecs and encode its payload again."""
    table_id = section.table_id
    if table_id in NIT.TABLE_IDS or table_id == 0x4A:  # the BAT has the NIT's layout
        return NIT.decode([alone(replace(section, table_id=0x40))]).encode()[0].payload
    if table_id in SDT.TABLE_IDS:
        return SDT.decode([alone(section)]).encode()[0].payload
    if 0x4E <= table_id <= 0x6F:
        head, events = read_eit_section(section)
        ids = (head.transport_stream_id, head.original_network_id)
        return eit_head(*ids, head.segment_last_section_number, head.last_table_id) + b"".join(
            e.encode() for e in events
        )
    if table_id == 0x70:
        return TDT.decode([section]).encode()[0].payload
    if table_id == 0x73:
        return TOT.decode([section]).encode()[0].payload
    raise AssertionError(f"no decoder for table 0x{table_id:02X}")


def sub_tables(sections: list[Section], table_ids: frozenset[int]) -> dict[tuple, list[Section]]:
    """Sections grouped by sub_table (and version); EIT and SDT also by their payload ids."""
    groups: dict[tuple, list[Section]] = {}
    for section in sections:
        if section.table_id in table_ids:
            ids = section.payload[:4] if section.table_id >= 0x42 else b""
            key = (section.table_id, section.table_id_extension, section.version_number, ids)
            groups.setdefault(key, []).append(section)
    return groups


def complete(group: list[Section]) -> bool:
    numbers = {s.section_number for s in group}
    return numbers == set(range(group[0].last_section_number + 1))
