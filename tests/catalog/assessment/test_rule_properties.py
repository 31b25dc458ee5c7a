"""The admission evaluator against a direct reading of the rule's meaning, on random trees and
random progress (Hypothesis)."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from catalog.models import Module
from catalog.models.enums import Outcome
from catalog.services.admission import REQUIREMENTS, evaluate, validate
from catalog.services.assessment import Window
from catalog.services.progress import ModuleProgress

MODULES = [1, 2, 3, 4]

leaf = st.builds(
    lambda m, r: {"module": m, "require": r},
    st.sampled_from(MODULES),
    st.sampled_from(REQUIREMENTS),
)
rules = st.recursive(
    st.one_of(leaf, st.builds(lambda r: {"every_module": r}, st.sampled_from(REQUIREMENTS))),
    lambda children: st.builds(
        lambda op, items: {op: items},
        st.sampled_from(["all", "any"]),
        st.lists(children, min_size=1, max_size=3),
    ),
    max_leaves=8,
)
flags = st.fixed_dictionaries(
    {
        "passed": st.booleans(),
        "completed": st.booleans(),
        "attended": st.booleans(),
        "waived": st.booleans(),
    }
)


def _progress(module_id: int, f: dict[str, bool]) -> ModuleProgress:
    return ModuleProgress(
        module=Module(id=module_id, position=module_id, syllabus_code=f"M{module_id}"),
        aired=Outcome.FULL,
        code_entered=f["attended"],
        attempts_used=1,
        attempts_allowed=3,
        completed=f["completed"] or f["passed"],
        best_scaled=None,
        passed=f["passed"],
        waived=f["waived"],
        window=Window.OPEN_AIRED,
        in_progress_id=None,
        next_airing=None,
    )


def _meaning(rule: dict[str, Any], by: dict[int, ModuleProgress]) -> bool:
    def met(p: ModuleProgress, requirement: str) -> bool:
        value = {"passed": p.passed, "completed": p.completed, "attended": p.code_entered}
        return p.waived or value[requirement]

    if "every_module" in rule:
        return all(met(p, rule["every_module"]) for p in by.values())
    if "module" in rule:
        return met(by[rule["module"]], rule["require"])
    if "all" in rule:
        return all(_meaning(r, by) for r in rule["all"])
    return any(_meaning(r, by) for r in rule["any"])


@given(rules, st.lists(flags, min_size=4, max_size=4))
def test_evaluate_means_what_the_rule_says(
    rule: dict[str, Any], states: list[dict[str, bool]]
) -> None:
    assert validate(rule, set(MODULES)) == rule
    by = {m: _progress(m, f) for m, f in zip(MODULES, states, strict=True)}
    assert evaluate(rule, by).satisfied is _meaning(rule, by)


@given(rules)
def test_nobody_is_admitted_with_nothing_done(rule: dict[str, Any]) -> None:
    nothing = {"passed": False, "completed": False, "attended": False, "waived": False}
    by = {m: _progress(m, nothing) for m in MODULES}
    assert evaluate(rule, by).satisfied is False
