"""Programmes to EIT events: languages, limits checked at build time, the URL never dropped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from epg.descriptors.event import (
    ContentDescriptor,
    ExtendedEventDescriptor,
    ParentalRatingDescriptor,
    ShortEventDescriptor,
)
from epg.descriptors.event_fitting import join_extended_events
from epg.eit_builder import (
    EVENT_DESCRIPTOR_ROOM,
    Detail,
    EITBuildOptions,
    build_event,
    build_schedule_events,
    default_event_id,
    present_following,
)
from epg.errors import TableEncodeError
from epg.programme import Genre, ParentalRating, Programme
from epg.tables.eit import EITEvent, EITPresentFollowing
from mpegts.bits import BitReader

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
URL = "https://edu.example.kz/test/42"


def lecture(start: datetime = START, *, description_repeat: int = 1, **kw: object) -> Programme:
    fields: dict[str, object] = {
        "channel_id": "bilim1.edutv.kz",
        "start": start,
        "stop": start + timedelta(hours=1),
        "titles": {
            "kaz": "Математика: 1-дәріс",
            "rus": "Математика: лекция 1",
            "eng": "Mathematics: lecture 1",
        },
        "descriptions": {
            "kaz": ("Өрнектер және теңдеулер. Қазақ тілінде. " * description_repeat).strip(),
            "rus": ("Выражения и уравнения. На казахском языке. " * description_repeat).strip(),
            "eng": ("Expressions and equations. In Kazakh. " * description_repeat).strip(),
        },
        "genres": (Genre(level_1=9, level_2=6),),
        "parental_ratings": (ParentalRating(country="KAZ", age=6),),
        "test_url": URL,
        "event_id": 1,
    }
    fields.update(kw)
    return Programme(**fields)  # type: ignore[arg-type]


def _round_trip(event: EITEvent) -> EITEvent:
    return EITEvent.read(BitReader(event.encode()), table_id=0x4E)


def _of(event: EITEvent, kind: type) -> list:
    return [d for d in event.descriptors if isinstance(d, kind)]


def test_one_short_event_per_language_in_order() -> None:
    event = build_event(lecture())
    shorts = _of(event, ShortEventDescriptor)
    assert [d.iso_639_language_code for d in shorts] == ["kaz", "rus", "eng"]
    assert shorts[0].event_name == "Математика: 1-дәріс"
    assert shorts[0].text == "Өрнектер және теңдеулер. Қазақ тілінде."
    assert (event.start_time, event.duration, event.event_id) == (START, timedelta(hours=1), 1)
    assert _round_trip(event) == event


def test_primary_language_is_configurable() -> None:
    event = build_event(lecture(), options=EITBuildOptions(languages=("rus", "kaz", "eng")))
    assert _of(event, ShortEventDescriptor)[0].iso_639_language_code == "rus"


def test_url_travels_as_an_item_in_every_language() -> None:
    event = build_event(lecture())
    joined = join_extended_events(event.descriptors)
    assert set(joined) == {"kaz", "rus", "eng"}
    for text, items in joined.values():
        assert [(i.item_description, i.item) for i in items] == [("URL", URL)]
        assert text.startswith(URL)
    assert _of(event, ContentDescriptor)[0].items[0].content_nibble_level_1 == 9
    assert _of(event, ParentalRatingDescriptor)[0].ratings[0].rating == 3


def test_long_texts_are_shortened_with_an_ellipsis_and_the_url_kept() -> None:
    event = build_event(lecture(description_repeat=200))
    for short in _of(event, ShortEventDescriptor):
        assert len(short.encode()) <= 257
        assert short.text.endswith(("…", "..."))
    for text, items in join_extended_events(event.descriptors).values():
        assert URL in text
        assert "…" in text or "..." in text
        assert items[0].item == URL
    assert sum(len(d.encode()) for d in event.descriptors) <= EVENT_DESCRIPTOR_ROOM


def test_a_huge_budget_still_fits_one_section() -> None:
    options = EITBuildOptions(extended_text_bytes=4000)
    event = build_event(lecture(description_repeat=500), options=options)
    assert sum(len(d.encode()) for d in event.descriptors) <= EVENT_DESCRIPTOR_ROOM
    for _, items in join_extended_events(event.descriptors).values():
        assert items[0].item == URL
    pf = EITPresentFollowing(
        service_id=1, transport_stream_id=1, original_network_id=1, present=event
    )
    assert all(len(s.encode()) <= 4096 for s in pf.encode())


def test_too_many_languages_is_an_error_at_build_time() -> None:
    codes = [f"{a}{b}{c}" for a in "abcdefgh" for b in "ab" for c in "a"]
    titles = dict.fromkeys(codes, "Ә" * 200)
    with pytest.raises(TableEncodeError):
        build_event(lecture(titles=titles, descriptions={}))


def test_lean_events_carry_no_extended_text() -> None:
    event = build_event(lecture(), detail=Detail.LEAN)
    assert not _of(event, ExtendedEventDescriptor)
    assert len(_of(event, ShortEventDescriptor)) == 3


def test_schedule_events_are_full_for_two_days_then_lean() -> None:
    now = START + timedelta(minutes=50)
    programmes = [lecture(START + timedelta(hours=12) * i, event_id=i + 1) for i in range(20)]
    programmes.append(lecture(START - timedelta(days=1), event_id=99))  # before last midnight
    programmes.append(lecture(START + timedelta(hours=1), event_id=98, cancelled=True))
    events = build_schedule_events(reversed(programmes), now=now)
    assert [e.event_id for e in events] == list(range(1, 17))  # 8 days from 00:00
    full = [bool(_of(e, ExtendedEventDescriptor)) for e in events]
    midnight = START.replace(hour=0)
    assert full == [e.start_time < midnight + timedelta(days=2) for e in events]


def test_present_following() -> None:
    programmes = [lecture(START + timedelta(hours=i), event_id=i + 1) for i in range(3)]
    present, following = present_following(programmes, now=START + timedelta(minutes=10))
    assert present is not None
    assert following is not None
    assert (present.event_id, present.running_status) == (1, 4)
    assert (following.event_id, following.running_status) == (2, 1)
    gap_present, gap_following = present_following(
        programmes[1:], now=START + timedelta(minutes=10)
    )
    assert gap_present is None
    assert gap_following is not None
    assert gap_following.event_id == 2


def test_derived_event_ids_are_distinct_over_eight_days() -> None:
    starts = [START + timedelta(minutes=30) * i for i in range(8 * 48)]
    ids = {default_event_id(lecture(s, event_id=None)) for s in starts}
    assert len(ids) == len(starts)
    assert all(0 < i <= 0xFFFF for i in ids)


kazakh_text = st.text(
    alphabet="әғқңөұүһіАБВабв ЁёQwz.,:0123456789", min_size=1, max_size=400
).filter(str.strip)


@given(kazakh_text, kazakh_text, st.booleans())
def test_any_text_fits_and_round_trips(title: str, description: str, with_url: bool) -> None:
    programme = lecture(
        titles={"kaz": title, "rus": title, "eng": "x"},
        descriptions={"kaz": description, "rus": description},
        test_url=URL if with_url else None,
    )
    event = build_event(programme)
    assert all(len(d.encode()) <= 257 for d in event.descriptors)
    assert _round_trip(event) == event
    if with_url:
        for _, items in join_extended_events(event.descriptors).values():
            assert items[0].item == URL


def test_a_url_too_long_for_any_descriptor_fails_at_build_time() -> None:
    with pytest.raises(TableEncodeError):
        build_event(lecture(test_url="https://edu.example.kz/" + "x" * 300))


def test_url_text_is_dropped_before_the_item_when_room_is_short() -> None:
    url = "https://edu.example.kz/" + "t" * 150
    event = build_event(lecture(test_url=url))
    for text, items in join_extended_events(event.descriptors).values():
        assert items[0].item == url
        assert url not in text  # the item alone fits one descriptor; the copy in text does not
