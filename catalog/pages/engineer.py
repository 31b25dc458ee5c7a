"""Engineer pages: on air now per channel, the week grid with conflicts marked, plan vs as-run."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from catalog.api.deps import Id, PolicyDep, SessionDep
from catalog.api.routes.schedule import week_bounds
from catalog.localtime import to_local
from catalog.models import AsRun
from catalog.models.base import utcnow
from catalog.models.enums import Outcome, Role, SlotStatus
from catalog.pages.i18n import language
from catalog.pages.render import PageUser, need_role, render, text
from catalog.services import channels, schedule

router = APIRouter(prefix="/engineer", include_in_schema=False)


@router.get("", response_class=HTMLResponse)
def on_air(request: Request, session: SessionDep, user: PageUser) -> HTMLResponse:
    need_role(user, Role.ENGINEER)
    now, lang = utcnow(), language(request)
    rows = []
    for ch in channels.list_channels(session):
        current, upcoming = schedule.now_next(session, ch, now)
        rows.append((ch, current, upcoming))
    return render(request, "engineer/on_air.html", user, rows=rows, text=text, ui_lang=lang)


@router.get("/channels/{channel_id}/week", response_class=HTMLResponse)
def week(
    channel_id: Id,
    request: Request,
    session: SessionDep,
    policy: PolicyDep,
    user: PageUser,
    start: date | None = None,
) -> HTMLResponse:
    """Seven days of one channel; slots breaking a rule are marked with the reason."""
    need_role(user, Role.ENGINEER)
    ch = channels.get_channel(session, channel_id)
    first, last = week_bounds(start, policy.timezone)
    now = utcnow()
    days: dict[date, list] = defaultdict(list)  # type: ignore[type-arg]
    conflicts = 0
    for slot in schedule.slots_between(session, first, last, ch.id):
        issues = schedule.issues_for(session, policy, slot, now)
        conflicts += any(i.severity == "error" for i in issues)
        days[to_local(slot.start, policy.timezone).date()].append((slot, issues))
    monday = to_local(first, policy.timezone).date()
    return render(
        request,
        "engineer/week.html",
        user,
        channel=ch,
        monday=monday,
        days=[
            (monday + timedelta(days=i), days.get(monday + timedelta(days=i), [])) for i in range(7)
        ],
        conflicts=conflicts,
        text=text,
        ui_lang=language(request),
        prev_week=monday - timedelta(days=7),
        next_week=monday + timedelta(days=7),
    )


@router.get("/channels/{channel_id}/asrun", response_class=HTMLResponse)
def plan_vs_asrun(
    channel_id: Id, request: Request, session: SessionDep, user: PageUser
) -> HTMLResponse:
    need_role(user, Role.ENGINEER)
    ch = channels.get_channel(session, channel_id)
    now = utcnow()
    rows = []
    for slot in schedule.slots_between(
        session, now - timedelta(hours=48), now + timedelta(hours=1), ch.id
    ):
        if slot.status is not SlotStatus.PLANNED:
            continue
        occurrence = slot.occurrence
        record = (
            session.get(AsRun, occurrence.asrun_id) if occurrence and occurrence.asrun_id else None
        )
        outcome = occurrence.outcome if occurrence else Outcome.PENDING
        rows.append((slot, record, outcome, outcome is Outcome.PENDING and slot.end < now))
    return render(
        request,
        "engineer/asrun.html",
        user,
        channel=ch,
        rows=rows,
        text=text,
        ui_lang=language(request),
    )
