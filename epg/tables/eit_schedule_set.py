"""All EIT schedule sub_tables of one service, kept encoded and updated segment by segment.

An 8-day schedule is 64 segments over two table_ids (0x50, 0x51). When one lecture moves, only
the 3-hour segment holding it changes, so `ServiceSchedule.update` compares the new events with
the cached ones segment by segment, re-encodes the events of changed segments only, and
re-frames (new version_number, new CRC_32) only the table_ids they belong to; the event bytes of
every other segment are reused. A table_id's version moves only when its bytes would change
(EN 300 468 §5.1.2: version_number is incremented when the sub_table changes).

The origin (last midnight) is fixed per instance: at midnight the segments are renumbered, so the
carousel builds a new `ServiceSchedule` for the new day and bumps every version.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from epg.tables.eit import EITEvent
from epg.tables.eit_segments import (
    SEGMENTS_PER_TABLE,
    frame_schedule,
    pack_segment,
    schedule_table_id,
    segment_index,
)
from mpegts.section import Section

__all__ = ["ScheduleIds", "ServiceSchedule"]

_EMPTY_SEGMENT = (b"",)


@dataclass(frozen=True, slots=True, kw_only=True)
class ScheduleIds:
    """Who the schedule belongs to: the EIT table_id_extension and payload ids."""

    service_id: int
    transport_stream_id: int
    original_network_id: int
    actual: bool = True


class ServiceSchedule:
    """The schedule sections of one service for `days` days from `origin` (last midnight)."""

    def __init__(
        self,
        ids: ScheduleIds,
        *,
        origin: datetime,
        days: int = 8,
        previous: ServiceSchedule | None = None,
    ) -> None:
        """`previous` (the schedule of the day before) passes on its versions, so that every
        table_id re-framed on the new day gets a version its receivers have not seen."""
        self.ids = ids
        self.origin = origin
        self.segment_count = days * 8
        self._events: dict[int, tuple[EITEvent, ...]] = {}
        self._loops: dict[int, tuple[bytes, ...]] = {}
        self._versions: dict[int, int] = dict(previous._versions) if previous else {}
        self._sections: dict[int, list[Section]] = {}
        self._encoded: dict[int, list[bytes]] = {}
        self._last_table_id: int | None = None

    @property
    def sections(self) -> dict[int, list[Section]]:
        """Current sections by table_id (do not modify)."""
        return self._sections

    def encoded(self, table_id: int) -> list[bytes]:
        """The whole sections of `table_id` as bytes (CRC_32 included), encoded once."""
        return self._encoded.get(table_id, [])

    def version(self, table_id: int) -> int | None:
        return self._versions.get(table_id)

    def _by_segment(self, events: Iterable[EITEvent]) -> dict[int, tuple[EITEvent, ...]]:
        grouped: dict[int, list[EITEvent]] = {}
        for event in events:
            if event.start_time is None:
                continue
            segment = segment_index(event.start_time, self.origin)
            if 0 <= segment < self.segment_count:
                grouped.setdefault(segment, []).append(event)
        return {segment: tuple(sorted(items, key=_start)) for segment, items in grouped.items()}

    def update(self, events: Iterable[EITEvent]) -> set[int]:
        """Replace the schedule; returns the table_ids whose sections changed."""
        grouped = self._by_segment(events)
        changed_segments = {
            segment
            for segment in grouped.keys() | self._events.keys()
            if grouped.get(segment) != self._events.get(segment)
        }
        for segment in changed_segments:
            if segment in grouped:
                self._loops[segment] = tuple(pack_segment([e.encode() for e in grouped[segment]]))
            else:
                self._loops.pop(segment, None)
        self._events = grouped
        tables = {self._table_id(segment) for segment in changed_segments}
        last = max((self._table_id(s) for s in grouped), default=None)
        if last != self._last_table_id:
            base = schedule_table_id(0, actual=self.ids.actual)
            tables |= set(self._sections) | set(range(base, (last or base - 1) + 1))
            self._last_table_id = last
        for table_id in tables:
            self._reframe(table_id)
        return tables

    def _table_id(self, segment: int) -> int:
        return schedule_table_id(segment, actual=self.ids.actual)

    def _reframe(self, table_id: int) -> None:
        first = SEGMENTS_PER_TABLE * (table_id & 0x0F)
        used = [s for s in self._loops if first <= s < first + SEGMENTS_PER_TABLE]
        if self._last_table_id is None or table_id > self._last_table_id:
            self._sections.pop(table_id, None)
            self._encoded.pop(table_id, None)
            return
        end = max(used) + 1 if used else first + SEGMENTS_PER_TABLE  # a gap table: all empty
        segments = [self._loops.get(s, _EMPTY_SEGMENT) for s in range(first, end)]
        previous = self._versions.get(table_id)
        version = 0 if previous is None else (previous + 1) % 32
        self._versions[table_id] = version
        sections = frame_schedule(
            table_id=table_id,
            service_id=self.ids.service_id,
            transport_stream_id=self.ids.transport_stream_id,
            original_network_id=self.ids.original_network_id,
            version_number=version,
            last_table_id=self._last_table_id,
            segments=segments,
        )
        self._sections[table_id] = sections
        self._encoded[table_id] = [section.encode() for section in sections]

    def segment_day(self, section: Section) -> int:
        """Day (0 = today) of the segment a section belongs to, for its repetition rate."""
        segment = SEGMENTS_PER_TABLE * (section.table_id & 0x0F) + section.section_number // 8
        return segment // 8


def _start(event: EITEvent) -> datetime:
    return event.start_time or datetime.min
