"""What the playout needs from the rest of the station, as Protocols (ARCHITECTURE.md).

The playout imports neither the catalogue nor the encoder: it declares these small interfaces,
`telesabaq/wiring.py` plugs in the implementations, and `playout.testing` has in-memory fakes.

* `ScheduleSource` - the plan (the catalogue's schedule, or a YAML station plan file).
* `MediaResolver` - turns an item's media reference into a ready rendition, or says why not.
* `TestSourceProvider`, `FillerProvider` - generated media (the encoder makes and caches them).
* `AsRunSink` - where as-run records go (the catalogue marks modules aired from them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import ClassVar, Literal, Protocol, runtime_checkable

from mpegts.rendition_index import RenditionIndex
from playout.plan.model import MediaRef, StationPlan

__all__ = [
    "AsRunOutcome",
    "AsRunRecord",
    "AsRunSink",
    "FillerProvider",
    "MediaResolver",
    "ReadyMedia",
    "ScheduleSource",
    "TestSourceProvider",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadyMedia:
    """A rendition that can go on the air: the channel-ready TS and its index."""

    path: Path
    index: RenditionIndex


@runtime_checkable
class ScheduleSource(Protocol):
    """Where the plan comes from. ``plan_version`` changes whenever the plan does."""

    def load_plan(self) -> StationPlan: ...

    def plan_version(self) -> str: ...


@runtime_checkable
class MediaResolver(Protocol):
    """Resolve an item's media for a channel profile; raise `MediaUnavailable` with the reason.

    Implementations check what the catalogue recorded (size, index, ready state); they do not
    re-read and hash the media: hashes are checked at ingest.
    """

    def resolve(self, ref: MediaRef, *, profile: str) -> ReadyMedia: ...


@runtime_checkable
class TestSourceProvider(Protocol):
    """Make (once, then cache) a test source rendition in the house format of ``profile``."""

    __test__: ClassVar[bool] = False  # not a pytest test class

    def test_source(self, *, profile: str, seconds: float, text: str) -> ReadyMedia: ...


@runtime_checkable
class FillerProvider(Protocol):
    """Make (once, then cache) the filler loop of a channel: a slate with the channel's name."""

    def filler(self, *, profile: str, channel_name: str) -> ReadyMedia: ...


AsRunOutcome = Literal["full", "partial", "filler"]


@dataclass(frozen=True, slots=True, kw_only=True)
class AsRunRecord:
    """One item as it actually left the output.

    ``outcome``: ``full`` - played from its start to its end; ``partial`` - joined late, cut,
    or interrupted by a crash (``reason`` says which); ``filler`` - the planned item was replaced
    by filler (``reason`` says why) or the record is a filler run between slots (then
    ``event_id`` is ``None``). ``record_id`` is unique and stable, so a sink can upsert.
    """

    record_id: str
    transport_stream_id: int
    service_id: int
    event_id: int | None
    item_index: int | None
    role: str
    media: str
    planned_start: datetime | None
    planned_end: datetime | None
    actual_start: datetime
    actual_end: datetime | None
    outcome: AsRunOutcome
    reason: str = ""


@runtime_checkable
class AsRunSink(Protocol):
    """Receives finished as-run records, in batches, off the real-time path."""

    def record(self, records: Sequence[AsRunRecord]) -> None: ...
