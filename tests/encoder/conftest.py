"""Inputs for the encoder tests, generated once per session by FFmpeg from lavfi sources.

Each input is what course staff upload in real life, made small: a few seconds, low resolution,
except the 4K input, which must really be 3840x2160 (it is one second at 5 fps).
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

import av
import pytest

from encoder.profiles import ChannelProfile, get_profile
from encoder.rendition import Rendition, make_rendition
from encoder.runner import ffmpeg_exe
from encoder.testsource import write_lecture_source

FF = ffmpeg_exe()
# A voiced tone (130 Hz +- 25 Hz, phase-integrated) with a harmonic and syllable-rate envelope.
_PHASE = "(2*PI*130*t+(25/0.4)*(1-cos(2*PI*0.4*t)))"
SPEECH = (
    f"aevalsrc='0.25*(sin({_PHASE})+0.4*sin(2*{_PHASE}))"
    "*pow(0.5+0.5*sin(2*PI*3*t),2)':s={rate}:c={layout}:d={seconds}"
)


def ffmpeg(*args: str) -> None:
    subprocess.run([FF, "-hide_banner", "-nostdin", "-v", "error", "-y", *args], check=True)


def lavfi_encode(out: Path, *sources: str, options: Sequence[str]) -> Path:
    """Encode lavfi `sources` (each its own ``-f lavfi -i`` input, in order) into `out` with the
    output `options`: the one argv shape every generated input shares."""
    inputs = [arg for source in sources for arg in ("-f", "lavfi", "-i", source)]
    ffmpeg(*inputs, *options, str(out))
    return out


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("inputs")


@pytest.fixture(scope="session")
def tiny() -> ChannelProfile:
    return get_profile("test-tiny-h264")


@pytest.fixture(scope="session")
def tiny_mpeg2() -> ChannelProfile:
    return get_profile("test-tiny-mpeg2")


@pytest.fixture(scope="session")
def slides_input(media_dir: Path) -> Path:
    """Slides-like still content with a small moving inset and speech-like audio (MKV)."""
    return write_lecture_source(media_dir / "slides.mkv", 3.0, size=(480, 270), slide_seconds=1.5)


@pytest.fixture(scope="session")
def portrait_input(media_dir: Path) -> Path:
    """A phone video: stored 1920x1080 with rotation metadata 90 -> shown 1080x1920 (MOV)."""
    flat = lavfi_encode(
        media_dir / "portrait-flat.mov",
        "testsrc2=s=1920x1080:r=30:d=2",
        SPEECH.format(rate=48000, layout="mono", seconds=2),
        options=["-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac"],
    )
    out = media_dir / "portrait.mov"
    ffmpeg("-display_rotation", "90", "-i", str(flat), "-c", "copy", str(out))
    return out


@pytest.fixture(scope="session")
def vfr_input(media_dir: Path) -> Path:
    """29.97 fps with dropped frames and variable timestamps (screen-recorder style, MP4)."""
    return lavfi_encode(
        media_dir / "vfr.mp4",
        "testsrc2=s=320x240:r=30000/1001:d=3",
        SPEECH.format(rate=44100, layout="stereo", seconds=3),
        options=[
            *("-vf", "select='not(eq(mod(n\\,4)\\,1))'", "-fps_mode", "vfr"),
            *("-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac"),
        ],
    )


@pytest.fixture(scope="session")
def surround_input(media_dir: Path) -> Path:
    """VP9 video with 5.1 Opus audio (WebM)."""
    channels = "|".join(f"0.1*sin(2*PI*{200 + 50 * i}*t)*pow(sin(2*PI*2*t),2)" for i in range(6))
    return lavfi_encode(
        media_dir / "surround.webm",
        "testsrc2=s=320x240:r=25:d=2",
        f"aevalsrc='{channels}':s=48000:c=5.1:d=2",
        options=[
            *("-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "200k"),
            *("-c:a", "libopus", "-b:a", "128k", "-mapping_family", "1"),
        ],
    )


@pytest.fixture(scope="session")
def audio_only_input(media_dir: Path) -> Path:
    """A voice recording with no picture (MP3)."""
    return lavfi_encode(
        media_dir / "voice.mp3",
        SPEECH.format(rate=44100, layout="mono", seconds=3),
        options=["-c:a", "libmp3lame", "-b:a", "64k"],
    )


@pytest.fixture(scope="session")
def no_audio_input(media_dir: Path) -> Path:
    """AV1 video without any audio (MP4)."""
    return lavfi_encode(
        media_dir / "silent.mp4",
        "testsrc2=s=320x180:r=25:d=2",
        options=[
            *("-c:v", "libsvtav1", "-preset", "12", "-crf", "50"),
            *("-svtav1-params", "log-level=0"),
        ],
    )


@pytest.fixture(scope="session")
def uhd_input(media_dir: Path) -> Path:
    """A real 3840x2160 HEVC input, one second at 5 fps, AAC audio (MP4)."""
    return lavfi_encode(
        media_dir / "uhd.mp4",
        "testsrc2=s=3840x2160:r=5:d=1",
        SPEECH.format(rate=48000, layout="stereo", seconds=1),
        options=[
            *("-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error"),
            *("-c:a", "aac"),
        ],
    )


@pytest.fixture(scope="session")
def interlaced_input(media_dir: Path) -> Path:
    """Interlaced SD (720x576i25, top field first) MPEG-2 with PCM audio (MKV)."""
    return lavfi_encode(
        media_dir / "interlaced.mkv",
        "testsrc2=s=720x576:r=25:d=2",
        SPEECH.format(rate=48000, layout="stereo", seconds=2),
        options=[
            *("-vf", "setfield=tff", "-flags", "+ilme+ildct"),
            *("-c:v", "mpeg2video", "-b:v", "3M", "-c:a", "pcm_s16le"),
        ],
    )


@pytest.fixture(scope="session")
def render(
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[..., Rendition]:
    """make_rendition into a fresh directory, cached per (input, profile) for the session."""
    cache: dict[tuple[Path, str, str | None], Rendition] = {}

    def _render(source: Path, profile: ChannelProfile, title: str | None = None) -> Rendition:
        key = (source, profile.name, title)
        if key not in cache:
            out = tmp_path_factory.mktemp(f"r-{source.stem}-{profile.name}")
            cache[key] = make_rendition(source, profile, out, title=title)
        return cache[key]

    return _render


def _decode_frame(ts_path: Path, index: int = 0) -> av.VideoFrame:
    with av.open(str(ts_path)) as container:
        for n, frame in enumerate(container.decode(video=0)):
            if n == index:
                return frame
    raise AssertionError(f"{ts_path} has fewer than {index + 1} pictures")


@pytest.fixture(scope="session")
def decode_frame() -> Callable[..., av.VideoFrame]:
    """The index-th decoded picture of a rendition (PyAV)."""
    return _decode_frame
