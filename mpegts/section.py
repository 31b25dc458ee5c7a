"""PSI/SI sections: the generic framing of ISO/IEC 13818-1 §2.4.4.10 and EN 300 468 §5.1.

A `Section` holds the header fields and the table-specific `payload` (the bytes between the header
and the CRC_32). Tables encode their fields into a payload and let this module frame it; lengths
and the CRC are never stored on the model: `encode()` computes them, `decode()` checks them.

Long form (section_syntax_indicator = 1): 8 header bytes, payload, CRC_32.
Short form (section_syntax_indicator = 0): 3 header bytes, payload; the TDT stops there, the TOT
(EN 300 468 §5.2.6) still ends with a CRC_32.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from mpegts.bits import BitReader, BitWriter
from mpegts.crc32 import crc32_mpeg2
from mpegts.errors import CRCError, DecodeError, EncodeError, LengthError, TruncatedError
from mpegts.ids import TableId

__all__ = [
    "HEADER_SIZE",
    "LONG_HEADER_SIZE",
    "Section",
    "collect_sub_table",
    "max_section_size",
    "section_size",
]

HEADER_SIZE = 3
LONG_HEADER_SIZE = 8
CRC_SIZE = 4
_SHORT_FORM_WITH_CRC = frozenset({TableId.TOT})


def max_section_size(table_id: int) -> int:
    """Largest whole section for `table_id`: 4096 bytes for EIT, 1024 for the rest.

    EN 300 468 §5.1.1: sections of EIT are limited to 4096 bytes, every other SI table (and every
    PSI table, ISO/IEC 13818-1 §2.4.4.10) to 1024.
    """
    eit = TableId.EIT_PF_ACTUAL <= table_id <= TableId.EIT_SCHEDULE_OTHER_LAST
    return 4096 if eit else 1024


def section_size(header: bytes | bytearray | memoryview) -> int:
    """Whole size of the section whose first three bytes are `header` (for reassembly)."""
    if len(header) < HEADER_SIZE:
        raise TruncatedError(f"section header needs {HEADER_SIZE} bytes, got {len(header)}")
    return HEADER_SIZE + (((header[1] & 0x0F) << 8) | header[2])


def _has_crc(table_id: int, long_form: bool) -> bool:
    return long_form or table_id in _SHORT_FORM_WITH_CRC


class _LongHeader(NamedTuple):
    """The five header bytes a long-form section adds after section_length (defaults: short)."""

    table_id_extension: int = 0
    version_number: int = 0
    current_next_indicator: bool = True
    section_number: int = 0
    last_section_number: int = 0

    @classmethod
    def read(cls, reader: BitReader) -> _LongHeader:
        extension = reader.read_uint(16, "table_id_extension")
        reader.read_reserved(2)
        return cls(
            table_id_extension=extension,
            version_number=reader.read_uint(5, "version_number"),
            current_next_indicator=reader.read_bool("current_next_indicator"),
            section_number=reader.read_uint(8, "section_number"),
            last_section_number=reader.read_uint(8, "last_section_number"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Section:
    """One section. Header fields keep the standard's names; the payload is table-specific."""

    table_id: int
    payload: bytes
    section_syntax_indicator: bool = True
    private_indicator: bool = True
    table_id_extension: int = 0
    version_number: int = 0
    current_next_indicator: bool = True
    section_number: int = 0
    last_section_number: int = 0

    @property
    def has_crc(self) -> bool:
        return _has_crc(self.table_id, self.section_syntax_indicator)

    def encode(self) -> bytes:
        """The whole section, lengths and CRC_32 computed."""
        body = BitWriter()
        if self.section_syntax_indicator:
            body.write_uint(16, self.table_id_extension, "table_id_extension")
            body.write_reserved(2)
            body.write_uint(5, self.version_number, "version_number")
            body.write_bool(self.current_next_indicator)
            body.write_uint(8, self.section_number, "section_number")
            body.write_uint(8, self.last_section_number, "last_section_number")
        body.write_bytes(self.payload)
        tail = CRC_SIZE if self.has_crc else 0
        section_length = len(body) + tail
        limit = max_section_size(self.table_id)
        if HEADER_SIZE + section_length > limit:
            raise EncodeError(
                f"table_id 0x{self.table_id:02X}: section of {HEADER_SIZE + section_length} "
                f"bytes exceeds the {limit}-byte limit"
            )
        head = BitWriter()
        head.write_uint(8, self.table_id, "table_id")
        head.write_bool(self.section_syntax_indicator)
        head.write_bool(self.private_indicator)
        head.write_reserved(2)
        head.write_uint(12, section_length, "section_length")
        data = head.getvalue() + body.getvalue()
        if tail:
            data += crc32_mpeg2(data).to_bytes(CRC_SIZE, "big")
        return data

    @classmethod
    def decode(cls, data: bytes | bytearray | memoryview, *, check_crc: bool = True) -> Section:
        """Decode one section from the start of `data` (bytes after it are ignored)."""
        size = section_size(data)
        if len(data) < size:
            raise TruncatedError(f"section declares {size} bytes, only {len(data)} present")
        raw = bytes(data[:size])
        reader = BitReader(raw)
        table_id = reader.read_uint(8, "table_id")
        long_form = reader.read_bool()
        private_indicator = reader.read_bool()
        reader.read_reserved(14)
        tail = CRC_SIZE if _has_crc(table_id, long_form) else 0
        minimum = (LONG_HEADER_SIZE - HEADER_SIZE if long_form else 0) + tail
        if size - HEADER_SIZE < minimum:
            raise LengthError(f"section_length {size - HEADER_SIZE} is below the minimum {minimum}")
        if tail and check_crc and crc32_mpeg2(raw) != 0:
            raise CRCError(f"table_id 0x{table_id:02X}: CRC_32 mismatch")
        header = _LongHeader.read(reader) if long_form else _LongHeader()
        payload = reader.read_bytes(reader.remaining_bytes - tail, "payload")
        return cls(
            table_id=table_id,
            payload=payload,
            section_syntax_indicator=long_form,
            private_indicator=private_indicator,
            table_id_extension=header.table_id_extension,
            version_number=header.version_number,
            current_next_indicator=header.current_next_indicator,
            section_number=header.section_number,
            last_section_number=header.last_section_number,
        )


