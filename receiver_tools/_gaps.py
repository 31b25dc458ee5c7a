"""The longest absences of each watched PID (TR 101 290 1.6 PID_error), kept in bounded memory.

Per PID only the `keep` longest gaps (in packets) are remembered; the time base turns them into
seconds at the end, when the bitrate is known. A gap runs from the last packet seen (or the
moment the PID became referenced) to the next packet of that PID.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

__all__ = ["Gap", "GapTracker"]


@dataclass(frozen=True, slots=True, order=True)
class Gap:
    packets: int
    start: int  # packet index of the last sighting before the gap
    end: int  # packet index of the next sighting (or the end of the capture)


@dataclass(slots=True)
class GapTracker:
    keep: int = 8
    last_seen: dict[int, int] = field(default_factory=dict)
    gaps: dict[int, list[Gap]] = field(default_factory=dict)

    def watch(self, pid: int, since: int) -> None:
        """Start watching `pid` from packet `since` (when a PMT referenced it)."""
        self.last_seen.setdefault(pid, since)

    def _push(self, pid: int, candidates: list[Gap]) -> None:
        heap = self.gaps.setdefault(pid, [])
        for gap in candidates:
            if len(heap) < self.keep:
                heapq.heappush(heap, gap)
            elif gap > heap[0]:
                heapq.heapreplace(heap, gap)

    def observe(self, pid_of_row: npt.NDArray[np.int64], first_index: int) -> None:
        """Account for one chunk (the PID of each packet, packet 0 has index `first_index`)."""
        if not self.last_seen:
            return
        watched = np.fromiter(self.last_seen, np.int64)
        rows = np.flatnonzero(np.isin(pid_of_row, watched))
        pids = pid_of_row[rows]
        order = np.argsort(pids, kind="stable")
        rows, pids = rows[order] + first_index, pids[order]
        bounds = np.flatnonzero(np.diff(pids)) + 1
        for group in np.split(np.arange(len(rows)), bounds):
            if not len(group):
                continue
            pid = int(pids[group[0]])
            seen = np.concatenate(([self.last_seen[pid]], rows[group]))
            spans = np.diff(seen)
            top = np.argsort(spans)[-self.keep :]
            self._push(pid, [Gap(int(spans[i]), int(seen[i]), int(seen[i + 1])) for i in top])
            self.last_seen[pid] = int(seen[-1])

    def finish(self, total_packets: int) -> dict[int, list[Gap]]:
        """Close every open gap at the end of the capture; longest first."""
        for pid, last in self.last_seen.items():
            self._push(pid, [Gap(total_packets - last, last, total_packets)])
        return {pid: sorted(heap, reverse=True) for pid, heap in self.gaps.items()}
