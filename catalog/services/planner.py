"""The auto-planner: "air course X, modules in order, on channel C, Mon/Wed/Fri 10:00 local,
rerun the next day 18:00" becomes slots, each lecture followed by the module's end-card.

Wall-clock times are station-local and converted per day, so a plan across an offset change still
airs at 10:00 local. The whole plan is one unit of work: one failing slot rejects all of them.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.errors import Conflict, RuleViolation
from catalog.localtime import local_to_utc, to_local
from catalog.models import Channel, Lecture, Module, Rendition, ScheduleSlot, User
from catalog.models.base import utcnow
from catalog.models.enums import RenditionStatus, SlotKind
from catalog.ports import EncodeQueue
from catalog.schemas.schedule import Issue, PlanIn
from catalog.services import audit
from catalog.services.channels import get_channel
from catalog.services.courses import get_course, list_modules
from catalog.services.renditions import start_missing_encodes
from catalog.services.schedule import add_slot, raise_errors
from catalog.services.schedule_rules import Candidate, SchedulePolicy, check, locked


def air_days(start: date, weekdays: list[int]) -> Iterator[date]:
    """Successive days from `start` whose weekday (0 = Monday) is listed."""
    day = start
    wanted = set(weekdays)
    while True:
        if day.weekday() in wanted:
            yield day
        day += timedelta(days=1)


def lecture_length(
    session: Session, module: Module, channel: Channel, default_minutes: int
) -> timedelta:
    """How long the lecture slot must be: the ready rendition for the channel's profile, else the
    recording's duration, else the default; rounded up to whole minutes."""
    lecture = session.scalar(select(Lecture).where(Lecture.module_id == module.id))
    ms = None
    if lecture is not None:
        rendition = session.scalar(
            select(Rendition).where(
                Rendition.lecture_id == lecture.id,
                Rendition.profile == channel.profile,
                Rendition.status == RenditionStatus.READY,
            )
        )
        ms = (rendition.duration_ms if rendition else None) or lecture.duration_ms
    if not ms:
        return timedelta(minutes=default_minutes)
    return timedelta(minutes=math.ceil(ms / 60000))


def _airing(
    channel: Channel, module: Module, start: datetime, length: timedelta, end_card: timedelta
) -> list[Candidate]:
    lecture = Candidate(
        channel=channel, module_id=module.id, kind=SlotKind.LECTURE, start=start, end=start + length
    )
    if not end_card:
        return [lecture]
    card = Candidate(
        channel=channel,
        module_id=module.id,
        kind=SlotKind.END_CARD,
        start=lecture.end,
        end=lecture.end + end_card,
    )
    return [lecture, card]


def _rerun_start(first: datetime, data: PlanIn, zone_name: str) -> datetime | None:
    if data.rerun is None:
        return None
    day = to_local(first, zone_name).date() + timedelta(days=data.rerun.days_after)
    return local_to_utc(day, data.rerun.at, zone_name)


def candidates(
    session: Session, policy: SchedulePolicy, data: PlanIn
) -> list[tuple[Candidate, bool]]:
    """The plan's slots in order, each with its rerun flag (nothing stored yet)."""
    channel = get_channel(session, data.channel_id)
    modules = list_modules(session, data.course_id)
    out: list[tuple[Candidate, bool]] = []
    days = air_days(data.start_date, data.weekdays)
    for module in modules:
        first = local_to_utc(next(days), data.at, policy.timezone)
        length = lecture_length(session, module, channel, data.default_minutes)
        out += [(c, False) for c in _airing(channel, module, first, length, policy.end_card)]
        rerun = _rerun_start(first, data, policy.timezone)
        if rerun is not None:
            out += [(c, True) for c in _airing(channel, module, rerun, length, policy.end_card)]
    return out


def plan_course(
    session: Session,
    actor: User,
    policy: SchedulePolicy,
    queue: EncodeQueue,
    data: PlanIn,
    idempotency_key: str | None = None,
) -> tuple[list[ScheduleSlot], list[Issue], bool]:
    """Create the plan's slots (all or none), then start the encodes the channel still needs.

    Returns (slots, warnings, created); a replay of an idempotency key returns the first plan."""
    course = get_course(session, data.course_id)
    if idempotency_key:
        earlier = _earlier_plan(session, idempotency_key)
        if earlier:
            return earlier, [], False
    now = utcnow()
    planned = candidates(session, policy, data)
    if not planned:
        raise RuleViolation(
            "the course has no modules to plan",
            details=[
                {"loc": ["body", "course_id"], "msg": "course has no modules", "type": "empty"}
            ],
        )
    slots, warnings = _store(session, actor, policy, planned, now, idempotency_key)
    start_missing_encodes(session, queue, course.id)
    audit.record(
        session,
        actor,
        "plan",
        "course",
        course.id,
        channel_id=data.channel_id,
        slots=[s.id for s in slots],
    )
    return slots, warnings, True


def _store(
    session: Session,
    actor: User,
    policy: SchedulePolicy,
    planned: list[tuple[Candidate, bool]],
    now: datetime,
    key: str | None,
) -> tuple[list[ScheduleSlot], list[Issue]]:
    slots, issues = [], []
    for index, (candidate, is_rerun) in enumerate(planned):
        if locked(policy, candidate.start, now):
            raise Conflict(f"slot {index} starts inside the lock window")
        found = [
            i.model_copy(update={"slot_index": index})
            for i in check(session, policy, candidate, now)
        ]
        issues += found
        raise_errors(found, f"slot {index} of the plan breaks schedule rules")
        slot_key = f"{key}#{index}" if key else None
        slots.append(add_slot(session, actor, candidate, is_rerun=is_rerun, key=slot_key))
    return slots, [i for i in issues if i.severity == "warning"]


def _earlier_plan(session: Session, key: str) -> list[ScheduleSlot]:
    escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return list(
        session.scalars(
            select(ScheduleSlot)
            .where(ScheduleSlot.idempotency_key.like(f"{escaped}#%", escape="\\"))
            .order_by(ScheduleSlot.start, ScheduleSlot.id)
        )
    )
