"""GIFT and the CSV question format: examples, refusals with line numbers, and fuzzing (any text
gives questions or a QuestionFormatError, never another exception)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog.models.assessment import QuestionKind
from catalog.services import gift, question_csv
from catalog.services.question_format import QuestionFormatError


def test_gift_kinds() -> None:
    questions = gift.parse(
        "$CATEGORY: kz\n// comment\n::t:: 1+1 \\= ? {=2 ~3#no ~\\{x\\}}\n\n"
        "[html]Choose {~%50%a ~%50%b ~%-100%c}\n\nRange {#1..2}\n\n"
        "Word {=Алма =apple}\n\nYes? {F}\n"
    )
    assert [(q.kind, q.line) for q in questions] == [
        (QuestionKind.SINGLE, 3),
        (QuestionKind.MULTIPLE, 5),
        (QuestionKind.NUMERIC, 7),
        (QuestionKind.TEXT, 9),
        (QuestionKind.SINGLE, 11),
    ]
    first = questions[0]
    assert first.prompt == "1+1 = ?"
    assert first.options == ("2", "3", "{x}")
    assert questions[1].answer == {"correct": [0, 1]}
    assert questions[2].answer == {"value": 1.5, "tolerance": 0.5}
    assert questions[3].answer == {"accepted": ["Алма", "apple"]}
    assert questions[4].options == ("True", "False")
    assert questions[4].answer == {"correct": [1]}


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", 1, "no questions"),
        ("Q {=a ~b}\n\nno block here\n", 3, "exactly one"),
        ("Q {=a ~b} tail\n", 1, "after the answer block"),
        ("::unclosed title {=a ~b}", 1, "not closed"),
        ("Q {#abc}", 1, "not a number"),
        ("Q {#1:-2}", 1, "out of range"),
        ("Q {a -> b}", 1, "start with = or ~"),
        ("Q {~a ~b}", 1, "no correct option"),
        ("Q {=}", 1, "at least one accepted"),
        ("{=a ~b}", 1, "text is empty"),
    ],
)
def test_gift_refusals(text: str, line: int, words: str) -> None:
    with pytest.raises(QuestionFormatError) as caught:
        gift.parse(text)
    assert caught.value.line == line
    assert words in caught.value.message


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("prompt,kind\n", 1, "header"),
        ("kind,prompt,options,answer\nessay,Q,,x\n", 2, "unknown kind"),
        ("kind,prompt,options,answer\nsingle,Q,a|b,3\n", 2, "no correct option"),
        ("kind,prompt,options,answer\nsingle,Q,a|b,x\n", 2, "whole number"),
        ("kind,prompt,options,answer\nnumeric,Q,,nan\n", 2, "out of range"),
        ("kind,prompt,options,answer\nsingle,Q,a|b,1,1,extra\n", 2, "columns"),
        ("kind,prompt,options,answer,points\ntext,Q,,a,0\n", 2, "points"),
    ],
)
def test_csv_refusals(text: str, line: int, words: str) -> None:
    with pytest.raises(QuestionFormatError) as caught:
        question_csv.parse(text)
    assert caught.value.line == line
    assert words in caught.value.message


def test_csv_semicolons_and_bom() -> None:
    (q,) = question_csv.parse("\ufeffkind;prompt;options;answer;points\nnumeric;π;;3,14:0,01;3\n")
    assert (q.kind, q.answer, q.points) == (
        QuestionKind.NUMERIC,
        {"value": 3.14, "tolerance": 0.01},
        3,
    )


GIFTISH = st.text(alphabet=st.sampled_from("{}=~#%:.\\-\n abcАә12"), max_size=200)


@given(st.one_of(st.text(max_size=300), GIFTISH))
def test_gift_never_crashes(text: str) -> None:
    try:
        questions = gift.parse(text)
    except QuestionFormatError as exc:
        line = exc.line
        questions = []
    else:
        line = 1
    assert line >= 1
    for q in questions:
        assert q.prompt.strip()


@given(st.one_of(st.text(max_size=300), st.text(alphabet='kindprompt,;|\n"1.:sgle', max_size=200)))
def test_csv_never_crashes(text: str) -> None:
    try:
        questions = question_csv.parse("kind,prompt,options,answer,points\n" + text)
    except QuestionFormatError as exc:
        assert_line(exc)
    else:
        assert all(q.prompt.strip() for q in questions)


def assert_line(exc: QuestionFormatError) -> None:
    assert exc.line >= 1
    assert exc.message
