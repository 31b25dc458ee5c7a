"""The real encoder's generated test sources and filler, aired by the playout (as wired by
telesabaq): splices decode cleanly in Debian ffmpeg and the stream meets the limits."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import yaml
from typer.testing import CliRunner

from encoder.filler import make_filler
from encoder.profiles import get_profile
from encoder.testsource import make_test_source
from playout.cli import build_app
from playout.ports import ReadyMedia
from tests.playout.conftest import START
from tests.playout.streamcheck import assert_stream_ok, check_file, ffmpeg_errors


class EncoderSources:
    """What telesabaq.wiring plugs in: the encoder, caching by key in one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def test_source(self, *, profile: str, seconds: float, text: str) -> ReadyMedia:
        path = self.folder / f"src-{abs(hash((profile, seconds, text))) % 10**8}.ts"
        made = make_test_source(get_profile(profile), seconds, path, text=text)
        return ReadyMedia(path=made.ts_path, index=made.index)

    def filler(self, *, profile: str, channel_name: str) -> ReadyMedia:
        made = make_filler(get_profile(profile), channel_name, self.folder)
        return ReadyMedia(path=made.ts_path, index=made.index)


def test_encoder_made_sources_go_on_air(tmp_path: Path) -> None:
    sources = EncoderSources(tmp_path)
    events = [
        {
            "start": (START + timedelta(seconds=2)).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "title": {"kk": "Дәріс", "ru": "Лекция", "en": "Lecture"},
            "followup_url": "https://example.kz/t/1",
            "items": [
                {"lecture": {"test_source": 6, "text": "Lecture"}},
                {"end_card": {"test_source": 3, "text": "Test: example.kz/t/1"}},
            ],
        },
        {
            "start": (START + timedelta(seconds=16)).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "title": {"en": "Next"},
            "items": [{"lecture": {"test_source": 6, "text": "Lecture"}}],
        },
    ]
    plan = {
        "format": "telesabaq.station-plan",
        "version": 1,
        "networks": [
            {
                "name": "Enc",
                "network_id": 1,
                "original_network_id": 1,
                "delivery": {
                    "system": "dvb-c",
                    "frequency": 346_000_000,
                    "symbol_rate": 6_875_000,
                    "modulation": 3,
                },
                "transport_streams": [
                    {
                        "transport_stream_id": 1,
                        "mux_rate": 700_000,
                        "services": [
                            {
                                "service_id": 1,
                                "lcn": 1,
                                "name": {"en": "Enc"},
                                "provider": "T",
                                "profile": "test-tiny-h264",
                                "pids": {"pmt": 0x100, "video": 0x101, "audio": 0x102},
                                "events": events,
                            }
                        ],
                    }
                ],
            }
        ],
    }
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True))
    out = tmp_path / "out.ts"
    result = CliRunner().invoke(
        build_app(test_sources=sources, filler=sources),
        [
            "render",
            "--plan",
            str(path),
            "--start",
            START.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "--hours",
            str(30 / 3600),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert ffmpeg_errors(out) == ""
    assert_stream_ok(check_file(out, 700_000, pmt_pids=(0x100,)))
