"""Fast clock: one 5 Mbit/s service rendered to /dev/null (a pipe) and to disk, x real time.

    .venv/bin/python bench/playout_fast.py --hours 1 [--disk-hours 0.1]

Goal (issue 4): >= 200x real time to a pipe or /dev/null (24 h of air in <= 7.2 min).
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from playout_media import START, clip_5m, plan

from playout.outputs.file import FileOutput
from playout.plan.yaml_source import load_plan
from playout.resolver import PlanMediaResolver
from playout.runner import AirConfig, put_on_air


def render(plan_path: Path, target: str, hours: float) -> tuple[float, float]:
    config = AirConfig(
        plan=load_plan(plan_path), resolver=PlanMediaResolver(), start=START, block_packets=8192
    )
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    began = time.perf_counter()
    with FileOutput(target) as output:
        put_on_air(config, {1: [output]}, realtime=False, seconds=hours * 3600)
    wall = time.perf_counter() - began
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    return wall, (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hours", type=float, default=1.0)
    parser.add_argument("--disk-hours", type=float, default=0.1)
    parser.add_argument(
        "--media", type=Path, default=Path(tempfile.gettempdir()) / "telesabaq-bench"
    )
    args = parser.parse_args()
    args.media.mkdir(exist_ok=True)
    clip = clip_5m(args.media)
    path = plan(args.media, [(1, 5_400_000)], clip, max(args.hours, args.disk_hours) + 0.1)
    wall, cpu = render(path, "/dev/null", args.hours)
    air = args.hours * 3600
    print(
        f"/dev/null: {air:.0f} s of air in {wall:.1f} s wall, {cpu:.1f} s CPU: "
        f"{air / wall:.0f}x real time; 24 h would take {86400 / (air / wall) / 60:.1f} min"
    )
    with tempfile.NamedTemporaryFile(dir=args.media, suffix=".ts") as disk:
        wall, cpu = render(path, disk.name, args.disk_hours)
        air = args.disk_hours * 3600
        size = Path(disk.name).stat().st_size / 1e9
        print(
            f"disk: {air:.0f} s of air ({size:.2f} GB) in {wall:.1f} s wall, {cpu:.1f} s CPU: "
            f"{air / wall:.0f}x real time"
        )


if __name__ == "__main__":
    main()
