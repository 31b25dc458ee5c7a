"""What every check sees: the observations, the time base and the limits, plus shared helpers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from receiver_tools._eventlog import EventLog
from receiver_tools.checks.finding import CheckSpec, Finding, Severity
from receiver_tools.checks.tr101290.limits import Limits
from receiver_tools.observations import Observer
from receiver_tools.timebase import TimeBase

__all__ = ["CheckContext"]


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckContext:
    observer: Observer
    time: TimeBase
    limits: Limits

    @property
    def total_packets(self) -> int:
        return self.observer.total_packets

    def finding(
        self,
        spec: CheckSpec,
        index: int | None,
        *,
        pid: int | None = None,
        detail: str = "",
        severity: Severity = Severity.ERROR,
        count: int = 1,
    ) -> Finding:
        return Finding(
            priority=spec.priority,
            ref=spec.ref,
            name=spec.name,
            severity=severity,
            packet_index=index,
            time=None,  # filled in by the engine for the findings it keeps
            pid=pid,
            detail=detail,
            count=count,
        )

    def from_log(self, spec: CheckSpec, log: EventLog) -> Iterator[Finding]:
        """One finding per located occurrence, one more standing for the unlocated rest."""
        for item in log.items:
            yield self.finding(spec, item.index, pid=item.pid, detail=item.detail)
        if log.count > len(log.items):
            rest = log.count - len(log.items)
            yield self.finding(spec, None, detail=f"{rest} more, not located", count=rest)

    def gaps(
        self,
        spec: CheckSpec,
        indices: npt.NDArray[np.int64],
        limit: float,
        *,
        pid: int | None,
        what: str,
        since: int = 0,
    ) -> Iterator[Finding]:
        """Errors where consecutive `indices` (plus the watch start and capture end) are more
        than `limit` seconds apart. The capture edges count: a gap that already exceeds the
        limit inside the capture is a real gap whatever happened before or after it.
        """
        points = np.concatenate(([since], indices, [self.total_packets])).astype(np.int64)
        seconds = self.time.seconds(points)
        spans = np.diff(seconds)
        for k in np.flatnonzero(spans > limit):
            end = int(points[k + 1])
            located = end if end < self.total_packets else None
            edge = " (to the end of the capture)" if located is None else ""
            yield self.finding(
                spec,
                located if located is not None else int(points[k]),
                pid=pid,
                detail=f"no {what} for {spans[k] * 1000:.0f} ms{edge}",
            )
