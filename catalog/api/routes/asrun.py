"""As-run in (from the playout) and plan vs as-run out."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Query

from catalog.api import presenters
from catalog.api.deps import Engineer, PolicyDep, SessionDep
from catalog.models import AsRun
from catalog.models.base import utcnow
from catalog.models.enums import Outcome, SlotStatus
from catalog.schemas.schedule import AsRunIn, AsRunOut, PlanVsAsRunRow
from catalog.services import asrun, channels, schedule

router = APIRouter(prefix="/asrun", tags=["as-run"])


@router.post("", response_model=list[AsRunOut])
def post_asrun(records: list[AsRunIn], session: SessionDep, _: Engineer) -> list[AsRunOut]:
    """Record as-run entries; idempotent by `record_id` (a re-sent record is flagged duplicate)."""
    results = asrun.record_asrun(session, [asrun.AsRunRecord(**r.model_dump()) for r in records])
    return [
        AsRunOut(
            id=r.asrun.id,
            record_id=r.asrun.record_id,
            channel_id=r.asrun.channel_id,
            slot_id=r.asrun.slot_id,
            actual_start=r.asrun.actual_start,
            actual_end=r.asrun.actual_end,
            outcome=r.outcome,
            duplicate=r.duplicate,
        )
        for r in results
    ]


@router.get("/plan-vs-asrun", response_model=list[PlanVsAsRunRow])
def plan_vs_asrun(
    session: SessionDep,
    policy: PolicyDep,
    _: Engineer,
    channel_id: Annotated[int, Query(ge=1, le=2**31 - 1)],
    hours: Annotated[int, Query(ge=1, le=24 * 14)] = 24,
) -> list[PlanVsAsRunRow]:
    """The last `hours` of plan on a channel beside what the as-run says aired."""
    channels.get_channel(session, channel_id)
    now = utcnow()
    return [
        _row(session, s, policy.timezone, now)
        for s in schedule.slots_between(session, now - timedelta(hours=hours), now, channel_id)
        if s.status is SlotStatus.PLANNED
    ]


def _row(session: SessionDep, slot, zone: str, now: datetime) -> PlanVsAsRunRow:  # type: ignore[no-untyped-def]
    occurrence = slot.occurrence
    record = session.get(AsRun, occurrence.asrun_id) if occurrence and occurrence.asrun_id else None
    outcome = occurrence.outcome if occurrence else Outcome.PENDING
    return PlanVsAsRunRow(
        slot=presenters.slot_out(slot, zone),
        actual_start=record.actual_start if record else None,
        actual_end=record.actual_end if record else None,
        outcome=outcome,
        overdue=outcome is Outcome.PENDING and slot.end < now,
    )
