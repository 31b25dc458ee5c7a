"""The whole loop on a real database (SQLite and PostgreSQL): as-run marks a module aired ->
its code -> the test opens -> an attempt -> graded -> progress -> admission granted when the
last module passes."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from catalog.models.assessment import Attempt, Statement
from tests.catalog.assessment.conftest import Loop, page_login
from tests.catalog.conftest import World


def test_as_run_to_admission(loop: Loop, world: World) -> None:
    loop.enrol("aigerim")
    for i in range(2):
        loop.bank(i)
    m1, _m2 = loop.modules
    assert loop.admission("aigerim")["admitted"] is False

    # not aired: the test is closed, and the student is told why
    r = world.client.post(
        f"/api/modules/{m1['id']}/attempts", headers=loop.student("aigerim"), json={}
    )
    assert r.status_code == 409
    assert "not_aired" in r.json()["error"]["message"]

    # a partial airing does not open it
    loop.air(0, fraction=0.5, ago=timedelta(hours=5))
    settings = loop.call("GET", f"/api/modules/{m1['id']}/test", "staff")
    assert settings["window"] == "aired_partially"

    # the make-up airing runs in full: open
    slot = loop.air(0, ago=timedelta(hours=3))
    assert loop.call("GET", f"/api/modules/{m1['id']}/test", "staff")["window"] == "open_aired"

    # the viewer types the code from the TV on a phone, signs in, starts from the page
    page_login(world, "aigerim", "aigerim-password")
    page = world.client.get(f"/t/{loop.code(0)[:3]} {loop.code(0)[3:]}?lang=en")
    assert page.status_code == 200
    assert "Start the test" in page.text
    csrf = page.text.split('name="csrf" value="')[1].split('"')[0]
    started = world.client.post(
        f"/t/{loop.code(0)}/start", data={"csrf": csrf}, follow_redirects=False
    )
    assert started.status_code == 303
    assert started.headers["location"].startswith("/quiz/")
    attempt_id = int(started.headers["location"].rsplit("/", 1)[1])
    with world.session() as s:
        attempt = s.get(Attempt, attempt_id)
        assert attempt is not None
        assert attempt.via_slot_id == slot["id"]
        attended = s.scalars(select(Statement).where(Statement.verb == "attended")).all()
        assert len(attended) == 1
        assert json.loads(attended[0].body)["context"]["platform"] == "TV: Sabaq 1"

    # answer through the API (autosave) and submit: graded on the server
    attempt = loop.call("GET", f"/api/attempts/{attempt_id}", "aigerim")
    loop.call(
        "PUT",
        f"/api/attempts/{attempt_id}/answers",
        "aigerim",
        json={"answers": loop.answers_for(attempt)},
    )
    graded = loop.call("POST", f"/api/attempts/{attempt_id}/submit", "aigerim")
    assert graded["passed"] is True
    assert graded["score"] == graded["max_score"] == 4

    progress = loop.admission("aigerim")
    assert progress["admitted"] is False
    first, second = progress["modules"]
    assert (first["aired"], first["code_entered"], first["passed"]) == ("full", True, True)
    assert (second["aired"], second["passed"]) == ("pending", False)
    assert progress["missing"] == [
        "Module 2 (M2): test not passed; 0 of 3 attempts used; test not open (not_aired)"
    ]

    # the second module airs, its test is passed: admission granted
    loop.air(1, ago=timedelta(hours=1))
    loop.take(1, "aigerim")
    final = loop.admission("aigerim")
    assert final["admitted"] is True
    assert final["missing"] == []

    listing = loop.call("GET", f"/api/courses/{loop.course['id']}/admission.csv", "staff")
    lines = listing.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "student_number,username,display_name,admitted,waived,missing"
    assert lines[1] == "S-aigerim,aigerim,Aigerim,yes,no,"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_progress_page_says_what_is_missing_and_when_it_airs(loop: Loop, world: World) -> None:
    loop.enrol("dias")
    loop.bank(0)
    loop.bank(1)
    loop.air(0)
    loop.take(0, "dias", right=False)
    upcoming = loop.slot(1, loop.air(0, ago=timedelta(hours=1))["start"] + timedelta(days=2))
    page_login(world, "dias", "dias-password")
    page = world.client.get("/me?lang=en")
    assert page.status_code == 200
    assert 'data-admitted="no"' in page.text
    missing = page.text.split('<ul class="missing">')[1].split("</ul>")[0]
    assert "Module 1 (M1): test not passed" in missing
    assert "Module 2 (M2): test not passed" in missing
    assert f'datetime="{upcoming["start"].isoformat()}"' in missing
    assert "1 / 3" in page.text
