"""Hypothesis strategies for SI tables (epg.tables): field widths, full-width values, flags.

Descriptors are `RawDescriptor`s with tags no registry entry claims (user-defined tags without a
private_data_specifier in the loop), so they decode back to equal raw descriptors whatever the
descriptor families register; the descriptor codecs have their own properties.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import strategies as st

from epg.descriptors.registry import RawDescriptor
from epg.tables.eit import EITEvent, EITPresentFollowing, EITSchedule
from epg.tables.eit_segments import SEGMENT, SEGMENTS_PER_TABLE
from epg.tables.nit import NIT, NITTransportStream
from epg.tables.sdt import SDT, SDTService
from epg.tables.time import TDT, TOT

u16 = st.integers(0, 0xFFFF)
version = st.integers(0, 31)

raw_descriptors = st.builds(
    RawDescriptor, tag=st.integers(0xE0, 0xFE), payload=st.binary(max_size=40)
)
descriptor_loops = st.lists(raw_descriptors, max_size=4).map(tuple)

utc_times = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2037, 12, 31)).map(
    lambda t: t.replace(microsecond=0, tzinfo=UTC)
)
durations = st.integers(0, 99 * 3600 + 59 * 60 + 59).map(lambda s: timedelta(seconds=s))


_ANY_START = utc_times | st.none()


def events(
    start_times: st.SearchStrategy[datetime | None] = _ANY_START,
) -> st.SearchStrategy[EITEvent]:
    return st.builds(
        EITEvent,
        event_id=u16,
        start_time=start_times,
        duration=durations,
        running_status=st.integers(0, 7),
        free_ca_mode=st.booleans(),
        descriptors=descriptor_loops,
    )


sdt_services = st.builds(
    SDTService,
    service_id=u16,
    eit_schedule=st.booleans(),
    eit_present_following=st.booleans(),
    running_status=st.integers(0, 7),
    free_ca_mode=st.booleans(),
    descriptors=descriptor_loops,
)

sdts = st.builds(
    SDT,
    table_id=st.sampled_from([0x42, 0x46]),
    transport_stream_id=u16,
    original_network_id=u16,
    version_number=version,
    current_next_indicator=st.booleans(),
    services=st.lists(sdt_services, max_size=60).map(tuple),
)

nit_streams = st.builds(
    NITTransportStream,
    transport_stream_id=u16,
    original_network_id=u16,
    descriptors=descriptor_loops,
)

nits = st.builds(
    NIT,
    table_id=st.sampled_from([0x40, 0x41]),
    network_id=u16,
    version_number=version,
    current_next_indicator=st.booleans(),
    descriptors=st.lists(raw_descriptors, max_size=40).map(tuple),
    transport_streams=st.lists(nit_streams, max_size=40).map(tuple),
)

tdts = st.builds(TDT, utc_time=utc_times)
tots = st.builds(TOT, utc_time=utc_times, descriptors=descriptor_loops)

eit_pfs = st.builds(
    EITPresentFollowing,
    table_id=st.sampled_from([0x4E, 0x4F]),
    service_id=u16,
    transport_stream_id=u16,
    original_network_id=u16,
    version_number=version,
    current_next_indicator=st.booleans(),
    present=events() | st.none(),
    following=events() | st.none(),
)

midnights = st.dates(min_value=datetime(2000, 1, 1).date(), max_value=datetime(2030, 1, 1).date())


@st.composite
def eit_schedules(draw: st.DrawFn) -> EITSchedule:
    """A schedule table_id with events at ascending times inside its 32 segments."""
    table_id = draw(st.sampled_from([0x50, 0x51, 0x5F, 0x60, 0x6A]))
    day = draw(midnights)
    origin = datetime(day.year, day.month, day.day, tzinfo=UTC)
    first = origin + SEGMENT * SEGMENTS_PER_TABLE * (table_id & 0x0F)
    span = int((SEGMENT * SEGMENTS_PER_TABLE).total_seconds())
    offsets = sorted(draw(st.lists(st.integers(0, span - 1), max_size=30)))
    starts = [first + timedelta(seconds=s) for s in offsets]
    items = tuple(draw(events(st.just(start))) for start in starts)
    return EITSchedule(
        table_id=table_id,
        service_id=draw(u16),
        transport_stream_id=draw(u16),
        original_network_id=draw(u16),
        version_number=draw(version),
        current_next_indicator=draw(st.booleans()),
        last_table_id=draw(st.integers(table_id, table_id | 0x0F)),
        segment_origin=origin if items else None,
        events=items,
    )
