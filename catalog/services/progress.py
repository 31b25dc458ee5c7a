"""A learner's progress per module: aired (as-run), code entered from TV, test taken, passed or
waived, attempts left, whether the test is open and when the module airs next.

This is the projection admission is evaluated on; it reads attempts, waivers and the as-run,
never the statement log (except to know whether a code was entered, which only informs).

What is the same for every student of a course (modules, tests, settings, windows, as-run,
next airings) is read once into `CourseFacts`; what differs (attempts, codes entered, waivers)
is read for all requested students in one query each, so the registrar's list of a whole course
costs a fixed number of queries, not a number per student and module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.models import FollowUpTest, Module, ScheduleSlot
from catalog.models.assessment import Attempt, AttemptStatus, QuizSettings, Statement, Waiver
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


@dataclass(frozen=True, slots=True, kw_only=True)
class CourseFacts:
    """Per module of a course, in syllabus order: its test, settings, as-run and schedule."""

    modules: list[Module]
    tests: dict[int, FollowUpTest]
    settings: dict[int, QuizSettings]
    aired: dict[int, Outcome]
    windows: dict[int, assessment.Window]
    next_airing: dict[int, ScheduleSlot | None]


@dataclass(frozen=True, slots=True, kw_only=True)
class LearnerFacts:
    attempts: dict[int, list[Attempt]] = field(default_factory=dict)  # by test id
    attended: set[int] = field(default_factory=set)  # module ids
    waivers: list[Waiver] = field(default_factory=list)


def course_facts(session: Session, course_id: int, now: datetime) -> CourseFacts:
    modules = courses.list_modules(session, course_id)
    ids = [m.id for m in modules]
    tests = courses.followups(session, ids)
    stored = {
        s.test_id: s
        for s in session.scalars(
            select(QuizSettings).where(QuizSettings.test_id.in_([t.id for t in tests.values()]))
        )
    }
    settings = {t.id: stored.get(t.id) or assessment.default_settings(t) for t in tests.values()}
    aired = asrun.module_outcomes(session, ids)
    upcoming = schedule.next_airings(session, ids, now)
    return CourseFacts(
        modules=modules,
        tests=tests,
        settings=settings,
        aired=aired,
        windows={
            m: assessment.window_for(t, settings[t.id], aired[m], now) for m, t in tests.items()
        },
        next_airing={m: upcoming.get(m) for m in ids},
    )


def learner_facts(
    session: Session, facts: CourseFacts, course_id: int, user_ids: list[int]
) -> dict[int, LearnerFacts]:
    """Attempts, codes entered and waivers of these students on this course, three queries."""
    found: dict[int, LearnerFacts] = {u: LearnerFacts() for u in user_ids}
    test_ids = [t.id for t in facts.tests.values()]
    for a in session.scalars(
        select(Attempt)
        .where(Attempt.user_id.in_(user_ids), Attempt.test_id.in_(test_ids))
        .order_by(Attempt.id)
    ):
        found[a.user_id].attempts.setdefault(a.test_id, []).append(a)
    for user_id, module_id in session.execute(
        select(Statement.user_id, Statement.module_id)
        .where(
            Statement.course_id == course_id,
            Statement.user_id.in_(user_ids),
            Statement.verb == "attended",
        )
        .distinct()
    ):
        if user_id is not None and module_id is not None:
            found[user_id].attended.add(module_id)
    for w in session.scalars(
        select(Waiver)
        .where(Waiver.course_id == course_id, Waiver.user_id.in_(user_ids))
        .order_by(Waiver.id)
    ):
        found[w.user_id].waivers.append(w)
    return found


def module_progress(facts: CourseFacts, module: Module, learner: LearnerFacts) -> ModuleProgress:
    test = facts.tests[module.id]
    attempts = learner.attempts.get(test.id, [])
    graded = [a for a in attempts if a.status is AttemptStatus.SUBMITTED]
    scores = [a.scaled for a in graded if a.scaled is not None]
    in_progress = next((a for a in attempts if a.status is AttemptStatus.IN_PROGRESS), None)
    return ModuleProgress(
        module=module,
        aired=facts.aired[module.id],
        code_entered=module.id in learner.attended,
        attempts_used=len(attempts),
        attempts_allowed=facts.settings[test.id].max_attempts,
        completed=bool(graded),
        best_scaled=max(scores) if scores else None,
        passed=any(a.passed for a in attempts),
        waived=any(w.module_id == module.id for w in learner.waivers),
        window=facts.windows[module.id],
        in_progress_id=in_progress.id if in_progress else None,
        next_airing=facts.next_airing[module.id],
    )


def progress_of(facts: CourseFacts, learner: LearnerFacts) -> list[ModuleProgress]:
    return [module_progress(facts, m, learner) for m in facts.modules if m.id in facts.tests]


def course_progress(
    session: Session, course_id: int, user_id: int, now: datetime
) -> list[ModuleProgress]:
    facts = course_facts(session, course_id, now)
    return progress_of(facts, learner_facts(session, facts, course_id, [user_id])[user_id])
