"""PTS/DTS of PES headers, read and shifted in place for a block of packets at once.

Only packets that start a PES (payload_unit_start_indicator = 1) carry a PES header, so only
those are touched (ISO/IEC 13818-1 §2.4.3.6-7). The 33-bit fields are five bytes each with
marker bits; shifting keeps the 4-bit prefix and the markers and wraps modulo 2**33.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from playout.tsarrays import PTS_WRAP, Packets, payload_offsets, pids, pusi

__all__ = ["PesStarts", "find_pes_starts", "shift_timestamps"]

_COLUMNS = np.arange(5)


@dataclass(frozen=True, slots=True)
class PesStarts:
    """The PES-start packets of a block: row, PID, PTS/DTS byte offsets and values (-1: absent)."""

    rows: npt.NDArray[np.intp]
    pid: npt.NDArray[np.int32]
    pts_at: npt.NDArray[np.int64]
    dts_at: npt.NDArray[np.int64]
    pts: npt.NDArray[np.int64]
    dts: npt.NDArray[np.int64]


def _decode(
    rows: Packets, index: npt.NDArray[np.intp], at: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    b = rows[index[:, None], at[:, None] + _COLUMNS].astype(np.int64)
    value = (
        (((b[:, 0] >> 1) & 7) << 30)
        | (b[:, 1] << 22)
        | ((b[:, 2] >> 1) << 15)
        | (b[:, 3] << 7)
        | (b[:, 4] >> 1)
    )
    return np.asarray(value, dtype=np.int64)


def find_pes_starts(rows: Packets, mask: npt.NDArray[np.bool_] | None = None) -> PesStarts:
    """PES headers starting in ``rows`` (optionally only where ``mask``), with their stamps."""
    candidates = pusi(rows) if mask is None else pusi(rows) & mask
    index = np.flatnonzero(candidates)
    offsets = payload_offsets(rows[index])
    fits = offsets + 19 <= 188
    index, offsets = index[fits], offsets[fits]
    prefix = rows[index[:, None], offsets[:, None] + np.arange(3)]
    ok = (prefix[:, 0] == 0) & (prefix[:, 1] == 0) & (prefix[:, 2] == 1)
    index, offsets = index[ok], offsets[ok]
    flags = rows[index, offsets + 7] >> 6
    pts_at = np.where(flags >= 2, offsets + 9, -1)
    dts_at = np.where(flags == 3, offsets + 14, -1)
    pts = np.full(index.size, -1, dtype=np.int64)
    dts = np.full(index.size, -1, dtype=np.int64)
    has_pts = pts_at >= 0
    has_dts = dts_at >= 0
    pts[has_pts] = _decode(rows, index[has_pts], pts_at[has_pts])
    dts[has_dts] = _decode(rows, index[has_dts], dts_at[has_dts])
    return PesStarts(
        rows=index, pid=pids(rows[index]), pts_at=pts_at, dts_at=dts_at, pts=pts, dts=dts
    )


def _encode(
    rows: Packets,
    index: npt.NDArray[np.intp],
    at: npt.NDArray[np.int64],
    value: npt.NDArray[np.int64],
) -> None:
    value = np.mod(value, PTS_WRAP)
    rows[index, at] = (rows[index, at] & 0xF0) | ((value >> 29) & 0x0E) | 1
    rows[index, at + 1] = (value >> 22) & 0xFF
    rows[index, at + 2] = ((value >> 14) & 0xFE) | 1
    rows[index, at + 3] = (value >> 7) & 0xFF
    rows[index, at + 4] = ((value << 1) & 0xFE) | 1


def shift_timestamps(rows: Packets, starts: PesStarts, delta: int) -> None:
    """Add ``delta`` (90 kHz ticks) to every PTS and DTS in ``starts``, modulo 2**33, in place."""
    has_pts = starts.pts_at >= 0
    has_dts = starts.dts_at >= 0
    _encode(rows, starts.rows[has_pts], starts.pts_at[has_pts], starts.pts[has_pts] + delta)
    _encode(rows, starts.rows[has_dts], starts.dts_at[has_dts], starts.dts[has_dts] + delta)
