"""A question as the importers produce it, validated the same way as one authored by hand."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from catalog.models.assessment import QuestionKind
from catalog.schemas.assessment import (
    MAX_OPTION_LENGTH,
    MAX_OPTIONS,
    MAX_POINTS,
    MAX_PROMPT,
    MIN_OPTIONS,
)


class QuestionFormatError(ValueError):
    """A question that cannot be stored, with the 1-based line it starts on."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


@dataclass(frozen=True, slots=True, kw_only=True)
class ParsedQuestion:
    kind: QuestionKind
    prompt: str
    options: tuple[str, ...]
    answer: dict[str, Any]
    points: int = 1
    line: int = 1


def check(q: ParsedQuestion) -> ParsedQuestion:
    """The question if it is storable, else QuestionFormatError naming what is wrong."""
    problem = _problem(q)
    if problem:
        raise QuestionFormatError(q.line, problem)
    return q


def _problem(q: ParsedQuestion) -> str:
    if not q.prompt.strip():
        return "the question text is empty"
    if len(q.prompt) > MAX_PROMPT:
        return f"the question text is longer than {MAX_PROMPT} characters"
    if not 1 <= q.points <= MAX_POINTS:
        return f"points must be 1..{MAX_POINTS}"
    if q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return _choice_problem(q)
    if q.kind is QuestionKind.TEXT and not any(a.strip() for a in q.answer.get("accepted", [])):
        return "a short-answer question needs at least one accepted answer"
    return ""


def _choice_problem(q: ParsedQuestion) -> str:
    if not MIN_OPTIONS <= len(q.options) <= MAX_OPTIONS:
        return f"a choice question needs {MIN_OPTIONS}..{MAX_OPTIONS} options"
    if any(not o.strip() or len(o) > MAX_OPTION_LENGTH for o in q.options):
        return f"an option is empty or longer than {MAX_OPTION_LENGTH} characters"
    correct = q.answer.get("correct", [])
    if not correct or any(not 0 <= i < len(q.options) for i in correct):
        return "no correct option is marked"
    if q.kind is QuestionKind.SINGLE and len(correct) != 1:
        return "a single-choice question needs exactly one correct option"
    return ""
