"""Server-side grading of untrusted responses, and short codes typed on any phone."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog.models.assessment import QuestionKind
from catalog.services.grading import is_correct, normalise_text, parse_number
from catalog.services.short_codes import WrongCodeLimiter, display, normalise


@pytest.mark.parametrize(
    ("kind", "key", "response", "right"),
    [
        (QuestionKind.SINGLE, {"correct": [2]}, 2, True),
        (QuestionKind.SINGLE, {"correct": [2]}, [2], False),
        (QuestionKind.SINGLE, {"correct": [2]}, True, False),
        (QuestionKind.MULTIPLE, {"correct": [0, 2]}, [2, 0], True),
        (QuestionKind.MULTIPLE, {"correct": [0, 2]}, [0, 1, 2], False),
        (QuestionKind.MULTIPLE, {"correct": [0, 2]}, "0,2", False),
        (QuestionKind.NUMERIC, {"value": 3.14, "tolerance": 0.005}, "3,141", True),
        (QuestionKind.NUMERIC, {"value": 3.14, "tolerance": 0.005}, 3.2, False),
        (QuestionKind.NUMERIC, {"value": -2, "tolerance": 0}, "\u22122", True),
        (QuestionKind.NUMERIC, {"value": 1, "tolerance": 0}, "inf", False),
        (QuestionKind.TEXT, {"accepted": ["Астана"]}, "  АСТАНА ", True),
        (QuestionKind.TEXT, {"accepted": ["Қазақстан"]}, "Қазақстан", True),
        (QuestionKind.TEXT, {"accepted": ["a b"]}, "a   b", True),
        (QuestionKind.TEXT, {"accepted": ["x"]}, None, False),
        (QuestionKind.TEXT, {"accepted": ["1"]}, 1, False),
    ],
)
def test_is_correct(kind: QuestionKind, key: dict, response: object, right: bool) -> None:  # type: ignore[type-arg]
    assert is_correct(kind, key, response) is right


@given(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(), st.text(), st.lists(st.integers())
    )
)
def test_any_response_is_just_right_or_wrong(response: object) -> None:
    for kind, key in (
        (QuestionKind.SINGLE, {"correct": [0]}),
        (QuestionKind.MULTIPLE, {"correct": [0, 1]}),
        (QuestionKind.NUMERIC, {"value": 0.0, "tolerance": 0.1}),
        (QuestionKind.TEXT, {"accepted": ["ok"]}),
    ):
        assert is_correct(kind, key, response) in (True, False)


@given(st.text())
def test_text_normalisation_is_idempotent(value: str) -> None:
    assert normalise_text(normalise_text(value)) == normalise_text(value)


def test_parse_number() -> None:
    assert parse_number("1,5") == 1.5
    assert parse_number(False) is None
    assert parse_number("nan") is None


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("123 456", "123456"),
        ("123-456", "123456"),
        ("\u0661\u0662\u0663\u0664\u0665\u0666", "123456"),  # Arabic-Indic digits
        ("１２３４５６", "123456"),  # full-width
        ("12345", None),
        ("123 4567", None),
        ("12a456", None),
        ("", None),
    ],
)
def test_normalise(typed: str, code: str | None) -> None:
    assert normalise(typed) == code


@given(st.integers(0, 999_999))
def test_display_round_trips(n: int) -> None:
    code = f"{n:06d}"
    assert display(code) == f"{code[:3]} {code[3:]}"
    assert normalise(display(code)) == code


@given(st.text(max_size=60))
def test_normalise_never_crashes(typed: str) -> None:
    result = normalise(typed)
    assert result is None or (len(result) == 6 and result.isascii() and result.isdigit())


def test_limiter_blocks_and_slides() -> None:
    limiter = WrongCodeLimiter(limit=3, window=60)
    for t in (0, 1, 2):
        assert limiter.blocked("a", t) == 0
        limiter.miss("a", t)
    assert limiter.blocked("a", 3) == 57
    assert limiter.blocked("b", 3) == 0
    assert limiter.blocked("a", 61) == 0
