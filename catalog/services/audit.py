"""Append to the audit log inside the caller's unit of work."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog.models import AuditEntry, User


def record(
    session: Session,
    actor: User | None,
    action: str,
    entity: str,
    entity_id: int | None,
    **detail: Any,
) -> None:
    """Note that `actor` did `action` to `entity` #`entity_id`, with JSON `detail`."""
    session.add(
        AuditEntry(
            user_id=actor.id if actor else None,
            action=action,
            entity=entity,
            entity_id=entity_id,
            detail=json.dumps(detail, default=str, ensure_ascii=False, sort_keys=True),
        )
    )


def list_entries(session: Session, limit: int, offset: int) -> tuple[list[AuditEntry], int]:
    """Newest first."""
    total = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
    rows = session.scalars(
        select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit).offset(offset)
    ).all()
    return list(rows), total
