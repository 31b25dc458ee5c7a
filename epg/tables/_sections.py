"""Generic section splitting and sub_table reassembly, shared by every SI table.

A table writes its logical model as a fixed `head` (bytes every section repeats, e.g. the SDT's
original_network_id) and a list of `entries` (one per service, transport stream or event), and
`split_entries` packs as many whole entries into each section as fit, starting a new section
when the next one would not (TSDuck's ``addOneSection``). So no table decides section
boundaries by itself, and every table respects the same size limits: EN 300 468 §5.1.1 limits
EIT sections to 4096 bytes and NIT, SDT and BAT sections to 1024 bytes, and ISO/IEC 13818-1
§2.4.4.10 gives the 8-byte long header and 4-byte CRC_32 that leave 4084 and 1012 payload bytes.

On the way back, `collect_sub_table` checks that the sections really form one sub_table (same
table_id, extension, version, last_section_number; no section missing) before a table decodes
their payloads, so the table code only ever sees a consistent, ordered list.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from epg.errors import TableDecodeError, TableEncodeError
from mpegts.bits import BitReader
from mpegts.errors import DecodeError
from mpegts.section import CRC_SIZE, LONG_HEADER_SIZE, Section, max_section_size
from mpegts.section import collect_sub_table as mpegts_collect_sub_table

if TYPE_CHECKING:
    from collections.abc import Container

__all__ = [
    "LOOP_LENGTH_SIZE",
    "build_sections",
    "check_header",
    "collect_sub_table",
    "loop_with_length",
    "max_payload_size",
    "read_loop",
    "split_entries",
]

LOOP_LENGTH_SIZE = 2
_MAX_SECTION_NUMBER = 0xFF


def max_payload_size(table_id: int) -> int:
    """Payload bytes a long-form section of `table_id` can hold (1012, or 4084 for EIT)."""
    return max_section_size(table_id) - LONG_HEADER_SIZE - CRC_SIZE


def loop_with_length(data: bytes) -> bytes:
    """`reserved(4) length(12)` then `data`: the framing of every descriptor and entry loop."""
    if len(data) > 0x0FFF:
        raise TableEncodeError(f"a loop of {len(data)} bytes does not fit a 12-bit length")
    return (0xF000 | len(data)).to_bytes(2, "big") + data


def read_loop(reader: BitReader, what: str) -> bytes:
    """Inverse of `loop_with_length`: skip 4 reserved bits, read a 12-bit length and the loop."""
    try:
        reader.read_reserved(4)
        length = reader.read_uint(12, f"{what} length")
        return reader.read_bytes(length, what)
    except DecodeError as exc:
        raise TableDecodeError(f"{what}: {exc}") from exc


def split_entries(
    entries: Sequence[bytes], capacity: int, *, first_capacity: int | None = None
) -> list[list[bytes]]:
    """Greedily pack whole `entries` into groups of at most `capacity` bytes.

    Always returns at least one (possibly empty) group, because a table with no entries is
    still sent as one section. `first_capacity` is the room left in the first group when a
    table has already put something else there (the NIT's network descriptors).
    """
    groups: list[list[bytes]] = [[]]
    room = capacity if first_capacity is None else first_capacity
    for entry in entries:
        if len(entry) > capacity:
            raise TableEncodeError(
                f"an entry of {len(entry)} bytes cannot fit in a section ({capacity} bytes free)"
            )
        if len(entry) > room:
            groups.append([])
            room = capacity
        groups[-1].append(entry)
        room -= len(entry)
    return groups


def check_header(*, table_id_extension: int, version_number: int) -> None:
    """Refuse header values a `Section` could only reject later, when it is put on the air."""
    if not 0 <= table_id_extension <= 0xFFFF:
        raise TableEncodeError(f"table_id_extension {table_id_extension} is not 16-bit")
    if not 0 <= version_number <= 31:
        raise TableEncodeError(f"version_number {version_number} is not 0..31")


def build_sections(
    *,
    table_id: int,
    table_id_extension: int,
    version_number: int,
    current_next_indicator: bool,
    payloads: Sequence[bytes],
) -> list[Section]:
    """Frame `payloads` as sections 0..n-1 of one sub_table (long form, DVB private_indicator)."""
    if not 1 <= len(payloads) <= _MAX_SECTION_NUMBER + 1:
        raise TableEncodeError(f"a sub_table needs 1 to 256 sections, not {len(payloads)}")
    check_header(table_id_extension=table_id_extension, version_number=version_number)
    last = len(payloads) - 1
    return [
        Section(
            table_id=table_id,
            payload=payload,
            table_id_extension=table_id_extension,
            version_number=version_number,
            current_next_indicator=current_next_indicator,
            section_number=number,
            last_section_number=last,
        )
        for number, payload in enumerate(payloads)
    ]


def collect_sub_table(
    sections: Iterable[Section],
    table_ids: Container[int],
    *,
    allow_gaps: bool = False,
) -> list[Section]:
    """`mpegts.section.collect_sub_table` with epg's error type: the one definition of a
    consistent sub_table is mpegts's, shared with PAT and PMT."""
    try:
        return mpegts_collect_sub_table(sections, table_ids, name="SI", allow_gaps=allow_gaps)
    except DecodeError as exc:
        raise TableDecodeError(str(exc)) from exc
