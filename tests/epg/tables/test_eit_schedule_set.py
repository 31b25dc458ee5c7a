"""ServiceSchedule: incremental re-encoding equals encoding from scratch, versions move exactly
when a table_id's bytes change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from epg.descriptors.registry import RawDescriptor
from epg.tables.eit import EITEvent, EITSchedule
from epg.tables.eit_schedule_set import ScheduleIds, ServiceSchedule
from epg.tables.eit_segments import SEGMENT

ORIGIN = datetime(2026, 3, 2, tzinfo=UTC)
IDS = ScheduleIds(service_id=101, transport_stream_id=0x10, original_network_id=0x2137)

slots = st.lists(
    st.tuples(st.integers(0, 8 * 8 * 6 - 1), st.integers(0, 3)),
    max_size=40,
    unique_by=lambda t: t[0],
)


def _events(spec: list[tuple[int, int]]) -> list[EITEvent]:
    """An event every 30 min slot given, with one of four descriptor contents."""
    return [
        EITEvent(
            event_id=slot + 1,
            start_time=ORIGIN + timedelta(minutes=30) * slot,
            duration=timedelta(minutes=30),
            descriptors=(RawDescriptor(tag=0xF0, payload=bytes([kind]) * 60),),
        )
        for slot, kind in sorted(spec)
    ]


def _payloads(schedule: ServiceSchedule) -> dict[int, list[tuple[int, bytes]]]:
    return {
        t: [(s.section_number, s.payload) for s in sections]
        for t, sections in schedule.sections.items()
    }


@given(slots, slots)
def test_incremental_equals_scratch_and_versions_follow_bytes(
    first: list[tuple[int, int]], second: list[tuple[int, int]]
) -> None:
    schedule = ServiceSchedule(IDS, origin=ORIGIN)
    schedule.update(_events(first))
    before = _payloads(schedule)
    versions = {t: schedule.version(t) for t in schedule.sections}
    changed = schedule.update(_events(second))
    scratch = ServiceSchedule(IDS, origin=ORIGIN)
    scratch.update(_events(second))
    after = _payloads(schedule)
    assert after == _payloads(scratch)
    really_changed = {t for t in before.keys() | after.keys() if before.get(t) != after.get(t)}
    assert changed == really_changed
    for table_id in after:
        expected = versions.get(table_id)
        if table_id in really_changed:
            expected = 0 if expected is None else (expected + 1) % 32
        assert schedule.version(table_id) == expected
    for table_id, sections in schedule.sections.items():
        decoded = EITSchedule.decode(sections)
        window = [e for e in _events(second) if e.start_time is not None]
        first_segment = 32 * (table_id & 0x0F)
        mine = [
            e
            for e in window
            if first_segment <= (e.start_time - ORIGIN) // SEGMENT < first_segment + 32
        ]
        assert list(decoded.events) == mine
        assert [s.encode() for s in sections] == schedule.encoded(table_id)


def test_nothing_changed_nothing_reframed() -> None:
    schedule = ServiceSchedule(IDS, origin=ORIGIN)
    events = _events([(3, 1), (200, 2)])
    assert schedule.update(events) == {0x50, 0x51}
    assert schedule.update(list(reversed(events))) == set()
    assert schedule.version(0x50) == 0
