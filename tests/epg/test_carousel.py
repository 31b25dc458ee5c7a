"""The SI carousel: repetition rates, 25 ms spacing, continuity, versions, incremental updates."""

from __future__ import annotations

import itertools
import os
from collections import defaultdict
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from epg.carousel import DeliverySystem, Packing, SICarousel
from epg.descriptors.registry import RawDescriptor
from epg.tables.eit import EITEvent, read_eit_section
from epg.tables.nit import NIT, NITTransportStream
from epg.tables.sdt import SDT, SDTService
from epg.tables.time import TDT, TOT
from mpegts.clock import PCR_HZ
from mpegts.depacketizer import SectionAssembler
from mpegts.psi.pat import PAT
from mpegts.psi.pmt import PMT, ElementaryStream
from mpegts.section import Section

START = datetime(2026, 3, 2, 9, 50, tzinfo=UTC)
SECOND = PCR_HZ
TSID, ONID = 0x10, 0x2137
LIMITS = {0x00: 0.5, 0x02: 0.5, 0x40: 10.0, 0x42: 2.0, 0x4E: 2.0, 0x70: 30.0, 0x73: 30.0}


def _event(event_id: int, start: datetime, text_size: int = 200) -> EITEvent:
    """An event with `text_size` bytes of descriptor payload (in descriptors of <= 250)."""
    fill = bytes([event_id % 256])
    sizes = [250] * (text_size // 250) + ([text_size % 250] if text_size % 250 else [])
    return EITEvent(
        event_id=event_id,
        start_time=start,
        duration=timedelta(minutes=30),
        descriptors=tuple(RawDescriptor(tag=0xF0, payload=fill * size) for size in sizes),
    )


def _day_of_events(first_id: int, days: int = 8) -> list[EITEvent]:
    midnight = START.replace(hour=0, minute=0)
    return [_event(first_id + i, midnight + timedelta(minutes=30) * i) for i in range(48 * days)]


def _carousel(delivery: DeliverySystem = DeliverySystem.TERRESTRIAL, **kw: object) -> SICarousel:
    carousel = SICarousel(
        start=START, transport_stream_id=TSID, original_network_id=ONID, delivery=delivery, **kw
    )
    services = tuple(
        SDTService(service_id=sid, eit_schedule=True, eit_present_following=True, running_status=4)
        for sid in (101, 102)
    )
    pmts = {
        0x100 + i: PMT(
            program_number=sid,
            pcr_pid=0x200 + i,
            streams=(ElementaryStream(stream_type=0x1B, elementary_pid=0x200 + i),),
        )
        for i, sid in enumerate((101, 102))
    }
    carousel.set_tables(
        pat=PAT(transport_stream_id=TSID, programs={101: 0x100, 102: 0x101}, network_pid=0x10),
        pmts=pmts,
        sdt=SDT(transport_stream_id=TSID, original_network_id=ONID, services=services),
        nit=NIT(
            network_id=0x3001,
            transport_streams=(
                NITTransportStream(transport_stream_id=TSID, original_network_id=ONID),
            ),
        ),
        tot=TOT(utc_time=START, descriptors=(RawDescriptor(tag=0x58, payload=bytes(13)),)),
    )
    for sid in (101, 102):
        events = _day_of_events(sid * 100)
        carousel.update_eit_pf(sid, events[19], events[20])
        carousel.update_schedule(sid, events)
    return carousel


class Capture:
    """Sections decoded back from the carousel's packets, with their due times."""

    def __init__(self) -> None:
        self.assemblers: dict[int, SectionAssembler] = {}
        self.sections: list[tuple[int, Section]] = []
        self.continuity: dict[int, int] = {}
        self.packets = 0

    def feed(self, batch: list[tuple[int, bytes]]) -> None:
        for due, packet in batch:
            self.packets += 1
            assert len(packet) == 188
            pid = int.from_bytes(packet[1:3], "big") & 0x1FFF
            cc = packet[3] & 0x0F
            if pid in self.continuity:
                assert cc == (self.continuity[pid] + 1) % 16, f"CC jump on PID {pid:#x}"
            self.continuity[pid] = cc
            assembler = self.assemblers.setdefault(pid, SectionAssembler(pid))
            for item in assembler.feed(packet):
                assert isinstance(item, Section), item
                self.sections.append((due, item))


def _run(
    carousel: SICarousel, seconds: float, step: float = 0.1, capture: Capture | None = None
) -> Capture:
    capture = capture or Capture()
    ticks = int(step * SECOND)
    end = carousel._now + int(seconds * SECOND)
    while carousel._now < end:
        batch = carousel.packets_due(carousel._now + ticks)
        assert [due for due, _ in batch] == sorted(due for due, _ in batch)
        capture.feed(batch)
    return capture


def _intervals(capture: Capture) -> dict[tuple[int, int, int], list[float]]:
    times: dict[tuple[int, int, int], list[float]] = defaultdict(list)
    for due, section in capture.sections:
        times[(section.table_id, section.table_id_extension, section.section_number)].append(
            due / SECOND
        )
    return times


def _max_gap(times: list[float], horizon: float) -> float:
    points = [0.0, *times, horizon]
    return max(b - a for a, b in itertools.pairwise(points))


@pytest.fixture(scope="module")
def terrestrial_minute() -> tuple[SICarousel, Capture]:
    carousel = _carousel()
    return carousel, _run(carousel, 62)


def test_every_section_meets_its_repetition_rate(
    terrestrial_minute: tuple[SICarousel, Capture],
) -> None:
    carousel, capture = terrestrial_minute
    horizon = carousel._now / SECOND
    for (table_id, ext, number), times in _intervals(capture).items():
        if 0x50 <= table_id <= 0x5F:
            day = (32 * (table_id & 0xF) + number // 8) // 8
            limit = 10.0 if day == 0 else 30.0
        else:
            limit = LIMITS[table_id]
        assert _max_gap(times, horizon) <= limit, (hex(table_id), ext, number)


def test_all_schedule_sections_are_carried(terrestrial_minute: tuple[SICarousel, Capture]) -> None:
    _, capture = terrestrial_minute
    seen = {(s.table_id, s.table_id_extension, s.section_number) for _, s in capture.sections}
    for sid in (101, 102):
        numbers_50 = {n for t, e, n in seen if (t, e) == (0x50, sid)}
        numbers_51 = {n for t, e, n in seen if (t, e) == (0x51, sid)}
        assert {8 * k for k in range(32)} <= numbers_50
        assert {8 * k for k in range(32)} <= numbers_51


def test_sections_of_one_sub_table_are_25ms_apart(
    terrestrial_minute: tuple[SICarousel, Capture],
) -> None:
    _, capture = terrestrial_minute
    last: dict[tuple[int, int], int] = {}
    for due, section in capture.sections:
        key = (section.table_id, section.table_id_extension)
        if key in last:
            assert due - last[key] >= 0.025 * SECOND, key
        last[key] = due


def test_tdt_and_tot_carry_their_due_time(terrestrial_minute: tuple[SICarousel, Capture]) -> None:
    _, capture = terrestrial_minute
    times = [(due, s) for due, s in capture.sections if s.table_id in (0x70, 0x73)]
    assert len(times) >= 2 * 12
    for due, section in times:
        table = TDT.decode([section]) if section.table_id == 0x70 else TOT.decode([section])
        expected = (START + timedelta(seconds=due / SECOND)).replace(microsecond=0)
        assert table.utc_time == expected


def test_reported_bitrate_covers_what_was_sent(
    terrestrial_minute: tuple[SICarousel, Capture],
) -> None:
    carousel, capture = terrestrial_minute
    sent = capture.packets * 188 * 8 / (carousel._now / SECOND)
    assert sent <= carousel.si_bitrate()
    assert carousel.si_bitrate() < 3 * sent  # an honest bound, not a wild one


def test_satellite_primes_all_eight_days() -> None:
    carousel = _carousel(DeliverySystem.SATELLITE)
    capture = _run(carousel, 21, step=0.5)
    horizon = carousel._now / SECOND
    for (table_id, _, _), times in _intervals(capture).items():
        if 0x50 <= table_id <= 0x5F:
            assert _max_gap(times, horizon) <= 10.0


def test_versions_move_only_on_a_real_change() -> None:
    carousel = _carousel()
    sdt = carousel._tables[("sdt",)]
    carousel.set_tables(sdt=sdt)  # same content: nothing re-encoded
    assert carousel._tables[("sdt",)] is sdt
    changed = SDT(transport_stream_id=TSID, original_network_id=ONID, services=sdt.services[:1])
    carousel.set_tables(sdt=changed)
    assert carousel._tables[("sdt",)].version_number == 1
    capture = _run(carousel, 1)
    sdts = [s for _, s in capture.sections if s.table_id == 0x42]
    assert {s.version_number for s in sdts} == {1}
    assert SDT.decode(sdts[:1]).services == changed.services


def test_pf_update_bumps_its_version_only_when_changed() -> None:
    carousel = _carousel()
    events = _day_of_events(10_100)
    carousel.update_eit_pf(101, events[19], events[20])
    assert carousel._tables[("pf", 101)].version_number == 0
    carousel.update_eit_pf(101, events[20], events[21])
    assert carousel._tables[("pf", 101)].version_number == 1
    assert carousel._tables[("pf", 102)].version_number == 0


def test_a_changed_event_re_encodes_only_its_segment() -> None:
    carousel = _carousel()
    schedule = carousel._schedules[101]
    before = {t: [s.payload for s in sections] for t, sections in schedule.sections.items()}
    events = _day_of_events(10_100)
    events[100] = _event(99, events[100].start_time, text_size=50)  # day 2, segment 16
    assert carousel.update_schedule(101, events) == {0x50}
    after = {t: [s.payload for s in sections] for t, sections in schedule.sections.items()}
    assert after[0x51] == before[0x51]
    differing = [
        i for i, (a, b) in enumerate(zip(before[0x50], after[0x50], strict=True)) if a != b
    ]
    numbers = [s.section_number for s in schedule.sections[0x50]]
    assert {numbers[i] // 8 for i in differing} == {16}
    assert schedule.version(0x50) == 1
    assert schedule.version(0x51) == 0
    assert carousel.update_schedule(101, events) == set()


def test_midnight_renumbers_segments_and_bumps_versions() -> None:
    start = datetime(2026, 3, 2, 23, 59, 50, tzinfo=UTC)
    carousel = SICarousel(start=start, transport_stream_id=TSID, original_network_id=ONID)
    midnight = datetime(2026, 3, 2, tzinfo=UTC)
    events = [_event(i, midnight + timedelta(hours=3) * i, 20) for i in range(16)]
    carousel.update_schedule(101, events)
    capture = _run(carousel, 30, step=0.5)
    after = [s for due, s in capture.sections if s.table_id == 0x50 and due >= 10 * SECOND]
    assert after
    assert {s.version_number for s in after} == {1}
    first_events = [read_eit_section(s)[1] for s in after if s.section_number == 0]
    assert first_events[0][0].start_time == midnight + timedelta(days=1)


def test_one_section_per_packet_for_weak_decoders() -> None:
    carousel = _carousel(packing=Packing(one_section_per_packet=True))
    batch = carousel.packets_due(SECOND)
    starts = [p for _, p in batch if p[1] & 0x40]
    assert starts
    assert all(p[4] == 0 for p in starts)
    capture = Capture()
    capture.feed(batch)
    assert len(capture.sections) == len(starts)


def test_pmt_set_replaces_and_removes() -> None:
    carousel = _carousel()
    pmt = carousel._tables[("pmt", 0x100)]
    carousel.set_tables(pmts={0x100: pmt})
    assert ("pmt", 0x101) not in carousel._groups
    capture = _run(carousel, 1)
    assert {s.table_id_extension for _, s in capture.sections if s.table_id == 0x02} == {101}


@settings(max_examples=int(os.environ.get("CAROUSEL_EXAMPLES", "12")))
@given(
    services=st.integers(1, 4),
    per_day=st.integers(0, 48),
    text_size=st.integers(0, 1500),
    delivery=st.sampled_from(list(DeliverySystem)),
    one_per_packet=st.booleans(),
    step=st.sampled_from([0.02, 0.1, 0.7]),
)
def test_rates_hold_for_any_multiplex(
    services: int,
    per_day: int,
    text_size: int,
    delivery: DeliverySystem,
    one_per_packet: bool,
    step: float,
) -> None:
    carousel = SICarousel(
        start=START,
        transport_stream_id=TSID,
        original_network_id=ONID,
        delivery=delivery,
        packing=Packing(one_section_per_packet=one_per_packet),
    )
    carousel.set_tables(
        sdt=SDT(transport_stream_id=TSID, original_network_id=ONID),
        tot=TOT(utc_time=START),
    )
    midnight = START.replace(hour=0, minute=0)
    for sid in range(1, services + 1):
        minutes = 24 * 60 // max(per_day, 1)
        events = [
            _event(i + 1, midnight + timedelta(minutes=minutes) * i, text_size)
            for i in range(per_day * 8)
        ]
        carousel.update_eit_pf(sid, events[0] if events else None, None)
        carousel.update_schedule(sid, events)
    capture = _run(carousel, 32, step=step)
    horizon = carousel._now / SECOND
    prime_days = 1 if delivery is DeliverySystem.TERRESTRIAL else 8
    for (table_id, _, number), times in _intervals(capture).items():
        if 0x50 <= table_id <= 0x5F:
            day = (32 * (table_id & 0xF) + number // 8) // 8
            limit = 10.0 if day < prime_days else 30.0
        else:
            limit = LIMITS[table_id]
        assert _max_gap(times, horizon) <= limit
    expected = {
        (t, sid, s.section_number)
        for sid, schedule in carousel._schedules.items()
        for t, sections in schedule.sections.items()
        for s in sections
    }
    assert expected <= set(_intervals(capture))
