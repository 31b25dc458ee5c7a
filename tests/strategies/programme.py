"""Hypothesis strategies for the programme model (epg.programme)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import strategies as st

from epg.programme import Channel, Episode, Genre, ParentalRating, Programme

LANGUAGES = st.sampled_from(["kaz", "rus", "eng", "deu", "tur", "sah"])
KAZAKH_TEXT = st.text(
    st.sampled_from("АӘБҒҚҢӨҰҮҺІаәбғқңөұүһі Ёё.,;:!?\"'«»-—\\&<>\n0123456789"), min_size=1
)
TEXTS = (st.text(min_size=1) | KAZAKH_TEXT).filter(lambda s: s.strip() != "")
# The languages of the regexes [-a-zA-Z0-9]{1,12}(\.[-a-zA-Z0-9]{1,12}){1,3} and
# https://[a-z0-9]{1,10}\.kz/[-a-zA-Z0-9_/?=&%]{0,40}, built from alphabets: st.from_regex
# spent most of the exporter tests' time generating them.
_ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_LABELS = st.text(st.sampled_from("-" + _ALNUM), min_size=1, max_size=12)
CHANNEL_IDS = st.lists(_LABELS, min_size=2, max_size=4).map(".".join)
URLS = st.builds(
    "https://{}.kz/{}".format,
    st.text(st.sampled_from(_ALNUM[:26] + _ALNUM[52:]), min_size=1, max_size=10),
    st.text(st.sampled_from("-_/?=&%" + _ALNUM), max_size=40),
)
ZONES = st.sampled_from(
    [UTC, timezone(timedelta(hours=5)), timezone(timedelta(hours=-3, minutes=-30))]
)
TIMES = st.datetimes(datetime(2000, 1, 1), datetime(2099, 1, 1), timezones=ZONES)
INT16 = st.integers(0, 0xFFFF)


def localized(min_size: int = 0) -> st.SearchStrategy[dict[str, str]]:
    return st.dictionaries(LANGUAGES, TEXTS, min_size=min_size, max_size=3)


def optional(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.none() | strategy


genres = st.builds(
    Genre, level_1=st.integers(0, 15), level_2=st.integers(0, 15), user_byte=st.integers(0, 255)
)
ratings = st.builds(
    ParentalRating, country=st.sampled_from(["KAZ", "RUS", "DEU", "643"]), age=st.integers(4, 18)
)


@st.composite
def episodes(draw: st.DrawFn) -> Episode:
    values: dict[str, object] = {}
    for name in ("season", "number", "part"):
        total = draw(st.none() | st.integers(1, 500))
        values[name] = draw(st.none() | st.integers(1, total or 500))
        values[f"{name}_total" if name != "number" else "total"] = total
    values["onscreen"] = draw(st.none() | TEXTS)
    return Episode(**values)  # type: ignore[arg-type]


channels = st.builds(
    Channel,
    id=CHANNEL_IDS,
    display_names=localized(min_size=1),
    lcn=optional(st.integers(0, 1023)),
    service_id=optional(INT16),
    transport_stream_id=optional(INT16),
    original_network_id=optional(INT16),
    url=optional(URLS | st.just("udp://@239.1.1.1:1234")),
    icon=optional(URLS),
    group=optional(TEXTS),
)


@st.composite
def programmes(draw: st.DrawFn, channel_ids: st.SearchStrategy[str] = CHANNEL_IDS) -> Programme:
    start = draw(TIMES)
    return Programme(
        channel_id=draw(channel_ids),
        start=start,
        stop=start + draw(st.timedeltas(timedelta(seconds=1), timedelta(days=2))),
        titles=draw(localized(min_size=1)),
        subtitles=draw(localized()),
        descriptions=draw(localized()),
        event_id=draw(st.none() | INT16),
        genres=tuple(draw(st.lists(genres, max_size=3))),
        parental_ratings=tuple(draw(st.lists(ratings, max_size=2))),
        test_url=draw(st.none() | URLS),
        short_code=draw(st.none() | TEXTS),
        course_id=draw(st.none() | TEXTS),
        module_id=draw(st.none() | TEXTS),
        episode=draw(st.none() | episodes()),
        previously_shown=draw(st.booleans()),
        sequence=draw(st.integers(0, 2**31 - 1)),
        cancelled=draw(st.booleans()),
        uid=draw(st.none() | TEXTS),
        running_status=draw(st.none() | st.integers(0, 7)),
        icon=draw(st.none() | URLS),
    )


@st.composite
def guides(draw: st.DrawFn) -> tuple[list[Channel], list[Programme]]:
    """Channels with unique ids and programmes on them."""
    chans = draw(st.lists(channels, min_size=1, max_size=3, unique_by=lambda c: c.id))
    ids = st.sampled_from([c.id for c in chans])
    return chans, draw(st.lists(programmes(ids), max_size=4))
