"""A decoder buffer model (the elementary-stream buffer of the T-STD, ISO/IEC 13818-1 §2.4.2).

Bytes of a video PES enter the buffer when their TS packet arrives (its position at the
constant mux rate, which is the PCR timeline) and the whole access unit leaves at its DTS. The
occupancy just before each removal is the most the decoder has to hold. Computed for a playout
output and for the source renditions, it shows whether a join drove the buffer above what the
renditions themselves need (the splicer's overlap budget is the allowed difference).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

WRAP = 1 << 33


def occupancy_peak(path: Path, video_pid: int, mux_rate: int) -> int:
    """Largest number of video ES bytes held (arrived, not yet decoded), over the whole file."""
    rows = np.fromfile(path, dtype=np.uint8).reshape(-1, 188)
    pids = ((rows[:, 1].astype(np.int64) & 0x1F) << 8) | rows[:, 2]
    has_pcr = ((rows[:, 3] & 0x20) != 0) & (rows[:, 4] > 0) & ((rows[:, 5] & 0x10) != 0)
    first_pcr_row = int(np.flatnonzero(has_pcr & (pids == video_pid))[0])
    b = rows[first_pcr_row, 6:12].astype(np.int64)
    pcr0 = ((b[0] << 25) | (b[1] << 17) | (b[2] << 9) | (b[3] << 1) | (b[4] >> 7)) * 300
    mine = np.flatnonzero((pids == video_pid) & ((rows[:, 3] & 0x10) != 0))
    control = rows[mine, 3] >> 4
    offset = np.where(control & 2, 5 + rows[mine, 4].astype(np.int64), 4)
    starts = (rows[mine, 1] & 0x40) != 0
    size = 188 - offset
    # the PES header is not ES data
    header = np.zeros(mine.size, dtype=np.int64)
    header[starts] = 9 + rows[mine[starts], offset[starts] + 8].astype(np.int64)
    size = np.maximum(size - header, 0)
    arrival = (mine - first_pcr_row) * 1504 / mux_rate  # seconds after the first PCR
    pes = np.cumsum(starts) - 1
    keep = pes >= 0
    arrival, size, pes = arrival[keep], size[keep], pes[keep]
    start_rows = mine[starts]
    dts = []
    for row in start_rows:
        packet = rows[row]
        o = 5 + int(packet[4]) if packet[3] & 0x20 else 4
        flags = packet[o + 7] >> 6
        at = o + 14 if flags == 3 else o + 9
        s = packet[at : at + 5].astype(np.int64)
        dts.append(((s[0] >> 1) & 7) << 30 | s[1] << 22 | (s[2] >> 1) << 15 | s[3] << 7 | s[4] >> 1)
    dts_s = ((np.array(dts, dtype=np.int64) * 300 - pcr0) % (WRAP * 300)) / 27e6
    au_bytes = np.bincount(pes, weights=size, minlength=len(dts))
    # just before each removal: everything arrived by then minus everything removed before
    arrived = np.cumsum(size)
    arrived_by = np.searchsorted(arrival, dts_s, side="right")
    in_by = np.where(arrived_by > 0, arrived[np.maximum(arrived_by - 1, 0)], 0)
    removed_before = np.concatenate(([0], np.cumsum(au_bytes)[:-1]))
    complete = arrived_by < len(arrival)  # the last access units may run past the end
    return int((in_by - removed_before)[complete].max())
