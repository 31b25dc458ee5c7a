"""FFmpeg command lines as data: profile + MediaInfo -> ffmpeg-python graph -> argv. Pure.

Nothing here starts a process (that is :mod:`encoder.runner`), so the tests assert the argv.

The encode graph conforms any upload to the profile's house format:

* video: deinterlace (yadif) if the source is interlaced, convert to the profile's constant frame
  rate (``fps``, which also turns VFR into CFR), scale to fit the profile's display aspect keeping
  the picture's own aspect (pillar- or letterbox ``pad``), set the profile's SAR; rotation metadata
  is applied by FFmpeg's autorotate before our filters, so portrait phone video stands upright;
* audio: resample to 48 kHz, map any layout to stereo (libswresample's ITU downmix for 5.1),
  EBU R128 normalisation (``loudnorm`` in linear mode with the first pass's measurements);
* both are padded (``tpad``/``apad``) and cut at one duration that is a whole number of video
  frames, so video ends on a complete access unit and audio ends within one audio frame of it;
* the mux is a constant-rate TS (``-muxrate``) with the profile's PIDs and a PCR every
  ``pcr_period_ms``; AAC goes as LATM/LOAS (stream type 0x11) or ADTS (0x0F).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import ffmpeg

from encoder.loudness import LoudnessMeasurement, linear_gain_db
from encoder.probe import MediaInfo
from encoder.profiles import MPEG2_LEVELS, ChannelProfile, VideoSpec

__all__ = [
    "EncodePlan",
    "active_picture",
    "encode_argv",
    "loudness_measure_argv",
    "verify_argv",
]

MPEG2_PROFILE_IDS = {"main": 4, "simple": 5}  # FFmpeg's -profile:v numbers for mpeg2video
BASE_ARGS = ("-hide_banner", "-nostdin", "-y", "-loglevel", "repeat+level+warning")


@dataclass(frozen=True, slots=True, kw_only=True)
class EncodePlan:
    """Everything one encode needs besides the profile.

    ``still`` is a picture to loop as video (audio-only lectures, cards, filler); ``frames`` is the
    rendition length in video frames; ``loudness`` is the first pass's measurement (None skips
    normalisation, e.g. for silence); ``threads`` caps FFmpeg's threads so a core stays free.
    """

    source: Path | None
    media: MediaInfo | None
    still: Path | None
    frames: int
    output: Path = Path("-")
    loudness: LoudnessMeasurement | None = None
    threads: int = 1
    progress: str | None = "pipe:1"


def active_picture(display_aspect: Fraction, video: VideoSpec) -> tuple[int, int]:
    """Size in stored pixels of the picture inside the profile's frame, keeping its aspect.

    A picture wider than the profile's display aspect is letterboxed (full width), a narrower one
    pillarboxed (full height). The results are even (4:2:0 chroma).
    """
    if display_aspect >= video.dar:
        height = video.height * video.dar / display_aspect
        return video.width, min(video.height, _even(height))
    width = video.width * display_aspect / video.dar
    return min(video.width, _even(width)), video.height


def _even(value: Fraction) -> int:
    return max(2, round(value / 2) * 2)


def encode_argv(ffmpeg_exe: str, profile: ChannelProfile, plan: EncodePlan) -> list[str]:
    """The argv of one rendition encode."""
    video, audio = _video_source(profile, plan), _audio_source(profile, plan)
    out = ffmpeg.output(
        video,
        audio,
        str(plan.output),
        **_video_codec_args(profile, still=plan.still is not None),
        **_audio_codec_args(profile),
        **_mux_args(profile),
        t=_seconds(plan.frames, profile.video.frame_rate),
        threads=plan.threads,
        filter_threads=plan.threads,
        filter_complex_threads=plan.threads,
    )
    argv = out.compile(cmd=ffmpeg_exe)
    stream_ids = [
        "-streamid",
        f"0:{profile.mux.video_pid}",
        "-streamid",
        f"1:{profile.mux.audio_pid}",
    ]
    return [argv[0], *BASE_ARGS, *_progress(plan.progress), *argv[1:-1], *stream_ids, argv[-1]]


def _progress(target: str | None) -> list[str]:
    return ["-nostats", "-progress", target] if target else ["-nostats"]


def _seconds(frames: int, rate: Fraction) -> str:
    return f"{float(Fraction(frames) / rate):.6f}"


def _video_source(profile: ChannelProfile, plan: EncodePlan) -> Any:
    v = profile.video
    if plan.still is not None:
        stream = ffmpeg.input(str(plan.still), loop=1, framerate=str(v.frame_rate)).video
        aspect = v.dar  # stills are drawn at the profile's display aspect (encoder.stills)
    else:
        assert plan.media is not None
        assert plan.media.video is not None
        stream = ffmpeg.input(str(plan.source))[f"{plan.media.video.index}"]
        aspect = plan.media.video.display_aspect
        if plan.media.video.interlaced:
            stream = stream.filter("yadif", mode="send_frame", parity="auto", deint="all")
    width, height = active_picture(aspect, v)
    stream = (
        stream.filter("fps", fps=str(v.frame_rate), start_time=0)
        .filter("scale", width, height, flags="bicubic")
        .filter("pad", v.width, v.height, "(ow-iw)/2", "(oh-ih)/2", color="black")
        .filter("setsar", f"{v.sar.numerator}/{v.sar.denominator}")
        .filter("format", "yuv420p")
    )
    if v.field_order == "tff":
        stream = stream.filter("setfield", "tff")
    return stream.filter("tpad", stop=-1, stop_mode="clone")


# FFmpeg encoders' priming: (initial_padding samples, frames emitted beyond ceil(N / frame)).
# The first packet is stamped -initial_padding; AAC also flushes one extra frame at the end.
ENCODER_DELAY: dict[str, tuple[int, int]] = {"aac": (1024, 1), "mp2": (481, 0), "ac3": (256, 0)}
FRAME_SAMPLES: dict[str, int] = {"aac": 1024, "mp2": 1152, "ac3": 1536}


def audio_alignment(profile: ChannelProfile, frames: int) -> tuple[int, int]:
    """(samples to drop at the start, samples to encode) so that audio fits the video exactly.

    The encoder's priming would put the first audio frame before the first picture, and a
    splice of two renditions would then overlap audio. So the packets are restamped later by
    the priming (``setts`` bitstream filter) and the same number of samples is cut from the
    start, keeping lip sync; the encoded length is chosen so the audio ends at most one frame
    before the video: never after it, so back-to-back renditions never overlap.
    """
    a = profile.audio
    padding, extra = ENCODER_DELAY[a.codec]
    frame = FRAME_SAMPLES[a.codec]
    video_samples = Fraction(frames) / profile.video.frame_rate * a.sample_rate
    whole_frames = int(video_samples // frame)
    return padding, max(1, whole_frames - extra) * frame


def _audio_source(profile: ChannelProfile, plan: EncodePlan) -> Any:
    a = profile.audio
    layout = "stereo" if a.channels == 2 else "mono"
    if plan.media is None or plan.media.audio is None:
        stream = ffmpeg.input(f"anullsrc=r={a.sample_rate}:cl={layout}", f="lavfi").audio
    else:
        stream = ffmpeg.input(str(plan.source))[f"{plan.media.audio.index}"]
        stream = stream.filter("aresample", a.sample_rate, **{"async": 1, "first_pts": 0})
        stream = stream.filter("aformat", sample_rates=a.sample_rate, channel_layouts=layout)
        stream = _normalise(stream, profile, plan.loudness)
    drop, keep = audio_alignment(profile, plan.frames)
    return (
        stream.filter("atrim", start_sample=drop)
        .filter("asetpts", "PTS-STARTPTS")
        .filter("apad")
        .filter("atrim", end_sample=keep)
    )


def _normalise(stream: Any, profile: ChannelProfile, m: LoudnessMeasurement | None) -> Any:
    """Second EBU R128 pass: one linear gain when it fits under the true-peak limit, else
    ``loudnorm`` with the first pass's measurements (it limits the peaks)."""
    if m is None or m.integrated_lufs is None:
        return stream
    target = profile.loudness
    gain = linear_gain_db(m, target.target_lufs, target.true_peak_dbtp)
    if gain is not None:
        return stream.filter("volume", f"{gain}dB", precision="double")
    return stream.filter(
        "loudnorm",
        I=target.target_lufs,
        TP=target.true_peak_dbtp,
        LRA=max(target.lra_lu, m.lra_lu or 0.0),
        measured_I=m.integrated_lufs,
        measured_TP=m.true_peak_dbtp,
        measured_LRA=m.lra_lu,
        measured_thresh=m.threshold_lufs,
        offset=m.target_offset_lu,
        linear="true",
    ).filter("aresample", profile.audio.sample_rate)


