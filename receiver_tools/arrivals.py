"""Where every section arrived, kept compactly (five int64 columns, 40 bytes a section).

Repetition statistics (TS 101 211 §4.4) and the PAT/PMT checks need the arrival of every
section, in seconds, and seconds are only known once the time base is (at the end). Keeping
the packet indices in growable NumPy columns costs ~7 MB per hour of a stream with 50 sections
a second, instead of a Python object per section.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

__all__ = ["ArrivalLog"]

_COLUMNS = 5  # packet index, PID, table_id, table_id_extension, section_number
_INITIAL = 1024


@dataclass(slots=True)
class ArrivalLog:
    _rows: npt.NDArray[np.int64] = field(
        default_factory=lambda: np.empty((_INITIAL, _COLUMNS), np.int64)
    )
    _size: int = 0

    def add(self, index: int, pid: int, table_id: int, extension: int, number: int) -> None:
        if self._size == len(self._rows):
            self._rows = np.concatenate((self._rows, np.empty_like(self._rows)))
        self._rows[self._size] = (index, pid, table_id, extension, number)
        self._size += 1

    def __len__(self) -> int:
        return self._size

    @property
    def rows(self) -> npt.NDArray[np.int64]:
        """(N, 5): packet index, PID, table_id, table_id_extension, section_number."""
        return self._rows[: self._size]

    def indices(self, pid: int, table_id: int) -> npt.NDArray[np.int64]:
        """Packet indices of the sections with this PID and table_id, in stream order."""
        rows = self.rows
        return np.asarray(rows[(rows[:, 1] == pid) & (rows[:, 2] == table_id), 0], dtype=np.int64)

    def seen(self, pid: int, table_id: int) -> bool:
        return bool(len(self.indices(pid, table_id)))
