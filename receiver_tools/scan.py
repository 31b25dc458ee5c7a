"""Service scan the way a receiver does it: NIT + SDT + PAT/PMT -> a channel list by LCN.

* NIT actual (EN 300 468 §5.2.1): network name, delivery system of each transport stream
  (terrestrial, T2, cable, satellite, S2) and logical channel numbers (EACEM/NorDig, after
  private_data_specifier).
* SDT (§5.2.3): service names and providers (per language when multilingual), service types,
  EIT schedule / present-following flags, running status, free_CA_mode.
* PAT/PMT (ISO/IEC 13818-1 §2.4.4): PMT PID, PCR PID and the elementary streams with codecs.

A table that fails to decode is noted in `SIView.problems` and left out; the scan goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from epg.descriptors.delivery import (
    CableDeliverySystemDescriptor,
    S2SatelliteDeliverySystemDescriptor,
    SatelliteDeliverySystemDescriptor,
    T2DeliverySystemDescriptor,
    TerrestrialDeliverySystemDescriptor,
)
from epg.descriptors.model import to_dict
from epg.descriptors.network import MultilingualNetworkNameDescriptor, NetworkNameDescriptor
from epg.descriptors.private import (
    LogicalChannelDescriptor,
    NorDigLogicalChannelV1Descriptor,
    NorDigLogicalChannelV2Descriptor,
)
from epg.descriptors.service import MultilingualServiceNameDescriptor, ServiceDescriptor
from epg.errors import EPGError
from epg.ids import SERVICE_TYPE_NAMES
from epg.tables.nit import NIT
from epg.tables.sdt import SDT, SDTService
from mpegts.errors import DecodeError
from receiver_tools.programs import ProgramMap
from receiver_tools.sitables import SectionStore

__all__ = ["NetworkInfo", "ServiceInfo", "StreamEntry", "scan_network", "scan_services"]

logger = logging.getLogger(__name__)

_DELIVERY = (
    TerrestrialDeliverySystemDescriptor,
    T2DeliverySystemDescriptor,
    CableDeliverySystemDescriptor,
    SatelliteDeliverySystemDescriptor,
    S2SatelliteDeliverySystemDescriptor,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class StreamEntry:
    pid: int
    stream_type: int
    codec: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceInfo:
    """One service of the channel list; what the source does not say stays None or empty."""

    service_id: int
    transport_stream_id: int | None
    original_network_id: int | None
    actual: bool
    lcn: int | None = None
    visible: bool = True
    name: str | None = None
    provider: str | None = None
    names: dict[str, str] = field(default_factory=dict)  # language -> name (multilingual)
    service_type: int | None = None
    eit_schedule: bool = False
    eit_present_following: bool = False
    running_status: int | None = None
    free_ca_mode: bool = False
    pmt_pid: int | None = None
    pcr_pid: int | None = None
    streams: tuple[StreamEntry, ...] = ()

    @property
    def service_type_name(self) -> str | None:
        if self.service_type is None:
            return None
        return SERVICE_TYPE_NAMES.get(self.service_type, f"0x{self.service_type:02X}")


@dataclass(frozen=True, slots=True, kw_only=True)
class TransportStreamInfo:
    transport_stream_id: int
    original_network_id: int
    delivery: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class NetworkInfo:
    network_id: int
    actual: bool
    name: str | None
    names: dict[str, str] = field(default_factory=dict)
    transport_streams: tuple[TransportStreamInfo, ...] = ()


def _decode(kind: type[Any], sections: list[Any], problems: list[str]) -> Any | None:
    try:
        return kind.decode(sections)
    except (EPGError, DecodeError) as exc:
        problems.append(f"{kind.__name__} (table_id 0x{sections[0].table_id:02X}): {exc}")
        return None


def scan_network(store: SectionStore, problems: list[str]) -> list[NetworkInfo]:
    networks = []
    for sections in store.tables(0x40, 0x41):
        nit = _decode(NIT, sections, problems)
        if nit is not None:
            networks.append(_network(nit))
    return networks


def _network(nit: NIT) -> NetworkInfo:
    name = next(
        (d.network_name for d in nit.descriptors if isinstance(d, NetworkNameDescriptor)), None
    )
    names = {
        n.iso_639_language_code: n.name
        for d in nit.descriptors
        if isinstance(d, MultilingualNetworkNameDescriptor)
        for n in d.names
    }
    streams = tuple(
        TransportStreamInfo(
            transport_stream_id=ts.transport_stream_id,
            original_network_id=ts.original_network_id,
            delivery=tuple(to_dict(d) for d in ts.descriptors if isinstance(d, _DELIVERY)),
        )
        for ts in nit.transport_streams
    )
    return NetworkInfo(
        network_id=nit.network_id,
        actual=nit.table_id == 0x40,
        name=name,
        names=names,
        transport_streams=streams,
    )


def _lcns(store: SectionStore, problems: list[str]) -> dict[tuple[int, int, int], tuple[int, bool]]:
    """(onid, tsid, service_id) -> (LCN, visible) from every NIT's transport-stream loops."""
    kinds = (LogicalChannelDescriptor, NorDigLogicalChannelV1Descriptor)
    lcns: dict[tuple[int, int, int], tuple[int, bool]] = {}
    for sections in store.tables(0x40, 0x41):
        nit = _decode(NIT, sections, [])
        for ts in nit.transport_streams if nit else ():
            key = (ts.original_network_id, ts.transport_stream_id)
            for d in ts.descriptors:
                channels = d.channels if isinstance(d, kinds) else ()
                if isinstance(d, NorDigLogicalChannelV2Descriptor):
                    channels = tuple(c for lst in d.channel_lists[:1] for c in lst.channels)
                for c in channels:
                    lcns.setdefault(
                        (*key, c.service_id), (c.logical_channel_number, c.visible_service)
                    )
    return lcns


