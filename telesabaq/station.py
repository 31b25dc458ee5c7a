"""The whole station in one process: portal, encoder, playout - the embedded default.

`Station` opens the catalogue (migrating it first), and starts on request:

* the encoder: Huey's embedded consumer (SQLite queue in the media folder, niced, bounded
  concurrency) behind `StationEncodeQueue`, a housekeeping thread that hands the earliest-airing
  encodes to it, reports finished renditions into the catalogue and makes the end-cards;
* the portal: the catalogue's FastAPI app under uvicorn, with the encode queue and prober wired;
* the playout: one `TransportStreamStation` per multiplex of the catalogue's plan, in real time
  to UDP and a rolling file, as-run into the catalogue, the plan re-read when it changes
  (playout's `StationJobs`).

`render` puts the same plan through the fast clock to a file (tests, and `telesabaq playout
render-catalog`). Stopping is orderly: playout first (its as-run closes), then the portal, then
the encoder (a running FFmpeg is cancelled; its rendition is asked for again on the next start).
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from catalog.db import make_engine, make_sessionmaker
from catalog.migrate import upgrade
from catalog.services.renditions import start_missing_encodes
from catalog.settings import CatalogSettings
from encoder.jobs import EncodeQueue as HueyJobs
from encoder.jobs import JobConfig, default_threads
from playout.asrun import AsRunLog
from playout.clock import RealTimeClock
from playout.engine import Engine, EngineStatus
from playout.outputs import Output
from playout.outputs.file import FileOutput
from playout.outputs.udp import UdpOutput, parse_host_port
from playout.plan.model import StationPlan
from playout.resolver import PlanMediaResolver
from playout.runner import AirConfig, build_stations, put_on_air
from playout.scheduler import StationJobs
from playout.station import MarkEvent, TransportStreamStation
from telesabaq.rolling import RollingFileOutput
from telesabaq.settings import Settings
from telesabaq.wiring import (
    CatalogAsRunSink,
    CatalogMediaResolver,
    CatalogPlanSource,
    EncoderMedia,
    EncoderProber,
    EndCards,
    ProfileMuxBudget,
    StationEncodeQueue,
)

__all__ = ["AirTarget", "Station"]

logger = logging.getLogger(__name__)

HOUSEKEEPING_SECONDS = 1.0
CARDS_SECONDS = 15.0  # between passes over the planned end-cards
_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


@dataclass(frozen=True, slots=True, kw_only=True)
class AirTarget:
    """Where one multiplex goes: a UDP address and the rolling file's name prefix."""

    transport_stream_id: int
    udp: str | None
    rolling_prefix: str


