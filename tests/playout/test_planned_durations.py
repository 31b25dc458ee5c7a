"""An item's planned length (the schedule's slot) stands in for a rendition that is not ready yet,
so the EPG event keeps its planned end while the lecture is still being encoded."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import yaml

from playout.plan.yaml_source import load_plan
from playout.resolver import PlanMediaResolver
from playout.station import TransportStreamStation
from tests.playout.conftest import START, event, plan_text, service

CARD_SECONDS = 3  # clips["card"] (tests/playout/conftest.py)


def _station(clips: dict[str, Path], tmp_path: Path, planned: int | None) -> TransportStreamStation:
    """One event: a lecture whose rendition does not exist yet, then a ready end-card."""
    first = event(1, START, [("lecture", tmp_path / "encoding.ts"), ("end_card", clips["card"])])
    if planned is not None:
        first["items"][0]["planned_seconds"] = planned
    later = event(2, START + timedelta(minutes=30), [("lecture", clips["a"])])
    document = yaml.safe_load(
        plan_text([service(1, [first, later], filler=clips["filler"])], mux_rate=600_000)
    )
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True))
    plan = load_plan(path)
    return TransportStreamStation(plan, 1, start=START, resolver=PlanMediaResolver())


def _first_event_end(station: TransportStreamStation) -> timedelta:
    rundown = station.rundowns[1]
    return rundown.planned_end(rundown.service.events[0]) - START


def test_a_planned_lecture_keeps_its_slot_in_the_epg(
    clips: dict[str, Path], tmp_path: Path
) -> None:
    end = _first_event_end(_station(clips, tmp_path, planned=120))
    assert abs(end - timedelta(seconds=120 + CARD_SECONDS)) < timedelta(milliseconds=100)


def test_without_a_plan_the_event_shrinks_to_what_is_known(
    clips: dict[str, Path], tmp_path: Path
) -> None:
    """The fallback the planned length replaces: only the card's 3 s are known."""
    end = _first_event_end(_station(clips, tmp_path, planned=None))
    assert abs(end - timedelta(seconds=CARD_SECONDS)) < timedelta(milliseconds=100)


def test_a_ready_rendition_wins_over_the_plan(clips: dict[str, Path], tmp_path: Path) -> None:
    station = _station(clips, tmp_path, planned=120)
    (tmp_path / "encoding.ts").write_bytes(clips["b"].read_bytes())  # the encode finished
    index = clips["b"].with_suffix(".index.json")
    (tmp_path / "encoding.index.json").write_bytes(index.read_bytes())
    end = _first_event_end(station)
    assert abs(end - timedelta(seconds=6 + CARD_SECONDS)) < timedelta(milliseconds=100)
