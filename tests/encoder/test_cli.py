"""The encode command, driven through Typer's CliRunner on the encoder's sub-app."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from encoder.cli import app
from mpegts.rendition_index import RenditionIndex

runner = CliRunner()


def test_encode_writes_a_verified_rendition(tmp_path: Path, slides_input: Path) -> None:
    result = runner.invoke(
        app, ["encode", str(slides_input), "--profile", "test-tiny-h264", "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    ts = tmp_path / "slides.test-tiny-h264.ts"
    assert str(ts) in result.output
    assert "verified: True" in result.output
    index = RenditionIndex.from_json((tmp_path / "slides.test-tiny-h264.index.json").read_text())
    assert index.ts_size == ts.stat().st_size


def test_refused_input_exits_1_with_the_reason(tmp_path: Path) -> None:
    text = tmp_path / "notes.mp4"
    text.write_text("hello\n" * 40)
    result = runner.invoke(
        app, ["encode", str(text), "--profile", "test-tiny-h264", "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    assert "not a media file" in result.output
    assert not (tmp_path / "o").exists() or not list((tmp_path / "o").iterdir())


def test_unknown_profile_exits_2(tmp_path: Path, slides_input: Path) -> None:
    result = runner.invoke(
        app, ["encode", str(slides_input), "--profile", "nope", "--out", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "no channel profile 'nope'" in result.output


def test_profiles_lists_shipped_profiles() -> None:
    result = runner.invoke(app, ["profiles"])
    assert result.exit_code == 0
    assert "dvb-t2-hd:" in result.output
    assert "test-tiny-h264 [test only]" in result.output