def _video_codec_args(profile: ChannelProfile, *, still: bool) -> dict[str, Any]:
    v = profile.video
    gop = v.still_gop_length if still else v.gop_length
    rate = {"b:v": v.bitrate, "minrate": v.bitrate, "maxrate": v.bitrate, "bufsize": v.buffer_size}
    # No scene-cut keyframes: GOPs stay regular so RAPs fall on a fixed grid.
    scenecut_off = 0 if v.codec == "h264" else 1_000_000_000  # mpeg2video's "off" with cgop
    common = {
        "g": gop,
        "keyint_min": gop,
        "sc_threshold": scenecut_off,
        "bf": 0 if gop < 3 else v.b_frames,
    }
    if v.codec == "h264":
        params = ["nal-hrd=cbr", "force-cfr=1", "open-gop=0", "scenecut=0", "aud=1"]
        if v.field_order == "tff":
            params += ["interlaced=1", "tff=1"]
        return {
            "c:v": "libx264",
            "preset": v.preset,
            "profile:v": v.profile,
            "level:v": v.level,
            "x264-params": ":".join(params),
            "flags": "+cgop",
            **rate,
            **common,
        }
    flags = "+cgop+ilme+ildct" if v.field_order == "tff" else "+cgop"
    return {
        "c:v": "mpeg2video",
        "profile:v": MPEG2_PROFILE_IDS[v.profile],
        "level:v": MPEG2_LEVELS[v.level],
        "flags": flags,
        "intra_vlc": 1,
        "rc_init_occupancy": v.buffer_size,
        **rate,
        **common,
    }


