"""The one place that starts FFmpeg processes.

A run is niced below the playout (default +10), reports ``-progress`` blocks to a callback, keeps
the tail of stderr as evidence, and can be cancelled from another thread: the process is
terminated (then killed) and :class:`~encoder.errors.CancelledError` raised. A failed run raises
:class:`~encoder.errors.FFmpegError` with argv and the stderr tail.
"""

from __future__ import annotations

import collections
import logging
import os
import subprocess
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import imageio_ffmpeg

from encoder.errors import CancelledError, FFmpegError
from encoder.progress import Progress, parse_progress

__all__ = ["RunResult", "Runner", "ffmpeg_exe"]

logger = logging.getLogger(__name__)
STDERR_TAIL_LINES = 400


def ffmpeg_exe() -> str:
    """Our encoding FFmpeg: the static binary shipped in the imageio-ffmpeg wheel."""
    return str(imageio_ffmpeg.get_ffmpeg_exe())


@dataclass(frozen=True, slots=True, kw_only=True)
class RunResult:
    argv: tuple[str, ...]
    stderr: str


class Runner:
    """Runs argv lists. ``niceness`` is added to the child's nice value (0 disables)."""

    def __init__(self, *, niceness: int = 10, cancel: threading.Event | None = None) -> None:
        self.niceness = niceness
        self.cancel = cancel or threading.Event()

    def run(
        self,
        argv: Sequence[str],
        *,
        expected_seconds: float = 0.0,
        on_progress: Callable[[Progress], None] | None = None,
    ) -> RunResult:
        """Run to completion; progress comes from stdout when argv has ``-progress pipe:1``."""
        if self.cancel.is_set():
            raise CancelledError("cancelled before start")
        logger.debug("ffmpeg: %s", " ".join(argv))
        proc = subprocess.Popen(
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            errors="replace",
        )
        self._lower_priority(proc.pid)
        tail: collections.deque[str] = collections.deque(maxlen=STDERR_TAIL_LINES)
        reader = threading.Thread(target=self._drain, args=(proc, tail), daemon=True)
        reader.start()
        watcher = threading.Thread(target=self._watch_cancel, args=(proc,), daemon=True)
        watcher.start()
        assert proc.stdout is not None
        for report in parse_progress(proc.stdout, expected_seconds):
            if on_progress is not None:
                on_progress(report)
        proc.stdout.read()
        returncode = proc.wait()
        reader.join()
        stderr = "".join(tail)
        if self.cancel.is_set():
            raise CancelledError("the FFmpeg run was cancelled")
        if returncode != 0:
            raise FFmpegError("ffmpeg failed", argv=argv, stderr_tail=stderr, returncode=returncode)
        return RunResult(argv=tuple(argv), stderr=stderr)

    def _lower_priority(self, pid: int) -> None:
        if not self.niceness:
            return
        try:
            os.setpriority(os.PRIO_PROCESS, pid, os.getpriority(os.PRIO_PROCESS, 0) + self.niceness)
        except OSError as exc:  # the process may already have exited
            logger.debug("could not renice %d: %s", pid, exc)

    @staticmethod
    def _drain(proc: subprocess.Popen[str], tail: collections.deque[str]) -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            tail.append(line)

    def _watch_cancel(self, proc: subprocess.Popen[str]) -> None:
        while proc.poll() is None:
            if self.cancel.wait(0.2):
                proc.terminate()
                try:
                    proc.wait(5)
                except subprocess.TimeoutExpired:
                    proc.kill()
                return
