"""APScheduler jobs: look-ahead alerts and plan refresh reaching the EIT on the air."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

from apscheduler.schedulers.background import BackgroundScheduler

from playout.lookahead import look_ahead
from playout.plan.yaml_source import YamlPlanSource, load_plan
from playout.resolver import PlanMediaResolver
from playout.scheduler import StationJobs
from playout.station import TransportStreamStation
from tests.playout.conftest import START, event, plan_text, service
from tests.playout.tscheck import StreamChecker


def _copy(clip: Path, folder: Path, name: str) -> Path:
    shutil.copy(clip, folder / f"{name}.ts")
    shutil.copy(clip.with_name(clip.stem + ".index.json"), folder / f"{name}.index.json")
    return folder / f"{name}.ts"


def test_look_ahead_finds_what_would_not_play(clips: dict[str, Path], tmp_path: Path) -> None:
    grown = _copy(clips["a"], tmp_path, "grown")
    with grown.open("ab") as stream:
        stream.write(bytes(188))
    unready = _copy(clips["b"], tmp_path, "unready")
    unready.with_name("unready.index.json").unlink()
    events = [
        event(1, START + timedelta(hours=1), [("lecture", clips["a"]), ("end_card", grown)]),
        event(2, START + timedelta(hours=2), [("lecture", unready)]),
        event(3, START + timedelta(hours=30), [("lecture", tmp_path / "far-future.ts")]),
    ]
    path = tmp_path / "plan.yaml"
    path.write_text(plan_text([service(1, events, filler=None)], mux_rate=600_000))
    problems = look_ahead(load_plan(path), PlanMediaResolver(), now=START)
    found = {(p.event_id, p.item_index): p.reason for p in problems}
    assert set(found) == {(1, 1), (2, 0)}  # the 30-hour event is outside the window
    assert "index records" in found[(1, 1)]
    assert "not ready" in found[(2, 0)]


def test_plan_refresh_reaches_the_eit_on_air(clips: dict[str, Path], tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    events = [event(1, START + timedelta(seconds=1), [("lecture", clips["a"])])]
    path.write_text(plan_text([service(1, events, filler=clips["filler"])], mux_rate=600_000))
    source = YamlPlanSource(path)
    resolver = PlanMediaResolver()
    station = TransportStreamStation(source.load_plan(), 1, start=START, resolver=resolver)
    alerts: list[object] = []
    jobs = StationJobs(
        source,
        resolver,
        [station],
        on_alert=alerts.append,
        clock=lambda: START,
        scheduler=BackgroundScheduler(timezone="UTC"),
    )
    assert {job.id for job in jobs.scheduler.get_jobs()} == {
        "look-ahead",
        "plan-refresh",
        "eit-schedule",
        "as-run-heartbeat",
        "housekeeping",
    }
    assert not jobs.refresh_plan()
    checker = StreamChecker(600_000)
    for _ in range(4):
        checker.feed(station.next_block().packets.tobytes())
    events.append(event(2, START + timedelta(seconds=20), [("lecture", clips["b"])]))
    path.write_text(plan_text([service(1, events, filler=clips["filler"])], mux_rate=600_000))
    assert jobs.refresh_plan()
    while station.mux.position < 30 * 600_000 / 1504:
        checker.feed(station.next_block().packets.tobytes())
    assert checker.present_at(1, 25.0) == 2  # the new event aired and is on the EIT
    assert jobs.look_ahead() == []
    assert alerts == []
