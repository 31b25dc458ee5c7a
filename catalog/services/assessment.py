"""Built-in follow-up tests: settings, the question bank, when a test is open, attempts
(start / autosave / submit) and server-side grading.

A test opens when its module aired in full according to the as-run (a partial airing does not
open it), when staff open it by hand, or at once when it is available on demand. An attempt is
refused outside that window, past the attempt limit, after the test was passed, and for
students not enrolled in the course.
"""

from __future__ import annotations

import json
import logging
import random
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from catalog.errors import Conflict, Forbidden, NotFound, RuleViolation
from catalog.models import FollowUpTest, Module, ScheduleSlot, User
from catalog.models.assessment import (
    AdmissionRule,
    Attempt,
    AttemptSource,
    AttemptStatus,
    Availability,
    Question,
    QuestionKind,
    QuizSettings,
)
from catalog.models.base import utcnow
from catalog.models.enums import FollowUpKind, Outcome, Role
from catalog.services import asrun, audit, courses, enrolment, footprint
from catalog.services.grading import Score, is_correct
from catalog.services.permissions import ensure_course_editor
from catalog.services.question_format import ParsedQuestion, check

logger = logging.getLogger(__name__)

DEFAULT_PASS_MARK = 60
DEFAULT_MAX_ATTEMPTS = 3


class Window(StrEnum):
    """Why a test is or is not open (also the key of the page's explanation)."""

    OPEN_AIRED = "open_aired"
    OPEN_BY_HAND = "open_by_hand"
    OPEN_ON_DEMAND = "open_on_demand"
    NOT_AIRED = "not_aired"
    AIRED_PARTIALLY = "aired_partially"
    CLOSED = "closed"
    EXTERNAL = "external"

    @property
    def is_open(self) -> bool:
        return self.value.startswith("open")


@dataclass(frozen=True, slots=True, kw_only=True)
class QuizState:
    test: FollowUpTest
    settings: QuizSettings
    window: Window
    used: int
    passed: bool
    in_progress: Attempt | None


def test_for_module(session: Session, module_id: int) -> FollowUpTest:
    courses.get_module(session, module_id)
    return courses.followup_for_module(session, module_id)


def default_settings(test: FollowUpTest) -> QuizSettings:
    """The settings a test has until staff store their own (not added to the session)."""
    return QuizSettings(
        test_id=test.id,
        pass_mark=DEFAULT_PASS_MARK,
        max_attempts=DEFAULT_MAX_ATTEMPTS,
        availability=Availability.AFTER_AIRING,
        shuffle=True,
    )


def settings_for(session: Session, test: FollowUpTest, *, create: bool = False) -> QuizSettings:
    """The test's settings; the defaults when none are stored (a read never inserts, so two
    students reading progress at once cannot race to create the row). `create` stores them."""
    row = session.scalar(select(QuizSettings).where(QuizSettings.test_id == test.id))
    if row is not None:
        return row
    row = default_settings(test)
    if create:
        session.add(row)
        session.flush()
    return row


def update_settings(
    session: Session, actor: User, module_id: int, changes: dict[str, Any]
) -> QuizSettings:
    module = courses.get_module(session, module_id)
    ensure_course_editor(actor, module.course)
    row = settings_for(session, test_for_module(session, module_id), create=True)
    for key, value in changes.items():
        setattr(row, key, value)
    session.flush()
    audit.record(session, actor, "update", "test_settings", row.id, **changes)
    return row


def open_by_hand(session: Session, actor: User, module_id: int) -> QuizSettings:
    """Staff open the test although the module has not aired in full (e.g. a failed airing)."""
    module = courses.get_module(session, module_id)
    ensure_course_editor(actor, module.course)
    row = settings_for(session, test_for_module(session, module_id), create=True)
    row.opened_by_hand_at = utcnow()
    session.flush()
    audit.record(session, actor, "open", "test", row.test_id, module_id=module_id)
    return row


def window(session: Session, test: FollowUpTest, s: QuizSettings, now: datetime) -> Window:
    """Whether the test is open at `now`, and why (as-run is the only source of 'aired')."""
    return window_for(test, s, asrun.module_outcome(session, test.module_id), now)


def window_for(test: FollowUpTest, s: QuizSettings, aired: Outcome, now: datetime) -> Window:
    """`window` with the module's as-run outcome already known (the same for every student)."""
    if test.kind is FollowUpKind.EXTERNAL:
        return Window.EXTERNAL
    if s.closes_at is not None and now >= s.closes_at:
        return Window.CLOSED
    if s.availability is Availability.ON_DEMAND:
        return Window.OPEN_ON_DEMAND
    if aired is Outcome.FULL:
        return Window.OPEN_AIRED
    if s.opened_by_hand_at is not None:
        return Window.OPEN_BY_HAND
    return Window.AIRED_PARTIALLY if aired is Outcome.PARTIAL else Window.NOT_AIRED


