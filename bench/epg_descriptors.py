"""Benchmark: descriptor loop decoding and encoding over every loop of the real captures.

Three passes over the ~9,000 descriptor loops (~60,000 descriptors) of ../shared/ts-samples:
decode; re-encode the decoded loops (byte-exact path: each descriptor re-checks its wire bytes);
encode afresh from the fields (the path the SI carousel takes for its own tables; loops whose
text cannot be re-encoded within 255 bytes, e.g. text a broadcaster sent without its character
table selector, are left out of that pass). CPU time is
printed with wall time and the load average, because the machine is shared.

    .venv/bin/python bench/epg_descriptors.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from epg.descriptors import (
    Descriptor,
    RawDescriptor,
    decode_descriptor_loop,
    encode_descriptor_loop,
)
from mpegts.errors import EncodeError
from tests.epg.descriptors.captures import capture_sections, descriptor_loops


def _timed(label: str, count: int, work: object) -> None:
    cpu, wall = time.process_time(), time.perf_counter()
    work()  # type: ignore[operator]
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(
        f"{label:<28} {cpu:7.3f} s CPU {wall:7.3f} s wall  {count / cpu:>10,.0f} descriptors/s CPU"
    )


def _without_wire(loop: tuple[Descriptor, ...]) -> tuple[Descriptor, ...]:
    return tuple(
        d if isinstance(d, RawDescriptor) else dataclasses.replace(d, _wire=None) for d in loop
    )


def _encodable(loop: tuple[Descriptor, ...]) -> bool:
    try:
        encode_descriptor_loop(loop)
    except EncodeError:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    loops = [
        (section.table_id, loop)
        for sections in capture_sections().values()
        for section in sections
        for loop in descriptor_loops(section)
    ]
    decoded = [decode_descriptor_loop(loop, table_id=tid) for tid, loop in loops]
    count = sum(len(d) for d in decoded)
    fresh = [_without_wire(loop) for loop in decoded]
    fresh = [loop for loop in fresh if _encodable(loop)]
    fresh_count = sum(len(loop) for loop in fresh)
    print(f"{len(loops)} loops, {count} descriptors, {sum(len(b) for _, b in loops)} bytes")
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    for _ in range(args.repeat):
        _timed("decode", count, lambda: [decode_descriptor_loop(b, table_id=t) for t, b in loops])
        _timed("re-encode, byte-exact", count, lambda: [encode_descriptor_loop(d) for d in decoded])
        _timed(
            "encode from fields", fresh_count, lambda: [encode_descriptor_loop(d) for d in fresh]
        )


if __name__ == "__main__":
    main()
