"""Taking a built-in test: start (or resume), autosave answers, submit for server grading.
Only the attempt's owner sees it; answer keys never appear in these responses."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from catalog.api import assessment_presenters as out
from catalog.api.deps import CurrentUser, Id, SessionDep, SettingsDep
from catalog.models import FollowUpTest
from catalog.models.assessment import Attempt
from catalog.models.base import utcnow
from catalog.schemas.assessment import AnswersIn, AttemptOut, AttemptStartIn
from catalog.services import assessment

router = APIRouter(tags=["attempts"])


def _out(session: SessionDep, attempt: Attempt) -> AttemptOut:
    test = session.get(FollowUpTest, attempt.test_id)
    assert test is not None
    return out.attempt_out(session, attempt, test.module_id)


@router.post(
    "/modules/{module_id}/attempts",
    response_model=AttemptOut,
    status_code=status.HTTP_201_CREATED,
    responses={200: {"model": AttemptOut, "description": "The attempt in progress, resumed"}},
)
def start_attempt(
    module_id: Id,
    data: AttemptStartIn,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
    response: Response,
) -> AttemptOut:
    """Start the module's test (409 outside its window, past the limit or once passed)."""
    attempt, created = assessment.start_attempt(
        session, user, module_id, settings.public_base_url, data.via_slot_id
    )
    if not created:
        response.status_code = status.HTTP_200_OK
    return _out(session, attempt)


@router.get("/attempts/{attempt_id}", response_model=AttemptOut)
def get_attempt(attempt_id: Id, session: SessionDep, user: CurrentUser) -> AttemptOut:
    return _out(session, assessment.get_attempt(session, user, attempt_id))


@router.put("/attempts/{attempt_id}/answers", response_model=AttemptOut)
def save_answers(
    attempt_id: Id, data: AnswersIn, session: SessionDep, user: CurrentUser
) -> AttemptOut:
    """Autosave: merge these answers into the attempt (keys are question ids)."""
    attempt = assessment.save_answers(session, user, attempt_id, data.answers, utcnow())
    return _out(session, attempt)


@router.post("/attempts/{attempt_id}/submit", response_model=AttemptOut)
def submit_attempt(
    attempt_id: Id, session: SessionDep, settings: SettingsDep, user: CurrentUser
) -> AttemptOut:
    """Grade on the server; the score and pass/fail come back, the keys do not."""
    attempt = assessment.submit(session, user, attempt_id, settings.public_base_url, utcnow())
    return _out(session, attempt)
