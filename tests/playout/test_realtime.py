"""Real time to UDP on loopback, read by this (second) process; kill -9 and restart."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from playout.asrun import read_records
from tests.playout.avsync import pes_list
from tests.playout.conftest import event, plan_text, service
from tests.playout.media import make_clip
from tests.playout.streamcheck import assert_stream_ok
from tests.playout.tscheck import StreamChecker
from tests.playout.udprecv import Receiver, lateness

ROOT = Path(__file__).parents[2]
MUX_RATE = 600_000


def _playout(
    plan: Path, port: int, as_run: Path, seconds: float | None = None
) -> subprocess.Popen[bytes]:
    argv = [
        sys.executable,
        "-c",
        "from playout.cli import app; app()",
        "run",
        "--plan",
        str(plan),
        "--udp",
        f"127.0.0.1:{port}",
        "--as-run",
        str(as_run),
        "--quiet",
    ]
    if seconds is not None:
        argv += ["--seconds", str(seconds)]
    return subprocess.Popen(argv, cwd=ROOT, stderr=subprocess.PIPE)


def _plan_now(
    clips: dict[str, Path], tmp_path: Path, lecture: Path, *, first_in: float
) -> tuple[Path, datetime]:
    now = datetime.now(UTC).replace(microsecond=0)
    start = now + timedelta(seconds=first_in)
    events = [
        event(1, start, [("lecture", lecture), ("end_card", clips["card"])]),
        event(2, start + timedelta(seconds=60), [("lecture", clips["b"])]),
    ]
    path = tmp_path / "plan.yaml"
    path.write_text(plan_text([service(1, events, filler=clips["filler"])], mux_rate=MUX_RATE))
    return path, start


def _check_realtime(clips: dict[str, Path], tmp_path: Path, seconds: float) -> dict[str, float]:
    plan, _ = _plan_now(clips, tmp_path, clips["c"], first_in=3)
    receiver = Receiver()
    playout = _playout(plan, receiver.port, tmp_path / "asrun.jsonl", seconds)
    _, errors = playout.communicate(timeout=seconds + 60)
    capture = receiver.stop()
    assert playout.returncode == 0, errors.decode()
    received = sum(len(d) for d in capture.data)
    assert received == -(-int(seconds * MUX_RATE) // 1504) * 188  # nothing lost on loopback
    assert all(len(d) == 1316 for d in capture.data[:-1])
    span = capture.arrivals[-1] - capture.arrivals[0]
    rate = (received - len(capture.data[-1])) * 8 / span
    late = lateness(capture, MUX_RATE)
    windows: dict[int, float] = {}
    for arrival, delay in zip(capture.arrivals, late, strict=True):
        second = int(arrival - capture.arrivals[0])
        windows[second] = max(windows.get(second, 0.0), delay)
    checker = StreamChecker(MUX_RATE, table_pids=(0x00, 0x10, 0x11, 0x12, 0x14, 0x100))
    checker.feed(b"".join(capture.data))
    assert_stream_ok(checker)
    ordered = sorted(late)
    return {
        "rate": rate,
        "worst_late": max(late),
        "worst_window": max(windows.values()),
        "p95_late": ordered[int(len(ordered) * 0.95)],
        "median_window": sorted(windows.values())[len(windows) // 2],
    }


def test_ten_seconds_to_udp_hold_the_mux_rate(clips: dict[str, Path], tmp_path: Path) -> None:
    result = _check_realtime(clips, tmp_path, 10)
    assert abs(result["rate"] / MUX_RATE - 1) < 0.01, result
    # shared, noisy 2-core box: bounded here, the strict 50 ms goal is measured in bench/
    assert result["p95_late"] < 0.100, result
    assert result["worst_late"] < 1.0, result


@pytest.mark.slow
def test_two_minutes_to_udp_hold_the_mux_rate(clips: dict[str, Path], tmp_path: Path) -> None:
    result = _check_realtime(clips, tmp_path, 120)
    print(
        f"\nreal time 120 s: rate {result['rate']:.0f} bit/s (mux {MUX_RATE}), "
        f"worst lateness {result['worst_late'] * 1000:.1f} ms, worst 1-s window "
        f"{result['worst_window'] * 1000:.1f} ms, "
        f"95th percentile {result['p95_late'] * 1000:.1f} ms, "
        f"median 1-s window {result['median_window'] * 1000:.1f} ms"
    )
    assert abs(result["rate"] / MUX_RATE - 1) < 0.005, result
    assert result["median_window"] < 0.050, result  # the typical second is on time
    assert result["p95_late"] < 0.100, result
    assert result["worst_late"] < 1.0, result  # the worst moment on a noisy shared box


def test_kill_9_mid_item_resumes_at_the_right_point(clips: dict[str, Path], tmp_path: Path) -> None:
    long_clip = make_clip(tmp_path / "long.ts", 30, hue=200, tone=500)
    plan, start = _plan_now(clips, tmp_path, long_clip, first_in=2)
    as_run = tmp_path / "asrun.jsonl"
    receiver = Receiver()
    first = _playout(plan, receiver.port, as_run)
    time.sleep(max(0.0, (start - datetime.now(UTC)).total_seconds()) + 8)
    first.send_signal(signal.SIGKILL)
    first.wait()
    killed_at = time.time()
    restarted_utc = datetime.now(UTC)
    second = _playout(plan, receiver.port, as_run)
    time.sleep(5)
    second.send_signal(signal.SIGTERM)
    second.wait(timeout=30)
    capture = receiver.stop()
    resumed = next(i for i, t in enumerate(capture.arrivals) if t > killed_at)
    assert capture.arrivals[resumed] - killed_at < 2.0
    # the first picture after the restart is where the lecture should be now (within a GOP + lead)
    stream = tmp_path / "after.ts"
    stream.write_bytes(b"".join(capture.data[resumed:]))
    source = {body: pts for pts, body in pes_list(long_clip, 0x101, complete_file=True)}
    first_source_pts = next(source[body] for _, body in pes_list(stream, 0x101) if body in source)
    into_item = (first_source_pts - 127_920) / 90_000
    expected = (restarted_utc - start).total_seconds()
    assert abs(into_item - expected) < 2.0, (into_item, expected)
    records, _, _ = read_records(as_run)
    items = sorted(
        (r for r in records.values() if r.event_id == 1 and r.item_index == 0),
        key=lambda r: r.actual_start,
    )
    assert len(items) == 2
    interrupted, resumed_record = items
    assert interrupted.outcome == "partial"
    assert "interrupted" in interrupted.reason
    assert interrupted.actual_end is not None
    assert abs((interrupted.actual_end - start).total_seconds() - 8) < 2.5
    assert resumed_record.outcome == "partial"
    assert "joined mid-item" in resumed_record.reason
    assert abs((resumed_record.actual_start - restarted_utc).total_seconds()) < 3
    lines = [json.loads(line) for line in as_run.read_text().splitlines() if line.strip()]
    assert any(
        line["type"] == "final" and line["record_id"] == interrupted.record_id for line in lines
    )
    assert os.path.getsize(as_run) > 0
