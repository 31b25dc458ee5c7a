"""The whole analysis of one stream: bytes in, an `Analysis` out, in one bounded-memory pass.

source chunks -> `Framer` (sync, M2TS) -> `Observer` (vectorised per-packet work, sections on SI
PIDs) -> time base (PCR) -> TR 101 290 checks, SI repetition, bitrate per PID -> service scan
and EPG from the collected SI. Nothing here raises on bad bytes: damage becomes findings.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from receiver_tools.bitrate import Usage, measure_usage
from receiver_tools.checks.tr101290.context import CheckContext
from receiver_tools.checks.tr101290.engine import CheckResult, run_checks
from receiver_tools.checks.tr101290.limits import Limits
from receiver_tools.framing import Framer
from receiver_tools.observations import Observer
from receiver_tools.repetition import TableRepetition, measure_repetition
from receiver_tools.si_view import SIView, build_si_view
from receiver_tools.sources import TSSource
from receiver_tools.timebase import TimeBase

__all__ = ["Analysis", "analyze", "analyze_chunks"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class Analysis:
    """Everything a report shows about one capture."""

    source: str
    packet_size: int | None  # 188, 192 (M2TS) or 204; None when no packet was found
    packets: int
    bytes_read: int
    skipped_bytes: int
    time: TimeBase
    usage: Usage
    tr101290: tuple[CheckResult, ...]
    tables: tuple[TableRepetition, ...]
    si: SIView

    @property
    def priority1_errors(self) -> int:
        return sum(r.errors for r in self.tr101290 if r.spec.priority == 1)


def _time_base(observer: Observer, wall_seconds: float | None, bitrate: float | None) -> TimeBase:
    """PCR of the PID whose first PCR came first; else wall clock; else a given bitrate."""
    firsts = {pid: int(s.indices[0][0]) for pid, s in observer.pcrs.items() if s.indices}
    for pid in sorted(firsts, key=firsts.__getitem__):
        indices, values, _ = observer.pcrs[pid].arrays()
        base = TimeBase.from_pcr(pid, indices, values)
        if base is not None:
            return base
    if wall_seconds and observer.total_packets:
        return TimeBase.from_rate(observer.total_packets / wall_seconds, "wall-clock")
    if bitrate:
        return TimeBase.from_rate(bitrate / (188 * 8), "given bitrate")
    return TimeBase.unknown()


def analyze_chunks(
    chunks: Iterable[bytes],
    *,
    name: str = "-",
    limits: Limits | None = None,
    wall_seconds: Callable[[], float | None] | None = None,
    bitrate: float | None = None,
) -> Analysis:
    """Analyse a stream given as byte chunks (any sizes, any boundaries). `wall_seconds` is
    asked after the last chunk: how long a live capture took (for streams without PCR)."""
    framer = Framer()
    observer = Observer()
    read = 0
    for data in chunks:
        read += len(data)
        observer.feed(framer.feed(data))
    observer.feed(framer.flush())
    time = _time_base(observer, wall_seconds() if wall_seconds else None, bitrate)
    ctx = CheckContext(observer=observer, time=time, limits=limits or Limits())
    return Analysis(
        source=name,
        packet_size=framer.stride,
        packets=observer.total_packets,
        bytes_read=read,
        skipped_bytes=observer.skipped_bytes,
        time=time,
        usage=measure_usage(observer.pid_counts, observer.scrambled_counts, time),
        tr101290=tuple(run_checks(ctx)),
        tables=tuple(measure_repetition(observer.arrivals, time)),
        si=build_si_view(observer.store, observer.programs),
    )


def analyze(
    source: TSSource, *, limits: Limits | None = None, bitrate: float | None = None
) -> Analysis:
    """Analyse a source (file, standard input, UDP)."""
    return analyze_chunks(
        source.chunks(),
        name=source.name,
        limits=limits,
        wall_seconds=lambda: source.wall_seconds,
        bitrate=bitrate,
    )
