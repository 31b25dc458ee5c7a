"""Admission to interim attestation: a declarative rule per course, evaluated on the progress
projection, explaining itself; staff waivers with a reason; the list for the registrar.

The rule is a JSON tree (like Moodle's restrict-access tree, with cmi5's moveOn words):

* ``{"every_module": "passed"}``  every module of the course (the default; new modules count);
* ``{"all": [rule, ...]}`` / ``{"any": [rule, ...]}``  AND / OR;
* ``{"module": <id>, "require": "passed" | "completed" | "attended"}``  one module: its test
  passed, its test taken (any graded attempt), or its code entered from TV.

A waiver for a module satisfies every requirement on that module; a waiver without a module
admits the student whatever the rule says. `mastery_score` (0..1), when set, replaces each
test's own pass mark (cmi5 masteryScore).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.errors import NotFound, RuleViolation
from catalog.models import Module, User
from catalog.models.assessment import AdmissionRule, Waiver
from catalog.services import audit, courses, enrolment, footprint
from catalog.services.permissions import ensure_course_editor
from catalog.services.progress import (
    CourseFacts,
    LearnerFacts,
    ModuleProgress,
    course_facts,
    learner_facts,
    progress_of,
)

REQUIREMENTS = ("passed", "completed", "attended")
DEFAULT_RULE: dict[str, Any] = {"every_module": "passed"}
MAX_DEPTH = 8
MAX_NODES = 500


@dataclass(frozen=True, slots=True, kw_only=True)
class Check:
    """One evaluated node: satisfied or not, and for a leaf what is missing."""

    kind: str
    satisfied: bool
    module_id: int | None = None
    requirement: str | None = None
    waived: bool = False
    children: list[Check] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class Decision:
    admitted: bool
    waived: bool
    tree: Check
    missing: list[ModuleProgress]
    unmet: dict[int, str]
    progress: list[ModuleProgress]


# --- the rule ---


def validate(rule: Any, module_ids: set[int]) -> dict[str, Any]:
    """The rule if well-formed for this course, else RuleViolation with the offending path."""
    count = [0]
    _validate(rule, module_ids, ["body", "rule"], 0, count)
    return rule  # type: ignore[no-any-return]


def _bad(loc: list[str | int], msg: str) -> RuleViolation:
    return RuleViolation(
        "the admission rule is malformed", details=[{"loc": loc, "msg": msg, "type": "rule"}]
    )


def _validate(
    node: Any, module_ids: set[int], loc: list[str | int], depth: int, count: list[int]
) -> None:
    count[0] += 1
    if depth > MAX_DEPTH or count[0] > MAX_NODES:
        raise _bad(loc, f"deeper than {MAX_DEPTH} or more than {MAX_NODES} nodes")
    if not isinstance(node, dict) or not node:
        raise _bad(loc, "each node is a JSON object")
    keys = set(node)
    if keys == {"every_module"}:
        if node["every_module"] not in REQUIREMENTS:
            raise _bad([*loc, "every_module"], f"one of {', '.join(REQUIREMENTS)}")
        return
    if keys in ({"all"}, {"any"}):
        (op,) = keys
        items = node[op]
        if not isinstance(items, list) or not items:
            raise _bad([*loc, op], "a non-empty list of rules")
        for i, child in enumerate(items):
            _validate(child, module_ids, [*loc, op, i], depth + 1, count)
        return
    if keys != {"module", "require"}:
        raise _bad(loc, "expected every_module, all, any, or module + require")
    _validate_module(node, module_ids, loc)


def _validate_module(node: dict[str, Any], module_ids: set[int], loc: list[str | int]) -> None:
    if node["require"] not in REQUIREMENTS:
        raise _bad([*loc, "require"], f"one of {', '.join(REQUIREMENTS)}")
    module = node["module"]
    if isinstance(module, bool) or not isinstance(module, int) or module not in module_ids:
        raise _bad([*loc, "module"], "a module id of this course")


def rule_of(session: Session, course_id: int) -> tuple[dict[str, Any], float | None]:
    row = session.scalar(select(AdmissionRule).where(AdmissionRule.course_id == course_id))
    if row is None:
        return DEFAULT_RULE, None
    return json.loads(row.rule), row.mastery_score


def set_rule(
    session: Session, actor: User, course_id: int, rule: Any, mastery: float | None
) -> AdmissionRule:
    course = courses.get_course(session, course_id)
    ensure_course_editor(actor, course)
    ids = {m.id for m in courses.list_modules(session, course_id)}
    validate(rule, ids)
    row = session.scalar(select(AdmissionRule).where(AdmissionRule.course_id == course_id))
    if row is None:
        row = AdmissionRule(course_id=course_id, rule="{}")
        session.add(row)
    row.rule, row.mastery_score, row.updated_by = json.dumps(rule), mastery, actor.id
    session.flush()
    audit.record(session, actor, "update", "admission_rule", course_id, rule=rule, mastery=mastery)
    return row


# --- evaluation ---


def _leaf(p: ModuleProgress, requirement: str) -> Check:
    met = {"passed": p.passed, "completed": p.completed, "attended": p.code_entered}[requirement]
    return Check(
        kind="module",
        satisfied=met or p.waived,
        module_id=p.module.id,
        requirement=requirement,
        waived=p.waived and not met,
    )


def evaluate(rule: dict[str, Any], by_module: dict[int, ModuleProgress]) -> Check:
    if "every_module" in rule:
        children = [_leaf(p, rule["every_module"]) for p in by_module.values()]
        return Check(kind="all", satisfied=all(c.satisfied for c in children), children=children)
    if "module" in rule:
        p = by_module.get(rule["module"])
        if p is None:  # the module was deleted since the rule was written: nothing to require
            return Check(kind="module", satisfied=True, module_id=rule["module"])
        return _leaf(p, rule["require"])
    op = "all" if "all" in rule else "any"
    children = [evaluate(child, by_module) for child in rule[op]]
    test = all if op == "all" else any
    return Check(kind=op, satisfied=test(c.satisfied for c in children), children=children)


def _unsatisfied(check: Check) -> dict[int, str]:
    """Module id -> the requirement not met, for every unsatisfied leaf under `check`."""
    if check.satisfied:
        return {}
    if check.kind == "module":
        return {check.module_id: check.requirement or ""} if check.module_id is not None else {}
    found: dict[int, str] = {}
    for child in check.children:
        for module_id, requirement in _unsatisfied(child).items():
            found.setdefault(module_id, requirement)
    return found


def decide(session: Session, course_id: int, user_id: int, now: datetime) -> Decision:
    """The student's admission with what is still missing (in syllabus order)."""
    rule, _ = rule_of(session, course_id)
    facts = course_facts(session, course_id, now)
    learner = learner_facts(session, facts, course_id, [user_id])[user_id]
    return decide_with(rule, facts, learner)


