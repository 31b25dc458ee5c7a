"""Time and Date Table and Time Offset Table (EN 300 468 §5.2.5, §5.2.6).

Both are single short-form sections on PID 0x0014. The TDT carries only UTC (5 bytes, no
CRC_32); the TOT carries the same UTC, then a descriptor loop, normally one
local_time_offset_descriptor (0x58) per country or region, and ends with a CRC_32. TR 101 290
3.8 wants one at least every 30 s. A carousel regenerates both from the time they go out
(`with_utc`), so these models are cheap, immutable snapshots.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, Self

from epg._mjd_bcd import decode_utc, encode_utc
from epg.errors import TableDecodeError, TableEncodeError
from epg.tables._descriptor_loops import decode_descriptors, encode_descriptors
from epg.tables._sections import loop_with_length, read_loop
from mpegts.bits import BitReader
from mpegts.errors import EncodeError
from mpegts.ids import PID, TableId
from mpegts.section import Section

if TYPE_CHECKING:
    from epg.descriptors.registry import Descriptor

__all__ = ["TDT", "TOT"]

_UTC_SIZE = 5


def _single_section(sections: Iterable[Section], table_id: int) -> Section:
    distinct = set(sections)
    if len(distinct) != 1:
        raise TableDecodeError(f"table 0x{table_id:02X} is one section, got {len(distinct)}")
    section = distinct.pop()
    if section.table_id != table_id or section.section_syntax_indicator:
        raise TableDecodeError(
            f"expected a short-form section of table 0x{table_id:02X}, "
            f"got table_id 0x{section.table_id:02X}"
        )
    return section


def _required_utc(data: bytes, what: str) -> datetime:
    utc = decode_utc(data, TableDecodeError, what)
    if utc is None:
        raise TableDecodeError(f"{what}: UTC_time is undefined (all ones)")
    return utc


def _short_section(table_id: int, payload: bytes) -> Section:
    return Section(table_id=table_id, payload=payload, section_syntax_indicator=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class TDT:
    """Time and Date Table: the current UTC, to the second (EN 300 468 §5.2.5)."""

    TABLE_IDS: ClassVar[frozenset[int]] = frozenset({TableId.TDT})
    PID: ClassVar[int] = PID.TDT

    utc_time: datetime

    def with_utc(self, utc_time: datetime) -> Self:
        return replace(self, utc_time=utc_time)

    def encode(self) -> list[Section]:
        return [
            _short_section(TableId.TDT, encode_utc(self.utc_time, TableEncodeError, "UTC_time"))
        ]

    @classmethod
    def decode(cls, sections: Iterable[Section]) -> Self:
        section = _single_section(sections, TableId.TDT)
        if len(section.payload) != _UTC_SIZE:
            raise TableDecodeError(f"TDT payload is {len(section.payload)} bytes, not 5")
        return cls(utc_time=_required_utc(section.payload, "TDT"))


@dataclass(frozen=True, slots=True, kw_only=True)
class TOT:
    """Time Offset Table: UTC plus local time offsets (EN 300 468 §5.2.6)."""

    TABLE_IDS: ClassVar[frozenset[int]] = frozenset({TableId.TOT})
    PID: ClassVar[int] = PID.TDT

    utc_time: datetime
    descriptors: tuple[Descriptor, ...] = ()

    def with_utc(self, utc_time: datetime) -> Self:
        return replace(self, utc_time=utc_time)

    def encode(self) -> list[Section]:
        try:
            payload = encode_utc(self.utc_time, TableEncodeError, "UTC_time") + loop_with_length(
                encode_descriptors(self.descriptors)
            )
            section = _short_section(TableId.TOT, payload)
            section.encode()  # the 1024-byte limit is checked here, not on the air
        except EncodeError as exc:
            raise TableEncodeError(f"TOT: {exc}") from exc
        return [section]

    @classmethod
    def decode(cls, sections: Iterable[Section]) -> Self:
        section = _single_section(sections, TableId.TOT)
        reader = BitReader(section.payload)
        if reader.remaining_bytes < _UTC_SIZE:
            raise TableDecodeError("TOT payload is shorter than its UTC_time")
        utc = _required_utc(reader.read_bytes(_UTC_SIZE), "TOT")
        loop = read_loop(reader, "TOT descriptors")
        if not reader.at_end():
            raise TableDecodeError(f"TOT: {reader.remaining_bytes} bytes after the loop")
        return cls(utc_time=utc, descriptors=decode_descriptors(loop, table_id=TableId.TOT))
