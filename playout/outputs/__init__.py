"""Where the transport stream goes: the `Output` protocol and its implementations."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self, runtime_checkable

__all__ = ["ClosingOutput", "Output"]


@runtime_checkable
class Output(Protocol):
    """Takes whole TS packets (a multiple of 188 bytes) in order; `close` flushes and releases."""

    def write(self, packets: bytes | memoryview) -> None: ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


class ClosingOutput:
    """What every output shares: a ``with`` block closes it, on an error too.

    So a file handle or socket is released however the engine's loop ends; subclasses define
    `close` (and `write`).
    """

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
