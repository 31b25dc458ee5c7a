"""Staff pages: their courses and modules, uploads with a progress bar, lecture and rendition
status, previews of renditions and end-cards before air."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from catalog.api.deps import Id, SessionDep
from catalog.models import Course, Module, Upload
from catalog.models.enums import Role
from catalog.pages.i18n import language
from catalog.pages.render import PageUser, need_role, render, text
from catalog.services import courses
from catalog.services.endcards import find_end_card
from catalog.services.media_access import watchable
from catalog.services.permissions import ensure_course_editor

router = APIRouter(prefix="/staff", include_in_schema=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class LectureRow:
    module: Module
    title: str
    last_upload: Upload | None


@router.get("", response_class=HTMLResponse)
def my_courses(request: Request, session: SessionDep, user: PageUser) -> HTMLResponse:
    me = need_role(user, Role.STAFF)
    query = select(Course).order_by(Course.code)
    if me.role is Role.STAFF:
        query = query.where(Course.owner_id == me.id)
    lang = language(request)
    rows = [(c, text(c, "title", lang)) for c in session.scalars(query)]
    return render(request, "staff/courses.html", user, rows=rows)


@router.get("/courses/{course_id}", response_class=HTMLResponse)
def course(course_id: Id, request: Request, session: SessionDep, user: PageUser) -> HTMLResponse:
    """Modules with lecture status, renditions, the last upload's result and an upload form."""
    me = need_role(user, Role.STAFF)
    found = courses.get_course(session, course_id)
    ensure_course_editor(me, found)
    lang = language(request)
    rows = []
    for module in courses.list_modules(session, course_id):
        last = None
        if module.lecture is not None:
            last = session.scalars(
                select(Upload)
                .where(Upload.lecture_id == module.lecture.id)
                .order_by(Upload.id.desc())
                .limit(1)
            ).first()
        rows.append(LectureRow(module=module, title=text(module, "title", lang), last_upload=last))
    limit = request.app.state.settings.upload_max_bytes
    return render(
        request,
        "staff/course.html",
        user,
        course=found,
        title=text(found, "title", lang),
        rows=rows,
        max_bytes=limit,
    )


@router.get("/preview/{rendition_id}", response_class=HTMLResponse)
def preview(
    rendition_id: Id, request: Request, session: SessionDep, user: PageUser
) -> HTMLResponse:
    """The rendition as it will air (HLS cut from it) and the module's end-card."""
    need_role(user, Role.STAFF, Role.ENGINEER)
    rendition = watchable(session, user, rendition_id)
    module = rendition.lecture.module
    test = courses.followup_for_module(session, module.id)
    card = find_end_card(request.app.state.settings.media_dir, test.short_code, rendition.profile)
    return render(
        request,
        "player.html",
        user,
        heading=f"{text(module, 'title', language(request))} — {rendition.profile}",
        rendition=rendition,
        playlist=f"/media/renditions/{rendition.id}/index.m3u8",
        end_card=f"/media/endcards/{module.id}/{rendition.profile}/index.m3u8" if card else None,
    )
