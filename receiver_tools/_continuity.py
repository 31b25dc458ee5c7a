"""Continuity counter check over packet arrays (ISO/IEC 13818-1 §2.4.3.3; TR 101 290 1.4).

Rules, per PID, on packets that carry payload (adaptation-only packets do not advance the
counter): the counter goes up by one modulo 16; one duplicate packet (same counter) is allowed,
a second in a row is an error; a set discontinuity_indicator excuses any jump. The null PID is
not checked. Packets with transport_error_indicator set are skipped: their header is not to be
trusted, and the damage is already counted as a Transport_error (2.1).

The work is vectorised: a chunk's packets are sorted by PID (stable, so each PID keeps its order)
and each packet is compared with its predecessor on the same PID; the last counter per PID
carries over to the next chunk.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from receiver_tools._packets import HeaderFields

__all__ = ["ContinuityTracker"]

NULL_PID = 0x1FFF


@dataclass(slots=True)
class ContinuityTracker:
    """Carries the last counter and duplicate state of every PID across chunks."""

    last_cc: npt.NDArray[np.int16] = field(default_factory=lambda: np.full(8192, -1, np.int16))
    last_dup: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros(8192, np.bool_))
    last_index: npt.NDArray[np.int64] = field(default_factory=lambda: np.full(8192, -1, np.int64))

    def check(
        self, fields: HeaderFields, first_index: int = 0
    ) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.int16], npt.NDArray[np.int64]]:
        """Rows of the chunk with a continuity error, the counter each row expected, and the
        index of the previous packet of the same PID (the loss happened after it)."""
        mask = fields.has_payload & ~fields.transport_error & (fields.pid != NULL_PID)
        rows = np.flatnonzero(mask)
        if not len(rows):
            return rows, np.empty(0, np.int16), np.empty(0, np.int64)
        pid = fields.pid[rows]
        order = np.argsort(pid, kind="stable")
        rows, pid = rows[order], pid[order]
        cc = fields.continuity_counter[rows].astype(np.int16)
        first = np.ones(len(rows), np.bool_)
        first[1:] = pid[1:] != pid[:-1]
        prev = np.empty_like(cc)
        prev[1:] = cc[:-1]
        prev[first] = self.last_cc[pid[first]]
        dup = cc == prev
        prev_dup = np.empty_like(dup)
        prev_dup[1:] = dup[:-1]
        prev_dup[first] = self.last_dup[pid[first]]
        index = rows.astype(np.int64) + first_index
        prev_index = np.empty_like(index)
        prev_index[1:] = index[:-1]
        prev_index[first] = self.last_index[pid[first]]
        ok = (prev < 0) | (cc == (prev + 1) & 0x0F) | fields.discontinuity[rows] | (dup & ~prev_dup)
        last = np.ones(len(rows), np.bool_)
        last[:-1] = first[1:]
        self.last_cc[pid[last]] = cc[last]
        self.last_dup[pid[last]] = dup[last]
        self.last_index[pid[last]] = index[last]
        bad = ~ok
        expected = ((prev[bad] + 1) & 0x0F).astype(np.int16)
        bad_rows = rows[bad]
        order = np.argsort(bad_rows, kind="stable")
        return bad_rows[order], expected[order], prev_index[bad][order]
