"""Student pages: today on TV per channel, a course page, the short-link page, catch-up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from catalog.api.deps import Id, SessionDep
from catalog.localtime import local_to_utc, to_local
from catalog.models import Channel, Module, ScheduleSlot
from catalog.models.base import utcnow
from catalog.models.enums import Outcome, SlotKind, SlotStatus
from catalog.pages.i18n import language
from catalog.pages.render import PageUser, render, text
from catalog.services import asrun, channels, courses, schedule
from catalog.services.media_access import AIRED, catchup_rendition, live_rendition
from catalog.services.short_codes import display

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Airing:
    start: datetime
    end: datetime
    title: str
    course: str
    course_id: Id
    is_rerun: bool
    on_air: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class ChannelDay:
    channel: Channel
    now: Airing | None
    next: Airing | None
    today: list[Airing]


@dataclass(frozen=True, slots=True, kw_only=True)
class ModuleRow:
    module: Module
    title: str
    summary: str
    outcome: Outcome
    next_airing: ScheduleSlot | None
    code_shown: str | None
    test_url: str | None
    catchup: bool


def _airing(slot: ScheduleSlot, lang: str, now: datetime) -> Airing:
    return Airing(
        start=slot.start,
        end=slot.end,
        title=text(slot.module, "title", lang),
        course=text(slot.module.course, "title", lang),
        course_id=slot.module.course_id,
        is_rerun=slot.is_rerun,
        on_air=slot.start <= now < slot.end,
    )


def _today(session: Session, channel: Channel, zone: str, lang: str, now: datetime) -> ChannelDay:
    day = to_local(now, zone).date()
    start, end = (
        local_to_utc(day, time(0), zone),
        local_to_utc(day + timedelta(days=1), time(0), zone),
    )
    slots = [
        s
        for s in schedule.slots_between(session, start, end, channel.id)
        if s.kind is SlotKind.LECTURE and s.status is SlotStatus.PLANNED
    ]
    current, upcoming = schedule.now_next(session, channel, now)
    return ChannelDay(
        channel=channel,
        now=_airing(current, lang, now) if current else None,
        next=_airing(upcoming, lang, now) if upcoming else None,
        today=[_airing(s, lang, now) for s in slots],
    )


@router.get("/", response_class=HTMLResponse)
def today(request: Request, session: SessionDep, user: PageUser) -> HTMLResponse:
    """Today on TV, per channel, with what is on air now."""
    zone, lang, now = request.app.state.settings.station_timezone, language(request), utcnow()
    days = [_today(session, c, zone, lang, now) for c in channels.list_channels(session)]
    listing, _ = courses.list_courses(session, 200, 0)
    return render(request, "student/today.html", user, days=days, courses=listing)


def module_rows(session: Session, course_id: Id, lang: str, base_url: str) -> list[ModuleRow]:
    """Every module of the course with its state, in a handful of queries (not per module)."""
    modules = courses.list_modules(session, course_id)
    ids = [m.id for m in modules]
    tests = courses.followups(session, ids)
    outcomes = asrun.module_outcomes(session, ids)
    upcoming = schedule.next_airings(session, ids)
    rows = []
    for module in modules:
        test = tests[module.id]
        rows.append(
            ModuleRow(
                module=module,
                title=text(module, "title", lang),
                summary=text(module, "summary", lang),
                outcome=outcomes[module.id],
                next_airing=upcoming.get(module.id),
                code_shown=display(test.short_code),
                test_url=test.external_url or f"{base_url.rstrip('/')}/t/{test.short_code}",
                catchup=outcomes[module.id] in AIRED and live_rendition(module) is not None,
            )
        )
    return rows


@router.get("/courses/{course_id}", response_class=HTMLResponse)
def course_page(
    course_id: Id, request: Request, session: SessionDep, user: PageUser
) -> HTMLResponse:
    """Modules in order: aired (from as-run), next airing, follow-up test, catch-up."""
    course, lang = courses.get_course(session, course_id), language(request)
    rows = module_rows(session, course.id, lang, request.app.state.settings.public_base_url)
    return render(
        request,
        "student/course.html",
        user,
        course=course,
        title=text(course, "title", lang),
        rows=rows,
    )


@router.get("/watch/{module_id}", response_class=HTMLResponse)
def catchup(module_id: Id, request: Request, session: SessionDep, user: PageUser) -> HTMLResponse:
    """Catch-up of a module that has aired (as-run says so), cut from its rendition."""
    module, lang = courses.get_module(session, module_id), language(request)
    rendition = catchup_rendition(session, module)
    return render(
        request,
        "player.html",
        user,
        heading=text(module, "title", lang),
        rendition=rendition,
        end_card=None,
        playlist=f"/media/renditions/{rendition.id}/index.m3u8" if rendition else None,
        status_code=200 if rendition else 404,
    )
