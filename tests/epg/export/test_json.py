"""Tests for epg.export.json: schema v1, round trip, a reader that raises only ProgrammeError."""

from __future__ import annotations

import contextlib
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from epg.errors import ProgrammeError
from epg.export.json import FORMAT, VERSION, from_json, to_json
from epg.programme import Channel, Programme
from tests.strategies.programme import guides

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def test_schema_of_the_sample(guide: tuple[list[Channel], list[Programme]]) -> None:
    document = json.loads(to_json(*guide))
    assert document["format"] == FORMAT == "telesabaq-epg"
    assert document["version"] == VERSION == 1
    channel = document["channels"][0]
    assert channel["id"] == "bilim1.telesabaq.kz"
    assert list(channel["display_names"]) == ["kaz", "rus", "eng"]
    assert channel["original_network_id"] == 0x2137
    maths = document["programmes"][1]
    assert maths["start"] == "2026-03-02T10:00:00Z"
    assert maths["stop"] == "2026-03-02T10:45:00Z"
    assert maths["genres"][0] == {"level_1": 9, "level_2": 6, "user_byte": 0}
    assert maths["parental_ratings"] == [{"country": "KAZ", "age": 6}]
    assert maths["episode"]["number"] == 1
    assert maths["uid"] == "1.bilim1.telesabaq.kz@telesabaq"
    assert set(maths) == set(document["programmes"][0])  # every key is always written
    assert "Математика" in to_json(*guide)  # UTF-8 text, not \u escapes


def test_sample_round_trip(guide: tuple[list[Channel], list[Programme]]) -> None:
    channels, programmes = guide
    assert from_json(to_json(channels, programmes)) == (channels, programmes)


@given(guides())
def test_round_trip(guide: tuple[list[Channel], list[Programme]]) -> None:
    channels, programmes = guide
    text = to_json(channels, programmes, indent=None)
    assert from_json(text) == (channels, programmes)
    assert from_json(text.encode("utf-8")) == (channels, programmes)


def test_reader_tolerates_unknown_keys_and_missing_optionals() -> None:
    document = {
        "format": FORMAT,
        "version": VERSION,
        "future_key": 1,
        "channels": [{"id": "a.kz", "display_names": {"kaz": "A"}, "new": True}],
        "programmes": [
            {
                "channel_id": "a.kz",
                "start": "2026-03-02T10:00:00Z",
                "stop": "2026-03-02T10:45:00.250000Z",
                "titles": {"kaz": "Дәріс"},
            }
        ],
    }
    channels, programmes = from_json(json.dumps(document))
    assert channels[0].lcn is None
    assert programmes[0].stop.microsecond == 250000
    assert programmes[0].genres == ()


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(version=2), "version"),
        (lambda d: d.update(format="xmltv"), "version"),
        (lambda d: d["programmes"][0].update(start="2026-03-02T10:00:00+05:00"), "'Z'"),
        (lambda d: d["programmes"][0].update(start="yesterday Z"), "start"),
        (lambda d: d["programmes"][0].update(titles=["kaz", "x"]), "titles"),
        (lambda d: d["programmes"][0].update(genres=[{"level_1": 16}]), "level_1"),
        (lambda d: d["programmes"][0].update(genres=[{"level": 1}]), "genres"),
        (lambda d: d["programmes"][0].update(episode={"number": "1"}), "number"),
        (lambda d: d["programmes"][0].pop("channel_id"), "channel_id"),
        (lambda d: d["channels"][0].update(lcn=1.5), "lcn"),
        (lambda d: d.update(channels={}), "array"),
    ],
)
def test_reader_rejects_bad_documents(
    guide: tuple[list[Channel], list[Programme]], mutate: Any, message: str
) -> None:
    document = json.loads(to_json(*guide))
    mutate(document)
    with pytest.raises(ProgrammeError, match=message):
        from_json(json.dumps(document))


@given(st.text(max_size=60) | st.binary(max_size=60))
def test_fuzz_reader_on_any_text(text: str | bytes) -> None:
    with contextlib.suppress(ProgrammeError):
        from_json(text)


@given(guides(), st.data())
def test_fuzz_reader_on_mutated_documents(
    guide: tuple[list[Channel], list[Programme]], data: st.DataObject
) -> None:
    """Replace one value anywhere in a valid document: the reader either copes or says why."""
    document = json.loads(to_json(*guide))
    paths = list(_paths(document))
    path = data.draw(st.sampled_from(paths))
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = data.draw(JSON_VALUES)
    with contextlib.suppress(ProgrammeError):
        from_json(json.dumps(document))


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Any:
    items = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, value in items:
        yield (*prefix, key)
        yield from _paths(value, (*prefix, key))
