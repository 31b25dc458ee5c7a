"""Programmes to EIT events, with every size limit checked when the EPG is built.

A receiver silently drops what does not fit, so limits are enforced here, not on the air:

* one short_event per language (EN 300 468 §6.2.37), name + text within 250 bytes: the text is
  shortened first, then the name, each with an ellipsis (`fit_short_event`); in UTF-8 that is
  about 120 Kazakh letters;
* the follow-up test URL travels as an extended_event item ("URL", …) in every language
  (dvb-si.md A.7, "Carrying the follow-up test URL"); items are never cut, so the URL is never
  dropped, and the description fills the extended_event text up to a per-language budget,
  shortened with an ellipsis;
* one event with all its languages fits one 4096-byte EIT section (EN 300 468 §5.1.1): the
  extended text budget shrinks until it does, and an event that cannot fit even without free
  text is a `TableEncodeError` raised now;
* `Detail.LEAN` events (far-future schedule days) carry short_events, genre and rating only,
  so the 8-day schedule, repeated every 10 to 30 s, keeps the SI bitrate modest
  (`EITBuildOptions.full_detail_days`, two days by default, and p/f are `Detail.FULL`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import TYPE_CHECKING

from epg.descriptors.event import (
    ContentDescriptor,
    ContentItem,
    ExtendedEventItem,
    ParentalRatingDescriptor,
)
from epg.descriptors.event import ParentalRating as RatingEntry
from epg.descriptors.event_fitting import extended_event_chain, fit_short_event
from epg.errors import DescriptorEncodeError, TableEncodeError, TextEncodeError
from epg.tables.eit import EITEvent
from epg.tables.eit_segments import last_midnight
from epg.text import decode_dvb_text, fit_dvb_text

if TYPE_CHECKING:
    from epg.descriptors.base import Descriptor
    from epg.programme import Programme

__all__ = [
    "Detail",
    "EITBuildOptions",
    "build_event",
    "build_schedule_events",
    "default_event_id",
    "present_following",
]

#: Bytes an event's descriptors may take: 4096 - 12 (section framing) - 6 (EIT head) - 12.
EVENT_DESCRIPTOR_ROOM = 4096 - 12 - 6 - 12
#: Free text one extended_event chain surely holds: 16 descriptors less selectors and items.
_CHAIN_TEXT_ROOM = 14 * 240
_RUNNING = 4
_NOT_RUNNING = 1
_EVENT_ID_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)


class Detail(Enum):
    """How much of a programme an event carries."""

    FULL = "full"  # short events, extended text and the test URL item
    LEAN = "lean"  # short events, genre and rating only


@dataclass(frozen=True, slots=True, kw_only=True)
class EITBuildOptions:
    """Choices of the station (languages in order of preference, budgets, labels)."""

    languages: tuple[str, ...] = ("kaz", "rus", "eng")
    extended_text_bytes: int = 600
    full_detail_days: int = 2
    schedule_days: int = 8
    url_label: str = "URL"
    url_in_text: bool = True  # receivers that show only the text still show the URL
    ellipsis: str = "…"


def default_event_id(programme: Programme) -> int:
    """The programme's event_id, or one derived from its start minute (unique over 45 days)."""
    if programme.event_id is not None:
        return programme.event_id
    minutes = int((programme.start - _EVENT_ID_EPOCH).total_seconds() // 60)
    return minutes % 0xFFFF + 1


def _languages(programme: Programme, options: EITBuildOptions) -> list[str]:
    chosen = [lang for lang in options.languages if lang in programme.titles]
    return chosen + [lang for lang in programme.titles if lang not in chosen]


def _short_events(
    programme: Programme, languages: Sequence[str], ellipsis: str
) -> list[Descriptor]:
    out: list[Descriptor] = []
    for lang in languages:
        text = programme.subtitles.get(lang) or programme.descriptions.get(lang) or ""
        out.append(fit_short_event(lang, programme.titles[lang], text, ellipsis=ellipsis))
    return out


def _classification(programme: Programme) -> list[Descriptor]:
    out: list[Descriptor] = []
    if programme.genres:
        items = tuple(
            ContentItem(
                content_nibble_level_1=g.level_1,
                content_nibble_level_2=g.level_2,
                user_byte=g.user_byte,
            )
            for g in programme.genres
        )
        out.append(ContentDescriptor(items=items))
    if programme.parental_ratings:
        ratings = tuple(
            RatingEntry(country_code=r.country, rating=r.dvb_rating)
            for r in programme.parental_ratings
        )
        out.append(ParentalRatingDescriptor(ratings=ratings))
    return out


def _extended(
    programme: Programme, languages: Sequence[str], budget: int, options: EITBuildOptions
) -> list[Descriptor]:
    out: list[Descriptor] = []
    items = (
        (ExtendedEventItem(item_description=options.url_label, item=programme.test_url),)
        if programme.test_url
        else ()
    )
    url = programme.test_url if options.url_in_text else None
    room = budget - (len(url) + 1 if url else 0)
    for lang in languages:
        description = programme.descriptions.get(lang, "")
        fitted = fit_dvb_text(description, max(room, 0), ellipsis=options.ellipsis)
        text = " ".join(part for part in (decode_dvb_text(fitted), url) if part)
        out.extend(extended_event_chain(lang, text, items))
    return out


def _size(descriptors: Iterable[Descriptor]) -> int:
    return sum(len(d.encode()) for d in descriptors)


def _descriptors(
    programme: Programme, detail: Detail, options: EITBuildOptions
) -> tuple[Descriptor, ...]:
    """Short events, then (FULL) the extended chain, then genre and rating, within 4 KB."""
    languages = _languages(programme, options)
    head = _short_events(programme, languages, options.ellipsis)
    tail = _classification(programme)
    if detail is Detail.LEAN:
        extended: list[Descriptor] = []
    else:
        room = EVENT_DESCRIPTOR_ROOM - _size(head) - _size(tail)
        budget = min(options.extended_text_bytes, room // len(languages), _CHAIN_TEXT_ROOM)
        extended = _extended(programme, languages, budget, options)
        while _size(extended) > room and budget > 0:
            budget = max(0, budget - (_size(extended) - room) // len(languages) - 8)
            extended = _extended(programme, languages, budget, options)
    descriptors = (*head, *extended, *tail)
    if _size(descriptors) > EVENT_DESCRIPTOR_ROOM:
        raise TableEncodeError(
            f"programme at {programme.start} on {programme.channel_id}: its event needs "
            f"{_size(descriptors)} bytes of descriptors, one EIT section holds "
            f"{EVENT_DESCRIPTOR_ROOM}"
        )
    return descriptors


def build_event(
    programme: Programme,
    *,
    options: EITBuildOptions | None = None,
    detail: Detail = Detail.FULL,
    running_status: int | None = None,
) -> EITEvent:
    """The EIT event of one programme; every limit is checked here (module docstring)."""
    options = options or EITBuildOptions()
    start = programme.start.replace(microsecond=0)
    try:
        descriptors = _descriptors(programme, detail, options)
    except (TextEncodeError, DescriptorEncodeError) as exc:
        raise TableEncodeError(f"programme at {programme.start}: {exc}") from exc
    status = running_status if running_status is not None else programme.running_status
    return EITEvent(
        event_id=default_event_id(programme),
        start_time=start,
        duration=programme.stop.replace(microsecond=0) - start,
        running_status=status or 0,
        descriptors=descriptors,
    )


def build_schedule_events(
    programmes: Iterable[Programme], *, now: datetime, options: EITBuildOptions | None = None
) -> list[EITEvent]:
    """EIT schedule events of one service for the days from last midnight, in start order.

    The first `full_detail_days` carry extended text and the URL; later days are lean.
    Cancelled programmes are left out.
    """
    options = options or EITBuildOptions()
    origin = last_midnight(now)
    end = origin + timedelta(days=options.schedule_days)
    full_until = origin + timedelta(days=options.full_detail_days)
    chosen = sorted(
        (p for p in programmes if origin <= p.start < end and not p.cancelled),
        key=lambda p: p.start,
    )
    return [
        build_event(p, options=options, detail=Detail.FULL if p.start < full_until else Detail.LEAN)
        for p in chosen
    ]


def present_following(
    programmes: Iterable[Programme], *, now: datetime, options: EITBuildOptions | None = None
) -> tuple[EITEvent | None, EITEvent | None]:
    """EIT p/f events at `now`: the programme on air (running) and the next (not running)."""
    ordered = sorted((p for p in programmes if not p.cancelled), key=lambda p: p.start)
    present = next((p for p in ordered if p.start <= now < p.stop), None)
    after = present.stop if present else now
    following = next((p for p in ordered if p.start >= after and p is not present), None)
    return (
        None if present is None else build_event(present, options=options, running_status=_RUNNING),
        None
        if following is None
        else build_event(following, options=options, running_status=_NOT_RUNNING),
    )
