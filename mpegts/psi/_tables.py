"""What PAT and PMT decoding share: gathering the sections of one table and checking them."""

from __future__ import annotations

from collections.abc import Iterable

from mpegts.errors import DecodeError, TruncatedError
from mpegts.section import Section


def gather(sections: Section | Iterable[Section], table_id: int, name: str) -> list[Section]:
    """The sections of one table version in section_number order; a gap is a TruncatedError.

    All sections must carry `table_id`, the long form, one table_id_extension and one
    version_number (§2.4.4.10); repeats of a section_number (a carousel) are dropped.
    """
    items = [sections] if isinstance(sections, Section) else list(sections)
    if not items:
        raise TruncatedError(f"no {name} section")
    first = items[0]
    by_number: dict[int, Section] = {}
    for section in items:
        if section.table_id != table_id or not section.section_syntax_indicator:
            raise DecodeError(f"table_id 0x{section.table_id:02X} is not a long-form {name}")
        same = (section.table_id_extension, section.version_number, section.last_section_number)
        if same != (first.table_id_extension, first.version_number, first.last_section_number):
            raise DecodeError(f"{name} sections of different tables or versions mixed")
        by_number.setdefault(section.section_number, section)
    missing = set(range(first.last_section_number + 1)) - set(by_number)
    if missing or max(by_number) > first.last_section_number:
        raise TruncatedError(f"{name}: sections {sorted(missing)} missing or numbered past last")
    return [by_number[number] for number in sorted(by_number)]
