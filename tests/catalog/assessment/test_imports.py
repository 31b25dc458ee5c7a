"""CSV imports are all or nothing with a report per line: enrolment from the registrar,
external (LMS gradebook) results, question banks in GIFT / CSV."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from catalog.models import User
from catalog.models.assessment import Enrolment, Question
from tests.catalog.assessment.conftest import Loop
from tests.catalog.conftest import World

pytestmark = pytest.mark.usefixtures("database_url")
SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def _upload(world: World, url: str, data: bytes, who: str = "staff", **form: Any) -> Any:
    return world.client.post(
        url, headers=world.h(who), files={"file": ("list.csv", data, "text/csv")}, data=form
    )


def test_enrolment_with_bad_lines_imports_nothing(loop: Loop, world: World) -> None:
    url = f"/api/courses/{loop.course['id']}/enrolments/import"
    bad = (
        "student_number;username;display_name\n"
        "S-1;ok.student;Ок Студент\n"
        ";no-number;X\n"
        "S-3;Bad Name;X\n"
        "S-4;ok.student;Twice\n"
        "S-5;staff;Staff Account\n"
    ).encode()
    r = _upload(world, url, bad)
    assert r.status_code == 422
    problems = {d["loc"][-1]: d["msg"] for d in r.json()["error"]["details"]}
    assert sorted(problems) == [3, 4, 5, 6]
    assert "student_number is empty" in problems[3]
    assert "must be 2-64" in problems[4]
    assert "also on line 2" in problems[5]
    assert "belongs to a staff account" in problems[6]
    with world.session() as s:
        assert s.scalar(select(func.count()).select_from(Enrolment)) == 0
        assert s.scalar(select(User).where(User.username == "ok.student")) is None
    for data, message in (
        (b"\xff\xfe garbage", "not UTF-8"),
        (b"name,login\nx,y\n", "lacks column"),
        (b"", "empty"),
        ("student_number;username;display_name\nS-1;ok;Ок\x00\n".encode(), "line 2 contains a NUL"),
    ):
        r = _upload(world, url, data)
        assert r.status_code == 422
        assert message in r.json()["error"]["message"]


@SQLITE
def test_enrolment_report_and_reimport(loop: Loop, world: World) -> None:
    url = f"/api/courses/{loop.course['id']}/enrolments/import"
    data = "\ufeffstudent_number,username,display_name\nS-1,ainur,Айнұр Сәбитқызы\n".encode()
    first = _upload(world, url, data).json()["lines"]
    assert first[0]["status"] == "created_and_enrolled"
    password = first[0]["initial_password"]
    assert len(password) >= 12
    token = world.ok(
        "POST", "/api/auth/token", None, json={"username": "ainur", "password": password}
    )
    assert token["user"]["role"] == "student"
    assert token["user"]["display_name"] == "Айнұр Сәбитқызы"
    again = _upload(world, url, data).json()["lines"]
    assert again[0]["status"] == "already_enrolled"
    assert again[0]["initial_password"] is None
    listing = loop.call("GET", f"/api/courses/{loop.course['id']}/enrolments", "staff")
    assert [(e["username"], e["student_number"]) for e in listing] == [("ainur", "S-1")]
    assert len(listing[0]["registration"]) == 36


def _external(loop: Loop) -> int:
    module_id = loop.modules[0]["id"]
    loop.call(
        "PUT",
        f"/api/modules/{module_id}/followup",
        "staff",
        json={"kind": "external", "external_url": "https://moodle.example/mod/quiz/view.php?id=7"},
    )
    return int(module_id)


def test_external_results_import_matches_students(loop: Loop, world: World) -> None:
    loop.enrol("aizhan", "berik", "dana")
    module_id = _external(loop)
    url = f"/api/modules/{module_id}/results/import"
    moodle = (
        b"First name,Surname,ID number,Email address,Quiz: Module 1 (Real),Last downloaded\n"
        b"Aizhan,A,S-aizhan,a@example.org,8.50,1\n"
        b"Berik,B,S-berik,b@example.org,3.00,1\n"
        b"Dana,D,S-dana,d@example.org,-,1\n"
    )
    report = _upload(world, url, moodle, max_score="10").json()["lines"]
    assert [(r["line"], r["status"]) for r in report] == [
        (2, "passed"),
        (3, "failed"),
        (4, "skipped"),
    ]
    assert report[0]["scaled"] == 0.85
    again = _upload(world, url, moodle, max_score="10").json()["lines"]
    assert [r["status"] for r in again] == ["unchanged", "unchanged", "skipped"]
    status = loop.admission("aizhan")
    assert status["modules"][0]["passed"] is True
    assert status["modules"][0]["attempts_used"] == 1
    statements = loop.call("GET", "/api/me/footprint", "aizhan")["statements"]
    assert [s["verb"]["id"].rsplit("/", 1)[1] for s in statements] == ["completed", "passed"]
    assert {s["context"]["platform"] for s in statements} == {"LMS"}


def test_external_results_with_bad_lines_import_nothing(loop: Loop, world: World) -> None:
    loop.enrol("aizhan")
    module_id = _external(loop)
    url = f"/api/modules/{module_id}/results/import"
    bad = b"username,score\naizhan,70\nstranger,50\naizhan,abc\naizhan,150\n"
    r = _upload(world, url, bad)
    assert r.status_code == 422
    details = r.json()["error"]["details"]
    assert [d["loc"][-1] for d in details] == [3, 4, 5]
    assert "no enrolled student with username 'stranger'" in details[0]["msg"]
    assert "not a number within 0..100" in details[1]["msg"]
    assert loop.admission("aizhan")["modules"][0]["attempts_used"] == 0
    # built-in tests take no imports
    r = _upload(world, f"/api/modules/{loop.modules[1]['id']}/results/import", b"username,score\n")
    assert r.status_code == 422


@SQLITE
def test_question_import_gift_error_names_the_line(loop: Loop, world: World) -> None:
    module_id = loop.modules[0]["id"]
    text = "Good {=a ~b}\n\nAlso good {#2}\n\nBad one {=a ~b} trailing words\n"
    r = world.client.post(
        f"/api/modules/{module_id}/questions/import",
        headers=world.h("staff"),
        json={"format": "gift", "text": text},
    )
    assert r.status_code == 422
    assert r.json()["error"]["details"][0]["loc"] == ["body", "text", "line", 5]
    with world.session() as s:
        assert s.scalar(select(func.count()).select_from(Question)) == 0
    csv_text = "kind,prompt,options,answer,points\nmultiple,Pick,a|b|c,1|3,2\ntext,Say,,hello|hi,\n"
    rows = loop.call(
        "POST",
        f"/api/modules/{module_id}/questions/import",
        "staff",
        201,
        json={"format": "csv", "text": csv_text},
    )
    assert [(q["kind"], q["answer"], q["points"]) for q in rows] == [
        ("multiple", {"correct": [0, 2]}, 2),
        ("text", {"accepted": ["hello", "hi"]}, 1),
    ]


@SQLITE
def test_question_authored_by_hand(loop: Loop, world: World) -> None:
    module_id = loop.modules[0]["id"]
    q = loop.call(
        "POST",
        f"/api/modules/{module_id}/questions",
        "staff",
        201,
        json={"kind": "numeric", "prompt": "g, m/s²", "value": 9.81, "tolerance": 0.05},
    )
    assert q["answer"] == {"value": 9.81, "tolerance": 0.05}
    r = world.client.post(
        f"/api/modules/{module_id}/questions",
        headers=world.h("staff"),
        json={"kind": "single", "prompt": "?", "options": ["a", "b"], "correct": [0, 1]},
    )
    assert r.status_code == 422
    assert r.json()["error"]["details"][0]["loc"] == ["body", "single", "correct"]
    loop.call("DELETE", f"/api/questions/{q['id']}", "staff", 204)
    assert loop.call("GET", f"/api/modules/{module_id}/questions", "staff") == []
