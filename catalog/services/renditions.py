"""Renditions: starting the encodes a plan needs, and recording what the encoder reports.

The encoder is reached only through `catalog.ports.EncodeQueue`; its report comes back through
`record_rendition`, which is idempotent and ignores reports about a replaced recording.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog.errors import NotFound
from catalog.models import Channel, Lecture, Module, Rendition, ScheduleSlot
from catalog.models.base import utcnow
from catalog.models.enums import RenditionStatus, SlotKind, SlotStatus
from catalog.ports import EncodeQueue

log = logging.getLogger(__name__)

TICKS_PER_MS = 90


@dataclass(frozen=True, slots=True, kw_only=True)
class EncodeNeed:
    lecture_id: int
    profile: str
    first_air: datetime


def record_rendition(
    session: Session,
    lecture_id: int,
    profile: str,
    ts_path: str | None,
    index_json: str | None,
    status: RenditionStatus,
    verdict: str = "",
    lecture_version: int | None = None,
) -> Rendition | None:
    """Store the encoder's report on `lecture_id` x `profile`; the index JSON is kept as-is.

    A report for an older recording version (the lecture was replaced meanwhile) is dropped and
    None returned.
    """
    lecture = session.get(Lecture, lecture_id)
    if lecture is None:
        raise NotFound(f"lecture {lecture_id} does not exist")
    version = lecture.version if lecture_version is None else lecture_version
    if version < lecture.version:
        log.info("dropping stale rendition report lecture=%s v%s", lecture_id, version)
        return None
    rendition = _rendition(session, lecture, profile)
    rendition.status = status
    rendition.ts_path = ts_path
    rendition.index_json = index_json
    rendition.verdict = verdict
    rendition.duration_ms = index_duration_ms(index_json) or lecture.duration_ms
    session.flush()
    return rendition


def _rendition(session: Session, lecture: Lecture, profile: str) -> Rendition:
    row = session.scalar(
        select(Rendition).where(Rendition.lecture_id == lecture.id, Rendition.profile == profile)
    )
    if row is None:
        row = Rendition(lecture_id=lecture.id, profile=profile, lecture_version=lecture.version)
        session.add(row)
    row.lecture_version = lecture.version
    return row


def index_duration_ms(index_json: str | None) -> int | None:
    """The duration a rendition index states (90 kHz ticks), or None when absent/unreadable."""
    if not index_json:
        return None
    try:
        data = json.loads(index_json)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    for key in ("duration_90k", "duration_ticks", "duration"):
        value = data.get(key)
        if isinstance(value, int) and value >= 0:
            return value // TICKS_PER_MS
    return None


def random_access_points(index_json: str | None) -> list[tuple[int, int]]:
    """(byte offset, PTS) of each random-access point in a rendition index, if it lists them."""
    if not index_json:
        return []
    try:
        points = json.loads(index_json).get("random_access_points", [])
    except (ValueError, AttributeError):
        return []
    out: list[tuple[int, int]] = []
    for point in points if isinstance(points, list) else []:
        offset, pts = _point(point)
        if offset is not None and pts is not None:
            out.append((offset, pts))
    return out


def _point(point: object) -> tuple[int | None, int | None]:
    if isinstance(point, dict):
        offset = point.get("byte_offset", point.get("offset"))
        pts = point.get("pts")
        return (offset if isinstance(offset, int) else None, pts if isinstance(pts, int) else None)
    if isinstance(point, list | tuple) and len(point) >= 2:
        a, b = point[0], point[1]
        return (a if isinstance(a, int) else None, b if isinstance(b, int) else None)
    return None, None


def encode_needs(session: Session, course_id: int | None = None) -> list[EncodeNeed]:
    """(lecture, profile) pairs that future planned slots need and no live rendition covers,
    earliest first air time first."""
    now = utcnow()
    query = (
        select(Lecture.id, Channel.profile, func.min(ScheduleSlot.start))
        .join(Module, Module.id == Lecture.module_id)
        .join(ScheduleSlot, ScheduleSlot.module_id == Module.id)
        .join(Channel, Channel.id == ScheduleSlot.channel_id)
        .where(
            ScheduleSlot.status == SlotStatus.PLANNED,
            ScheduleSlot.kind == SlotKind.LECTURE,
            ScheduleSlot.end > now,
            Lecture.recording_path.is_not(None),
        )
        .group_by(Lecture.id, Channel.profile)
    )
    if course_id is not None:
        query = query.where(Module.course_id == course_id)
    needs = []
    for lecture_id, profile, first_air in session.execute(query):
        if not _covered(session, lecture_id, profile):
            needs.append(EncodeNeed(lecture_id=lecture_id, profile=profile, first_air=first_air))
    return sorted(needs, key=lambda n: (n.first_air, n.lecture_id, n.profile))


def _covered(session: Session, lecture_id: int, profile: str) -> bool:
    lecture = session.get(Lecture, lecture_id)
    assert lecture is not None
    row = session.scalar(
        select(Rendition).where(Rendition.lecture_id == lecture_id, Rendition.profile == profile)
    )
    return (
        row is not None
        and row.lecture_version == lecture.version
        and row.status is not RenditionStatus.FAILED
    )


def start_missing_encodes(
    session: Session, queue: EncodeQueue, course_id: int | None = None
) -> list[Rendition]:
    """Submit an encode for every need, earliest air time first; rows are created `queued`."""
    started = []
    for need in encode_needs(session, course_id):
        lecture = session.get(Lecture, need.lecture_id)
        assert lecture is not None
        assert lecture.recording_path is not None
        rendition = _rendition(session, lecture, need.profile)
        rendition.status = RenditionStatus.QUEUED
        rendition.ts_path = None
        rendition.index_json = None
        rendition.verdict = ""
        rendition.job_id = queue.submit(
            lecture.id, Path(lecture.recording_path), need.profile, need.first_air
        )
        started.append(rendition)
    session.flush()
    return started
