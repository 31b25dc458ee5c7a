"""Admission rule variants (default, AND/OR, completed, attended, mastery score), malformed
rules refused with the path, and waivers (reason required, audited, in the footprint)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from catalog.models import AuditEntry
from catalog.models.assessment import Statement
from catalog.services.admission import evaluate
from catalog.services.progress import ModuleProgress
from tests.catalog.assessment.conftest import Loop
from tests.catalog.conftest import World

DEEP: dict[str, Any] = {"every_module": "passed"}
for _ in range(10):
    DEEP = {"all": [DEEP]}

SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def _rule(loop: Loop, rule: dict[str, Any], mastery: float | None = None, status: int = 200) -> Any:
    return loop.call(
        "PUT",
        f"/api/courses/{loop.course['id']}/admission-rule",
        "staff",
        status,
        json={"rule": rule, "mastery_score": mastery},
    )


@SQLITE
def test_or_rule_admits_on_either_module(loop: Loop) -> None:
    loop.enrol("asel")
    m1, m2 = (m["id"] for m in loop.modules)
    loop.bank(0, availability="on_demand")
    loop.bank(1, availability="on_demand")
    _rule(loop, {"any": [{"module": m1, "require": "passed"}, {"module": m2, "require": "passed"}]})
    assert loop.admission("asel")["admitted"] is False
    loop.take(1, "asel")
    status = loop.admission("asel")
    assert status["admitted"] is True
    assert status["checks"]["kind"] == "any"
    assert [c["satisfied"] for c in status["checks"]["children"]] == [False, True]


@SQLITE
def test_completed_and_attended_requirements(loop: Loop, world: World) -> None:
    loop.enrol("timur")
    m1, m2 = (m["id"] for m in loop.modules)
    loop.bank(0, availability="on_demand")
    _rule(
        loop,
        {"all": [{"module": m1, "require": "completed"}, {"module": m2, "require": "attended"}]},
    )
    loop.take(0, "timur", right=False)  # failed, but taken: "completed" is met
    status = loop.admission("timur")
    assert status["admitted"] is False
    assert status["missing"] == [
        "Module 2 (M2): code from the TV not entered; 0 of 3 attempts used; "
        "test not open (not_aired)"
    ]
    loop.air(1)
    from tests.catalog.assessment.conftest import page_login

    page_login(world, "timur", "timur-password")
    assert world.client.get(f"/t/{loop.code(1)}").status_code == 200  # the code from the TV
    assert loop.admission("timur")["admitted"] is True


@SQLITE
def test_mastery_score_replaces_the_pass_mark(loop: Loop) -> None:
    loop.enrol("madina", "yerlan")
    loop.bank(0, availability="on_demand", pass_mark=50)
    loop.bank(1, availability="on_demand", pass_mark=50)
    _rule(loop, {"every_module": "passed"}, mastery=1.0)
    attempt = loop.call(
        "POST", f"/api/modules/{loop.modules[0]['id']}/attempts", "madina", 201, json={}
    )
    answers = loop.answers_for(attempt)
    first = next(iter(answers))
    answers[first] = "wrong" if isinstance(answers[first], str) else 99
    loop.call("PUT", f"/api/attempts/{attempt['id']}/answers", "madina", json={"answers": answers})
    graded = loop.call("POST", f"/api/attempts/{attempt['id']}/submit", "madina")
    assert graded["scaled"] == 0.75
    assert graded["passed"] is False  # 75 % would pass the 50 % mark, not the mastery of 1.0


@SQLITE
def test_malformed_rules_are_refused_with_the_path(loop: Loop) -> None:
    m1 = loop.modules[0]["id"]
    for rule, loc in (
        ({"all": []}, ["body", "rule", "all"]),
        ({"any": [{"module": m1, "require": "watched"}]}, ["body", "rule", "any", 0, "require"]),
        ({"all": [{"module": 999999, "require": "passed"}]}, ["body", "rule", "all", 0, "module"]),
        ({"every_module": "passed", "x": 1}, ["body", "rule"]),
        (DEEP, None),
    ):
        body = _rule(loop, rule, status=422)
        if loc is not None:
            assert body["error"]["details"][0]["loc"] == loc, rule
    assert loop.call("GET", f"/api/courses/{loop.course['id']}/admission-rule", "staff")[
        "rule"
    ] == {"every_module": "passed"}


@SQLITE
def test_waivers_need_a_reason_are_audited_and_recorded(loop: Loop, world: World) -> None:
    lines = loop.enrol("saule", "kairat")
    saule, kairat = (line["user_id"] for line in lines)
    m1 = loop.modules[0]["id"]
    loop.bank(1, availability="on_demand")
    url = f"/api/courses/{loop.course['id']}/waivers"
    r = world.client.post(
        url, headers=world.h("staff"), json={"user_id": saule, "module_id": m1, "reason": "   "}
    )
    assert r.status_code == 422
    loop.call(
        "POST",
        url,
        "staff",
        201,
        json={"user_id": saule, "module_id": m1, "reason": "Medical certificate 12/3"},
    )
    loop.take(1, "saule")
    status = loop.admission("saule")
    assert status["admitted"] is True
    assert status["modules"][0]["waived"] is True
    assert status["checks"]["children"][0]["waived"] is True
    # a whole-course waiver admits whatever the rule says
    loop.call(
        "POST", url, "staff", 201, json={"user_id": kairat, "reason": "Transferred with credits"}
    )
    kairat_status = loop.admission("kairat")
    assert (kairat_status["admitted"], kairat_status["waived"]) == (True, True)
    listed = loop.call("GET", url, "staff")
    assert [(w["user_id"], w["module_id"]) for w in listed] == [(saule, m1), (kairat, None)]
    # a student not on the course cannot be waived
    r = world.client.post(
        url, headers=world.h("staff"), json={"user_id": world.user_ids["student"], "reason": "x"}
    )
    assert r.status_code == 404
    with world.session() as s:
        audits = s.scalars(select(AuditEntry).where(AuditEntry.action == "waive")).all()
        assert [json.loads(a.detail)["reason"] for a in audits] == [
            "Medical certificate 12/3",
            "Transferred with credits",
        ]
        waived = s.scalars(select(Statement).where(Statement.verb == "waived")).all()
        assert len(waived) == 2
        body = json.loads(waived[0].body)
        assert body["verb"]["id"] == "https://w3id.org/xapi/adl/verbs/waived"
        assert "Medical certificate 12/3" in json.dumps(body["result"], ensure_ascii=False)
    csv_text = loop.call(
        "GET", f"/api/courses/{loop.course['id']}/admission.csv", "staff"
    ).content.decode("utf-8-sig")
    assert "S-kairat,kairat,Kairat,yes,yes," in csv_text
    assert "S-saule,saule,Saule,yes,no," in csv_text


def test_evaluate_is_a_pure_tree_walk() -> None:
    """Deleted modules named by a rule no longer block anyone."""
    assert evaluate({"module": 5, "require": "passed"}, {}).satisfied is True
    empty: dict[int, ModuleProgress] = {}
    assert evaluate({"every_module": "passed"}, empty).satisfied is True
