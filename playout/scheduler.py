"""Timed work around the stream, on APScheduler (the only module that imports it).

Jobs are one-line calls into the station's parts:

* look-ahead (every 10 min): renditions for the next 24 h are ready, sized as recorded and of
  the right profile; problems go to ``on_alert`` (and the log);
* plan refresh (every minute): if the schedule source's version changed, the stations take the
  new plan at their next block (future decisions and the EIT schedule follow it);
* EIT schedule rebuild (every hour, and at each UTC midnight by the carousel itself): the
  schedule's events are rebuilt from the plan so the 8-day window moves on;
* as-run heartbeat (every 10 s) and housekeeping (hourly: forget cached indexes of past items).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler  # type: ignore[import-untyped]

from playout.lookahead import LookaheadProblem, look_ahead
from playout.ports import MediaResolver, ScheduleSource
from playout.station import TransportStreamStation

__all__ = ["StationJobs"]

logger = logging.getLogger(__name__)


class StationJobs:
    """Owns a background scheduler with the station's jobs (see the module docstring)."""

    def __init__(
        self,
        source: ScheduleSource,
        resolver: MediaResolver,
        stations: Sequence[TransportStreamStation],
        *,
        on_alert: Callable[[list[LookaheadProblem]], None] | None = None,
        heartbeat: Callable[[datetime], None] | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        scheduler: BackgroundScheduler | None = None,
    ) -> None:
        self.source = source
        self.resolver = resolver
        self.stations = list(stations)
        self.on_alert = on_alert
        self.heartbeat = heartbeat
        self.clock = clock
        self._version = source.plan_version()
        self.scheduler = scheduler or BackgroundScheduler(timezone="UTC")
        self.scheduler.add_job(
            self.look_ahead, "interval", minutes=10, id="look-ahead", next_run_time=clock()
        )
        self.scheduler.add_job(self.refresh_plan, "interval", minutes=1, id="plan-refresh")
        self.scheduler.add_job(self.rebuild_eit_schedule, "interval", hours=1, id="eit-schedule")
        self.scheduler.add_job(self.beat, "interval", seconds=10, id="as-run-heartbeat")
        self.scheduler.add_job(self.housekeeping, "interval", hours=1, id="housekeeping")

    def start(self) -> None:
        self.scheduler.start()

    def shutdown(self) -> None:
        self.scheduler.shutdown(wait=False)

    # --- jobs -----------------------------------------------------------------------------

    def look_ahead(self) -> list[LookaheadProblem]:
        problems = look_ahead(self.source.load_plan(), self.resolver, now=self.clock())
        for problem in problems:
            logger.error("look-ahead: %s", problem)
        if problems and self.on_alert is not None:
            self.on_alert(problems)
        return problems

    def refresh_plan(self) -> bool:
        version = self.source.plan_version()
        if version == self._version:
            return False
        self._version = version
        plan = self.source.load_plan()
        for station in self.stations:
            station.request_plan(plan)
        logger.info("plan changed (version %s): stations take it at their next block", version)
        return True

    def rebuild_eit_schedule(self) -> None:
        plan = self.source.load_plan()
        for station in self.stations:
            station.request_plan(plan)

    def beat(self) -> None:
        if self.heartbeat is not None:
            self.heartbeat(self.clock())

    def housekeeping(self) -> None:
        forget = getattr(self.resolver, "forget_before", None)
        if callable(forget):
            forget(self.clock())
