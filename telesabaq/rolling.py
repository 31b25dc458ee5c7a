"""A rolling recording of a multiplex: the last few minutes of air, in files of N minutes.

What a broadcaster keeps beside the live output ("what did we send at 10:42?"): each file is a
complete TS from a packet boundary, named by the UTC minute it starts, and only the newest `keep`
files stay. It is a playout `Output` (whole 188-byte packets in order), so the engine writes it
like any other.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from playout.outputs import ClosingOutput

__all__ = ["RollingFileOutput"]


class RollingFileOutput(ClosingOutput):
    """Writes to `<directory>/<prefix>-YYYYmmddTHHMMSSZ.ts`, a new file every `minutes`."""

    def __init__(
        self,
        directory: Path,
        prefix: str,
        *,
        minutes: float = 10.0,
        keep: int = 2,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        if minutes <= 0 or keep < 1:
            raise ValueError("a rolling file needs minutes > 0 and keep >= 1")
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.prefix = prefix
        self.seconds = minutes * 60
        self.keep = keep
        self._now = now
        self._file: BinaryIO | None = None
        self._opened = 0.0
        self.files: list[Path] = sorted(self.directory.glob(f"{prefix}-*.ts"))

    def write(self, packets: bytes | memoryview) -> None:
        if self._file is None or time.monotonic() - self._opened >= self.seconds:
            self._roll()
        assert self._file is not None
        self._file.write(packets)

    def _roll(self) -> None:
        if self._file is not None:
            self._file.close()
        path = self.directory / f"{self.prefix}-{self._now():%Y%m%dT%H%M%SZ}.ts"
        self._file = path.open("ab")
        self._opened = time.monotonic()
        if path not in self.files:
            self.files.append(path)
        while len(self.files) > self.keep:
            self.files.pop(0).unlink(missing_ok=True)

    @property
    def current(self) -> Path | None:
        return self.files[-1] if self._file is not None and self.files else None

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
