"""The as-run log: a durable record of every item as it actually left the output.

The real-time path only puts events on a queue (`AsRunLog.observe`); a writer thread appends
them as JSON lines and ``fsync``s once per batch (every ``flush_seconds``), then hands finished
records to the `AsRunSink` (the catalogue). Lines are::

    {"type": "start", "record": {...}}          an item (or filler run) began presenting
    {"type": "end", "record_id": ..., "actual_end": ...}   it ended (the last end line wins)
    {"type": "final", "record_id": ...}         handed to the sink
    {"type": "heartbeat", "time": ...}          the output was still running at this time

Nothing is lost on a crash: on restart, `recover` reads the file, completes every record that
started but never ended as ``partial`` (ended at the last heartbeat, "interrupted"), and hands
every record not yet final to the sink. The resumed part of an interrupted item is a record of
its own (the rundown joins it mid-item, outcome ``partial``).
"""

from __future__ import annotations

import json
import logging
import os
import queue
import threading
import time
from dataclasses import asdict, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from playout.ports import AsRunOutcome, AsRunRecord, AsRunSink
from playout.splicer import MarkKind
from playout.station import MarkEvent

__all__ = ["AsRunLog", "read_records"]

logger = logging.getLogger(__name__)

_STOP = object()


def _encode(record: AsRunRecord) -> dict[str, Any]:
    data = asdict(record)
    for key, value in data.items():
        if isinstance(value, datetime):
            data[key] = value.isoformat()
    return data


def _decode(data: dict[str, Any]) -> AsRunRecord:
    fields = dict(data)
    for key in ("planned_start", "planned_end", "actual_start", "actual_end"):
        if fields.get(key) is not None:
            fields[key] = datetime.fromisoformat(fields[key])
    return AsRunRecord(**fields)


def read_records(path: Path) -> tuple[dict[str, AsRunRecord], set[str], datetime | None]:
    """Records by id (with their latest end), the ids already final, and the last heartbeat.

    A torn last line (a crash mid-write) is skipped.
    """
    records: dict[str, AsRunRecord] = {}
    final: set[str] = set()
    heartbeat: datetime | None = None
    if not path.exists():
        return records, final, heartbeat
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            try:
                entry = json.loads(line)
                kind = entry["type"]
                if kind == "start":
                    record = _decode(entry["record"])
                    records.setdefault(record.record_id, record)
                elif kind == "end" and entry["record_id"] in records:
                    rid = entry["record_id"]
                    records[rid] = replace(
                        records[rid],
                        actual_end=datetime.fromisoformat(entry["actual_end"]),
                        outcome=entry.get("outcome", records[rid].outcome),
                        reason=entry.get("reason", records[rid].reason),
                    )
                elif kind == "final":
                    final.add(entry["record_id"])
                elif kind == "heartbeat":
                    heartbeat = datetime.fromisoformat(entry["time"])
            except (ValueError, KeyError, TypeError):
                logger.warning("%s:%d: unreadable as-run line skipped", path, number)
    return records, final, heartbeat


