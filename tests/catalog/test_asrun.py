"""As-run: idempotent by record id, occurrences full/partial/none, plan vs as-run, and the
playout-facing service API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from catalog.models import ScheduleSlot
from catalog.models.enums import Outcome, SlotKind
from catalog.services import asrun
from catalog.services.playout_feed import AsRunRecord, planned_items, record_asrun
from tests.catalog.conftest import World


def _past_slot(world: World, hours_ago: float = 2, minutes: int = 30) -> tuple[dict, dict, dict]:
    """A slot planned in the future, then shifted into the past directly in the database (the
    lock window forbids planning the past through the API, rightly)."""
    ch, c = world.channel(), world.course(modules=1)
    m = c["modules"][0]
    world.ready(m["lecture"]["id"])
    slot = world.slot(ch, m, datetime.now(UTC) + timedelta(days=2), minutes)
    past = datetime.now(UTC) - timedelta(hours=hours_ago)
    slot["start"], slot["end"] = past, past + timedelta(minutes=minutes)
    world.move_slot(slot["id"], slot["start"], slot["end"])
    return ch, m, slot


def _record(rid: str, ch: dict, slot: dict, seconds: float, offset: float = 0) -> dict:
    start = slot["start"] + timedelta(seconds=offset)
    return {
        "record_id": rid,
        "channel_id": ch["id"],
        "slot_id": slot["id"],
        "actual_start": start.isoformat(),
        "actual_end": (start + timedelta(seconds=seconds)).isoformat(),
    }


def test_module_counts_as_aired_only_from_asrun(world: World) -> None:
    ch, m, slot = _past_slot(world)
    assert world.ok("GET", f"/api/modules/{m['id']}", None)["aired"] == "pending"
    out = world.ok("POST", "/api/asrun", "engineer", json=[_record("r1", ch, slot, 30 * 60 + 1, 3)])
    assert out[0]["outcome"] == "full"
    assert world.ok("GET", f"/api/modules/{m['id']}", None)["aired"] == "full"


def test_partial_air_is_visible_and_resend_is_not_counted_twice(world: World) -> None:
    ch, m, slot = _past_slot(world)
    first = world.ok("POST", "/api/asrun", "engineer", json=[_record("r1", ch, slot, 600)])
    assert first[0]["outcome"] == "partial"
    again = world.ok("POST", "/api/asrun", "engineer", json=[_record("r1", ch, slot, 600)])
    assert again[0]["duplicate"] is True
    assert again[0]["id"] == first[0]["id"]
    assert world.ok("GET", f"/api/modules/{m['id']}", None)["aired"] == "partial"
    rows = world.ok("GET", f"/api/asrun/plan-vs-asrun?channel_id={ch['id']}", "engineer")
    assert [(r["slot"]["id"], r["outcome"]) for r in rows] == [(slot["id"], "partial")]
    # the rest of the lecture aired after an interruption: two records add up to full
    rest = world.ok("POST", "/api/asrun", "engineer", json=[_record("r2", ch, slot, 1200, 700)])
    assert rest[0]["outcome"] == "full"


def test_missing_asrun_becomes_none_and_is_overdue(world: World) -> None:
    ch, m, _slot = _past_slot(world)
    rows = world.ok("GET", f"/api/asrun/plan-vs-asrun?channel_id={ch['id']}", "engineer")
    assert rows[0]["overdue"] is True
    with world.session() as s:
        assert asrun.close_missed(s, datetime.now(UTC)) == 1
        s.commit()
    assert world.ok("GET", f"/api/modules/{m['id']}", None)["aired"] == "none"


def test_asrun_on_the_wrong_channel_is_refused_whole(world: World) -> None:
    ch, _, slot = _past_slot(world)
    other = world.channel(number=9)
    bad = _record("r9", other, slot, 60)
    r = world.client.post(
        "/api/asrun", headers=world.h("engineer"), json=[_record("r8", ch, slot, 60), bad]
    )
    assert r.status_code == 422
    with world.session() as s:
        assert asrun.count_asrun(s) == 0


def test_playout_service_api(world: World) -> None:
    ch, m, _slot = _past_slot(world, hours_ago=0.2)
    with world.session() as s:
        items = planned_items(
            s,
            [ch["id"]],
            datetime.now(UTC) - timedelta(hours=1),
            datetime.now(UTC) + timedelta(hours=1),
            public_base_url="http://tv.example",
        )
        assert len(items) == 1
        item = items[0]
        assert item.ts_path == f"/media/{m['lecture']['id']}-t2-hd.ts"
        assert item.titles["en"] == "Computing: Module 1"
        assert item.followup_url == f"http://tv.example/t/{m['followup']['short_code']}"
        assert item.module_number == 1
        rec = AsRunRecord(
            record_id="p-1",
            channel_id=ch["id"],
            slot_id=item.slot_id,
            actual_start=item.start,
            actual_end=item.end,
        )
        (result,) = record_asrun(s, [rec])
        assert result.outcome is Outcome.FULL
        (again,) = record_asrun(s, [rec])
        assert again.duplicate
        s.commit()


def test_outcome_rule() -> None:
    planned = timedelta(minutes=30)
    assert asrun.outcome_for(planned, timedelta(minutes=30)) is Outcome.FULL
    assert asrun.outcome_for(planned, timedelta(minutes=29, seconds=59)) is Outcome.FULL
    assert asrun.outcome_for(planned, timedelta(minutes=20)) is Outcome.PARTIAL
    assert asrun.outcome_for(planned, timedelta(0)) is Outcome.NONE


LECTURE_S = 25 * 60 + 17  # not just under a whole minute: the slot is rounded up to 26 min
CARD_S = 30


def _lecture_with_card(world: World) -> tuple[dict, dict, dict]:
    """A 26-minute lecture slot (rendition 25:17) with its 30 s end-card slot right after."""
    ch, m, slot = _past_slot(world, minutes=26)
    world.ready(m["lecture"]["id"], seconds=LECTURE_S)
    with world.session() as s:
        s.add(
            ScheduleSlot(
                channel_id=ch["id"],
                module_id=m["id"],
                kind=SlotKind.END_CARD,
                start=slot["end"],
                end=slot["end"] + timedelta(seconds=CARD_S),
            )
        )
        s.commit()
    return ch, m, slot


def _aired(world: World, ch: dict, slot: dict, rid: str, seconds: float, offset: float = 0) -> str:
    out = world.ok("POST", "/api/asrun", "engineer", json=[_record(rid, ch, slot, seconds, offset)])
    return out[0]["outcome"]  # type: ignore[no-any-return]


def test_lecture_aired_in_full_is_judged_by_its_rendition_not_the_rounded_slot(
    world: World,
) -> None:
    ch, m, slot = _lecture_with_card(world)
    # the station reports the lecture item alone: 25:17 of a 26-minute slot is the whole lecture
    assert _aired(world, ch, slot, "item-0", LECTURE_S) == "full"
    assert world.ok("GET", f"/api/modules/{m['id']}", None)["aired"] == "full"


@pytest.mark.parametrize(
    ("seconds", "offset", "outcome"),
    [
        (LECTURE_S - 10, 10, "partial"),  # the lecture item joined late
        (LECTURE_S - 60, 0, "partial"),  # interrupted
        (LECTURE_S + CARD_S, 0, "full"),  # one record of lecture and end-card
        # joined late by about the end-card's length: as long as the lecture, yet not all of it
        (LECTURE_S, CARD_S, "partial"),
        (LECTURE_S + CARD_S - 20, 20, "partial"),
    ],
)
def test_late_interrupted_or_with_end_card(
    world: World, seconds: float, offset: float, outcome: str
) -> None:
    ch, _, slot = _lecture_with_card(world)
    assert _aired(world, ch, slot, "r", seconds, offset) == outcome


def test_batch_queries_agree_with_the_single_ones(world: World) -> None:
    ch, m, slot = _past_slot(world)
    world.ok("POST", "/api/asrun", "engineer", json=[_record("b1", ch, slot, 600)])
    c = world.course(code="OTHER-1", modules=2)
    ids = [m["id"], *(x["id"] for x in c["modules"])]
    start = datetime.now(UTC) + timedelta(days=4)
    world.ready(c["modules"][0]["lecture"]["id"])
    for days in (2, 1):  # two future airings of one module: the earlier one is next
        world.slot(ch, c["modules"][0], start + timedelta(days=days))
    with world.session() as s:
        from catalog.services import schedule

        outcomes = asrun.module_outcomes(s, ids)
        assert outcomes == {i: asrun.module_outcome(s, i) for i in ids}
        assert outcomes[m["id"]] is Outcome.PARTIAL
        nxt = schedule.next_airings(s, ids)
        single = {i: schedule.next_airing(s, i) for i in ids}
        assert {i: x.id for i, x in nxt.items()} == {i: x.id for i, x in single.items() if x}
        assert set(nxt) == {c["modules"][0]["id"]}
