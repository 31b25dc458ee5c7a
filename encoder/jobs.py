"""Encode jobs on Huey: embedded on SQLite by default, distributed on Redis with the same code.

The queue is Huey's (ARCHITECTURE.md, decision 6: no home-made queue). Job *state* (queued,
running, done, failed or cancelled, with the reason and the progress) lives in Huey's own
key-value storage, so it is shared by every worker that shares the queue: a SQLite file for one
machine, Redis for a farm. Renditions land in a :class:`~encoder.media_store.MediaStore` by path.

Running jobs are niced below the playout and FFmpeg's threads are capped (default: all cores but
one), and the consumer runs one job at a time unless configured otherwise. Cancellation: a queued
job is revoked; a running one sees the cancel flag within half a second, its FFmpeg is terminated
and nothing that looks ready is left (see :mod:`encoder.rendition`).

A worker that dies mid-job (``kill -9``, a crashed encode machine) cannot say so, and Huey has
already taken the task off the queue. So a running job beats a heartbeat into the same storage,
and whoever asks for its status after ``stale_seconds`` without a beat is told it *failed* and
``retryable`` (the record is rewritten, so every reader agrees): the station then encodes again
instead of waiting forever. A worker that was only stalled and finishes after all overwrites
that verdict with the truth. Heartbeats compare wall clocks, so a farm's machines must keep NTP
time.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Literal

from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey
from huey.consumer import Consumer

from encoder.errors import CancelledError, EncoderError
from encoder.media_store import MediaStore
from encoder.profiles import get_profile
from encoder.progress import Progress
from encoder.rendition import EncodeOptions, make_rendition, sweep_partials
from encoder.runner import Runner

__all__ = ["EncodeQueue", "JobConfig", "JobRecord", "default_threads", "make_huey"]

logger = logging.getLogger(__name__)

JobState = Literal["queued", "running", "done", "failed", "cancelled"]
CANCEL_POLL_SECONDS = 0.5
PROGRESS_WRITE_SECONDS = 1.0
HEARTBEAT_SECONDS = 5.0


def default_threads() -> int:
    """Leave one core free for the playout while the station is on the air."""
    return max(1, (os.cpu_count() or 2) - 1)


@dataclass(frozen=True, slots=True, kw_only=True)
class JobConfig:
    """Where jobs keep state and renditions, and how hard they may work."""

    media_root: Path
    queue_url: str = ""  # "" -> SQLite file in media_root; "redis://..." for a farm
    concurrency: int = 1
    threads: int = field(default_factory=default_threads)
    niceness: int = 10
    profile_dirs: tuple[Path, ...] = ()
    stale_seconds: float = 60.0  # a running job without a heartbeat this long has lost its worker

    @property
    def heartbeat_seconds(self) -> float:
        return min(HEARTBEAT_SECONDS, self.stale_seconds / 4)


@dataclass(frozen=True, slots=True, kw_only=True)
class JobRecord:
    """What anyone may ask about a job."""

    job_id: str
    source: str
    profile: str
    key: str
    state: JobState
    reason: str = ""
    progress: float = 0.0
    ts_path: str = ""
    index_path: str = ""
    warnings: tuple[str, ...] = ()
    updated: float = 0.0
    retryable: bool = False
    """True when the job failed for a reason outside the input (its worker was lost): asking
    again may well succeed, unlike a refused upload or a failed verification."""

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> JobRecord:
        data = json.loads(text)
        data["warnings"] = tuple(data.get("warnings", ()))
        return cls(**data)


def make_huey(config: JobConfig, *, immediate: bool = False) -> Huey:
    """SqliteHuey in the media root by default, RedisHuey for ``redis://`` URLs."""
    if config.queue_url.startswith("redis://"):
        return RedisHuey("telesabaq-encoder", url=config.queue_url, immediate=immediate)
    if config.queue_url == "memory://":
        return MemoryHuey("telesabaq-encoder", immediate=immediate)
    config.media_root.mkdir(parents=True, exist_ok=True)
    filename = config.queue_url.removeprefix("sqlite://") or str(config.media_root / "jobs.sqlite")
    return SqliteHuey(
        "telesabaq-encoder", filename=filename, immediate=immediate, immediate_use_memory=False
    )


