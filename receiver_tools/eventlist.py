"""EPG events as a receiver decodes them: EIT present/following and schedule, actual and other.

Every language present is kept (short_event name and text, extended_event text and items joined
over the descriptor chain, EN 300 468 §6.2.15). An event that appears both in p/f and in the
schedule is listed once, labelled from p/f. `to_programmes` maps the events onto the shared
programme model (`epg.programme`) so the XMLTV and JSON exporters of `epg.export` apply.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from epg.descriptors.event import (
    ContentDescriptor,
    ParentalRatingDescriptor,
    ShortEventDescriptor,
)
from epg.descriptors.event_fitting import join_extended_events
from epg.errors import EPGError, ProgrammeError
from epg.programme import Channel, Genre, ParentalRating, Programme
from epg.tables.eit import EITEvent, read_eit_section
from mpegts.errors import DecodeError
from mpegts.section import Section
from receiver_tools.scan import ServiceInfo
from receiver_tools.sitables import SectionStore

__all__ = ["EventInfo", "channel_id", "decode_events", "to_channels", "to_programmes"]

_LANGUAGE = re.compile(r"[a-z]{3}")
_URL = re.compile(r"https?://\S+")
_EIT_TABLES = tuple(range(0x4E, 0x70))


@dataclass(frozen=True, slots=True, kw_only=True)
class EventInfo:
    service_id: int
    transport_stream_id: int
    original_network_id: int
    event_id: int
    kind: str  # "present", "following" or "schedule"
    actual: bool
    start: datetime | None
    duration: timedelta
    running_status: int
    free_ca_mode: bool
    names: dict[str, str] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    extended_texts: dict[str, str] = field(default_factory=dict)
    items: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    content: tuple[tuple[int, int, int], ...] = ()
    ratings: tuple[tuple[str, int], ...] = ()

    @property
    def key(self) -> tuple[int, int, int, int]:
        return (self.original_network_id, self.transport_stream_id, self.service_id, self.event_id)

    @property
    def title(self) -> str:
        return next(iter(self.names.values()), "")

    @property
    def test_url(self) -> str | None:
        """The follow-up test link: an item labelled URL, else the first URL in any text."""
        for pairs in self.items.values():
            for label, value in pairs:
                if label.strip().lower() in {"url", "link", "test"} and _URL.match(value.strip()):
                    return value.strip()
        texts = [*self.extended_texts.values(), *self.texts.values()]
        for text in texts:
            if match := _URL.search(text):
                return match.group(0)
        return None


def _event_info(
    event: EITEvent, *, ids: tuple[int, int, int], kind: str, actual: bool
) -> EventInfo:
    names: dict[str, str] = {}
    texts: dict[str, str] = {}
    content: list[tuple[int, int, int]] = []
    ratings: list[tuple[str, int]] = []
    for d in event.descriptors:
        if isinstance(d, ShortEventDescriptor):
            names.setdefault(d.iso_639_language_code, d.event_name)
            texts.setdefault(d.iso_639_language_code, d.text)
        elif isinstance(d, ContentDescriptor):
            content.extend(
                (c.content_nibble_level_1, c.content_nibble_level_2, c.user_byte) for c in d.items
            )
        elif isinstance(d, ParentalRatingDescriptor):
            ratings.extend((r.country_code, r.rating) for r in d.ratings)
    joined = join_extended_events(event.descriptors)
    service_id, tsid, onid = ids
    return EventInfo(
        service_id=service_id,
        transport_stream_id=tsid,
        original_network_id=onid,
        event_id=event.event_id,
        kind=kind,
        actual=actual,
        start=event.start_time,
        duration=event.duration,
        running_status=event.running_status,
        free_ca_mode=event.free_ca_mode,
        names=names,
        texts=texts,
        extended_texts={lang: text for lang, (text, _) in joined.items() if text},
        items={
            lang: [(i.item_description, i.item) for i in items]
            for lang, (_, items) in joined.items()
            if items
        },
        content=tuple(content),
        ratings=tuple(ratings),
    )


def _kind(section: Section) -> str:
    if section.table_id in (0x4E, 0x4F):
        return "present" if section.section_number == 0 else "following"
    return "schedule"


def decode_events(store: SectionStore, problems: list[str]) -> list[EventInfo]:
    """Every event of every stored EIT section, by service and start time.

    Sections are decoded one by one, as a receiver does: a p/f sub_table whose section 1 was
    not captured still shows its present event, a schedule with missing segments its others.
    """
    found: dict[tuple[int, int, int, int], EventInfo] = {}
    for sections in store.tables(*_EIT_TABLES):
        for section in sections:
            try:
                head, events = read_eit_section(section)
            except (EPGError, DecodeError) as exc:
                problems.append(
                    f"EIT (table_id 0x{section.table_id:02X}, service "
                    f"{section.table_id_extension}, section {section.section_number}): {exc}"
                )
                continue
            ids = (section.table_id_extension, head.transport_stream_id, head.original_network_id)
            actual = section.table_id == 0x4E or 0x50 <= section.table_id <= 0x5F
            kind = _kind(section)
            for event in events:
                info = _event_info(event, ids=ids, kind=kind, actual=actual)
                if info.key not in found or kind != "schedule":
                    found[info.key] = info
    return sorted(
        found.values(),
        key=lambda e: (
            e.original_network_id,
            e.transport_stream_id,
            e.service_id,
            e.start is None,
            e.start.timestamp() if e.start else 0.0,
            e.event_id,
        ),
    )


def channel_id(onid: int, tsid: int, service_id: int) -> str:
    """An XMLTV channel id from the DVB triplet: ``<sid>.<tsid>.<onid>.dvb``."""
    return f"{service_id}.{tsid}.{onid}.dvb"


def _language(code: str) -> str:
    code = code.strip().lower()
    return code if _LANGUAGE.fullmatch(code) else "und"


def _localized(texts: dict[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for lang, text in texts.items():
        if text:
            out.setdefault(_language(lang), text)
    return out


def to_channels(services: Iterable[ServiceInfo], events: Iterable[EventInfo]) -> list[Channel]:
    """One channel per service named by an SDT, plus one per service that only has events."""
    channels: dict[str, Channel] = {}
    for s in services:
        if s.transport_stream_id is None or s.original_network_id is None:
            continue
        cid = channel_id(s.original_network_id, s.transport_stream_id, s.service_id)
        names = _localized(s.names) or {"und": s.name or f"Service {s.service_id}"}
        channels.setdefault(
            cid,
            Channel(
                id=cid,
                display_names=names,
                lcn=s.lcn,
                service_id=s.service_id,
                transport_stream_id=s.transport_stream_id,
                original_network_id=s.original_network_id,
            ),
        )
    for e in events:
        cid = channel_id(e.original_network_id, e.transport_stream_id, e.service_id)
        channels.setdefault(
            cid,
            Channel(
                id=cid,
                display_names={"und": f"Service {e.service_id}"},
                service_id=e.service_id,
                transport_stream_id=e.transport_stream_id,
                original_network_id=e.original_network_id,
            ),
        )
    return list(channels.values())


def _genres(event: EventInfo) -> tuple[Genre, ...]:
    return tuple(Genre(level_1=a, level_2=b, user_byte=c) for a, b, c in event.content)


def _ratings(event: EventInfo) -> tuple[ParentalRating, ...]:
    out = []
    for country, rating in event.ratings:
        try:
            out.append(ParentalRating(country=country.upper(), age=rating + 3))
        except ProgrammeError:
            continue  # broadcaster-defined or undefined rating: nothing XMLTV can say
    return tuple(out)


def to_programmes(events: Iterable[EventInfo]) -> list[Programme]:
    """Events with a start, a duration and a title, as programmes (unknown fields empty)."""
    programmes = []
    for e in events:
        titles = _localized(e.names)
        if e.start is None or e.duration <= timedelta(0) or not titles:
            continue
        descriptions = _localized(e.extended_texts) or _localized(e.texts)
        try:
            programmes.append(
                Programme(
                    channel_id=channel_id(
                        e.original_network_id, e.transport_stream_id, e.service_id
                    ),
                    start=e.start,
                    stop=e.start + e.duration,
                    titles=titles,
                    subtitles=_localized(e.texts) if e.extended_texts else {},
                    descriptions=descriptions,
                    event_id=e.event_id,
                    genres=_genres(e),
                    parental_ratings=_ratings(e),
                    test_url=e.test_url,
                    running_status=e.running_status,
                )
            )
        except ProgrammeError:
            continue
    return programmes
