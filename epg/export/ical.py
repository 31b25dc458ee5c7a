"""iCalendar export (RFC 5545): one VEVENT per programme, for students' calendar apps.

Choices:

* Times are UTC (``DTSTART:20260302T100000Z``), RFC 5545 §3.3.5 form 2. No VTIMEZONE is
  needed and every client shows them in the viewer's own zone; Kazakhstan has one offset
  (+05:00) and no DST, so nothing is lost.
* ``UID`` is the programme's stable uid, ``SEQUENCE`` its revision, ``STATUS`` is
  ``CANCELLED`` for cancelled programmes (so subscribed calendars drop them, §3.8.1.11) and
  ``CONFIRMED`` otherwise. ``DTSTAMP`` is a parameter: :mod:`epg` has no wall clock.
* ``SUMMARY`` is the title in the chosen language (``LANGUAGE`` parameter in BCP 47);
  ``DESCRIPTION`` holds the subtitle and description in that language, then the titles and
  descriptions in the other languages (``[ru] ...``), then the follow-up test URL, which is
  also the event's ``URL``. ``LOCATION`` is the channel name, ``CATEGORIES`` the DVB genres.
* TEXT values escape ``\\``, ``;``, ``,`` and newlines (§3.3.11) and drop other control
  characters; content lines are folded at 75 octets without splitting a UTF-8 sequence
  (§3.1), and every line ends in CRLF.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime

from epg.export._languages import bcp47
from epg.programme import Channel, Genre, Programme, pick_text

__all__ = ["escape_text", "fold_line", "to_ical"]

_MAX_OCTETS = 75
_TEXT_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n"})
_CONTROLS = dict.fromkeys([*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F])


def escape_text(text: str) -> str:
    """A TEXT property value (RFC 5545 §3.3.11)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROLS)
    return text.translate(_TEXT_ESCAPES)


def fold_line(line: str) -> str:
    """Fold one content line into CRLF-terminated lines of at most 75 octets (§3.1).

    Continuation lines start with one space, which counts in their 75 octets. Folding happens
    only between characters, so a UTF-8 sequence is never split.
    """
    out: list[str] = []
    current: list[str] = []
    size, limit = 0, _MAX_OCTETS
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            out.append("".join(current))
            current, size, limit = [], 0, _MAX_OCTETS - 1
        current.append(ch)
        size += width
    out.append("".join(current))
    return "\r\n ".join(out) + "\r\n"


def _utc(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def _texts_in(texts: Mapping[str, str], language: str) -> tuple[str | None, str | None]:
    picked = pick_text(texts, language)
    return (None, None) if picked is None else picked


def _other_languages(programme: Programme, primary: str | None) -> Iterator[str]:
    langs = [*programme.titles, *(x for x in programme.descriptions if x not in programme.titles)]
    for lang in langs:
        if lang == primary:
            continue
        parts = [programme.titles.get(lang), programme.descriptions.get(lang)]
        yield f"[{bcp47(lang)}] " + " — ".join(p for p in parts if p)


def _description(programme: Programme, language: str) -> str:
    lang, _ = _texts_in(programme.titles, language)
    blocks = [programme.subtitles.get(lang or ""), programme.descriptions.get(lang or "")]
    blocks += list(_other_languages(programme, lang))
    if programme.test_url:
        blocks.append(programme.test_url)
    return "\n\n".join(b for b in blocks if b)


def _categories(genres: Iterable[Genre]) -> str | None:
    names = list(dict.fromkeys(g.meaning for g in genres))
    return ",".join(escape_text(n) for n in names) if names else None


def _event(
    programme: Programme, channel: Channel | None, language: str, dtstamp: datetime
) -> Iterator[str]:
    lang, title = _texts_in(programme.titles, language)
    status = "CANCELLED" if programme.cancelled else "CONFIRMED"
    yield "BEGIN:VEVENT"
    yield f"UID:{escape_text(programme.uid or programme.default_uid())}"
    yield f"DTSTAMP:{_utc(dtstamp)}"
    yield f"DTSTART:{_utc(programme.start)}"
    yield f"DTEND:{_utc(programme.stop)}"
    yield f"SEQUENCE:{programme.sequence}"
    yield f"STATUS:{status}"
    yield f"SUMMARY;LANGUAGE={bcp47(lang or language)}:{escape_text(title or '')}"
    description = _description(programme, language)
    if description:
        yield f"DESCRIPTION;LANGUAGE={bcp47(lang or language)}:{escape_text(description)}"
    if channel is not None:
        yield f"LOCATION:{escape_text(_texts_in(channel.display_names, language)[1] or '')}"
    categories = _categories(programme.genres)
    if categories:
        yield f"CATEGORIES;LANGUAGE=en:{categories}"
    if programme.test_url:
        yield f"URL:{programme.test_url}"
    yield "END:VEVENT"


def to_ical(
    channels: Iterable[Channel],
    programmes: Iterable[Programme],
    *,
    dtstamp: datetime,
    language: str = "kaz",
    calendar_name: str | None = None,
    prodid: str = "-//Telesabaq//EPG//EN",
) -> str:
    """Render programmes as a VCALENDAR; ``language`` (ISO 639-2) picks SUMMARY's language."""
    if dtstamp.tzinfo is None:
        raise ValueError("dtstamp must be an aware datetime")
    by_id: Mapping[str, Channel] = {c.id: c for c in channels}
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{escape_text(prodid)}"]
    lines += ["CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    if calendar_name:
        lines.append(f"X-WR-CALNAME:{escape_text(calendar_name)}")
    for programme in sorted(programmes, key=lambda p: (p.start, p.channel_id)):
        lines.extend(_event(programme, by_id.get(programme.channel_id), language, dtstamp))
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) for line in lines)
