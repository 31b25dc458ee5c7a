"""A learner's progress per module: aired (as-run), code entered from TV, test taken, passed or
waived, attempts left, whether the test is open and when the module airs next.

This is the projection admission is evaluated on; it reads attempts, waivers and the as-run,
never the statement log (except to know whether a code was entered, which only informs).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.models import Module, ScheduleSlot
from catalog.models.assessment import Attempt, AttemptStatus, Statement, Waiver
from catalog.models.enums import Outcome
from catalog.services import asrun, assessment, courses, schedule


@dataclass(frozen=True, slots=True, kw_only=True)
class ModuleProgress:
    module: Module
    aired: Outcome
    code_entered: bool
    attempts_used: int
    attempts_allowed: int
    completed: bool
    best_scaled: float | None
    passed: bool
    waived: bool
    window: assessment.Window
    in_progress_id: int | None
    next_airing: ScheduleSlot | None


def module_progress(
    session: Session, module: Module, user_id: int, now: datetime, waived_modules: set[int]
) -> ModuleProgress:
    test = courses.followup_for_module(session, module.id)
    st = assessment.state(session, test, user_id, now)
    attempts = session.scalars(
        select(Attempt).where(
            Attempt.test_id == test.id,
            Attempt.user_id == user_id,
            Attempt.status == AttemptStatus.SUBMITTED,
        )
    ).all()
    scores = [a.scaled for a in attempts if a.scaled is not None]
    entered = session.scalar(
        select(Statement.id)
        .where(
            Statement.user_id == user_id,
            Statement.module_id == module.id,
            Statement.verb == "attended",
        )
        .limit(1)
    )
    return ModuleProgress(
        module=module,
        aired=asrun.module_outcome(session, module.id),
        code_entered=entered is not None,
        attempts_used=st.used,
        attempts_allowed=st.settings.max_attempts,
        completed=bool(attempts),
        best_scaled=max(scores) if scores else None,
        passed=st.passed,
        waived=module.id in waived_modules,
        window=st.window,
        in_progress_id=st.in_progress.id if st.in_progress else None,
        next_airing=schedule.next_airing(session, module.id, now),
    )


def waivers_of(session: Session, course_id: int, user_id: int) -> list[Waiver]:
    return list(
        session.scalars(
            select(Waiver)
            .where(Waiver.course_id == course_id, Waiver.user_id == user_id)
            .order_by(Waiver.id)
        )
    )


def course_progress(
    session: Session, course_id: int, user_id: int, now: datetime
) -> list[ModuleProgress]:
    waived = {w.module_id for w in waivers_of(session, course_id, user_id) if w.module_id}
    return [
        module_progress(session, m, user_id, now, waived)
        for m in courses.list_modules(session, course_id)
    ]
