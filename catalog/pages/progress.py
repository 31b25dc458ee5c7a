"""The student's "my progress" page: per course, each module aired / code entered / attempts /
best score / passed, admission with what is still missing and when it airs next."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from catalog.api.deps import SessionDep
from catalog.models import Course
from catalog.models.base import utcnow
from catalog.models.enums import Role
from catalog.pages.assessment_text import assessment_translator
from catalog.pages.i18n import language
from catalog.pages.render import PageUser, need_role, render, text
from catalog.services import admission, courses, enrolment

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class CourseCard:
    course: Course
    title: str
    titles: dict[int, str]
    decision: admission.Decision


@router.get("/me", response_class=HTMLResponse)
def my_progress(request: Request, session: SessionDep, user: PageUser) -> HTMLResponse:
    me = need_role(user, Role.STUDENT)
    lang, now = language(request), utcnow()
    cards = []
    for course_id in enrolment.courses_of(session, me.id):
        course = courses.get_course(session, course_id)
        decision = admission.decide(session, course_id, me.id, now)
        cards.append(
            CourseCard(
                course=course,
                title=text(course, "title", lang),
                titles={p.module.id: text(p.module, "title", lang) for p in decision.progress},
                decision=decision,
            )
        )
    return render(
        request, "assessment/progress.html", user, t=assessment_translator(lang), courses=cards
    )
