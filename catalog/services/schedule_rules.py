"""Checks a slot must pass before it may go on the plan.

Errors block saving; warnings are shown (on the engineer's week grid too):

* overlap with another planned slot on the same channel, widened by the turnaround margin
  (the larger of the channel's and the station's);
* a lecture slot shorter than its rendition (the lecture would be cut);
* a rendition for the channel's profile that is not ready (error when the slot starts within the
  lock window plus `ready_margin`, warning before that);
* the lock window: nothing that starts within the next N minutes may be created or changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.models import Channel, Lecture, Rendition, ScheduleSlot
from catalog.models.enums import RenditionStatus, SlotKind, SlotStatus
from catalog.schemas.schedule import Issue


@dataclass(frozen=True, slots=True, kw_only=True)
class SchedulePolicy:
    lock_window: timedelta
    turnaround: timedelta
    end_card: timedelta
    timezone: str
    ready_margin: timedelta = timedelta(hours=1)


@dataclass(frozen=True, slots=True, kw_only=True)
class Candidate:
    """A slot as proposed (not yet, or no longer, in the database)."""

    channel: Channel
    module_id: int
    kind: SlotKind
    start: datetime
    end: datetime
    slot_id: int | None = None


def locked(policy: SchedulePolicy, start: datetime, now: datetime) -> bool:
    """True when `start` falls inside the lock window (or is in the past)."""
    return start < now + policy.lock_window


def check(session: Session, policy: SchedulePolicy, slot: Candidate, now: datetime) -> list[Issue]:
    """All findings for `slot`; the caller decides what to do with errors."""
    issues = _overlaps(session, policy, slot)
    if slot.kind is SlotKind.LECTURE:
        issues += _rendition_issues(session, policy, slot, now)
    return issues


def _margin(policy: SchedulePolicy, channel: Channel) -> timedelta:
    return max(policy.turnaround, timedelta(seconds=channel.turnaround_seconds))


def _overlaps(session: Session, policy: SchedulePolicy, slot: Candidate) -> list[Issue]:
    margin = _margin(policy, slot.channel)
    query = select(ScheduleSlot.id, ScheduleSlot.start, ScheduleSlot.end).where(
        ScheduleSlot.channel_id == slot.channel.id,
        ScheduleSlot.status == SlotStatus.PLANNED,
        ScheduleSlot.start < slot.end + margin,
        ScheduleSlot.end > slot.start - margin,
    )
    if slot.slot_id is not None:
        query = query.where(ScheduleSlot.id != slot.slot_id)
    return [
        Issue(
            severity="error",
            code="overlap",
            message=f"overlaps slot {other_id} ({start:%Y-%m-%d %H:%M}-{end:%H:%M} UTC) "
            f"with a turnaround of {int(margin.total_seconds())} s",
        )
        for other_id, start, end in session.execute(query.limit(5))
    ]


def _rendition_issues(
    session: Session, policy: SchedulePolicy, slot: Candidate, now: datetime
) -> list[Issue]:
    lecture = session.scalar(select(Lecture).where(Lecture.module_id == slot.module_id))
    rendition = None
    if lecture is not None:
        rendition = session.scalar(
            select(Rendition).where(
                Rendition.lecture_id == lecture.id, Rendition.profile == slot.channel.profile
            )
        )
    urgent = slot.start < now + policy.lock_window + policy.ready_margin
    if (
        rendition is None
        or rendition.status is not RenditionStatus.READY
        or (lecture is not None and rendition.lecture_version != lecture.version)
    ):
        return [
            Issue(
                severity="error" if urgent else "warning",
                code="rendition_not_ready",
                message=f"no ready rendition for profile {slot.channel.profile!r}",
            )
        ]
    return _duration_issues(rendition, slot)


def _duration_issues(rendition: Rendition, slot: Candidate) -> list[Issue]:
    if rendition.duration_ms is None:
        return []
    slot_ms = int((slot.end - slot.start).total_seconds() * 1000)
    if slot_ms < rendition.duration_ms:
        return [
            Issue(
                severity="error",
                code="slot_too_short",
                message=f"slot lasts {slot_ms / 1000:.0f} s, the rendition "
                f"{rendition.duration_ms / 1000:.0f} s",
            )
        ]
    return []
