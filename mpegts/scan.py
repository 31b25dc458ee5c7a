"""Whole-stream scans at memory speed: PIDs, continuity counters, PCRs (vectorised, NumPy).

The array functions take an ``(N, 188)`` uint8 packet array from `as_packet_array` and answer
for every packet at once (they live in `mpegts._vectorised`). `TSScanner` runs them over a stream
fed in chunks of any size: it keeps a partial packet and the per-PID continuity state between
chunks, so a file or a pipe is scanned without holding it in memory, and reports packet indices
relative to the start of the stream.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mpegts._vectorised import (
    NULL_PID,
    PACKET_SIZES,
    PID_COUNT,
    BoolArray,
    ContinuityState,
    IntArray,
    PacketArray,
    as_packet_array,
    cc_errors,
    continuity_counters,
    detect_packet_size,
    discontinuity,
    find_sync_offset,
    has_adaptation,
    has_payload,
    headers,
    payload_unit_start,
    pcr_indices_and_values,
    pid_counts,
    pids,
    random_access,
    scrambling_control,
    transport_error,
)
from mpegts.packet import PACKET_SIZE, SYNC_BYTE

__all__ = [
    "NULL_PID",
    "PACKET_SIZES",
    "PID_COUNT",
    "BoolArray",
    "ContinuityState",
    "IntArray",
    "PacketArray",
    "ScanSummary",
    "TSScanner",
    "as_packet_array",
    "cc_errors",
    "continuity_counters",
    "detect_packet_size",
    "discontinuity",
    "find_sync_offset",
    "has_adaptation",
    "has_payload",
    "headers",
    "payload_unit_start",
    "pcr_indices_and_values",
    "pid_counts",
    "pids",
    "random_access",
    "scrambling_control",
    "transport_error",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class ScanSummary:
    """What one scan found. Indices count packets from the start of the stream."""

    packets: int
    pid_counts: IntArray
    cc_error_indices: IntArray
    pcr_indices: IntArray
    pcr_pids: IntArray
    pcr_values: IntArray
    sync_errors: int
    transport_errors: int

    def pcrs_of(self, pid: int) -> tuple[IntArray, IntArray]:
        """(packet indices, 27 MHz values) of the PCRs on `pid`."""
        mask = self.pcr_pids == pid
        return self.pcr_indices[mask], self.pcr_values[mask]

    @property
    def present_pids(self) -> IntArray:
        """PIDs with at least one packet, ascending."""
        return np.flatnonzero(self.pid_counts).astype(np.int64)


class TSScanner:
    """Scans a stream of aligned 188-byte packets fed in chunks of any length."""

    def __init__(self) -> None:
        self._carry = b""
        self._packets = 0
        self._counts = np.zeros(PID_COUNT, dtype=np.int64)
        self._state = ContinuityState()
        self._cc: list[IntArray] = []
        self._pcr: list[tuple[IntArray, IntArray, IntArray]] = []
        self._sync_errors = 0
        self._transport_errors = 0

    def feed(self, chunk: bytes | bytearray | memoryview) -> None:
        """Scan the whole packets in `chunk` (with any partial packet left from the last one)."""
        data = self._carry + bytes(chunk) if self._carry else chunk
        whole = len(data) - len(data) % PACKET_SIZE
        self._carry = bytes(memoryview(data)[whole:])
        arr = as_packet_array(memoryview(data)[:whole], check_sync=False)
        if len(arr):
            self._scan(arr)

    def _scan(self, arr: PacketArray) -> None:
        synced = arr[:, 0] == SYNC_BYTE
        if not synced.all():
            self._sync_errors += int((~synced).sum())
            arr = arr[synced]
            offset = np.flatnonzero(synced).astype(np.int64) + self._packets
        else:
            offset = None
        base = self._packets
        self._packets += len(synced)
        head = headers(arr)
        pid = pids(head)
        self._counts += np.bincount(pid, minlength=PID_COUNT)
        self._transport_errors += int(transport_error(head).sum())
        errors = cc_errors(head, self._state)
        indices, values = pcr_indices_and_values(arr)
        pcr_pids = pid[indices].astype(np.int64)
        if offset is None:
            self._cc.append(errors + base)
            self._pcr.append((indices + base, pcr_pids, values))
        else:
            self._cc.append(offset[errors])
            self._pcr.append((offset[indices], pcr_pids, values))

    def result(self) -> ScanSummary:
        """Everything found so far (a trailing partial packet is not counted)."""

        def joined(parts: list[IntArray]) -> IntArray:
            return np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)

        return ScanSummary(
            packets=self._packets,
            pid_counts=self._counts.copy(),
            cc_error_indices=joined(self._cc),
            pcr_indices=joined([p[0] for p in self._pcr]),
            pcr_pids=joined([p[1] for p in self._pcr]),
            pcr_values=joined([p[2] for p in self._pcr]),
            sync_errors=self._sync_errors,
            transport_errors=self._transport_errors,
        )
