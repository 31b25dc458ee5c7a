"""Tiny real media for tests, made with our encoding FFmpeg (imageio-ffmpeg) from lavfi sources."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

import imageio_ffmpeg


def tiny_media(
    path: Path, seconds: float, *, video: Sequence[str] = (), container: Sequence[str] = ()
) -> Path:
    """A 160x90 H.264 (an IDR every second) + AAC file of `seconds`, made once per path.

    `video` adds video output options and `container` says how the file is stored; both go
    where FFmpeg reads them as output options, before the path."""
    if not path.exists():
        subprocess.run(
            [
                imageio_ffmpeg.get_ffmpeg_exe(),
                *("-v", "error", "-y"),
                *("-f", "lavfi", "-i", f"testsrc2=size=160x90:rate=10:duration={seconds}"),
                *("-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"),
                *("-c:v", "libx264", "-preset", "ultrafast", "-g", "10", *video),
                *("-c:a", "aac", "-b:a", "32k", "-shortest", *container),
                str(path),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    return path


def tiny_mp4(path: Path, seconds: float = 1.0) -> Path:
    """A 160x90 H.264 + AAC MP4 of `seconds` (a few kB), its index up front for streaming."""
    return tiny_media(path, seconds, container=("-movflags", "+faststart"))


def tiny_ts(path: Path, seconds: float = 2.0) -> Path:
    """A 160x90 H.264 + AAC MPEG-TS with an IDR every second (a stand-in rendition)."""
    return tiny_media(path, seconds, video=("-pix_fmt", "yuv420p"), container=("-f", "mpegts"))
