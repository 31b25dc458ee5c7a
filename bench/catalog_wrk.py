"""Benchmark the catalogue with wrk (Debian): now/next and a course page on SQLite.

Goals (issue 5): >= 1000 req/s at 200 connections; p99 <= 50 ms at 20 connections.
Usage: .venv/bin/python bench/catalog_wrk.py [--workers 2] [--seconds 15]
Prints a Markdown table to paste under docs/benchmarks/catalog.md.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from catalog.db import make_engine, make_sessionmaker  # noqa: E402
from catalog.migrate import upgrade  # noqa: E402
from catalog.models import Channel, Course, FollowUpTest, Lecture, Module, Occurrence, ScheduleSlot  # noqa: E402
from catalog.models.enums import Language, SlotKind  # noqa: E402


def seed(root: Path) -> tuple[int, int]:
    """Three channels with a day of 30-minute lectures around now; a 12-module course."""
    url = f"sqlite:///{root / 'catalog.sqlite3'}"
    upgrade(url)
    engine = make_engine(url)
    with make_sessionmaker(engine)() as s:
        course = Course(
            code="BENCH-101",
            title_kk="Информатика",
            title_ru="Информатика",
            title_en="Computing",
            language=Language.KK,
            level="1",
        )
        s.add(course)
        s.flush()
        modules = []
        for i in range(1, 13):
            m = Module(
                course_id=course.id,
                position=i,
                syllabus_code=f"M{i}",
                title_kk=f"Модуль {i}",
                title_ru=f"Модуль {i}",
                title_en=f"Module {i}",
                summary_kk="Қысқаша",
            )
            s.add(m)
            s.flush()
            s.add(Lecture(module_id=m.id, language=Language.KK))
            s.add(FollowUpTest(module_id=m.id, short_code=f"{100000 + i}"))
            modules.append(m)
        channels = []
        for n in range(1, 4):
            ch = Channel(
                service_id=n,
                number=n,
                name=f"Sabaq {n}",
                xmltv_id=f"sabaq{n}.kz",
                profile="t2-hd",
                language=Language.KK,
            )
            s.add(ch)
            s.flush()
            channels.append(ch)
        start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(hours=12)
        for ch in channels:
            for k in range(48):
                slot = ScheduleSlot(
                    channel_id=ch.id,
                    module_id=modules[k % 12].id,
                    kind=SlotKind.LECTURE,
                    start=start + timedelta(minutes=30 * k),
                    end=start + timedelta(minutes=30 * k + 30),
                )
                s.add(slot)
                s.flush()
                s.add(Occurrence(slot_id=slot.id))
        s.commit()
        ids = channels[0].id, course.id
    engine.dispose()
    return ids


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wrk(url: str, connections: int, seconds: int) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    result = {"req/s": rate}
    for pct in ("50", "90", "99"):
        m = re.search(rf"^\s+{pct}(?:\.000)?%\s+([\d.]+)(us|ms|s)", out, re.M)
        value, unit = float(m.group(1)), m.group(2)  # type: ignore[union-attr]
        result[f"p{pct} ms"] = (
            value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
        )
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    result["non-2xx"] = float(errors.group(1)) if errors else 0.0
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--seconds", type=int, default=15)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="catalog-bench-"))
    channel_id, course_id = seed(root)
    port = free_port()
    env = {**os.environ, "BENCH_CATALOG_DIR": str(root), "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "--app-dir",
            str(ROOT / "bench"),
            "catalog_app:create",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/api/channels", timeout=1).read()
                break
            except OSError:
                time.sleep(0.2)
        targets = {
            "now/next": f"{base}/api/channels/{channel_id}/now-next",
            "course page": f"{base}/courses/{course_id}",
        }
        print(
            f"catalogue benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, "
            f"{args.workers} uvicorn workers, SQLite WAL, wrk -t2 -d{args.seconds}s\n"
        )
        print("| target | connections | req/s | p50 ms | p90 ms | p99 ms | non-2xx |")
        print("|---|---|---|---|---|---|---|")
        for name, url in targets.items():
            urllib.request.urlopen(url).read()
            for connections in (200, 20):
                r = wrk(url, connections, args.seconds)
                print(
                    f"| {name} | {connections} | {r['req/s']:.0f} | {r['p50 ms']:.1f} "
                    f"| {r['p90 ms']:.1f} "
                    f"| {r['p99 ms']:.1f} | {r['non-2xx']:.0f} |",
                    flush=True,
                )
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
