"""Reading an uploaded CSV for all-or-nothing imports: decode, sniff `,`/`;`, header by name,
and a per-line problem list. The importers decide what a line means."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from catalog.errors import RuleViolation

MAX_BYTES = 2_000_000
MAX_LINES = 20_000


@dataclass(frozen=True, slots=True, kw_only=True)
class Line:
    number: int
    cells: dict[str, str]


def read(data: bytes, required: tuple[str, ...], *, any_of: tuple[str, ...] = ()) -> list[Line]:
    """Lines of a UTF-8 CSV (BOM tolerated) with the header names lower-cased; RuleViolation
    when the file itself is unusable (encoding, size, missing columns)."""
    if len(data) > MAX_BYTES:
        raise _file_error(f"the file is larger than {MAX_BYTES} bytes")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _file_error(f"not UTF-8 text (byte {exc.start})") from None
    if "\x00" in text:  # csv passes NUL into cells, and PostgreSQL cannot store it in text
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise _file_error(f"line {line} contains a NUL (U+0000) character")
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:
        raise _file_error(f"not readable as CSV: {exc}") from None
    if not rows:
        raise _file_error("the file is empty")
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in required if c not in header]
    if missing or (any_of and not any(c in header for c in any_of)):
        wanted = ", ".join(missing or any_of)
        raise _file_error(f"the header lacks column(s): {wanted}")
    if len(rows) > MAX_LINES:
        raise _file_error(f"more than {MAX_LINES} lines")
    return [
        Line(
            number=n, cells={h: (r[i].strip() if i < len(r) else "") for i, h in enumerate(header)}
        )
        for n, r in enumerate(rows[1:], start=2)
        if any(c.strip() for c in r)
    ]


def _file_error(message: str) -> RuleViolation:
    return RuleViolation(
        message, details=[{"loc": ["body", "file"], "msg": message, "type": "bad_file"}]
    )


def refuse(problems: list[tuple[int, str]], what: str) -> None:
    """RuleViolation listing every bad line (nothing was imported), if there is one."""
    if problems:
        raise RuleViolation(
            f"{len(problems)} bad line(s); nothing was imported ({what})",
            details=[
                {"loc": ["body", "file", "line", n], "msg": m, "type": "bad_line"}
                for n, m in problems[:500]
            ],
        )


def report_row(number: int, status: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"line": number, "status": status, "message": message, **extra}
