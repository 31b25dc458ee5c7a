"""Encode jobs on Huey with SQLite storage: state, failure reasons, cancellation, a consumer."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from encoder.errors import EncoderError, ProfileError
from encoder.jobs import EncodeQueue, JobConfig, JobRecord, make_huey
from mpegts.rendition_index import RenditionIndex


def wait_for(queue: EncodeQueue, job_id: str, states: set[str], timeout: float = 120) -> JobRecord:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        record = queue.status(job_id)
        if record.state in states:
            return record
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} stuck in {queue.status(job_id).state}")


def immediate_queue(root: Path) -> EncodeQueue:
    config = JobConfig(media_root=root, threads=1)
    return EncodeQueue(config, make_huey(config, immediate=True))


def test_immediate_job_lands_in_the_media_store(tmp_path: Path, slides_input: Path) -> None:
    queue = immediate_queue(tmp_path)
    job_id = queue.submit(slides_input, "test-tiny-h264", key="lecture-42")
    record = queue.status(job_id)
    assert record.state == "done"
    assert record.progress == 1.0
    assert record.reason == ""
    expected = tmp_path / "test-tiny-h264" / "lecture-42.test-tiny-h264.ts"
    assert record.ts_path == str(expected)
    assert queue.store.is_ready("lecture-42", "test-tiny-h264")
    index = RenditionIndex.from_json(Path(record.index_path).read_text())
    assert index.verification.passed


def test_state_is_persisted_in_sqlite(tmp_path: Path, slides_input: Path) -> None:
    job_id = immediate_queue(tmp_path).submit(slides_input, "test-tiny-h264")
    assert (tmp_path / "jobs.sqlite").is_file()
    reopened = EncodeQueue(JobConfig(media_root=tmp_path))  # a new process would do the same
    assert reopened.status(job_id).state == "done"


def test_failed_job_keeps_the_reason_and_leaves_no_rendition(tmp_path: Path) -> None:
    upload = tmp_path / "notes.mp4"
    upload.write_text("not a lecture\n" * 30)
    queue = immediate_queue(tmp_path / "store")
    record = queue.status(queue.submit(upload, "test-tiny-h264"))
    assert record.state == "failed"
    assert record.reason.startswith("NotMediaError")
    assert "not a media file" in record.reason
    assert not (tmp_path / "store" / "test-tiny-h264").exists() or not list(
        (tmp_path / "store" / "test-tiny-h264").iterdir()
    )


def test_unknown_profile_is_refused_at_submit(tmp_path: Path, slides_input: Path) -> None:
    with pytest.raises(ProfileError):
        immediate_queue(tmp_path).submit(slides_input, "no-such-profile")
    with pytest.raises(EncoderError, match="no encode job"):
        immediate_queue(tmp_path).status("missing")


def test_record_json_round_trip() -> None:
    record = JobRecord(
        job_id="x",
        source="/a.mp4",
        profile="p",
        key="k",
        state="failed",
        reason="Кате",
        warnings=("w",),
        updated=1.5,
    )
    assert JobRecord.from_json(record.to_json()) == record


@pytest.mark.slow
def test_embedded_consumer_runs_and_cancels(tmp_path: Path, slides_input: Path) -> None:
    queue = EncodeQueue(JobConfig(media_root=tmp_path, threads=1, concurrency=1))
    consumer = queue.start_consumer()
    try:
        first = queue.submit(slides_input, "dvb-s2-hd", key="long")
        second = queue.submit(slides_input, "test-tiny-h264", key="short")
        assert queue.status(second).state == "queued"  # one job at a time
        wait_for(queue, first, {"running"})
        queue.cancel(first)
        cancelled = wait_for(queue, first, {"cancelled", "done", "failed"})
        assert cancelled.state == "cancelled", cancelled.reason
        assert not queue.store.is_ready("long", "dvb-s2-hd")
        assert list((tmp_path / "dvb-s2-hd").iterdir()) == []
        done = wait_for(queue, second, {"done", "failed", "cancelled"})
        assert done.state == "done", done.reason
    finally:
        consumer.stop(graceful=True)


# A worker machine: its own consumer on the shared SQLite queue, in a process of its own.
WORKER = """
import sys, time
from pathlib import Path
from encoder.jobs import EncodeQueue, JobConfig
queue = EncodeQueue(JobConfig(media_root=Path(sys.argv[1]), threads=1, stale_seconds=2.0))
queue.start_consumer()
time.sleep(300)
"""


@pytest.mark.slow
def test_a_killed_worker_leaves_a_failed_job_not_a_running_one(
    tmp_path: Path, slides_input: Path
) -> None:
    queue = EncodeQueue(JobConfig(media_root=tmp_path, threads=1, stale_seconds=2.0))
    worker = subprocess.Popen([sys.executable, "-c", WORKER, str(tmp_path)], start_new_session=True)
    try:
        job = queue.submit(slides_input, "dvb-s2-hd", key="long")
        wait_for(queue, job, {"running"}, timeout=60)
        os.killpg(worker.pid, signal.SIGKILL)  # the worker and its FFmpeg, as systemd would
        worker.wait(10)
        killed_at = time.monotonic()
        record = wait_for(queue, job, {"failed", "done", "cancelled"}, timeout=30)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
    assert record.state == "failed"
    assert "no heartbeat" in record.reason
    assert 1.5 < time.monotonic() - killed_at < 10
    assert EncodeQueue(JobConfig(media_root=tmp_path)).status(job).state == "failed"  # rewritten
    assert not queue.store.is_ready("long", "dvb-s2-hd")


@pytest.mark.slow
def test_a_live_job_keeps_beating_through_every_stage(tmp_path: Path, slides_input: Path) -> None:
    """Progress is written at most once a second and not at all while verifying, so without the
    heartbeat (every 0.2 s here) a 0.8 s ``stale_seconds`` would declare this job dead."""
    queue = EncodeQueue(JobConfig(media_root=tmp_path, threads=1, stale_seconds=0.8))
    consumer = queue.start_consumer()
    seen = []
    try:
        job = queue.submit(slides_input, "dvb-s2-hd", key="lecture")
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            seen.append(queue.status(job).state)
            if seen[-1] in ("done", "failed", "cancelled"):
                break
            time.sleep(0.05)
    finally:
        consumer.stop(graceful=True)
    assert "running" in seen
    assert seen[-1] == "done", queue.status(job).reason
