"""Courses, modules, follow-up codes and lectures through the API, on SQLite and PostgreSQL."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from catalog.models import AuditEntry, Course, Module
from tests.catalog.conftest import World


def test_course_with_modules_in_order(world: World) -> None:
    c = world.course(modules=3)
    assert [m["position"] for m in c["modules"]] == [1, 2, 3]
    assert c["owner_id"] == world.user_ids["staff"]
    codes = [m["followup"]["short_code"] for m in c["modules"]]
    assert all(re.fullmatch(r"\d{6}", code) for code in codes)
    assert len(set(codes)) == 3
    assert c["modules"][0]["followup"]["short_url"] == f"http://tv.example/t/{codes[0]}"
    assert c["modules"][0]["lecture"]["status"] == "awaiting_upload"
    assert c["modules"][0]["title"] == {"kk": "Модуль 1", "ru": "Модуль 1", "en": "Module 1"}


def test_staff_edit_only_their_own_courses(world: World) -> None:
    c = world.course()
    patch = {"level": "master-1"}
    r = world.client.patch(f"/api/courses/{c['id']}", json=patch, headers=world.h("staff2"))
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "forbidden"
    assert world.ok("PATCH", f"/api/courses/{c['id']}", "staff", json=patch)["level"] == "master-1"
    assert (
        world.ok("PATCH", f"/api/courses/{c['id']}", "admin", json={"level": "x"})["level"] == "x"
    )


def test_field_errors_are_422_with_the_field_path(world: World) -> None:
    r = world.client.post(
        "/api/courses",
        headers=world.h("staff"),
        json={
            "code": "A B",
            "title": {"kk": "", "ru": "x", "en": "y"},
            "language": "de",
            "level": "1",
        },
    )
    assert r.status_code == 422
    body = r.json()["error"]
    assert body["code"] == "validation_error"
    locs = {tuple(d["loc"]) for d in body["details"]}
    assert {("body", "code"), ("body", "title", "kk"), ("body", "language")} <= locs


def test_unknown_id_is_404_in_the_one_error_shape(world: World) -> None:
    r = world.client.get("/api/courses/999999")
    assert r.status_code == 404
    assert r.json() == {
        "error": {"code": "not_found", "message": "course 999999 does not exist", "details": []}
    }


def test_no_token_is_401_and_student_is_403(world: World) -> None:
    body = {
        "code": "X-1",
        "title": {"kk": "a", "ru": "b", "en": "c"},
        "language": "ru",
        "level": "1",
    }
    assert world.client.post("/api/courses", json=body).status_code == 401
    assert (
        world.client.post(
            "/api/courses", json=body, headers={"Authorization": "Bearer nope"}
        ).status_code
        == 401
    )
    assert (
        world.client.post("/api/courses", json=body, headers=world.h("student")).status_code == 403
    )


def test_failed_request_leaves_no_partial_rows(world: World) -> None:
    c = world.course(modules=1)
    with world.session() as s:
        before = (
            s.scalar(select(func.count()).select_from(Module)),
            s.scalar(select(func.count()).select_from(AuditEntry)),
        )
    r = world.client.post(
        f"/api/courses/{c['id']}/modules",
        headers=world.h("staff"),
        json={"position": 1, "syllabus_code": "DUP", "title": {"kk": "a", "ru": "b", "en": "c"}},
    )
    assert r.status_code == 409
    with world.session() as s:
        after = (
            s.scalar(select(func.count()).select_from(Module)),
            s.scalar(select(func.count()).select_from(AuditEntry)),
        )
    assert after == before


def test_pagination(world: World) -> None:
    for i in range(5):
        world.ok(
            "POST",
            "/api/courses",
            "staff",
            201,
            json={
                "code": f"C-{i}",
                "title": {"kk": "a", "ru": "b", "en": "c"},
                "language": "ru",
                "level": "1",
            },
        )
    page = world.ok("GET", "/api/courses?limit=2&offset=2", None)
    assert page["total"] == 5
    assert [c["code"] for c in page["items"]] == ["C-2", "C-3"]


def test_course_changes_are_audited(world: World) -> None:
    c = world.course(modules=1)
    world.ok("PATCH", f"/api/courses/{c['id']}", "staff", json={"genre": "Science"})
    log = world.ok("GET", "/api/audit", "admin")["items"]
    latest = log[0]
    assert (latest["action"], latest["entity"], latest["entity_id"]) == (
        "update",
        "course",
        c["id"],
    )
    assert latest["user_id"] == world.user_ids["staff"]
    assert "Science" in latest["detail"]
    assert world.client.get("/api/audit", headers=world.h("staff")).status_code == 403


def test_external_followup_needs_url_and_keeps_code(world: World) -> None:
    c = world.course(modules=1)
    m = c["modules"][0]
    r = world.client.put(
        f"/api/modules/{m['id']}/followup", headers=world.h("staff"), json={"kind": "external"}
    )
    assert r.status_code == 422
    assert r.json()["error"]["details"][0]["loc"] == ["body", "external_url"]
    out = world.ok(
        "PUT",
        f"/api/modules/{m['id']}/followup",
        "staff",
        json={"kind": "external", "external_url": "https://moodle.example/mod/quiz/view.php?id=7"},
    )
    assert out["short_code"] == m["followup"]["short_code"]


def test_delete_course_cascades(world: World) -> None:
    c = world.course(modules=2)
    world.ok("DELETE", f"/api/courses/{c['id']}", "staff", 204)
    with world.session() as s:
        assert s.scalar(select(func.count()).select_from(Course)) == 0
        assert s.scalar(select(func.count()).select_from(Module)) == 0
