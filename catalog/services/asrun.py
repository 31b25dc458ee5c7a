"""As-run: what the playout says really aired. A module counts as aired only from here.

`record_asrun` is idempotent by the playout's record id. The outcome of the linked slot's
occurrence follows from how long its records lasted against what was planned to air (`planned_air`):
full (within `FULL_TOLERANCE`), partial (some), none (nothing).

What was planned to air is not the slot's length: the planner rounds lecture slots up to whole
minutes, and the station plays the lecture and its end-card back to back as one EPG event,
reporting one as-run record per item (telesabaq.wiring.CatalogAsRunSink: item 0 -> the lecture
slot, item 1 -> the end-card slot). So a lecture slot is judged against its rendition's duration,
plus the following end-card's length when its records cover the end-card too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog.errors import NotFound, RuleViolation
from catalog.models import AsRun, Channel, Lecture, Occurrence, Rendition, ScheduleSlot
from catalog.models.enums import Outcome, RenditionStatus, SlotKind, SlotStatus

FULL_TOLERANCE = timedelta(seconds=2)


@dataclass(frozen=True, slots=True, kw_only=True)
class AsRunRecord:
    """One as-run entry from the playout (aware UTC instants)."""

    record_id: str
    channel_id: int
    slot_id: int | None
    actual_start: datetime
    actual_end: datetime
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class AsRunResult:
    asrun: AsRun
    outcome: Outcome | None
    duplicate: bool


def outcome_for(planned: timedelta, aired: timedelta) -> Outcome:
    """Full when it aired (almost) as long as planned, partial when some, none otherwise."""
    if aired <= timedelta(0):
        return Outcome.NONE
    if aired + FULL_TOLERANCE >= planned:
        return Outcome.FULL
    return Outcome.PARTIAL


def planned_air(session: Session, slot: ScheduleSlot, records: list[AsRun]) -> timedelta:
    """How long the slot's records must last to count as aired in full.

    An end-card slot, or a lecture without a known duration, is judged by the slot's length. A
    lecture slot: the ready rendition's duration for the channel's profile (else the recording's),
    plus the following end-card slot's length when the records cover the end-card as well - they
    last longer than the lecture, or end past the middle of where the end-card would play (so a
    late-joined lecture+end-card record stays partial).
    """
    length = slot.end - slot.start
    if slot.kind is not SlotKind.LECTURE:
        return length
    lecture = _lecture_duration(session, slot)
    if lecture is None:
        return length
    card = _following_card(session, slot)
    if card is None or not records:
        return lecture
    card_length = card.end - card.start
    aired = sum((a.actual_end - a.actual_start for a in records), timedelta(0))
    last_end = max(a.actual_end for a in records)
    if aired > lecture + FULL_TOLERANCE or last_end > slot.start + lecture + card_length / 2:
        return lecture + card_length
    return lecture


def _lecture_duration(session: Session, slot: ScheduleSlot) -> timedelta | None:
    row = session.execute(
        select(Rendition.duration_ms, Lecture.duration_ms)
        .select_from(Lecture)
        .outerjoin(
            Rendition,
            (Rendition.lecture_id == Lecture.id)
            & (Rendition.profile == slot.channel.profile)
            & (Rendition.status == RenditionStatus.READY),
        )
        .where(Lecture.module_id == slot.module_id)
    ).first()
    ms = (row[0] or row[1]) if row else None
    return timedelta(milliseconds=ms) if ms else None


def _following_card(session: Session, slot: ScheduleSlot) -> ScheduleSlot | None:
    """The module's end-card slot planned right after the lecture (the planner's pair)."""
    return session.scalar(
        select(ScheduleSlot).where(
            ScheduleSlot.channel_id == slot.channel_id,
            ScheduleSlot.module_id == slot.module_id,
            ScheduleSlot.kind == SlotKind.END_CARD,
            ScheduleSlot.start == slot.end,
            ScheduleSlot.status == SlotStatus.PLANNED,
        )
    )


def record_asrun(session: Session, records: list[AsRunRecord]) -> list[AsRunResult]:
    """Store the records (a re-sent record id is reported as a duplicate, not stored twice) and
    update each linked slot's occurrence."""
    return [_record_one(session, r) for r in records]


