"""Who may watch which rendition: staff preview before air; students only after the as-run
says the module aired (fully or in part)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.errors import Forbidden, NotFound
from catalog.models import Lecture, Module, Rendition, User
from catalog.models.enums import Outcome, RenditionStatus, Role
from catalog.services.asrun import module_outcome
from catalog.services.permissions import ensure_course_editor

AIRED = (Outcome.FULL, Outcome.PARTIAL)


def ready_renditions(session: Session, module_id: int) -> list[Rendition]:
    return list(
        session.scalars(
            select(Rendition)
            .join(Lecture, Lecture.id == Rendition.lecture_id)
            .where(
                Lecture.module_id == module_id,
                Rendition.status == RenditionStatus.READY,
                Rendition.lecture_version == Lecture.version,
                Rendition.ts_path.is_not(None),
            )
            .order_by(Rendition.profile)
        )
    )


def live_rendition(module: Module) -> Rendition | None:
    """The module's first ready rendition of its current recording, from loaded rows."""
    lecture = module.lecture
    if lecture is None:
        return None
    ready = [
        r
        for r in lecture.renditions
        if r.status is RenditionStatus.READY and r.lecture_version == lecture.version and r.ts_path
    ]
    return min(ready, key=lambda r: r.profile) if ready else None


def catchup_rendition(session: Session, module: Module) -> Rendition | None:
    """The rendition students may watch again, once the module has aired."""
    if module_outcome(session, module.id) not in AIRED:
        return None
    renditions = ready_renditions(session, module.id)
    return renditions[0] if renditions else None


def watchable(session: Session, user: User | None, rendition_id: int) -> Rendition:
    """The rendition, if `user` may watch it: engineers/admins and the course's staff always
    (preview), anyone else only as catch-up after air."""
    rendition = session.get(Rendition, rendition_id)
    if rendition is None or rendition.ts_path is None:
        raise NotFound(f"rendition {rendition_id} does not exist")
    module = rendition.lecture.module
    if user is not None and user.role in (Role.ADMIN, Role.ENGINEER):
        return rendition
    if user is not None and user.role is Role.STAFF:
        ensure_course_editor(user, module.course)
        return rendition
    if module_outcome(session, module.id) not in AIRED:
        raise Forbidden("this lecture has not aired yet")
    return rendition


def preview_allowed(session: Session, user: User | None, module_id: int) -> None:
    """Previews before air: engineers and admins, and the staff who own the course."""
    if user is None:
        raise Forbidden("sign in to preview")
    if user.role in (Role.ADMIN, Role.ENGINEER):
        return
    module = session.get(Module, module_id)
    if module is None:
        raise NotFound(f"module {module_id} does not exist")
    if user.role is not Role.STAFF:
        raise Forbidden("previews are for staff and engineers")
    ensure_course_editor(user, module.course)
