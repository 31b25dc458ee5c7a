"""Enrolment from the registrar's CSV (all or nothing, a report per line) and the list."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, UploadFile

from catalog.api.deps import Id, SessionDep, Staff
from catalog.schemas.assessment import EnrolmentOut, ImportLine, ImportReport
from catalog.services import courses, enrolment
from catalog.services.permissions import ensure_course_editor

router = APIRouter(tags=["enrolment"])


@router.post("/courses/{course_id}/enrolments/import", response_model=ImportReport)
async def import_enrolments(
    course_id: Id,
    session: SessionDep,
    actor: Staff,
    file: Annotated[
        UploadFile, File(description="student_number,username,display_name[,password]")
    ],
) -> ImportReport:
    """Enrol students; new usernames become student accounts (generated passwords shown once)."""
    data = await file.read(3_000_000)
    lines = enrolment.import_csv(session, actor, course_id, data)
    return ImportReport(lines=[ImportLine(**line) for line in lines])


@router.get("/courses/{course_id}/enrolments", response_model=list[EnrolmentOut])
def list_enrolments(course_id: Id, session: SessionDep, actor: Staff) -> list[EnrolmentOut]:
    ensure_course_editor(actor, courses.get_course(session, course_id))
    return [
        EnrolmentOut(
            user_id=u.id,
            username=u.username,
            display_name=u.display_name,
            student_number=e.student_number,
            registration=e.registration,
        )
        for e, u in enrolment.enrolments(session, course_id)
    ]
