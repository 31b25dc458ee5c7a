"""A realistic guide shared by the exporter tests: a Kazakh education channel, three languages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from epg.programme import Channel, Episode, Genre, ParentalRating, Programme

START = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def sample_guide() -> tuple[list[Channel], list[Programme]]:
    bilim = Channel(
        id="bilim1.telesabaq.kz",
        display_names={"kaz": "Білім 1", "rus": "Билим 1", "eng": "Bilim 1"},
        lcn=1,
        service_id=101,
        transport_stream_id=16,
        original_network_id=0x2137,
        url="udp://@239.1.1.1:1234",
        icon="https://telesabaq.kz/logo/bilim1.png",
        group="Білім",
    )
    dvb = Channel(id=Channel.dvb_id(102, 16, 0x2137), display_names={"eng": "Bilim 2"}, lcn=2)
    maths = Programme(
        channel_id=bilim.id,
        event_id=1,
        start=START,
        stop=START + timedelta(minutes=45),
        titles={"kaz": "Математика: 1-дәріс", "rus": "Математика: лекция 1", "eng": "Maths 1"},
        subtitles={"kaz": "Өрнектер"},
        descriptions={
            "kaz": "Өрнектер және теңдеулер; «Қазақ тілінде», <b>1 & 2</b>\nЕкінші жол.",
            "rus": "Выражения и уравнения.",
        },
        genres=(Genre(level_1=9, level_2=6), Genre(level_1=9, level_2=2)),
        parental_ratings=(ParentalRating(country="KAZ", age=6),),
        test_url="https://edu.example.kz/test/42?lang=kk&module=1",
        short_code="MATH-101-1",
        course_id="MATH-101",
        module_id="MATH-101-1",
        episode=Episode(season=1, number=1, total=12, onscreen="1/12"),
        sequence=2,
    )
    physics = Programme(
        channel_id=bilim.id,
        event_id=2,
        start=START + timedelta(minutes=45),
        stop=START + timedelta(minutes=90),
        titles={"rus": "Физика: лекция 2", "eng": "Physics: lecture 2"},
        descriptions={"eng": "Newton's laws."},
        genres=(Genre(level_1=9, level_2=2),),
        previously_shown=True,
    )
    cancelled = Programme(
        channel_id=bilim.id,
        event_id=3,
        start=START + timedelta(minutes=90),
        stop=START + timedelta(minutes=120),
        titles={"eng": "Chemistry (cancelled)"},
        cancelled=True,
        sequence=1,
    )
    english = Programme(
        channel_id=dvb.id,
        start=START,
        stop=START + timedelta(hours=1),
        titles={"eng": "English for beginners"},
        genres=(Genre(level_1=9, level_2=7),),
    )
    return [bilim, dvb], [physics, maths, cancelled, english]


@pytest.fixture
def guide() -> tuple[list[Channel], list[Programme]]:
    return sample_guide()
