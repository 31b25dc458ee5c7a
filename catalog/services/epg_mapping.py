"""Catalogue rows -> `epg.programme` objects: the one place where the feeds meet the EPG model.

Every feed (XMLTV, M3U, iCalendar, JSON) is rendered by the pure exporters in `epg.export`
from what this module builds, so the XMLTV channel id and the M3U tvg-id are the same column.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog.models import Channel, FollowUpTest, Module, ScheduleSlot
from catalog.models.enums import SlotKind, SlotStatus
from catalog.services.short_codes import display
from epg.programme import Channel as EpgChannel
from epg.programme import Episode, Genre, Programme

ISO639_2 = {"kk": "kaz", "ru": "rus", "en": "eng"}
FURTHER_EDUCATION = Genre(level_1=0x9, level_2=0x6)  # EN 300 468 table 28: 0x96


def _texts(row: object, prefix: str, first: str) -> dict[str, str]:
    """`<prefix>_kk/_ru/_en` as an ISO 639-2 map, primary language first, blanks left out."""
    order = [first, *(lang for lang in ("kk", "ru", "en") if lang != first)]
    return {
        ISO639_2[lang]: text for lang in order if (text := getattr(row, f"{prefix}_{lang}").strip())
    }


def channel(row: Channel) -> EpgChannel:
    names = {ISO639_2[row.language.value]: row.name}
    ts = row.transport_stream
    return EpgChannel(
        id=row.xmltv_id,
        display_names=names,
        lcn=row.number if row.number <= 1023 else None,
        service_id=row.service_id,
        transport_stream_id=ts.transport_stream_id if ts else None,
        original_network_id=ts.network.original_network_id if ts else None,
        url=row.stream_url or None,
    )


def programme(
    slot: ScheduleSlot, module_count: int, test: FollowUpTest | None, base_url: str, host: str
) -> Programme:
    """A lecture slot as an EPG programme; its UID is stable per slot, SEQUENCE its revision."""
    module: Module = slot.module
    course = module.course
    first = course.language.value
    short_url = f"{base_url.rstrip('/')}/t/{test.short_code}" if test else None
    descriptions = _texts(module, "summary", first)
    if test is not None:
        descriptions = {
            lang: f"{text}\n{short_url} ({display(test.short_code)})".strip()
            for lang, text in (descriptions or {ISO639_2[first]: ""}).items()
        }
    return Programme(
        channel_id=slot.channel.xmltv_id,
        start=slot.start,
        stop=slot.end,
        titles=_texts(module, "title", first),
        subtitles=_texts(course, "title", first),
        descriptions=descriptions,
        genres=(FURTHER_EDUCATION,),
        test_url=short_url,
        short_code=test.short_code if test else None,
        course_id=course.code,
        module_id=module.syllabus_code,
        episode=Episode(
            number=module.position,
            total=max(module_count, module.position),
            onscreen=f"{course.code} М{module.position}",
        ),
        previously_shown=slot.is_rerun,
        sequence=slot.sequence,
        cancelled=slot.status is SlotStatus.CANCELLED,
        uid=f"slot-{slot.id}@{host}",
    )


def lecture_slots(
    session: Session,
    start: object,
    end: object,
    *,
    channel_ids: Iterable[int] | None = None,
    course_id: int | None = None,
) -> list[ScheduleSlot]:
    """Lecture slots (planned and cancelled) overlapping [start, end) — end-cards are part of
    the lecture's air time, not programmes of their own."""
    query = (
        select(ScheduleSlot)
        .join(Module, Module.id == ScheduleSlot.module_id)
        .where(
            ScheduleSlot.kind == SlotKind.LECTURE,
            ScheduleSlot.start < end,
            ScheduleSlot.end > start,
        )
    )
    if channel_ids is not None:
        query = query.where(ScheduleSlot.channel_id.in_(list(channel_ids)))
    if course_id is not None:
        query = query.where(Module.course_id == course_id)
    return list(session.scalars(query.order_by(ScheduleSlot.start, ScheduleSlot.id)))


def programmes(
    session: Session, slots: list[ScheduleSlot], base_url: str, host: str
) -> list[Programme]:
    counts = dict(
        session.execute(select(Module.course_id, func.count()).group_by(Module.course_id)).all()
    )
    module_ids = {s.module_id for s in slots}
    tests = {
        t.module_id: t
        for t in session.scalars(select(FollowUpTest).where(FollowUpTest.module_id.in_(module_ids)))
    }
    return [
        programme(s, counts.get(s.module.course_id, 1), tests.get(s.module_id), base_url, host)
        for s in slots
    ]
