"""The security cases: a student sees only their own results; attempts outside the window or
over the limit are refused; answer keys never reach students (API or page); only a course's
staff author its test; wrong codes are rate-limited."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from tests.catalog.assessment.conftest import Loop, page_login
from tests.catalog.conftest import World

KEY_WORDS = ('"correct"', '"accepted"', '"answer"', '"tolerance"', "Astana", "3.14")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_students_see_only_their_own_attempts_and_progress(loop: Loop, world: World) -> None:
    lines = loop.enrol("aruzhan", "bolat")
    loop.bank(0, availability="on_demand")
    mine = loop.take(0, "aruzhan")
    for method, url in (
        ("GET", f"/api/attempts/{mine['id']}"),
        ("POST", f"/api/attempts/{mine['id']}/submit"),
    ):
        r = world.client.request(method, url, headers=loop.student("bolat"))
        assert r.status_code == 404, r.text  # not 403: ids of others are not confirmed
    r = world.client.put(
        f"/api/attempts/{mine['id']}/answers",
        headers=loop.student("bolat"),
        json={"answers": {}},
    )
    assert r.status_code == 404
    assert loop.admission("bolat")["modules"][0]["attempts_used"] == 0
    footprint = loop.call("GET", "/api/me/footprint", "bolat")["statements"]
    assert footprint == []
    # another course's staff member may not read a student's progress
    url = f"/api/courses/{loop.course['id']}/students/{lines[0]['user_id']}/progress"
    assert world.client.get(url, headers=world.h("staff2")).status_code == 403
    assert loop.call("GET", url, "staff")["modules"][0]["passed"] is True


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_window_limit_and_after_passing(loop: Loop, world: World) -> None:
    loop.enrol("erlan")
    loop.bank(0, max_attempts=2)
    module_id = loop.modules[0]["id"]
    url = f"/api/modules/{module_id}/attempts"
    h = loop.student("erlan")
    assert world.client.post(url, headers=h, json={}).status_code == 409  # not aired
    loop.call("POST", f"/api/modules/{module_id}/test/open", "staff")  # opened by hand
    first = loop.take(0, "erlan", right=False)
    assert first["passed"] is False
    second = loop.take(0, "erlan", right=False)
    assert second["number"] == 2
    r = world.client.post(url, headers=h, json={})
    assert r.status_code == 409
    assert "attempts are used" in r.json()["error"]["message"]
    # a closed test refuses even a saved answer
    loop.call("PATCH", f"/api/modules/{module_id}/test", "staff", json={"max_attempts": 5})
    third = loop.call("POST", url, "erlan", 201, json={})
    past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    loop.call("PATCH", f"/api/modules/{module_id}/test", "staff", json={"closes_at": past})
    r = world.client.put(f"/api/attempts/{third['id']}/answers", headers=h, json={"answers": {}})
    assert r.status_code == 409
    assert r.json()["error"]["message"] == "the test has closed"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_no_second_attempt_after_passing_and_only_enrolled_students(
    loop: Loop, world: World
) -> None:
    loop.enrol("gulnar")
    loop.bank(0, availability="on_demand")
    assert loop.take(0, "gulnar")["passed"] is True
    module_id = loop.modules[0]["id"]
    r = world.client.post(
        f"/api/modules/{module_id}/attempts", headers=loop.student("gulnar"), json={}
    )
    assert r.status_code == 409
    assert "already passed" in r.json()["error"]["message"]
    # the seeded student is not enrolled; staff do not take tests
    for who in ("student", "staff"):
        r = world.client.post(f"/api/modules/{module_id}/attempts", headers=world.h(who), json={})
        assert r.status_code == 403, who


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_answer_keys_never_reach_the_student(loop: Loop, world: World) -> None:
    loop.enrol("nurlan")
    loop.bank(0, availability="on_demand")
    module_id = loop.modules[0]["id"]
    started = world.client.post(
        f"/api/modules/{module_id}/attempts", headers=loop.student("nurlan"), json={}
    )
    assert started.status_code == 201
    attempt = started.json()
    responses = [
        started.text,
        world.client.get(f"/api/attempts/{attempt['id']}", headers=loop.student("nurlan")).text,
        world.client.get("/api/me/progress", headers=loop.student("nurlan")).text,
    ]
    page_login(world, "nurlan", "nurlan-password")
    page = world.client.get(f"/quiz/{attempt['id']}")
    assert page.status_code == 200
    responses.append(page.text)
    for body in responses:
        for word in KEY_WORDS:
            assert word not in body, (word, body[:300])
    # the questions themselves are there
    assert "Capital of Kazakhstan" in page.text
    # the bank with keys is for the course's staff only
    for who, status in (("staff", 200), ("staff2", 403), ("student", 403)):
        r = world.client.get(f"/api/modules/{module_id}/questions", headers=world.h(who))
        assert r.status_code == status, who
    keys = json.dumps(
        world.client.get(f"/api/modules/{module_id}/questions", headers=world.h("staff")).json()
    )
    assert "Astana" in keys


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_another_courses_staff_cannot_author_or_waive(loop: Loop, world: World) -> None:
    module_id = loop.modules[0]["id"]
    for method, url, body in (
        ("POST", f"/api/modules/{module_id}/questions/import", {"format": "gift", "text": "Q {T}"}),
        ("PATCH", f"/api/modules/{module_id}/test", {"pass_mark": 10}),
        ("POST", f"/api/modules/{module_id}/test/open", None),
        (
            "PUT",
            f"/api/courses/{loop.course['id']}/admission-rule",
            {"rule": {"every_module": "completed"}},
        ),
        ("POST", f"/api/courses/{loop.course['id']}/waivers", {"user_id": 1, "reason": "x"}),
    ):
        r = world.client.request(method, url, headers=world.h("staff2"), json=body)
        assert r.status_code == 403, (url, r.text)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_wrong_codes_are_rate_limited(loop: Loop, world: World) -> None:
    good = loop.code(0)
    bad = f"{(int(good) + 1) % 1_000_000:06d}"
    known = {loop.code(0), loop.code(1)}
    wrong = [f"{(int(good) + k) % 1_000_000:06d}" for k in range(1, 40)]
    wrong = [w for w in wrong if w not in known][:10]
    assert bad  # the neighbour of a real code is just another wrong code
    for code in wrong:
        r = world.client.get(f"/t/{code}?lang=en")
        assert r.status_code == 404
        assert "No such code" in r.text
    blocked = world.client.get(f"/t/{good}?lang=en")
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) >= 1
    assert "Too many wrong codes" in blocked.text
