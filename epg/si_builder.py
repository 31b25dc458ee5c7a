"""A multiplex's service tables from the channel model: SDT actual, NIT actual and the TOT.

What a receiver needs to list and tune our channels, and nothing it would have to guess:

* **SDT actual** (EN 300 468 §5.2.3): per channel a service_descriptor (0x48) in the primary
  language, a multilingual_service_name_descriptor (0x5D) so the Kazakh, Russian and English
  names all travel (§6.2.26), EIT_schedule_flag and EIT_present_following_flag set (ffmpeg
  leaves both 0, and receivers then never look for our EPG), running_status "running".
* **NIT actual** (§5.2.1): network_name (0x40) and multilingual_network_name (0x5B) in the
  first loop; for our transport stream its delivery-system descriptors (passed in: DVB-T2 0x7F/
  0x04 plus 0x5A, DVB-C 0x44, DVB-S/S2 0x43 + 0x79), the service_list (0x41) and, after
  private_data_specifier 0x28 (EACEM), the logical_channel_descriptor (0x83) with each
  channel's LCN (dvb-si.md A.7).
* **TOT** (§5.2.6): a local_time_offset_descriptor (0x58) for the station's country; Kazakhstan
  is "KAZ", UTC+05:00, no DST. The offsets come from the caller (who reads tzdata), so this
  module stays pure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from epg.descriptors.network import (
    MultilingualName,
    MultilingualNetworkNameDescriptor,
    NetworkNameDescriptor,
    ServiceListDescriptor,
    ServiceListEntry,
)
from epg.descriptors.private import (
    LogicalChannel,
    LogicalChannelDescriptor,
    PrivateDataSpecifierDescriptor,
)
from epg.descriptors.service import (
    MultilingualServiceName,
    MultilingualServiceNameDescriptor,
    ServiceDescriptor,
)
from epg.descriptors.time import LocalTimeOffset, LocalTimeOffsetDescriptor
from epg.errors import DescriptorEncodeError, TableEncodeError, TextEncodeError
from epg.tables.nit import NIT, NITTransportStream
from epg.tables.sdt import SDT, SDTService
from epg.tables.time import TOT

if TYPE_CHECKING:
    from epg.descriptors.base import Descriptor
    from epg.programme import Channel

__all__ = [
    "MultiplexIds",
    "NetworkStream",
    "build_network_nit",
    "build_nit",
    "build_sdt",
    "build_tot",
]

_RUNNING = 4
_EACEM = 0x28
#: advanced codec (H.264) HD digital television (EN 300 468 table 87).
DEFAULT_SERVICE_TYPE = 0x19


@dataclass(frozen=True, slots=True, kw_only=True)
class MultiplexIds:
    """The ids of our transport stream and network."""

    transport_stream_id: int
    original_network_id: int
    network_id: int


def _service_id(channel: Channel) -> int:
    if channel.service_id is None:
        raise TableEncodeError(f"channel {channel.id} has no service_id")
    return channel.service_id


def _ordered(names: Mapping[str, str], primary: str) -> list[tuple[str, str]]:
    first = [(primary, names[primary])] if primary in names else []
    return first + [(lang, text) for lang, text in names.items() if lang != primary]


def _pick(names: Mapping[str, str], primary: str) -> str:
    ordered = _ordered(names, primary)
    return ordered[0][1] if ordered else ""


def _service_entry(
    channel: Channel, providers: Mapping[str, str], service_type: int, primary: str
) -> SDTService:
    names = _ordered(channel.display_names, primary)
    multilingual = tuple(
        MultilingualServiceName(
            iso_639_language_code=lang,
            service_provider_name=providers.get(lang, _pick(providers, primary)),
            service_name=name,
        )
        for lang, name in names
    )
    descriptors: tuple[Descriptor, ...] = (
        ServiceDescriptor(
            service_type=service_type,
            service_provider_name=_pick(providers, primary),
            service_name=names[0][1],
        ),
        MultilingualServiceNameDescriptor(names=multilingual),
    )
    return SDTService(
        service_id=_service_id(channel),
        eit_schedule=True,
        eit_present_following=True,
        running_status=_RUNNING,
        descriptors=descriptors,
    )


def build_sdt(
    channels: Sequence[Channel],
    *,
    ids: MultiplexIds,
    provider_names: Mapping[str, str],
    service_types: Mapping[int, int] | None = None,
    primary_language: str = "kaz",
    service_providers: Mapping[int, Mapping[str, str]] | None = None,
) -> SDT:
    """SDT actual for `channels`; `service_types` maps service_id -> service_type (0x19).

    `provider_names` is the multiplex's provider; `service_providers` overrides it per
    service_id where services of one multiplex come from different providers.
    """
    types = service_types or {}
    providers = service_providers or {}
    try:
        services = tuple(
            _service_entry(
                channel,
                providers.get(_service_id(channel), provider_names),
                types.get(_service_id(channel), DEFAULT_SERVICE_TYPE),
                primary_language,
            )
            for channel in channels
        )
        sdt = SDT(
            transport_stream_id=ids.transport_stream_id,
            original_network_id=ids.original_network_id,
            services=services,
        )
        sdt.encode()  # names too long for their descriptors are found now, not on the air
    except (TextEncodeError, DescriptorEncodeError) as exc:
        raise TableEncodeError(f"SDT: {exc}") from exc
    return sdt


def _network_descriptors(names: Mapping[str, str], primary: str) -> tuple[Descriptor, ...]:
    ordered = _ordered(names, primary)
    return (
        NetworkNameDescriptor(network_name=ordered[0][1]),
        MultilingualNetworkNameDescriptor(
            names=tuple(MultilingualName(iso_639_language_code=lang, name=n) for lang, n in ordered)
        ),
    )


def _stream_descriptors(
    channels: Sequence[Channel], delivery: Sequence[Descriptor], types: Mapping[int, int]
) -> tuple[Descriptor, ...]:
    services = ServiceListDescriptor(
        services=tuple(
            ServiceListEntry(
                service_id=_service_id(c),
                service_type=types.get(_service_id(c), DEFAULT_SERVICE_TYPE),
            )
            for c in channels
        )
    )
    numbered = [c for c in channels if c.lcn is not None]
    lcn: tuple[Descriptor, ...] = ()
    if numbered:
        lcn = (
            PrivateDataSpecifierDescriptor(private_data_specifier=_EACEM),
            LogicalChannelDescriptor(
                channels=tuple(
                    LogicalChannel(service_id=_service_id(c), logical_channel_number=c.lcn or 0)
                    for c in numbered
                )
            ),
        )
    return (*delivery, services, *lcn)


@dataclass(frozen=True, slots=True, kw_only=True)
class NetworkStream:
    """One transport stream of a network as the NIT describes it (§5.2.1, second loop)."""

    transport_stream_id: int
    original_network_id: int
    channels: Sequence[Channel]
    delivery: Sequence[Descriptor]
    service_types: Mapping[int, int] = field(default_factory=dict)


def build_network_nit(
    *,
    network_id: int,
    network_names: Mapping[str, str],
    streams: Sequence[NetworkStream],
    primary_language: str = "kaz",
) -> NIT:
    """NIT actual describing every transport stream of the network (see the module docstring)."""
    if not network_names:
        raise TableEncodeError("a NIT needs a network name")
    try:
        nit = NIT(
            network_id=network_id,
            descriptors=_network_descriptors(network_names, primary_language),
            transport_streams=tuple(
                NITTransportStream(
                    transport_stream_id=stream.transport_stream_id,
                    original_network_id=stream.original_network_id,
                    descriptors=_stream_descriptors(
                        stream.channels, stream.delivery, stream.service_types
                    ),
                )
                for stream in streams
            ),
        )
        nit.encode()
    except (TextEncodeError, DescriptorEncodeError) as exc:
        raise TableEncodeError(f"NIT: {exc}") from exc
    return nit


def build_nit(
    channels: Sequence[Channel],
    *,
    ids: MultiplexIds,
    network_names: Mapping[str, str],
    delivery: Sequence[Descriptor],
    service_types: Mapping[int, int] | None = None,
    primary_language: str = "kaz",
) -> NIT:
    """NIT actual describing our one transport stream."""
    stream = NetworkStream(
        transport_stream_id=ids.transport_stream_id,
        original_network_id=ids.original_network_id,
        channels=channels,
        delivery=delivery,
        service_types=service_types or {},
    )
    return build_network_nit(
        network_id=ids.network_id,
        network_names=network_names,
        streams=(stream,),
        primary_language=primary_language,
    )


def build_tot(
    utc_time: datetime,
    *,
    country_code: str = "KAZ",
    offset: timedelta = timedelta(hours=5),
    time_of_change: datetime | None = None,
    next_offset: timedelta | None = None,
) -> TOT:
    """A TOT with one local_time_offset entry (Kazakhstan: +05:00, no DST, by default).

    Without a coming change, `time_of_change` defaults to `utc_time` and `next_offset` to
    `offset`: receivers then apply the same offset on both sides of it.
    """
    entry = LocalTimeOffset(
        country_code=country_code,
        local_time_offset=offset,
        time_of_change=time_of_change or utc_time.replace(microsecond=0),
        next_time_offset=offset if next_offset is None else next_offset,
    )
    return TOT(
        utc_time=utc_time.replace(microsecond=0),
        descriptors=(LocalTimeOffsetDescriptor(offsets=(entry,)),),
    )
