"""Grading of one response against its key, on the server only.

Keys (JSON stored on the question, never sent to students):

* single / multiple: ``{"correct": [original option indices]}``; a multiple-choice answer
  scores only when the chosen set equals the correct set (no partial credit, no guessing bonus);
* numeric: ``{"value": x, "tolerance": t}``; right when ``|response - x| <= t``;
* text: ``{"accepted": [...]}``; right when the response equals one of them after Unicode NFKC
  normalisation, case folding and collapsing of white space (Kazakh/Russian letters included).

Responses come from the browser and are untrusted: anything of the wrong shape is simply wrong.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from typing import Any

from catalog.models.assessment import QuestionKind


@dataclass(frozen=True, slots=True, kw_only=True)
class Score:
    """Raw points out of the maximum, scaled to 0..1 (xAPI result.score)."""

    raw: float
    max: float

    @property
    def scaled(self) -> float:
        return self.raw / self.max if self.max > 0 else 0.0


def normalise_text(value: str) -> str:
    """NFKC, case-folded, inner white space collapsed: how typed answers are compared."""
    return " ".join(unicodedata.normalize("NFKC", value).casefold().split())


def parse_number(value: Any) -> float | None:
    """A finite number from a typed response ("3,5" works too: phones in kk/ru type commas)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip().replace(",", ".").replace("\u2212", "-"))
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def is_correct(kind: QuestionKind, key: dict[str, Any], response: Any) -> bool:
    """True when `response` earns the question's points."""
    if response is None:
        return False
    if kind is QuestionKind.SINGLE:
        return isinstance(response, int) and [response] == list(key.get("correct", []))
    if kind is QuestionKind.MULTIPLE:
        if not isinstance(response, list) or not all(isinstance(i, int) for i in response):
            return False
        return sorted(set(response)) == sorted(set(key.get("correct", [])))
    if kind is QuestionKind.NUMERIC:
        number = parse_number(response)
        return number is not None and abs(number - float(key["value"])) <= float(
            key.get("tolerance", 0.0)
        )
    if not isinstance(response, str):
        return False
    return normalise_text(response) in {normalise_text(a) for a in key.get("accepted", [])}
