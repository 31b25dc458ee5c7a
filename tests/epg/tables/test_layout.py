"""Section layout: the TS 101 211 worked example (dvb-si.md A.3) and size-driven splitting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from epg.descriptors.registry import RawDescriptor
from epg.errors import TableEncodeError
from epg.tables.eit import EITEvent, EITSchedule, read_eit_section
from epg.tables.eit_segments import last_midnight, schedule_table_id, segment_index
from epg.tables.nit import NIT, NITTransportStream
from epg.tables.sdt import SDT, SDTService

NOW = datetime(2026, 3, 2, 9, 50, tzinfo=UTC)


def _event(event_id: int, start: datetime, size: int = 0) -> EITEvent:
    blob = (RawDescriptor(tag=0xF0, payload=bytes(min(size, 255))),) if size else ()
    return EITEvent(
        event_id=event_id, start_time=start, duration=timedelta(minutes=45), descriptors=blob
    )


def _schedule(events: tuple[EITEvent, ...], last_table_id: int = 0x50) -> EITSchedule:
    """Service 1's schedule with segments counted from last midnight before NOW."""
    return EITSchedule(
        service_id=1,
        transport_stream_id=1,
        original_network_id=1,
        segment_origin=last_midnight(NOW),
        last_table_id=last_table_id,
        events=events,
    )


def test_worked_example_layout() -> None:
    day0 = last_midnight(NOW)
    starts = [
        day0 + timedelta(hours=9),
        day0 + timedelta(hours=10),
        day0 + timedelta(hours=18, minutes=30),
        day0 + timedelta(days=1, hours=7),
    ]
    schedule = EITSchedule(
        service_id=101,
        transport_stream_id=0x10,
        original_network_id=0x2137,
        segment_origin=day0,
        last_table_id=0x50,
        events=tuple(_event(i + 1, start) for i, start in enumerate(starts)),
    )
    sections = schedule.encode()
    assert [s.section_number for s in sections] == list(range(0, 81, 8))
    assert {s.last_section_number for s in sections} == {80}
    placed = {}
    for section in sections:
        head, events = read_eit_section(section)
        assert head.segment_last_section_number == section.section_number
        assert head.last_table_id == 0x50
        placed[section.section_number] = [e.event_id for e in events]
        if not events:
            assert len(section.encode()) == 18
    assert placed[24] == [1, 2]
    assert placed[48] == [3]
    assert placed[80] == [4]


def test_segment_arithmetic() -> None:
    day0 = last_midnight(NOW)
    assert segment_index(day0 + timedelta(hours=9), day0) == 3
    assert schedule_table_id(31) == 0x50
    assert schedule_table_id(32) == 0x51
    assert schedule_table_id(40, actual=False) == 0x61
    with pytest.raises(TableEncodeError):
        schedule_table_id(16 * 32)


def test_full_segment_uses_several_sections() -> None:
    day0 = last_midnight(NOW)
    events = tuple(_event(i, day0 + timedelta(minutes=i), size=255) for i in range(60))
    sections = _schedule(events).encode()
    numbers = [s.section_number for s in sections]
    assert numbers == list(range(len(numbers)))
    assert 1 < len(numbers) <= 8
    assert all(len(s.encode()) <= 4096 for s in sections)
    assert {read_eit_section(s)[0].segment_last_section_number for s in sections} == {numbers[-1]}


def test_overfull_segment_is_refused_when_built() -> None:
    day0 = last_midnight(NOW)
    events = tuple(_event(i, day0 + timedelta(seconds=i), size=255) for i in range(200))
    schedule = _schedule(events)
    with pytest.raises(TableEncodeError, match="8"):
        schedule.encode()


def test_schedule_refuses_events_outside_its_table_or_unsorted() -> None:
    day0 = last_midnight(NOW)
    outside = _schedule((_event(1, day0 + timedelta(days=4)),), last_table_id=0x51)
    with pytest.raises(TableEncodeError):
        outside.encode()
    unsorted = _schedule((_event(1, day0 + timedelta(hours=2)), _event(2, day0)))
    with pytest.raises(TableEncodeError):
        unsorted.encode()


def test_sdt_splits_at_1024_bytes() -> None:
    services = tuple(
        SDTService(service_id=i, descriptors=(RawDescriptor(tag=0xF0, payload=bytes(100)),))
        for i in range(30)
    )
    sections = SDT(transport_stream_id=1, original_network_id=2, services=services).encode()
    assert len(sections) == 4  # 9 entries of 107 bytes fit in 1009
    assert all(len(s.encode()) <= 1024 for s in sections)
    assert [s.last_section_number for s in sections] == [3] * 4


def test_nit_splits_network_descriptors_then_streams() -> None:
    big = RawDescriptor(tag=0xF0, payload=bytes(200))
    streams = tuple(
        NITTransportStream(transport_stream_id=i, original_network_id=1, descriptors=(big,))
        for i in range(8)
    )
    nit = NIT(network_id=7, descriptors=(big,) * 6, transport_streams=streams)
    sections = nit.encode()
    assert all(len(s.encode()) <= 1024 for s in sections)
    assert NIT.decode(sections) == nit
    assert len(sections) == 4  # 6 x 202 + 8 x 208 bytes over 1008-byte sections


def test_entry_too_large_for_any_section_is_refused() -> None:
    huge = tuple(RawDescriptor(tag=0xF0, payload=bytes(255)) for _ in range(5))
    sdt = SDT(
        transport_stream_id=1,
        original_network_id=1,
        services=(SDTService(service_id=1, descriptors=huge),),
    )
    with pytest.raises(TableEncodeError):
        sdt.encode()


def test_out_of_range_fields_are_encode_errors() -> None:
    with pytest.raises(TableEncodeError):
        SDT(transport_stream_id=1, original_network_id=0x10000).encode()
    with pytest.raises(TableEncodeError):
        SDT(transport_stream_id=1, original_network_id=1, table_id=0x40).encode()
    with pytest.raises(TableEncodeError):
        NIT(network_id=1, version_number=32).encode()
