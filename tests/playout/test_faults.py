"""Faults never stop the air: deleted, truncated and late renditions become filler, logged."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from playout.outputs.file import FileOutput
from playout.plan.yaml_source import load_plan
from playout.ports import AsRunRecord
from playout.resolver import PlanMediaResolver
from playout.runner import AirConfig, put_on_air
from playout.station import MarkEvent
from tests.playout.conftest import START, event, plan_text, service
from tests.playout.streamcheck import assert_stream_ok, check_file, ffmpeg_errors

MUX_RATE = 700_000


def _copy(clip: Path, folder: Path, name: str) -> Path:
    target = folder / f"{name}.ts"
    shutil.copy(clip, target)
    shutil.copy(clip.with_name(clip.stem + ".index.json"), folder / f"{name}.index.json")
    return target


@pytest.fixture(scope="module")
def faulty(
    clips: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, list[AsRunRecord]]:
    folder = tmp_path_factory.mktemp("faults")
    deleted = _copy(clips["a"], folder, "deleted")
    truncated = _copy(clips["b"], folder, "truncated")
    with truncated.open("r+b") as stream:
        stream.truncate(truncated.stat().st_size // 2 // 188 * 188)
    late = _copy(clips["c"], folder, "late")
    late_index = late.with_name("late.index.json")
    hidden = late_index.with_name("late.index.hidden")
    late_index.rename(hidden)
    events = [
        event(1, START + timedelta(seconds=1), [("lecture", clips["b"])]),
        event(
            2, START + timedelta(seconds=10), [("lecture", deleted), ("end_card", clips["card"])]
        ),
        event(3, START + timedelta(seconds=22), [("lecture", truncated)]),
        event(4, START + timedelta(seconds=32), [("lecture", late)]),
        event(5, START + timedelta(seconds=46), [("lecture", clips["a"])]),
    ]
    plan_path = folder / "plan.yaml"
    plan_path.write_text(plan_text([service(1, events, filler=clips["filler"])], mux_rate=MUX_RATE))
    records: list[AsRunRecord] = []

    class Sink:
        def record(self, batch: list[AsRunRecord]) -> None:
            records.extend(batch)

    def saboteur(mark: MarkEvent) -> None:
        tag = mark.mark.tag
        if tag.event_id == 1 and mark.mark.kind.value == "start":
            deleted.unlink()  # gone before its slot, after the plan was validated
        if (
            (tag.event_id == 4 and tag.kind == "gap")
            or (tag.kind == "filler" and mark.when > START + timedelta(seconds=35))
        ) and hidden.exists():
            hidden.rename(late_index)  # the encoder finishes during the slot

    config = AirConfig(
        plan=load_plan(plan_path),
        resolver=PlanMediaResolver(),
        start=START,
        as_run_path=folder / "asrun.jsonl",
        as_run_sink=Sink(),
        on_mark=(saboteur,),
    )
    out = folder / "out.ts"
    with FileOutput(out) as output:
        put_on_air(config, {1: [output]}, realtime=False, seconds=60)
    return out, records


def _item(records: list[AsRunRecord], event_id: int) -> list[AsRunRecord]:
    return [r for r in records if r.event_id == event_id and r.item_index == 0]


def test_the_output_never_stops_and_stays_clean(faulty: tuple[Path, list[AsRunRecord]]) -> None:
    out, _ = faulty
    checker = check_file(out, MUX_RATE, pmt_pids=(0x100,))
    assert checker.report.packets == -(-60 * MUX_RATE // 1504)
    assert_stream_ok(checker)
    assert ffmpeg_errors(out) == ""


def test_deleted_rendition_is_replaced_by_filler(faulty: tuple[Path, list[AsRunRecord]]) -> None:
    _, records = faulty
    (record,) = _item(records, 2)
    assert record.outcome == "filler"
    assert "missing" in record.reason or "no index" in record.reason


def test_truncated_rendition_is_replaced_by_filler(faulty: tuple[Path, list[AsRunRecord]]) -> None:
    _, records = faulty
    (record,) = _item(records, 3)
    assert record.outcome == "filler"
    assert "truncated" in record.reason


def test_late_rendition_is_filler_then_joined_late(faulty: tuple[Path, list[AsRunRecord]]) -> None:
    _, records = faulty
    first, joined = _item(records, 4)
    assert first.outcome == "filler"
    assert "not ready" in first.reason
    assert joined.outcome == "partial"
    assert "not ready" in joined.reason
    assert joined.actual_start > first.actual_start


def test_the_next_slot_airs_on_time(faulty: tuple[Path, list[AsRunRecord]]) -> None:
    _, records = faulty
    (record,) = _item(records, 5)
    assert record.outcome == "full"
    assert abs((record.actual_start - START - timedelta(seconds=46)).total_seconds()) < 0.1
