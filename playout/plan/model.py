"""The station plan model: networks -> transport streams -> services -> events -> items.

This is the schedule as the playout consumes it. The catalogue maps its rows onto it and the YAML
plan loader builds it from a file; the playout never sees ORM models. Times are aware UTC
datetimes, durations timedeltas. Multilingual text is a mapping of ISO 639-1 code (``kk``,
``ru``, ``en``) to text. ``line`` fields record where a value came from in a plan file, so
validation errors can point at it; they are ``None`` for plans that do not come from a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar, Literal

__all__ = [
    "DeliverySystem",
    "EventPlan",
    "FileRef",
    "ItemPlan",
    "LectureRef",
    "MediaRef",
    "NetworkPlan",
    "ServicePids",
    "ServicePlan",
    "StationPlan",
    "TestSourceRef",
    "TransportStreamPlan",
]

DeliverySystem = Literal["dvb-t2", "dvb-t", "dvb-c", "dvb-s2", "dvb-s", "ip"]
ItemRole = Literal["lecture", "end_card"]


@dataclass(frozen=True, slots=True, kw_only=True)
class FileRef:
    """A rendition file (channel-ready TS); its index is read from beside it."""

    path: Path

    def describe(self) -> str:
        return f"file {self.path}"


@dataclass(frozen=True, slots=True, kw_only=True)
class LectureRef:
    """A lecture in the catalogue; the catalogue resolves it to its rendition for the profile."""

    lecture_id: str

    def describe(self) -> str:
        return f"lecture {self.lecture_id}"


@dataclass(frozen=True, slots=True, kw_only=True)
class TestSourceRef:
    """A generated test source (bars, tone, caption), made once by the encoder and cached."""

    __test__: ClassVar[bool] = False  # not a pytest test class

    seconds: float
    text: str = ""

    def describe(self) -> str:
        return f"test source {self.seconds:g} s {self.text!r}"


MediaRef = FileRef | LectureRef | TestSourceRef


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemPlan:
    """One item of an event: the lecture rendition or its end-card.

    ``planned_duration`` is the schedule's length for the item (the catalogue's slot). The
    rendition's own duration always wins; this stands in while there is no rendition yet (an
    encode still running), so the EPG shows the slot as planned and a late rendition is waited
    for until the slot's end, instead of the event shrinking to its known items.
    """

    role: ItemRole
    media: MediaRef
    line: int | None = None
    planned_duration: timedelta | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class EventPlan:
    """One scheduled slot: a hard start in UTC, its items back to back, and its EPG data.

    One EPG event covers the whole slot (the lecture and its end-card together).
    ``event_id`` is the EIT event_id (EN 300 468 §5.2.4), unique within the service.
    ``genre`` is the content_nibble byte (0xA0-0xAF leisure/education, 0x90 education).
    """

    event_id: int
    start: datetime
    items: tuple[ItemPlan, ...]
    title: dict[str, str]
    text: dict[str, str] = field(default_factory=dict)
    followup_url: str | None = None
    genre: int | None = None
    parental_rating: int | None = None
    line: int | None = None

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.start.utcoffset() != timedelta(0):
            raise ValueError(f"event {self.event_id}: start must be an aware UTC datetime")


@dataclass(frozen=True, slots=True, kw_only=True)
class ServicePids:
    """The service's house PIDs: every rendition's PIDs are remapped onto these."""

    pmt: int
    video: int
    audio: tuple[int, ...]

    def all(self) -> tuple[int, ...]:
        return (self.pmt, self.video, *self.audio)


@dataclass(frozen=True, slots=True, kw_only=True)
class ServicePlan:
    """One service (channel) of a transport stream, with its events in start order.

    ``filler_title``: if set, EIT present during filler is an event with this title (running);
    if not, the present section is empty between slots.
    ``audio_languages``: the spoken language of each audio PID, in ``pids.audio`` order (ISO
    639-1 or 639-2, like the text fields; ``und`` for undetermined), carried in the PMT as an
    ISO_639_language_descriptor (ISO/IEC 13818-1 §2.6.18). Empty means not stated: the PMT then
    carries no language and receivers show "unknown" rather than a guessed language.
    """

    service_id: int
    lcn: int
    names: dict[str, str]
    provider: str
    profile: str
    pids: ServicePids
    events: tuple[EventPlan, ...]
    filler: MediaRef | None = None
    filler_title: dict[str, str] | None = None
    audio_languages: tuple[str, ...] = ()
    line: int | None = None

    @property
    def name(self) -> str:
        """The name a receiver lists: English if given, else the first language."""
        return self.names.get("en") or next(iter(self.names.values()), f"service {self.service_id}")


@dataclass(frozen=True, slots=True, kw_only=True)
class TransportStreamPlan:
    """One multiplex: its TSID, its constant mux rate in bit/s and its services."""

    transport_stream_id: int
    mux_rate: int
    services: tuple[ServicePlan, ...]
    line: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class NetworkPlan:
    """A delivery network (one NIT): delivery system parameters and its multiplexes.

    ``delivery`` holds the delivery-system parameters as written in the plan (frequency,
    bandwidth, modulation, symbol rate, orbital position, ...); the SI builder maps them onto the
    delivery-system descriptor of EN 300 468 §6.2.13 / §6.4.6.3.
    """

    name: str
    network_id: int
    original_network_id: int
    delivery_system: DeliverySystem
    delivery: dict[str, Any]
    transport_streams: tuple[TransportStreamPlan, ...]
    line: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class StationPlan:
    """The whole plan: networks and the station's time zone (for the TOT)."""

    networks: tuple[NetworkPlan, ...]
    timezone: str = "Asia/Almaty"
    source: str | None = None

    def transport_streams(self) -> list[tuple[NetworkPlan, TransportStreamPlan]]:
        return [(n, ts) for n in self.networks for ts in n.transport_streams]

    def find_transport_stream(
        self, transport_stream_id: int
    ) -> tuple[NetworkPlan, TransportStreamPlan]:
        for network, ts in self.transport_streams():
            if ts.transport_stream_id == transport_stream_id:
                return network, ts
        raise KeyError(transport_stream_id)
