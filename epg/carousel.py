"""The SI carousel: which SI packet goes out when, so that every repetition rate holds.

Given a multiplex's tables, `SICarousel` schedules every *section* on its own: section i of a
table with n sections and target interval P first goes out at i * P / n and then every P, so a
table's bytes are spread over its interval instead of bursting, and two sections of one sub_table
are never closer than 25 ms (EN 300 468 §5.1.4, TR 101 290 3.1/3.5/3.6/3.8: a later section is
postponed if need be). Intervals come from a `RepetitionPlan`, chosen with margin under the
maxima of TS 101 211 §4.4 and TR 101 290 for the delivery system (dvb-si.md A.4):

=====================  ===========  ==========================  ====================
table                  maximum      terrestrial plan            satellite/cable plan
=====================  ===========  ==========================  ====================
PAT, PMT               0.5 s        0.1 s                       0.1 s
SDT actual             2 s          0.5 s                       0.5 s
NIT actual             10 s         2 s                         2 s
EIT p/f actual         2 s          0.5 s                       0.5 s
EIT schedule, prime    10 s         8 s (first day)             8 s (all 8 days)
EIT schedule, later    30 s         25 s                        25 s
TDT, TOT               30 s         5 s                         5 s
=====================  ===========  ==========================  ====================

The carousel is pure: it takes `start` (the UTC time of tick 0) and answers "which packets are
due before tick t" (`packets_due`), on an unwrapped 27 MHz timeline, so a multiplexer pulls a
batch per call and puts each packet in the first free slot at or after its due time. TDT and TOT
are written from their due time. Continuity counters run per PID across calls. Updates
(`set_tables`, `update_eit_pf`, `update_schedule`) re-encode only what changed and bump the
version_number of those sub_tables only; `si_bitrate` is what a multiplexer must reserve.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import Field, dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, ClassVar, Protocol

from epg.tables.eit import EITEvent, EITPresentFollowing
from epg.tables.eit_schedule_set import ScheduleIds, ServiceSchedule
from epg.tables.eit_segments import last_midnight
from epg.tables.nit import NIT
from epg.tables.sdt import SDT
from epg.tables.time import TDT, TOT
from mpegts.clock import PCR_HZ, Ticks27M
from mpegts.ids import PID
from mpegts.packet import MAX_PAYLOAD_SIZE, PACKET_SIZE
from mpegts.packetizer import SectionPacketizer
from mpegts.section import Section

__all__ = ["DeliverySystem", "Packing", "RepetitionPlan", "SICarousel"]

MIN_SECTION_GAP = timedelta(milliseconds=25)


class DeliverySystem(StrEnum):
    TERRESTRIAL = "terrestrial"
    CABLE = "cable"
    SATELLITE = "satellite"


@dataclass(frozen=True, slots=True, kw_only=True)
class RepetitionPlan:
    """Target interval of each kind of table (see the module docstring for the maxima)."""

    psi: timedelta = timedelta(milliseconds=100)
    sdt: timedelta = timedelta(milliseconds=500)
    nit: timedelta = timedelta(seconds=2)
    eit_pf: timedelta = timedelta(milliseconds=500)
    eit_schedule_prime: timedelta = timedelta(seconds=8)
    eit_schedule_later: timedelta = timedelta(seconds=25)
    prime_days: int = 1
    time: timedelta = timedelta(seconds=5)

    @classmethod
    def for_delivery(cls, delivery: DeliverySystem) -> RepetitionPlan:
        """TS 101 211: terrestrial primes the first day, satellite and cable all 8 days."""
        return cls(prime_days=1 if delivery is DeliverySystem.TERRESTRIAL else 8)


@dataclass(frozen=True, slots=True, kw_only=True)
class Packing:
    """How sections go into packets (see `mpegts.packetizer.SectionPacketizer`)."""

    min_start_room: int = 8
    one_section_per_packet: bool = False


class Versioned(Protocol):
    """A table the carousel can carry: a dataclass with a version and `encode()`.

    ``version_number`` is read-only here (the tables are frozen): the carousel makes a new
    version with `dataclasses.replace`, which is why the table must be a dataclass.
    """

    __dataclass_fields__: ClassVar[dict[str, Field[Any]]]

    @property
    def version_number(self) -> int: ...

    def encode(self) -> list[Section]: ...


def _ticks(interval: timedelta) -> int:
    return round(interval.total_seconds() * PCR_HZ)


@dataclass(slots=True)
class _Group:
    """Sections repeated together: one sub_table (or part of one) on one PID."""

    pid: int
    period: int
    sections: list[bytes]
    make: Callable[[int], bytes] | None = None  # TDT/TOT: bytes from the due tick


class SICarousel:
    """Schedules and packetizes the SI of one multiplex (see the module docstring)."""

    def __init__(
        self,
        *,
        start: datetime,
        transport_stream_id: int,
        original_network_id: int,
        delivery: DeliverySystem = DeliverySystem.TERRESTRIAL,
        plan: RepetitionPlan | None = None,
        packing: Packing = Packing(),
        schedule_days: int = 8,
    ) -> None:
        self.start = start
        self.transport_stream_id = transport_stream_id
        self.original_network_id = original_network_id
        self.plan = plan or RepetitionPlan.for_delivery(delivery)
        self.packing = packing
        self.schedule_days = schedule_days
        self._now = 0
        self._groups: dict[tuple[Any, ...], _Group] = {}
        self._generation: dict[tuple[Any, ...], int] = {}
        self._heap: list[tuple[int, int, tuple[Any, ...], int, int]] = []
        self._seq = 0
        self._last_sent: dict[tuple[int, int, int], int] = {}
        self._packetizers: dict[int, SectionPacketizer] = {}
        self._tables: dict[tuple[Any, ...], Versioned] = {}
        self._schedule_events: dict[int, tuple[EITEvent, ...]] = {}
        self._schedules: dict[int, ServiceSchedule] = {}
        self._origin = last_midnight(start)

    # -- time ---------------------------------------------------------------------------

    def utc_at(self, tick: int) -> datetime:
        """The UTC time of carousel tick `tick` (whole 27 MHz ticks since `start`)."""
        return self.start + timedelta(microseconds=tick // 27)

    def tick_of(self, when: datetime) -> Ticks27M:
        return Ticks27M(_ticks(when - self.start))

    # -- registering groups -----------------------------------------------------------------

    def _put(self, key: tuple[Any, ...], group: _Group | None) -> None:
        """Replace (or remove) a group; its sections are spread over its period from now."""
        generation = self._generation.get(key, 0) + 1
        self._generation[key] = generation
        if group is None:
            self._groups.pop(key, None)
            return
        self._groups[key] = group
        count = max(len(group.sections), 1)
        for index in range(count):
            due = self._now + group.period * index // count
            self._push(due, key, generation, index)

    def _push(self, due: int, key: tuple[Any, ...], generation: int, index: int) -> None:
        self._seq += 1
        heapq.heappush(self._heap, (due, self._seq, key, generation, index))

    def _put_table(
        self, key: tuple[Any, ...], pid: int, table: Versioned | None, period: int
    ) -> None:
        if table is None:
            self._tables.pop(key, None)
            self._put(key, None)
            return
        old = self._tables.get(key)
        if old is not None:
            if replace(old, version_number=0) == replace(table, version_number=0):
                return
            table = replace(table, version_number=(old.version_number + 1) % 32)
        self._tables[key] = table
        self._put(
            key, _Group(pid=pid, period=period, sections=[s.encode() for s in table.encode()])
        )

    # -- updates ----------------------------------------------------------------------------

    def set_tables(
        self,
        *,
        pat: Versioned | None = None,
        pmts: Mapping[int, Versioned] | None = None,
        sdt: SDT | None = None,
        nit: NIT | None = None,
        tot: TOT | None = None,
    ) -> None:
        """Set the tables given (others stay as they are); unchanged ones are not re-encoded.

        `pmts` maps each PMT PID to its PMT and replaces the whole set. `tot` is a template
        whose UTC is rewritten at every transmission; the TDT is always carried.
        """
        psi, plan = _ticks(self.plan.psi), self.plan
        if pat is not None:
            self._put_table(("pat",), PID.PAT, pat, psi)
        if pmts is not None:
            for key in [k for k in self._tables if k[0] == "pmt" and k[1] not in pmts]:
                self._put_table(key, key[1], None, psi)
            for pid, pmt in pmts.items():
                self._put_table(("pmt", pid), pid, pmt, psi)
        if sdt is not None:
            self._put_table(("sdt",), PID.SDT, sdt, _ticks(plan.sdt))
        if nit is not None:
            self._put_table(("nit",), PID.NIT, nit, _ticks(plan.nit))
        if tot is not None:
            self._put_time(("tot",), tot)
        if ("tdt",) not in self._groups:
            self._put_time(("tdt",), TDT(utc_time=self.start))

    def _put_time(self, key: tuple[Any, ...], template: TDT | TOT) -> None:
        def make(tick: int) -> bytes:
            utc = self.utc_at(tick).replace(microsecond=0)
            return template.with_utc(utc).encode()[0].encode()

        self._put(
            key, _Group(pid=PID.TDT, period=_ticks(self.plan.time), sections=[b""], make=make)
        )

    def update_eit_pf(
        self, service_id: int, present: EITEvent | None, following: EITEvent | None
    ) -> None:
        """Set the present/following events of a service; a change bumps its version."""
        table = EITPresentFollowing(
            service_id=service_id,
            transport_stream_id=self.transport_stream_id,
            original_network_id=self.original_network_id,
            present=present,
            following=following,
            version_number=0,
        )
        self._put_table(("pf", service_id), PID.EIT, table, _ticks(self.plan.eit_pf))

    def update_schedule(self, service_id: int, events: Iterable[EITEvent]) -> set[int]:
        """Set a service's schedule (events outside the 8 days are left out).

        Only the segments whose events changed are re-encoded, and only their table_ids get a
        new version. Returns those table_ids.
        """
        self._schedule_events[service_id] = tuple(events)
        schedule = self._schedules.get(service_id)
        if schedule is None:
            schedule = self._new_schedule(service_id, previous=None)
        changed = schedule.update(self._schedule_events[service_id])
        self._put_schedule(schedule, changed)
        return changed

    def _new_schedule(self, service_id: int, previous: ServiceSchedule | None) -> ServiceSchedule:
        ids = ScheduleIds(
            service_id=service_id,
            transport_stream_id=self.transport_stream_id,
            original_network_id=self.original_network_id,
        )
        schedule = ServiceSchedule(
            ids, origin=self._origin, days=self.schedule_days, previous=previous
        )
        self._schedules[service_id] = schedule
        return schedule

    def _put_schedule(self, schedule: ServiceSchedule, table_ids: Iterable[int]) -> None:
        prime_days = self.plan.prime_days
        periods = {
            True: _ticks(self.plan.eit_schedule_prime),
            False: _ticks(self.plan.eit_schedule_later),
        }
        for table_id in table_ids:
            sections = schedule.sections.get(table_id, [])
            encoded = schedule.encoded(table_id)
            for prime, period in periods.items():
                chosen = [
                    data
                    for section, data in zip(sections, encoded, strict=True)
                    if (schedule.segment_day(section) < prime_days) == prime
                ]
                key = ("schedule", schedule.ids.service_id, table_id, prime)
                group = _Group(pid=PID.EIT, period=period, sections=chosen) if chosen else None
                self._put(key, group)

    def _roll_midnight(self, tick: int) -> None:
        """At 00:00 UTC the segments renumber: rebuild every schedule, bumping all versions."""
        self._now = tick
        self._origin = last_midnight(self.utc_at(tick))
        for service_id, events in self._schedule_events.items():
            old = self._schedules[service_id]
            schedule = self._new_schedule(service_id, previous=old)
            changed = schedule.update(events)
            self._put_schedule(schedule, changed | set(old.sections))

    # -- output -------------------------------------------------------------------------

    def packets_due(self, until: int) -> list[tuple[Ticks27M, bytes]]:
        """Every SI packet due before tick `until`, as (due tick, 188 bytes), in due order."""
        due_sections: list[tuple[int, int, bytes]] = []
        next_midnight = self.tick_of(self._origin + timedelta(days=1))
        gap = _ticks(MIN_SECTION_GAP)
        while self._heap and self._heap[0][0] < until:
            due, _, key, generation, index = heapq.heappop(self._heap)
            if due >= next_midnight:
                self._push(due, key, generation, index)
                self._roll_midnight(next_midnight)
                next_midnight = self.tick_of(self._origin + timedelta(days=1))
                continue
            if self._generation.get(key) != generation:
                continue
            group = self._groups[key]
            data = group.make(due) if group.make else group.sections[index]
            identity = (group.pid, data[0], _extension(data))
            last = self._last_sent.get(identity)
            if last is not None and due - last < gap:
                self._push(last + gap, key, generation, index)
                continue
            self._last_sent[identity] = due
            self._push(due + group.period, key, generation, index)
            due_sections.append((due, group.pid, data))
        self._now = max(self._now, until)
        return self._packetize(due_sections)

    def _packetize(
        self, due_sections: Sequence[tuple[int, int, bytes]]
    ) -> list[tuple[Ticks27M, bytes]]:
        """Packets of sections due together on one PID share packets (as `packing` allows)."""
        out: list[tuple[Ticks27M, bytes]] = []
        start = 0
        while start < len(due_sections):
            due, pid, _ = due_sections[start]
            end = start + 1
            while end < len(due_sections) and due_sections[end][:2] == (due, pid):
                end += 1
            packets = self._packetizer(pid).packetize([s[2] for s in due_sections[start:end]])
            out.extend((Ticks27M(due), packet) for packet in packets)
            start = end
        return out

    def _packetizer(self, pid: int) -> SectionPacketizer:
        packetizer = self._packetizers.get(pid)
        if packetizer is None:
            packetizer = SectionPacketizer(
                pid,
                min_start_room=self.packing.min_start_room,
                one_section_per_packet=self.packing.one_section_per_packet,
            )
            self._packetizers[pid] = packetizer
        return packetizer

    def si_bitrate(self) -> int:
        """Bits per second the SI needs at the planned intervals, stuffing included.

        Each section is counted as if it started a packet of its own (pointer_field + section,
        the last packet 0xFF-stuffed), an upper bound: packing sections together only saves.
        """
        bits = 0.0
        for group in self._groups.values():
            per_section = [1] if group.make else [_packets(len(s)) for s in group.sections]
            bits += sum(per_section) * PACKET_SIZE * 8 * PCR_HZ / group.period
        return math.ceil(bits)


def _packets(section_size: int) -> int:
    return -(-(section_size + 1) // MAX_PAYLOAD_SIZE)


def _extension(section: bytes) -> int:
    """table_id_extension of a long-form section (0 for the short-form TDT/TOT)."""
    return int.from_bytes(section[3:5], "big") if section[1] & 0x80 else 0