def decide_with(rule: dict[str, Any], facts: CourseFacts, learner: LearnerFacts) -> Decision:
    """`decide` on facts already read (the list for a whole course reads them once)."""
    progress = progress_of(facts, learner)
    tree = evaluate(rule, {p.module.id: p for p in progress})
    whole = any(w.module_id is None for w in learner.waivers)
    unmet = {} if whole else _unsatisfied(tree)
    return Decision(
        admitted=tree.satisfied or whole,
        waived=whole and not tree.satisfied,
        tree=tree,
        missing=[p for p in progress if p.module.id in unmet],
        unmet=unmet,
        progress=progress,
    )


# --- waivers ---


def waive(
    session: Session,
    actor: User,
    course_id: int,
    user_id: int,
    module_id: int | None,
    reason: str,
    base_url: str,
    now: datetime,
) -> Waiver:
    """Exempt a student (from one module, or entirely) with a mandatory reason; audited and
    written to the footprint as `waived`."""
    course = courses.get_course(session, course_id)
    ensure_course_editor(actor, course)
    if not reason.strip():
        raise RuleViolation(
            "a waiver needs a reason",
            details=[{"loc": ["body", "reason"], "msg": "required", "type": "missing"}],
        )
    student = session.get(User, user_id)
    if student is None or not enrolment.is_enrolled(session, user_id, course_id):
        raise NotFound(f"student {user_id} is not enrolled in course {course_id}")
    module = _module_of(session, course_id, module_id)
    row = Waiver(
        course_id=course_id,
        user_id=user_id,
        module_id=module_id,
        reason=reason.strip(),
        granted_by=actor.id,
        granted_at=now,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        "waive",
        "admission",
        course_id,
        user_id=user_id,
        module_id=module_id,
        reason=row.reason,
    )
    footprint.record(
        session,
        base_url,
        footprint.Event(
            key=f"waiver:{row.id}",
            verb="waived",
            user=student,
            module=module,
            timestamp=now,
            platform="web",
            result={"extensions": {f"{base_url.rstrip('/')}/xapi/extensions/reason": row.reason}},
            extensions={"scope": "module" if module_id else "course"},
            assessment=module_id is not None,
        ),
    )
    return row


def course_waivers(session: Session, course_id: int) -> list[Waiver]:
    return list(
        session.scalars(select(Waiver).where(Waiver.course_id == course_id).order_by(Waiver.id))
    )


def _module_of(session: Session, course_id: int, module_id: int | None) -> Module:
    """The waived module, or for a whole-course waiver the course's first module (the statement
    needs an activity; its grouping names the course)."""
    if module_id is not None:
        module = courses.get_module(session, module_id)
        if module.course_id != course_id:
            raise NotFound(f"module {module_id} is not in course {course_id}")
        return module
    modules = courses.list_modules(session, course_id)
    if not modules:
        raise RuleViolation("the course has no modules to waive")
    return modules[0]


# --- the registrar's list ---


@dataclass(frozen=True, slots=True, kw_only=True)
class ListRow:
    student_number: str
    user: User
    decision: Decision


def admission_list(session: Session, actor: User, course_id: int, now: datetime) -> list[ListRow]:
    """Every enrolled student's decision, in student-number order (a fixed number of queries)."""
    ensure_course_editor(actor, courses.get_course(session, course_id))
    rule, _ = rule_of(session, course_id)
    facts = course_facts(session, course_id, now)
    enrolled = enrolment.enrolments(session, course_id)
    learners = learner_facts(session, facts, course_id, [u.id for _, u in enrolled])
    return [
        ListRow(
            student_number=e.student_number,
            user=u,
            decision=decide_with(rule, facts, learners[u.id]),
        )
        for e, u in enrolled
    ]


CSV_COLUMNS = ("student_number", "username", "display_name", "admitted", "waived", "missing")


def to_csv(rows: list[ListRow]) -> str:
    """UTF-8 CSV (with BOM, so spreadsheet programs read Kazakh and Russian right)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        missing = " ".join(f"{p.module.syllabus_code}" for p in r.decision.missing)
        writer.writerow(
            (
                r.student_number,
                r.user.username,
                r.user.display_name,
                "yes" if r.decision.admitted else "no",
                "yes" if r.decision.waived else "no",
                missing,
            )
        )
    return "\ufeff" + out.getvalue()