class AsRunLog:
    """JSONL as-run with a writer thread and batched fsync (see the module docstring)."""

    def __init__(
        self, path: Path, *, sink: AsRunSink | None = None, flush_seconds: float = 0.5
    ) -> None:
        self.path = Path(path)
        self.sink = sink
        self.flush_seconds = flush_seconds
        self._queue: queue.Queue[object] = queue.Queue()
        self._open: dict[int, AsRunRecord] = {}  # by service id
        self._file = self.path.open("a", encoding="utf-8")
        self._thread = threading.Thread(target=self._write_loop, name="as-run writer", daemon=True)
        self._thread.start()

    # --- recovery -------------------------------------------------------------------------

    def recover(self) -> list[AsRunRecord]:
        """Complete what a crash left open (as ``partial``) and hand the rest to the sink."""
        records, final, heartbeat = read_records(self.path)
        done = []
        for record in records.values():
            if record.record_id in final:
                continue
            if record.actual_end is None:
                end = (
                    heartbeat
                    if heartbeat and heartbeat > record.actual_start
                    else record.actual_start
                )
                record = replace(
                    record,
                    actual_end=end,
                    outcome="partial" if record.outcome != "filler" else "filler",
                    reason=(record.reason + "; " if record.reason else "")
                    + "interrupted: the playout stopped",
                )
                self._queue.put(
                    {
                        "type": "end",
                        "record_id": record.record_id,
                        "actual_end": end.isoformat(),
                        "outcome": record.outcome,
                        "reason": record.reason,
                    }
                )
            done.append(record)
            self._queue.put(("final", record))
        return done

    # --- the hot path: queue only ---------------------------------------------------------

    def observe(self, event: MarkEvent) -> None:
        """Called for every mark; turns them into start/end lines (queue only, no I/O)."""
        tag = event.mark.tag
        service = event.service_id
        if event.mark.kind is MarkKind.START:
            current = self._open.get(service)
            if current is not None and current.record_id == tag.record_id:
                return
            if current is not None:
                self._queue.put(("final", current))
            record = AsRunRecord(
                record_id=tag.record_id,
                transport_stream_id=event.transport_stream_id,
                service_id=service,
                event_id=tag.event_id,
                item_index=tag.item_index,
                role=tag.role,
                media=tag.media,
                planned_start=tag.planned_start,
                planned_end=tag.planned_end,
                actual_start=event.when,
                actual_end=None,
                outcome=tag.outcome,
                reason=tag.reason,
            )
            self._open[service] = record
            self._queue.put({"type": "start", "record": _encode(record)})
        else:
            current = self._open.get(service)
            if current is None or current.record_id != tag.record_id:
                return
            self._open[service] = replace(current, actual_end=event.when)
            self._queue.put(
                {"type": "end", "record_id": tag.record_id, "actual_end": event.when.isoformat()}
            )

    def heartbeat(self, when: datetime) -> None:
        self._queue.put({"type": "heartbeat", "time": when.isoformat()})

    def close(self, ended_at: datetime | None = None) -> None:
        """Finalise the open records, flush, fsync and stop the writer.

        ``ended_at`` is when the output stopped (a render's end, an operator's stop): an item
        still presenting then is recorded as ``partial``, ended there.
        """
        for record in self._open.values():
            if ended_at is not None and (record.actual_end is None or record.actual_end > ended_at):
                outcome: AsRunOutcome = "filler" if record.outcome == "filler" else "partial"
                reason = (record.reason + "; " if record.reason else "") + "the output stopped"
                record = replace(record, actual_end=ended_at, outcome=outcome, reason=reason)
                self._queue.put(
                    {
                        "type": "end",
                        "record_id": record.record_id,
                        "actual_end": ended_at.isoformat(),
                        "outcome": outcome,
                        "reason": reason,
                    }
                )
            if record.actual_end is not None:
                self._queue.put(("final", record))
        self._open.clear()
        self._queue.put(_STOP)
        self._thread.join()
        self._file.close()

    # --- the writer thread ----------------------------------------------------------------

    def _write_loop(self) -> None:
        running = True
        while running:
            batch = [self._queue.get()]
            deadline = time.monotonic() + self.flush_seconds
            while _STOP not in batch:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                try:
                    batch.append(self._queue.get(timeout=remaining))
                except queue.Empty:
                    break
            running = _STOP not in batch
            self._write_batch([item for item in batch if item is not _STOP])

    def _write_batch(self, batch: list[object]) -> None:
        """Lines first (fsync), then the sink, then the "final" marks of what it accepted."""
        finished = [item[1] for item in batch if isinstance(item, tuple)]
        for item in batch:
            if not isinstance(item, tuple):
                self._file.write(json.dumps(item, ensure_ascii=False) + "\n")
        self._sync()
        if not finished:
            return
        if self.sink is not None:
            try:
                self.sink.record(finished)
            except Exception:  # the sink is outside the playout: keep the lines, retry on restart
                logger.exception("as-run sink refused %d records", len(finished))
                return
        for record in finished:
            self._file.write(json.dumps({"type": "final", "record_id": record.record_id}) + "\n")
        self._sync()

    def _sync(self) -> None:
        self._file.flush()
        os.fsync(self._file.fileno())
