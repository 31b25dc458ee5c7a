"""Time of every packet of a capture, in seconds from its first packet.

Preferred source: the PCRs of the first PID that carries them (ISO/IEC 13818-1 §2.4.2.2: the
PCR is the encoder's 27 MHz clock at the arrival of its byte, so between two PCRs time runs
linearly with the packet position). Between PCRs a packet's time is interpolated; before the
first and after the last PCR it is extrapolated at the median rate. An interval whose PCRs go
backwards, wrap implausibly or imply a rate more than 50 % off the median (a PCR discontinuity,
a splice) is bridged at the median rate instead, so the time base never runs backwards.

Fallbacks: a live source's wall clock (bytes received over the seconds listened), then a
bitrate given by the caller. Without any of them times are unknown (`None`), and the checks that
need time say they were not assessed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["PCR_HZ", "PCR_WRAP", "TimeBase"]

PCR_HZ = 27_000_000
PCR_WRAP = (1 << 33) * 300
_RATE_TOLERANCE = 0.5


@dataclass(frozen=True, slots=True, kw_only=True)
class TimeBase:
    """Maps packet indices to seconds. `source` says what the time is derived from."""

    source: str
    packets_per_second: float | None
    anchor_indices: npt.NDArray[np.float64]
    anchor_seconds: npt.NDArray[np.float64]

    @property
    def known(self) -> bool:
        return self.packets_per_second is not None

    @classmethod
    def unknown(cls) -> TimeBase:
        empty = np.empty(0, np.float64)
        return cls(
            source="none", packets_per_second=None, anchor_indices=empty, anchor_seconds=empty
        )

    @classmethod
    def from_rate(cls, packets_per_second: float, source: str) -> TimeBase:
        return cls(
            source=source,
            packets_per_second=packets_per_second,
            anchor_indices=np.array([0.0]),
            anchor_seconds=np.array([0.0]),
        )

    @classmethod
    def from_pcr(
        cls, pid: int, indices: npt.NDArray[np.int64], values: npt.NDArray[np.int64]
    ) -> TimeBase | None:
        """A PCR time base, or None with fewer than two usable PCRs."""
        if len(indices) < 2:
            return None
        d_index = np.diff(indices).astype(np.float64)
        d_ticks = (np.diff(values) % PCR_WRAP).astype(np.float64)
        usable = (d_index > 0) & (d_ticks > 0) & (d_ticks < PCR_WRAP / 2)
        if not usable.any():
            return None
        median_rate = float(np.median(d_index[usable] / d_ticks[usable]))  # packets per tick
        rate = np.where(usable, d_index / np.where(d_ticks > 0, d_ticks, 1), 0.0)
        plausible = usable & (np.abs(rate / median_rate - 1) <= _RATE_TOLERANCE)
        d_seconds = np.where(plausible, d_ticks, d_index / median_rate) / PCR_HZ
        seconds = np.concatenate(([0.0], np.cumsum(d_seconds)))
        return cls(
            source=f"pcr:0x{pid:04X}",
            packets_per_second=median_rate * PCR_HZ,
            anchor_indices=indices.astype(np.float64),
            anchor_seconds=seconds,
        )

    def _raw(self, index: npt.ArrayLike) -> npt.NDArray[np.float64]:
        assert self.packets_per_second is not None
        x = np.asarray(index, dtype=np.float64)
        ai, asec, pps = self.anchor_indices, self.anchor_seconds, self.packets_per_second
        inside = np.interp(x, ai, asec)
        before = asec[0] + (x - ai[0]) / pps
        after = asec[-1] + (x - ai[-1]) / pps
        return np.where(x < ai[0], before, np.where(x > ai[-1], after, inside))

    def seconds(self, index: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """Seconds since packet 0 for each index (the caller checks `known` first)."""
        assert self.packets_per_second is not None
        ai, asec = self.anchor_indices, self.anchor_seconds
        origin = asec[0] - ai[0] / self.packets_per_second  # packet 0 is before the first PCR
        return np.asarray(self._raw(index) - origin, dtype=np.float64)

    def at(self, index: int) -> float | None:
        """Seconds since packet 0 of one packet, or None if time is unknown."""
        if not self.known:
            return None
        return float(self.seconds(index))
