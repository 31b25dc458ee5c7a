"""Probe and validate: what each kind of upload is seen as, and what is refused and why."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from encoder.errors import (
    AbsurdDimensionsError,
    EmptyInputError,
    NoDecodableStreamError,
    NotMediaError,
    TruncatedInputError,
)
from encoder.probe import probe
from encoder.runner import Runner, ffmpeg_exe


def test_slides_lecture(slides_input: Path) -> None:
    info = probe(slides_input)
    assert info.container.startswith("matroska")
    assert info.video is not None
    assert info.audio is not None
    assert (info.video.codec, info.video.width, info.video.height) == ("h264", 480, 270)
    assert info.video.frame_rate == 25
    assert not info.video.variable_frame_rate
    assert info.audio.channels == 1
    assert info.audio.sample_rate == 44100
    assert info.duration == pytest.approx(3.0, abs=0.1)
    assert info.warnings == ()


def test_portrait_phone_video_reports_rotation(portrait_input: Path) -> None:
    info = probe(portrait_input)
    assert info.video is not None
    assert (info.video.width, info.video.height) == (1920, 1080)
    assert info.video.rotation in (90, 270)
    assert info.video.display_size == (1080, 1920)
    assert info.video.display_aspect == Fraction(9, 16)


def test_variable_frame_rate_is_detected(vfr_input: Path) -> None:
    info = probe(vfr_input)
    assert info.video is not None
    assert info.video.variable_frame_rate
    assert any("variable frame rate" in w for w in info.warnings)


def test_surround_audio_layout(surround_input: Path) -> None:
    info = probe(surround_input)
    assert info.audio is not None
    assert info.video is not None
    assert (info.audio.codec, info.audio.channels, info.audio.layout) == ("opus", 6, "5.1")
    assert info.video.codec == "vp9"


def test_audio_only_is_accepted(audio_only_input: Path) -> None:
    info = probe(audio_only_input)
    assert info.audio_only
    assert info.audio is not None
    assert info.audio.codec == "mp3"


def test_video_without_audio_is_accepted_with_a_warning(no_audio_input: Path) -> None:
    info = probe(no_audio_input)
    assert info.audio is None
    assert info.video is not None
    assert info.video.codec == "av1"
    assert any("silence" in w for w in info.warnings)


def test_uhd_input(uhd_input: Path) -> None:
    info = probe(uhd_input)
    assert info.video is not None
    assert (info.video.codec, info.video.width, info.video.height) == ("hevc", 3840, 2160)


def test_interlaced_sd_field_order(interlaced_input: Path) -> None:
    info = probe(interlaced_input)
    assert info.video is not None
    assert info.audio is not None
    assert info.video.interlaced
    assert info.video.field_order in ("tt", "tb")
    assert info.audio.codec == "pcm_s16le"


# --- refused inputs -------------------------------------------------------------------------


def test_zero_bytes(tmp_path: Path) -> None:
    empty = tmp_path / "lecture.mp4"
    empty.write_bytes(b"")
    with pytest.raises(EmptyInputError, match="empty"):
        probe(empty)


@pytest.mark.parametrize("container", ["mp4", "mkv"])
def test_zero_length_recording(tmp_path: Path, container: str) -> None:
    zero = tmp_path / f"zero.{container}"
    Runner(niceness=0).run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=s=64x64",
            "-f",
            "lavfi",
            "-i",
            "sine",
            "-t",
            "0",
            "-c:v",
            "libx264",
            "-c:a",
            "aac",
            str(zero),
        ]
    )
    with pytest.raises(EmptyInputError, match="zero length"):
        probe(zero)


def test_text_named_mp4(tmp_path: Path) -> None:
    text = tmp_path / "lecture.mp4"
    text.write_text("Lecture notes: chapter 1, chapter 2\n" * 20)
    with pytest.raises(NotMediaError, match="not a media file"):
        probe(text)


def test_truncated_mp4(tmp_path: Path, portrait_input: Path) -> None:
    data = portrait_input.read_bytes()
    cut = tmp_path / "cut.mov"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(TruncatedInputError, match="cut short"):
        probe(cut)


def undecodable_mkv(path: Path, size: tuple[int, int] = (320, 240)) -> Path:
    """A valid Matroska file whose only stream claims H.264 but carries noise."""
    rng = np.random.default_rng(7)
    with av.open(str(path), "w", format="matroska") as out:
        stream = out.add_stream("h264", rate=25)
        stream.width, stream.height = size
        for n in range(30):
            packet = av.Packet(rng.integers(0, 256, 2000, dtype=np.uint8).tobytes())
            packet.stream, packet.pts, packet.dts = stream, n, n
            packet.time_base = Fraction(1, 25)
            out.mux(packet)
    return path


def test_container_with_undecodable_stream(tmp_path: Path) -> None:
    with pytest.raises(NoDecodableStreamError, match="no stream can be decoded"):
        probe(undecodable_mkv(tmp_path / "noise.mkv"))


def test_absurd_declared_dimensions(tmp_path: Path) -> None:
    with pytest.raises(AbsurdDimensionsError, match="16000x9000"):
        probe(undecodable_mkv(tmp_path / "huge.mkv", size=(16000, 9000)))
