"""The multiplexer: one constant-rate MPTS (or SPTS) at exactly the configured mux rate.

Output packet ``n`` leaves at system time ``T(n) = stc0 + n * 1504 * 27e6 / mux_rate`` (27 MHz).
Every source (each service's splicer, the SI carousel) hands over packets with due times; each
packet goes into the first free slot at or after its due time, and the slots left over carry null
packets. Done per block with NumPy: sort the pending packets by due slot (stable, so a PID's
packets keep their order), then ``slot_k = k + max(n0, cummax(due_k - k))`` places them all at
once; what does not fit waits for the next block. Every PCR is then written from its slot's
``T(n)``, so at constant rate the PCR has no inaccuracy beyond the integer tick (< 37 ns).
"""

from __future__ import annotations

import heapq
import itertools
import logging
import math
from collections.abc import Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt

from playout.splicer import Feed, Mark
from playout.timebase import PCR_HZ, Timebase
from playout.tsarrays import PACKET_SIZE, Packets, null_block, pcr_flags, write_pcr

__all__ = ["Block", "Multiplexer", "PacketSource"]

logger = logging.getLogger(__name__)

_BITS_PER_PACKET_27M = PACKET_SIZE * 8 * PCR_HZ


class PacketSource(Protocol):
    """Anything that hands the multiplexer packets with due times (a splicer, the SI)."""

    def pull(self, horizon27: int) -> Feed: ...


class Block:
    """One block of output: ``packets`` (``(B, 188)``) starting at output packet ``first``."""

    __slots__ = ("first", "marks", "packets")

    def __init__(self, first: int, packets: Packets, marks: list[Mark]) -> None:
        self.first = first
        self.packets = packets
        self.marks = marks


class Multiplexer:
    """Pulls its sources block by block and returns constant-rate output (see module docstring)."""

    def __init__(
        self, timebase: Timebase, sources: Sequence[PacketSource], *, block_packets: int = 4096
    ) -> None:
        self.timebase = timebase
        self.sources = list(sources)
        self.block_packets = block_packets
        g = math.gcd(_BITS_PER_PACKET_27M, timebase.mux_rate)
        self._p = _BITS_PER_PACKET_27M // g
        self._q = timebase.mux_rate // g
        self._position = 0
        self._carry_rows = np.zeros((0, PACKET_SIZE), dtype=np.uint8)
        self._carry_slots = np.zeros(0, dtype=np.int64)
        self._marks: list[tuple[int, int, Mark]] = []
        self._seq = itertools.count()
        self.max_delay_packets = 0
        self.carried = 0

    @property
    def position(self) -> int:
        """Output packets written so far."""
        return self._position

    def time_of(self, packet: int) -> int:
        """``T(packet)`` exactly (27 MHz, unwrapped)."""
        return self.timebase.stc0 + (packet * self._p) // self._q

    def _times(self, first: int, offsets: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        base, remainder = divmod(first * self._p, self._q)
        return self.timebase.stc0 + base + (remainder + offsets * self._p) // self._q

    def _slots(self, due: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        ticks = (due - self.timebase.stc0).astype(np.float64)
        return np.ceil(ticks * (self._q / self._p)).astype(np.int64)

    def next_block(self) -> Block:
        """Build the next ``block_packets`` output packets."""
        first, size = self._position, self.block_packets
        horizon = self.time_of(first + size)
        rows, slots = self._gather(horizon)
        out = null_block(size)
        if rows.shape[0]:
            order = np.argsort(slots, kind="stable")
            rows, slots = rows[order], slots[order]
            k = np.arange(slots.size, dtype=np.int64)
            placed = k + np.maximum(first, np.maximum.accumulate(slots - k))
            fits = placed < first + size
            out[placed[fits] - first] = rows[fits]
            delay = placed[fits] - slots[fits]
            if delay.size:
                self.max_delay_packets = max(self.max_delay_packets, int(delay.max()))
            self._carry_rows, self._carry_slots = rows[~fits], slots[~fits]
            self.carried = int(self._carry_slots.size)
        with_pcr = np.flatnonzero(pcr_flags(out))
        if with_pcr.size:
            write_pcr(out, with_pcr, self._times(first, with_pcr.astype(np.int64)))
        self._position = first + size
        return Block(first, out, self._fire_marks(horizon))

    def _gather(self, horizon: int) -> tuple[Packets, npt.NDArray[np.int64]]:
        rows = [self._carry_rows]
        slots = [self._carry_slots]
        for source in self.sources:
            feed = source.pull(horizon)
            if feed.rows.shape[0]:
                rows.append(feed.rows)
                slots.append(self._slots(feed.due))
            for mark in feed.marks:
                heapq.heappush(self._marks, (mark.stc27, next(self._seq), mark))
        if len(rows) == 1:
            return rows[0], slots[0]
        return np.concatenate(rows), np.concatenate(slots)

    def _fire_marks(self, horizon: int) -> list[Mark]:
        fired = []
        while self._marks and self._marks[0][0] < horizon:
            fired.append(heapq.heappop(self._marks)[2])
        return fired
