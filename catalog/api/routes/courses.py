"""Courses and the modules listed under them."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from catalog.api import presenters
from catalog.api.deps import Id, PageParams, SessionDep, SettingsDep, Staff
from catalog.schemas.common import Page
from catalog.schemas.courses import CourseIn, CourseOut, CoursePatch, ModuleIn, ModuleOut
from catalog.services import courses

router = APIRouter(prefix="/courses", tags=["courses"])


@router.get("", response_model=Page[CourseOut])
def list_courses(session: SessionDep, page: PageParams) -> Page[CourseOut]:
    rows, total = courses.list_courses(session, *page)
    return Page[CourseOut](
        items=[presenters.course_out(c) for c in rows], total=total, limit=page[0], offset=page[1]
    )


@router.post("", response_model=CourseOut, status_code=status.HTTP_201_CREATED)
def create_course(data: CourseIn, session: SessionDep, actor: Staff) -> CourseOut:
    """Staff create courses they own; admins create unowned ones."""
    return presenters.course_out(courses.create_course(session, actor, data))


@router.get("/{course_id}", response_model=CourseOut)
def get_course(course_id: Id, session: SessionDep) -> CourseOut:
    return presenters.course_out(courses.get_course(session, course_id))


@router.patch("/{course_id}", response_model=CourseOut)
def update_course(course_id: Id, data: CoursePatch, session: SessionDep, actor: Staff) -> CourseOut:
    return presenters.course_out(courses.update_course(session, actor, course_id, data))


@router.delete("/{course_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_course(course_id: Id, session: SessionDep, actor: Staff) -> Response:
    courses.delete_course(session, actor, course_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{course_id}/modules", response_model=list[ModuleOut])
def list_modules(course_id: Id, session: SessionDep, settings: SettingsDep) -> list[ModuleOut]:
    """The course's modules in syllabus order."""
    return [
        presenters.module_out(session, m, settings.public_base_url)
        for m in courses.list_modules(session, course_id)
    ]


@router.post("/{course_id}/modules", response_model=ModuleOut, status_code=status.HTTP_201_CREATED)
def create_module(
    course_id: Id, data: ModuleIn, session: SessionDep, settings: SettingsDep, actor: Staff
) -> ModuleOut:
    module = courses.create_module(session, actor, course_id, data)
    session.refresh(module)
    return presenters.module_out(session, module, settings.public_base_url)
