"""PTS of the PES packets that start in a chunk, gathered with NumPy (ISO/IEC 13818-1 §2.4.3.6).

Only packets with payload_unit_start_indicator on PES PIDs are looked at; the PES header must
begin with the start code prefix 00 00 01 and have the optional header (stream_ids other than
padding, private_stream_2, ECM/EMM, DSM-CC, H.222.1 type E and the program stream directory).
The PTS is read when PTS_DTS_flags has its PTS bit and PES_header_data_length can hold what
the flags announce, from the 5 bytes after the header's flags.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["pes_pts"]

_NO_OPTIONAL_HEADER = np.array([0xBC, 0xBE, 0xBF, 0xF0, 0xF1, 0xF2, 0xF8, 0xFF], np.uint8)
_PTS_END = 14  # PES bytes needed to read the PTS: 9 header bytes + 5


def pes_pts(
    packets: npt.NDArray[np.uint8], rows: npt.NDArray[np.intp]
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.int64]]:
    """Rows (a subset of `rows`) whose PES header carries a PTS, and that PTS (90 kHz)."""
    if not len(rows):
        return rows, np.empty(0, np.int64)
    b3 = packets[rows, 3]
    has_af = (b3 & 0x20) != 0
    start = 4 + np.where(has_af, 1 + packets[rows, 4].astype(np.int64), 0)
    fits = start + _PTS_END <= 188
    rows, start = rows[fits], start[fits]
    if not len(rows):
        return rows, np.empty(0, np.int64)
    head = packets[rows[:, None], start[:, None] + np.arange(_PTS_END)].astype(np.int64)
    prefix = (head[:, 0] == 0) & (head[:, 1] == 0) & (head[:, 2] == 1)
    optional = ~np.isin(head[:, 3], _NO_OPTIONAL_HEADER) & ((head[:, 6] & 0xC0) == 0x80)
    flags = head[:, 7] >> 6
    room = head[:, 8] >= np.where(flags == 0b11, 10, 5)  # PES_header_data_length holds them
    has_pts = prefix & optional & ((flags & 0b10) != 0) & room
    h = head[has_pts]
    pts = (
        (((h[:, 9] >> 1) & 0x07) << 30)
        | (h[:, 10] << 22)
        | ((h[:, 11] >> 1) << 15)
        | (h[:, 12] << 7)
        | (h[:, 13] >> 1)
    )
    return rows[has_pts], pts
