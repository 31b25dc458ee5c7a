"""Vectorised field access on blocks of TS packets held as an ``(N, 188)`` uint8 array.

The playout never loops over packets in Python on its steady-state path: header fields, PID
remapping, continuity counters and PCR writes are NumPy operations over whole blocks, and only
PES-start and PCR packets are touched for timestamps (ISO/IEC 13818-1 §2.4.3.2-2.4.3.7).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = [
    "PACKET_SIZE",
    "PCR_WRAP",
    "PTS_WRAP",
    "Packets",
    "cc_rewrite",
    "has_payload",
    "null_block",
    "payload_offsets",
    "pcr_flags",
    "pids",
    "pusi",
    "read_pcr",
    "remap_pids",
    "write_pcr",
]

PACKET_SIZE = 188
PTS_WRAP = 1 << 33
PCR_WRAP = PTS_WRAP * 300
NULL_PID = 0x1FFF

Packets = npt.NDArray[np.uint8]
Int64s = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

_NULL = np.full(PACKET_SIZE, 0xFF, dtype=np.uint8)
_NULL[:4] = (0x47, 0x1F, 0xFF, 0x10)


def null_block(count: int) -> Packets:
    """``count`` null packets (PID 0x1FFF, §2.4.3.3: payload ignored, CC not checked)."""
    return np.tile(_NULL, (count, 1))


def pids(rows: Packets) -> npt.NDArray[np.int32]:
    return ((rows[:, 1].astype(np.int32) & 0x1F) << 8) | rows[:, 2]


def pusi(rows: Packets) -> Bools:
    return np.asarray((rows[:, 1] & 0x40) != 0, dtype=np.bool_)


def has_payload(rows: Packets) -> Bools:
    return np.asarray((rows[:, 3] & 0x10) != 0, dtype=np.bool_)


def _has_adaptation(rows: Packets) -> Bools:
    return np.asarray((rows[:, 3] & 0x20) != 0, dtype=np.bool_)


def payload_offsets(rows: Packets) -> npt.NDArray[np.int64]:
    """Offset of the payload in each packet: 4, or 5 + adaptation_field_length."""
    adaptation = _has_adaptation(rows)
    return np.where(adaptation, 5 + rows[:, 4].astype(np.int64), 4)


def pcr_flags(rows: Packets) -> Bools:
    """Packets whose adaptation field carries a PCR (§2.4.3.4, PCR_flag)."""
    flags = _has_adaptation(rows) & (rows[:, 4] > 0) & ((rows[:, 5] & 0x10) != 0)
    return np.asarray(flags, dtype=np.bool_)


def read_pcr(rows: Packets) -> Int64s:
    """The 27 MHz PCR of each row (all rows must carry one)."""
    b = rows[:, 6:12].astype(np.int64)
    base = (b[:, 0] << 25) | (b[:, 1] << 17) | (b[:, 2] << 9) | (b[:, 3] << 1) | (b[:, 4] >> 7)
    ext = ((b[:, 4] & 1) << 8) | b[:, 5]
    return base * 300 + ext


def write_pcr(rows: Packets, index: npt.NDArray[np.intp], pcr: Int64s) -> None:
    """Write PCR values (27 MHz, wrapped here to 2**33*300) into ``rows[index]`` in place."""
    pcr = np.mod(pcr, PCR_WRAP)
    base = pcr // 300
    ext = pcr % 300
    rows[index, 6] = (base >> 25) & 0xFF
    rows[index, 7] = (base >> 17) & 0xFF
    rows[index, 8] = (base >> 9) & 0xFF
    rows[index, 9] = (base >> 1) & 0xFF
    rows[index, 10] = ((base & 1) << 7) | 0x7E | (ext >> 8)
    rows[index, 11] = ext & 0xFF


def remap_pids(rows: Packets, table: npt.NDArray[np.int32]) -> None:
    """Rewrite every row's PID through ``table`` (8192 entries: old PID -> new PID)."""
    new = table[pids(rows)]
    rows[:, 1] = (rows[:, 1] & 0xE0) | (new >> 8).astype(np.uint8)
    rows[:, 2] = (new & 0xFF).astype(np.uint8)


def cc_rewrite(rows: Packets, mask: Bools, last_cc: int) -> int:
    """Make the continuity counters of ``rows[mask]`` (one PID) continue from ``last_cc``.

    §2.4.3.3: the counter increments only in packets with payload; an adaptation-only packet
    repeats the previous value. Returns the last counter written, to carry into the next block.
    """
    index = np.flatnonzero(mask)
    if index.size == 0:
        return last_cc
    payload = has_payload(rows[index]).astype(np.int64)
    counters = (last_cc + np.cumsum(payload)) & 0x0F
    rows[index, 3] = (rows[index, 3] & 0xF0) | counters.astype(np.uint8)
    return int(counters[-1])
