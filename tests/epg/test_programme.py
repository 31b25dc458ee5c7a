"""Tests for epg.programme: the one programme model behind EIT, XMLTV, JSON and iCalendar."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given

from epg.errors import EPGError, ProgrammeError
from epg.programme import Channel, Episode, Genre, Localized, ParentalRating, Programme
from tests.strategies.programme import channels, programmes

START = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
ALMATY = timezone(timedelta(hours=5))


def programme(**changes: Any) -> Programme:
    values: dict[str, Any] = {
        "channel_id": "bilim1.telesabaq.kz",
        "start": START,
        "stop": START + timedelta(minutes=45),
        "titles": {"kaz": "Математика: 1-дәріс", "rus": "Математика: лекция 1"},
        "event_id": 7,
    }
    return Programme(**(values | changes))


def test_times_are_stored_in_utc() -> None:
    p = programme(start=datetime(2026, 3, 2, 15, 0, tzinfo=ALMATY), stop=START + timedelta(hours=1))
    assert p.start == START
    assert p.start.utcoffset() == timedelta(0)
    assert p.duration_seconds == 3600


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"start": datetime(2026, 3, 2, 10, 0)}, "naive"),
        ({"stop": START}, "not after"),
        ({"stop": START - timedelta(seconds=1)}, "not after"),
        ({"titles": {}}, "at least one"),
        ({"titles": {"kaz": "  "}}, "blank"),
        ({"titles": {"kk": "x"}}, "ISO 639-2"),
        ({"titles": {"KAZ": "x"}}, "ISO 639-2"),
        ({"titles": {"kaz": 5}}, "str"),
        ({"channel_id": "bilim 1"}, "XMLTV id"),
        ({"channel_id": "bilim1"}, "XMLTV id"),
        ({"event_id": 0x10000}, "event_id"),
        ({"event_id": True}, "event_id"),
        ({"running_status": 8}, "running_status"),
        ({"sequence": -1}, "sequence"),
        ({"test_url": "edu.example.kz/test/1"}, "URL"),
        ({"test_url": "https://edu.example.kz/a b"}, "URL"),
        ({"genres": (5,)}, "Genre"),
        ({"cancelled": "yes"}, "bool"),
        ({"uid": ""}, "uid"),
        ({"start": "2026-03-02"}, "datetime"),
    ],
)
def test_invalid_programmes_are_rejected(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ProgrammeError, match=message) as info:
        programme(**changes)
    assert isinstance(info.value, EPGError)
    assert isinstance(info.value, ValueError)


def test_uid_is_stable_across_reschedules() -> None:
    first = programme()
    moved = programme(start=START + timedelta(days=1), stop=START + timedelta(days=1, hours=1))
    assert first.uid == moved.uid == "7.bilim1.telesabaq.kz@telesabaq"
    assert programme(event_id=None).uid == "20260302T100000Z.bilim1.telesabaq.kz@telesabaq"
    assert programme(uid="lecture-42@edu.kz").uid == "lecture-42@edu.kz"


def test_localized_is_an_ordered_hashable_mapping() -> None:
    texts = Localized({"rus": "Физика", "kaz": "Физика", "eng": "Physics"})
    assert list(texts) == ["rus", "kaz", "eng"]
    assert texts == {"kaz": "Физика", "rus": "Физика", "eng": "Physics"}
    assert hash(texts) == hash(
        Localized([("eng", "Physics"), ("kaz", "Физика"), ("rus", "Физика")])
    )
    assert texts.pick("kaz") == ("kaz", "Физика")
    assert texts.pick("deu", "eng") == ("eng", "Physics")
    assert texts.pick("deu") == ("rus", "Физика")  # the primary language
    assert Localized().pick("kaz") is None
    with pytest.raises(ProgrammeError, match="duplicate"):
        Localized([("kaz", "a"), ("kaz", "b")])


def test_genre_meanings_follow_table_28() -> None:
    assert Genre(level_1=9, level_2=6).meaning == "further education"
    assert Genre(level_1=9, level_2=6).code == 0x96
    assert Genre(level_1=9, level_2=7).meaning == "languages"
    assert Genre(level_1=9, level_2=0xF).meaning == "Education/Science/Factual topics"
    assert Genre(level_1=0xC).meaning == "reserved for future use"
    with pytest.raises(ProgrammeError):
        Genre(level_1=16)


def test_parental_rating_maps_to_the_dvb_byte() -> None:
    assert ParentalRating(country="KAZ", age=16).dvb_rating == 0x0D
    with pytest.raises(ProgrammeError):
        ParentalRating(country="KZ", age=16)
    with pytest.raises(ProgrammeError):
        ParentalRating(country="KAZ", age=3)


def test_episode_checks_totals() -> None:
    assert Episode(number=12, total=12).number == 12
    with pytest.raises(ProgrammeError, match="beyond"):
        Episode(number=13, total=12)
    with pytest.raises(ProgrammeError):
        Episode(number=0)


def test_channel() -> None:
    dvb = Channel.dvb_id(101, 16, 8503)
    assert dvb == "101.16.8503.dvb"
    channel = Channel(id=dvb, display_names={"kaz": "Білім 1"}, lcn=1, service_id=101)
    assert channel.display_names == {"kaz": "Білім 1"}
    bad: dict[str, Any]
    for bad in ({"lcn": 1024}, {"display_names": {}}, {"url": "not a url"}, {"group": " "}):
        with pytest.raises(ProgrammeError):
            Channel(**({"id": dvb, "display_names": {"kaz": "Білім 1"}} | bad))


def test_models_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        programme().cancelled = True  # type: ignore[misc]


@given(programmes())
def test_generated_programmes_are_valid_and_hash_consistently(p: Programme) -> None:
    copy = dataclasses.replace(p)
    assert copy == p
    assert hash(copy) == hash(p)
    assert p.start.tzinfo is UTC
    assert p.stop > p.start


@given(channels)
def test_generated_channels_are_valid(channel: Channel) -> None:
    assert dataclasses.replace(channel) == channel
