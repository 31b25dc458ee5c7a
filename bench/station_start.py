"""Fresh start to on-air: run `scripts/station` on an empty data folder and time the milestones.

    python bench/station_start.py [--data DIR] [--profiles t2,s2] [--keep SECONDS]

Milestones (seconds since the command started): setup done (the demo banner), portal answering
HTTP, playout announced, first UDP datagram on 127.0.0.1:<port>, first lecture (not filler) on
the air per the catalogue's as-run... then Ctrl-C (SIGINT) and the time to a clean exit. Prints
one JSON line; docs/benchmarks/station.md records the results. Not a test: the numbers depend
on the machine and its load (record `uptime`'s load average with them).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _portal_up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as reply:
            return bool(reply.status == 200)
    except OSError:
        return False


def _first_datagram(port: int, timeout: float) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        sock.settimeout(timeout)
        try:
            return len(sock.recv(2048)) > 0
        except TimeoutError:
            return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="data folder (default: a new one)")
    parser.add_argument("--profiles", default="", help="t2,s2 profile names (default: the demo's)")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--udp", type=int, default=5000)
    parser.add_argument("--limit", type=float, default=1800.0)
    args = parser.parse_args()
    data = args.data or Path(tempfile.mkdtemp(prefix="telesabaq-bench-"))
    env = dict(os.environ, TELESABAQ_DATA_DIR=str(data), TELESABAQ_PORT=str(args.port))
    env["TELESABAQ_PLAYOUT__UDP"] = json.dumps([f"127.0.0.1:{args.udp}"])
    if args.profiles:
        t2, s2 = args.profiles.split(",")
        env |= {"TELESABAQ_DEMO__T2_PROFILE": t2, "TELESABAQ_DEMO__S2_PROFILE": s2}
    started = time.monotonic()
    marks: dict[str, float] = {}
    proc = subprocess.Popen(
        ["bash", str(ROOT / "scripts" / "station")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    assert proc.stdout is not None
    tail: list[str] = []
    for line in proc.stdout:
        tail = [*tail[-19:], line.rstrip()]
        now = time.monotonic() - started
        if "Telesabaq demo" in line and "demo" not in marks:
            marks["demo"] = now
        if "on the air" in line and "Ctrl-C" in line:
            marks["banner"] = now
            break
        if now > args.limit:
            break
    if _portal_up(f"http://127.0.0.1:{args.port}/login"):
        marks["portal"] = time.monotonic() - started
    if _first_datagram(args.udp, 30):
        marks["udp"] = time.monotonic() - started
    os.killpg(proc.pid, signal.SIGINT)
    stop = time.monotonic()
    proc.wait(timeout=120)
    marks["stopped_after_sigint"] = time.monotonic() - stop
    load = os.getloadavg()
    sys.stdout.write(
        json.dumps(
            {"data": str(data), "marks_s": marks, "load": load, "rc": proc.returncode}
            | ({} if "banner" in marks else {"output_tail": tail})
        )
        + "\n"
    )


if __name__ == "__main__":
    main()
