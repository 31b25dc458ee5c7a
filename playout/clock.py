"""Clocks handed to every time-driven component, so the same code runs live and simulated.

`RealTimeClock` follows ``time.monotonic`` and really waits; `FastClock` jumps to whatever time
is waited for, so a day of air renders as fast as the CPU allows. The engine asks both the same
two questions (what time is it, wait until t), so the fast path is the real-time path.
"""

from __future__ import annotations

import time
from typing import Protocol, runtime_checkable

__all__ = ["Clock", "FastClock", "RealTimeClock"]


@runtime_checkable
class Clock(Protocol):
    """Seconds on a monotonic scale that starts at 0 when the clock is made."""

    realtime: bool

    def now(self) -> float: ...

    def wait_until(self, t: float) -> None: ...


class RealTimeClock:
    """Monotonic wall time; `wait_until` sleeps (never busy-waits) until ``t``."""

    realtime = True

    def __init__(self) -> None:
        self._origin = time.monotonic()

    def now(self) -> float:
        return time.monotonic() - self._origin

    def wait_until(self, t: float) -> None:
        delay = t - self.now()
        if delay > 0:
            time.sleep(delay)


class FastClock:
    """Simulated time: waiting for ``t`` makes it ``t`` at once."""

    realtime = False

    def __init__(self) -> None:
        self._now = 0.0

    def now(self) -> float:
        return self._now

    def wait_until(self, t: float) -> None:
        self._now = max(self._now, t)
