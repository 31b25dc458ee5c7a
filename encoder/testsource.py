"""Generated test sources: a synthetic lecture made from lavfi, rendered to a real rendition.

The playout uses this for "generated test source" plan items and the whole-station demo; the
benchmark uses :func:`write_lecture_source` for its 10-minute lecture-like input. The source has
what a lecture has: slides that change every ``slide_seconds`` (drawn with Pillow, numbered), a
small moving speaker inset, and speech-like audio, so encoding, loudness and verification all do
their real work on it.
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

from encoder.commands import lecture_source_argv
from encoder.profiles import ChannelProfile
from encoder.rendition import EncodeOptions, Rendition, make_rendition
from encoder.runner import ffmpeg_exe
from encoder.stills import TextLine, render_card

__all__ = ["make_test_source", "write_lecture_source"]

SLIDE_COLOURS = ((16, 32, 64), (40, 60, 30), (70, 30, 30), (30, 30, 30))


def write_lecture_source(
    out_path: Path,
    seconds: float,
    *,
    size: tuple[int, int] = (640, 360),
    text: str = "Telesabaq test lecture",
    slide_seconds: float = 20.0,
    options: EncodeOptions | None = None,
) -> Path:
    """Write a lecture-like Matroska file (H.264 + AAC) of ``seconds`` to ``out_path``."""
    options = options or EncodeOptions()
    runner, exe = options.make_runner(), options.ffmpeg or ffmpeg_exe()
    slides = max(1, math.ceil(seconds / slide_seconds))
    with tempfile.TemporaryDirectory(prefix="telesabaq-slides-") as tmp:
        for number in range(slides):
            lines = [
                TextLine(text=text, size=0.08, bold=True),
                TextLine(text=f"Slide {number + 1} / {slides}", size=0.06, accent=True),
                TextLine(text="Қазақша: ә ғ қ ң ө ұ ү һ і", size=0.05),
            ]
            render_card(
                size,
                lines,
                Path(tmp) / f"slide{number:04d}.png",
                background=SLIDE_COLOURS[number % len(SLIDE_COLOURS)],
            )
        argv = lecture_source_argv(
            exe,
            slides_pattern=str(Path(tmp) / "slide%04d.png"),
            slide_seconds=slide_seconds,
            size=size,
            seconds=seconds,
            output=out_path,
            threads=options.threads,
        )
        runner.run(argv)
    return out_path


def make_test_source(
    profile: ChannelProfile,
    seconds: float,
    out_path: Path,
    *,
    text: str = "Telesabaq test lecture",
    options: EncodeOptions | None = None,
) -> Rendition:
    """Generate a synthetic lecture and render it to a rendition at ``out_path`` (a ``.ts``).

    The index lands beside it as ``<stem>.index.json``.
    """
    out_path = Path(out_path)
    stem = out_path.name.removesuffix(".ts")
    size = (min(640, profile.video.width), min(360, profile.video.height))
    with tempfile.TemporaryDirectory(prefix="telesabaq-src-") as tmp:
        source = write_lecture_source(
            Path(tmp) / "lecture.mkv", seconds, size=size, text=text, options=options
        )
        return make_rendition(source, profile, out_path.parent, name=stem, options=options)
