"""What the receiver learned from the SI: networks, the channel list, the EPG and the clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from epg.descriptors.time import LocalTimeOffsetDescriptor
from epg.errors import EPGError
from epg.tables.time import TDT, TOT
from mpegts.errors import DecodeError
from mpegts.section import Section
from receiver_tools.eventlist import EventInfo, decode_events
from receiver_tools.programs import ProgramMap
from receiver_tools.scan import NetworkInfo, ServiceInfo, scan_network, scan_services
from receiver_tools.sitables import SectionStore

__all__ = ["BroadcastTime", "SIView", "build_si_view"]


@dataclass(frozen=True, slots=True, kw_only=True)
class BroadcastTime:
    """UTC from the first and last TDT/TOT seen, and the TOT's local time offsets."""

    first_utc: datetime | None = None
    last_utc: datetime | None = None
    offsets: tuple[tuple[str, int, timedelta], ...] = ()  # (country, region, offset)


@dataclass(frozen=True, slots=True, kw_only=True)
class SIView:
    transport_stream_id: int | None = None
    networks: tuple[NetworkInfo, ...] = ()
    services: tuple[ServiceInfo, ...] = ()
    events: tuple[EventInfo, ...] = ()
    time: BroadcastTime = field(default_factory=BroadcastTime)
    problems: tuple[str, ...] = ()  # tables that could not be decoded, and why


def _utc(entries: dict[int, tuple[int, Section]]) -> datetime | None:
    """UTC of the TDT among `entries` (by table_id), else of the TOT; None if neither decodes."""
    for table_id, kind in ((0x70, TDT), (0x73, TOT)):
        entry = entries.get(table_id)
        if entry is None:
            continue
        try:
            return kind.decode([entry[1]]).utc_time
        except (EPGError, DecodeError):
            continue
    return None


def _broadcast_time(store: SectionStore) -> BroadcastTime:
    offsets: list[tuple[str, int, timedelta]] = []
    entry = store.last_time.get(0x73)
    if entry is not None:
        try:
            tot = TOT.decode([entry[1]])
        except (EPGError, DecodeError):
            tot = None
        for d in tot.descriptors if tot else ():
            if isinstance(d, LocalTimeOffsetDescriptor):
                offsets.extend(
                    (o.country_code, o.country_region_id, o.local_time_offset) for o in d.offsets
                )
    return BroadcastTime(
        first_utc=_utc(store.first_time),
        last_utc=_utc(store.last_time),
        offsets=tuple(offsets),
    )


def build_si_view(store: SectionStore, programs: ProgramMap) -> SIView:
    problems: list[str] = []
    networks = scan_network(store, problems)
    services = scan_services(store, programs, problems)
    events = decode_events(store, problems)
    return SIView(
        transport_stream_id=programs.transport_stream_id,
        networks=tuple(networks),
        services=tuple(services),
        events=tuple(events),
        time=_broadcast_time(store),
        problems=tuple(problems),
    )
