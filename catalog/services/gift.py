"""A subset of Moodle's GIFT format, for importing question banks staff already have.

Supported (https://docs.moodle.org/en/GIFT_format): questions separated by blank lines,
``//`` comment lines, an optional ``::title::``, ``$CATEGORY`` lines (ignored), the escapes
``\\~ \\= \\# \\{ \\} \\:``, ``#feedback`` after an answer (dropped), and these answer blocks:

* ``{=right ~wrong ~wrong}``           single choice
* ``{~%50%a ~%50%b ~%-100%c}``         multiple choice (positive weights are the correct set)
* ``{=answer =other answer}``          short answer (every ``=`` is accepted)
* ``{#3.14:0.01}`` / ``{#1..2}``       numeric (value with tolerance, or a range)
* ``{T}`` / ``{F}`` / ``{TRUE}`` ...   true/false, stored as single choice

Anything else (matching, essays, missing-word text after the block) is refused with the line
number, never guessed.
"""

from __future__ import annotations

import re

from catalog.models.assessment import QuestionKind
from catalog.services.question_format import ParsedQuestion, QuestionFormatError, check

ESCAPES = {"\\~": "\x01", "\\=": "\x02", "\\#": "\x03", "\\{": "\x04", "\\}": "\x05", "\\:": "\x06"}
UNESCAPE = {v: k[1] for k, v in ESCAPES.items()}
WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
MAX_QUESTIONS = 500


def parse(text: str) -> list[ParsedQuestion]:
    """Every question of a GIFT document; QuestionFormatError at the first bad one."""
    questions = [_question(chunk, line) for chunk, line in _chunks(text)]
    if not questions:
        raise QuestionFormatError(1, "no questions found")
    if len(questions) > MAX_QUESTIONS:
        raise QuestionFormatError(1, f"more than {MAX_QUESTIONS} questions")
    return questions


def _chunks(text: str) -> list[tuple[str, int]]:
    """(question text, first line number) per blank-line separated block, comments dropped."""
    chunks: list[tuple[str, int]] = []
    current: list[str] = []
    start = 1
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("//") or line.startswith("$CATEGORY"):
            continue
        if not line:
            if current:
                chunks.append(("\n".join(current), start))
            current = []
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        chunks.append(("\n".join(current), start))
    return chunks


def _unescape(value: str) -> str:
    for mark, ch in UNESCAPE.items():
        value = value.replace(mark, ch)
    return value.strip()


def _question(chunk: str, line: int) -> ParsedQuestion:
    for escape, mark in ESCAPES.items():
        chunk = chunk.replace(escape, mark)
    if chunk.startswith("::"):
        end = chunk.find("::", 2)
        if end < 0:
            raise QuestionFormatError(line, "the ::title:: is not closed")
        chunk = chunk[end + 2 :]
    opening, closing = chunk.find("{"), chunk.rfind("}")
    if opening < 0 or closing < opening or chunk.count("{") != 1 or chunk.count("}") != 1:
        raise QuestionFormatError(line, "expected exactly one {answer block}")
    if chunk[closing + 1 :].strip():
        raise QuestionFormatError(line, "text after the answer block is not supported")
    prompt = _unescape(re.sub(r"^\[[a-z]+\]", "", chunk[:opening].strip()))
    return check(_answers(prompt, chunk[opening + 1 : closing].strip(), line))


def _answers(prompt: str, block: str, line: int) -> ParsedQuestion:
    upper = block.upper()
    if upper in ("T", "TRUE", "F", "FALSE"):
        correct = 0 if upper.startswith("T") else 1
        return ParsedQuestion(
            kind=QuestionKind.SINGLE,
            prompt=prompt,
            options=("True", "False"),
            answer={"correct": [correct]},
            line=line,
        )
    if block.startswith("#"):
        return _numeric(prompt, block[1:], line)
    return _choices(prompt, block, line)


def _numeric(prompt: str, spec: str, line: int) -> ParsedQuestion:
    spec = spec.split("#")[0].split("=")[-1].strip()
    try:
        if ".." in spec:
            low, high = (float(p) for p in spec.split(".."))
            value, tolerance = (low + high) / 2, abs(high - low) / 2
        else:
            head, _, tail = spec.partition(":")
            value, tolerance = float(head), float(tail) if tail else 0.0
    except ValueError:
        raise QuestionFormatError(line, f"not a number: {spec!r}") from None
    if not all(map(_finite, (value, tolerance))) or tolerance < 0:
        raise QuestionFormatError(line, "the number or its tolerance is out of range")
    return ParsedQuestion(
        kind=QuestionKind.NUMERIC,
        prompt=prompt,
        options=(),
        answer={"value": value, "tolerance": tolerance},
        line=line,
    )


def _finite(x: float) -> bool:
    return x == x and abs(x) != float("inf")


def _choices(prompt: str, block: str, line: int) -> ParsedQuestion:
    parts = re.findall(r"([=~])([^=~]*)", block)
    if not parts or re.sub(r"[=~][^=~]*", "", block).strip():
        raise QuestionFormatError(line, "answers must start with = or ~")
    options, weights = [], []
    for sign, raw in parts:
        body = raw.split("#")[0]
        match = WEIGHT.match(body.strip())
        weight = float(match.group(1)) if match else (100.0 if sign == "=" else 0.0)
        options.append(_unescape(body.strip()[match.end() :] if match else body))
        weights.append(weight)
    if all(sign == "=" for sign, _ in parts):
        return ParsedQuestion(
            kind=QuestionKind.TEXT,
            prompt=prompt,
            options=(),
            answer={"accepted": options},
            line=line,
        )
    correct = [i for i, w in enumerate(weights) if w > 0]
    kind = QuestionKind.SINGLE if [s for s, _ in parts].count("=") == 1 else QuestionKind.MULTIPLE
    if kind is QuestionKind.SINGLE:
        correct = [i for i, (s, _) in enumerate(parts) if s == "="]
    return ParsedQuestion(
        kind=kind, prompt=prompt, options=tuple(options), answer={"correct": correct}, line=line
    )
