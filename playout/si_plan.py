"""The plan as DVB SI: SDT, NIT (delivery descriptor, LCNs), TOT, and EIT programmes.

Everything here is a pure mapping from the plan model onto `epg`'s tables and programme model;
the SI carousel (`epg.carousel`) schedules and packetizes the result. One EPG event covers one
scheduled slot (the lecture and its end-card together, EN 300 468 §5.2.4), from its hard start
to its planned end.

Plan languages may be ISO 639-1 (``kk``, ``ru``, ``en``) or 639-2 (``kaz``); DVB carries 639-2.
Delivery parameters in the plan are the descriptor's own field names (EN 300 468 §6.2.13,
§6.4.6.3), e.g. ``frequency``, ``symbol_rate``, ``modulation`` for DVB-C.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from epg.descriptors.base import Descriptor
from epg.descriptors.delivery import (
    CableDeliverySystemDescriptor,
    SatelliteDeliverySystemDescriptor,
    T2DeliverySystemDescriptor,
    TerrestrialDeliverySystemDescriptor,
)
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
from epg.programme import Channel, Genre, Localized, ParentalRating, Programme
from epg.tables.nit import NIT, NITTransportStream
from epg.tables.sdt import SDT, SDTService
from epg.tables.time import TOT
from playout.errors import ConfigurationError
from playout.plan.model import EventPlan, NetworkPlan, ServicePlan, TransportStreamPlan

__all__ = [
    "carousel_delivery",
    "channel_id",
    "event_programme",
    "language_639_2",
    "network_nit",
    "service_type_for",
    "tot_template",
    "transport_stream_sdt",
]

_639_1_TO_2 = {
    "kk": "kaz",
    "ru": "rus",
    "en": "eng",
    "de": "deu",
    "fr": "fra",
    "tr": "tur",
    "uz": "uzb",
    "ky": "kir",
    "zh": "zho",
}
_EACEM = 0x00000028
_RUNNING_SERVICE = 4
_TIMEZONE_COUNTRY = {
    "Asia/Almaty": "KAZ",
    "Asia/Aqtobe": "KAZ",
    "Asia/Qyzylorda": "KAZ",
    "Asia/Oral": "KAZ",
    "Asia/Aqtau": "KAZ",
    "Asia/Atyrau": "KAZ",
    "Asia/Qostanay": "KAZ",
    "UTC": "GBR",
    "Europe/London": "GBR",
}


def language_639_2(code: str) -> str:
    """The ISO 639-2 code DVB uses for a plan language."""
    return _639_1_TO_2.get(code, code) if len(code) == 2 else code


def _localized(texts: dict[str, str]) -> Localized:
    return Localized({language_639_2(k): v for k, v in texts.items()})


def service_type_for(video_stream_type: int) -> int:
    """EN 300 468 Table 87: MPEG-2 SD 0x01, H.264 HD 0x19, HEVC 0x1F."""
    return {0x02: 0x01, 0x1B: 0x19, 0x24: 0x1F}.get(video_stream_type, 0x19)


def channel_id(service: ServicePlan, ts: TransportStreamPlan, network: NetworkPlan) -> str:
    return Channel.dvb_id(service.service_id, ts.transport_stream_id, network.original_network_id)


def transport_stream_sdt(
    network: NetworkPlan, ts: TransportStreamPlan, video_types: dict[int, int]
) -> SDT:
    """SDT actual with the EIT flags set: every service has p/f and an 8-day schedule."""
    services = []
    for service in ts.services:
        names = [
            MultilingualServiceName(
                iso_639_language_code=language_639_2(lang),
                service_provider_name=service.provider,
                service_name=name,
            )
            for lang, name in service.names.items()
        ]
        descriptors: tuple[Descriptor, ...] = (
            ServiceDescriptor(
                service_type=service_type_for(video_types.get(service.service_id, 0x1B)),
                service_provider_name=service.provider,
                service_name=service.name,
            ),
            MultilingualServiceNameDescriptor(names=tuple(names)),
        )
        services.append(
            SDTService(
                service_id=service.service_id,
                eit_schedule=True,
                eit_present_following=True,
                running_status=_RUNNING_SERVICE,
                descriptors=descriptors,
            )
        )
    return SDT(
        transport_stream_id=ts.transport_stream_id,
        original_network_id=network.original_network_id,
        services=tuple(services),
    )


def _delivery_descriptors(network: NetworkPlan) -> tuple[Descriptor, ...]:
    makers: dict[str, Callable[..., Descriptor]] = {
        "dvb-t2": T2DeliverySystemDescriptor,
        "dvb-t": TerrestrialDeliverySystemDescriptor,
        "dvb-c": CableDeliverySystemDescriptor,
        "dvb-s2": SatelliteDeliverySystemDescriptor,
        "dvb-s": SatelliteDeliverySystemDescriptor,
    }
    maker = makers.get(network.delivery_system)
    if maker is None:
        return ()
    parameters: dict[str, Any] = dict(network.delivery)
    if network.delivery_system == "dvb-s2":
        parameters.setdefault("modulation_system", 1)
    if network.delivery_system == "dvb-c":  # the usual J.83 annex A cable coding
        parameters.setdefault("fec_outer", 2)  # Reed-Solomon (204,188)
        parameters.setdefault("fec_inner", 15)  # no convolutional code
    try:
        return (maker(**parameters),)
    except (TypeError, ValueError) as exc:
        raise ConfigurationError(
            f"network {network.name!r}: delivery parameters {parameters} do not make a "
            f"{network.delivery_system} delivery descriptor: {exc}"
        ) from exc


def network_nit(network: NetworkPlan, video_types: dict[int, int]) -> NIT:
    """NIT actual: network name, and per multiplex delivery, service list and EACEM LCNs."""
    delivery = _delivery_descriptors(network)
    streams = []
    for ts in network.transport_streams:
        services = tuple(
            ServiceListEntry(
                service_id=s.service_id,
                service_type=service_type_for(video_types.get(s.service_id, 0x1B)),
            )
            for s in ts.services
        )
        channels = tuple(
            LogicalChannel(service_id=s.service_id, logical_channel_number=s.lcn)
            for s in ts.services
        )
        streams.append(
            NITTransportStream(
                transport_stream_id=ts.transport_stream_id,
                original_network_id=network.original_network_id,
                descriptors=(
                    *delivery,
                    ServiceListDescriptor(services=services),
                    PrivateDataSpecifierDescriptor(private_data_specifier=_EACEM),
                    LogicalChannelDescriptor(channels=channels),
                ),
            )
        )
    return NIT(
        network_id=network.network_id,
        descriptors=(
            NetworkNameDescriptor(network_name=network.name),
            MultilingualNetworkNameDescriptor(
                names=(MultilingualName(iso_639_language_code="eng", name=network.name),)
            ),
        ),
        transport_streams=tuple(streams),
    )


def tot_template(timezone: str, now: datetime) -> TOT:
    """TOT with the station's local time offset (EN 300 468 §6.2.20), e.g. UTC+05:00 Almaty."""
    zone = ZoneInfo(timezone)
    offset = now.astimezone(zone).utcoffset() or timedelta(0)
    country = _TIMEZONE_COUNTRY.get(timezone, "KAZ")
    change = datetime(now.year + 1, 1, 1, tzinfo=UTC)
    after = change.astimezone(zone).utcoffset() or timedelta(0)
    entry = LocalTimeOffset(
        country_code=country,
        local_time_offset=offset,
        time_of_change=change,
        next_time_offset=after,
    )
    return TOT(
        utc_time=now.replace(microsecond=0),
        descriptors=(LocalTimeOffsetDescriptor(offsets=(entry,)),),
    )


def event_programme(event: EventPlan, *, channel: str, stop: datetime) -> Programme:
    """The EPG programme of one slot: titles/texts per language, genre, rating, test URL."""
    genres = (Genre(level_1=event.genre >> 4, level_2=event.genre & 0xF),) if event.genre else ()
    ratings = (
        (ParentalRating(country="KAZ", age=event.parental_rating),)
        if event.parental_rating and 4 <= event.parental_rating <= 18
        else ()
    )
    return Programme(
        channel_id=channel,
        start=event.start,
        stop=max(stop, event.start + timedelta(seconds=1)),
        titles=_localized(event.title),
        descriptions=_localized(event.text),
        event_id=event.event_id,
        genres=genres,
        parental_ratings=ratings,
        test_url=event.followup_url,
    )


def carousel_delivery(network: NetworkPlan) -> str:
    """The carousel's repetition profile: terrestrial, cable or satellite."""
    system = network.delivery_system
    if system.startswith("dvb-c"):
        return "cable"
    if system.startswith("dvb-s"):
        return "satellite"
    return "terrestrial"
