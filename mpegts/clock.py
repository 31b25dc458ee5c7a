"""MPEG system clocks: 90 kHz PTS/DTS and 27 MHz PCR, and the one place where they wrap.

ISO/IEC 13818-1 §2.4.3.7 carries PTS and DTS as 33-bit counts of a 90 kHz clock, so they wrap
every 2**33 / 90 000 s (about 26.5 hours); §2.4.3.5 carries the PCR as a 33-bit 90 kHz base and a
9-bit extension counting 0..299 at 27 MHz, so it wraps at 2**33 * 300. A playout that runs for
days passes the wrap every day, so every comparison of two stamps must be wrap-aware: the rest of
the project calls these functions instead of doing arithmetic modulo 2**33 itself.

Convention: an *on-wire* value is in ``[0, WRAP)``; an *unwrapped* value is a plain int on a
continuous timeline (it can exceed the wrap). :func:`unwrap_pts` turns a stream of on-wire values
into unwrapped ones, :func:`wrap_pts` goes back.
"""

from __future__ import annotations

from datetime import timedelta
from typing import NewType

__all__ = [
    "PCR_HZ",
    "PCR_WRAP",
    "PTS_HZ",
    "PTS_WRAP",
    "Ticks27M",
    "Ticks90k",
    "pcr_add",
    "pcr_diff",
    "pcr_from_base_ext",
    "pcr_to_base_ext",
    "pcr_to_pts",
    "pts_add",
    "pts_diff",
    "pts_to_pcr",
    "ticks90k_to_timedelta",
    "timedelta_to_ticks90k",
    "unwrap_pcr",
    "unwrap_pts",
    "wrap_pcr",
    "wrap_pts",
]

Ticks90k = NewType("Ticks90k", int)
"""A count of the 90 kHz system clock (PTS, DTS, PCR base, durations in the rendition index)."""

Ticks27M = NewType("Ticks27M", int)
"""A count of the 27 MHz system clock (PCR = base * 300 + extension)."""

PTS_HZ = 90_000
PCR_HZ = 27_000_000
PTS_WRAP = 2**33
PCR_WRAP = PTS_WRAP * 300
_PCR_EXT_MODULUS = 300


def _signed_diff(later: int, earlier: int, wrap: int) -> int:
    """The shortest signed distance from `earlier` to `later` on a circle of `wrap` ticks."""
    delta = (later - earlier) % wrap
    return delta - wrap if delta >= wrap // 2 else delta


def wrap_pts(value: int) -> Ticks90k:
    """The on-wire 33-bit form of any (unwrapped or negative) 90 kHz value."""
    return Ticks90k(value % PTS_WRAP)


def wrap_pcr(value: int) -> Ticks27M:
    """The on-wire form (modulo 2**33 * 300) of any 27 MHz value."""
    return Ticks27M(value % PCR_WRAP)


def pts_add(pts: int, delta: int) -> Ticks90k:
    """`pts` moved by `delta` ticks (either sign), wrapped to 33 bits."""
    return wrap_pts(pts + delta)


def pts_diff(later: int, earlier: int) -> int:
    """Signed ticks from `earlier` to `later`, the short way round the 2**33 circle.

    Differences of up to half the wrap (about 13.25 hours) either way are exact; that is far more
    than any gap between two stamps of one stream.
    """
    return _signed_diff(later, earlier, PTS_WRAP)


def unwrap_pts(previous: int, current: int) -> int:
    """Place on-wire `current` on the continuous timeline of unwrapped `previous`.

    >>> unwrap_pts(2**33 - 10, 5)
    8589934597
    """
    return previous + pts_diff(current, previous % PTS_WRAP)


def pcr_add(pcr: int, delta: int) -> Ticks27M:
    """`pcr` moved by `delta` 27 MHz ticks, wrapped."""
    return wrap_pcr(pcr + delta)


def pcr_diff(later: int, earlier: int) -> int:
    """Signed 27 MHz ticks from `earlier` to `later`, the short way round."""
    return _signed_diff(later, earlier, PCR_WRAP)


def unwrap_pcr(previous: int, current: int) -> int:
    """Place on-wire PCR `current` on the continuous timeline of unwrapped `previous`."""
    return previous + pcr_diff(current, previous % PCR_WRAP)


def pcr_from_base_ext(base: int, ext: int) -> Ticks27M:
    """PCR = base * 300 + extension (§2.4.3.5, equations 2-1 to 2-3)."""
    return Ticks27M(base * _PCR_EXT_MODULUS + ext)


def pcr_to_base_ext(pcr: int) -> tuple[int, int]:
    """The 33-bit base and 9-bit extension (0..299) of an on-wire or unwrapped PCR."""
    base, ext = divmod(wrap_pcr(pcr), _PCR_EXT_MODULUS)
    return base, ext


def pts_to_pcr(pts: int) -> Ticks27M:
    """A 90 kHz value on the 27 MHz clock (exact)."""
    return Ticks27M(pts * _PCR_EXT_MODULUS)


def pcr_to_pts(pcr: int) -> Ticks90k:
    """A 27 MHz value on the 90 kHz clock (rounded down, as the PCR base is)."""
    return Ticks90k(pcr // _PCR_EXT_MODULUS)


def ticks90k_to_timedelta(ticks: int) -> timedelta:
    """A 90 kHz duration as a timedelta (microsecond resolution, rounded to nearest)."""
    return timedelta(microseconds=round(ticks * 1_000_000 / PTS_HZ))


def timedelta_to_ticks90k(duration: timedelta) -> Ticks90k:
    """A timedelta as 90 kHz ticks, rounded to the nearest tick (exact in integers)."""
    micros = (duration.days * 86_400 + duration.seconds) * 1_000_000 + duration.microseconds
    return Ticks90k((micros * 9 + 50) // 100)
