"""Programmes to EIT events, with every size limit checked when the EPG is built.

A receiver silently drops what does not fit, so limits are enforced here, not on the air:

* one short_event per language (EN 300 468 §6.2.37), name + text within 250 bytes: the text is
  shortened first, then the name, each with an ellipsis (`fit_short_event`); in UTF-8 that is
  about 120 Kazakh letters;
* the follow-up test URL travels as an extended_event item ("URL", …) in every language
  (dvb-si.md A.7, "Carrying the follow-up test URL"), in descriptor 0 of the language's chain,
  whose text repeats the URL for receivers that show only the text; items are never cut, so the
  URL is never dropped. The description follows in descriptors 1.. up to a per-language budget,
  shortened with an ellipsis. Keeping the URL apart lets every event of a lecture share the
  description's (cached) descriptors, which is what makes an 8-day schedule cheap to build;
* one event with all its languages fits one 4096-byte EIT section (EN 300 468 §5.1.1): the
  extended text budget shrinks until it does, and an event that cannot fit even without free
  text is a `TableEncodeError` raised now;
* `Detail.LEAN` events (far-future schedule days) carry short_events, genre and rating only,
  so the 8-day schedule, repeated every 10 to 30 s, keeps the SI bitrate modest
  (`EITBuildOptions.full_detail_days`, two days by default, and p/f are `Detail.FULL`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import TYPE_CHECKING, Any

from epg.descriptors.event import (
    ContentDescriptor,
    ContentItem,
    ExtendedEventDescriptor,
    ExtendedEventItem,
    ParentalRatingDescriptor,
)
from epg.descriptors.event import ParentalRating as RatingEntry
from epg.descriptors.event_fitting import (
    EXTENDED_EVENT_ROOM,
    extended_event_chain,
    fit_short_event,
)
from epg.errors import DescriptorEncodeError, TableEncodeError, TextEncodeError
from epg.tables._descriptor_loops import encode_descriptors
from epg.tables.eit import EITEvent
from epg.tables.eit_segments import last_midnight
from epg.text import decode_dvb_text, encode_dvb_text, fit_dvb_text

if TYPE_CHECKING:
    from epg.descriptors.base import Descriptor
    from epg.programme import Genre, Programme
    from epg.programme import ParentalRating as ProgrammeRating

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


@functools.lru_cache(maxsize=8192)
def _short_event(lang: str, name: str, text: str, ellipsis: str) -> Descriptor:
    return fit_short_event(lang, name, text, ellipsis=ellipsis)


@functools.lru_cache(maxsize=1024)
def _content(genres: tuple[Genre, ...]) -> Descriptor:
    return ContentDescriptor(
        items=tuple(
            ContentItem(
                content_nibble_level_1=g.level_1,
                content_nibble_level_2=g.level_2,
                user_byte=g.user_byte,
            )
            for g in genres
        )
    )


@functools.lru_cache(maxsize=1024)
def _rating(ratings: tuple[ProgrammeRating, ...]) -> Descriptor:
    return ParentalRatingDescriptor(
        ratings=tuple(RatingEntry(country_code=r.country, rating=r.dvb_rating) for r in ratings)
    )


@functools.lru_cache(maxsize=8192)
def _text_chain(
    lang: str, description: str, budget: int, ellipsis: str, first_number: int
) -> tuple[ExtendedEventDescriptor, ...]:
    """The description as extended_event descriptors numbered from `first_number`.

    Cached: the same lecture text recurs across days and channels, and only the URL
    descriptor differs, so the (costly) DVB text encoding is done once per text.
    """
    fitted = decode_dvb_text(fit_dvb_text(description, max(budget, 0), ellipsis=ellipsis))
    return tuple(
        replace(
            d,
            descriptor_number=d.descriptor_number + first_number,
            last_descriptor_number=d.last_descriptor_number + first_number,
        )
        for d in extended_event_chain(lang, fitted)
    )


def _url_descriptor(lang: str, url: str, last: int, options: EITBuildOptions) -> Descriptor:
    """Descriptor 0 of a language's chain: the URL item, and the URL as text as well when it
    fits (receivers that show only the text still show the link)."""
    item = ExtendedEventItem(item_description=options.url_label, item=url)
    text = f"{url} " if last else url
    room = EXTENDED_EVENT_ROOM - len(item.encode())
    if not options.url_in_text or len(encode_dvb_text(text)) > room:
        text = ""
    return ExtendedEventDescriptor(
        descriptor_number=0,
        last_descriptor_number=last,
        iso_639_language_code=lang,
        items=(item,),
        text=text,
    )


def _extended(
    programme: Programme, languages: Sequence[str], budget: int, options: EITBuildOptions
) -> list[Descriptor]:
    out: list[Descriptor] = []
    url = programme.test_url
    descriptions = dict(programme.descriptions)
    for lang in languages:
        description = descriptions.get(lang, "")
        first = 1 if url else 0
        chain = (
            _text_chain(lang, description, budget, options.ellipsis, first) if description else ()
        )
        if url:
            out.append(_url_descriptor(lang, url, len(chain), options))
        out.extend(chain)
    return out


def _size(descriptors: Sequence[Descriptor]) -> int:
    return len(encode_descriptors(descriptors))


def _with_extended(
    programme: Programme,
    languages: Sequence[str],
    fixed: tuple[Descriptor, ...],
    options: EITBuildOptions,
) -> tuple[Descriptor, ...]:
    """Insert the extended chains after the short events, shrinking their text to fit."""
    room = EVENT_DESCRIPTOR_ROOM - _size(fixed)
    budget = min(options.extended_text_bytes, room // len(languages), _CHAIN_TEXT_ROOM)
    extended = _extended(programme, languages, budget, options)
    while (excess := _size(extended) - room) > 0 and budget > 0:
        budget = max(0, budget - excess // len(languages) - 8)
        extended = _extended(programme, languages, budget, options)
    if _size(extended) > room:
        raise TableEncodeError(
            f"programme at {programme.start} on {programme.channel_id}: its event needs "
            f"{_size(fixed) + _size(extended)} bytes of descriptors, one EIT section holds "
            f"{EVENT_DESCRIPTOR_ROOM}"
        )
    count = len(languages)
    return (*fixed[:count], *extended, *fixed[count:])


@functools.lru_cache(maxsize=16384)
def _fixed(
    content: tuple[Any, ...], options: EITBuildOptions
) -> tuple[tuple[str, ...], tuple[Descriptor, ...]]:
    """Languages and the descriptors every event of this content carries (short events,
    genre, rating), cached by content: a lecture's repeats share one tuple, and so its bytes."""
    titles, subtitles, descriptions, genres, ratings = content
    present = [lang for lang, _ in titles]
    languages = [lang for lang in options.languages if lang in present]
    languages += [lang for lang in present if lang not in languages]
    names, texts = dict(titles), {**dict(descriptions), **dict(subtitles)}
    fixed: tuple[Descriptor, ...] = tuple(
        _short_event(lang, names[lang], texts.get(lang, ""), options.ellipsis) for lang in languages
    )
    if genres:
        fixed += (_content(genres),)
    if ratings:
        fixed += (_rating(ratings),)
    if _size(fixed) > EVENT_DESCRIPTOR_ROOM:
        raise TableEncodeError(
            f"{_size(fixed)} bytes of short_event, content and rating descriptors do not fit "
            f"one EIT section ({EVENT_DESCRIPTOR_ROOM})"
        )
    return tuple(languages), fixed


def _content_key(programme: Programme) -> tuple[Any, ...]:
    return (
        tuple(programme.titles.items()),
        tuple(programme.subtitles.items()),
        tuple(programme.descriptions.items()),
        programme.genres,
        programme.parental_ratings,
    )


def _descriptors(
    programme: Programme, detail: Detail, options: EITBuildOptions
) -> tuple[Descriptor, ...]:
    """Short events, then (FULL) the extended chains, then genre and rating, within 4 KB."""
    languages, fixed = _fixed(_content_key(programme), options)
    if detail is Detail.LEAN:
        return fixed
    return _with_extended(programme, languages, fixed, options)


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
