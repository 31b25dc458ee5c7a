"""XMLTV export: the programme model as an XMLTV document (xmltv.dtd, as in Debian's xmltv-util).

Choices, so that ``tv_validate_file`` passes and grabbers/players (Kodi, TVHeadend, Jellyfin)
read it as we mean it:

* Times are ``YYYYMMDDhhmmss +hhmm`` with an explicit offset, UTC by default or the station's
  zone (``tz=ZoneInfo("Asia/Almaty")`` gives ``+0500``).
* ``lang`` attributes are BCP 47 tags (``kk``, ``ru``, ``en``) from the model's ISO 639-2 keys.
* DVB content nibbles become ``<category lang="en">`` with the EN 300 468 table-28 wording:
  the level-1 group, then the level-2 meaning when it is more specific.
* The follow-up test is ``<url system="followup-test">``; episodes are written twice,
  ``xmltv_ns`` (zero-based ``season.episode.part`` with ``/total``) and ``onscreen``.
* Parental ratings are ``<rating system="<country>"><value>16+</value>``.
* Cancelled programmes are left out: XMLTV has no status, and a guide must not show them.
* Programmes are ordered by channel, then start. Text is escaped by :mod:`._xml`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, tzinfo

from epg._content import level_1_meaning
from epg.export._languages import bcp47
from epg.export._xml import xml_attr, xml_text
from epg.programme import Channel, Episode, Genre, Programme

__all__ = ["to_xmltv", "xmltv_episode_ns", "xmltv_time"]

_HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tv SYSTEM "xmltv.dtd">\n'


def xmltv_time(moment: datetime, tz: tzinfo = UTC) -> str:
    """``20260302100000 +0000``: XMLTV's date format, always with an explicit offset."""
    return f"{moment.astimezone(tz):%Y%m%d%H%M%S %z}"


def _ns_field(value: int | None, total: int | None) -> str:
    text = "" if value is None else str(value - 1)
    return text if total is None else f"{text}/{total}"


def xmltv_episode_ns(episode: Episode) -> str | None:
    """The ``xmltv_ns`` form, e.g. season 2, module 5 of 12 -> ``1.4/12.``; None if empty."""
    fields = (
        _ns_field(episode.season, episode.season_total),
        _ns_field(episode.number, episode.total),
        _ns_field(episode.part, episode.part_total),
    )
    return ".".join(fields) if any(fields) else None


def _element(name: str, text: str, **attrs: str | None) -> str:
    rendered = "".join(
        f' {key.replace("_", "-")}="{xml_attr(value)}"' for key, value in attrs.items() if value
    )
    return f"<{name}{rendered}>{xml_text(text)}</{name}>"


def _localized(name: str, texts: Iterable[tuple[str, str]]) -> Iterator[str]:
    for lang, text in texts:
        yield _element(name, text, lang=bcp47(lang))


def _channel(channel: Channel) -> Iterator[str]:
    yield f'  <channel id="{xml_attr(channel.id)}">'
    for line in _localized("display-name", channel.display_names.items()):
        yield f"    {line}"
    if channel.icon:
        yield f'    <icon src="{xml_attr(channel.icon)}"/>'
    yield "  </channel>"


def _categories(genres: Iterable[Genre]) -> Iterator[str]:
    seen: set[str] = set()
    for genre in genres:
        group = level_1_meaning(genre.level_1)
        for name in (group, genre.meaning):
            if name not in seen:
                seen.add(name)
                yield _element("category", name, lang="en")


def _episode_nums(episode: Episode | None) -> Iterator[str]:
    if episode is None:
        return
    ns = xmltv_episode_ns(episode)
    if ns is not None:
        yield _element("episode-num", ns, system="xmltv_ns")
    if episode.onscreen:
        yield _element("episode-num", episode.onscreen, system="onscreen")


def _programme_body(programme: Programme) -> Iterator[str]:
    """Child elements in the order xmltv.dtd's content model requires."""
    yield from _localized("title", programme.titles.items())
    yield from _localized("sub-title", programme.subtitles.items())
    yield from _localized("desc", programme.descriptions.items())
    yield from _categories(programme.genres)
    if programme.icon:
        yield f'<icon src="{xml_attr(programme.icon)}"/>'
    if programme.test_url:
        yield _element("url", programme.test_url, system="followup-test")
    yield from _episode_nums(programme.episode)
    if programme.previously_shown:
        yield "<previously-shown/>"
    for rating in programme.parental_ratings:
        yield f'<rating system="{xml_attr(rating.country)}"><value>{rating.age}+</value></rating>'


def _programme(programme: Programme, tz: tzinfo) -> Iterator[str]:
    yield (
        f'  <programme start="{xmltv_time(programme.start, tz)}" '
        f'stop="{xmltv_time(programme.stop, tz)}" channel="{xml_attr(programme.channel_id)}">'
    )
    for line in _programme_body(programme):
        yield f"    {line}"
    yield "  </programme>"


def to_xmltv(
    channels: Iterable[Channel],
    programmes: Iterable[Programme],
    *,
    tz: tzinfo = UTC,
    generator_name: str = "Telesabaq",
    generator_url: str | None = None,
    source_name: str | None = None,
) -> str:
    """Render channels and programmes as an XMLTV document (UTF-8 text, LF line ends)."""
    attrs = "".join(
        f' {key}="{xml_attr(value)}"'
        for key, value in (
            ("source-info-name", source_name),
            ("generator-info-name", generator_name),
            ("generator-info-url", generator_url),
        )
        if value
    )
    lines = [f"<tv{attrs}>"]
    for channel in channels:
        lines.extend(_channel(channel))
    on_air = sorted(
        (p for p in programmes if not p.cancelled), key=lambda p: (p.channel_id, p.start, p.stop)
    )
    for programme in on_air:
        lines.extend(_programme(programme, tz))
    lines.append("</tv>")
    return _HEADER + "\n".join(lines) + "\n"
