"""Long runs, rendered with the fast clock into a pipe and analysed on the fly (nothing stored)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import pytest

from playout.asrun import read_records
from tests.playout.conftest import START, back_to_back, plan_text, service
from tests.playout.streamcheck import (
    assert_present_matches,
    assert_stream_ok,
    ffmpeg_decode_command,
)
from tests.playout.tscheck import StreamChecker

ROOT = Path(__file__).parents[2]


def _render_pipe(
    plan: Path, hours: float, as_run: Path, *, pcr_start: int = 0
) -> subprocess.Popen[bytes]:
    argv = [
        sys.executable,
        "-c",
        "from playout.cli import app; app()",
        "render",
        "--plan",
        str(plan),
        "--start",
        START.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "--hours",
        str(hours),
        "--out",
        "-",
        "--as-run",
        str(as_run),
        "--pcr-start",
        str(pcr_start),
    ]
    return subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE)


def _plan(
    clips: dict[str, Path], tmp_path: Path, services: int, hours: float, mux_rate: int
) -> Path:
    entries = [
        service(
            100 + n,
            back_to_back(
                clips, 1, START + timedelta(seconds=2 + 3 * n), hours + 0.1, gap=2 + 2 * n
            ),
            filler=clips["filler"],
        )
        for n in range(services)
    ]
    path = tmp_path / "plan.yaml"
    path.write_text(plan_text(entries, mux_rate=mux_rate))
    return path


@pytest.mark.slow
@pytest.mark.independent
def test_two_hours_three_services_across_the_wrap(clips: dict[str, Path], tmp_path: Path) -> None:
    mux_rate, hours = 1_000_000, 2.0
    plan = _plan(clips, tmp_path, 3, hours, mux_rate)
    as_run = tmp_path / "asrun.jsonl"
    began = time.monotonic()
    render = _render_pipe(plan, hours, as_run, pcr_start=((1 << 33) - 3600 * 90_000) * 300)
    checker = StreamChecker(
        mux_rate, table_pids=(0x00, 0x10, 0x11, 0x12, 0x14, 0x400, 0x500, 0x600)
    )
    with tempfile.TemporaryFile() as errors:
        decoder = subprocess.Popen(
            ffmpeg_decode_command("pipe:0"),
            stdin=subprocess.PIPE,
            stderr=errors,
        )
        assert render.stdout is not None
        assert decoder.stdin is not None
        while chunk := render.stdout.read(1 << 20):
            checker.feed(chunk)
            decoder.stdin.write(chunk)
        decoder.stdin.close()
        assert render.wait() == 0
        assert decoder.wait(timeout=600) == 0
        errors.seek(0)
        complaints = errors.read().decode()
    print(
        f"\n2 h x 3 services: {checker.report.packets * 188 / 1e6:.0f} MB in "
        f"{time.monotonic() - began:.0f} s; PCR worst {checker.report.pcr_worst_ns:.0f} ns, "
        f"interval {max(checker.report.pcr_max_interval.values()) * 1000:.1f} ms"
    )
    assert complaints == ""
    assert checker.report.packets == -(-int(hours * 3600 * mux_rate) // 1504)
    assert checker.report.pcr_wrapped
    assert_stream_ok(checker)
    records = list(read_records(as_run)[0].values())
    assert assert_present_matches(checker, records, START) > 500


@pytest.mark.slow
def test_six_hour_soak_from_a_pipe(clips: dict[str, Path], tmp_path: Path) -> None:
    mux_rate, hours = 800_000, 6.0
    plan = _plan(clips, tmp_path, 2, hours, mux_rate)
    as_run = tmp_path / "asrun.jsonl"
    began = time.monotonic()
    render = _render_pipe(plan, hours, as_run)
    checker = StreamChecker(mux_rate, table_pids=(0x00, 0x10, 0x11, 0x12, 0x14, 0x400, 0x500))
    assert render.stdout is not None
    while chunk := render.stdout.read(1 << 20):
        checker.feed(chunk)
    assert render.wait() == 0
    took = time.monotonic() - began
    print(f"\n6 h soak: {checker.report.packets * 188 / 1e6:.0f} MB in {took:.0f} s")
    assert checker.report.packets == -(-int(hours * 3600 * mux_rate) // 1504)
    assert_stream_ok(checker)
    records = list(read_records(as_run)[0].values())
    assert assert_present_matches(checker, records, START) > 1500
    # EIT p/f follows the plan: every event that started on time switched present within 1 s
    starts = {
        (r.service_id, r.event_id): r.planned_start
        for r in records
        if r.item_index == 0 and r.outcome == "full"
    }
    for (service_id, event_id), planned in starts.items():
        switch = next(t for t, e in checker.report.present[service_id] if e == event_id)
        assert abs(switch - (planned - START).total_seconds()) < 1.0, (service_id, event_id)
