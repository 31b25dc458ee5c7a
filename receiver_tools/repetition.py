"""SI repetition per table: how often each section came again (min / avg / max, seconds).

The interval is measured per section (same PID, table_id, table_id_extension and
section_number), the quantity TS 101 211 §4.4 and TR 101 290 3.2 bound, and summarised per
PID and table_id. Times come from the time base, at the packet that completed each section.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from receiver_tools.observations import Arrival
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


def measure_repetition(arrivals: Iterable[Arrival], time: TimeBase) -> list[TableRepetition]:
    per_section: dict[tuple[int, int, int, int], list[int]] = defaultdict(list)
    for a in arrivals:
        per_section[(a.pid, a.table_id, a.table_id_extension, a.section_number)].append(a.index)
    per_table: dict[tuple[int, int], list[float]] = defaultdict(list)
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for (pid, table_id, _, _), indices in per_section.items():
        counts[(pid, table_id)] += len(indices)
        if time.known and len(indices) > 1:
            per_table[(pid, table_id)].extend(np.diff(time.seconds(indices)).tolist())
    result = []
    for (pid, table_id), count in sorted(counts.items()):
        spans = per_table.get((pid, table_id))
        result.append(
            TableRepetition(
                pid=pid,
                table_id=table_id,
                name=table_name(table_id),
                sections=count,
                min_interval=min(spans) if spans else None,
                avg_interval=sum(spans) / len(spans) if spans else None,
                max_interval=max(spans) if spans else None,
            )
        )
    return result
