"""The documented CSV question format (UTF-8, a header row, one question per line):

``kind,prompt,options,answer,points``

* kind: single | multiple | numeric | text
* options: choice texts separated by ``|`` (empty for numeric and text)
* answer: single ``2`` (1-based), multiple ``1|3``, numeric ``3.14`` or ``3.14:0.01``
  (value:tolerance), text ``answer|other accepted answer``
* points: optional, default 1

Spreadsheet exports work as they are (a UTF-8 BOM is ignored; ``;`` separators are detected).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from catalog.models.assessment import QuestionKind
from catalog.services.question_format import ParsedQuestion, QuestionFormatError, check

COLUMNS = ("kind", "prompt", "options", "answer", "points")
MAX_QUESTIONS = 500


def parse(text: str) -> list[ParsedQuestion]:
    """Every question of the file; QuestionFormatError at the first bad line."""
    text = text.lstrip("\ufeff")
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:
        raise QuestionFormatError(1, f"not readable as CSV: {exc}") from None
    if not rows or [c.strip().lower() for c in rows[0][:4]] != list(COLUMNS[:4]):
        raise QuestionFormatError(1, "the header must be: " + ",".join(COLUMNS))
    body = [(n, r) for n, r in enumerate(rows[1:], start=2) if any(c.strip() for c in r)]
    if not body:
        raise QuestionFormatError(2, "no questions found")
    if len(body) > MAX_QUESTIONS:
        raise QuestionFormatError(2, f"more than {MAX_QUESTIONS} questions")
    return [_row(row, line) for line, row in body]


def _row(row: list[str], line: int) -> ParsedQuestion:
    if len(row) not in (4, 5):
        raise QuestionFormatError(line, f"expected 4 or 5 columns, found {len(row)}")
    kind_text, prompt, options_text, answer_text = (c.strip() for c in row[:4])
    try:
        kind = QuestionKind(kind_text.lower())
    except ValueError:
        raise QuestionFormatError(line, f"unknown kind {kind_text!r}") from None
    points = _int(row[4] if len(row) == 5 and row[4].strip() else "1", line, "points")
    options = tuple(o.strip() for o in options_text.split("|")) if options_text else ()
    return check(
        ParsedQuestion(
            kind=kind,
            prompt=prompt,
            options=options if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) else (),
            answer=_answer(kind, answer_text, line),
            points=points,
            line=line,
        )
    )


def _int(value: str, line: int, name: str) -> int:
    try:
        return int(value.strip())
    except ValueError:
        raise QuestionFormatError(line, f"{name} must be a whole number: {value!r}") from None


def _answer(kind: QuestionKind, text: str, line: int) -> dict[str, Any]:
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        picks = [_int(p, line, "answer") - 1 for p in text.split("|") if p.strip()]
        return {"correct": sorted(set(picks))}
    if kind is QuestionKind.TEXT:
        return {"accepted": [a.strip() for a in text.split("|") if a.strip()]}
    head, _, tail = text.partition(":")
    try:
        value, tolerance = float(head.replace(",", ".")), float(tail.replace(",", ".") or 0)
    except ValueError:
        raise QuestionFormatError(line, f"not a number: {text!r}") from None
    if value != value or tolerance != tolerance or tolerance < 0 or abs(value) == float("inf"):
        raise QuestionFormatError(line, "the number or its tolerance is out of range")
    return {"value": value, "tolerance": tolerance}
