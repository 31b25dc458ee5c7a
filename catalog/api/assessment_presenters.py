"""Assessment rows -> response schemas (student shapes carry no answer keys)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from catalog.api.presenters import airing_out
from catalog.localtime import iso_local
from catalog.models import FollowUpTest
from catalog.models.assessment import Attempt, Question, QuizSettings
from catalog.schemas.assessment import (
    AdmissionOut,
    AttemptOut,
    CheckOut,
    ModuleProgressOut,
    OptionShown,
    QuestionShown,
    QuestionStaffOut,
    QuizSettingsOut,
)
from catalog.services import admission, assessment
from catalog.services.progress import ModuleProgress


def settings_out(
    session: Session, test: FollowUpTest, s: QuizSettings, window: str
) -> QuizSettingsOut:
    return QuizSettingsOut(
        module_id=test.module_id,
        kind=test.kind.value,
        pass_mark=s.pass_mark,
        max_attempts=s.max_attempts,
        availability=s.availability,
        opened_by_hand_at=s.opened_by_hand_at,
        closes_at=s.closes_at,
        shuffle=s.shuffle,
        window=window,
        questions=len(assessment.questions(session, test.id)),
    )


def question_staff_out(q: Question) -> QuestionStaffOut:
    return QuestionStaffOut(
        id=q.id,
        position=q.position,
        kind=q.kind,
        prompt=q.prompt,
        options=json.loads(q.options),
        answer=json.loads(q.answer),
        points=q.points,
    )


def attempt_out(session: Session, attempt: Attempt, module_id: int) -> AttemptOut:
    """The student's view: questions in the attempt's order, no keys; scores once submitted."""
    shown = assessment.shown_questions(session, attempt)
    return AttemptOut(
        id=attempt.id,
        module_id=module_id,
        number=attempt.number,
        status=attempt.status,
        started_at=attempt.started_at,
        saved_at=attempt.saved_at,
        submitted_at=attempt.submitted_at,
        questions=[
            QuestionShown(
                id=q.id,
                kind=q.kind,
                prompt=q.prompt,
                options=[OptionShown(value=v, text=t) for v, t in q.options],
                points=q.points,
            )
            for q in shown
        ],
        answers=json.loads(attempt.answers),
        score=attempt.score,
        max_score=attempt.max_score,
        scaled=attempt.scaled,
        passed=attempt.passed,
    )


def progress_out(p: ModuleProgress, zone: str) -> ModuleProgressOut:
    lang = p.module.course.language.value
    return ModuleProgressOut(
        module_id=p.module.id,
        position=p.module.position,
        syllabus_code=p.module.syllabus_code,
        title=getattr(p.module, f"title_{lang}"),
        aired=p.aired,
        code_entered=p.code_entered,
        attempts_used=p.attempts_used,
        attempts_allowed=p.attempts_allowed,
        completed=p.completed,
        best_scaled=p.best_scaled,
        passed=p.passed,
        waived=p.waived,
        test_window=p.window.value,
        next_airing=airing_out(p.next_airing, zone) if p.next_airing else None,
    )


def check_out(c: admission.Check) -> CheckOut:
    return CheckOut(
        kind=c.kind,
        satisfied=c.satisfied,
        module_id=c.module_id,
        requirement=c.requirement,
        waived=c.waived,
        children=[check_out(child) for child in c.children],
    )


UNMET = {
    "passed": "test not passed",
    "completed": "test not taken",
    "attended": "code from the TV not entered",
}


def missing_sentence(p: ModuleProgress, requirement: str, zone: str) -> str:
    """One self-explaining English sentence per missing module (pages translate their own)."""
    parts = [f"Module {p.module.position} ({p.module.syllabus_code}): {UNMET[requirement]}"]
    parts.append(f"{p.attempts_used} of {p.attempts_allowed} attempts used")
    if not p.window.is_open:
        parts.append(f"test not open ({p.window.value})")
    if p.next_airing is not None:
        parts.append(
            f"next airing {iso_local(p.next_airing.start, zone)} on {p.next_airing.channel.name}"
        )
    return "; ".join(parts)


def admission_out(
    course_id: int,
    user_id: int,
    rule: dict[str, Any],
    decision: admission.Decision,
    zone: str,
) -> AdmissionOut:
    return AdmissionOut(
        course_id=course_id,
        user_id=user_id,
        admitted=decision.admitted,
        waived=decision.waived,
        missing=[missing_sentence(p, decision.unmet[p.module.id], zone) for p in decision.missing],
        rule=rule,
        checks=check_out(decision.tree),
        modules=[progress_out(p, zone) for p in decision.progress],
    )
