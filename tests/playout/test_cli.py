"""The CLI: `render` to a file and to a pipe, errors as messages, the shipped example."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from typer.testing import CliRunner

from playout.cli import app, build_app
from tests.playout.conftest import START, event, plan_text, service
from tests.playout.media import ClipSources
from tests.playout.streamcheck import (
    assert_stream_ok,
    check_file,
    ffmpeg_decode_command,
    ffmpeg_errors,
)

EXAMPLE = Path(__file__).parents[2] / "examples" / "plan.yaml"


def _plan(clips: dict[str, Path], tmp_path: Path) -> Path:
    events = [
        event(
            1, START + timedelta(seconds=2), [("lecture", clips["a"]), ("end_card", clips["card"])]
        )
    ]
    path = tmp_path / "plan.yaml"
    path.write_text(plan_text([service(1, events, filler=clips["filler"])], mux_rate=600_000))
    return path


def test_render_writes_exactly_the_hours_asked(clips: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out.ts"
    result = CliRunner().invoke(
        app,
        [
            "render",
            "--plan",
            str(_plan(clips, tmp_path)),
            "--start",
            "2026-09-01T06:00:00Z",
            "--hours",
            "0.005",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert out.stat().st_size == -(-18 * 600_000 // 1504) * 188
    assert_stream_ok(check_file(out, 600_000, pmt_pids=(0x100,)))


def test_render_to_standard_output_feeds_a_pipe(clips: dict[str, Path], tmp_path: Path) -> None:
    plan = _plan(clips, tmp_path)
    code = "from playout.cli import app; app()"
    render = subprocess.Popen(
        [
            sys.executable,
            "-c",
            code,
            "render",
            "--plan",
            str(plan),
            "--start",
            "2026-09-01T06:00:00Z",
            "--hours",
            "0.004",
            "--out",
            "-",
        ],
        stdout=subprocess.PIPE,
        cwd=Path(__file__).parents[2],
    )
    decoded = subprocess.run(
        ffmpeg_decode_command("pipe:0"),
        stdin=render.stdout,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert render.wait(timeout=120) == 0
    assert decoded.returncode == 0
    assert decoded.stderr == ""


def test_bad_plan_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: telesabaq.station-plan\nversion: 1\nnetworks: [1]\n")
    result = CliRunner().invoke(
        app,
        [
            "render",
            "--plan",
            str(bad),
            "--start",
            "2026-09-01T06:00:00Z",
            "--hours",
            "0.01",
            "--out",
            str(tmp_path / "x.ts"),
        ],
    )
    assert result.exit_code == 2
    assert "bad.yaml:3" in result.output
    missing = CliRunner().invoke(
        app,
        [
            "render",
            "--plan",
            str(bad),
            "--start",
            "2026-09-01T06:00",
            "--hours",
            "1",
            "--out",
            str(tmp_path / "x.ts"),
        ],
    )
    assert missing.exit_code != 0


def test_shipped_example_renders_with_generated_sources(tmp_path: Path) -> None:
    sources = ClipSources(tmp_path)
    cli = build_app(test_sources=sources)
    out = tmp_path / "example.ts"
    result = CliRunner().invoke(
        cli,
        [
            "render",
            "--plan",
            str(EXAMPLE),
            "--start",
            "2026-09-01T06:00:00Z",
            "--hours",
            "0.06",
            "--out",
            str(out),
            "--as-run",
            str(tmp_path / "ar.jsonl"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert {text for _, _, text in sources.made} >= {"Algebra 1", "History 1", "Physics 1"}
    for tsid, pmt in ((1, 0x100), (2, 0x200), (3, 0x300)):
        path = tmp_path / f"example-ts{tsid}.ts"
        assert_stream_ok(check_file(path, 800_000, pmt_pids=(pmt,)))
        assert ffmpeg_errors(path) == ""


def test_standard_output_takes_one_multiplex_only(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        build_app(test_sources=ClipSources(tmp_path)),
        [
            "render",
            "--plan",
            str(EXAMPLE),
            "--start",
            "2026-09-01T06:00:00Z",
            "--hours",
            "0.01",
            "--out",
            "-",
        ],
    )
    assert result.exit_code != 0
    assert "--ts" in result.output