def _record_one(session: Session, r: AsRunRecord) -> AsRunResult:
    earlier = session.scalar(select(AsRun).where(AsRun.record_id == r.record_id))
    if earlier is not None:
        occurrence = _occurrence(session, earlier.slot_id)
        return AsRunResult(
            asrun=earlier, outcome=occurrence.outcome if occurrence else None, duplicate=True
        )
    if session.get(Channel, r.channel_id) is None:
        raise NotFound(f"channel {r.channel_id} does not exist")
    slot = _slot(session, r)
    row = AsRun(
        record_id=r.record_id,
        channel_id=r.channel_id,
        slot_id=slot.id if slot else None,
        actual_start=r.actual_start,
        actual_end=r.actual_end,
        note=r.note,
    )
    session.add(row)
    session.flush()
    outcome = _update_occurrence(session, slot, row) if slot else None
    return AsRunResult(asrun=row, outcome=outcome, duplicate=False)


def _slot(session: Session, r: AsRunRecord) -> ScheduleSlot | None:
    if r.slot_id is None:
        return None
    slot = session.get(ScheduleSlot, r.slot_id)
    if slot is None:
        raise NotFound(f"slot {r.slot_id} does not exist")
    if slot.channel_id != r.channel_id:
        raise RuleViolation(
            "the slot is planned on another channel",
            details=[
                {
                    "loc": ["body", "slot_id"],
                    "msg": "slot is on another channel",
                    "type": "mismatch",
                }
            ],
        )
    return slot


def _occurrence(session: Session, slot_id: int | None) -> Occurrence | None:
    if slot_id is None:
        return None
    return session.scalar(select(Occurrence).where(Occurrence.slot_id == slot_id))


def _update_occurrence(session: Session, slot: ScheduleSlot, row: AsRun) -> Outcome:
    """Aired time is the sum of all as-run records of the slot (a slot may air in pieces)."""
    occurrence = _occurrence(session, slot.id)
    if occurrence is None:
        occurrence = Occurrence(slot_id=slot.id)
        session.add(occurrence)
    records = session.scalars(select(AsRun).where(AsRun.slot_id == slot.id)).all()
    aired = sum((a.actual_end - a.actual_start for a in records), timedelta(0))
    occurrence.aired_ms = int(aired.total_seconds() * 1000)
    occurrence.outcome = outcome_for(planned_air(session, slot, list(records)), aired)
    occurrence.asrun_id = row.id
    session.flush()
    return occurrence.outcome


def close_missed(session: Session, now: datetime, grace: timedelta = timedelta(minutes=5)) -> int:
    """Mark occurrences of planned slots that ended long enough ago without as-run as `none`."""
    rows = session.scalars(
        select(Occurrence)
        .join(ScheduleSlot, ScheduleSlot.id == Occurrence.slot_id)
        .where(
            Occurrence.outcome == Outcome.PENDING,
            ScheduleSlot.status == SlotStatus.PLANNED,
            ScheduleSlot.end < now - grace,
        )
    ).all()
    for occurrence in rows:
        occurrence.outcome = Outcome.NONE
    session.flush()
    return len(rows)


BEST_FIRST = (Outcome.FULL, Outcome.PARTIAL, Outcome.NONE)


def module_outcomes(session: Session, module_ids: list[int]) -> dict[int, Outcome]:
    """`module_outcome` for many modules in one query (pages list whole courses)."""
    found: dict[int, set[Outcome]] = {m: set() for m in module_ids}
    rows = session.execute(
        select(ScheduleSlot.module_id, Occurrence.outcome)
        .join(Occurrence, Occurrence.slot_id == ScheduleSlot.id)
        .where(ScheduleSlot.module_id.in_(module_ids), ScheduleSlot.kind == SlotKind.LECTURE)
    )
    for module_id, outcome in rows:
        found[module_id].add(outcome)
    return {
        m: next((b for b in BEST_FIRST if b in seen), Outcome.PENDING) for m, seen in found.items()
    }


def module_outcome(session: Session, module_id: int) -> Outcome:
    """Best outcome over the module's lecture slots: full beats partial beats none/pending."""
    outcomes = set(
        session.scalars(
            select(Occurrence.outcome)
            .join(ScheduleSlot, ScheduleSlot.id == Occurrence.slot_id)
            .where(ScheduleSlot.module_id == module_id, ScheduleSlot.kind == SlotKind.LECTURE)
        )
    )
    for best in (Outcome.FULL, Outcome.PARTIAL, Outcome.NONE):
        if best in outcomes:
            return best
    return Outcome.PENDING


def count_asrun(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AsRun)) or 0
