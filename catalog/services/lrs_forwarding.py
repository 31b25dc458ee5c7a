"""Forwarding the footprint to an external LRS (xAPI 1.0.3 `POST {url}/statements`), in batches,
with bounded retries and a visible sync log (one row per try).

Statement ids are deterministic, so a batch re-sent after a lost response is harmless: the LRS
keeps the first copy (xAPI §2.2: same id and same content is not a conflict). The position
`forwarded_up_to` only moves after the LRS confirmed a batch.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog.errors import Conflict
from catalog.models.assessment import LrsEndpoint, LrsSyncEntry, Statement

log = logging.getLogger(__name__)
XAPI_VERSION = "1.0.3"


@dataclass(frozen=True, slots=True, kw_only=True)
class SyncOutcome:
    sent: int
    failed_tries: int
    pending: int


def endpoint(session: Session) -> LrsEndpoint | None:
    return session.scalar(select(LrsEndpoint).order_by(LrsEndpoint.id).limit(1))


def set_endpoint(session: Session, url: str, authorization: str) -> LrsEndpoint:
    row = endpoint(session)
    if row is None:
        row = LrsEndpoint(url=url, auth_header=authorization)
        session.add(row)
    else:
        row.url, row.auth_header = url, authorization
    session.flush()
    return row


def forward(
    session: Session,
    client: httpx.Client,
    *,
    batch: int = 100,
    tries: int = 3,
    backoff: float = 0.5,
    sleep: Callable[[float], None] = time.sleep,
) -> SyncOutcome:
    """Send every statement after `forwarded_up_to`; stop at a batch that failed `tries` times."""
    target = endpoint(session)
    if target is None:
        raise Conflict("no LRS is configured")
    sent = failed = 0
    while True:
        rows = list(
            session.scalars(
                select(Statement)
                .where(Statement.id > target.forwarded_up_to)
                .order_by(Statement.id)
                .limit(batch)
            )
        )
        if not rows:
            return SyncOutcome(sent=sent, failed_tries=failed, pending=0)
        ok, tried = _send_with_retries(session, client, target, rows, tries, backoff, sleep)
        failed += tried - (1 if ok else 0)
        if not ok:
            return SyncOutcome(sent=sent, failed_tries=failed, pending=_pending(session, target))
        target.forwarded_up_to = rows[-1].id
        sent += len(rows)
        session.flush()


def _pending(session: Session, target: LrsEndpoint) -> int:
    query = select(func.count()).where(Statement.id > target.forwarded_up_to)
    return session.scalar(query) or 0


def _send_with_retries(
    session: Session,
    client: httpx.Client,
    target: LrsEndpoint,
    rows: list[Statement],
    tries: int,
    backoff: float,
    sleep: Callable[[float], None],
) -> tuple[bool, int]:
    payload = "[" + ",".join(r.body for r in rows) + "]"
    headers = {"X-Experience-API-Version": XAPI_VERSION, "Content-Type": "application/json"}
    if target.auth_header:
        headers["Authorization"] = target.auth_header
    for attempt in range(1, tries + 1):
        status, message = _post(client, target.url.rstrip("/") + "/statements", payload, headers)
        ok = status is not None and 200 <= status < 300
        session.add(
            LrsSyncEntry(
                try_number=attempt,
                first_id=rows[0].id,
                last_id=rows[-1].id,
                count=len(rows),
                ok=ok,
                http_status=status,
                message=message[:2000],
            )
        )
        session.flush()
        if ok:
            return True, attempt
        log.warning("LRS try %d failed: %s %s", attempt, status, message[:200])
        if attempt < tries:
            sleep(backoff * 2 ** (attempt - 1))
    return False, tries


def _post(
    client: httpx.Client, url: str, payload: str, headers: dict[str, str]
) -> tuple[int | None, str]:
    try:
        response = client.post(url, content=payload.encode(), headers=headers)
    except httpx.HTTPError as exc:
        return None, f"{type(exc).__name__}: {exc}"
    body = response.text[:500]
    try:
        ids = json.loads(body) if response.is_success else None
    except ValueError:
        ids = None
    return response.status_code, f"stored {len(ids)}" if isinstance(ids, list) else body


def sync_log(session: Session, limit: int = 50) -> list[LrsSyncEntry]:
    return list(session.scalars(select(LrsSyncEntry).order_by(LrsSyncEntry.id.desc()).limit(limit)))
