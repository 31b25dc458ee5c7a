"""The plan as PSI/SI: PMTs, SDT, NIT (delivery descriptor, LCNs), TOT, and EIT programmes.

Everything here is a pure mapping from the plan model onto `epg`'s tables and programme model;
the SI carousel (`epg.carousel`) schedules and packetizes the result. One EPG event covers one
scheduled slot (the lecture and its end-card together, EN 300 468 §5.2.4), from its hard start
to its planned end.

Plan languages may be ISO 639-1 (``kk``, ``ru``, ``en``) or 639-2 (``kaz``); DVB carries 639-2.
Delivery parameters in the plan are the descriptor's own field names (EN 300 468 §6.2.13,
§6.4.6.3), e.g. ``frequency``, ``symbol_rate``, ``modulation`` for DVB-C.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from epg.descriptors.base import Descriptor
from epg.descriptors.delivery import (
    CableDeliverySystemDescriptor,
    SatelliteDeliverySystemDescriptor,
    T2Cell,
    T2DeliverySystemDescriptor,
    T2Details,
    TerrestrialDeliverySystemDescriptor,
)
from epg.descriptors.mpeg import ISO639Language, ISO639LanguageDescriptor
from epg.programme import Channel, Genre, Localized, ParentalRating, Programme
from epg.si_builder import (
    MultiplexIds,
    NetworkStream,
    build_network_nit,
    build_sdt,
    build_tot,
)
from epg.tables.nit import NIT
from epg.tables.sdt import SDT
from epg.tables.time import TOT
from mpegts.ids import StreamType
from mpegts.psi.pmt import PMT, ElementaryStream
from playout.errors import ConfigurationError
from playout.plan.model import EventPlan, NetworkPlan, ServicePlan, TransportStreamPlan

__all__ = [
    "audio_language_descriptor",
    "carousel_delivery",
    "channel_id",
    "event_programme",
    "language_639_2",
    "network_nit",
    "service_pmt",
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
#: the service_descriptor's name is the English one where a service has it (else its first).
_PRIMARY_LANGUAGE = "eng"
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


def audio_language_descriptor(code: str) -> bytes:
    """The ISO_639_language_descriptor of one audio stream (ISO/IEC 13818-1 §2.6.18, tag 0x0A):
    its ISO 639-2 code and audio_type 0 ("undefined", i.e. ordinary programme audio)."""
    language = ISO639Language(iso_639_language_code=language_639_2(code), audio_type=0)
    return ISO639LanguageDescriptor(languages=(language,)).encode()


def service_pmt(service: ServicePlan, stream_types: Sequence[int]) -> PMT:
    """The service's PMT: video then audio streams on the house PIDs, PCR on the video PID (the
    splicer keeps it there). ``stream_types`` are the rendition's (video first, then audio).

    AC-3 travels as stream_type 0x06 with its DVB descriptor (EN 300 468 annex D); every audio
    stream whose language the plan states also carries an ISO_639_language_descriptor, so a
    receiver shows (and can choose by) the spoken language instead of "unknown".
    """
    streams = [ElementaryStream(stream_type=stream_types[0], elementary_pid=service.pids.video)]
    languages = [audio_language_descriptor(code) for code in service.audio_languages]
    for index, (stream_type, pid) in enumerate(
        zip(stream_types[1:], service.pids.audio, strict=False)
    ):
        language = languages[index] if index < len(languages) else b""
        if stream_type == StreamType.PRIVATE_PES:
            streams.append(ElementaryStream.ac3(pid, extra_descriptors=language))
        else:
            streams.append(
                ElementaryStream(stream_type=stream_type, elementary_pid=pid, descriptors=language)
            )
    return PMT(
        program_number=service.service_id, pcr_pid=service.pids.video, streams=tuple(streams)
    )


def _localized(texts: dict[str, str]) -> Localized:
    return Localized({language_639_2(k): v for k, v in texts.items()})


def service_type_for(video_stream_type: int) -> int:
    """EN 300 468 Table 87: MPEG-2 SD 0x01, H.264 HD 0x19, HEVC 0x1F."""
    return {0x02: 0x01, 0x1B: 0x19, 0x24: 0x1F}.get(video_stream_type, 0x19)


def channel_id(service: ServicePlan, ts: TransportStreamPlan, network: NetworkPlan) -> str:
    return Channel.dvb_id(service.service_id, ts.transport_stream_id, network.original_network_id)


def _channel(service: ServicePlan, ts: TransportStreamPlan, network: NetworkPlan) -> Channel:
    return Channel(
        id=channel_id(service, ts, network),
        display_names=_localized(service.names),
        lcn=service.lcn,
        service_id=service.service_id,
    )


def _service_types(ts: TransportStreamPlan, video_types: dict[int, int]) -> dict[int, int]:
    return {
        s.service_id: service_type_for(video_types.get(s.service_id, 0x1B)) for s in ts.services
    }


def transport_stream_sdt(
    network: NetworkPlan, ts: TransportStreamPlan, video_types: dict[int, int]
) -> SDT:
    """SDT actual with the EIT flags set: every service has p/f and an 8-day schedule.

    The service_descriptor carries the English name where there is one (what a receiver lists);
    every language travels in the multilingual_service_name_descriptor.
    """
    return build_sdt(
        [_channel(s, ts, network) for s in ts.services],
        ids=_ids(network, ts),
        provider_names={},
        service_types=_service_types(ts, video_types),
        primary_language=_PRIMARY_LANGUAGE,
        service_providers={
            s.service_id: {language_639_2(lang): s.provider for lang in s.names}
            for s in ts.services
        },
    )


def _ids(network: NetworkPlan, ts: TransportStreamPlan) -> MultiplexIds:
    return MultiplexIds(
        transport_stream_id=ts.transport_stream_id,
        original_network_id=network.original_network_id,
        network_id=network.network_id,
    )


#: T2 keys of the plan that make the descriptor's optional part, and their defaults: SISO, 8 MHz,
#: guard interval 19/256 and 32k FFT (EN 300 468 §6.4.6.3 tables for SISO/MISO, bandwidth,
#: guard_interval and transmission_mode), the usual fixed-reception DVB-T2 configuration.
_T2_DETAILS = {"siso_miso": 0, "bandwidth": 0, "guard_interval": 6, "transmission_mode": 5}


def _t2_parameters(parameters: dict[str, Any]) -> dict[str, Any]:
    """plp_id/t2_system_id as given; with ``centre_frequency`` (Hz) or ``bandwidth`` also the
    descriptor's optional part: one cell (``cell_id``, default 0) on that frequency."""
    if "centre_frequency" not in parameters and "bandwidth" not in parameters:
        return parameters
    frequency = parameters.pop("centre_frequency", None)
    cell_id = parameters.pop("cell_id", 0)
    fields = {key: parameters.pop(key, default) for key, default in _T2_DETAILS.items()}
    cells = () if frequency is None else (T2Cell(cell_id=cell_id, centre_frequencies=(frequency,)),)
    return parameters | {"details": T2Details(**fields, cells=cells)}


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
    if network.delivery_system == "dvb-t2":
        parameters = _t2_parameters(parameters)
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
    streams = [
        NetworkStream(
            transport_stream_id=ts.transport_stream_id,
            original_network_id=network.original_network_id,
            channels=[_channel(s, ts, network) for s in ts.services],
            delivery=delivery,
            service_types=_service_types(ts, video_types),
        )
        for ts in network.transport_streams
    ]
    return build_network_nit(
        network_id=network.network_id,
        network_names={"eng": network.name},
        streams=streams,
        primary_language=_PRIMARY_LANGUAGE,
    )


def tot_template(timezone: str, now: datetime) -> TOT:
    """TOT with the station's local time offset (EN 300 468 §6.2.20), e.g. UTC+05:00 Almaty.

    The next change is announced at the coming new year with the offset tzdata gives then.
    """
    zone = ZoneInfo(timezone)
    change = datetime(now.year + 1, 1, 1, tzinfo=UTC)
    return build_tot(
        now,
        country_code=_TIMEZONE_COUNTRY.get(timezone, "KAZ"),
        offset=now.astimezone(zone).utcoffset() or timedelta(0),
        time_of_change=change,
        next_offset=change.astimezone(zone).utcoffset() or timedelta(0),
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
