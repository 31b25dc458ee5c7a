"""Progress: the student's own (every enrolled course) and one student's, for course staff."""

from __future__ import annotations

from fastapi import APIRouter

from catalog.api import assessment_presenters as out
from catalog.api.deps import CurrentUser, Id, SessionDep, SettingsDep, Staff
from catalog.errors import NotFound
from catalog.models.base import utcnow
from catalog.schemas.assessment import AdmissionOut, CourseProgressOut
from catalog.services import admission, courses, enrolment
from catalog.services.permissions import ensure_course_editor

router = APIRouter(tags=["progress"])


@router.get("/me/progress", response_model=list[CourseProgressOut])
def my_progress(
    session: SessionDep, settings: SettingsDep, user: CurrentUser
) -> list[CourseProgressOut]:
    """Per enrolled course: every module aired / test taken / passed, and admission with what
    is still missing and when each missing module airs next."""
    now, zone = utcnow(), settings.station_timezone
    result = []
    for course_id in enrolment.courses_of(session, user.id):
        course = courses.get_course(session, course_id)
        rule, _ = admission.rule_of(session, course_id)
        decision = admission.decide(session, course_id, user.id, now)
        result.append(
            CourseProgressOut(
                course_id=course.id,
                course_code=course.code,
                admission=out.admission_out(course.id, user.id, rule, decision, zone),
            )
        )
    return result


@router.get("/courses/{course_id}/students/{user_id}/progress", response_model=AdmissionOut)
def student_progress(
    course_id: Id, user_id: Id, session: SessionDep, settings: SettingsDep, actor: Staff
) -> AdmissionOut:
    ensure_course_editor(actor, courses.get_course(session, course_id))
    if not enrolment.is_enrolled(session, user_id, course_id):
        raise NotFound(f"student {user_id} is not enrolled in course {course_id}")
    rule, _ = admission.rule_of(session, course_id)
    decision = admission.decide(session, course_id, user_id, utcnow())
    return out.admission_out(course_id, user_id, rule, decision, settings.station_timezone)