def _names(service: SDTService) -> tuple[str | None, str | None, int | None, dict[str, str]]:
    name = provider = kind = None
    names: dict[str, str] = {}
    for d in service.descriptors:
        if isinstance(d, ServiceDescriptor):
            name, provider, kind = d.service_name, d.service_provider_name, d.service_type
        elif isinstance(d, MultilingualServiceNameDescriptor):
            names.update({n.iso_639_language_code: n.service_name for n in d.names})
    return name, provider, kind, names


def _streams(
    programs: ProgramMap, service_id: int
) -> tuple[int | None, int | None, tuple[StreamEntry, ...]]:
    pmt = programs.pmts.get(service_id)
    pmt_pid = programs.pmt_pids.get(service_id)
    if pmt is None:
        return pmt_pid, None, ()
    streams = tuple(
        StreamEntry(pid=s.elementary_pid, stream_type=s.stream_type, codec=s.codec)
        for s in pmt.streams
    )
    return pmt_pid, pmt.pcr_pid, streams


def _service(
    sdt: SDT,
    service: SDTService,
    lcns: dict[tuple[int, int, int], tuple[int, bool]],
    programs: ProgramMap,
) -> ServiceInfo:
    name, provider, kind, names = _names(service)
    actual = sdt.table_id == 0x42
    lcn = lcns.get((sdt.original_network_id, sdt.transport_stream_id, service.service_id))
    pmt_pid, pcr_pid, streams = (
        _streams(programs, service.service_id) if actual else (None, None, ())
    )
    return ServiceInfo(
        service_id=service.service_id,
        transport_stream_id=sdt.transport_stream_id,
        original_network_id=sdt.original_network_id,
        actual=actual,
        lcn=lcn[0] if lcn else None,
        visible=lcn[1] if lcn else True,
        name=name,
        provider=provider,
        names=names,
        service_type=kind,
        eit_schedule=service.eit_schedule,
        eit_present_following=service.eit_present_following,
        running_status=service.running_status,
        free_ca_mode=service.free_ca_mode,
        pmt_pid=pmt_pid,
        pcr_pid=pcr_pid,
        streams=streams,
    )


def _pat_only(programs: ProgramMap, known: Iterable[int]) -> list[ServiceInfo]:
    """Programs in the PAT that no SDT names (a receiver still lists them, unnamed)."""
    out = []
    for number in sorted(set(programs.pmt_pids) - set(known)):
        pmt_pid, pcr_pid, streams = _streams(programs, number)
        out.append(
            ServiceInfo(
                service_id=number,
                transport_stream_id=programs.transport_stream_id,
                original_network_id=None,
                actual=True,
                pmt_pid=pmt_pid,
                pcr_pid=pcr_pid,
                streams=streams,
            )
        )
    return out


def scan_services(
    store: SectionStore, programs: ProgramMap, problems: list[str]
) -> list[ServiceInfo]:
    """All services: actual first, ordered by LCN (services without one last), then others."""
    lcns = _lcns(store, problems)
    services: list[ServiceInfo] = []
    for sections in store.tables(0x42, 0x46):
        sdt = _decode(SDT, sections, problems)
        if sdt is not None:
            services.extend(_service(sdt, s, lcns, programs) for s in sdt.services)
    actual_ids = [s.service_id for s in services if s.actual]
    services.extend(_pat_only(programs, actual_ids))
    return sorted(
        services,
        key=lambda s: (
            not s.actual,
            s.lcn is None,
            s.lcn or 0,
            s.original_network_id or 0,
            s.transport_stream_id or 0,
            s.service_id,
        ),
    )
