"""`telesabaq demo`: seed the demo, start the whole station, show what is happening.

Order matters for a fast start on a fresh machine: the catalogue is seeded and planned first
(no media yet), then each lecture is generated and uploaded in air-time order, so the encoder
starts on the first lecture while the next one is being made. The portal is up at once; the
playout goes on the air as soon as the first slot of each channel has its rendition (or after
`on_air_wait`, with filler until then), and the rest keeps encoding behind it.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import FrameType

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from catalog.models import User
from catalog.services.schedule_rules import SchedulePolicy
from playout.errors import MediaUnavailable
from playout.plan.model import MediaRef, StationPlan
from telesabaq.demo.content import USERS
from telesabaq.demo.schedule import plan_demo
from telesabaq.demo.seed import DemoProfiles, seed_catalogue, seed_recordings
from telesabaq.settings import Settings
from telesabaq.station import Station
from telesabaq.wiring import EncodeProgress, EncoderProber

__all__ = ["run_demo"]

FIRST_SLOT_LEAD = timedelta(minutes=4)
HOUR = timedelta(hours=1)


def log_to_file(data_dir: Path) -> Path:
    """The station's log goes to a file: the console shows progress, the file the details."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "station.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    return path


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _seed(station: Station, profiles: DemoProfiles, console: Console) -> None:
    cat = station.catalog
    policy = SchedulePolicy(
        lock_window=timedelta(0),
        turnaround=timedelta(seconds=cat.turnaround_seconds),
        end_card=timedelta(seconds=cat.end_card_seconds),
        timezone=cat.station_timezone,
        ready_margin=timedelta(0),
    )
    with station.sessions() as session:
        people = seed_catalogue(session, profiles, lambda s: console.print(f"  seed: {s}"))
        added = plan_demo(session, people["engineer"], policy, datetime.now(UTC), FIRST_SLOT_LEAD)
        session.commit()
        console.print(f"  plan: {added} slots added (today and tomorrow, both channels)")
        staff: User = people["staff"]
        made = seed_recordings(
            session,
            staff,
            station.media_dir,
            EncoderProber(),
            station.encode_queue,
            lambda s: console.print(f"  {s}"),
        )
        session.commit()
    console.print(f"  recordings: {made} generated and uploaded")
    station.queue_missing_encodes()


def first_slots_ready(station: Station, plan: StationPlan, now: datetime) -> bool:
    """True when every service has a lecture ready among its events of the coming hour."""
    for _, ts in plan.transport_streams():
        for service in ts.services:
            soon = [e for e in service.events if now - timedelta(minutes=1) <= e.start < now + HOUR]
            if soon and not any(_ready(station, e.items[0].media, service.profile) for e in soon):
                return False
    return True


def _ready(station: Station, media: MediaRef, profile: str) -> bool:
    try:
        station.resolver.resolve(media, profile=profile)
    except MediaUnavailable:
        return False
    return True


class _Bars:
    """Rich progress bars, one per encode, refreshed from the station's encode queue."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.tasks: dict[str, TaskID] = {}

    def update(self, items: list[EncodeProgress]) -> None:
        for item in items:
            task = self.tasks.get(item.ticket)
            label = f"{item.title} [{item.profile}] {item.state}"
            if task is None:
                task = self.progress.add_task(label, total=1.0)
                self.tasks[item.ticket] = task
            self.progress.update(task, completed=item.fraction, description=label)


def _wait_for_air(station: Station, console: Console, wait: float) -> None:
    deadline = time.monotonic() + wait
    columns = (TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        bars = _Bars(progress)
        while time.monotonic() < deadline:
            bars.update(station.encode_queue.progress())
            plan = station.source.load_plan()
            fillers = station.fillers_ready.is_set()
            if fillers and first_slots_ready(station, plan, datetime.now(UTC)):
                return
            time.sleep(1.0)
    console.print("  (not every first slot is encoded yet: filler airs until it is)")


def _banner(console: Console, url: str, air: list[str], started: float) -> None:
    console.rule("Telesabaq demo station is on the air")
    console.print(f"portal: [bold]{url}[/bold]")
    for user in USERS:
        console.print(f"  login {user.username!r} / {user.password!r} ({user.role})")
    for line in air:
        console.print(f"playout: {line}")
    console.print(
        "DVB ids are from the private/temporary-use ranges (network 0xFF01, 0xFF02): a demo."
    )
    console.print(f"on the air {time.monotonic() - started:.0f} s after the start; Ctrl-C stops.")


def _follow(station: Station, console: Console) -> None:
    """Encoding progress until everything is encoded, then wait for Ctrl-C."""
    columns = (TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console) as progress:
        bars = _Bars(progress)
        while not station.stop_event.is_set() and not station.encode_queue.idle():
            bars.update(station.encode_queue.progress())
            time.sleep(1.0)
        bars.update(station.encode_queue.progress())
    if not station.stop_event.is_set():
        console.print("every planned lecture is encoded; still on the air (Ctrl-C stops)")
    while not station.stop_event.is_set():
        time.sleep(0.5)


def run_demo(settings: Settings, profiles: DemoProfiles, *, on_air_wait: float = 480.0) -> None:
    """Seed, start everything, and run until Ctrl-C (see the module docstring)."""
    console = Console()
    started = time.monotonic()
    console.rule("Telesabaq demo")
    console.print(f"data folder: {settings.data_dir}")
    log_file = log_to_file(settings.data_dir)
    console.print(f"log: {log_file}")
    station = Station(settings)
    try:
        station.start_encoder()
        signal.signal(signal.SIGTERM, _interrupt)
        url = station.start_portal()
        console.print(f"portal starting on {url}")
        _seed(station, profiles, console)
        _wait_for_air(station, console, on_air_wait)
        air = station.start_playout()
        with console.status("building the multiplexes ..."):
            if not station.wait_on_air(300):
                raise RuntimeError(f"the playout did not start; see {log_file}")
        _banner(console, url, air, started)
        _follow(station, console)
    except KeyboardInterrupt:
        console.print("\nstopping: playout, portal, encoder ...")
    except RuntimeError as exc:
        console.print(f"[red]{exc}[/red]")
    finally:
        station.stop()
        alive = [t.name for t in threading.enumerate() if t.name in ("playout", "portal")]
        console.print("stopped" + (f" (still closing: {', '.join(alive)})" if alive else ""))
