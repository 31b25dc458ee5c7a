"""The output timeline: one system clock per transport stream, tied to UTC at the output start.

The multiplexer's packet counter is the master clock: packet ``n`` leaves at
``stc0 + n * 188 * 8 * 27e6 / mux_rate`` (27 MHz), and that is the PCR written into it. PTS/DTS
of every service are on the same clock (90 kHz = 27 MHz / 300). Values here are *unwrapped*
integers; they are reduced modulo 2**33 (PTS) or 2**33 * 300 (PCR) only when written into a
packet, so the wrap (every ~26.5 h) is invisible to the scheduling arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

__all__ = ["PCR_HZ", "PTS_HZ", "Timebase"]

PTS_HZ = 90_000
PCR_HZ = 27_000_000


@dataclass(frozen=True, slots=True, kw_only=True)
class Timebase:
    """``stc0`` (27 MHz) is the system time at UTC ``start``; ``mux_rate`` paces the packets."""

    start: datetime
    stc0: int
    mux_rate: int

    def utc(self, stc27: int) -> datetime:
        return self.start + timedelta(microseconds=(stc27 - self.stc0) / 27)

    def utc90(self, stc90: int) -> datetime:
        return self.utc(stc90 * 300)

    def stc27(self, when: datetime) -> int:
        delta = when - self.start
        micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
        return self.stc0 + micros * 27

    def stc90(self, when: datetime) -> int:
        return -(-self.stc27(when) // 300)

    def slot_time(self, packet: int) -> int:
        """System time (27 MHz) of output packet ``packet``."""
        return self.stc0 + (packet * 188 * 8 * PCR_HZ) // self.mux_rate
