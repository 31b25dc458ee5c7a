"""What the catalogue needs from the encoder side, as Protocols; `telesabaq.wiring` supplies the
real implementations, tests supply small fakes at exactly this edge.

The encoder reports back by calling `catalog.services.renditions.record_rendition` in a session
(in the station, a thin adapter in `telesabaq.wiring` opens that session).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol, runtime_checkable


@runtime_checkable
class EncodeQueue(Protocol):
    """Accepts encode jobs; the earliest `priority_time` (first air time) should run first."""

    def submit(
        self, lecture_id: int, source_path: Path, profile_name: str, priority_time: datetime
    ) -> str:
        """Queue an encode of `source_path` for `profile_name`; return the job id."""
        ...


@dataclass(frozen=True, slots=True, kw_only=True)
class MediaProbe:
    """What a content probe found; `ok` false means "not a recording we can air" (see reason)."""

    ok: bool
    reason: str = ""
    container: str = ""
    duration_ms: int | None = None
    has_video: bool = False
    has_audio: bool = False


@runtime_checkable
class Prober(Protocol):
    """Decides whether a file is media by reading its content, never by its name."""

    def probe(self, path: Path) -> MediaProbe:
        """Probe the file at `path`; never raises for bad content, returns `ok=False`."""
        ...


class MuxBudget(Protocol):
    """The bit rate a multiplex needs for channels of these profiles, SI headroom included
    (the encoder knows the profiles' rates; the catalogue refuses channels that would not fit a
    multiplex's stored mux_rate)."""

    def needed_mux_rate(self, profiles: Sequence[str]) -> int | None:
        """bit/s, or None when a profile is unknown (then nothing can be said)."""
        ...


class NullEncodeQueue:
    """The queue used when nothing is wired in: jobs are accepted and never run (logged only)."""

    def __init__(self) -> None:
        self.jobs: list[tuple[int, Path, str, datetime]] = []

    def submit(
        self, lecture_id: int, source_path: Path, profile_name: str, priority_time: datetime
    ) -> str:
        self.jobs.append((lecture_id, source_path, profile_name, priority_time))
        return f"null-{len(self.jobs)}"
