"""What the playout reads from the catalogue and writes back, as plain frozen dataclasses.

`telesabaq.wiring` adapts these to `playout.ports` (ScheduleSource / AsRunSink); the playout never
sees ORM rows. `record_asrun` is re-exported from `catalog.services.asrun`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from catalog.models import Course, FollowUpTest, Lecture, Module, Rendition, ScheduleSlot
from catalog.models.enums import RenditionStatus, SlotKind, SlotStatus
from catalog.services.asrun import AsRunRecord, AsRunResult, record_asrun
from catalog.services.endcards import find_end_card

__all__ = ["AsRunRecord", "AsRunResult", "PlannedItem", "planned_items", "record_asrun"]


@dataclass(frozen=True, slots=True, kw_only=True)
class PlannedItem:
    """One slot as the playout needs it. `ts_path` is None when no ready rendition exists for the
    channel's profile (the playout then airs its filler and reports a miss)."""

    slot_id: int
    channel_id: int
    service_id: int
    kind: SlotKind
    start: datetime
    end: datetime
    ts_path: str | None
    rendition_index_json: str | None
    end_card_path: str | None
    titles: dict[str, str]
    texts: dict[str, str]
    course_code: str
    module_number: int
    syllabus_code: str
    followup_code: str | None
    followup_url: str | None
    genre: str
    rating: int | None
    is_rerun: bool


def planned_items(
    session: Session,
    channel_ids: list[int],
    start: datetime,
    end: datetime,
    *,
    public_base_url: str = "",
    media_dir: str = "",
) -> list[PlannedItem]:
    """Planned slots of the channels overlapping [start, end), in air order."""
    slots = session.scalars(
        select(ScheduleSlot)
        .where(
            ScheduleSlot.channel_id.in_(channel_ids),
            ScheduleSlot.status == SlotStatus.PLANNED,
            ScheduleSlot.start < end,
            ScheduleSlot.end > start,
        )
        .options(
            joinedload(ScheduleSlot.channel),
            joinedload(ScheduleSlot.module).joinedload(Module.course),
        )
        .order_by(ScheduleSlot.channel_id, ScheduleSlot.start)
    ).all()
    return [_item(session, s, public_base_url, media_dir) for s in slots]


def _item(session: Session, slot: ScheduleSlot, base_url: str, media_dir: str) -> PlannedItem:
    module: Module = slot.module
    course: Course = module.course
    rendition = _ready_rendition(session, module.id, slot.channel.profile)
    test = session.scalar(select(FollowUpTest).where(FollowUpTest.module_id == module.id))
    return PlannedItem(
        slot_id=slot.id,
        channel_id=slot.channel_id,
        service_id=slot.channel.service_id,
        kind=slot.kind,
        start=slot.start,
        end=slot.end,
        ts_path=rendition.ts_path if rendition else None,
        rendition_index_json=rendition.index_json if rendition else None,
        end_card_path=end_card_path(
            media_dir, test.short_code if test else None, slot.channel.profile
        )
        if slot.kind is SlotKind.END_CARD
        else None,
        titles={
            lang: f"{getattr(course, f'title_{lang}')}: {getattr(module, f'title_{lang}')}"
            for lang in ("kk", "ru", "en")
        },
        texts={lang: getattr(module, f"summary_{lang}") for lang in ("kk", "ru", "en")},
        course_code=course.code,
        module_number=module.position,
        syllabus_code=module.syllabus_code,
        followup_code=test.short_code if test else None,
        followup_url=f"{base_url.rstrip('/')}/t/{test.short_code}" if test else None,
        genre=course.genre,
        rating=None,
        is_rerun=slot.is_rerun,
    )


def _ready_rendition(session: Session, module_id: int, profile: str) -> Rendition | None:
    return session.scalar(
        select(Rendition)
        .join(Lecture, Lecture.id == Rendition.lecture_id)
        .where(
            Lecture.module_id == module_id,
            Rendition.profile == profile,
            Rendition.status == RenditionStatus.READY,
            Rendition.lecture_version == Lecture.version,
        )
    )


def end_card_path(media_dir: str, short_code: str | None, profile: str) -> str | None:
    """The module's end-card clip for the profile, as the encoder made it (None if not yet)."""
    if not media_dir or short_code is None:
        return None
    clip = find_end_card(Path(media_dir), short_code, profile)
    return str(clip.ts_path) if clip else None
