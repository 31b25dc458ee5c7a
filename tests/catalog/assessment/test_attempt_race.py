"""Starting an attempt from two browser tabs at once, for real: two threads send the start
request to the app together, on SQLite and on PostgreSQL, until the two starts have overlapped a
few times (the loser's insert of the same attempt number failing at the unique constraint).

Both tabs must get the same attempt (one 201 Created, one 200 resumed), never a 500, and the
footprint must hold one "attempted" statement per attempt."""

from __future__ import annotations

import json
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import func, select

from catalog.models import User
from catalog.models.assessment import Attempt, AttemptStatus, Statement
from catalog.services import assessment
from tests.catalog.assessment.conftest import Loop
from tests.catalog.conftest import World

TRIALS = 40  # bounded; a trial is two simultaneous starts and a submit
RACES_WANTED = 3  # stop once the starts have overlapped this often
RACE_LOG = "won; resuming its attempt"


def _start_together(world: World, url: str, headers: dict[str, str], pool: Any) -> list[Any]:
    """Two POSTs released by one barrier, as two tabs clicking 'start' together."""
    barrier = threading.Barrier(2)

    def start() -> tuple[int, dict[str, Any]]:
        barrier.wait(timeout=60)
        r = world.client.post(url, headers=headers, json={})
        return r.status_code, r.json()

    futures = [pool.submit(start) for _ in range(2)]
    return [f.result(timeout=120) for f in futures]


def _races(caplog: pytest.LogCaptureFixture) -> int:
    return sum(RACE_LOG in r.getMessage() for r in caplog.records)


def test_two_tabs_starting_at_once_get_the_same_attempt(
    loop: Loop, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="catalog.services.assessment")
    loop.enrol("aruzhan")
    loop.bank(0, availability="on_demand", max_attempts=100)
    module_id = loop.modules[0]["id"]
    url, headers = f"/api/modules/{module_id}/attempts", loop.student("aruzhan")
    trials = 0
    with ThreadPoolExecutor(max_workers=2) as pool:
        while trials < TRIALS and _races(caplog) < RACES_WANTED:
            trials += 1
            (s1, a1), (s2, a2) = _start_together(world, url, headers, pool)
            assert sorted((s1, s2)) == [200, 201], (trials, s1, a1, s2, a2)
            assert a1["id"] == a2["id"]
            assert a1["number"] == a2["number"] == trials
            assert a1["questions"] == a2["questions"]  # the same layout: one attempt
            loop.call("POST", f"/api/attempts/{a1['id']}/submit", "aruzhan")
    assert _races(caplog) >= 1, f"the two starts never overlapped in {trials} trials"

    with world.session() as s:
        user_id = s.scalar(select(User.id).where(User.username == "aruzhan"))
        attempts = s.scalars(select(Attempt).where(Attempt.user_id == user_id)).all()
        assert sorted(a.number for a in attempts) == list(range(1, trials + 1))
        assert {a.status for a in attempts} == {AttemptStatus.SUBMITTED}
        attempted = s.scalars(
            select(Statement).where(Statement.user_id == user_id, Statement.verb == "attempted")
        ).all()
    # one per attempt, none for the tab that resumed
    numbers = [
        json.loads(st.body)["context"]["extensions"]["http://tv.example/xapi/extensions/attempt"]
        for st in attempted
    ]
    assert sorted(numbers) == list(range(1, trials + 1))


def test_a_started_attempt_is_rolled_back_with_its_request(loop: Loop, world: World) -> None:
    """The attempt and its "attempted" statement are one unit of work: on SQLite the savepoint
    must sit inside the request's transaction, or its RELEASE would commit the attempt alone."""
    loop.enrol("bolat")
    loop.bank(0, availability="on_demand")
    with world.session() as s:
        user = s.scalar(select(User).where(User.username == "bolat"))
        assert user is not None
        attempt, created = assessment.start_attempt(
            s, user, loop.modules[0]["id"], "http://tv.example"
        )
        assert created
        assert attempt.id is not None
        s.rollback()
    with world.session() as s:
        assert s.scalar(select(func.count()).select_from(Attempt)) == 0
        assert s.scalar(select(func.count()).where(Statement.verb == "attempted")) == 0
    # and committed, both are there
    with world.session() as s:
        user = s.scalar(select(User).where(User.username == "bolat"))
        assert user is not None
        assessment.start_attempt(s, user, loop.modules[0]["id"], "http://tv.example")
        s.commit()
    with world.session() as s:
        assert s.scalar(select(func.count()).select_from(Attempt)) == 1
        assert s.scalar(select(func.count()).where(Statement.verb == "attempted")) == 1


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_via_slot_must_be_an_airing_of_the_module(loop: Loop, world: World) -> None:
    """A slot id that does not exist (or airs another module) is a 422 naming the field, not a
    foreign-key failure at the insert."""
    loop.enrol("dana")
    loop.bank(0, availability="on_demand")
    other = loop.air(1)
    module_id = loop.modules[0]["id"]
    for slot_id in (999_999, other["id"]):
        r = world.client.post(
            f"/api/modules/{module_id}/attempts",
            headers=loop.student("dana"),
            json={"via_slot_id": slot_id},
        )
        assert r.status_code == 422, r.text
        assert r.json()["error"]["details"][0]["loc"] == ["body", "via_slot_id"]
    own = loop.air(0)
    started = loop.call(
        "POST", f"/api/modules/{module_id}/attempts", "dana", 201, json={"via_slot_id": own["id"]}
    )
    with world.session() as s:
        attempt = s.get(Attempt, started["id"])
        assert attempt is not None
        assert attempt.via_slot_id == own["id"]
