"""The programme model: one superset of what EIT carries and what XMLTV and iCalendar need.

The catalogue maps its schedule rows onto :class:`Programme` and :class:`Channel`; the receiver
tools map decoded SDT/EIT onto the same classes; the exporters in :mod:`epg.export` turn them
into XMLTV, JSON, iCalendar and M3U. Fields a source does not know stay empty or ``None``.

Rules, checked on construction (:class:`~epg.errors.ProgrammeError` otherwise):

* times are aware datetimes, stored in UTC; ``stop`` is after ``start``;
* per-language texts are keyed by ISO 639-2 codes as EIT sends them (``kaz``, ``rus``,
  ``eng``); insertion order is kept, the first entry is the primary language;
* a channel id is an XMLTV channel id (dot-separated labels of letters, digits and hyphens,
  as ``tv_validate_file`` demands), so it can also be the M3U ``tvg-id``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TypeVar

from epg._content import content_meaning
from epg.errors import ProgrammeError

__all__ = [
    "Channel",
    "Episode",
    "Genre",
    "Localized",
    "ParentalRating",
    "Programme",
    "pick_text",
]

T = TypeVar("T")

_LANGUAGE = re.compile(r"[a-z]{3}")
_CHANNEL_ID = re.compile(r"[-a-zA-Z0-9]+(\.[-a-zA-Z0-9]+)+")
_COUNTRY = re.compile(r"[A-Z]{3}|[0-9]{3}")
_URL = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:[^\s\x00-\x1f\x7f\"<>]+")


class Localized(Mapping[str, str]):
    """An immutable, hashable map ISO 639-2 language code -> text, in insertion order."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, str] | Iterable[tuple[str, str]] = ()) -> None:
        pairs: tuple[tuple[str, str], ...] = tuple(
            items.items() if isinstance(items, Mapping) else items
        )
        for lang, text in pairs:
            if not isinstance(lang, str) or not _LANGUAGE.fullmatch(lang):
                raise ProgrammeError(f"language {lang!r} is not a lower-case ISO 639-2 code")
            if not isinstance(text, str):
                raise ProgrammeError(f"text for {lang!r} must be a str, not {type(text).__name__}")
        if len({lang for lang, _ in pairs}) != len(pairs):
            raise ProgrammeError(f"duplicate language in {pairs!r}")
        self._items = pairs

    def __getitem__(self, lang: str) -> str:
        for key, text in self._items:
            if key == lang:
                return text
        raise KeyError(lang)

    def __iter__(self) -> Iterator[str]:
        return (lang for lang, _ in self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(frozenset(self._items))

    def __repr__(self) -> str:
        return f"Localized({dict(self._items)!r})"

    def pick(self, *preferred: str) -> tuple[str, str] | None:
        """The first preferred language present, else the primary one; None when empty."""
        return pick_text(self, *preferred)


def pick_text(texts: Mapping[str, str], *preferred: str) -> tuple[str, str] | None:
    """(language, text) for the first preferred language present, else the first entry.

    The model's text fields are typed ``Mapping[str, str]`` (callers pass dicts) and hold a
    :class:`Localized` at run time; this works on either.
    """
    for lang in preferred:
        if lang in texts:
            return lang, texts[lang]
    return next(iter(texts.items()), None)


@dataclass(frozen=True, slots=True, kw_only=True)
class Genre:
    """One content_descriptor entry (EN 300 468 §6.2.9): two nibbles and the user byte."""

    level_1: int
    level_2: int = 0
    user_byte: int = 0

    def __post_init__(self) -> None:
        _check_range("content_nibble_level_1", self.level_1, 0, 0xF)
        _check_range("content_nibble_level_2", self.level_2, 0, 0xF)
        _check_range("user_byte", self.user_byte, 0, 0xFF)

    @property
    def code(self) -> int:
        """The content byte, e.g. 0x96 for education / further education."""
        return self.level_1 << 4 | self.level_2

    @property
    def meaning(self) -> str:
        """The table-28 meaning in English, e.g. "further education"."""
        return content_meaning(self.level_1, self.level_2)


@dataclass(frozen=True, slots=True, kw_only=True)
class ParentalRating:
    """A minimum age for one country (EN 300 468 §6.2.28: DVB rating byte = age - 3)."""

    country: str
    age: int

    def __post_init__(self) -> None:
        if not isinstance(self.country, str) or not _COUNTRY.fullmatch(self.country):
            raise ProgrammeError(f"country {self.country!r} is not an ISO 3166 alpha-3 code")
        _check_range("age", self.age, 4, 18)

    @property
    def dvb_rating(self) -> int:
        """The parental_rating_descriptor's rating byte."""
        return self.age - 3


@dataclass(frozen=True, slots=True, kw_only=True)
class Episode:
    """Where a programme sits in its series: for lectures, course part and module number.

    Numbers count from 1 as people say them; XMLTV's ``xmltv_ns`` counts from 0 (the exporter
    converts). ``onscreen`` is the free form shown to viewers, e.g. "Модуль 3/12".
    """

    season: int | None = None
    season_total: int | None = None
    number: int | None = None
    total: int | None = None
    part: int | None = None
    part_total: int | None = None
    onscreen: str | None = None

    def __post_init__(self) -> None:
        for name, value, total in (
            ("season", self.season, self.season_total),
            ("number", self.number, self.total),
            ("part", self.part, self.part_total),
        ):
            if value is not None:
                _check_range(name, value, 1, 1_000_000)
            if total is not None:
                _check_range(f"{name} total", total, 1, 1_000_000)
                if value is not None and value > total:
                    raise ProgrammeError(f"{name} {value} is beyond its total {total}")
        if self.onscreen is not None and (
            not isinstance(self.onscreen, str) or not self.onscreen.strip()
        ):
            raise ProgrammeError("onscreen episode text must not be blank")


@dataclass(frozen=True, slots=True, kw_only=True)
class Channel:
    """A TV service as EPG consumers see it (XMLTV <channel>, M3U entry, SDT service)."""

    id: str
    display_names: Mapping[str, str]
    lcn: int | None = None
    service_id: int | None = None
    transport_stream_id: int | None = None
    original_network_id: int | None = None
    url: str | None = None
    icon: str | None = None
    group: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not _CHANNEL_ID.fullmatch(self.id):
            raise ProgrammeError(f"channel id {self.id!r} is not an XMLTV id like 'a.b.kz'")
        names = _localized("display_names", self.display_names, required=True)
        object.__setattr__(self, "display_names", names)
        _check_range("lcn", self.lcn, 0, 1023)  # the LCN field is 10 bits
        for name in ("service_id", "transport_stream_id", "original_network_id"):
            _check_range(name, getattr(self, name), 0, 0xFFFF)
        _check_url("url", self.url)
        _check_url("icon", self.icon)
        if self.group is not None and (not isinstance(self.group, str) or not self.group.strip()):
            raise ProgrammeError("group must be a non-blank str or None")

    @staticmethod
    def dvb_id(service_id: int, transport_stream_id: int, original_network_id: int) -> str:
        """The conventional XMLTV id of a DVB service: "<sid>.<tsid>.<onid>.dvb"."""
        return f"{service_id}.{transport_stream_id}.{original_network_id}.dvb"


@dataclass(frozen=True, slots=True, kw_only=True)
class Programme:
    """One event on one channel: EIT event + XMLTV programme + iCalendar VEVENT."""

    channel_id: str
    start: datetime
    stop: datetime
    titles: Mapping[str, str]
    subtitles: Mapping[str, str] = field(default_factory=Localized)
    descriptions: Mapping[str, str] = field(default_factory=Localized)
    event_id: int | None = None
    genres: tuple[Genre, ...] = ()
    parental_ratings: tuple[ParentalRating, ...] = ()
    test_url: str | None = None
    short_code: str | None = None
    course_id: str | None = None
    module_id: str | None = None
    episode: Episode | None = None
    previously_shown: bool = False
    sequence: int = 0
    cancelled: bool = False
    uid: str | None = None
    running_status: int | None = None
    icon: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.channel_id, str) or not _CHANNEL_ID.fullmatch(self.channel_id):
            raise ProgrammeError(f"channel id {self.channel_id!r} is not an XMLTV id")
        object.__setattr__(self, "start", _utc("start", self.start))
        object.__setattr__(self, "stop", _utc("stop", self.stop))
        if self.stop <= self.start:
            raise ProgrammeError(f"stop {self.stop} is not after start {self.start}")
        object.__setattr__(self, "titles", _localized("titles", self.titles, required=True))
        for name in ("subtitles", "descriptions"):
            object.__setattr__(self, name, _localized(name, getattr(self, name)))
        object.__setattr__(self, "genres", _tuple_of("genres", self.genres, Genre))
        ratings = _tuple_of("parental_ratings", self.parental_ratings, ParentalRating)
        object.__setattr__(self, "parental_ratings", ratings)
        self._check_scalars()
        if self.uid is None:
            object.__setattr__(self, "uid", self.default_uid())

    def _check_scalars(self) -> None:
        _check_range("event_id", self.event_id, 0, 0xFFFF)
        _check_range("sequence", self.sequence, 0, 2**31 - 1)
        _check_range("running_status", self.running_status, 0, 7)
        _check_url("test_url", self.test_url)
        _check_url("icon", self.icon)
        for name in ("short_code", "course_id", "module_id", "uid"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, str) or not value.strip()):
                raise ProgrammeError(f"{name} must be a non-blank str or None")
        for name in ("previously_shown", "cancelled"):
            if not isinstance(getattr(self, name), bool):
                raise ProgrammeError(f"{name} must be a bool")
        if self.episode is not None and not isinstance(self.episode, Episode):
            raise ProgrammeError("episode must be an Episode")

    def default_uid(self) -> str:
        """A UID that stays the same while the event stays the same event.

        With an event_id: ``<event_id>.<channel id>@telesabaq`` (EIT keeps event_id across
        reschedules, so calendars update the entry); without: the start time stands in.
        """
        key = str(self.event_id) if self.event_id is not None else f"{self.start:%Y%m%dT%H%M%SZ}"
        return f"{key}.{self.channel_id}@telesabaq"

    @property
    def duration_seconds(self) -> int:
        return int((self.stop - self.start).total_seconds())


