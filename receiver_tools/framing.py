"""From a byte stream to 188-byte packets, the way a demodulator's TS interface locks on.

* **Packet size.** 188-byte TS, 192-byte M2TS/BDAV (a 4-byte TP_extra_header before each packet)
  and 204-byte TS with Reed-Solomon parity after each packet are recognised from the spacing of
  the sync bytes and reported; downstream always sees 188-byte packets.
* **Lock (TR 101 290 §5.2.1, check 1.1).** Sync is acquired after 5 consecutive sync bytes at
  the packet spacing and lost after 2 or more consecutive bad ones. A single bad sync byte is a
  Sync_byte_error (check 1.2): the packet is still delivered, as a receiver with a locked
  framer would do. On loss the framer searches again from the next byte, so a capture that
  starts mid-packet, or a burst of garbage, costs only the bytes until the next lock.
* **Why not `mpegts.scan.find_sync_offset`:** that one answers "where does the first packet
  start" within one packet's length of a buffer's start, for a file known to be TS. A receiver
  must also lock after arbitrarily long garbage and relock in the middle of a stream, at any
  of the three sizes, so the search here runs over a window of 64 KiB and picks the earliest
  lock of any size.
* **Bounded memory.** The framer keeps at most one partial packet plus the bytes it needs to
  confirm a lock between calls, so a pipe of any length streams through.

Packet indices count delivered packets from 0; byte offsets count bytes of the input stream.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from enum import Enum

import numpy as np
import numpy.typing as npt

__all__ = ["FramedChunk", "Framer", "SyncEvent", "SyncEventKind"]

logger = logging.getLogger(__name__)

SYNC_BYTE = 0x47
PACKET_SIZE = 188
STRIDES = (188, 192, 204)
LOCK_COUNT = 5  # sync bytes needed to acquire lock (TR 101 290 §5.2.1 suggests 5)
LOSS_COUNT = 2  # consecutive bad sync bytes that lose it
_SEARCH_WINDOW = 1 << 16

UInt8Array = npt.NDArray[np.uint8]


class SyncEventKind(Enum):
    """What the framer observed at a point of the stream."""

    SYNC_BYTE_ERROR = "sync_byte_error"
    SYNC_LOSS = "sync_loss"
    SKIPPED = "skipped"  # bytes dropped while searching for sync


@dataclass(frozen=True, slots=True, kw_only=True)
class SyncEvent:
    """A framing event: `packet_index` is the index the next delivered packet gets."""

    kind: SyncEventKind
    packet_index: int
    byte_offset: int
    byte_count: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class FramedChunk:
    """Packets delivered by one `Framer.feed` call; packet i has index `first_index + i`."""

    packets: UInt8Array
    first_index: int
    byte_offsets: npt.NDArray[np.int64]
    events: list[SyncEvent] = field(default_factory=list)


def _find_lock(buf: UInt8Array, need: int) -> tuple[int, int] | None:
    """Earliest (offset, stride) where `need` sync bytes follow at one packet spacing."""
    window = buf[: _SEARCH_WINDOW + max(STRIDES) * need]
    candidates = np.flatnonzero(window == SYNC_BYTE)
    best: tuple[int, int] | None = None
    for stride in STRIDES:
        span = stride * (need - 1) + PACKET_SIZE
        ok = candidates[candidates + span <= len(buf)]
        for k in range(1, need):
            ok = ok[buf[ok + k * stride] == SYNC_BYTE]
        if len(ok) and (best is None or ok[0] < best[0]):
            best = (int(ok[0]), stride)
    return best


@dataclass(slots=True)
class Framer:
    """Stateful framer: feed it byte chunks, get packet arrays and framing events back."""

    stride: int | None = None
    packet_size_seen: set[int] = field(default_factory=set)
    _pending: bytes = b""
    _pending_offset: int = 0
    _locked: bool = False
    _next_index: int = 0

    def feed(self, data: bytes) -> FramedChunk:
        """Frame `data` (continuing the previous call); keeps an incomplete tail for later."""
        return self._frame(self._pending + data, final=False)

    def flush(self) -> FramedChunk:
        """Frame what is left at the end of the stream, confirming a lock with fewer packets."""
        return self._frame(self._pending, final=True)

    def _frame(self, data: bytes, *, final: bool) -> FramedChunk:
        buf = np.frombuffer(data, dtype=np.uint8)
        start_offset = self._pending_offset
        chunks: list[UInt8Array] = []
        offsets: list[npt.NDArray[np.int64]] = []
        events: list[SyncEvent] = []
        first_index = self._next_index
        pos = 0
        while pos < len(buf):
            if not self._locked:
                pos, found = self._acquire(buf, pos, start_offset, events, final=final)
                if not found:
                    break
            pos = self._take_locked(buf, pos, start_offset, chunks, offsets, events, final=final)
            if self._locked:
                break
        self._pending = data[pos:]
        self._pending_offset = start_offset + pos
        packets = np.concatenate(chunks) if chunks else np.empty((0, PACKET_SIZE), np.uint8)
        byte_offsets = np.concatenate(offsets) if offsets else np.empty(0, np.int64)
        return FramedChunk(
            packets=packets, first_index=first_index, byte_offsets=byte_offsets, events=events
        )

    def _acquire(
        self, buf: UInt8Array, pos: int, base: int, events: list[SyncEvent], *, final: bool
    ) -> tuple[int, bool]:
        """Search for lock from `pos`; returns the new position and whether lock was found."""
        rest = buf[pos:]
        need = LOCK_COUNT
        if final:
            need = max(1, min(LOCK_COUNT, (len(rest) - PACKET_SIZE) // max(STRIDES) + 1))
        lock = _find_lock(rest, need) if len(rest) >= PACKET_SIZE else None
        if lock is None:
            # Keep enough bytes to find a lock that straddles the next chunk; drop the rest.
            keep = 0 if final else min(len(rest), max(STRIDES) * LOCK_COUNT + PACKET_SIZE)
            skipped = len(rest) - keep
            if skipped > 0:
                events.append(self._skip_event(base + pos, skipped))
            return pos + skipped, False
        offset, stride = lock
        if offset:
            events.append(self._skip_event(base + pos, offset))
        if stride != self.stride:
            logger.info("locked on %d-byte packets at byte %d", stride, base + pos + offset)
        self.stride = stride
        self.packet_size_seen.add(stride)
        self._locked = True
        return pos + offset, True

    def _skip_event(self, byte_offset: int, count: int) -> SyncEvent:
        return SyncEvent(
            kind=SyncEventKind.SKIPPED,
            packet_index=self._next_index,
            byte_offset=byte_offset,
            byte_count=count,
        )

    def _take_locked(
        self,
        buf: UInt8Array,
        pos: int,
        base: int,
        chunks: list[UInt8Array],
        offsets: list[npt.NDArray[np.int64]],
        events: list[SyncEvent],
        *,
        final: bool,
    ) -> int:
        """Deliver whole packets from `pos` until the data ends or sync is lost."""
        stride = self.stride or PACKET_SIZE
        available = len(buf) - pos
        if final:
            # The last unit may lack its trailer (M2TS header of a next packet, RS parity).
            count = (available - PACKET_SIZE) // stride + 1 if available >= PACKET_SIZE else 0
        else:
            count = available // stride
        if count <= 0:
            return len(buf) if final else pos
        units = np.lib.stride_tricks.as_strided(
            buf[pos:], shape=(count, PACKET_SIZE), strides=(stride, 1), writeable=False
        )
        bad = np.flatnonzero(units[:, 0] != SYNC_BYTE)
        loss_at = _first_run(bad, LOSS_COUNT)
        good = count if loss_at is None else loss_at
        for row in bad[bad < good]:
            events.append(
                SyncEvent(
                    kind=SyncEventKind.SYNC_BYTE_ERROR,
                    packet_index=self._next_index + int(row),
                    byte_offset=base + pos + int(row) * stride,
                )
            )
        chunks.append(np.array(units[:good]))
        offsets.append(base + pos + np.arange(good, dtype=np.int64) * stride)
        self._next_index += good
        if loss_at is None:
            return min(len(buf), pos + count * stride)
        loss_pos = pos + loss_at * stride
        events.append(
            SyncEvent(
                kind=SyncEventKind.SYNC_LOSS,
                packet_index=self._next_index,
                byte_offset=base + loss_pos,
            )
        )
        self._locked = False
        return loss_pos + 1


def _first_run(rows: npt.NDArray[np.intp], length: int) -> int | None:
    """Start of the first run of `length` consecutive row numbers in sorted `rows`."""
    if len(rows) < length:
        return None
    consecutive = rows[length - 1 :] - rows[: len(rows) - length + 1] == length - 1
    hits = np.flatnonzero(consecutive)
    return int(rows[hits[0]]) if len(hits) else None
