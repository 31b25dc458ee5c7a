"""commands.py is pure: the FFmpeg argv is asserted, not run."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from encoder.commands import (
    EncodePlan,
    active_picture,
    audio_alignment,
    encode_argv,
    loudness_measure_argv,
    verify_argv,
)
from encoder.loudness import LoudnessMeasurement
from encoder.probe import AudioInfo, MediaInfo, VideoInfo
from encoder.profiles import builtin_profiles, get_profile

PROFILES = builtin_profiles()


def media(*, rotation: int = 0, interlaced: bool = False, audio: bool = True) -> MediaInfo:
    return MediaInfo(
        path=Path("in.mov"),
        size_bytes=1000,
        container="mov",
        duration=4.0,
        video=VideoInfo(
            index=0,
            codec="h264",
            width=1920,
            height=1080,
            sar=Fraction(1),
            frame_rate=Fraction(30),
            variable_frame_rate=False,
            rotation=rotation,
            interlaced=interlaced,
            field_order="tt" if interlaced else "progressive",
        ),
        audio=AudioInfo(index=1, codec="aac", sample_rate=44100, channels=6, layout="5.1")
        if audio
        else None,
    )


LOUD = LoudnessMeasurement(
    integrated_lufs=-18.5,
    true_peak_dbtp=-3.0,
    lra_lu=6.0,
    threshold_lufs=-28.5,
    target_offset_lu=0.2,
)


def argv_for(name: str, info: MediaInfo | None, **kw: object) -> list[str]:
    plan = EncodePlan(
        source=Path("in.mov"),
        media=info,
        still=kw.pop("still", None),
        frames=100,  # type: ignore[arg-type]
        output=Path("out.ts"),
        loudness=kw.pop("loudness", LOUD),
        threads=1,  # type: ignore[arg-type]
    )
    return encode_argv("ffmpeg", get_profile(name), plan)


def option(argv: list[str], name: str) -> str:
    return argv[argv.index(name) + 1]


def test_tiny_h264_argv() -> None:
    argv = argv_for("test-tiny-h264", media())
    assert argv[0] == "ffmpeg"
    assert argv[-1] == "out.ts"
    assert option(argv, "-c:v") == "libx264"
    assert option(argv, "-preset") == "ultrafast"
    assert option(argv, "-g") == "25"
    assert option(argv, "-keyint_min") == "25"
    assert option(argv, "-flags") == "+cgop"
    assert "nal-hrd=cbr" in option(argv, "-x264-params")
    assert "open-gop=0" in option(argv, "-x264-params")
    for rate in ("-b:v", "-minrate", "-maxrate"):
        assert option(argv, rate) == "250000"
    assert option(argv, "-f") == "mpegts"
    assert option(argv, "-muxrate") == "500000"
    assert option(argv, "-pcr_period") == "20"
    assert option(argv, "-mpegts_flags") == "+system_b+latm"
    assert option(argv, "-mpegts_pmt_start_pid") == "256"
    assert argv[-5:-1] == ["-streamid", "0:257", "-streamid", "1:258"]
    assert option(argv, "-t") == "4.000000"
    assert option(argv, "-threads") == "1"
    assert option(argv, "-bsf:a") == "setts=ts=TS+1024"
    assert option(argv, "-progress") == "pipe:1"


def test_filter_graph_conforms_picture_and_sound() -> None:
    graph = option(argv_for("dvb-t2-hd", media()), "-filter_complex")
    assert "fps=fps=25:start_time=0" in graph
    assert "scale=1280:720" in graph
    assert "pad=1280:720" in graph
    assert "setsar=1/1" in graph
    assert "aformat=channel_layouts=stereo:sample_rates=48000" in graph  # 5.1 -> stereo
    assert "volume=-4.5dB:precision=double" in graph  # -18.5 LUFS -> -23 LUFS in one gain
    assert "loudnorm" not in graph
    assert "atrim=start_sample=1024" in graph
    assert "yadif" not in graph


def test_hot_peaks_get_loudnorm_limiting() -> None:
    hot = LoudnessMeasurement(
        integrated_lufs=-30.0, true_peak_dbtp=-0.5, lra_lu=9.0, threshold_lufs=-40.0
    )
    graph = option(argv_for("dvb-t2-hd", media(), loudness=hot), "-filter_complex")
    assert "loudnorm=I=-23.0:LRA=11.0:TP=-1.0" in graph
    assert "measured_I=-30.0" in graph
    assert "measured_TP=-0.5" in graph
    assert "volume" not in graph


def test_portrait_is_pillarboxed_and_interlaced_is_deinterlaced() -> None:
    graph = option(argv_for("dvb-t2-hd", media(rotation=90)), "-filter_complex")
    assert "scale=404:720" in graph  # 720 * 9/16 = 405 -> an even width
    graph = option(argv_for("dvb-t2-hd", media(interlaced=True)), "-filter_complex")
    assert "yadif=deint=all:mode=send_frame:parity=auto" in graph


def test_interlaced_profiles_encode_fields() -> None:
    sd = argv_for("dvb-c-sd", media())
    assert option(sd, "-c:v") == "mpeg2video"
    assert option(sd, "-flags") == "+cgop+ilme+ildct"
    assert "setfield=tff" in option(sd, "-filter_complex")
    assert "setsar=64/45" in option(sd, "-filter_complex")
    assert option(sd, "-sc_threshold") == "1000000000"
    assert option(sd, "-mpegts_flags") == "+system_b"
    hd = argv_for("dvb-s2-hd-25i-ac3", media())
    assert "interlaced=1:tff=1" in option(hd, "-x264-params")
    assert option(hd, "-c:a") == "ac3"


def test_stills_get_an_idr_every_frame_and_silence() -> None:
    argv = argv_for("test-tiny-h264", None, still=Path("card.png"), loudness=None)
    assert option(argv, "-g") == "1"
    assert option(argv, "-bf") == "0"
    assert option(argv, "-loop") == "1"
    assert "anullsrc=r=48000:cl=stereo" in argv
    assert "loudnorm" not in option(argv, "-filter_complex")


def test_no_audio_gets_silence() -> None:
    argv = argv_for("test-tiny-mpeg2", media(audio=False), loudness=None)
    assert "anullsrc=r=48000:cl=stereo" in argv
    assert option(argv, "-c:a") == "mp2"


def test_measure_and_verify_argv() -> None:
    measure = loudness_measure_argv("ffmpeg", Path("in.mov"), 1)
    assert "-vn" in measure
    graph = option(measure, "-filter_complex")
    assert graph == (
        "[0:1]aformat=channel_layouts=stereo[s0];"
        "[s0]ebur128=framelog=verbose:metadata=0:peak=true[s1]"
    )
    assert measure[-1] == "-"
    verify = verify_argv("ffmpeg", Path("r.ts"), threads=2)
    assert "ebur128=framelog=verbose:metadata=0:peak=true" in option(verify, "-filter_complex")
    assert option(verify, "-loglevel") == "repeat+level+info"


@given(
    st.integers(16, 8000),
    st.integers(16, 8000),
    st.sampled_from(sorted(PROFILES)),
)
def test_active_picture_keeps_aspect_and_fits(width: int, height: int, name: str) -> None:
    assume(max(width, height) <= 16 * min(width, height))  # probe refuses anything beyond 16:1
    video = PROFILES[name].video
    aspect = Fraction(width, height)
    w, h = active_picture(aspect, video)
    assert 2 <= w <= video.width
    assert 2 <= h <= video.height
    assert w % 2 == 0
    assert h % 2 == 0
    assert w == video.width or h == video.height  # touches two edges: pillar or letterbox
    shown = Fraction(w) * video.sar / h
    assert abs(shown / aspect - 1) < Fraction(4, min(w, h)) + Fraction(1, 100)


@given(st.integers(1, 250_000), st.sampled_from(sorted(PROFILES)))
def test_audio_never_outlasts_video(frames: int, name: str) -> None:
    profile = PROFILES[name]
    drop, keep = audio_alignment(profile, frames)
    frame = {"aac": 1024, "mp2": 1152, "ac3": 1536}[profile.audio.codec]
    extra = 1 if profile.audio.codec == "aac" else 0
    encoded_frames = -(-keep // frame) + extra
    video_samples = Fraction(frames, 25) * 48_000
    if video_samples >= 2 * frame:
        assert video_samples - frame < encoded_frames * frame <= video_samples
    assert drop > 0
    assert keep % frame == 0


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_every_profile_builds(name: str) -> None:
    argv = argv_for(name, media())
    assert option(argv, "-muxrate") == str(PROFILES[name].mux.mux_rate)
