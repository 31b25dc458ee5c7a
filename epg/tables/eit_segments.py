"""EIT schedule segmenting (EN 300 468 §5.2.4, ETSI TS 101 211 §4.1.4).

Why segments: an 8-day schedule of a service is thousands of events, far more than one 4096-byte
section. A receiver that tunes in wants to know quickly *which* sections exist and which it has
already got, without waiting for a whole cycle. So the schedule is cut in time, not in bytes:

* the origin is 00:00:00 UTC of the current day ("last midnight");
* each **segment** covers 3 hours, so a day has 8 and one table_id (0x50.., 0x60..) covers 32
  segments, 4 days; 16 table_ids reach 64 days;
* segment *k* of a table owns section_numbers 8k .. 8k+7, whether it uses them or not; unused
  numbers are simply not sent, so section numbers have gaps, which is legal only here;
* `segment_last_section_number` says where the current segment ends, `last_section_number` where
  the last segment of the table_id ends and `last_table_id` which table_id is the service's last;
* every segment from the table's first up to the last populated one is sent, empty if need be
  (an 18-byte section), so a receiver can tell "no events" from "not yet received";
* an event belongs to the segment containing its start_time.

A segment therefore changes only when an event in its 3 hours changes, which is what lets the
carousel re-encode one segment instead of the schedule. This module holds the arithmetic and the
framing of already-encoded events; `eit.EITSchedule` is the model built on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from epg.errors import TableEncodeError
from epg.tables._sections import check_header, max_payload_size, split_entries
from mpegts.bits import BitWriter
from mpegts.ids import TableId
from mpegts.section import Section

__all__ = [
    "EIT_HEAD_SIZE",
    "SECTIONS_PER_SEGMENT",
    "SEGMENT",
    "SEGMENTS_PER_TABLE",
    "eit_head",
    "frame_schedule",
    "last_midnight",
    "pack_segment",
    "schedule_table_id",
    "segment_index",
]

SEGMENT = timedelta(hours=3)
SEGMENTS_PER_TABLE = 32
SECTIONS_PER_SEGMENT = 8
EIT_HEAD_SIZE = 6
_EVENT_ROOM = max_payload_size(TableId.EIT_PF_ACTUAL) - EIT_HEAD_SIZE


def last_midnight(now: datetime) -> datetime:
    """00:00:00 UTC of the day of `now`: the origin of segment 0."""
    utc = now.astimezone(UTC)
    return utc.replace(hour=0, minute=0, second=0, microsecond=0)


def segment_index(start: datetime, origin: datetime) -> int:
    """Absolute segment (0 = the 3 h from `origin`) holding an event that starts at `start`."""
    return (start - origin) // SEGMENT


def schedule_table_id(segment: int, *, actual: bool = True) -> int:
    """table_id of absolute segment `segment`: 0x50 + segment // 32 (0x60.. for "other")."""
    base = TableId.EIT_SCHEDULE_ACTUAL_FIRST if actual else TableId.EIT_SCHEDULE_OTHER_FIRST
    if not 0 <= segment < 16 * SEGMENTS_PER_TABLE:
        raise TableEncodeError(f"segment {segment} is outside the 64 days EIT schedule reaches")
    return base + segment // SEGMENTS_PER_TABLE


def pack_segment(events: Sequence[bytes]) -> list[bytes]:
    """Event loops of one segment's sections: as many whole events per section as fit, <= 8."""
    groups = split_entries(events, _EVENT_ROOM)
    if len(groups) > SECTIONS_PER_SEGMENT:
        raise TableEncodeError(
            f"a 3-hour segment needs {len(groups)} sections; EIT allows {SECTIONS_PER_SEGMENT}"
        )
    return [b"".join(group) for group in groups]


def eit_head(
    transport_stream_id: int,
    original_network_id: int,
    segment_last_section_number: int,
    last_table_id: int,
) -> bytes:
    """The 6 bytes every EIT section payload starts with (EN 300 468 §5.2.4, table 7)."""
    writer = BitWriter()
    writer.write_uint(16, transport_stream_id, "transport_stream_id")
    writer.write_uint(16, original_network_id, "original_network_id")
    writer.write_uint(8, segment_last_section_number, "segment_last_section_number")
    writer.write_uint(8, last_table_id, "last_table_id")
    return writer.getvalue()


def frame_schedule(
    *,
    table_id: int,
    service_id: int,
    transport_stream_id: int,
    original_network_id: int,
    version_number: int,
    last_table_id: int,
    segments: Sequence[Sequence[bytes]],
    current_next_indicator: bool = True,
) -> list[Section]:
    """Sections of one schedule table_id from its segments' event loops.

    `segments[k]` holds the event loops of segment k of this table (as `pack_segment` returns
    them, 1 to 8 each); trailing segments after the last populated one should not be passed.
    """
    if not 1 <= len(segments) <= SEGMENTS_PER_TABLE:
        raise TableEncodeError(f"a schedule table_id has 1 to 32 segments, not {len(segments)}")
    check_header(table_id_extension=service_id, version_number=version_number)
    last_section = SECTIONS_PER_SEGMENT * (len(segments) - 1) + len(segments[-1]) - 1
    sections: list[Section] = []
    for k, loops in enumerate(segments):
        first = SECTIONS_PER_SEGMENT * k
        head = eit_head(
            transport_stream_id, original_network_id, first + len(loops) - 1, last_table_id
        )
        sections.extend(
            Section(
                table_id=table_id,
                payload=head + loop,
                table_id_extension=service_id,
                version_number=version_number,
                current_next_indicator=current_next_indicator,
                section_number=first + i,
                last_section_number=last_section,
            )
            for i, loop in enumerate(loops)
        )
    return sections
