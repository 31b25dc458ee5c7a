"""Telesabaq EPG JSON: a documented, versioned form of the programme model, both ways.

Schema ``telesabaq-epg`` version 1 (every key is always written; ``null`` = unknown)::

    {
      "format": "telesabaq-epg", "version": 1,
      "channels": [{
        "id": "bilim1.telesabaq.kz",              XMLTV channel id = M3U tvg-id
        "display_names": {"kaz": "Білім 1", ...}, ISO 639-2 -> text, primary language first
        "lcn": 1 | null, "service_id": 0..65535 | null, "transport_stream_id": ... | null,
        "original_network_id": ... | null,
        "url": "udp://..." | null, "icon": "https://..." | null, "group": "..." | null
      }],
      "programmes": [{
        "channel_id": "...", "event_id": 0..65535 | null,
        "start": "2026-03-02T10:00:00Z", "stop": "...Z",   UTC, fraction only if non-zero
        "titles": {...}, "subtitles": {...}, "descriptions": {...},
        "genres": [{"level_1": 9, "level_2": 6, "user_byte": 0}],
        "parental_ratings": [{"country": "KAZ", "age": 16}],
        "test_url": "https://..." | null, "short_code": "..." | null,
        "course_id": "..." | null, "module_id": "..." | null,
        "episode": {"season", "season_total", "number", "total", "part", "part_total",
                    "onscreen"} | null,                    numbers count from 1
        "previously_shown": false, "sequence": 0, "cancelled": false,
        "uid": "...", "running_status": 0..7 | null, "icon": "..." | null
      }]
    }

The reader accepts version 1, ignores keys it does not know (so minor additions stay
readable), fills missing optional keys with their defaults, and raises
:class:`~epg.errors.ProgrammeError` for anything else: bad JSON, wrong types, invalid values.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import fields
from datetime import UTC, datetime
from typing import Any, TypeVar

from epg.errors import ProgrammeError
from epg.programme import Channel, Episode, Genre, ParentalRating, Programme

__all__ = ["FORMAT", "VERSION", "from_json", "to_json"]

FORMAT = "telesabaq-epg"
VERSION = 1

T = TypeVar("T")

_CHANNEL_SCALARS = (
    "id", "lcn", "service_id", "transport_stream_id", "original_network_id", "url", "icon",
    "group",
)  # fmt: skip
_PROGRAMME_SCALARS = (
    "channel_id", "event_id", "test_url", "short_code", "course_id", "module_id",
    "previously_shown", "sequence", "cancelled", "uid", "running_status", "icon",
)  # fmt: skip
_LOCALIZED = ("titles", "subtitles", "descriptions")


def _time(moment: datetime) -> str:
    fraction = f".{moment.microsecond:06d}" if moment.microsecond else ""
    return f"{moment.astimezone(UTC):%Y-%m-%dT%H:%M:%S}{fraction}Z"


def _channel_dict(channel: Channel) -> dict[str, Any]:
    out: dict[str, Any] = {"id": channel.id, "display_names": dict(channel.display_names)}
    out |= {name: getattr(channel, name) for name in _CHANNEL_SCALARS[1:]}
    return out


def _programme_dict(programme: Programme) -> dict[str, Any]:
    out: dict[str, Any] = {
        "channel_id": programme.channel_id,
        "event_id": programme.event_id,
        "start": _time(programme.start),
        "stop": _time(programme.stop),
    }
    out |= {name: dict(getattr(programme, name)) for name in _LOCALIZED}
    out["genres"] = [
        {"level_1": g.level_1, "level_2": g.level_2, "user_byte": g.user_byte}
        for g in programme.genres
    ]
    out["parental_ratings"] = [
        {"country": r.country, "age": r.age} for r in programme.parental_ratings
    ]
    episode = programme.episode
    out["episode"] = (
        None if episode is None else {f.name: getattr(episode, f.name) for f in fields(episode)}
    )
    out |= {name: getattr(programme, name) for name in _PROGRAMME_SCALARS[2:]}
    return out


def to_json(
    channels: Iterable[Channel], programmes: Iterable[Programme], *, indent: int | None = 2
) -> str:
    """Serialise channels and programmes (in the given order) as schema version 1."""
    document = {
        "format": FORMAT,
        "version": VERSION,
        "channels": [_channel_dict(c) for c in channels],
        "programmes": [_programme_dict(p) for p in programmes],
    }
    return json.dumps(document, ensure_ascii=False, indent=indent) + "\n"


# ------------------------------------------------------------------------------- reading


def _object(value: object, what: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise ProgrammeError(f"{what} must be a JSON object")
    return value


def _list(value: object, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise ProgrammeError(f"{what} must be a JSON array")
    return value


def _parse_time(value: object, what: str) -> datetime:
    if not isinstance(value, str) or not value.endswith("Z"):
        raise ProgrammeError(f"{what} must be an ISO 8601 UTC time ending in 'Z'")
    try:
        return datetime.fromisoformat(value)
    except ValueError as exc:
        raise ProgrammeError(f"{what}: {exc}") from exc


def _build(kind: type[T], what: str, **kwargs: Any) -> T:
    try:
        return kind(**kwargs)
    except TypeError as exc:  # an unexpected or missing argument: the JSON's fault
        raise ProgrammeError(f"{what}: {exc}") from exc


def _pick(source: Mapping[str, Any], names: Iterable[str]) -> dict[str, Any]:
    return {name: source[name] for name in names if name in source}


def _channel(value: object, index: int) -> Channel:
    obj = _object(value, f"channels[{index}]")
    names = _object(obj.get("display_names"), f"channels[{index}].display_names")
    return _build(
        Channel, f"channels[{index}]", display_names=names, **_pick(obj, _CHANNEL_SCALARS)
    )


def _genre(value: object, what: str) -> Genre:
    return _build(Genre, what, **_pick(_object(value, what), ("level_1", "level_2", "user_byte")))


def _rating(value: object, what: str) -> ParentalRating:
    return _build(ParentalRating, what, **_pick(_object(value, what), ("country", "age")))


def _episode(value: object, what: str) -> Episode | None:
    if value is None:
        return None
    names = [f.name for f in fields(Episode)]
    return _build(Episode, what, **_pick(_object(value, what), names))


def _programme(value: object, index: int) -> Programme:
    what = f"programmes[{index}]"
    obj = _object(value, what)
    kwargs = _pick(obj, _PROGRAMME_SCALARS)
    kwargs |= {n: _object(obj[n], f"{what}.{n}") for n in _LOCALIZED if n in obj}
    kwargs["start"] = _parse_time(obj.get("start"), f"{what}.start")
    kwargs["stop"] = _parse_time(obj.get("stop"), f"{what}.stop")
    genres = _list(obj.get("genres", []), f"{what}.genres")
    kwargs["genres"] = tuple(_genre(g, f"{what}.genres[{i}]") for i, g in enumerate(genres))
    ratings = _list(obj.get("parental_ratings", []), f"{what}.parental_ratings")
    kwargs["parental_ratings"] = tuple(
        _rating(r, f"{what}.parental_ratings[{i}]") for i, r in enumerate(ratings)
    )
    kwargs["episode"] = _episode(obj.get("episode"), f"{what}.episode")
    return _build(Programme, what, **kwargs)


def from_json(text: str | bytes) -> tuple[list[Channel], list[Programme]]:
    """Read a schema-1 document back into channels and programmes."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ProgrammeError(f"not JSON: {exc}") from exc
    root = _object(document, "document")
    if root.get("format") != FORMAT or root.get("version") != VERSION:
        raise ProgrammeError(f"not a {FORMAT} version {VERSION} document")
    channels = [_channel(c, i) for i, c in enumerate(_list(root.get("channels", []), "channels"))]
    programmes = [
        _programme(p, i) for i, p in enumerate(_list(root.get("programmes", []), "programmes"))
    ]
    return channels, programmes
