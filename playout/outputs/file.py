"""File output: a TS file, or standard output (``-``) for a pipe into an analyser."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import BinaryIO

from playout.errors import OutputError
from playout.outputs import ClosingOutput

__all__ = ["FileOutput"]


class FileOutput(ClosingOutput):
    """Writes packets to a file (``Path``) or to standard output (``"-"``)."""

    def __init__(self, target: Path | str, *, buffer_bytes: int = 1 << 20) -> None:
        self.target = str(target)
        self.bytes_written = 0
        try:
            if self.target == "-":
                self._stream: BinaryIO = sys.stdout.buffer
                self._owned = False
            else:
                self._stream = open(self.target, "wb", buffering=buffer_bytes)  # noqa: SIM115
                self._owned = True
        except OSError as exc:
            raise OutputError(f"cannot open {self.target}: {exc}") from exc

    def write(self, packets: bytes | memoryview) -> None:
        try:
            self._stream.write(packets)
        except BrokenPipeError as exc:
            raise OutputError(f"{self.target}: the reader closed the pipe") from exc
        except OSError as exc:
            raise OutputError(f"cannot write {self.target}: {exc}") from exc
        self.bytes_written += len(packets)

    def close(self) -> None:
        try:
            if self._owned:
                self._stream.close()
            else:
                self._stream.flush()
        except OSError as exc:
            raise OutputError(f"cannot close {self.target}: {exc}") from exc
