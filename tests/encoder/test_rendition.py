"""make_rendition end to end: real FFmpeg encodes of lavfi inputs, checked by independent tools."""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from encoder.errors import (
    AbsurdDimensionsError,
    CancelledError,
    EmptyInputError,
    InputError,
    NoDecodableStreamError,
    NotMediaError,
    TruncatedInputError,
    VerificationError,
)
from encoder.profiles import ChannelProfile, builtin_profiles
from encoder.rendition import EncodeOptions, Rendition, make_rendition, sweep_partials
from encoder.runner import Runner
from encoder.verify import check_streams
from mpegts.rendition_index import RenditionIndex

DEBIAN_FFPROBE = "/usr/bin/ffprobe"
DEBIAN_FFMPEG = "/usr/bin/ffmpeg"


def ffprobe_streams(path: Path) -> list[dict[str, object]]:
    out = subprocess.run(
        [DEBIAN_FFPROBE, "-v", "error", "-show_streams", "-of", "json", str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return list(json.loads(out)["streams"])


def assert_channel_ready(rendition: Rendition, profile: ChannelProfile) -> RenditionIndex:
    """What every rendition must satisfy, whatever the input was."""
    index = rendition.index
    data = rendition.ts_path.read_bytes()
    assert index.verification.passed
    assert index.verification.problems == ()
    assert index.ts_size == len(data)
    assert index.sha256 == hashlib.sha256(data).hexdigest()
    assert RenditionIndex.from_json(rendition.index_path.read_text()) == index
    assert (index.pmt_pid, index.video.pid, index.audio[0].pid) == (
        profile.mux.pmt_pid,
        profile.mux.video_pid,
        profile.mux.audio_pid,
    )
    assert index.video.stream_type == profile.video_stream_type
    assert index.audio[0].stream_type == profile.audio_stream_type
    first = index.random_access_points[0]
    assert first.pts == index.video.first_pts
    # the first video PES starts at the first RAP: nothing of the video precedes it
    video_pid = profile.mux.video_pid
    packets = np.frombuffer(data, np.uint8).reshape(-1, 188)
    pids = ((packets[:, 1].astype(int) & 0x1F) << 8) | packets[:, 2]
    payload = (packets[:, 3] & 0x10) != 0
    assert int(np.flatnonzero((pids == video_pid) & payload)[0]) == first.packet_index
    # TS is constant-rate at the profile's mux rate: bytes between PCRs over PCR time
    has_pcr = ((packets[:, 3] & 0x20) != 0) & (packets[:, 4] > 0) & ((packets[:, 5] & 0x10) != 0)
    at = np.flatnonzero(has_pcr & (pids == index.pcr_pid))
    bits = (int(at[-1]) - int(at[0])) * 188 * 8
    assert bits / ((index.last_pcr - index.first_pcr) / 27e6) == pytest.approx(
        profile.mux.mux_rate, rel=0.01
    )
    # the independent ffprobe agrees on the format
    streams = {s["codec_type"]: s for s in ffprobe_streams(rendition.ts_path)}
    assert (streams["video"]["width"], streams["video"]["height"]) == (
        profile.video.width,
        profile.video.height,
    )
    assert streams["video"]["r_frame_rate"] == "25/1"
    assert streams["audio"]["sample_rate"] == "48000"
    assert streams["audio"]["channels"] == 2
    return index


def assert_normalised(index: RenditionIndex, profile: ChannelProfile) -> None:
    loud = index.loudness
    assert loud.integrated_lufs == pytest.approx(profile.loudness.target_lufs, abs=1.0)
    assert loud.true_peak_dbtp is not None
    assert loud.true_peak_dbtp <= -1.0 + 0.05


def test_slides_lecture_to_tiny_profile(
    slides_input: Path, tiny: ChannelProfile, render: Callable[..., Rendition]
) -> None:
    rendition = render(slides_input, tiny)
    index = assert_channel_ready(rendition, tiny)
    assert_normalised(index, tiny)
    assert rendition.ts_path.name == "slides.test-tiny-h264.ts"
    assert rendition.index_path.name == "slides.test-tiny-h264.index.json"
    assert index.duration % 3600 == 0  # whole frames, in 90 kHz ticks
    assert index.duration == pytest.approx(3 * 90_000, abs=3600)  # 3 s (+ AAC priming)
    raps = index.random_access_points
    assert {b.pts - a.pts for a, b in itertools.pairwise(raps)} == {25 * 3600}
    assert len(raps) == -(-index.duration // (25 * 3600))
    assert index.video.end_pts == index.video.first_pts + index.duration
    audio = index.audio[0]
    assert audio.first_pts == index.video.first_pts  # the encoder's priming is restamped away
    assert 0 <= index.video.end_pts - audio.end_pts < 1920  # ends within one AAC frame
    assert index.audio[0].codec == "aac_latm"
    assert index.video.codec == "h264"


def test_portrait_phone_video_is_upright_and_pillarboxed(
    portrait_input: Path,
    tiny: ChannelProfile,
    render: Callable[..., Rendition],
    decode_frame: Callable[..., object],
) -> None:
    rendition = render(portrait_input, tiny)
    assert_channel_ready(rendition, tiny)
    luma = decode_frame(rendition.ts_path, 10).to_ndarray(format="gray")
    assert luma.shape == (180, 320)
    active = 102  # 9:16 picture in a 16:9 frame of 320x180: 180 * 9/16 = 101.25 -> even
    side = (320 - active) // 2
    assert luma[:, : side - 2].max() < 24
    assert luma[:, side + active + 2 :].max() < 24
    assert luma[:, side + 4 : side + active - 4].std() > 20


def test_vfr_input_becomes_constant_25(
    vfr_input: Path, tiny: ChannelProfile, render: Callable[..., Rendition]
) -> None:
    index = assert_channel_ready(render(vfr_input, tiny), tiny)
    assert index.duration == pytest.approx(3 * 90_000, abs=3600)


def test_surround_is_mixed_to_stereo_and_normalised(
    surround_input: Path, tiny: ChannelProfile, render: Callable[..., Rendition]
) -> None:
    index = assert_channel_ready(render(surround_input, tiny), tiny)
    assert_normalised(index, tiny)


def test_audio_only_lecture_gets_a_titled_slate(
    audio_only_input: Path,
    tiny: ChannelProfile,
    render: Callable[..., Rendition],
    decode_frame: Callable[..., object],
) -> None:
    rendition = render(audio_only_input, tiny, "Физика: 1-дәріс")
    index = assert_channel_ready(rendition, tiny)
    assert_normalised(index, tiny)
    luma = decode_frame(rendition.ts_path, 0).to_ndarray(format="gray")
    assert luma.max() > 200  # the title is drawn in white on the dark slate
    assert index.duration == pytest.approx(3 * 90_000, abs=2 * 3600)


def test_video_without_audio_gets_silence(
    no_audio_input: Path, tiny: ChannelProfile, render: Callable[..., Rendition]
) -> None:
    rendition = render(no_audio_input, tiny)
    index = assert_channel_ready(rendition, tiny)
    assert index.loudness.integrated_lufs is None  # silence is below the R128 gate
    assert any("silence" in w for w in rendition.warnings)


def test_uhd_input_is_scaled_down(
    uhd_input: Path, tiny: ChannelProfile, render: Callable[..., Rendition]
) -> None:
    index = assert_channel_ready(render(uhd_input, tiny), tiny)
    assert index.duration == pytest.approx(90_000, abs=3600)


def test_interlaced_sd_to_dvb_c_sd(
    interlaced_input: Path,
    render: Callable[..., Rendition],
    decode_frame: Callable[..., object],
) -> None:
    profile = builtin_profiles()["dvb-c-sd"]
    rendition = render(interlaced_input, profile)
    index = assert_channel_ready(rendition, profile)
    assert_normalised(index, profile)
    assert index.video.codec == "mpeg2video"
    assert index.audio[0].codec == "mp2"
    frame = decode_frame(rendition.ts_path, 3)
    assert frame.interlaced_frame
    video = next(s for s in ffprobe_streams(rendition.ts_path) if s["codec_type"] == "video")
    assert video["sample_aspect_ratio"] == "64:45"
    assert video["display_aspect_ratio"] == "16:9"
    assert video["field_order"] == "tt"


@pytest.mark.slow
@pytest.mark.parametrize("name", ["dvb-t2-hd", "dvb-t2-hd-adts", "dvb-s2-hd", "dvb-s2-hd-25i-ac3"])
def test_broadcast_hd_profiles(
    name: str, slides_input: Path, render: Callable[..., Rendition]
) -> None:
    profile = builtin_profiles()[name]
    index = assert_channel_ready(render(slides_input, profile), profile)
    assert_normalised(index, profile)
    video = next(
        s
        for s in ffprobe_streams(render(slides_input, profile).ts_path)
        if s["codec_type"] == "video"
    )
    assert (video["profile"], video["level"]) == ("High", 40)


# --- refused inputs leave nothing behind ----------------------------------------------------


def _broken_inputs(tmp: Path, portrait: Path) -> dict[str, tuple[Path, type[InputError]]]:
    from tests.encoder.test_probe import undecodable_mkv

    empty = tmp / "empty.mp4"
    empty.write_bytes(b"")
    text = tmp / "notes.mp4"
    text.write_text("not a video\n" * 50)
    cut = tmp / "cut.mov"
    cut.write_bytes(portrait.read_bytes()[:20_000])
    return {
        "zero bytes": (empty, EmptyInputError),
        "text named .mp4": (text, NotMediaError),
        "truncated": (cut, TruncatedInputError),
        "undecodable stream": (undecodable_mkv(tmp / "noise.mkv"), NoDecodableStreamError),
        "absurd dimensions": (
            undecodable_mkv(tmp / "huge.mkv", size=(16000, 9000)),
            AbsurdDimensionsError,
        ),
    }


def test_broken_inputs_get_specific_errors_and_no_rendition(
    tmp_path: Path, portrait_input: Path, tiny: ChannelProfile
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    out = tmp_path / "out"
    for case, (path, error) in _broken_inputs(inputs, portrait_input).items():
        with pytest.raises(error):
            make_rendition(path, tiny, out)
        assert not out.exists() or list(out.iterdir()) == [], case


def test_cancelled_encode_leaves_nothing_that_looks_ready(
    tmp_path: Path, slides_input: Path, tiny: ChannelProfile
) -> None:
    cancel = threading.Event()
    runner = Runner(cancel=cancel)

    def cancel_on_first_report(_progress: object) -> None:
        cancel.set()

    options = EncodeOptions(runner=runner, on_progress=cancel_on_first_report)
    with pytest.raises(CancelledError):
        make_rendition(slides_input, tiny, tmp_path, options=options)
    assert list(tmp_path.iterdir()) == []


def test_sweep_partials_removes_orphans_only(tmp_path: Path) -> None:
    (tmp_path / ".x.test.1234abcd.partial.ts").write_bytes(b"\x47" * 188)
    (tmp_path / "ready.ts").write_bytes(b"\x47" * 188)
    assert sweep_partials(tmp_path) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["ready.ts"]


@pytest.mark.slow
def test_killed_job_leaves_nothing_that_looks_ready(tmp_path: Path, slides_input: Path) -> None:
    """SIGKILL the whole encoding process group mid-encode: no index, no final TS."""
    script = (
        "import sys; from pathlib import Path; from encoder.profiles import get_profile; "
        "from encoder.rendition import make_rendition; "
        "make_rendition(Path(sys.argv[1]), get_profile('dvb-s2-hd'), Path(sys.argv[2]))"
    )
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(slides_input), str(out)], start_new_session=True
    )
    try:
        deadline = time.monotonic() + 60
        while not any(out.glob(".*.partial.ts")) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert any(out.glob(".*.partial.ts")), "the encode never started"
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    assert [p.name for p in out.iterdir() if not p.name.startswith(".")] == []
    assert sweep_partials(out) >= 1
    assert list(out.iterdir()) == []


def test_a_rendition_failing_verification_is_not_published(
    tmp_path: Path, slides_input: Path, tiny: ChannelProfile
) -> None:
    """A mux rate with too little headroom overflows: FFmpeg writes it anyway, we refuse it."""
    tight = dataclasses.replace(tiny, mux=dataclasses.replace(tiny.mux, mux_rate=280_000))
    with pytest.raises(VerificationError, match="after its decode time") as caught:
        make_rendition(slides_input, tight, tmp_path)
    assert any("mux rate is too low" in p for p in caught.value.problems)
    assert list(tmp_path.iterdir()) == []


def test_a_rendition_in_another_profile_or_level_is_refused(
    tmp_path: Path, slides_input: Path, tiny: ChannelProfile
) -> None:
    """The encoder honours the profile; should it not (an FFmpeg change, a preset that turns
    tools off), the decoder's view of the SPS refuses the rendition."""
    claims_high = dataclasses.replace(tiny, video=dataclasses.replace(tiny.video, profile="high"))
    rendition = make_rendition(slides_input, tiny, tmp_path)
    assert check_streams(rendition.ts_path, tiny) == []
    assert check_streams(rendition.ts_path, claims_high) == [
        "profile@level is ('Constrained Baseline', 40), profile wants ('High', 40)"
    ]
