"""User administration (admin only) and the audit log."""

from __future__ import annotations

from fastapi import APIRouter, status
from sqlalchemy import func, select

from catalog.api.deps import Admin, PageParams, SessionDep
from catalog.models import User
from catalog.schemas.common import Page
from catalog.schemas.users import AuditOut, UserIn, UserOut
from catalog.services import audit, users

router = APIRouter(tags=["users"])


@router.post("/users", response_model=UserOut, status_code=status.HTTP_201_CREATED)
def create_user(data: UserIn, session: SessionDep, actor: Admin) -> UserOut:
    user = users.create_user(
        session,
        username=data.username,
        password=data.password,
        role=data.role,
        display_name=data.display_name,
    )
    audit.record(
        session, actor, "create", "user", user.id, username=user.username, role=user.role.value
    )
    return UserOut.model_validate(user, from_attributes=True)


@router.get("/users", response_model=Page[UserOut])
def list_users(session: SessionDep, _: Admin, page: PageParams) -> Page[UserOut]:
    limit, offset = page
    total = session.scalar(select(func.count()).select_from(User)) or 0
    rows = session.scalars(select(User).order_by(User.id).limit(limit).offset(offset))
    items = [UserOut.model_validate(u, from_attributes=True) for u in rows]
    return Page[UserOut](items=items, total=total, limit=limit, offset=offset)


@router.get("/audit", response_model=Page[AuditOut])
def audit_log(session: SessionDep, _: Admin, page: PageParams) -> Page[AuditOut]:
    """Schedule and course changes: who, when, what; newest first."""
    rows, total = audit.list_entries(session, *page)
    items = [AuditOut.model_validate(a, from_attributes=True) for a in rows]
    return Page[AuditOut](items=items, total=total, limit=page[0], offset=page[1])
