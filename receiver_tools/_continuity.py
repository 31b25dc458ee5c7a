"""Continuity errors located and explained (TR 101 290 1.4), on top of `mpegts.scan.cc_errors`.

`mpegts.scan.cc_errors` finds the packets that break their PID's counter sequence (rules of
ISO/IEC 13818-1 §2.4.3.3). Here packets with transport_error_indicator set are left out first
(their header is not to be trusted; the damage is a Transport_error, 2.1), and for each error
the previous payload packet of the PID is looked up, so a report can say what was expected and
after which packet the loss happened.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from mpegts.scan import NULL_PID, PID_COUNT, ContinuityState, cc_errors
from receiver_tools._header_fields import HeaderFields

__all__ = ["ContinuityError", "ContinuityTracker"]


@dataclass(frozen=True, slots=True)
class ContinuityError:
    row: int
    expected: int
    previous_index: int | None  # stream index of the last good payload packet of the PID


@dataclass(slots=True)
class ContinuityTracker:
    state: ContinuityState = field(default_factory=ContinuityState)
    last_index: npt.NDArray[np.int64] = field(
        default_factory=lambda: np.full(PID_COUNT, -1, np.int64)
    )
    last_cc: npt.NDArray[np.int64] = field(default_factory=lambda: np.full(PID_COUNT, -1, np.int64))

    def check(
        self, packets: npt.NDArray[np.uint8], fields: HeaderFields, first: int, explain: int
    ) -> tuple[int, list[ContinuityError]]:
        """Number of errors in the chunk, and the first `explain` of them explained."""
        usable = ~fields.transport_error
        if usable.all():
            rows = cc_errors(packets, self.state)
        else:
            kept = np.flatnonzero(usable)
            rows = kept[cc_errors(packets[kept], self.state)]
        payload = np.flatnonzero(fields.has_payload & usable & (fields.pid != NULL_PID))
        explained = [self._explain(int(r), payload, fields, first) for r in rows[:explain]]
        self._remember(payload, fields, first)
        return len(rows), explained

    def _explain(
        self, row: int, payload: npt.NDArray[np.intp], fields: HeaderFields, first: int
    ) -> ContinuityError:
        pid = fields.pid[row]
        before = payload[(payload < row) & (fields.pid[payload] == pid)]
        if len(before):
            prev_row = int(before[-1])
            prev_index, prev_cc = first + prev_row, int(fields.continuity_counter[prev_row])
        else:
            prev_index, prev_cc = int(self.last_index[pid]), int(self.last_cc[pid])
        return ContinuityError(
            row=row,
            expected=(prev_cc + 1) & 0x0F,
            previous_index=prev_index if prev_index >= 0 else None,
        )

    def _remember(self, payload: npt.NDArray[np.intp], fields: HeaderFields, first: int) -> None:
        if not len(payload):
            return
        reversed_rows = payload[::-1]
        pids, position = np.unique(fields.pid[reversed_rows], return_index=True)
        last_rows = reversed_rows[position]
        self.last_index[pids] = first + last_rows
        self.last_cc[pids] = fields.continuity_counter[last_rows]
