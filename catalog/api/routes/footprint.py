"""The digital footprint: a student's own statements, a course's, and forwarding to an LRS
with its sync log (admin)."""

from __future__ import annotations

import httpx
from fastapi import APIRouter, Response

from catalog.api.deps import Admin, CurrentUser, Id, SessionDep, SettingsDep, Staff
from catalog.errors import NotFound
from catalog.models.assessment import LrsEndpoint
from catalog.schemas.assessment import LrsIn, LrsOut, StatementsOut, SyncEntryOut, SyncOut
from catalog.services import courses, footprint, lrs_forwarding
from catalog.services.permissions import ensure_course_editor

router = APIRouter(tags=["footprint"])


@router.get("/me/footprint", response_model=StatementsOut)
def my_footprint(session: SessionDep, user: CurrentUser, response: Response) -> StatementsOut:
    """Everything recorded about the caller, as xAPI statements (a download)."""
    response.headers["Content-Disposition"] = 'attachment; filename="my-footprint.json"'
    return StatementsOut(statements=footprint.statements_for(session, user_id=user.id))


@router.get("/courses/{course_id}/footprint", response_model=StatementsOut)
def course_footprint(
    course_id: Id, session: SessionDep, settings: SettingsDep, actor: Staff
) -> StatementsOut:
    """The course's statements (learners pseudonymous), airings included."""
    ensure_course_editor(actor, courses.get_course(session, course_id))
    footprint.note_airings(session, settings.public_base_url, course_id)
    return StatementsOut(statements=footprint.statements_for(session, course_id=course_id))


def _lrs_out(row: LrsEndpoint) -> LrsOut:
    return LrsOut(
        url=row.url, has_authorization=bool(row.auth_header), forwarded_up_to=row.forwarded_up_to
    )


@router.get("/footprint/lrs", response_model=LrsOut)
def get_lrs(session: SessionDep, _: Admin) -> LrsOut:
    row = lrs_forwarding.endpoint(session)
    if row is None:
        raise NotFound("no LRS is configured")
    return _lrs_out(row)


@router.put("/footprint/lrs", response_model=LrsOut)
def put_lrs(data: LrsIn, session: SessionDep, _: Admin) -> LrsOut:
    """Where to forward statements (`{url}/statements`); the Authorization value is never shown."""
    return _lrs_out(lrs_forwarding.set_endpoint(session, str(data.url), data.authorization))


@router.post("/footprint/lrs/sync", response_model=SyncOut)
def sync_lrs(session: SessionDep, settings: SettingsDep, _: Admin) -> SyncOut:
    """Forward what is new, with bounded retries; every try lands in the sync log."""
    footprint.note_airings(session, settings.public_base_url)
    with httpx.Client(timeout=10) as client:
        result = lrs_forwarding.forward(session, client, backoff=0.2)
    return SyncOut(
        sent=result.sent,
        failed_tries=result.failed_tries,
        pending=result.pending,
        log=[
            SyncEntryOut.model_validate(e, from_attributes=True)
            for e in lrs_forwarding.sync_log(session)
        ],
    )


@router.get("/footprint/lrs/log", response_model=list[SyncEntryOut])
def lrs_log(session: SessionDep, _: Admin) -> list[SyncEntryOut]:
    return [
        SyncEntryOut.model_validate(e, from_attributes=True)
        for e in lrs_forwarding.sync_log(session)
    ]
