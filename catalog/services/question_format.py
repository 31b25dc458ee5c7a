"""A question as the importers produce it, validated the same way as one authored by hand."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from catalog.models.assessment import QuestionKind

MAX_OPTIONS = 12
MAX_PROMPT = 5000


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
    if not 1 <= q.points <= 100:
        return "points must be 1..100"
    if q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return _choice_problem(q)
    if q.kind is QuestionKind.TEXT and not any(a.strip() for a in q.answer.get("accepted", [])):
        return "a short-answer question needs at least one accepted answer"
    return ""


def _choice_problem(q: ParsedQuestion) -> str:
    if not 2 <= len(q.options) <= MAX_OPTIONS:
        return f"a choice question needs 2..{MAX_OPTIONS} options"
    if any(not o.strip() or len(o) > 1000 for o in q.options):
        return "an option is empty or longer than 1000 characters"
    correct = q.answer.get("correct", [])
    if not correct or any(not 0 <= i < len(q.options) for i in correct):
        return "no correct option is marked"
    if q.kind is QuestionKind.SINGLE and len(correct) != 1:
        return "a single-choice question needs exactly one correct option"
    return ""
