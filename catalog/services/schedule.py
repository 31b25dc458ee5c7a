"""Schedule slots: idempotent creation, moves and cancellations under the rules and lock window.

Slots are never deleted: a cancelled slot keeps its row (status `cancelled`, `sequence` bumped)
so calendar feeds can publish STATUS:CANCELLED; a move bumps `sequence` too (RFC 5545 §3.8.7.4).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from catalog.errors import Conflict, NotFound, RuleViolation
from catalog.models import Channel, Module, Occurrence, ScheduleSlot, User
from catalog.models.base import utcnow
from catalog.models.enums import SlotKind, SlotStatus
from catalog.schemas.schedule import Issue, SlotIn, SlotMove
from catalog.services import audit
from catalog.services.channels import get_channel
from catalog.services.courses import get_module
from catalog.services.schedule_rules import Candidate, SchedulePolicy, check, locked


def get_slot(session: Session, slot_id: int) -> ScheduleSlot:
    slot = session.get(ScheduleSlot, slot_id)
    if slot is None:
        raise NotFound(f"slot {slot_id} does not exist")
    return slot


def slots_between(
    session: Session, start: datetime, end: datetime, channel_id: int | None = None
) -> list[ScheduleSlot]:
    """Slots (planned and cancelled) overlapping [start, end), in air order."""
    query = (
        select(ScheduleSlot)
        .where(ScheduleSlot.start < end, ScheduleSlot.end > start)
        .options(joinedload(ScheduleSlot.occurrence), joinedload(ScheduleSlot.module))
        .order_by(ScheduleSlot.channel_id, ScheduleSlot.start)
    )
    if channel_id is not None:
        query = query.where(ScheduleSlot.channel_id == channel_id)
    return list(session.scalars(query).unique())


def raise_errors(issues: list[Issue], message: str = "the slot breaks schedule rules") -> None:
    """RuleViolation listing every error issue, if there is one."""
    errors = [i for i in issues if i.severity == "error"]
    if errors:
        raise RuleViolation(
            message,
            details=[
                {
                    "loc": ["body", *([] if i.slot_index is None else ["slots", i.slot_index])],
                    "msg": i.message,
                    "type": i.code,
                }
                for i in errors
            ],
        )


def _ensure_unlocked(policy: SchedulePolicy, start: datetime, now: datetime) -> None:
    if locked(policy, start, now):
        raise Conflict(
            f"air time before {(now + policy.lock_window):%Y-%m-%d %H:%M} UTC is locked "
            f"(lock window {int(policy.lock_window.total_seconds() // 60)} min)"
        )


def _same_request(slot: ScheduleSlot, data: SlotIn) -> bool:
    return (
        slot.channel_id == data.channel_id
        and slot.module_id == data.module_id
        and slot.start == data.start
        and slot.end == data.end
        and slot.kind is data.kind
    )


def create_slot(
    session: Session,
    actor: User,
    policy: SchedulePolicy,
    data: SlotIn,
    idempotency_key: str | None = None,
) -> tuple[ScheduleSlot, list[Issue], bool]:
    """Plan one slot. Returns (slot, warnings, created); a retried request with the same
    idempotency key returns the first slot and `created=False`."""
    if idempotency_key:
        earlier = session.scalar(
            select(ScheduleSlot).where(ScheduleSlot.idempotency_key == idempotency_key)
        )
        if earlier is not None:
            if not _same_request(earlier, data):
                raise Conflict("idempotency key reused with a different request")
            return earlier, [], False
    channel = get_channel(session, data.channel_id)
    get_module(session, data.module_id)
    now = utcnow()
    _ensure_unlocked(policy, data.start, now)
    candidate = Candidate(
        channel=channel, module_id=data.module_id, kind=data.kind, start=data.start, end=data.end
    )
    issues = check(session, policy, candidate, now)
    raise_errors(issues)
    slot = add_slot(session, actor, candidate, is_rerun=data.is_rerun, key=idempotency_key)
    audit.record(session, actor, "create", "slot", slot.id, **data.model_dump(mode="json"))
    return slot, issues, True


def add_slot(
    session: Session, actor: User, c: Candidate, *, is_rerun: bool, key: str | None = None
) -> ScheduleSlot:
    """Insert a checked candidate with its pending occurrence."""
    slot = ScheduleSlot(
        channel_id=c.channel.id,
        module_id=c.module_id,
        kind=c.kind,
        start=c.start,
        end=c.end,
        is_rerun=is_rerun,
        idempotency_key=key,
        created_by=actor.id,
    )
    session.add(slot)
    session.flush()
    session.add(Occurrence(slot_id=slot.id))
    session.flush()
    return slot


def move_slot(
    session: Session, actor: User, policy: SchedulePolicy, slot_id: int, data: SlotMove
) -> tuple[ScheduleSlot, list[Issue]]:
    """Reschedule; both the old and the new time must lie outside the lock window."""
    slot = get_slot(session, slot_id)
    if slot.status is SlotStatus.CANCELLED:
        raise Conflict("a cancelled slot cannot be moved")
    now = utcnow()
    _ensure_unlocked(policy, slot.start, now)
    _ensure_unlocked(policy, data.start, now)
    candidate = Candidate(
        channel=slot.channel,
        module_id=slot.module_id,
        kind=slot.kind,
        start=data.start,
        end=data.end,
        slot_id=slot.id,
    )
    issues = check(session, policy, candidate, now)
    raise_errors(issues)
    old = (slot.start, slot.end)
    slot.start, slot.end = data.start, data.end
    slot.sequence += 1
    session.flush()
    audit.record(session, actor, "move", "slot", slot.id, old=old, new=(data.start, data.end))
    return slot, issues


def cancel_slot(
    session: Session, actor: User, policy: SchedulePolicy, slot_id: int
) -> ScheduleSlot:
    """Mark the slot cancelled (kept for feeds), unless it is locked."""
    slot = get_slot(session, slot_id)
    if slot.status is SlotStatus.CANCELLED:
        return slot
    _ensure_unlocked(policy, slot.start, utcnow())
    slot.status = SlotStatus.CANCELLED
    slot.sequence += 1
    session.flush()
    audit.record(session, actor, "cancel", "slot", slot.id)
    return slot


def issues_for(
    session: Session, policy: SchedulePolicy, slot: ScheduleSlot, now: datetime
) -> list[Issue]:
    """Findings for a stored slot (for the engineer's grid); cancelled slots have none."""
    if slot.status is SlotStatus.CANCELLED:
        return []
    candidate = Candidate(
        channel=slot.channel,
        module_id=slot.module_id,
        kind=slot.kind,
        start=slot.start,
        end=slot.end,
        slot_id=slot.id,
    )
    return check(session, policy, candidate, now)


def next_airing(
    session: Session, module_id: int, now: datetime | None = None
) -> ScheduleSlot | None:
    """The next planned lecture slot of the module: one indexed query."""
    return session.scalar(
        select(ScheduleSlot)
        .where(
            ScheduleSlot.module_id == module_id,
            ScheduleSlot.kind == SlotKind.LECTURE,
            ScheduleSlot.status == SlotStatus.PLANNED,
            ScheduleSlot.start > (now or utcnow()),
        )
        .order_by(ScheduleSlot.start)
        .limit(1)
    )


def next_airings(
    session: Session, module_ids: list[int], now: datetime | None = None
) -> dict[int, ScheduleSlot]:
    """`next_airing` for many modules in one query: module id -> its next lecture slot."""
    slots = session.scalars(
        select(ScheduleSlot)
        .where(
            ScheduleSlot.module_id.in_(module_ids),
            ScheduleSlot.kind == SlotKind.LECTURE,
            ScheduleSlot.status == SlotStatus.PLANNED,
            ScheduleSlot.start > (now or utcnow()),
        )
        .order_by(ScheduleSlot.start.desc())
    )
    return {slot.module_id: slot for slot in slots}  # the earliest, written last, wins


def now_next(
    session: Session, channel: Channel, now: datetime
) -> tuple[ScheduleSlot | None, ScheduleSlot | None]:
    """The slot on air at `now` and the one after it, on one channel."""
    base = (
        select(ScheduleSlot)
        .where(ScheduleSlot.channel_id == channel.id, ScheduleSlot.status == SlotStatus.PLANNED)
        .options(joinedload(ScheduleSlot.module).joinedload(Module.course))
    )
    current = session.scalar(
        base.where(ScheduleSlot.start <= now, ScheduleSlot.end > now)
        .order_by(ScheduleSlot.start.desc())
        .limit(1)
    )
    upcoming = session.scalar(
        base.where(ScheduleSlot.start > now).order_by(ScheduleSlot.start).limit(1)
    )
    return current, upcoming
