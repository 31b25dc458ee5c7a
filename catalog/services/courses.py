"""Courses and their ordered modules; every module gets a lecture and a follow-up test code."""

from __future__ import annotations

import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from catalog.errors import Conflict, Forbidden, NotFound, RuleViolation
from catalog.models import Course, FollowUpTest, Lecture, Module, User
from catalog.models.enums import FollowUpKind, Language, Role
from catalog.schemas.common import flat_localized
from catalog.schemas.courses import CourseIn, CoursePatch, FollowUpIn, ModuleIn, ModulePatch
from catalog.services import audit
from catalog.services.permissions import ensure_course_editor


def list_courses(session: Session, limit: int, offset: int) -> tuple[list[Course], int]:
    total = session.scalar(select(func.count()).select_from(Course)) or 0
    rows = session.scalars(select(Course).order_by(Course.code).limit(limit).offset(offset))
    return list(rows), total


def get_course(session: Session, course_id: int) -> Course:
    course = session.get(Course, course_id)
    if course is None:
        raise NotFound(f"course {course_id} does not exist")
    return course


def create_course(session: Session, actor: User, data: CourseIn) -> Course:
    """A new course, owned by its creator when staff (admins create unowned courses)."""
    if session.scalar(select(Course.id).where(Course.code == data.code)) is not None:
        raise Conflict(f"course code {data.code!r} exists")
    course = Course(
        code=data.code,
        language=data.language,
        level=data.level,
        genre=data.genre,
        owner_id=actor.id if actor.role is Role.STAFF else None,
        **flat_localized("title", data.title),
    )
    session.add(course)
    session.flush()
    audit.record(session, actor, "create", "course", course.id, code=course.code)
    return course


def update_course(session: Session, actor: User, course_id: int, data: CoursePatch) -> Course:
    course = get_course(session, course_id)
    ensure_course_editor(actor, course)
    changes = data.model_dump(exclude_unset=True, exclude={"title"})
    if data.owner_id is not None:
        _ensure_owner_candidate(session, actor, data.owner_id)
    for key, value in changes.items():
        setattr(course, key, value)
    if data.title is not None:
        for key, value in flat_localized("title", data.title).items():
            setattr(course, key, value)
    session.flush()
    audit.record(
        session,
        actor,
        "update",
        "course",
        course.id,
        **data.model_dump(mode="json", exclude_unset=True),
    )
    return course


def _ensure_owner_candidate(session: Session, actor: User, owner_id: int) -> None:
    if actor.role is not Role.ADMIN:
        raise Forbidden("only an admin may hand a course to someone else")
    owner = session.get(User, owner_id)
    if owner is None or owner.role is not Role.STAFF:
        raise RuleViolation(
            "owner must be a staff user",
            details=[
                {"loc": ["body", "owner_id"], "msg": "not a staff user", "type": "value_error"}
            ],
        )


def delete_course(session: Session, actor: User, course_id: int) -> None:
    course = get_course(session, course_id)
    ensure_course_editor(actor, course)
    audit.record(session, actor, "delete", "course", course.id, code=course.code)
    session.delete(course)
    session.flush()


def list_modules(session: Session, course_id: int) -> list[Module]:
    get_course(session, course_id)
    return list(
        session.scalars(
            select(Module)
            .where(Module.course_id == course_id)
            .order_by(Module.position)
            .options(selectinload(Module.lecture).selectinload(Lecture.renditions))
        )
    )


def get_module(session: Session, module_id: int) -> Module:
    module = session.get(Module, module_id)
    if module is None:
        raise NotFound(f"module {module_id} does not exist")
    return module


def create_module(session: Session, actor: User, course_id: int, data: ModuleIn) -> Module:
    """Append (or insert at `position`) a module with its empty lecture and follow-up code."""
    course = get_course(session, course_id)
    ensure_course_editor(actor, course)
    last = session.scalar(select(func.max(Module.position)).where(Module.course_id == course_id))
    position = data.position or (last or 0) + 1
    if session.scalar(
        select(Module.id).where(Module.course_id == course_id, Module.position == position)
    ):
        raise Conflict(f"course {course_id} already has a module at position {position}")
    module = Module(
        course_id=course_id,
        position=position,
        syllabus_code=data.syllabus_code,
        **flat_localized("title", data.title),
        **flat_localized("summary", data.summary),
    )
    session.add(module)
    session.flush()
    language = data.lecture_language or Language(course.language)
    session.add(Lecture(module_id=module.id, language=language))
    session.add(FollowUpTest(module_id=module.id, short_code=_free_short_code(session)))
    session.flush()
    audit.record(
        session, actor, "create", "module", module.id, course_id=course_id, position=position
    )
    return module


def update_module(session: Session, actor: User, module_id: int, data: ModulePatch) -> Module:
    module = get_module(session, module_id)
    ensure_course_editor(actor, module.course)
    if data.syllabus_code is not None:
        module.syllabus_code = data.syllabus_code
    for prefix, value in (("title", data.title), ("summary", data.summary)):
        if value is not None:
            for key, text in flat_localized(prefix, value).items():
                setattr(module, key, text)
    session.flush()
    audit.record(
        session,
        actor,
        "update",
        "module",
        module.id,
        **data.model_dump(mode="json", exclude_unset=True),
    )
    return module


def delete_module(session: Session, actor: User, module_id: int) -> None:
    module = get_module(session, module_id)
    ensure_course_editor(actor, module.course)
    audit.record(session, actor, "delete", "module", module.id, course_id=module.course_id)
    session.delete(module)
    session.flush()


def _free_short_code(session: Session) -> str:
    """Six random digits not yet used by any follow-up test (stable once assigned)."""
    while True:
        code = f"{secrets.randbelow(1_000_000):06d}"
        if session.scalar(select(FollowUpTest.id).where(FollowUpTest.short_code == code)) is None:
            return code


def followup_for_module(session: Session, module_id: int) -> FollowUpTest:
    row = session.scalar(select(FollowUpTest).where(FollowUpTest.module_id == module_id))
    if row is None:
        raise NotFound(f"module {module_id} has no follow-up test")
    return row


def followups(session: Session, module_ids: list[int]) -> dict[int, FollowUpTest]:
    """The follow-up tests of many modules in one query."""
    rows = session.scalars(select(FollowUpTest).where(FollowUpTest.module_id.in_(module_ids)))
    return {row.module_id: row for row in rows}


def set_followup(session: Session, actor: User, module_id: int, data: FollowUpIn) -> FollowUpTest:
    """Change the kind/link of the module's follow-up test; its short code stays."""
    module = get_module(session, module_id)
    ensure_course_editor(actor, module.course)
    if data.kind is FollowUpKind.EXTERNAL and data.external_url is None:
        raise RuleViolation(
            "an external follow-up test needs its URL",
            details=[
                {
                    "loc": ["body", "external_url"],
                    "msg": "required for kind external",
                    "type": "missing",
                }
            ],
        )
    row = followup_for_module(session, module_id)
    row.kind = data.kind
    row.external_url = str(data.external_url) if data.external_url else None
    session.flush()
    audit.record(session, actor, "update", "followup_test", row.id, kind=data.kind.value)
    return row


def module_for_short_code(session: Session, code: str) -> Module:
    row = session.scalar(select(FollowUpTest).where(FollowUpTest.short_code == code))
    if row is None:
        raise NotFound(f"no follow-up test has the code {code}")
    return get_module(session, row.module_id)
