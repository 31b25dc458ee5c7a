"""Screenshots of the running demo for the README: `python -m telesabaq.demo.screenshots OUT`.

Drives Debian's headless Chromium through Playwright (a development dependency, imported only
here) against the demo portal on 127.0.0.1: the student's course page, the staff course page and
the engineer's week grid, each signed in as the demo user; then the EPG picture that `telesabaq
analyze --picture` draws, from the newest seconds of the demo's rolling files of both
multiplexes (DVB-T2 and DVB-S2, one service each), so the guide shows both channels as a
receiver that has scanned both would. Page PNGs are 1000 px wide, the EPG picture keeps its own
width; all are palette-reduced so the set stays a few hundred kilobytes.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from PIL import Image

from receiver_tools.analyzer import analyze_chunks
from receiver_tools.eventlist import EventInfo
from receiver_tools.report.picture import draw_epg_grid
from receiver_tools.scan import ServiceInfo

__all__ = ["draw_demo_epg", "shoot"]

WIDTH = 1000
EPG_NAME = "epg.png"
TAIL_BYTES = 48 << 20  # well over one cycle of the EIT schedule's first day (8 s) at HD rates
PAGES = (
    ("student", "aruzhan", "student-demo", "/courses/{course}", "student-course.png"),
    ("staff", "staff", "staff-demo", "/staff/courses/{course}", "staff-course.png"),
    ("engineer", "engineer", "engineer-demo", "/engineer/channels/{channel}/week",
     "engineer-week.png"),
)  # fmt: skip


def shrink(path: Path, width: int | None = WIDTH, colours: int = 128) -> None:
    """Scale to `width` (None: keep) and reduce to a palette: screenshots of pages compress
    very well so."""
    with Image.open(path) as image:
        rgb = image.convert("RGB")
        if width is not None and rgb.width > width:
            rgb = rgb.resize(
                (width, round(rgb.height * width / rgb.width)), Image.Resampling.LANCZOS
            )
        rgb.quantize(colours, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def shoot(base_url: str, out: Path, *, course: int = 1, channel: int = 1) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    made = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        for _, user, password, path, name in PAGES:
            context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="kk-KZ")
            page = context.new_page()
            page.goto(f"{base_url}/login")
            page.fill("#username", user)
            page.fill("#password", password)
            page.click("button[type=submit]")
            page.wait_for_load_state("networkidle")
            page.goto(base_url + path.format(course=course, channel=channel))
            page.wait_for_load_state("networkidle")
            target = out / name
            page.screenshot(path=str(target), full_page=False)
            shrink(target)
            made.append(target)
            context.close()
        browser.close()
    return made


def newest_rolling_files(air: Path, *, min_bytes: int = TAIL_BYTES) -> list[Path]:
    """Per multiplex (`ts<N>-*.ts`), the newest rolling file that already holds `min_bytes`
    (a file opened seconds ago may not carry a whole SI cycle yet), else the newest one."""
    by_prefix: dict[str, list[Path]] = {}
    for path in sorted(air.glob("ts*-*.ts")):
        by_prefix.setdefault(path.name.split("-", 1)[0], []).append(path)
    chosen = []
    for paths in by_prefix.values():
        full = [p for p in paths if p.stat().st_size >= min_bytes]
        chosen.append((full or paths)[-1])
    return chosen


def _tail(path: Path, size: int, chunk: int = 1 << 22) -> Iterator[bytes]:
    """The last `size` bytes of `path` (the analyser finds packet sync and section starts)."""
    with path.open("rb") as f:
        f.seek(max(0, path.stat().st_size - size))
        while data := f.read(chunk):
            yield data


def draw_demo_epg(air: Path, target: Path, *, tail_bytes: int = TAIL_BYTES) -> Path:
    """The EPG picture of every multiplex in the rolling-file folder `air`, as one guide."""
    files = newest_rolling_files(air, min_bytes=tail_bytes)
    if not files:
        raise FileNotFoundError(f"no rolling files (ts<N>-*.ts) in {air}; is the demo on the air?")
    events: list[EventInfo] = []
    services: list[ServiceInfo] = []
    times: list[datetime] = []
    for path in files:
        analysis = analyze_chunks(_tail(path, tail_bytes), name=str(path))
        events += analysis.si.events
        services += analysis.si.services
        times += [analysis.si.time.last_utc] if analysis.si.time.last_utc else []
    draw_epg_grid(events, services, target, now=min(times) if times else None)
    shrink(target, width=None)
    return target


if __name__ == "__main__":
    from telesabaq.settings import Settings

    OUT = Path(sys.argv[1])
    made = shoot(sys.argv[2] if len(sys.argv) > 2 else "http://127.0.0.1:8000", OUT)
    made.append(draw_demo_epg(Settings().resolved_media_dir() / "air", OUT / EPG_NAME))
    for path in made:
        sys.stdout.write(f"{path} {path.stat().st_size} bytes\n")
