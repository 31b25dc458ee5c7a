"""The runner: evidence on failure, cancellation, lowered priority."""

from __future__ import annotations

import os
import threading
import time

import pytest

from encoder.errors import CancelledError, FFmpegError
from encoder.runner import Runner, ffmpeg_exe


def test_failure_carries_argv_and_stderr_tail() -> None:
    argv = [ffmpeg_exe(), "-hide_banner", "-i", "/nonexistent/lecture.mp4", "-f", "null", "-"]
    with pytest.raises(FFmpegError) as caught:
        Runner(niceness=0).run(argv)
    error = caught.value
    assert error.argv == tuple(argv)
    assert error.returncode != 0
    assert "No such file" in error.stderr_tail
    assert "No such file" in str(error)


def test_progress_reports_and_cancellation() -> None:
    cancel = threading.Event()
    reports = []
    argv = [
        ffmpeg_exe(),
        "-hide_banner",
        "-nostats",
        "-progress",
        "pipe:1",
        "-re",
        "-f",
        "lavfi",
        "-i",
        "testsrc2=s=64x64:r=25",
        "-f",
        "null",
        "-",
    ]

    def on_progress(report: object) -> None:
        reports.append(report)
        cancel.set()

    started = time.monotonic()
    with pytest.raises(CancelledError):
        Runner(niceness=0, cancel=cancel).run(argv, expected_seconds=60, on_progress=on_progress)
    assert reports
    assert time.monotonic() - started < 20


def test_cancel_before_start() -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(CancelledError):
        Runner(cancel=cancel).run([ffmpeg_exe(), "-version"])


def test_child_is_niced() -> None:
    """The encode runs below the playout: its nice value is ours plus the niceness."""
    runner = Runner(niceness=7)
    result = runner.run(["/bin/sh", "-c", "sleep 0.3; cat /proc/self/stat >&2"])
    fields = result.stderr.rsplit(")", 1)[1].split()
    assert int(fields[16]) == os.getpriority(os.PRIO_PROCESS, 0) + 7
