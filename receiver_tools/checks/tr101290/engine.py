"""Runs the priority 1 and 2 checks and summarises each: counts by severity, first findings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

from receiver_tools.checks.finding import CheckSpec, Finding, Severity
from receiver_tools.checks.tr101290.context import CheckContext
from receiver_tools.checks.tr101290.priority1 import PRIORITY_1
from receiver_tools.checks.tr101290.priority2 import PRIORITY_2

__all__ = ["CheckResult", "run_checks"]

MAX_LOCATED = 100
Check = Callable[[CheckContext], Iterator[Finding]]


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckResult:
    spec: CheckSpec
    assessed: bool  # False when the check needs time and the stream gives none
    errors: int = 0
    warnings: int = 0
    findings: tuple[Finding, ...] = field(default=())


def _timed(finding: Finding, ctx: CheckContext) -> Finding:
    """The finding with its time: looked up only for the findings a report keeps."""
    if finding.packet_index is None or not ctx.time.known:
        return finding
    return replace(finding, time=ctx.time.at(finding.packet_index))


def _summarise(spec: CheckSpec, ctx: CheckContext, check: Check) -> CheckResult:
    errors = warnings = 0
    kept: list[Finding] = []
    for finding in check(ctx):
        if finding.severity is Severity.ERROR:
            errors += finding.count
        else:
            warnings += finding.count
        if len(kept) < MAX_LOCATED:
            kept.append(_timed(finding, ctx))
    assessed = ctx.time.known or not spec.needs_time
    return CheckResult(
        spec=spec, assessed=assessed, errors=errors, warnings=warnings, findings=tuple(kept)
    )


def run_checks(ctx: CheckContext) -> list[CheckResult]:
    return [_summarise(spec, ctx, check) for spec, check in (*PRIORITY_1, *PRIORITY_2)]
