"""Fixtures for the playout tests: tiny clips (made once per session) and plan files."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from tests.playout.media import make_clip

START = datetime(2026, 9, 1, 6, 0, 0, tzinfo=UTC)
CLIPS = {
    "a": (8, 0, 440),
    "b": (6, 120, 550),
    "c": (10, 240, 660),
    "card": (3, 60, 880),
    "filler": (4, 300, 330),
}


@pytest.fixture(scope="session")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Short clips in one house format (160x96 H.264 + AAC, 250 kbit/s CBR TS)."""
    folder = tmp_path_factory.mktemp("clips")
    return {
        name: make_clip(folder / f"{name}.ts", seconds, hue=hue, tone=tone)
        for name, (seconds, hue, tone) in CLIPS.items()
    }


def service(
    service_id: int,
    events: list[dict],
    *,
    filler: Path | None,
    lcn: int | None = None,
    pid_base: int | None = None,
    filler_title: dict[str, str] | None = None,
) -> dict:
    base = pid_base or 0x100 * (service_id % 16 or 1)
    entry = {
        "service_id": service_id,
        "lcn": lcn or service_id % 1000,
        "name": {
            "kk": f"Арна {service_id}",
            "ru": f"Канал {service_id}",
            "en": f"Channel {service_id}",
        },
        "provider": "Telesabaq",
        "profile": "test-tiny-h264",
        "pids": {"pmt": base, "video": base + 1, "audio": base + 2},
        "events": events,
    }
    if filler is not None:
        entry["filler"] = {"file": str(filler)}
    if filler_title is not None:
        entry["filler_title"] = filler_title
    return entry


def event(event_id: int, start: datetime, items: list[tuple[str, Path]], **extra: object) -> dict:
    return {
        "event_id": event_id,
        "start": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "title": {
            "kk": f"Дәріс {event_id}",
            "ru": f"Лекция {event_id}",
            "en": f"Lecture {event_id}",
        },
        "text": {"en": "A lecture"},
        "followup_url": f"https://example.kz/t/{event_id}",
        "genre": 0x90,
        "items": [{role: {"file": str(path)}} for role, path in items],
        **extra,
    }


def plan_text(services: list[dict], *, mux_rate: int, system: str = "dvb-t2", tsid: int = 1) -> str:
    delivery = {
        "dvb-t2": {"system": "dvb-t2", "plp_id": 0, "t2_system_id": 1},
        "dvb-c": {
            "system": "dvb-c",
            "frequency": 346_000_000,
            "symbol_rate": 6_875_000,
            "modulation": 3,
        },
        "dvb-s2": {
            "system": "dvb-s2",
            "frequency": 11_766_000_000,
            "orbital_position": 900,
            "west_east": 1,
            "polarization": 0,
            "symbol_rate": 27_500_000,
            "fec_inner": 3,
            "modulation_type": 2,
        },
    }[system]
    document = {
        "format": "telesabaq.station-plan",
        "version": 1,
        "timezone": "Asia/Almaty",
        "networks": [
            {
                "name": "Telesabaq test",
                "network_id": 0x3001,
                "original_network_id": 0x3001,
                "delivery": delivery,
                "transport_streams": [
                    {"transport_stream_id": tsid, "mux_rate": mux_rate, "services": services}
                ],
            }
        ],
    }
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


def back_to_back(
    clips: dict[str, Path], first_event: int, start: datetime, hours: float, *, gap: int = 3
) -> list[dict]:
    """Events of lecture + end-card, each starting ``gap`` s after the previous one's end."""
    order = ["a", "b", "c"]
    seconds = {"a": 8, "b": 6, "c": 10}
    events, when, number = [], start, first_event
    while when < start + timedelta(hours=hours):
        name = order[number % 3]
        events.append(event(number, when, [("lecture", clips[name]), ("end_card", clips["card"])]))
        when += timedelta(seconds=seconds[name] + 3 + gap)
        number += 1
    return events


@pytest.fixture
def plan_file(tmp_path: Path) -> Iterator[Path]:
    return tmp_path / "plan.yaml"


def two_multiplexes_plan(clips: dict[str, Path], tmp_path: Path) -> Path:
    """TS 1 (service 1) and TS 2 (service 2) of one network, both on filler only."""
    document = yaml.safe_load(plan_text([service(1, [], filler=clips["filler"])], mux_rate=500_000))
    second = yaml.safe_load(
        plan_text([service(2, [], filler=clips["filler"])], mux_rate=500_000, tsid=2)
    )
    document["networks"][0]["transport_streams"] += second["networks"][0]["transport_streams"]
    path = tmp_path / "two.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path