def state(session: Session, test: FollowUpTest, user_id: int, now: datetime) -> QuizState:
    s = settings_for(session, test)
    attempts = session.scalars(
        select(Attempt).where(Attempt.test_id == test.id, Attempt.user_id == user_id)
    ).all()
    return QuizState(
        test=test,
        settings=s,
        window=window(session, test, s, now),
        used=len(attempts),
        passed=any(a.passed for a in attempts),
        in_progress=next((a for a in attempts if a.status is AttemptStatus.IN_PROGRESS), None),
    )


# --- the question bank (staff) ---


def questions(session: Session, test_id: int) -> list[Question]:
    return list(
        session.scalars(
            select(Question).where(Question.test_id == test_id).order_by(Question.position)
        )
    )


def add_questions(
    session: Session, actor: User, module_id: int, parsed: list[ParsedQuestion]
) -> list[Question]:
    """Append checked questions to the module's bank (all or nothing: the caller's unit)."""
    module = courses.get_module(session, module_id)
    ensure_course_editor(actor, module.course)
    test = test_for_module(session, module_id)
    last = session.scalar(select(func.max(Question.position)).where(Question.test_id == test.id))
    rows = []
    for offset, q in enumerate(parsed, start=1):
        check(q)
        row = Question(
            test_id=test.id,
            position=(last or 0) + offset,
            kind=q.kind,
            prompt=q.prompt,
            options=json.dumps(list(q.options), ensure_ascii=False),
            answer=json.dumps(q.answer, ensure_ascii=False),
            points=q.points,
        )
        session.add(row)
        rows.append(row)
    session.flush()
    audit.record(session, actor, "create", "questions", test.id, count=len(rows))
    return rows


def delete_question(session: Session, actor: User, question_id: int) -> None:
    row = session.get(Question, question_id)
    if row is None:
        raise NotFound(f"question {question_id} does not exist")
    test = session.get(FollowUpTest, row.test_id)
    assert test is not None
    ensure_course_editor(actor, courses.get_module(session, test.module_id).course)
    audit.record(session, actor, "delete", "question", row.id, test_id=row.test_id)
    session.delete(row)
    session.flush()


def get_question(session: Session, actor: User, question_id: int) -> Question:
    row = session.get(Question, question_id)
    if row is None:
        raise NotFound(f"question {question_id} does not exist")
    test = session.get(FollowUpTest, row.test_id)
    assert test is not None
    ensure_course_editor(actor, courses.get_module(session, test.module_id).course)
    return row


# --- attempts (students) ---


def start_attempt(
    session: Session,
    user: User,
    module_id: int,
    base_url: str,
    via_slot_id: int | None = None,
    now: datetime | None = None,
) -> tuple[Attempt, bool]:
    """The student's attempt in progress (resumed) or a new one: (attempt, created).

    Two starts at once (two browser tabs) both read "no attempt in progress" and insert the same
    attempt number; the unique (test, user, number) lets one insert win. The other's insert runs
    in a SAVEPOINT, so only that savepoint rolls back, and it resumes the winner's attempt: both
    tabs get the same attempt, and "attempted" is recorded once (by the winner)."""
    now = now or utcnow()
    module = courses.get_module(session, module_id)
    _ensure_student(session, user, module)
    test = courses.followup_for_module(session, module_id)
    st = state(session, test, user.id, now)
    if st.in_progress is not None:
        return st.in_progress, False
    _ensure_may_start(st, session, test.id)
    _ensure_slot_of_module(session, via_slot_id, module)
    attempt = Attempt(
        test_id=test.id,
        user_id=user.id,
        number=st.used + 1,
        via_slot_id=via_slot_id,
        layout=json.dumps(_layout(questions(session, test.id), st.settings.shuffle)),
        started_at=now,
        saved_at=now,
    )
    try:
        _insert_in_savepoint(session, attempt)
    except IntegrityError:
        winner = _winner_of_race(session, test, user.id, st.used, now)
        if winner is None:
            raise  # no other attempt appeared: not a race but a bug, and it shows as one
        return winner, False
    footprint.record(session, base_url, _event(attempt, "attempted", user, module, now))
    return attempt, True


