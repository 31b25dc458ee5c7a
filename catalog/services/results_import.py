"""Results of an external follow-up test (e.g. a Moodle quiz), imported from a CSV or gradebook
export, matched to enrolled students, all or nothing, with a report per line.

The student is found by the first of these columns present: ``student_number``, ``id number``
(Moodle's "ID number" = the registrar's number), ``idnumber``, ``username``. The score column is
the one named by `score_column`, else ``score``, else the only column whose name starts with
``quiz:`` (Moodle: "Quiz: Module 3 (Real)"). A ``-`` or empty score means "not attempted" and is
skipped. Scores are out of `max_score` (Moodle exports points; percentages use 100). Re-importing
the same file changes nothing: an identical imported result is reported as unchanged.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.errors import RuleViolation
from catalog.models import FollowUpTest, User
from catalog.models.assessment import Attempt, AttemptSource, Enrolment
from catalog.models.enums import FollowUpKind
from catalog.services import assessment, audit, courses, footprint
from catalog.services.csv_lines import Line, read, refuse, report_row
from catalog.services.grading import parse_number
from catalog.services.permissions import ensure_course_editor

KEY_COLUMNS = ("student_number", "id number", "idnumber", "username")


def import_results(
    session: Session,
    actor: User,
    module_id: int,
    data: bytes,
    *,
    max_score: float,
    score_column: str | None,
    base_url: str,
    now: datetime,
) -> list[dict[str, Any]]:
    module = courses.get_module(session, module_id)
    ensure_course_editor(actor, module.course)
    test = courses.followup_for_module(session, module_id)
    if test.kind is not FollowUpKind.EXTERNAL:
        raise RuleViolation("results are imported only for external tests")
    lines = read(data, (), any_of=KEY_COLUMNS)
    column = _score_column(lines, score_column)
    key = next(k for k in KEY_COLUMNS if lines and k in lines[0].cells) if lines else ""
    matched = [_match(session, module.course_id, line, key, column, max_score) for line in lines]
    refuse(
        [(line.number, m) for line, (m, _, _) in zip(lines, matched, strict=True) if m], "results"
    )
    report = [
        _apply(session, test, line, user, score, max_score, base_url, now)
        for line, (_, user, score) in zip(lines, matched, strict=True)
    ]
    audit.record(session, actor, "import", "results", test.id, lines=len(lines))
    return report


def _score_column(lines: list[Line], wanted: str | None) -> str:
    header = list(lines[0].cells) if lines else []
    if wanted:
        if wanted.strip().lower() not in header:
            raise _file(f"no column named {wanted!r}")
        return wanted.strip().lower()
    if "score" in header:
        return "score"
    quiz = [h for h in header if h.startswith("quiz:")]
    if len(quiz) != 1:
        raise _file("name the score column (score_column): none or several quiz columns")
    return quiz[0]


def _file(message: str) -> RuleViolation:
    return RuleViolation(
        message, details=[{"loc": ["body", "file"], "msg": message, "type": "bad_file"}]
    )


def _match(
    session: Session, course_id: int, line: Line, key: str, column: str, max_score: float
) -> tuple[str, User | None, float | None]:
    """(problem, student, score) for one line; a blank score is (\"\", student, None)."""
    value = line.cells.get(key, "")
    query = (
        select(User)
        .join(Enrolment, Enrolment.user_id == User.id)
        .where(Enrolment.course_id == course_id)
    )
    query = query.where(
        User.username == value if key == "username" else Enrolment.student_number == value
    )
    user = session.scalar(query) if value else None
    if user is None:
        return f"no enrolled student with {key} {value!r}", None, None
    raw = line.cells.get(column, "")
    if raw in ("", "-"):
        return "", user, None
    score = parse_number(raw)
    if score is None or not 0 <= score <= max_score:
        return f"score {raw!r} is not a number within 0..{max_score:g}", None, None
    return "", user, score


def _apply(
    session: Session,
    test: FollowUpTest,
    line: Line,
    user: User | None,
    score: float | None,
    max_score: float,
    base_url: str,
    now: datetime,
) -> dict[str, Any]:
    assert user is not None
    if score is None:
        return report_row(line.number, "skipped", "not attempted", user_id=user.id)
    scaled = score / max_score
    same = session.scalar(
        select(Attempt.id).where(
            Attempt.test_id == test.id,
            Attempt.user_id == user.id,
            Attempt.source == AttemptSource.IMPORT,
            Attempt.score == score,
            Attempt.max_score == max_score,
        )
    )
    if same is not None:
        return report_row(line.number, "unchanged", "already imported", user_id=user.id)
    attempt = assessment.imported_attempt(session, test, user.id, scaled, score, max_score)
    module = courses.get_module(session, test.module_id)
    res = footprint.result(scaled, score, max_score, attempt.passed)
    for verb in ("completed", "passed" if attempt.passed else "failed"):
        footprint.record(
            session,
            base_url,
            footprint.Event(
                key=f"import:{attempt.id}:{verb}",
                verb=verb,
                user=user,
                module=module,
                timestamp=now,
                platform="LMS",
                result=res,
                extensions={"attempt": attempt.number, "source": "import"},
            ),
        )
    status = "passed" if attempt.passed else "failed"
    return report_row(line.number, status, "", user_id=user.id, scaled=round(scaled, 4))
