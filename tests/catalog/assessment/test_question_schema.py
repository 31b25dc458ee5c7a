"""Questions authored by hand: what a question needs depends on its kind, and the OpenAPI schema
says so (a discriminated union on `kind`). The property that matters: a body is stored exactly
when it is valid against the published JSON Schema (checked with jsonschema_rs, the validator
schemathesis uses), so clients and generators can trust the schema."""

from __future__ import annotations

import re
from typing import Any

import jsonschema_rs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError
from sqlalchemy import func, select

from catalog.models.assessment import Question
from catalog.schemas.assessment import NOT_BLANK, WHITE_SPACE, Prompt
from tests.catalog.assessment.conftest import Loop
from tests.catalog.conftest import World

SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
PATH = "/api/modules/{module_id}/questions"


def test_white_space_is_exactly_what_strip_removes() -> None:
    assert set(WHITE_SPACE) == {chr(c) for c in range(0x110000) if chr(c).isspace()}


def test_not_blank_reads_the_same_in_every_regex_engine() -> None:
    """Python's re, pydantic-core (Rust) and jsonschema_rs (ECMA-262) agree with str.strip()."""
    in_schema = jsonschema_rs.Draft202012Validator({"type": "string", "pattern": NOT_BLANK})
    prompt = TypeAdapter(Prompt)
    for c in [*WHITE_SPACE, "\ufeff", "\u200b", "\x00", "a", "Ә", "😀"]:
        for text in (c, f" {c}\t"):
            keeps = bool(text.strip())
            assert (re.search(NOT_BLANK, text) is not None) is keeps, repr(text)
            assert in_schema.is_valid(text) is keeps, repr(text)
            assert _valid(prompt, text) is keeps, repr(text)


def _valid(adapter: TypeAdapter[str], value: str) -> bool:
    try:
        adapter.validate_python(value)
    except ValidationError:
        return False
    return True


@SQLITE
def test_every_kind_in_its_existing_shape_is_stored(loop: Loop) -> None:
    module_id = loop.modules[0]["id"]
    bodies = [
        {"kind": "single", "prompt": "2 + 2 = ?", "options": ["3", "4"], "correct": [1]},
        {
            "kind": "multiple",
            "prompt": "Primes?",
            "options": ["2", "3", "4"],
            "correct": [1, 0, 1],
            "points": 3,
        },
        {"kind": "numeric", "prompt": "g, m/s²", "value": 9.81, "tolerance": 0.05},
        {"kind": "numeric", "prompt": "Zero", "value": 0},
        {"kind": "text", "prompt": "Capital?", "accepted": ["Astana", "Астана"]},
    ]
    stored = [
        loop.call("POST", f"/api/modules/{module_id}/questions", "staff", 201, json=b)
        for b in bodies
    ]
    assert [(q["kind"], q["options"], q["answer"], q["points"]) for q in stored] == [
        ("single", ["3", "4"], {"correct": [1]}, 1),
        ("multiple", ["2", "3", "4"], {"correct": [0, 1]}, 3),
        ("numeric", [], {"value": 9.81, "tolerance": 0.05}, 1),
        ("numeric", [], {"value": 0.0, "tolerance": 0.0}, 1),
        ("text", [], {"accepted": ["Astana", "Астана"]}, 1),
    ]
    assert [q["position"] for q in stored] == [1, 2, 3, 4, 5]


REFUSED = [
    ({"kind": "numeric", "prompt": "g"}, ["body", "numeric", "value"], "missing"),
    (
        {"kind": "single", "prompt": "?", "options": ["a", "b"], "correct": [0, 1]},
        ["body", "single", "correct"],
        "too_long",
    ),
    (
        {"kind": "single", "prompt": "?", "options": ["a", "b"], "correct": [2]},
        ["body", "single"],
        "value_error",
    ),
    (
        {"kind": "multiple", "prompt": "?", "options": ["a", "b"], "correct": []},
        ["body", "multiple", "correct"],
        "too_short",
    ),
    (
        {"kind": "multiple", "prompt": "?", "options": ["a"], "correct": [0]},
        ["body", "multiple", "options"],
        "too_short",
    ),
    (
        {"kind": "single", "prompt": "?", "options": ["a", " \u3000"], "correct": [0]},
        ["body", "single", "options", 1],
        "string_pattern_mismatch",
    ),
    (
        {"kind": "text", "prompt": " \x1c\t", "accepted": ["a"]},
        ["body", "text", "prompt"],
        "string_pattern_mismatch",
    ),
    ({"kind": "text", "prompt": "Say"}, ["body", "text", "accepted"], "missing"),
    (
        {"kind": "text", "prompt": "Say", "accepted": ["hi", "  "]},
        ["body", "text", "accepted", 1],
        "string_pattern_mismatch",
    ),
    (
        {"kind": "numeric", "prompt": "g", "value": 9.8, "options": ["a", "b"]},
        ["body", "numeric", "options"],
        "extra_forbidden",
    ),
    ({"kind": "essay", "prompt": "Why?"}, ["body"], "union_tag_invalid"),
    ({"prompt": "Why?"}, ["body"], "union_tag_not_found"),
]


