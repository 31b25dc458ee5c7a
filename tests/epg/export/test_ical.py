"""Tests for epg.export.ical: RFC 5545 structure, escaping, folding on UTF-8 boundaries, CRLF."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from epg.export.ical import escape_text, fold_line, to_ical
from epg.programme import Channel, Programme, pick_text
from tests.strategies.programme import TEXTS, guides

DTSTAMP = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
_UNESCAPE = re.compile(r"\\([\\;,nN])")


def unescape(value: str) -> str:
    return _UNESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def parse(calendar: str) -> list[dict[str, tuple[dict[str, str], str]]]:
    """A tiny RFC 5545 reader: unfold, split name;params:value, collect VEVENTs."""
    assert calendar.endswith("\r\n")
    physical = calendar.encode("utf-8").split(b"\r\n")[:-1]
    for raw in physical:
        assert len(raw) <= 75, raw  # §3.1 folding limit, in octets
        raw.decode("utf-8")  # each physical line is whole UTF-8: no sequence was split
        assert b"\n" not in raw
        assert b"\r" not in raw
    logical: list[str] = []
    for raw in physical:
        line = raw.decode("utf-8")
        if line.startswith(" "):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    assert logical[0] == "BEGIN:VCALENDAR"
    assert logical[-1] == "END:VCALENDAR"
    events: list[dict[str, tuple[dict[str, str], str]]] = []
    for line in logical:
        head, value = re.match(r"([^:]*):(.*)", line).groups()  # type: ignore[union-attr]
        name, *params = head.split(";")
        if line == "BEGIN:VEVENT":
            events.append({})
        elif events and line != "END:VEVENT" and name not in events[-1]:
            events[-1][name] = (dict(p.split("=", 1) for p in params), value)
    return events


def test_sample_calendar(guide: tuple[list[Channel], list[Programme]]) -> None:
    calendar = to_ical(*guide, dtstamp=DTSTAMP, calendar_name="Білім 1")
    assert "VERSION:2.0\r\n" in calendar
    assert "PRODID:" in calendar
    events = parse(calendar)
    assert len(events) == 4  # cancelled ones stay, with STATUS:CANCELLED
    maths = next(e for e in events if e["UID"][1] == "1.bilim1.telesabaq.kz@telesabaq")
    assert maths["DTSTART"][1] == "20260302T100000Z"
    assert maths["DTEND"][1] == "20260302T104500Z"
    assert maths["DTSTAMP"][1] == "20260301T120000Z"
    assert maths["SEQUENCE"][1] == "2"
    assert maths["STATUS"][1] == "CONFIRMED"
    assert maths["SUMMARY"] == ({"LANGUAGE": "kk"}, "Математика: 1-дәріс")
    description = unescape(maths["DESCRIPTION"][1])
    assert description.startswith(
        "Өрнектер\n\nӨрнектер және теңдеулер; «Қазақ тілінде», <b>1 & 2</b>"
    )
    assert "[ru] Математика: лекция 1 — Выражения и уравнения." in description
    assert "[en] Maths 1" in description
    assert description.endswith("https://edu.example.kz/test/42?lang=kk&module=1")
    assert maths["URL"][1] == "https://edu.example.kz/test/42?lang=kk&module=1"
    assert unescape(maths["LOCATION"][1]) == "Білім 1"
    assert maths["CATEGORIES"][1] == "further education,technology/natural sciences"
    cancelled = next(e for e in events if e["UID"][1].startswith("3."))
    assert cancelled["STATUS"][1] == "CANCELLED"
    assert cancelled["SEQUENCE"][1] == "1"


def test_language_choice_falls_back_to_the_primary(
    guide: tuple[list[Channel], list[Programme]],
) -> None:
    events = parse(to_ical(*guide, dtstamp=DTSTAMP, language="rus"))
    summaries = {e["SUMMARY"][1] for e in events}
    assert "Математика: лекция 1" in summaries
    assert "English for beginners" in summaries  # no Russian title: the primary one


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a,b;c\\d", "a\\,b\\;c\\\\d"),
        ("line 1\r\nline 2\nline 3\rline 4", "line 1\\nline 2\\nline 3\\nline 4"),
        ("bell\x07tab\t", "belltab\t"),
    ],
)
def test_escape_text(text: str, escaped: str) -> None:
    assert escape_text(text) == escaped


def test_folding_counts_octets_not_characters() -> None:
    line = "SUMMARY:" + "ә" * 100
    folded = fold_line(line)
    parts = folded.encode("utf-8").split(b"\r\n")[:-1]
    # 8 + 2*33 = 74 (no room for one more 2-B letter), then " " + 37 letters, " " + 30 letters
    assert [len(p) for p in parts] == [74, 75, 61]
    assert folded.replace("\r\n ", "") == line + "\r\n"
    assert fold_line("X" * 75) == "X" * 75 + "\r\n"
    assert fold_line("X" * 76) == "X" * 75 + "\r\n X\r\n"


@given(st.text(min_size=0, max_size=300))
def test_fold_never_splits_utf8(line: str) -> None:
    folded = fold_line(line)
    for raw in folded.encode("utf-8").split(b"\r\n")[:-1]:
        assert len(raw) <= 75
        raw.decode("utf-8")
    assert folded.replace("\r\n ", "").removesuffix("\r\n") == line


@given(guides(), st.sampled_from(["kaz", "rus", "eng"]))
def test_any_guide_parses_back(guide: tuple[list[Channel], list[Programme]], language: str) -> None:
    channels, programmes = guide
    events = parse(to_ical(channels, programmes, dtstamp=DTSTAMP, language=language))
    assert len(events) == len(programmes)
    ordered = sorted(programmes, key=lambda p: (p.start, p.channel_id))  # the exporter's order
    for event, programme in zip(events, ordered, strict=True):
        assert unescape(event["UID"][1]) == escape_roundtrip(programme.uid or "")
        picked = pick_text(programme.titles, language)
        assert picked is not None
        assert unescape(event["SUMMARY"][1]) == escape_roundtrip(picked[1])
        assert event["STATUS"][1] == ("CANCELLED" if programme.cancelled else "CONFIRMED")
        assert event["SEQUENCE"][1] == str(programme.sequence)


def escape_roundtrip(text: str) -> str:
    """What a reader gets back for a TEXT value: CR/CRLF become LF, other controls go."""
    return unescape(escape_text(text))


@given(TEXTS)
def test_summary_text_survives(text: str) -> None:
    start = datetime(2026, 3, 2, tzinfo=UTC)
    programme = Programme(
        channel_id="a.kz", start=start, stop=start + timedelta(hours=1), titles={"kaz": text}
    )
    events = parse(to_ical([], [programme], dtstamp=DTSTAMP))
    expected = text.replace("\r\n", "\n").replace("\r", "\n")
    expected = "".join(c for c in expected if c in "\t\n" or not (ord(c) < 0x20 or ord(c) == 0x7F))
    assert unescape(events[0]["SUMMARY"][1]) == expected


def test_naive_dtstamp_is_rejected() -> None:
    with pytest.raises(ValueError, match="dtstamp"):
        to_ical([], [], dtstamp=datetime(2026, 3, 1))


# --------------------------------------------------------- independent: the icalendar package


@pytest.mark.independent
@given(guides(), st.sampled_from(["kaz", "rus", "eng"]))
def test_icalendar_package_reads_what_we_write(
    guide: tuple[list[Channel], list[Programme]], language: str
) -> None:
    icalendar = pytest.importorskip("icalendar")
    channels, programmes = guide
    calendar = icalendar.Calendar.from_ical(
        to_ical(channels, programmes, dtstamp=DTSTAMP, language=language)
    )
    events = calendar.walk("VEVENT")
    ordered = sorted(programmes, key=lambda p: (p.start, p.channel_id))
    assert len(events) == len(ordered)
    for event, programme in zip(events, ordered, strict=True):
        assert event.decoded("DTSTART") == programme.start.replace(microsecond=0)
        assert event.decoded("DTEND") == programme.stop.replace(microsecond=0)
        assert str(event["UID"]) == escape_roundtrip(programme.uid or "")
        picked = pick_text(programme.titles, language)
        assert picked is not None
        assert str(event["SUMMARY"]) == escape_roundtrip(picked[1])
        assert int(event["SEQUENCE"]) == programme.sequence
        assert str(event["STATUS"]) == ("CANCELLED" if programme.cancelled else "CONFIRMED")
        if programme.test_url:
            assert str(event["URL"]) == programme.test_url


@pytest.mark.independent
def test_icalendar_package_reads_the_sample(guide: tuple[list[Channel], list[Programme]]) -> None:
    icalendar = pytest.importorskip("icalendar")
    calendar = icalendar.Calendar.from_ical(to_ical(*guide, dtstamp=DTSTAMP))
    maths = next(e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("1."))
    assert str(maths["SUMMARY"]) == "Математика: 1-дәріс"
    assert maths["SUMMARY"].params["LANGUAGE"] == "kk"
    assert "«Қазақ тілінде», <b>1 & 2</b>\nЕкінші жол." in str(maths["DESCRIPTION"])
    assert [str(c) for c in maths["CATEGORIES"].cats] == [
        "further education",
        "technology/natural sciences",
    ]
    assert maths.decoded("DTSTART") == datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