def _check_range(name: str, value: object, low: int, high: int) -> None:
    if value is None:
        return
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ProgrammeError(f"{name} must be an int in {low}..{high}, not {value!r}")


def _check_url(name: str, value: object) -> None:
    if value is not None and (not isinstance(value, str) or not _URL.fullmatch(value)):
        raise ProgrammeError(f"{name} {value!r} is not an absolute URL without spaces")


def _utc(name: str, value: object) -> datetime:
    if not isinstance(value, datetime):
        raise ProgrammeError(f"{name} must be a datetime, not {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ProgrammeError(f"{name} {value} is naive: give it a time zone (UTC)")
    return value.astimezone(UTC)


def _localized(name: str, value: object, *, required: bool = False) -> Localized:
    if not isinstance(value, Mapping):
        raise ProgrammeError(f"{name} must map ISO 639-2 codes to text")
    texts = value if isinstance(value, Localized) else Localized(value)
    if required and not texts:
        raise ProgrammeError(f"{name} needs at least one language")
    if any(not text.strip() for text in texts.values()):
        raise ProgrammeError(f"{name} must not contain blank texts")
    return texts


def _tuple_of(name: str, value: object, kind: type[T]) -> tuple[T, ...]:
    items = tuple(value) if isinstance(value, Iterable) and not isinstance(value, str) else None
    if items is None or not all(isinstance(item, kind) for item in items):
        raise ProgrammeError(f"{name} must be a sequence of {kind.__name__}")
    return items
