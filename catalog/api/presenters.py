"""Rows -> response schemas. Kept in one place so routes stay a few lines each."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.localtime import iso_local
from catalog.models import Channel, Course, FollowUpTest, Lecture, Module, Rendition, ScheduleSlot
from catalog.models.enums import Outcome
from catalog.schemas.broadcast import ChannelOut
from catalog.schemas.common import Localized, LocalizedText, localized
from catalog.schemas.courses import (
    AiringOut,
    CourseOut,
    FollowUpOut,
    LectureOut,
    ModuleOut,
    RenditionOut,
)
from catalog.schemas.schedule import Issue, SlotOut


def course_out(course: Course) -> CourseOut:
    return CourseOut(
        id=course.id,
        code=course.code,
        title=Localized(**localized(course, "title")),
        language=course.language,
        level=course.level,
        genre=course.genre,
        owner_id=course.owner_id,
        updated_at=course.updated_at,
    )


def rendition_out(r: Rendition) -> RenditionOut:
    return RenditionOut(
        id=r.id,
        profile=r.profile,
        status=r.status,
        lecture_version=r.lecture_version,
        duration_ms=r.duration_ms,
        has_index=bool(r.index_json),
        verdict=r.verdict,
        updated_at=r.updated_at,
    )


def lecture_out(lecture: Lecture) -> LectureOut:
    return LectureOut(
        id=lecture.id,
        module_id=lecture.module_id,
        language=lecture.language,
        status=lecture.status,
        version=lecture.version,
        recording_sha256=lecture.recording_sha256,
        duration_ms=lecture.duration_ms,
        renditions=[rendition_out(r) for r in lecture.renditions],
    )


def followup_out(test: FollowUpTest, base_url: str) -> FollowUpOut:
    return FollowUpOut(
        id=test.id,
        module_id=test.module_id,
        kind=test.kind,
        external_url=test.external_url,
        short_code=test.short_code,
        short_url=f"{base_url.rstrip('/')}/t/{test.short_code}",
    )


def module_out(session: Session, module: Module, base_url: str) -> ModuleOut:
    test = session.scalar(select(FollowUpTest).where(FollowUpTest.module_id == module.id))
    return ModuleOut(
        id=module.id,
        course_id=module.course_id,
        position=module.position,
        syllabus_code=module.syllabus_code,
        title=Localized(**localized(module, "title")),
        summary=LocalizedText(**localized(module, "summary")),
        lecture=lecture_out(module.lecture) if module.lecture else None,
        followup=followup_out(test, base_url) if test else None,
    )


def channel_out(channel: Channel) -> ChannelOut:
    return ChannelOut.model_validate(channel, from_attributes=True)


def slot_out(slot: ScheduleSlot, zone: str, issues: list[Issue] | None = None) -> SlotOut:
    occurrence = slot.occurrence
    return SlotOut(
        id=slot.id,
        channel_id=slot.channel_id,
        module_id=slot.module_id,
        kind=slot.kind,
        start=slot.start,
        end=slot.end,
        start_local=iso_local(slot.start, zone),
        end_local=iso_local(slot.end, zone),
        status=slot.status,
        sequence=slot.sequence,
        is_rerun=slot.is_rerun,
        outcome=occurrence.outcome if occurrence else Outcome.PENDING,
        issues=issues or [],
    )


def airing_out(slot: ScheduleSlot, zone: str) -> AiringOut:
    return AiringOut(
        slot_id=slot.id,
        channel_id=slot.channel_id,
        channel_name=slot.channel.name,
        start=slot.start,
        end=slot.end,
        start_local=iso_local(slot.start, zone),
        is_rerun=slot.is_rerun,
    )