@SQLITE
def test_refusals_name_the_field_and_store_nothing(loop: Loop, world: World) -> None:
    url = f"/api/modules/{loop.modules[0]['id']}/questions"
    for body, loc, kind in REFUSED:
        r = world.client.post(url, headers=world.h("staff"), json=body)
        assert r.status_code == 422, (body, r.text)
        details = r.json()["error"]["details"]
        assert (details[0]["loc"], details[0]["type"]) == (loc, kind), (body, details)
    r = world.client.post(
        url,
        headers=world.h("staff"),
        json={"kind": "single", "prompt": "?", "options": ["a", "b"], "correct": [5]},
    )
    assert "index 5 is not one of the 2 options" in r.json()["error"]["details"][0]["msg"]
    with world.session() as s:
        assert s.scalar(select(func.count()).select_from(Question)) == 0


# --- the schema is the truth: stored exactly when valid against it ---

_texts = st.one_of(
    st.sampled_from(["", " ", "\u3000", "\x1c", "\ufeff", "\u200b", " a ", "4", "Астана"]),
    st.text(max_size=4),
    st.sampled_from(["p" * 1000, "p" * 1001, "p" * 5000, "p" * 5001]),
)
_numbers = st.one_of(
    st.integers(-(10**6), 10**6), st.floats(-1e13, 1e13, allow_nan=False), st.just(2e12)
)
FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "prompt": _texts,
    "options": st.lists(_texts, max_size=13),
    "correct": st.lists(st.integers(-1, 13), max_size=13),
    "value": _numbers,
    "tolerance": _numbers,
    "accepted": st.lists(_texts, max_size=21),
    "points": st.integers(-1, 101),
    "note": st.just("unknown field"),
}
OWN = {
    "single": {"prompt", "options", "correct", "points"},
    "multiple": {"prompt", "options", "correct", "points"},
    "numeric": {"prompt", "value", "tolerance", "points"},
    "text": {"prompt", "accepted", "points"},
    "essay": {"prompt"},
}


@st.composite
def question_bodies(draw: st.DrawFn) -> dict[str, Any]:
    """Near-valid bodies: a kind's own fields usually present, foreign ones now and then."""
    kind = draw(st.sampled_from(sorted(OWN)))
    body: dict[str, Any] = {} if draw(st.integers(0, 30)) == 0 else {"kind": kind}
    for name, values in FIELDS.items():
        if draw(st.integers(0, 9)) < (8 if name in OWN[kind] else 1):
            body[name] = draw(values)
    return body


def _expected_answer(body: dict[str, Any]) -> dict[str, Any]:
    if body["kind"] in ("single", "multiple"):
        return {"correct": sorted(set(body["correct"]))}
    if body["kind"] == "numeric":
        return {"value": float(body["value"]), "tolerance": float(body.get("tolerance", 0.0))}
    return {"accepted": body["accepted"]}


def _validator(world: World) -> Any:
    document = world.client.app.openapi()  # type: ignore[attr-defined]
    body = document["paths"][PATH]["post"]["requestBody"]["content"]["application/json"]
    return jsonschema_rs.Draft202012Validator(
        {**body["schema"], "components": document["components"]}
    )


@SQLITE
def test_a_body_is_stored_exactly_when_the_schema_says_it_is_valid(
    loop: Loop, world: World
) -> None:
    url = f"/api/modules/{loop.modules[0]['id']}/questions"
    validator = _validator(world)
    outcomes: set[bool] = set()

    @given(body=question_bodies())
    @settings(max_examples=300, suppress_health_check=list(HealthCheck), database=None)
    def check(body: dict[str, Any]) -> None:
        r = world.client.post(url, headers=world.h("staff"), json=body)
        valid = validator.is_valid(body)
        assert r.status_code == (201 if valid else 422), (body, r.text)
        outcomes.add(valid)
        if valid:
            stored = r.json()
            assert (stored["kind"], stored["prompt"]) == (body["kind"], body["prompt"])
            assert stored["options"] == body.get("options", [])
            assert stored["answer"] == _expected_answer(body)
            assert stored["points"] == body.get("points", 1)

    check()
    assert outcomes == {True, False}  # both sides of the property were exercised