def _ensure_slot_of_module(session: Session, slot_id: int | None, module: Module) -> None:
    """The airing the student came from must be one of this module's (else the foreign key
    would fail at the insert, indistinguishable from a lost race)."""
    if slot_id is None:
        return
    slot = session.get(ScheduleSlot, slot_id)
    if slot is None or slot.module_id != module.id:
        msg = f"slot {slot_id} is not an airing of module {module.id}"
        raise RuleViolation(
            msg, details=[{"loc": ["body", "via_slot_id"], "msg": msg, "type": "value_error"}]
        )


def _insert_in_savepoint(session: Session, row: Attempt) -> None:
    """Insert `row` inside a SAVEPOINT: on IntegrityError only the savepoint rolls back and the
    request's transaction (and session) stay usable."""
    _open_real_transaction(session)
    with session.begin_nested():
        session.add(row)
        session.flush()


def _open_real_transaction(session: Session) -> None:
    """Make SQLite's transaction begin before the SAVEPOINT, as it does on PostgreSQL.

    pysqlite (Python's sqlite3, legacy transaction control) sends BEGIN only before INSERT,
    UPDATE or DELETE, so after reads alone SQLite is still in autocommit mode. A SAVEPOINT then
    opens the transaction itself, and the RELEASE of that outermost savepoint is a COMMIT
    (sqlite.org/lang_savepoint.html): the attempt would be committed apart from the rest of the
    request (SQLAlchemy's pysqlite notes, "Serializable isolation / Savepoints"). A deferred
    BEGIN takes no lock; the INSERT takes the write lock (waiting out the busy timeout)."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return
    dbapi = connection.connection.dbapi_connection
    if dbapi is not None and not getattr(dbapi, "in_transaction", True):
        connection.exec_driver_sql("BEGIN")


def _winner_of_race(
    session: Session, test: FollowUpTest, user_id: int, used_before: int, now: datetime
) -> Attempt | None:
    """The attempt another request inserted after our read (it took our attempt number), or
    None when none appeared (then the insert failed for another reason)."""
    st = state(session, test, user_id, now)
    if st.used <= used_before:
        return None
    if st.in_progress is None:
        raise Conflict("another attempt was started and submitted at the same moment; try again")
    logger.info(
        "a concurrent start of user %s on test %s won; resuming its attempt %s",
        user_id,
        test.id,
        st.in_progress.id,
    )
    return st.in_progress


def _ensure_student(session: Session, user: User, module: Module) -> None:
    if user.role is not Role.STUDENT:
        raise Forbidden("only students take tests (staff preview the bank instead)")
    if not enrolment.is_enrolled(session, user.id, module.course_id):
        raise Forbidden("you are not enrolled in this course")


def _ensure_may_start(st: QuizState, session: Session, test_id: int) -> None:
    if not st.window.is_open:
        raise Conflict(f"the test is not open ({st.window.value})")
    if st.passed:
        raise Conflict("you have already passed this test")
    if st.used >= st.settings.max_attempts:
        raise Conflict(f"all {st.settings.max_attempts} attempts are used")
    if not session.scalar(select(func.count()).where(Question.test_id == test_id)):
        raise Conflict("the test has no questions yet")


def _layout(bank: list[Question], shuffle: bool) -> list[dict[str, Any]]:
    """The order questions and options are shown in, fixed for the attempt."""
    rng = random.SystemRandom()
    order = list(bank)
    if shuffle:
        rng.shuffle(order)
    layout = []
    for q in order:
        opts = list(range(len(json.loads(q.options))))
        if shuffle:
            rng.shuffle(opts)
        layout.append({"q": q.id, "o": opts})
    return layout


def get_attempt(session: Session, user: User, attempt_id: int) -> Attempt:
    """The attempt if it is the caller's (anyone else's is 'not found', not 'forbidden': a
    student must not learn which attempt ids exist)."""
    attempt = session.get(Attempt, attempt_id)
    if attempt is None or attempt.user_id != user.id:
        raise NotFound(f"attempt {attempt_id} does not exist")
    return attempt


def save_answers(
    session: Session, user: User, attempt_id: int, answers: dict[str, Any], now: datetime
) -> Attempt:
    """Merge autosaved answers (only for questions of this attempt)."""
    attempt = get_attempt(session, user, attempt_id)
    _ensure_in_progress(session, attempt, now)
    allowed = {str(item["q"]) for item in json.loads(attempt.layout)}
    unknown = sorted(set(answers) - allowed)
    if unknown:
        raise RuleViolation(
            "answers for questions outside this attempt",
            details=[
                {"loc": ["body", "answers", k], "msg": "not in this attempt", "type": "unknown"}
                for k in unknown[:20]
            ],
        )
    merged = {**json.loads(attempt.answers), **answers}
    attempt.answers = json.dumps(merged, ensure_ascii=False)
    attempt.saved_at = now
    session.flush()
    return attempt


def _ensure_in_progress(session: Session, attempt: Attempt, now: datetime) -> None:
    if attempt.status is not AttemptStatus.IN_PROGRESS:
        raise Conflict("the attempt is already submitted")
    test = session.get(FollowUpTest, attempt.test_id)
    assert test is not None
    if window(session, test, settings_for(session, test), now) is Window.CLOSED:
        raise Conflict("the test has closed")


def submit(session: Session, user: User, attempt_id: int, base_url: str, now: datetime) -> Attempt:
    """Grade on the server and record completed + passed/failed in the footprint."""
    attempt = get_attempt(session, user, attempt_id)
    _ensure_in_progress(session, attempt, now)
    test = session.get(FollowUpTest, attempt.test_id)
    assert test is not None
    score = grade(session, attempt)
    mark = pass_threshold(session, test)
    attempt.score, attempt.max_score = score.raw, score.max
    attempt.scaled, attempt.passed = score.scaled, score.scaled >= mark
    attempt.status, attempt.submitted_at = AttemptStatus.SUBMITTED, now
    session.flush()
    module = courses.get_module(session, test.module_id)
    res = footprint.result(score.scaled, score.raw, score.max, attempt.passed)
    footprint.record(session, base_url, _event(attempt, "completed", user, module, now, res))
    verb = "passed" if attempt.passed else "failed"
    footprint.record(session, base_url, _event(attempt, verb, user, module, now, res))
    return attempt


def pass_threshold(session: Session, test: FollowUpTest) -> float:
    """Scaled score needed to pass: the course's mastery score if set, else the pass mark."""
    module = courses.get_module(session, test.module_id)
    mastery = session.scalar(
        select(AdmissionRule.mastery_score).where(AdmissionRule.course_id == module.course_id)
    )
    return mastery if mastery is not None else settings_for(session, test).pass_mark / 100


