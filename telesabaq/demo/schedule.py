"""The demo's plan: today and tomorrow on both channels, each lecture followed by its end-card.

The modules of each channel's course air in turn: every 5 minutes for the first hour (so a
newcomer sees the loop quickly), then every half hour to the end of tomorrow (station time).
The first airing of each module is the premiere, later ones are reruns. Every slot passes the
catalogue's schedule rules (overlaps, slot length); a slot that would break one is skipped, so a
second run only fills the gaps the first left.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.models import Channel, Course, User
from catalog.models.enums import SlotKind
from catalog.services.courses import list_modules
from catalog.services.planner import lecture_length
from catalog.services.schedule import add_slot
from catalog.services.schedule_rules import Candidate, SchedulePolicy, check
from telesabaq.demo.content import CHANNELS

__all__ = ["air_times", "plan_demo"]

DENSE = timedelta(minutes=5)
DENSE_FOR = timedelta(hours=1)
SPARSE = timedelta(minutes=30)


def air_times(first: datetime, until: datetime) -> Iterator[datetime]:
    """`first`, then every 5 minutes for an hour, then every 30 minutes, before `until`."""
    when = first
    while when < until:
        yield when
        when += DENSE if when - first < DENSE_FOR else SPARSE


def end_of_tomorrow(now: datetime, timezone: str) -> datetime:
    local = now.astimezone(ZoneInfo(timezone))
    midnight = datetime.combine(local.date() + timedelta(days=2), datetime.min.time())
    return midnight.replace(tzinfo=ZoneInfo(timezone))


def _round_up(moment: datetime, step: timedelta) -> datetime:
    seconds = step.total_seconds()
    stamp = moment.timestamp()
    return datetime.fromtimestamp(-(-stamp // seconds) * seconds, tz=moment.tzinfo)


def plan_demo(
    session: Session, engineer: User, policy: SchedulePolicy, now: datetime, lead: timedelta
) -> int:
    """Plan both channels from `now + lead` to the end of tomorrow; returns the slots added."""
    first = _round_up(now + lead, timedelta(minutes=1))
    until = end_of_tomorrow(now, policy.timezone)
    added = 0
    for spec in CHANNELS:
        channel = session.scalar(select(Channel).where(Channel.number == spec.number))
        course = session.scalar(select(Course).where(Course.code == spec.course_code))
        assert channel is not None
        assert course is not None
        modules = list_modules(session, course.id)
        for number, start in enumerate(air_times(first, until)):
            module = modules[number % len(modules)]
            length = lecture_length(session, module, channel, default_minutes=1)
            lecture = Candidate(
                channel=channel,
                module_id=module.id,
                kind=SlotKind.LECTURE,
                start=start,
                end=start + length,
            )
            card = Candidate(
                channel=channel,
                module_id=module.id,
                kind=SlotKind.END_CARD,
                start=lecture.end,
                end=lecture.end + policy.end_card,
            )
            issues = check(session, policy, lecture, now) + check(session, policy, card, now)
            if any(i.severity == "error" for i in issues):
                continue
            rerun = number >= len(modules)
            add_slot(session, engineer, lecture, is_rerun=rerun)
            add_slot(session, engineer, card, is_rerun=rerun)
            added += 2
    session.flush()
    return added
