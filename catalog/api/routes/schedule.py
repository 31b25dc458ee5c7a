"""Schedule slots, the auto-planner and the week grid."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Header, Query, Response, status

from catalog.api import presenters
from catalog.api.deps import Engineer, Id, PolicyDep, QueueDep, SessionDep
from catalog.localtime import local_to_utc, to_local
from catalog.models.base import utcnow
from catalog.schemas.schedule import PlanIn, PlanOut, SlotIn, SlotMove, SlotOut
from catalog.services import channels, planner, schedule
from catalog.services.renditions import start_missing_encodes

router = APIRouter(prefix="/schedule", tags=["schedule"])

IdempotencyKey = Annotated[
    str | None,
    Header(
        max_length=128, description="A retried request with the same key does not double the slot."
    ),
]


@router.post(
    "/slots",
    response_model=SlotOut,
    status_code=status.HTTP_201_CREATED,
    responses={200: {"model": SlotOut, "description": "Replay of an earlier request"}},
)
def create_slot(
    data: SlotIn,
    session: SessionDep,
    policy: PolicyDep,
    queue: QueueDep,
    actor: Engineer,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> SlotOut:
    """Plan one slot after the checks (overlap + turnaround, durations, rendition, lock window)."""
    slot, issues, created = schedule.create_slot(session, actor, policy, data, idempotency_key)
    if not created:
        response.status_code = status.HTTP_200_OK
    else:
        start_missing_encodes(session, queue, slot.module.course_id)
    return presenters.slot_out(slot, policy.timezone, issues)


@router.get("/slots/{slot_id}", response_model=SlotOut)
def get_slot(slot_id: Id, session: SessionDep, policy: PolicyDep) -> SlotOut:
    slot = schedule.get_slot(session, slot_id)
    return presenters.slot_out(
        slot, policy.timezone, schedule.issues_for(session, policy, slot, utcnow())
    )


@router.patch("/slots/{slot_id}", response_model=SlotOut)
def move_slot(
    slot_id: Id, data: SlotMove, session: SessionDep, policy: PolicyDep, actor: Engineer
) -> SlotOut:
    """Reschedule (SEQUENCE goes up in calendar feeds)."""
    slot, issues = schedule.move_slot(session, actor, policy, slot_id, data)
    return presenters.slot_out(slot, policy.timezone, issues)


@router.post("/slots/{slot_id}/cancel", response_model=SlotOut)
def cancel_slot(slot_id: Id, session: SessionDep, policy: PolicyDep, actor: Engineer) -> SlotOut:
    """Cancel (kept, shown as cancelled in feeds), unless inside the lock window."""
    return presenters.slot_out(
        schedule.cancel_slot(session, actor, policy, slot_id), policy.timezone
    )


@router.post(
    "/plan",
    response_model=PlanOut,
    status_code=status.HTTP_201_CREATED,
    responses={200: {"model": PlanOut, "description": "Replay of an earlier request"}},
)
def plan_course(
    data: PlanIn,
    session: SessionDep,
    policy: PolicyDep,
    queue: QueueDep,
    actor: Engineer,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> PlanOut:
    """The auto-planner: modules in order on the given weekdays and local time, with reruns."""
    slots, warnings, created = planner.plan_course(
        session, actor, policy, queue, data, idempotency_key
    )
    if not created:
        response.status_code = status.HTTP_200_OK
    return PlanOut(
        slots=[presenters.slot_out(s, policy.timezone) for s in slots], warnings=warnings
    )


@router.get("/week", response_model=list[SlotOut])
def week(
    session: SessionDep,
    policy: PolicyDep,
    channel_id: Annotated[int, Query(ge=1, le=2**31 - 1)],
    start: Annotated[
        date | None, Query(description="Local date the week starts on (default: this Monday).")
    ] = None,
) -> list[SlotOut]:
    """Seven local days of one channel, each slot with its findings (conflicts marked)."""
    channels.get_channel(session, channel_id)
    first, last = week_bounds(start, policy.timezone)
    now = utcnow()
    return [
        presenters.slot_out(s, policy.timezone, schedule.issues_for(session, policy, s, now))
        for s in schedule.slots_between(session, first, last, channel_id)
    ]


def week_bounds(start: date | None, zone: str) -> tuple[datetime, datetime]:
    """[Monday 00:00 local, next Monday 00:00 local) as UTC instants."""
    day = start or to_local(utcnow(), zone).date()
    if start is None:
        day -= timedelta(days=day.weekday())
    midnight = datetime.min.time()
    return local_to_utc(day, midnight, zone), local_to_utc(day + timedelta(days=7), midnight, zone)
