"""Public feeds: now/next, XMLTV, M3U and iCalendar, rendered by `epg.export` from one mapping.

Calendar feeds answer conditional requests (ETag / If-None-Match -> 304): clients poll slowly
but forever. So the body must depend on the data only: DTSTAMP is when the feed's slots were last
revised in the store (RFC 5545 §3.8.7.2, no METHOD), never the time of the request.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Query, Request, Response

from catalog.api.deps import Id, PolicyDep, SessionDep, SettingsDep
from catalog.localtime import iso_local, zone
from catalog.models import ScheduleSlot
from catalog.models.base import utcnow
from catalog.schemas.feeds import NowNextOut, OnAirOut
from catalog.services import channels, courses, epg_mapping, schedule
from epg.export.ical import to_ical
from epg.export.m3u import to_m3u
from epg.export.xmltv import to_xmltv

router = APIRouter(tags=["feeds"])

XML = {"content": {"application/xml": {"schema": {"type": "string"}}}, "description": "XMLTV"}
M3U = {"content": {"audio/x-mpegurl": {"schema": {"type": "string"}}}, "description": "M3U"}
ICS = {"content": {"text/calendar": {"schema": {"type": "string"}}}, "description": "iCalendar"}


def _on_air(slot: ScheduleSlot | None, zone_name: str, base_url: str) -> OnAirOut | None:
    if slot is None:
        return None
    module, course = slot.module, slot.module.course
    lang = course.language.value
    return OnAirOut(
        slot_id=slot.id,
        module_id=module.id,
        course_id=course.id,
        course_code=course.code,
        title=getattr(module, f"title_{lang}"),
        course_title=getattr(course, f"title_{lang}"),
        start=slot.start,
        end=slot.end,
        start_local=iso_local(slot.start, zone_name),
        end_local=iso_local(slot.end, zone_name),
        is_rerun=slot.is_rerun,
    )


@router.get("/api/channels/{channel_id}/now-next", response_model=NowNextOut)
def now_next(channel_id: Id, session: SessionDep, settings: SettingsDep) -> NowNextOut:
    """What is on air now on the channel and what comes next (times with explicit offsets)."""
    ch = channels.get_channel(session, channel_id)
    current, upcoming = schedule.now_next(session, ch, utcnow())
    tz = settings.station_timezone
    return NowNextOut(
        channel_id=ch.id,
        channel_name=ch.name,
        xmltv_id=ch.xmltv_id,
        now=_on_air(current, tz, settings.public_base_url),
        next=_on_air(upcoming, tz, settings.public_base_url),
    )


def _host(settings: SettingsDep) -> str:
    return urlsplit(settings.public_base_url).hostname or "telesabaq"


def _conditional(request: Request, text: str, media_type: str) -> Response:
    etag = '"' + hashlib.sha256(text.encode()).hexdigest()[:32] + '"'
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers={"ETag": etag})
    return Response(
        text, media_type=media_type, headers={"ETag": etag, "Cache-Control": "max-age=60"}
    )


@router.get("/feeds/xmltv.xml", response_class=Response, responses={200: XML})
def xmltv(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    days: Annotated[int, Query(ge=1, le=31)] = 7,
) -> Response:
    """All channels, yesterday to `days` ahead, in station-local time with explicit offsets."""
    now = utcnow()
    rows = channels.list_channels(session)
    slots = epg_mapping.lecture_slots(session, now - timedelta(days=1), now + timedelta(days=days))
    text = to_xmltv(
        [epg_mapping.channel(c) for c in rows],
        epg_mapping.programmes(session, slots, settings.public_base_url, _host(settings)),
        tz=zone(settings.station_timezone),
        generator_url=settings.public_base_url,
    )
    return _conditional(request, text, "application/xml")


@router.get("/feeds/channels.m3u", response_class=Response, responses={200: M3U})
def m3u(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    """Channels with a stream URL; tvg-id is the XMLTV channel id."""
    epg_url = f"{settings.public_base_url.rstrip('/')}/feeds/xmltv.xml"
    text = to_m3u(
        [epg_mapping.channel(c) for c in channels.list_channels(session)], epg_url=epg_url
    )
    return _conditional(request, text, "audio/x-mpegurl")


NEVER_REVISED = datetime(2000, 1, 1, tzinfo=UTC)


def last_revised(slots: list[ScheduleSlot]) -> datetime:
    """The calendar's DTSTAMP: the latest change of its slots (a cancel bumps it), to the second."""
    latest = max((s.updated_at for s in slots), default=NEVER_REVISED)
    return latest.astimezone(UTC).replace(microsecond=0)


def _ical(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    slots: list[ScheduleSlot],
    name: str,
) -> Response:
    text = to_ical(
        [epg_mapping.channel(c) for c in channels.list_channels(session)],
        epg_mapping.programmes(session, slots, settings.public_base_url, _host(settings)),
        dtstamp=last_revised(slots),
        calendar_name=name,
    )
    return _conditional(request, text, "text/calendar")


@router.get("/feeds/courses/{course_id}.ics", response_class=Response, responses={200: ICS})
def course_calendar(
    course_id: Id, request: Request, session: SessionDep, settings: SettingsDep
) -> Response:
    """Every airing of the course (cancelled ones as STATUS:CANCELLED), past month and ahead."""
    course = courses.get_course(session, course_id)
    now = utcnow()
    slots = epg_mapping.lecture_slots(
        session, now - timedelta(days=31), now + timedelta(days=366), course_id=course.id
    )
    return _ical(request, session, settings, slots, f"{course.code} — {course.title_kk}")


@router.get("/feeds/channels/{channel_id}.ics", response_class=Response, responses={200: ICS})
def channel_calendar(
    channel_id: Id, request: Request, session: SessionDep, settings: SettingsDep, policy: PolicyDep
) -> Response:
    """The channel's lectures, yesterday to four weeks ahead."""
    ch = channels.get_channel(session, channel_id)
    now = utcnow()
    slots = epg_mapping.lecture_slots(
        session, now - timedelta(days=1), now + timedelta(days=28), channel_ids=[ch.id]
    )
    return _ical(request, session, settings, slots, ch.name)
