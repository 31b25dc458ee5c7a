"""SI repetition per table: how often each section came again (min / avg / max, seconds).

The interval is measured per section (same PID, table_id, table_id_extension and
section_number), the quantity TS 101 211 §4.4 and TR 101 290 3.2 bound, and summarised per
PID and table_id. Times come from the time base, at the packet that completed each section.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from receiver_tools.arrivals import ArrivalLog
from receiver_tools.timebase import TimeBase

__all__ = ["TableRepetition", "measure_repetition", "table_name"]

_NAMES = {
    0x00: "PAT",
    0x01: "CAT",
    0x02: "PMT",
    0x40: "NIT actual",
    0x41: "NIT other",
    0x42: "SDT actual",
    0x46: "SDT other",
    0x4A: "BAT",
    0x4E: "EIT p/f actual",
    0x4F: "EIT p/f other",
    0x70: "TDT",
    0x71: "RST",
    0x72: "ST",
    0x73: "TOT",
}


#: Longest allowed interval between repeats of a section (TR 101 290 §5.2.1/§5.2.3: 1.3, 1.5,
#: 3.1, 3.5, 3.6, 3.8; BAT per TS 101 211 §4.4). EIT schedule limits depend on the day and the
#: delivery profile, so none is applied to it here.
MAX_INTERVAL = {
    0x00: 0.5,
    0x02: 0.5,
    0x40: 10.0,
    0x41: 10.0,
    0x42: 2.0,
    0x46: 10.0,
    0x4A: 10.0,
    0x4E: 2.0,
    0x4F: 10.0,
    0x70: 30.0,
    0x73: 30.0,
}


def table_name(table_id: int) -> str:
    if 0x50 <= table_id <= 0x5F:
        return "EIT schedule actual"
    if 0x60 <= table_id <= 0x6F:
        return "EIT schedule other"
    return _NAMES.get(table_id, f"table 0x{table_id:02X}")


@dataclass(frozen=True, slots=True, kw_only=True)
class TableRepetition:
    pid: int
    table_id: int
    name: str
    sections: int  # sections received (repeats included)
    min_interval: float | None
    avg_interval: float | None
    max_interval: float | None
    max_allowed: float | None = None

    @property
    def over_limit(self) -> bool | None:
        """True when some section came back later than allowed; None when not judged."""
        if self.max_allowed is None or self.max_interval is None:
            return None
        return self.max_interval > self.max_allowed


def _intervals(rows: npt.NDArray[np.int64], time: TimeBase) -> npt.NDArray[np.float64]:
    """Seconds between repeats of the same section, for rows of one PID and table_id."""
    order = np.lexsort((rows[:, 0], rows[:, 4], rows[:, 3]))
    rows = rows[order]
    same = (rows[1:, 3] == rows[:-1, 3]) & (rows[1:, 4] == rows[:-1, 4])
    seconds = time.seconds(rows[:, 0])
    return np.asarray(np.diff(seconds)[same], dtype=np.float64)


def measure_repetition(arrivals: ArrivalLog, time: TimeBase) -> list[TableRepetition]:
    """Per PID and table_id: sections received and the min / avg / max repeat interval."""
    rows = arrivals.rows
    result = []
    for pid, table_id in np.unique(rows[:, 1:3], axis=0).tolist():
        mine = rows[(rows[:, 1] == pid) & (rows[:, 2] == table_id)]
        spans = _intervals(mine, time) if time.known and len(mine) > 1 else np.empty(0)
        result.append(
            TableRepetition(
                pid=pid,
                table_id=table_id,
                name=table_name(table_id),
                sections=len(mine),
                min_interval=float(spans.min()) if len(spans) else None,
                avg_interval=float(spans.mean()) if len(spans) else None,
                max_interval=float(spans.max()) if len(spans) else None,
                max_allowed=MAX_INTERVAL.get(table_id),
            )
        )
    return result