def grade(session: Session, attempt: Attempt) -> Score:
    answers = json.loads(attempt.answers)
    raw = maximum = 0.0
    for item in json.loads(attempt.layout):
        q = session.get(Question, item["q"])
        if q is None:
            continue  # deleted after the attempt started: neither asked nor counted
        maximum += q.points
        if is_correct(q.kind, json.loads(q.answer), answers.get(str(q.id))):
            raw += q.points
    return Score(raw=raw, max=maximum)


def _event(
    attempt: Attempt,
    verb: str,
    user: User,
    module: Module,
    now: datetime,
    result: dict[str, Any] | None = None,
) -> footprint.Event:
    return footprint.Event(
        key=f"attempt:{attempt.id}:{verb}",
        verb=verb,
        user=user,
        module=module,
        timestamp=now,
        platform="TV" if attempt.via_slot_id else "web",
        result=result,
        extensions={"attempt": attempt.number, "source": attempt.source.value},
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ShownQuestion:
    """A question as the student sees it: no key, options in the attempt's order."""

    id: int
    kind: QuestionKind
    prompt: str
    options: list[tuple[int, str]]
    points: int


def shown_questions(session: Session, attempt: Attempt) -> list[ShownQuestion]:
    shown = []
    for item in json.loads(attempt.layout):
        q = session.get(Question, item["q"])
        if q is None:
            continue
        texts = json.loads(q.options)
        shown.append(
            ShownQuestion(
                id=q.id,
                kind=q.kind,
                prompt=q.prompt,
                options=[(i, texts[i]) for i in item["o"] if i < len(texts)],
                points=q.points,
            )
        )
    return shown


def imported_attempt(
    session: Session, test: FollowUpTest, user_id: int, scaled: float, raw: float, maximum: float
) -> Attempt:
    """A graded result from an external LMS, stored as one submitted attempt."""
    used = session.scalar(
        select(func.count()).where(Attempt.test_id == test.id, Attempt.user_id == user_id)
    )
    now = utcnow()
    attempt = Attempt(
        test_id=test.id,
        user_id=user_id,
        number=(used or 0) + 1,
        source=AttemptSource.IMPORT,
        status=AttemptStatus.SUBMITTED,
        score=raw,
        max_score=maximum,
        scaled=scaled,
        passed=scaled >= pass_threshold(session, test),
        started_at=now,
        saved_at=now,
        submitted_at=now,
    )
    session.add(attempt)
    session.flush()
    return attempt
