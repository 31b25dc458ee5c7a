"""Program Association Table (ISO/IEC 13818-1 §2.4.4.3, table 2-30): program_number -> PMT PID.

Carried on PID 0 with table_id 0x00; table_id_extension is the transport_stream_id. Program
number 0 is not a programme: its PID is the network PID (the NIT, EN 300 468 §5.2.1), so it is
kept apart as `network_pid`. A PAT longer than one 1024-byte section is split over several.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from mpegts.bits import BitReader, BitWriter
from mpegts.errors import LengthError
from mpegts.ids import PID, TableId
from mpegts.section import LONG_HEADER_SIZE, Section, collect_sub_table, max_section_size

__all__ = ["PAT"]

_ENTRY_SIZE = 4
_CRC_SIZE = 4
_ENTRIES_PER_SECTION = (max_section_size(TableId.PAT) - LONG_HEADER_SIZE - _CRC_SIZE) // _ENTRY_SIZE


@dataclass(frozen=True, slots=True, kw_only=True)
class PAT:
    """The programmes of one transport stream and the PIDs of their PMTs."""

    PID = PID.PAT
    TABLE_IDS = (TableId.PAT,)

    transport_stream_id: int
    programs: Mapping[int, int] = field(default_factory=dict)
    network_pid: int | None = None
    version_number: int = 0
    current_next_indicator: bool = True

    def __post_init__(self) -> None:
        # Wire order is kept (not sorted), so a decoded PAT re-encodes byte for byte.
        frozen = MappingProxyType(dict(self.programs))
        object.__setattr__(self, "programs", frozen)

    def _entries(self) -> list[tuple[int, int]]:
        entries = [] if self.network_pid is None else [(0, self.network_pid)]
        return entries + [(number, pid) for number, pid in self.programs.items()]

    def encode(self) -> list[Section]:
        """One or more sections (253 programmes fit in one)."""
        entries = self._entries()
        chunks = [
            entries[start : start + _ENTRIES_PER_SECTION]
            for start in range(0, len(entries), _ENTRIES_PER_SECTION)
        ] or [[]]
        return [
            Section(
                table_id=TableId.PAT,
                payload=_encode_entries(chunk),
                private_indicator=False,
                table_id_extension=self.transport_stream_id,
                version_number=self.version_number,
                current_next_indicator=self.current_next_indicator,
                section_number=number,
                last_section_number=len(chunks) - 1,
            )
            for number, chunk in enumerate(chunks)
        ]

    @classmethod
    def decode(cls, sections: Section | Iterable[Section]) -> PAT:
        """The PAT from all its sections (any order, repeats allowed)."""
        ordered = collect_sub_table(sections, (TableId.PAT,), name="PAT")
        programs: dict[int, int] = {}
        network_pid = None
        for section in ordered:
            for number, pid in _decode_entries(section.payload):
                if number == 0:
                    network_pid = pid
                else:
                    programs[number] = pid
        first = ordered[0]
        return cls(
            transport_stream_id=first.table_id_extension,
            programs=programs,
            network_pid=network_pid,
            version_number=first.version_number,
            current_next_indicator=first.current_next_indicator,
        )


def _encode_entries(entries: list[tuple[int, int]]) -> bytes:
    writer = BitWriter()
    for number, pid in entries:
        writer.write_uint(16, number, "program_number")
        writer.write_reserved(3)
        writer.write_uint(13, pid, "program_map_PID")
    return writer.getvalue()


def _decode_entries(payload: bytes) -> list[tuple[int, int]]:
    if len(payload) % _ENTRY_SIZE:
        raise LengthError(f"PAT payload of {len(payload)} bytes is not a multiple of 4")
    reader = BitReader(payload)
    entries = []
    while not reader.at_end():
        number = reader.read_uint(16, "program_number")
        reader.read_reserved(3)
        entries.append((number, reader.read_uint(13, "program_map_PID")))
    return entries
