"""Bitrate per PID and in total, and the null-packet share, from packet counts and the time base.

Rates are averages over the capture: count × 188 × 8 / duration, where the duration is the
time base's span of all packets (so, with a PCR time base, the TS rate the PCRs imply).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from receiver_tools.timebase import TimeBase

__all__ = ["PIDUsage", "Usage", "measure_usage"]

NULL_PID = 0x1FFF
_BITS = 188 * 8


@dataclass(frozen=True, slots=True, kw_only=True)
class PIDUsage:
    pid: int
    packets: int
    share: float  # of all packets
    bitrate: float | None  # bit/s; None when time is unknown
    scrambled_packets: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Usage:
    packets: int
    duration: float | None
    bitrate: float | None
    null_share: float
    pids: tuple[PIDUsage, ...]


def measure_usage(
    counts: npt.NDArray[np.int64], scrambled: npt.NDArray[np.int64], time: TimeBase
) -> Usage:
    total = int(counts.sum())
    duration = float(time.seconds(total)) if time.known and total else None
    rate = (total * _BITS / duration) if duration else None
    pids = tuple(
        PIDUsage(
            pid=int(pid),
            packets=int(counts[pid]),
            share=int(counts[pid]) / total,
            bitrate=int(counts[pid]) * _BITS / duration if duration else None,
            scrambled_packets=int(scrambled[pid]),
        )
        for pid in np.flatnonzero(counts)
    )
    null_share = int(counts[NULL_PID]) / total if total else 0.0
    return Usage(packets=total, duration=duration, bitrate=rate, null_share=null_share, pids=pids)
