"""Put a plan on the air: validate it, build a station per multiplex, run the engine.

`render` (fast clock, to files or a pipe) and `run` (real time, to UDP and files) are the two
ways the CLI and the lead's wiring start the playout; both use the same stations and engine.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from playout.asrun import AsRunLog
from playout.clock import Clock, FastClock, RealTimeClock
from playout.engine import Engine, EngineStatus
from playout.errors import PlanValidationError
from playout.outputs import Output
from playout.plan.model import StationPlan
from playout.plan.validate import check_plan
from playout.ports import AsRunSink, FillerProvider, MediaResolver
from playout.resolver import media_facts
from playout.station import MarkEvent, TransportStreamStation

__all__ = ["AirConfig", "build_stations", "put_on_air"]

logger = logging.getLogger(__name__)

_DEFAULT_BLOCK = 2048


@dataclass(frozen=True, slots=True, kw_only=True)
class AirConfig:
    """What to air and how: the plan, its media, which multiplexes, where the clock starts."""

    plan: StationPlan
    resolver: MediaResolver
    start: datetime
    filler: FillerProvider | None = None
    transport_stream_ids: tuple[int, ...] = ()
    stc0: int = 0
    block_packets: int = _DEFAULT_BLOCK
    as_run_path: Path | None = None
    as_run_sink: AsRunSink | None = None
    validate: bool = True
    on_mark: Sequence[Callable[[MarkEvent], None]] = field(default_factory=tuple)


def build_stations(
    config: AirConfig, on_mark: Callable[[MarkEvent], None] | None = None
) -> list[TransportStreamStation]:
    """One station per selected multiplex (all of the plan's when none are selected)."""
    if config.validate:
        problems = check_plan(config.plan, facts=media_facts(config.resolver))
        for problem in problems:
            if problem.kind == "media":
                logger.warning("plan: %s (filler until it is ready)", problem)
        fatal = [p for p in problems if p.kind != "media"]
        if fatal:
            raise PlanValidationError(fatal)
    wanted = config.transport_stream_ids or tuple(
        ts.transport_stream_id for _, ts in config.plan.transport_streams()
    )
    return [
        TransportStreamStation(
            config.plan,
            tsid,
            start=config.start,
            resolver=config.resolver,
            filler=config.filler,
            stc0=config.stc0,
            block_packets=config.block_packets,
            on_mark=on_mark,
        )
        for tsid in wanted
    ]


def put_on_air(
    config: AirConfig,
    outputs: dict[int, list[Output]],
    *,
    realtime: bool,
    seconds: float | None = None,
    stop: threading.Event | None = None,
    on_status: Callable[[EngineStatus], None] | None = None,
    clock: Clock | None = None,
) -> Engine:
    """Build the stations and run them until ``seconds`` of output (or ``stop``)."""
    as_run = AsRunLog(config.as_run_path, sink=config.as_run_sink) if config.as_run_path else None
    if as_run is not None:
        recovered = as_run.recover()
        if recovered:
            logger.info("as-run: %d records recovered from the previous run", len(recovered))
    listeners = [*config.on_mark, *([as_run.observe] if as_run else [])]

    def on_mark(event: MarkEvent) -> None:
        for listener in listeners:
            listener(event)

    def status(s: EngineStatus) -> None:
        if as_run is not None and s.output_utc:
            as_run.heartbeat(min(s.output_utc.values()))
        if on_status is not None:
            on_status(s)

    if realtime and config.block_packets == _DEFAULT_BLOCK:
        config = replace(config, block_packets=0)  # stations size blocks to ~100 ms
    ended_at = None
    try:
        stations = build_stations(config, on_mark)
        engine = Engine(
            stations,
            outputs,
            clock or (RealTimeClock() if realtime else FastClock()),
            on_status=status,
        )
        engine.run(seconds=seconds, stop=stop)
        ended_at = min(engine.status(0.0).output_utc.values(), default=None)
    finally:
        if as_run is not None:
            as_run.close(ended_at)
    return engine
