"""Enrolment from the registrar's CSV: all or nothing, with a report per line.

Columns (header row, any order, `,` or `;`): ``student_number``, ``username``, ``display_name``
and optionally ``password``. A new username becomes a student account; without a password one
is generated and shown once in the report, for the registrar to hand out. A student already on
the course is reported as such, not as an error. Any bad line refuses the whole file.
"""

from __future__ import annotations

import re
import secrets
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.models import User
from catalog.models.assessment import Enrolment
from catalog.models.enums import Role
from catalog.services import audit, courses, users
from catalog.services.csv_lines import Line, read, refuse, report_row
from catalog.services.permissions import ensure_course_editor

USERNAME = re.compile(r"^[a-z0-9_.\-]{2,64}$")


def is_enrolled(session: Session, user_id: int, course_id: int) -> bool:
    return (
        session.scalar(
            select(Enrolment.id).where(
                Enrolment.user_id == user_id, Enrolment.course_id == course_id
            )
        )
        is not None
    )


def enrolments(session: Session, course_id: int) -> list[tuple[Enrolment, User]]:
    rows = session.execute(
        select(Enrolment, User)
        .join(User, User.id == Enrolment.user_id)
        .where(Enrolment.course_id == course_id)
        .order_by(Enrolment.student_number, User.username)
    )
    return [(e, u) for e, u in rows]


def courses_of(session: Session, user_id: int) -> list[int]:
    return list(
        session.scalars(
            select(Enrolment.course_id).where(Enrolment.user_id == user_id).order_by(Enrolment.id)
        )
    )


def import_csv(session: Session, actor: User, course_id: int, data: bytes) -> list[dict[str, Any]]:
    """Enrol every line or none; the per-line report of what was done."""
    course = courses.get_course(session, course_id)
    ensure_course_editor(actor, course)
    lines = read(data, ("student_number", "username", "display_name"))
    problems = _problems(session, course_id, lines)
    refuse(problems, "enrolment")
    report = [_apply(session, course_id, line) for line in lines]
    audit.record(session, actor, "import", "enrolments", course_id, lines=len(lines))
    return report


def _problems(session: Session, course_id: int, lines: list[Line]) -> list[tuple[int, str]]:
    problems: list[tuple[int, str]] = []
    seen_users: dict[str, int] = {}
    seen_numbers: dict[str, int] = {}
    for line in lines:
        problem = _line_problem(session, line.cells) or _duplicate(line, seen_users, seen_numbers)
        if problem:
            problems.append((line.number, problem))
    if not lines:
        problems.append((2, "no students in the file"))
    return problems


def _line_problem(session: Session, cells: dict[str, str]) -> str:
    number, name = cells["student_number"], cells["username"]
    if not number or len(number) > 64:
        return "student_number is empty or longer than 64 characters"
    if not USERNAME.match(name):
        return f"username {name!r} must be 2-64 of a-z 0-9 _ . -"
    if len(cells["display_name"]) > 200:
        return "display_name is longer than 200 characters"
    password = cells.get("password", "")
    if password and not 8 <= len(password) <= 200:
        return "password must be 8-200 characters"
    existing = session.scalar(select(User).where(User.username == name))
    if existing is not None and existing.role is not Role.STUDENT:
        return f"username {name!r} belongs to a {existing.role.value} account"
    return ""


def _duplicate(line: Line, users_seen: dict[str, int], numbers_seen: dict[str, int]) -> str:
    name, number = line.cells["username"], line.cells["student_number"]
    if name in users_seen:
        return f"username {name!r} is also on line {users_seen[name]}"
    if number in numbers_seen:
        return f"student_number {number!r} is also on line {numbers_seen[number]}"
    users_seen[name], numbers_seen[number] = line.number, line.number
    return ""


def _apply(session: Session, course_id: int, line: Line) -> dict[str, Any]:
    cells = line.cells
    user = session.scalar(select(User).where(User.username == cells["username"]))
    generated = ""
    if user is None:
        generated = "" if cells.get("password") else secrets.token_urlsafe(9)
        user = users.create_user(
            session,
            username=cells["username"],
            password=cells.get("password") or generated,
            role=Role.STUDENT,
            display_name=cells["display_name"],
        )
    elif is_enrolled(session, user.id, course_id):
        return report_row(line.number, "already_enrolled", "already on the course", user_id=user.id)
    session.add(
        Enrolment(
            course_id=course_id,
            user_id=user.id,
            student_number=cells["student_number"],
            registration=str(uuid.uuid4()),
        )
    )
    session.flush()
    status = "created_and_enrolled" if generated or cells.get("password") else "enrolled"
    return report_row(line.number, status, "", user_id=user.id, initial_password=generated or None)