_SUB_TABLE_IDENTITY = ("table_id", "table_id_extension", "version_number", "last_section_number")


def collect_sub_table(
    sections: Section | Iterable[Section],
    table_ids: Container[int],
    *,
    name: str = "sub_table",
    allow_gaps: bool = False,
) -> list[Section]:
    """The sections of one sub_table in section_number order, exact repeats (a carousel) dropped.

    Every PSI and SI table decodes through this, so all agree on what one sub_table is
    (ISO/IEC 13818-1 §2.4.4.10, EN 300 468 §5.1.1): long-form sections of ``table_ids`` with
    one table_id, table_id_extension, version_number and last_section_number, no two different
    sections under one number, none numbered past the last. A missing number, or no section at
    all, is a TruncatedError (more may still come); anything else a DecodeError. ``allow_gaps``
    accepts missing numbers: the EIT schedule leaves unused numbers of a segment out
    (EN 300 468 §5.2.4).
    """
    items = [sections] if isinstance(sections, Section) else sections
    by_number: dict[int, Section] = {}
    first: Section | None = None
    for section in items:
        if section.table_id not in table_ids or not section.section_syntax_indicator:
            raise DecodeError(f"{name}: table_id 0x{section.table_id:02X} is not expected here")
        first = first or section
        _check_same_sub_table(first, section, name)
        if section.section_number > section.last_section_number:
            raise DecodeError(
                f"{name}: section_number {section.section_number} exceeds last_section_number "
                f"{section.last_section_number}"
            )
        if by_number.setdefault(section.section_number, section) != section:
            raise DecodeError(f"{name}: two different sections numbered {section.section_number}")
    if first is None:
        raise TruncatedError(f"{name}: no sections")
    if not allow_gaps and len(by_number) != first.last_section_number + 1:
        missing = sorted(set(range(first.last_section_number + 1)) - by_number.keys())
        raise TruncatedError(f"{name}: the sub_table is missing sections {missing}")
    return [by_number[number] for number in sorted(by_number)]


def _check_same_sub_table(first: Section, section: Section, name: str) -> None:
    for field in _SUB_TABLE_IDENTITY:
        if getattr(section, field) != getattr(first, field):
            raise DecodeError(
                f"{name}: sections of different sub_tables mixed, they disagree on {field} "
                f"({getattr(first, field)} and {getattr(section, field)})"
            )
