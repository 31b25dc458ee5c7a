"""Event Information Table (EN 300 468 §5.2.4): present/following and schedule.

One EIT sub_table is one service's events in one table_id. Two shapes share the event codec:

* `EITPresentFollowing` (0x4E actual, 0x4F other): exactly two sections, section 0 holding the
  present event and section 1 the following one, each possibly empty (TR 101 290 3.6.c wants
  both sections even when an event is missing).
* `EITSchedule` (0x50-0x5F actual, 0x60-0x6F other): events cut into 3-hour segments; the
  layout rules and why they exist are in `eit_segments`.

`decode_eit` picks the right one from the table_id. Sections are limited to 4096 bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, ClassVar, Self

from epg._mjd_bcd import decode_duration, decode_utc, encode_duration, encode_utc
from epg.errors import TableDecodeError, TableEncodeError
from epg.tables._descriptor_loops import decode_descriptors, encode_descriptors
from epg.tables._sections import check_header, collect_sub_table
from epg.tables.eit_segments import (
    SECTIONS_PER_SEGMENT,
    SEGMENT,
    SEGMENTS_PER_TABLE,
    eit_head,
    frame_schedule,
    pack_segment,
    segment_index,
)
from mpegts.bits import BitReader, BitWriter
from mpegts.errors import DecodeError, EncodeError
from mpegts.ids import PID, TableId
from mpegts.section import Section

if TYPE_CHECKING:
    from epg.descriptors.registry import Descriptor

__all__ = [
    "EITEvent",
    "EITHead",
    "EITPresentFollowing",
    "EITSchedule",
    "decode_eit",
    "read_eit_section",
]

PF_TABLE_IDS = frozenset({TableId.EIT_PF_ACTUAL, TableId.EIT_PF_OTHER})
SCHEDULE_TABLE_IDS = frozenset(
    range(TableId.EIT_SCHEDULE_ACTUAL_FIRST, TableId.EIT_SCHEDULE_OTHER_LAST + 1)
)


@dataclass(frozen=True, slots=True, kw_only=True)
class EITEvent:
    """One event (EN 300 468 §5.2.4, table 7). `start_time` None is "undefined" (NVOD)."""

    event_id: int
    start_time: datetime | None
    duration: timedelta
    running_status: int = 0
    free_ca_mode: bool = False
    descriptors: tuple[Descriptor, ...] = ()

    @property
    def free_CA_mode(self) -> bool:
        return self.free_ca_mode

    def encode(self) -> bytes:
        """The event's 12 header bytes and its descriptor loop."""
        loop = encode_descriptors(self.descriptors)
        try:
            writer = BitWriter()
            writer.write_uint(16, self.event_id, "event_id")
            writer.write_bytes(encode_utc(self.start_time, TableEncodeError, "start_time"))
            writer.write_bytes(encode_duration(self.duration, TableEncodeError))
            writer.write_uint(3, self.running_status, "running_status")
            writer.write_bool(self.free_ca_mode)
            writer.write_uint(12, len(loop), "descriptors_loop_length")
            writer.write_bytes(loop)
            return writer.getvalue()
        except EncodeError as exc:
            raise TableEncodeError(f"event {self.event_id}: {exc}") from exc

    @classmethod
    def read(cls, reader: BitReader, *, table_id: int) -> Self:
        event_id = reader.read_uint(16, "event_id")
        start_time = decode_utc(reader.read_bytes(5, "start_time"), TableDecodeError, "start_time")
        duration = decode_duration(reader.read_bytes(3, "duration"), TableDecodeError)
        running_status = reader.read_uint(3, "running_status")
        free_ca_mode = reader.read_bool()
        loop = reader.read_bytes(reader.read_uint(12, "descriptors_loop_length"), "descriptors")
        return cls(
            event_id=event_id,
            start_time=start_time,
            duration=duration,
            running_status=running_status,
            free_ca_mode=free_ca_mode,
            descriptors=decode_descriptors(loop, table_id=table_id),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class EITHead:
    """The fields every section of an EIT sub_table carries besides its events."""

    transport_stream_id: int
    original_network_id: int
    segment_last_section_number: int
    last_table_id: int


def read_eit_section(section: Section) -> tuple[EITHead, list[EITEvent]]:
    """Head and events of one EIT section (a decode error is a `TableDecodeError`)."""
    try:
        reader = BitReader(section.payload)
        head = EITHead(
            transport_stream_id=reader.read_uint(16, "transport_stream_id"),
            original_network_id=reader.read_uint(16, "original_network_id"),
            segment_last_section_number=reader.read_uint(8, "segment_last_section_number"),
            last_table_id=reader.read_uint(8, "last_table_id"),
        )
        events = []
        while not reader.at_end():
            events.append(EITEvent.read(reader, table_id=section.table_id))
    except DecodeError as exc:
        raise TableDecodeError(f"EIT section {section.section_number}: {exc}") from exc
    return head, events


def _same_ids(heads: Sequence[EITHead]) -> EITHead:
    ids = {(h.transport_stream_id, h.original_network_id, h.last_table_id) for h in heads}
    if len(ids) != 1:
        raise TableDecodeError(f"EIT sections of one sub_table disagree on their ids: {ids}")
    return heads[0]


@dataclass(frozen=True, slots=True, kw_only=True)
class EITPresentFollowing:
    """EIT present/following of one service: two sections, either may be empty."""

    TABLE_IDS: ClassVar[frozenset[int]] = PF_TABLE_IDS
    PID: ClassVar[int] = PID.EIT

    service_id: int
    transport_stream_id: int
    original_network_id: int
    present: EITEvent | None = None
    following: EITEvent | None = None
    table_id: int = TableId.EIT_PF_ACTUAL
    version_number: int = 0
    current_next_indicator: bool = True

    @property
    def events(self) -> tuple[EITEvent, ...]:
        return tuple(e for e in (self.present, self.following) if e is not None)

    def encode(self) -> list[Section]:
        """Sections 0 (present) and 1 (following); last and segment_last both 1."""
        if self.table_id not in self.TABLE_IDS:
            raise TableEncodeError(f"table_id 0x{self.table_id:02X} is not EIT p/f")
        check_header(table_id_extension=self.service_id, version_number=self.version_number)
        try:
            head = eit_head(self.transport_stream_id, self.original_network_id, 1, self.table_id)
            bodies = [b"" if e is None else e.encode() for e in (self.present, self.following)]
            return [
                Section(
                    table_id=self.table_id,
                    payload=head + body,
                    table_id_extension=self.service_id,
                    version_number=self.version_number,
                    current_next_indicator=self.current_next_indicator,
                    section_number=number,
                    last_section_number=1,
                )
                for number, body in enumerate(bodies)
            ]
        except EncodeError as exc:
            raise TableEncodeError(f"EIT p/f of service {self.service_id}: {exc}") from exc

    @classmethod
    def decode(cls, sections: Iterable[Section]) -> Self:
        ordered = collect_sub_table(sections, cls.TABLE_IDS)
        first = ordered[0]
        if first.last_section_number != 1:
            raise TableDecodeError(f"EIT p/f has last_section_number {first.last_section_number}")
        decoded = [read_eit_section(section) for section in ordered]
        head = _same_ids([h for h, _ in decoded])
        slots: list[EITEvent | None] = []
        for _, events in decoded:
            if len(events) > 1:
                raise TableDecodeError(f"EIT p/f section holds {len(events)} events, not 0 or 1")
            slots.append(events[0] if events else None)
        return cls(
            table_id=first.table_id,
            service_id=first.table_id_extension,
            transport_stream_id=head.transport_stream_id,
            original_network_id=head.original_network_id,
            version_number=first.version_number,
            current_next_indicator=first.current_next_indicator,
            present=slots[0],
            following=slots[1],
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class EITSchedule:
    """One schedule table_id of one service: up to 4 days of events in 3-hour segments.

    `segment_origin` is the 00:00 UTC the service's segment 0 starts at ("last midnight");
    this table's first segment is 32 * (table_id & 0x0F). It may be None only with no events.
    `last_table_id` is the service's last schedule table_id (0x50 for a 4-day schedule, 0x51
    for 8 days).
    """

    TABLE_IDS: ClassVar[frozenset[int]] = SCHEDULE_TABLE_IDS
    PID: ClassVar[int] = PID.EIT

    service_id: int
    transport_stream_id: int
    original_network_id: int
    segment_origin: datetime | None
    events: tuple[EITEvent, ...] = ()
    table_id: int = TableId.EIT_SCHEDULE_ACTUAL_FIRST
    last_table_id: int = TableId.EIT_SCHEDULE_ACTUAL_FIRST
    version_number: int = 0
    current_next_indicator: bool = True

    @property
    def first_segment(self) -> int:
        return SEGMENTS_PER_TABLE * (self.table_id & 0x0F)

    def _segment_events(self) -> list[list[EITEvent]]:
        if not self.events:
            return [[]]
        origin = self.segment_origin
        if origin is None or origin != origin.replace(hour=0, minute=0, second=0, microsecond=0):
            raise TableEncodeError("EIT schedule with events needs a midnight segment_origin")
        segments: list[list[EITEvent]] = []
        previous: datetime | None = None
        for event in self.events:
            if event.start_time is None or (previous and event.start_time < previous):
                raise TableEncodeError("EIT schedule events need defined, ascending start times")
            previous = event.start_time
            k = segment_index(event.start_time, origin) - self.first_segment
            if not 0 <= k < SEGMENTS_PER_TABLE:
                raise TableEncodeError(
                    f"event {event.event_id} at {event.start_time} is outside table "
                    f"0x{self.table_id:02X}"
                )
            segments.extend([] for _ in range(k + 1 - len(segments)))
            segments[k].append(event)
        return segments

    def encode(self) -> list[Section]:
        if self.table_id not in self.TABLE_IDS:
            raise TableEncodeError(f"table_id 0x{self.table_id:02X} is not EIT schedule")
        segments = [pack_segment([e.encode() for e in seg]) for seg in self._segment_events()]
        try:
            return frame_schedule(
                table_id=self.table_id,
                service_id=self.service_id,
                transport_stream_id=self.transport_stream_id,
                original_network_id=self.original_network_id,
                version_number=self.version_number,
                current_next_indicator=self.current_next_indicator,
                last_table_id=self.last_table_id,
                segments=segments,
            )
        except EncodeError as exc:
            raise TableEncodeError(f"EIT schedule of service {self.service_id}: {exc}") from exc

    @classmethod
    def decode(cls, sections: Iterable[Section]) -> Self:
        """The events of the sections received (gaps between segments are legal)."""
        ordered = collect_sub_table(sections, cls.TABLE_IDS, allow_gaps=True)
        first = ordered[0]
        decoded = [read_eit_section(section) for section in ordered]
        head = _same_ids([h for h, _ in decoded])
        events = [event for _, section_events in decoded for event in section_events]
        return cls(
            table_id=first.table_id,
            service_id=first.table_id_extension,
            transport_stream_id=head.transport_stream_id,
            original_network_id=head.original_network_id,
            last_table_id=head.last_table_id,
            version_number=first.version_number,
            current_next_indicator=first.current_next_indicator,
            segment_origin=_origin(ordered, decoded),
            events=tuple(events),
        )


def _origin(
    sections: Sequence[Section], decoded: Sequence[tuple[EITHead, list[EITEvent]]]
) -> datetime | None:
    """Last midnight, from the first timed event and the segment its section belongs to."""
    for section, (_, events) in zip(sections, decoded, strict=True):
        for event in events:
            if event.start_time is None:
                continue
            segment = SEGMENTS_PER_TABLE * (section.table_id & 0x0F)
            segment += section.section_number // SECTIONS_PER_SEGMENT
            midnight = event.start_time.replace(hour=0, minute=0, second=0)
            floor = midnight + SEGMENT * ((event.start_time - midnight) // SEGMENT)
            return floor - SEGMENT * segment
    return None


def decode_eit(sections: Iterable[Section]) -> EITPresentFollowing | EITSchedule:
    """Decode one EIT sub_table, p/f or schedule according to its table_id."""
    listed = list(sections)
    if not listed:
        raise TableDecodeError("no sections")
    if listed[0].table_id in PF_TABLE_IDS:
        return EITPresentFollowing.decode(listed)
    return EITSchedule.decode(listed)
