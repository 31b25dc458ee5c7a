"""The engine in real time: the output clock starts once every producer's read-ahead is full."""

from __future__ import annotations

from pathlib import Path

from playout.outputs.file import FileOutput
from playout.plan.yaml_source import load_plan
from playout.resolver import PlanMediaResolver
from playout.runner import AirConfig, put_on_air
from tests.playout.conftest import START, two_multiplexes_plan


def test_no_multiplex_waits_for_a_block_at_start_up(clips: dict[str, Path], tmp_path: Path) -> None:
    """Two multiplexes build their first blocks (and first EIT schedules) at once. Had the clock
    started after only the first block of each, every sender would find its queue empty at the
    second pull (one starved pull per multiplex, the start-up burst that came out late)."""
    config = AirConfig(
        plan=load_plan(two_multiplexes_plan(clips, tmp_path)),
        resolver=PlanMediaResolver(),
        start=START,
    )
    with FileOutput(tmp_path / "1.ts") as one, FileOutput(tmp_path / "2.ts") as two:
        engine = put_on_air(config, {1: [one], 2: [two]}, realtime=True, seconds=1.5)
    producers = [lane.producer for lane in engine.lanes]
    assert len(producers) == 2
    assert [p.starved for p in producers if p is not None] == [0, 0]
    size = -(-int(1.5 * 500_000) // 1504) * 188
    assert (tmp_path / "1.ts").stat().st_size == size
    assert (tmp_path / "2.ts").stat().st_size == size
