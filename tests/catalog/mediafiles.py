"""Tiny real media for tests, made with our encoding FFmpeg (imageio-ffmpeg) from lavfi sources."""

from __future__ import annotations

import subprocess
from pathlib import Path

import imageio_ffmpeg


def tiny_mp4(path: Path, seconds: float = 1.0) -> Path:
    """A 160x90 H.264 + AAC MP4 of `seconds` (a few kB)."""
    if not path.exists():
        subprocess.run(
            [
                imageio_ffmpeg.get_ffmpeg_exe(),
                "-v",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                f"testsrc2=size=160x90:rate=10:duration={seconds}",
                "-f",
                "lavfi",
                "-i",
                f"sine=frequency=440:duration={seconds}",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-g",
                "10",
                "-c:a",
                "aac",
                "-b:a",
                "32k",
                "-shortest",
                "-movflags",
                "+faststart",
                str(path),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    return path


def tiny_ts(path: Path, seconds: float = 2.0) -> Path:
    """A 160x90 H.264 + AAC MPEG-TS with an IDR every second (a stand-in rendition)."""
    if not path.exists():
        subprocess.run(
            [
                imageio_ffmpeg.get_ffmpeg_exe(),
                "-v",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                f"testsrc2=size=160x90:rate=10:duration={seconds}",
                "-f",
                "lavfi",
                "-i",
                f"sine=frequency=440:duration={seconds}",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-g",
                "10",
                "-pix_fmt",
                "yuv420p",
                "-c:a",
                "aac",
                "-b:a",
                "32k",
                "-shortest",
                "-f",
                "mpegts",
                str(path),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    return path
