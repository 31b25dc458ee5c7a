"""NUL (U+0000) in request text is a 422 naming its place, on SQLite and on PostgreSQL alike
(PostgreSQL cannot store it and used to answer 500), and nothing is stored."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from catalog.models import Course
from catalog.text_guard import NO_NUL_PATTERN, nul_places
from tests.catalog.conftest import World

COURSE = {
    "code": "NUL-1",
    "title": {"kk": "Информатика", "ru": "Информатика", "en": "Computing"},
    "language": "kk",
    "level": "bachelor-1",
}


def _courses(world: World) -> int:
    with world.session() as session:
        return int(session.scalar(select(func.count()).select_from(Course)) or 0)


def _locations(response: Any) -> list[list[Any]]:
    assert response.status_code == 422, response.text
    return [d["loc"] for d in response.json()["error"]["details"] if d["type"] == "nul_char"]


def test_a_json_field_with_nul_is_refused_and_nothing_stored(world: World) -> None:
    before = _courses(world)
    body = {**COURSE, "title": {**COURSE["title"], "en": "Comp\x00uting"}}
    response = world.client.post("/api/courses", headers=world.h("staff"), json=body)
    assert _locations(response) == [["body", "title", "en"]]
    assert _courses(world) == before
    world.ok("POST", "/api/courses", "staff", 201, json=COURSE)  # the same without NUL is fine


def test_an_escaped_nul_in_raw_json_is_found_too(world: World) -> None:
    raw = json.dumps({**COURSE, "code": "NUL\\u0000-2"}).replace("\\\\u0000", "\\u0000")
    response = world.client.post(
        "/api/courses",
        headers={**world.h("staff"), "content-type": "application/json"},
        content=raw.encode(),
    )
    assert _locations(response) == [["body", "code"]]


def test_nul_in_a_query_or_a_path_is_refused(world: World) -> None:
    assert _locations(world.client.get("/api/courses?search=a%00b", headers=world.h("staff"))) == [
        ["query", "search"]
    ]
    assert _locations(world.client.get("/t/123%00456")) == [["path"]]


def test_nul_in_a_form_field_is_refused(world: World) -> None:
    response = world.client.post("/login", data={"username": "staff\x00", "password": "x"})
    assert _locations(response) == [["body", "username"]]


texts = st.text(st.characters(exclude_characters="\x00"), max_size=8)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=20,
)


def _strings(value: Any, where: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    if isinstance(value, str):
        return [where]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _strings(v, (*where, k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _strings(v, (*where, i))]
    return []


def _poison(value: Any, target: tuple[Any, ...]) -> Any:
    if not target:
        return value + "\x00"
    head, *rest = target
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[head] = _poison(value[head], tuple(rest))
    return copy


@given(json_values, st.data())
def test_nul_places_finds_exactly_the_poisoned_string(value: Any, data: st.DataObject) -> None:
    assert list(nul_places(value, ("body",))) == []
    strings = _strings(value, ())
    if strings:
        target = data.draw(st.sampled_from(strings))
        assert list(nul_places(_poison(value, target), ("body",))) == [("body", *target)]


def test_the_published_schema_states_the_rule(world: World) -> None:
    """Clients validating against our OpenAPI (and schemathesis) learn that text holds no NUL."""
    schema = world.client.get("/openapi.json").json()
    texts, binaries = [], []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "string" and "enum" not in node and "const" not in node:
                rules = [node.get("pattern"), *(r.get("pattern") for r in node.get("allOf", []))]
                (binaries if node.get("format") == "binary" else texts).append(rules)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    assert len(texts) > 50
    assert all(NO_NUL_PATTERN in rules for rules in texts)
    assert all(NO_NUL_PATTERN not in rules for rules in binaries)
