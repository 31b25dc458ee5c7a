"""A streaming checker for the playout's output, written for these tests (not playout code).

Fed with byte chunks (a file or a pipe, nothing stored), it measures what TR 101 290 and the
issue ask for: PCR accuracy against the constant mux rate (±500 ns), PCR interval (≤ 40 ms),
continuity errors, the largest interval of each table (by PID and table_id), and the EIT
present event of each service over time. Vectorised per chunk with NumPy.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from mpegts.depacketizer import SectionAssembler
from mpegts.section import Section

PCR_WRAP = (1 << 33) * 300


@dataclass
class StreamReport:
    packets: int = 0
    pcr_count: int = 0
    pcr_worst_ns: float = 0.0
    pcr_max_interval: dict[int, float] = field(default_factory=dict)
    cc_errors: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    table_max_interval: dict[tuple[int, int], float] = field(default_factory=dict)
    table_count: dict[tuple[int, int], int] = field(default_factory=lambda: defaultdict(int))
    present: dict[int, list[tuple[float, int | None]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    pcr_wrapped: bool = False


class StreamChecker:
    def __init__(
        self, mux_rate: int, *, table_pids: tuple[int, ...] = (0x00, 0x10, 0x11, 0x12, 0x14)
    ) -> None:
        self.rate = mux_rate
        self.report = StreamReport()
        self._rest = b""
        self._pcr0: tuple[int, int] | None = None
        self._last_pcr: dict[int, tuple[float, int]] = {}
        self._cc: dict[int, int] = {}
        self._table_pids = set(table_pids)
        self._table_last: dict[tuple[int, int], float] = {}
        self._eit = SectionAssembler(0x12)

    def time(self, n: np.ndarray | int) -> np.ndarray | float:
        return n * 1504 / self.rate

    def feed(self, data: bytes) -> None:
        data = self._rest + data
        whole = len(data) // 188 * 188
        self._rest = data[whole:]
        rows = np.frombuffer(data[:whole], dtype=np.uint8).reshape(-1, 188)
        if rows.shape[0] == 0:
            return
        assert (rows[:, 0] == 0x47).all(), "sync lost"
        n0 = self.report.packets
        self.report.packets += rows.shape[0]
        pid = ((rows[:, 1].astype(np.int64) & 0x1F) << 8) | rows[:, 2]
        self._pcr(rows, pid, n0)
        self._continuity(rows, pid)
        self._tables(rows, pid, n0)
        self._eit_pf(rows, pid, n0)

    def _pcr(self, rows: np.ndarray, pid: np.ndarray, n0: int) -> None:
        has = ((rows[:, 3] & 0x20) != 0) & (rows[:, 4] > 0) & ((rows[:, 5] & 0x10) != 0)
        idx = np.flatnonzero(has)
        if idx.size == 0:
            return
        b = rows[idx, 6:12].astype(np.int64)
        base = (b[:, 0] << 25) | (b[:, 1] << 17) | (b[:, 2] << 9) | (b[:, 3] << 1) | (b[:, 4] >> 7)
        pcr = base * 300 + (((b[:, 4] & 1) << 8) | b[:, 5])
        n = idx + n0
        if self._pcr0 is None:
            self._pcr0 = (int(n[0]), int(pcr[0]))
        first_n, first_pcr = self._pcr0
        expected = first_pcr + ((n - first_n).astype(object) * 1504 * 27_000_000 // self.rate)
        expected = np.array([int(e) % PCR_WRAP for e in expected], dtype=np.int64)
        error = (pcr - expected + PCR_WRAP // 2) % PCR_WRAP - PCR_WRAP // 2
        self.report.pcr_worst_ns = max(
            self.report.pcr_worst_ns, float(np.abs(error).max()) / 27 * 1000
        )
        self.report.pcr_count += idx.size
        if (np.diff(pcr) < 0).any():
            self.report.pcr_wrapped = True
        times = self.time(n)
        for p in np.unique(pid[idx]):
            mine = pid[idx] == p
            t = times[mine]
            prev = self._last_pcr.get(int(p))
            series = np.concatenate(([prev[0]], t)) if prev else t
            if series.size > 1:
                worst = float(np.diff(series).max())
                self.report.pcr_max_interval[int(p)] = max(
                    self.report.pcr_max_interval.get(int(p), 0.0), worst
                )
            self._last_pcr[int(p)] = (float(t[-1]), 0)

    def _continuity(self, rows: np.ndarray, pid: np.ndarray) -> None:
        for p in np.unique(pid):
            if p == 0x1FFF:
                continue
            mine = rows[pid == p]
            cc = (mine[:, 3] & 0x0F).astype(np.int64)
            payload = (mine[:, 3] & 0x10) != 0
            prev = self._cc.get(int(p))
            if prev is not None:
                cc = np.concatenate(([prev], cc))
                payload = np.concatenate(([True], payload))
            step = np.diff(cc) % 16
            bad = np.where(payload[1:], step != 1, step != 0)
            self.report.cc_errors[int(p)] += int(bad.sum())
            self._cc[int(p)] = int(cc[-1])

    def _tables(self, rows: np.ndarray, pid: np.ndarray, n0: int) -> None:
        starts = np.flatnonzero(((rows[:, 1] & 0x40) != 0) & np.isin(pid, list(self._table_pids)))
        for i in starts:
            row = rows[i]
            offset = 4 + (1 + int(row[4]) if row[3] & 0x20 else 0)
            at = offset + 1 + int(row[offset])
            t = float(self.time(n0 + int(i)))
            while at + 3 <= 188 and row[at] != 0xFF:
                key = (int(pid[i]), int(row[at]))
                last = self._table_last.get(key)
                if last is not None and last != t:
                    interval = max(self.report.table_max_interval.get(key, 0.0), t - last)
                    self.report.table_max_interval[key] = interval
                self._table_last[key] = t
                self.report.table_count[key] += 1
                at += 3 + (((int(row[at + 1]) & 0x0F) << 8) | int(row[at + 2]))

    def _eit_pf(self, rows: np.ndarray, pid: np.ndarray, n0: int) -> None:
        for i in np.flatnonzero(pid == 0x12):
            for section in self._eit.feed(bytes(rows[i])):
                if (
                    not isinstance(section, Section)
                    or section.table_id != 0x4E
                    or section.section_number != 0
                ):
                    continue
                payload = section.payload
                event = int.from_bytes(payload[6:8], "big") if len(payload) >= 8 else None
                series = self.report.present[section.table_id_extension]
                t = float(self.time(n0 + int(i)))
                if not series or series[-1][1] != event:
                    series.append((t, event))

    def present_at(self, service_id: int, t: float) -> int | None:
        """The EIT present event_id a receiver would show at ``t`` (seconds into the output)."""
        current = None
        for when, event in self.report.present.get(service_id, []):
            if when > t:
                break
            current = event
        return current