class Station:
    """See the module docstring. Not thread-safe itself: start and stop from one thread."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.catalog: CatalogSettings = settings.catalog()
        self.media_dir = settings.resolved_media_dir()
        self.media_dir.mkdir(parents=True, exist_ok=True)
        upgrade(self.catalog.database_url)
        self.engine = make_engine(self.catalog.database_url)
        self.sessions: sessionmaker[Session] = make_sessionmaker(self.engine)
        enc = settings.encoder
        self.jobs = HueyJobs(
            JobConfig(
                media_root=self.media_dir / "renditions",
                queue_url=enc.queue_url,
                concurrency=enc.concurrency,
                niceness=enc.niceness,
                threads=enc.threads or default_threads(),
                stale_seconds=enc.stale_seconds,
            )
        )
        self.encode_queue = StationEncodeQueue(
            self.jobs, self.sessions, concurrency=enc.concurrency
        )
        self.endcards = EndCards(
            self.sessions, self.media_dir, self.catalog.public_base_url, niceness=enc.niceness
        )
        self.source = CatalogPlanSource(
            self.sessions,
            public_base_url=self.catalog.public_base_url,
            timezone=self.catalog.station_timezone,
        )
        self.resolver = PlanMediaResolver(
            test_sources=EncoderMedia(self.media_dir, niceness=enc.niceness),
            catalog=CatalogMediaResolver(self.sessions, self.endcards),
        )
        self.filler = EncoderMedia(self.media_dir, niceness=enc.niceness)
        self.sink = CatalogAsRunSink(self.sessions, self.source.index)
        self.stop_event = threading.Event()
        self.fillers_ready = threading.Event()
        self._threads: list[threading.Thread] = []
        self._consumer: object | None = None
        self._server: object | None = None
        self.status: EngineStatus | None = None

    # --- encoder --------------------------------------------------------------------------

    def start_encoder(self, *, housekeeping: bool = True) -> None:
        """The embedded Huey consumer and (unless a test pumps by hand) the housekeeping thread.

        Huey's consumer installs its own SIGINT/SIGTERM handlers; the station's are put back,
        so Ctrl-C stops the whole station in order rather than the encoder alone.
        """
        main = threading.current_thread() is threading.main_thread()
        saved = {s: signal.getsignal(s) for s in _SIGNALS} if main else {}
        self._consumer = self.jobs.start_consumer()
        for signum, handler in saved.items():
            signal.signal(signum, handler)
        self.encode_queue.resubmit_unfinished()
        self.queue_missing_encodes()
        if housekeeping:
            self._spawn("encoder housekeeping", self._housekeeping)
            self._spawn("end-cards", self._end_cards)

    def queue_missing_encodes(self) -> int:
        with self.sessions() as session:
            started = start_missing_encodes(session, self.encode_queue)
            session.commit()
        return len(started)

    def _housekeeping(self) -> None:
        """Hand encodes to Huey and report finished ones, every second."""
        while not self.stop_event.is_set():
            try:
                self.encode_queue.pump()
            except Exception:  # keep the station up; the log says what failed
                logger.exception("encoder housekeeping failed")
            self.stop_event.wait(HOUSEKEEPING_SECONDS)

    def prepare_fillers(self) -> int:
        """Make each channel's filler slate now, so the playout never waits for one."""
        made = 0
        for _, ts in self.source.load_plan().transport_streams():
            for service in ts.services:
                self.filler.filler(profile=service.profile, channel_name=service.name)
                made += 1
        return made

    def _end_cards(self) -> None:
        """Make the fillers, then the end-cards of the next two days, earliest first, beside
        the lecture encodes."""
        try:
            self.prepare_fillers()
        except Exception:
            logger.exception("making the filler slates failed")
        self.fillers_ready.set()
        while not self.stop_event.is_set():
            try:
                self.endcards.ensure_planned(datetime.now(UTC) + timedelta(days=2))
            except Exception:
                logger.exception("making end-cards failed")
            self.stop_event.wait(CARDS_SECONDS)

    # --- portal ---------------------------------------------------------------------------

    def start_portal(self) -> str:
        """uvicorn with the catalogue app in a thread; returns the portal's URL."""
        import uvicorn

        from catalog.app import create_app

        app = create_app(
            self.catalog,
            encode_queue=self.encode_queue,
            prober=EncoderProber(),
            mux_budget=ProfileMuxBudget(),
        )
        config = uvicorn.Config(  # off the main thread, uvicorn leaves the signals alone
            app, host=self.settings.host, port=self.settings.port, log_level="warning"
        )
        server = uvicorn.Server(config)
        self._server = server
        self._spawn("portal", server.run)
        return f"http://{self.settings.host}:{self.settings.port}/"

    # --- playout --------------------------------------------------------------------------

    def air_targets(self, plan: StationPlan) -> list[AirTarget]:
        """UDP addresses from the settings, one per multiplex in plan order (then port + 1)."""
        addresses = list(self.settings.playout.udp)
        targets = []
        for number, (_, ts) in enumerate(plan.transport_streams()):
            udp = None
            if addresses:
                if number < len(addresses):
                    udp = addresses[number]
                else:
                    host, port = parse_host_port(addresses[-1])
                    udp = f"{host}:{port + number - len(addresses) + 1}"
            tsid = ts.transport_stream_id
            targets.append(AirTarget(transport_stream_id=tsid, udp=udp, rolling_prefix=f"ts{tsid}"))
        return targets

    def config(self, plan: StationPlan, start: datetime) -> AirConfig:
        return AirConfig(
            plan=plan,
            resolver=self.resolver,
            start=start,
            filler=self.filler,
            as_run_path=self.media_dir / "as-run.jsonl",
            as_run_sink=self.sink,
        )

    def start_playout(self, on_status: Callable[[EngineStatus], None] | None = None) -> list[str]:
        """Air the catalogue's plan from now in real time; returns where each multiplex goes."""
        plan = self.source.load_plan()
        if not plan.networks:
            raise RuntimeError("the catalogue has no channels on a transport stream to air")
        targets = self.air_targets(plan)
        outputs: dict[int, list[Output]] = {}
        rolling = self.media_dir / "air"
        minutes = self.settings.playout.rolling_file_minutes
        described = []
        for t in targets:
            outs: list[Output] = []
            if t.udp:
                outs.append(UdpOutput(*parse_host_port(t.udp)))
            if minutes:
                outs.append(RollingFileOutput(rolling, t.rolling_prefix, minutes=minutes))
            outputs[t.transport_stream_id] = outs
            where = [f"udp://{t.udp}"] if t.udp else []
            where += [str(rolling / f"{t.rolling_prefix}-*.ts")] if minutes else []
            described.append(f"TS {t.transport_stream_id}: " + ", ".join(where))
        self._spawn("playout", lambda: self._air(plan, outputs, on_status))
        return described

    def wait_on_air(self, timeout: float) -> bool:
        """Block until the engine reports its first second of output (or the playout stops)."""
        deadline = time.monotonic() + timeout
        while self.status is None and time.monotonic() < deadline:
            if self.stop_event.wait(0.2):
                return False
        return self.status is not None

    def _air(
        self,
        plan: StationPlan,
        outputs: dict[int, list[Output]],
        on_status: Callable[[EngineStatus], None] | None,
    ) -> None:
        """Build the stations and run the engine. The plan's clock starts at the next whole
        second after the stations are built, so the output's TDT and the EPG's present event
        match the wall clock however long the build took."""
        config = self.config(plan, datetime.now(UTC))
        as_run = (
            AsRunLog(config.as_run_path, sink=config.as_run_sink) if config.as_run_path else None
        )
        if as_run is not None:
            as_run.recover()
        config = replace(config, block_packets=0)  # real time: blocks of ~100 ms

        def status(s: EngineStatus) -> None:
            self.status = s
            if as_run is not None and s.output_utc:
                as_run.heartbeat(min(s.output_utc.values()))
            if on_status is not None:
                on_status(s)

        jobs: StationJobs | None = None
        try:
            stations = self._stations(config, as_run.observe if as_run else None)
            jobs = StationJobs(self.source, self.resolver, stations)
            jobs.start()
            Engine(stations, outputs, RealTimeClock(), on_status=status).run(stop=self.stop_event)
        except Exception:
            logger.exception("the playout stopped")
            self.stop_event.set()
        finally:
            if jobs is not None:
                jobs.shutdown()
            if as_run is not None:
                as_run.close()
            for group in outputs.values():
                for output in group:
                    output.close()

    def _stations(
        self, config: AirConfig, on_mark: Callable[[MarkEvent], None] | None
    ) -> list[TransportStreamStation]:
        """Stations whose time starts now: rebuilt once if building them took over a second."""
        for _ in range(2):
            begun = datetime.now(UTC)
            config = replace(config, start=begun.replace(microsecond=0) + timedelta(seconds=1))
            stations = build_stations(config, on_mark)
            lag = (datetime.now(UTC) - config.start).total_seconds()
            if lag <= 1.0:
                break
            logger.warning("building the stations took %.1f s: building them again", lag)
        time.sleep(max(0.0, (config.start - datetime.now(UTC)).total_seconds()))
        return stations

    def render(self, start: datetime, seconds: float, out: Path) -> list[Path]:
        """The catalogue's plan from `start` through the fast clock into files (one per TS)."""
        plan = self.source.load_plan_at(start)
        tsids = [ts.transport_stream_id for _, ts in plan.transport_streams()]
        paths = {
            t: out if len(tsids) == 1 else out.with_name(f"{out.stem}-ts{t}{out.suffix}")
            for t in tsids
        }
        outputs: dict[int, list[Output]] = {t: [FileOutput(p)] for t, p in paths.items()}
        try:
            put_on_air(self.config(plan, start), outputs, realtime=False, seconds=seconds)
        finally:
            for group in outputs.values():
                for output in group:
                    output.close()
        return list(paths.values())

    # --- all of it ------------------------------------------------------------------------

    def _spawn(self, name: str, target: Callable[[], None]) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def stop(self) -> None:
        """Playout, portal, encoder - in that order (see the module docstring)."""
        self.stop_event.set()
        for thread in self._threads:
            if thread.name == "playout":
                thread.join(timeout=10)
        if self._server is not None:
            self._server.should_exit = True  # type: ignore[attr-defined]
        for ticket in self.encode_queue.running_jobs():
            self.jobs.cancel(ticket)
        if self._consumer is not None:
            self._consumer.stop(graceful=True)  # type: ignore[attr-defined]
        for thread in self._threads:
            thread.join(timeout=10)
        self.engine.dispose()