def _audio_codec_args(profile: ChannelProfile) -> dict[str, Any]:
    a = profile.audio
    padding = ENCODER_DELAY[a.codec][0]
    return {
        "c:a": a.codec,
        "b:a": a.bitrate,
        "ar": a.sample_rate,
        "ac": a.channels,
        "bsf:a": f"setts=ts=TS+{padding}",  # see audio_alignment()
    }


def _mux_args(profile: ChannelProfile) -> dict[str, Any]:
    m = profile.mux
    flags = "+system_b+latm" if profile.audio.transport == "latm" else "+system_b"
    return {
        "f": "mpegts",
        "muxrate": m.mux_rate,
        "pcr_period": m.pcr_period_ms,
        "mpegts_flags": flags,
        "mpegts_service_id": m.program_number,
        "mpegts_pmt_start_pid": m.pmt_pid,
        "fflags": "+bitexact",
        "pes_payload_size": 0,  # one audio frame per PES: exact PTS for every audio frame
    }


def loudness_measure_argv(ffmpeg_exe: str, source: Path, audio_index: int) -> list[str]:
    """First loudness pass: an audio-only decode through ``ebur128`` (after the stereo mapping)."""
    stream = ffmpeg.input(str(source))[f"{audio_index}"]
    stream = stream.filter("aformat", channel_layouts="stereo")
    stream = stream.filter("ebur128", peak="true", framelog="verbose", metadata=0)
    argv = ffmpeg.output(stream, "-", f="null", vn=None, sn=None, dn=None).compile(cmd=ffmpeg_exe)
    return [
        argv[0],
        "-hide_banner",
        "-nostdin",
        "-nostats",
        "-loglevel",
        "repeat+level+info",
        *argv[1:],
    ]


def verify_argv(ffmpeg_exe: str, rendition: Path, *, threads: int = 1) -> list[str]:
    """One decode of the whole rendition: video to null, audio through ``ebur128``.

    Decoder complaints come out at level error/warning; the loudness summary at info. The
    ``level`` log prefix tells them apart (see :mod:`encoder.verify`).
    """
    source = ffmpeg.input(str(rendition))
    audio = source["a:0"].filter("ebur128", peak="true", framelog="verbose", metadata=0)
    out = ffmpeg.output(source["v:0"], audio, "-", f="null", threads=threads)
    argv = out.compile(cmd=ffmpeg_exe)
    return [
        argv[0],
        "-hide_banner",
        "-nostdin",
        "-nostats",
        "-loglevel",
        "repeat+level+info",
        *argv[1:],
    ]


def lecture_source_argv(
    ffmpeg_exe: str,
    *,
    slides_pattern: str,
    slide_seconds: float,
    size: tuple[int, int],
    seconds: float,
    output: Path,
    threads: int = 1,
) -> list[str]:
    """A synthetic lecture: numbered slides changing every ``slide_seconds``, a small moving
    "speaker" inset (``testsrc2``), and speech-like audio (a voiced tone with a wandering pitch,
    harmonics and syllable-rate amplitude modulation, with pauses)."""
    width, height = size
    slides = ffmpeg.input(slides_pattern, framerate=f"1/{slide_seconds}").video.filter("fps", 25)
    inset_w, inset_h = _even(Fraction(width, 5)), _even(Fraction(height, 5))
    inset = ffmpeg.input(f"testsrc2=s={inset_w}x{inset_h}:r=25", f="lavfi").video
    video = ffmpeg.overlay(
        slides.filter("scale", width, height).filter("format", "yuv420p"),
        inset,
        x=f"W-w-{width // 40}",
        y=f"H-h-{height // 20}-{height // 60}*sin(t)",
        shortest=1,
    )
    # Phase of a 120 Hz voice whose pitch wanders +-30 Hz at 0.37 Hz: the integral of the
    # instantaneous frequency (writing sin(2 pi f(t) t) instead would chirp ever higher).
    phase = "(2*PI*120*t+(30/0.37)*(1-cos(2*PI*0.37*t)))"
    voice = f"(sin({phase})+0.5*sin(2*{phase})+0.25*sin(3*{phase}))"
    envelope = "pow(0.5+0.5*sin(2*PI*3.1*t),2)*gt(sin(2*PI*0.21*t),-0.6)"
    audio = ffmpeg.input(f"aevalsrc='0.2*{voice}*{envelope}':s=44100:c=mono", f="lavfi").audio
    out = ffmpeg.output(
        video,
        audio,
        str(output),
        t=f"{seconds:.3f}",
        **{"c:v": "libx264", "c:a": "aac"},
        preset="ultrafast",
        crf=30,
        pix_fmt="yuv420p",
        threads=threads,
        f="matroska",
    )
    argv = out.compile(cmd=ffmpeg_exe)
    return [argv[0], *BASE_ARGS, "-nostats", *argv[1:]]
