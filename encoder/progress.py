"""Parse FFmpeg's ``-progress`` output: blocks of ``key=value`` lines ending in ``progress=...``.

FFmpeg writes one block about twice a second and a last one with ``progress=end``. We read
``out_time_us`` (microseconds of output written; ``out_time_ms`` is also microseconds, a known
misnomer) and ``speed`` (``1.5x``); everything else is kept as text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

__all__ = ["Progress", "parse_progress"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Progress:
    """One progress report. ``fraction`` is of the expected output duration, 0..1."""

    out_seconds: float
    speed: float | None
    done: bool
    fraction: float
    fields: dict[str, str] = field(default_factory=dict)


def _float(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        return float(text.rstrip("x").strip())
    except ValueError:
        return None


def parse_progress(lines: Iterable[str], expected_seconds: float) -> Iterator[Progress]:
    """Yield one Progress per block; malformed lines are skipped, never fatal."""
    block: dict[str, str] = {}
    for raw in lines:
        key, sep, value = raw.strip().partition("=")
        if not sep:
            continue
        block[key] = value.strip()
        if key != "progress":
            continue
        micros = _float(block.get("out_time_us")) or _float(block.get("out_time_ms")) or 0.0
        seconds = max(0.0, micros / 1e6)
        fraction = min(1.0, seconds / expected_seconds) if expected_seconds > 0 else 0.0
        done = value.strip() == "end"
        yield Progress(
            out_seconds=seconds,
            speed=_float(block.get("speed")),
            done=done,
            fraction=1.0 if done else fraction,
            fields=dict(block),
        )
        block = {}
