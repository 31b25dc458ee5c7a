"""Rule checks on a whole plan, every problem reported with where it is (file:line).

Checked: events in start order without overlaps; every item resolvable (known rendition, right
channel profile); the items of a slot fit before the next hard start; unique service ids, event
ids, LCNs and PIDs; one audio language per audio PID if any is given; and that each
multiplex's mux rate holds its services plus the SI budget.
Media facts come through a callable so the catalogue (which knows durations and profiles of
lectures) and the YAML plan (which reads rendition indexes) share these rules.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta

from playout.errors import MediaUnavailable, PlanProblem, PlanValidationError
from playout.plan.model import EventPlan, NetworkPlan, ServicePlan, StationPlan, TransportStreamPlan

__all__ = ["MediaFacts", "check_plan", "validate_plan"]

_RESERVED_PIDS = range(0x00, 0x20)


@dataclass(frozen=True, slots=True, kw_only=True)
class MediaFacts:
    """What validation needs to know about an item's media: its length, profile and rate."""

    duration: timedelta
    profile: str
    mux_rate: int | None = None


FactsLookup = Callable[..., MediaFacts]
"""``facts(ref, profile=...) -> MediaFacts``; raises `MediaUnavailable` for unknown media."""


def validate_plan(
    plan: StationPlan, *, facts: FactsLookup | None = None, si_bitrate: int = 0
) -> None:
    """Raise `PlanValidationError` listing every problem, or return if the plan is fine."""
    problems = check_plan(plan, facts=facts, si_bitrate=si_bitrate)
    if problems:
        raise PlanValidationError(problems)


def check_plan(
    plan: StationPlan, *, facts: FactsLookup | None = None, si_bitrate: int = 0
) -> list[PlanProblem]:
    """Every problem of ``plan`` (empty if none)."""
    file = plan.source
    problems: list[PlanProblem] = []
    for network in plan.networks:
        problems += _check_network(network, file)
        for ts in network.transport_streams:
            problems += _check_transport_stream(ts, file)
            for service in ts.services:
                problems += _check_audio_languages(service, file)
                problems += _check_events(service, file, facts)
            if facts is not None:
                problems += _check_mux_rate(ts, file, facts, si_bitrate)
    return problems


def _at(line: int | None, file: str | None, message: str, kind: str = "rule") -> PlanProblem:
    return PlanProblem(message=message, file=file, line=line, kind=kind)


def _duplicates(values: Iterable[int]) -> set[int]:
    seen: set[int] = set()
    return {v for v in values if v in seen or seen.add(v)}  # type: ignore[func-returns-value]


def _check_network(network: NetworkPlan, file: str | None) -> list[PlanProblem]:
    services = [s for ts in network.transport_streams for s in ts.services]
    tsids = [ts.transport_stream_id for ts in network.transport_streams]
    problems = [
        _at(network.line, file, f"network {network.name!r}: transport_stream_id {t} used twice")
        for t in sorted(_duplicates(tsids))
    ]
    for lcn in sorted(_duplicates(s.lcn for s in services)):
        problems.append(_at(network.line, file, f"network {network.name!r}: LCN {lcn} used twice"))
    return problems


def _check_transport_stream(ts: TransportStreamPlan, file: str | None) -> list[PlanProblem]:
    name = f"transport stream {ts.transport_stream_id}"
    problems = [
        _at(ts.line, file, f"{name}: service_id {sid} used twice")
        for sid in sorted(_duplicates(s.service_id for s in ts.services))
    ]
    pids = [p for s in ts.services for p in s.pids.all()]
    for pid in sorted(_duplicates(pids)):
        problems.append(_at(ts.line, file, f"{name}: PID 0x{pid:04X} used by two streams"))
    for service in ts.services:
        for pid in service.pids.all():
            if pid in _RESERVED_PIDS or pid == 0x1FFF:
                problems.append(
                    _at(
                        service.line,
                        file,
                        f"service {service.service_id}: PID 0x{pid:04X} is reserved",
                    )
                )
    return problems


def _check_audio_languages(service: ServicePlan, file: str | None) -> list[PlanProblem]:
    """Languages are given per audio PID, or not at all (then the PMT states none)."""
    given, pids = len(service.audio_languages), len(service.pids.audio)
    if given in (0, pids):
        return []
    return [
        _at(
            service.line,
            file,
            f"service {service.service_id}: {given} audio_languages for {pids} audio PIDs "
            "(give one language per audio PID, in the same order)",
        )
    ]


def _check_events(
    service: ServicePlan, file: str | None, facts: FactsLookup | None
) -> list[PlanProblem]:
    sid = service.service_id
    problems = [
        _at(service.line, file, f"service {sid}: event_id {e} used twice")
        for e in sorted(_duplicates(ev.event_id for ev in service.events))
    ]
    for earlier, later in itertools.pairwise(service.events):
        if later.start <= earlier.start:
            problems.append(
                _at(
                    later.line,
                    file,
                    f"service {sid}: event {later.event_id} starts at "
                    f"{later.start:%Y-%m-%dT%H:%M:%SZ}, not after event {earlier.event_id} "
                    f"({earlier.start:%Y-%m-%dT%H:%M:%SZ}): events overlap",
                )
            )
    if facts is None:
        return problems
    following = [*service.events[1:], None][: len(service.events)]
    for event, next_event in zip(service.events, following, strict=True):
        problems += _check_items(service, event, next_event, file, facts)
    return problems


def _check_items(
    service: ServicePlan,
    event: EventPlan,
    next_event: EventPlan | None,
    file: str | None,
    facts: FactsLookup,
) -> list[PlanProblem]:
    problems = []
    end = event.start
    for item in event.items:
        try:
            found = facts(item.media, profile=service.profile)
        except MediaUnavailable as exc:
            problems.append(_at(item.line, file, f"unknown rendition: {exc.reason}", "media"))
            continue
        if found.profile != service.profile:
            problems.append(
                _at(
                    item.line,
                    file,
                    f"profile mismatch: {item.media.describe()} is "
                    f"{found.profile!r}, service {service.service_id} airs {service.profile!r}",
                )
            )
        end += found.duration
        if next_event is not None and end > next_event.start:
            slot = next_event.start - event.start
            problems.append(
                _at(
                    item.line,
                    file,
                    f"item longer than its slot: event {event.event_id} runs "
                    f"to {end:%H:%M:%S}Z, past the next start {next_event.start:%H:%M:%S}Z "
                    f"(slot {slot})",
                )
            )
    return problems


def _check_mux_rate(
    ts: TransportStreamPlan, file: str | None, facts: FactsLookup, si_bitrate: int
) -> list[PlanProblem]:
    needs = []
    for service in ts.services:
        rates = []
        for event in service.events:
            for item in event.items:
                try:
                    rate = facts(item.media, profile=service.profile).mux_rate
                except MediaUnavailable:
                    continue
                if rate:
                    rates.append(rate)
        needs.append(max(rates, default=0))
    total = sum(needs) + si_bitrate
    if total <= ts.mux_rate:
        return []
    parts = " + ".join(f"{n}" for n in needs)
    return [
        _at(
            ts.line,
            file,
            f"mux rate too small: transport stream {ts.transport_stream_id} needs "
            f"services {parts} + SI {si_bitrate} = {total} bit/s > mux_rate {ts.mux_rate}",
        )
    ]
