"""Real-time density: how many 5 Mbit/s services one process carries to UDP, and at what CPU.

    .venv/bin/python bench/playout_density.py --multiplexes 4 --seconds 30

Each multiplex is DVB-T2 sized: 8 services of 5 Mbit/s in a 40.2 Mbit/s MPTS (the PCR is written
from the output position, so it stays exact whatever the load; what load costs is lateness).
Reports CPU seconds per Mbit/s sent, the worst lateness of a burst against the PCR timeline and
how often a sender had to wait for a block (starved: an underrun risk).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import tempfile
import time
from pathlib import Path

from playout_media import START, clip_5m, plan

from playout.clock import RealTimeClock
from playout.engine import Engine
from playout.outputs.udp import UdpOutput
from playout.plan.yaml_source import load_plan
from playout.resolver import PlanMediaResolver
from playout.runner import AirConfig, build_stations

MUX_RATE = 40_400_000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--multiplexes", type=int, default=2)
    parser.add_argument("--services", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument(
        "--media", type=Path, default=Path(tempfile.gettempdir()) / "telesabaq-bench"
    )
    args = parser.parse_args()
    args.media.mkdir(exist_ok=True)
    clip = clip_5m(args.media)
    path = plan(args.media, [(args.services, MUX_RATE)] * args.multiplexes, clip, 1.0)
    config = AirConfig(
        plan=load_plan(path),
        resolver=PlanMediaResolver(),
        start=START,
        block_packets=0,
        validate=False,
    )
    stations = build_stations(config)
    outputs = {
        s.ts.transport_stream_id: [UdpOutput("127.0.0.1", 40000 + s.ts.transport_stream_id)]
        for s in stations
    }
    with contextlib.suppress(OSError):
        os.nice(-10)  # as `telesabaq playout run` does
    windows: list[tuple[float, float]] = []  # (second of output, worst lateness in it)
    engine = Engine(
        stations,
        outputs,
        RealTimeClock(),
        on_status=lambda status: windows.append((status.clock_seconds, status.late_seconds)),
    )
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    began = time.perf_counter()
    engine.run(seconds=args.seconds)
    wall = time.perf_counter() - began
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
    mbit = sum(lane.sent for lane in engine.lanes) * 188 * 8 / 1e6
    starved = sum(lane.producer.starved for lane in engine.lanes if lane.producer)
    services = args.multiplexes * args.services
    print(
        f"{services} services in {args.multiplexes} x {MUX_RATE / 1e6:.1f} Mbit/s: "
        f"{mbit / wall:.1f} Mbit/s for {wall:.1f} s; CPU {cpu:.1f} s = "
        f"{cpu / wall * 100:.0f}% of a core, {cpu / mbit * 1000:.2f} CPU ms per Mbit; "
        f"worst lateness {engine.worst_late * 1000:.1f} ms; starved {starved} times"
    )
    first = max((late for t, late in windows if t <= 1.0), default=0.0)
    steady = max((late for t, late in windows if t > 1.0), default=0.0)
    print(
        f"worst lateness in the first second {first * 1000:.1f} ms, after it {steady * 1000:.1f} ms"
    )
    for group in outputs.values():
        for output in group:
            output.close()


if __name__ == "__main__":
    main()