class EncodeQueue:
    """Submit, watch and cancel encode jobs; start an embedded consumer if this host encodes."""

    def __init__(self, config: JobConfig, huey: Huey | None = None) -> None:
        self.config = config
        self.huey = huey or make_huey(config)
        self.store = MediaStore(config.media_root)
        self._task = self.huey.task(name="telesabaq.encode")(self._run)

    # --- the API ---------------------------------------------------------------------------

    def submit(self, source: Path, profile: str, *, key: str | None = None, title: str = "") -> str:
        """Queue an encode of ``source`` to ``profile``; returns the job id."""
        get_profile(profile, extra_dirs=self.config.profile_dirs)  # refuse unknown names now
        job_id = uuid.uuid4().hex
        record = JobRecord(
            job_id=job_id,
            source=str(source),
            profile=profile,
            key=key or Path(source).stem,
            state="queued",
            updated=time.time(),
        )
        self._save(record)
        self._task(job_id, title)
        return job_id

    def status(self, job_id: str) -> JobRecord:
        """The job's record; a running job whose worker stopped beating is reported failed."""
        raw = self.huey.get(_state_key(job_id), peek=True)
        if raw is None:
            raise EncoderError(f"no encode job {job_id!r}")
        record = JobRecord.from_json(raw)
        if record.state == "running":
            silent = time.time() - self._last_beat(record)
            if silent > self.config.stale_seconds:
                record = replace(
                    record,
                    state="failed",
                    reason=f"the worker stopped: no heartbeat for {silent:.0f} s "
                    "(killed, crashed or cut off from the queue)",
                    updated=time.time(),
                    retryable=True,
                )
                self._save(record)
        return record

    def cancel(self, job_id: str) -> None:
        """Cancel a queued or running job (a finished one is left as it is)."""
        record = self.status(job_id)
        if record.state in ("done", "failed", "cancelled"):
            return
        self.huey.put(_cancel_key(job_id), "1")
        if record.state == "queued":
            self._save(replace(record, state="cancelled", reason="cancelled before it started"))

    def start_consumer(self) -> Consumer:
        """An embedded consumer with ``concurrency`` worker threads; call ``.stop()`` to end it."""
        for profile_dir in self.config.media_root.glob("*"):
            if profile_dir.is_dir():
                sweep_partials(profile_dir)
        consumer = self.huey.create_consumer(workers=self.config.concurrency, periodic=False)
        consumer.start()
        return consumer

    # --- inside a worker -------------------------------------------------------------------

    def _run(self, job_id: str, title: str) -> None:
        record = self.status(job_id)
        if record.state != "queued" or self.huey.get(_cancel_key(job_id), peek=True):
            return
        record = replace(record, state="running", updated=time.time())
        self._save(record)
        cancel = threading.Event()
        watcher = threading.Thread(
            target=self._beat_and_watch_cancel, args=(job_id, cancel), daemon=True
        )
        watcher.start()
        try:
            record = self._encode(record, title, cancel)
        except CancelledError:
            record = replace(record, state="cancelled", reason="cancelled while encoding")
        except EncoderError as exc:
            record = replace(record, state="failed", reason=f"{type(exc).__name__}: {exc}")
        finally:
            cancel.set()
        self._save(replace(record, updated=time.time()))

    def _encode(self, record: JobRecord, title: str, cancel: threading.Event) -> JobRecord:
        profile = get_profile(record.profile, extra_dirs=self.config.profile_dirs)
        reporter = _ProgressWriter(self, record)
        options = EncodeOptions(
            threads=self.config.threads,
            runner=Runner(niceness=self.config.niceness, cancel=cancel),
            on_progress=reporter,
        )
        rendition = make_rendition(
            Path(record.source),
            profile,
            self.store.directory(record.profile),
            title=title or None,
            name=self.store.stem(record.key, record.profile),
            options=options,
        )
        return replace(
            record,
            state="done",
            progress=1.0,
            ts_path=str(rendition.ts_path),
            index_path=str(rendition.index_path),
            warnings=rendition.warnings,
        )

    def _beat_and_watch_cancel(self, job_id: str, cancel: threading.Event) -> None:
        """Polls the cancel flag and beats the heartbeat until the job ends."""
        beat_every = self.config.heartbeat_seconds
        last_beat = -beat_every
        while not cancel.is_set():
            if time.monotonic() - last_beat >= beat_every:
                self.huey.put(_alive_key(job_id), repr(time.time()))
                last_beat = time.monotonic()
            if self.huey.get(_cancel_key(job_id), peek=True):
                cancel.set()
            cancel.wait(min(CANCEL_POLL_SECONDS, beat_every))

    def _last_beat(self, record: JobRecord) -> float:
        beat = self.huey.get(_alive_key(record.job_id), peek=True)
        try:
            return max(record.updated, float(beat)) if beat else record.updated
        except ValueError:
            return record.updated

    def _save(self, record: JobRecord) -> None:
        self.huey.put(_state_key(record.job_id), record.to_json())


class _ProgressWriter:
    """Writes a running job's progress to its record at most once a second."""

    def __init__(self, queue: EncodeQueue, record: JobRecord) -> None:
        self.queue, self.record, self.last = queue, record, 0.0

    def __call__(self, progress: Progress) -> None:
        now = time.monotonic()
        if now - self.last >= PROGRESS_WRITE_SECONDS or progress.done:
            self.last = now
            self.queue._save(replace(self.record, progress=progress.fraction, updated=time.time()))


def _state_key(job_id: str) -> str:
    return f"telesabaq.encode.state.{job_id}"


def _cancel_key(job_id: str) -> str:
    return f"telesabaq.encode.cancel.{job_id}"


def _alive_key(job_id: str) -> str:
    return f"telesabaq.encode.alive.{job_id}"
