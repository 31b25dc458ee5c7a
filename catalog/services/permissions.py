"""Who may change what, beyond the role gate at the route: staff edit only their own courses."""

from __future__ import annotations

from catalog.errors import Forbidden
from catalog.models import Course, User
from catalog.models.enums import Role


def ensure_role(user: User, *roles: Role) -> None:
    """Forbidden unless the user's role is one of `roles` (admin always passes)."""
    if user.role is not Role.ADMIN and user.role not in roles:
        raise Forbidden(f"role {user.role.value} may not do this")


def ensure_course_editor(user: User, course: Course) -> None:
    """Admins edit any course; staff only the courses they own."""
    if user.role is Role.ADMIN:
        return
    if user.role is Role.STAFF and course.owner_id == user.id:
        return
    raise Forbidden("only the course's owner or an admin may change it")
