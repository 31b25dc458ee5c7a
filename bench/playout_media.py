"""Shared by the playout benchmarks: a 5 Mbit/s house-format clip and plans that air it."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).parents[1]))

from tests.playout.media import ClipFormat, make_clip

START = datetime(2026, 9, 1, 0, 0, 0, tzinfo=UTC)
FIVE_MBIT = ClipFormat(
    profile="bench-5m",
    width=640,
    height=360,
    video_bitrate=4_300_000,
    audio_bitrate=128_000,
    mux_rate=5_000_000,
    gop=25,
)


def clip_5m(folder: Path, seconds: int = 30) -> Path:
    path = folder / f"bench-5m-{seconds}s.ts"
    if not path.exists():
        make_clip(path, seconds, fmt=FIVE_MBIT)
    return path


def service(service_id: int, clip: Path, hours: float, *, every: int = 600) -> dict[str, Any]:
    events = []
    when, number = START + timedelta(seconds=5), 1
    while when < START + timedelta(hours=hours):
        events.append(
            {
                "event_id": number,
                "start": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "title": {"en": f"Lecture {number}"},
                "items": [{"lecture": {"file": str(clip)}}],
            }
        )
        when += timedelta(seconds=every)
        number += 1
    base = 0x100 + 0x10 * service_id
    return {
        "service_id": service_id,
        "lcn": service_id,
        "name": {"en": f"Bench {service_id}"},
        "provider": "bench",
        "profile": "bench-5m",
        "pids": {"pmt": base, "video": base + 1, "audio": base + 2},
        "filler": {"file": str(clip)},
        "events": events,
    }


def plan(folder: Path, multiplexes: list[tuple[int, int]], clip: Path, hours: float) -> Path:
    """``multiplexes``: (services, mux_rate) per transport stream."""
    streams, sid = [], 1
    for number, (count, rate) in enumerate(multiplexes, 1):
        services = [service(sid + k, clip, hours) for k in range(count)]
        sid += count
        streams.append({"transport_stream_id": number, "mux_rate": rate, "services": services})
    document = {
        "format": "telesabaq.station-plan",
        "version": 1,
        "networks": [
            {
                "name": "Bench",
                "network_id": 1,
                "original_network_id": 1,
                "delivery": {"system": "dvb-t2", "plp_id": 0, "t2_system_id": 1},
                "transport_streams": streams,
            }
        ],
    }
    path = folder / "bench-plan.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path
