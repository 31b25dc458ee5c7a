"""Schedule slots: rules, lock window, idempotency, the auto-planner and next airing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from catalog.models import ScheduleSlot
from tests.catalog.conftest import World, slot_body

ALMATY = ZoneInfo("Asia/Almaty")


def _future(days: int = 3, hour: int = 10) -> datetime:
    day = datetime.now(ALMATY).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, tzinfo=ALMATY)


def _slot(world: World, channel: dict, module: dict, start: datetime, minutes: int = 30, **kw):  # type: ignore[no-untyped-def]
    return world.client.post(
        "/api/schedule/slots",
        headers={**world.h("engineer"), **kw.pop("headers", {})},
        json=slot_body(channel, module, start, minutes, **kw),
    )


def _plan_body(
    course: dict[str, Any],
    channel: dict[str, Any],
    weekdays: list[int],
    at: str,
    monday: date,
    **extra: Any,
) -> dict[str, Any]:
    """The auto-planner request: `course` on `channel` at `at` on `weekdays` from `monday`;
    `extra` adds further request fields (a rerun rule)."""
    return {
        "course_id": course["id"],
        "channel_id": channel["id"],
        "weekdays": weekdays,
        "at": at,
        "start_date": monday.isoformat(),
        **extra,
    }


def test_slot_is_stored_utc_and_shown_local(world: World) -> None:
    ch, c = world.channel(), world.course(modules=1)
    m = c["modules"][0]
    world.ready(m["lecture"]["id"])
    r = _slot(world, ch, m, _future())
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["start_local"].endswith("T10:00:00+05:00")
    assert datetime.fromisoformat(body["start"]).astimezone(UTC).hour == 5
    assert body["issues"] == []


def test_overlap_with_turnaround_margin_is_refused(world: World) -> None:
    ch, c = world.channel(turnaround_seconds=120), world.course(modules=2)
    for m in c["modules"]:
        world.ready(m["lecture"]["id"])
    start = _future()
    assert _slot(world, ch, c["modules"][0], start).status_code == 201
    touching = start + timedelta(minutes=31)  # 1 min after the first ends, inside the 2 min margin
    r = _slot(world, ch, c["modules"][1], touching)
    assert r.status_code == 422
    assert r.json()["error"]["details"][0]["type"] == "overlap"
    assert _slot(world, ch, c["modules"][1], start + timedelta(minutes=32)).status_code == 201
    other = world.channel(number=2)
    world.ready(c["modules"][1]["lecture"]["id"], "t2-hd")
    assert _slot(world, other, c["modules"][1], touching).status_code == 201


def test_slot_shorter_than_rendition_is_refused(world: World) -> None:
    ch, c = world.channel(), world.course(modules=1)
    m = c["modules"][0]
    world.ready(m["lecture"]["id"], seconds=40 * 60)
    r = _slot(world, ch, m, _future(), minutes=30)
    assert r.status_code == 422
    assert r.json()["error"]["details"][0]["type"] == "slot_too_short"


def test_rendition_of_another_profile_does_not_count(world: World) -> None:
    ch, c = world.channel(profile="c-sd"), world.course(modules=1)
    m = c["modules"][0]
    world.ready(m["lecture"]["id"], profile="t2-hd")
    far = _slot(world, ch, m, _future(days=5))
    assert far.status_code == 201
    assert [i["code"] for i in far.json()["issues"]] == ["rendition_not_ready"]
    soon = datetime.now(UTC) + timedelta(minutes=45)  # after the lock window, before it is ready
    r = _slot(world, ch, m, soon)
    assert r.status_code == 422
    assert r.json()["error"]["details"][0]["type"] == "rendition_not_ready"


def test_lock_window(world: World) -> None:
    ch, c = world.channel(), world.course(modules=1)
    m = c["modules"][0]
    world.ready(m["lecture"]["id"])
    r = _slot(world, ch, m, datetime.now(UTC) + timedelta(minutes=10))
    assert r.status_code == 409
    assert "locked" in r.json()["error"]["message"]


def test_idempotent_creation(world: World) -> None:
    ch, c = world.channel(), world.course(modules=1)
    m = c["modules"][0]
    world.ready(m["lecture"]["id"])
    key = {"Idempotency-Key": "create-slot-42"}
    first = _slot(world, ch, m, _future(), headers=key)
    again = _slot(world, ch, m, _future(), headers=key)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    with world.session() as s:
        assert s.scalar(select(func.count()).select_from(ScheduleSlot)) == 1
    clash = _slot(world, ch, m, _future(days=4), headers=key)
    assert clash.status_code == 409


def test_move_bumps_sequence_and_cancel_keeps_the_row(world: World) -> None:
    ch, c = world.channel(), world.course(modules=1)
    m = c["modules"][0]
    world.ready(m["lecture"]["id"])
    slot = _slot(world, ch, m, _future()).json()
    new = _future(days=4)
    moved = world.ok(
        "PATCH",
        f"/api/schedule/slots/{slot['id']}",
        "engineer",
        json={"start": new.isoformat(), "end": (new + timedelta(minutes=30)).isoformat()},
    )
    assert moved["sequence"] == 1
    cancelled = world.ok("POST", f"/api/schedule/slots/{slot['id']}/cancel", "engineer")
    assert (cancelled["status"], cancelled["sequence"]) == ("cancelled", 2)
    assert world.ok("GET", f"/api/modules/{m['id']}/next-airing", None) is None


def test_auto_planner_mon_wed_fri_with_reruns_and_end_cards(world: World) -> None:
    ch, c = world.channel(), world.course(modules=3)
    for m in c["modules"]:
        world.ready(m["lecture"]["id"], seconds=25 * 60 + 10)
    today = datetime.now(ALMATY).date()
    monday = today + timedelta(days=7 - today.weekday())
    rerun = {"days_after": 1, "at": "18:00"}
    body = _plan_body(c, ch, [0, 2, 4], "10:00", monday, rerun=rerun)
    plan = world.ok("POST", "/api/schedule/plan", "engineer", 201, json=body)
    slots = plan["slots"]
    lectures = [s for s in slots if s["kind"] == "lecture" and not s["is_rerun"]]
    reruns = [s for s in slots if s["kind"] == "lecture" and s["is_rerun"]]
    cards = [s for s in slots if s["kind"] == "end_card"]
    assert [s["start_local"] for s in lectures] == [
        f"{monday + timedelta(days=d)}T10:00:00+05:00" for d in (0, 2, 4)
    ]
    assert [s["start_local"] for s in reruns] == [
        f"{monday + timedelta(days=d)}T18:00:00+05:00" for d in (1, 3, 5)
    ]
    assert [s["module_id"] for s in lectures] == [m["id"] for m in c["modules"]]
    assert len(cards) == 6
    first_card = next(s for s in cards if s["start"] == lectures[0]["end"])
    assert first_card["module_id"] == lectures[0]["module_id"]
    assert lectures[0]["end_local"].endswith("T10:26:00+05:00")  # 25:10 rounded up to minutes
    assert first_card["end_local"].endswith("T10:26:30+05:00")
    nxt = world.ok("GET", f"/api/modules/{c['modules'][0]['id']}/next-airing", None)
    assert nxt["slot_id"] == lectures[0]["id"]


def test_planner_is_all_or_nothing(world: World) -> None:
    ch, c = world.channel(), world.course(modules=2)
    for m in c["modules"]:
        world.ready(m["lecture"]["id"])
    today = datetime.now(ALMATY).date()
    monday = today + timedelta(days=7 - today.weekday())
    blocker = datetime(monday.year, monday.month, monday.day, 10, 0, tzinfo=ALMATY) + timedelta(
        days=2
    )
    assert _slot(world, ch, c["modules"][0], blocker).status_code == 201
    r = world.client.post(
        "/api/schedule/plan",
        headers=world.h("engineer"),
        json=_plan_body(c, ch, [0, 2], "10:00", monday),
    )
    assert r.status_code == 422
    assert r.json()["error"]["details"][0]["loc"] == ["body", "slots", 2]
    with world.session() as s:
        assert s.scalar(select(func.count()).select_from(ScheduleSlot)) == 1


def test_planning_onto_another_channel_starts_missing_encodes_earliest_first(world: World) -> None:
    ch1, ch2 = world.channel(1, "t2-hd"), world.channel(2, "c-sd")
    c = world.course(modules=2)
    with world.session() as s:
        from catalog.models import Lecture

        for lec in s.scalars(select(Lecture)):
            lec.recording_path = f"/media/rec-{lec.id}.mp4"
        s.commit()
    monday = date.today() + timedelta(days=7 - date.today().weekday())
    for ch, hour in ((ch1, "10:00"), (ch2, "09:00")):
        body = _plan_body(c, ch, [1, 3], hour, monday)
        world.ok("POST", "/api/schedule/plan", "engineer", 201, json=body)
    profiles = [(job[0], job[2]) for job in world.queue.jobs]
    lectures = [m["lecture"]["id"] for m in c["modules"]]
    assert profiles == [
        (lectures[0], "t2-hd"),
        (lectures[1], "t2-hd"),
        (lectures[0], "c-sd"),
        (lectures[1], "c-sd"),
    ]
    times = [job[3] for job in world.queue.jobs[2:]]
    assert times == sorted(times)


def test_week_grid_marks_conflicts(world: World) -> None:
    ch, c = world.channel(), world.course(modules=1)
    m = c["modules"][0]
    start = _future(days=8)
    assert _slot(world, ch, m, start).status_code == 201
    monday = start.date() - timedelta(days=start.weekday())
    grid = world.ok("GET", f"/api/schedule/week?channel_id={ch['id']}&start={monday}", None)
    assert len(grid) == 1
    assert grid[0]["issues"][0]["code"] == "rendition_not_ready"
