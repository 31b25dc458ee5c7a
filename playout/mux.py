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
from collections.abc import Callable, Sequence
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
        self,
        timebase: Timebase,
        sources: Sequence[PacketSource],
        *,
        block_packets: int = 4096,
        background: Sequence[PacketSource] = (),
        on_marks: Callable[[list[Mark]], None] | None = None,
    ) -> None:
        """``sources`` are timing-critical (services); ``background`` fills what is left (SI)."""
        self.timebase = timebase
        self.sources = [*sources, *background]
        self.classes = [0] * len(sources) + [1] * len(background)
        self.on_marks = on_marks
        self._nulls = null_block(block_packets)
        self.block_packets = block_packets
        g = math.gcd(_BITS_PER_PACKET_27M, timebase.mux_rate)
        self._p = _BITS_PER_PACKET_27M // g
        self._q = timebase.mux_rate // g
        self._position = 0
        empty = (np.zeros((0, PACKET_SIZE), dtype=np.uint8), np.zeros(0, dtype=np.int64))
        self._carry = [empty, empty]
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
        """Build the next output packets: ``block_packets``, or fewer up to the next mark.

        Two classes: service packets are placed first (each splicer is rate-capped, so they
        only wait for each other briefly); SI packets then take the free slots at or after
        their due time. An EIT schedule burst therefore delays SI, never a PCR.
        """
        first = self._position
        fired = self._fire_due(first)
        size = self._size_to_next_mark(first, self.block_packets)
        rows, slots = self._gather(self.time_of(first + size), 0)
        fired += self._fire_due(first)  # a service may have made a mark that is due already
        size = self._size_to_next_mark(first, size)  # or one inside this block: end there
        horizon = self.time_of(first + size)
        out = self._nulls[:size].copy()
        taken = np.zeros(size, dtype=bool)
        if rows.shape[0]:
            self._carry[0] = self._place(out, taken, first, rows, slots)
        rows, slots = self._gather(horizon, 1)
        if rows.shape[0]:
            self._carry[1] = self._place(out, taken, first, rows, slots)
        with_pcr = np.flatnonzero(pcr_flags(out))
        if with_pcr.size:
            write_pcr(out, with_pcr, self._times(first, with_pcr.astype(np.int64)))
        self._position = first + size
        return Block(first, out, fired)

    def _fire_due(self, first: int) -> list[Mark]:
        """Marks falling at or before output packet ``first``: handed to ``on_marks`` now, before
        the SI for this block is gathered, so an EIT p/f switch leaves with this block."""
        fired = []
        while self._marks and self._mark_slot(self._marks[0][0]) <= first:
            fired.append(heapq.heappop(self._marks)[2])
        if fired and self.on_marks is not None:
            self.on_marks(fired)
        return fired

    def _mark_slot(self, stc27: int) -> int:
        return int(self._slots(np.array([stc27], dtype=np.int64))[0])

    def _size_to_next_mark(self, first: int, size: int) -> int:
        """The block ends where the next mark falls, so what follows from it (an EIT p/f switch)
        takes effect on time."""
        if self._marks:
            mark_slot = self._mark_slot(self._marks[0][0])
            if first < mark_slot < first + size:
                return mark_slot - first
        return size

    def _place(
        self,
        out: Packets,
        taken: npt.NDArray[np.bool_],
        first: int,
        rows: Packets,
        slots: npt.NDArray[np.int64],
    ) -> tuple[Packets, npt.NDArray[np.int64]]:
        """Put ``rows`` in the first free slots at or after their due slots, in due order."""
        if slots.size > 1 and bool((slots[1:] < slots[:-1]).any()):
            order = np.argsort(slots, kind="stable")
            rows, slots = rows[order], slots[order]
        free = np.flatnonzero(~taken) + first
        wanted = np.searchsorted(free, slots, side="left")
        k = np.arange(slots.size, dtype=np.int64)
        position = k + np.maximum(0, np.maximum.accumulate(wanted - k))
        fitting = int(np.searchsorted(position, free.size))  # positions increase strictly
        placed = free[position[:fitting]]
        out[placed - first] = rows[:fitting]
        taken[placed - first] = True
        if fitting:
            delay = int((placed - slots[:fitting]).max())
            self.max_delay_packets = max(self.max_delay_packets, delay)
        self.carried = slots.size - fitting
        return rows[fitting:], slots[fitting:]

    def _gather(self, horizon: int, klass: int) -> tuple[Packets, npt.NDArray[np.int64]]:
        carry_rows, carry_slots = self._carry[klass]
        rows = [carry_rows]
        slots = [carry_slots]
        for source, source_class in zip(self.sources, self.classes, strict=True):
            if source_class != klass:
                continue
            feed = source.pull(horizon)
            if feed.rows.shape[0]:
                rows.append(feed.rows)
                slots.append(self._slots(feed.due))
            for mark in feed.marks:
                heapq.heappush(self._marks, (mark.stc27, next(self._seq), mark))
        if len(rows) == 1:
            return rows[0], slots[0]
        return np.concatenate(rows), np.concatenate(slots)
