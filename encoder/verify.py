"""Check a finished rendition against its profile before it may look ready.

Three sources of evidence, each cheap:

1. one decode of the whole file by our FFmpeg (video to null, audio through ``ebur128``): any
   decoder error fails the rendition, and the same pass measures the output loudness;
2. PyAV's view of the streams (no decode): codec, profile@level, picture size, SAR, frame rate,
   audio format;
3. our TS scan (:mod:`encoder.gop_index`): PIDs and stream types, an IDR with parameter sets at
   the very first video PES, every GOP closed and of the profile's length, the CBR mux rate,
   the video bitrate within budget, PCR spacing, and audio ending within one audio frame of video.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import av.error

from encoder.commands import verify_argv
from encoder.gop_index import TsScan
from encoder.loudness import LoudnessMeasurement, LoudnessParseError, parse_ebur128_summary
from encoder.profiles import ChannelProfile, decoder_profile_level
from encoder.runner import Runner

__all__ = ["VerifyResult", "check_scan", "check_streams", "verify_rendition"]

_DECODER_TROUBLE = re.compile(r"\[(error|fatal|panic)\]")
PCR_MAX_MS = 40  # DVB recommends a PCR at least every 40 ms (TR 101 290 flags 100 ms)
MUX_RATE_TOLERANCE = 0.02
VIDEO_BUDGET_TOLERANCE = 0.05


@dataclass(frozen=True, slots=True, kw_only=True)
class VerifyResult:
    """Problems found (empty means the rendition passed) and the measured output loudness."""

    problems: tuple[str, ...]
    loudness: LoudnessMeasurement
    decoder: str

    @property
    def passed(self) -> bool:
        return not self.problems


def verify_rendition(
    ts_path: Path,
    scan: TsScan,
    profile: ChannelProfile,
    runner: Runner,
    *,
    ffmpeg_exe: str,
    expect_sound: bool,
    still: bool,
    threads: int = 1,
) -> VerifyResult:
    """Decode ``ts_path`` whole and check it; ``expect_sound`` is False for silent renditions."""
    result = runner.run(verify_argv(ffmpeg_exe, ts_path, threads=threads))
    problems = [
        f"decoder: {line.strip()}"
        for line in result.stderr.splitlines()
        if _DECODER_TROUBLE.search(line)
    ][:10]
    try:
        loudness = parse_ebur128_summary(result.stderr)
    except LoudnessParseError as exc:
        problems.append(str(exc))
        loudness = LoudnessMeasurement(integrated_lufs=None, true_peak_dbtp=None, lra_lu=None)
    problems += check_loudness(loudness, profile, expect_sound=expect_sound)
    problems += check_streams(ts_path, profile)
    problems += check_scan(scan, profile, still=still)
    return VerifyResult(problems=tuple(problems), loudness=loudness, decoder=ffmpeg_exe)


def check_loudness(
    m: LoudnessMeasurement, profile: ChannelProfile, *, expect_sound: bool
) -> list[str]:
    target = profile.loudness
    if not expect_sound:
        return [] if m.silent else [f"expected silence, measured {m.integrated_lufs} LUFS"]
    problems = []
    if (
        m.integrated_lufs is None
        or abs(m.integrated_lufs - target.target_lufs) > target.tolerance_lu
    ):
        problems.append(
            f"integrated loudness {m.integrated_lufs} LUFS is not "
            f"{target.target_lufs} +- {target.tolerance_lu} LU"
        )
    if m.true_peak_dbtp is not None and m.true_peak_dbtp > target.true_peak_dbtp + 0.05:
        problems.append(f"true peak {m.true_peak_dbtp} dBTP above {target.true_peak_dbtp} dBTP")
    return problems


def check_streams(ts_path: Path, profile: ChannelProfile) -> list[str]:
    """What a demuxer sees: codec, profile@level, size, SAR, frame rate, audio format."""
    try:
        with av.open(str(ts_path)) as container:
            video = container.streams.video[0]
            audio = container.streams.audio[0]
            seen = {
                "video codec": video.codec_context.name,
                "profile@level": (video.codec_context.profile, video.codec_context.level),
                "size": (video.codec_context.width, video.codec_context.height),
                "sar": Fraction(video.sample_aspect_ratio or 1),
                "frame rate": Fraction(video.average_rate or video.guessed_rate or 0),
                "audio codec": audio.codec_context.name,
                "sample rate": audio.codec_context.sample_rate,
                "channels": len(audio.codec_context.layout.channels),
            }
    except (av.error.FFmpegError, IndexError) as exc:
        return [f"cannot read the rendition's streams: {exc}"]
    v, a = profile.video, profile.audio
    wanted = {
        "video codec": v.codec,
        "profile@level": decoder_profile_level(v),
        "size": (v.width, v.height),
        "sar": v.sar,
        "frame rate": v.frame_rate,
        "audio codec": {"aac": "aac_latm" if a.transport == "latm" else "aac"}.get(
            a.codec, a.codec
        ),
        "sample rate": a.sample_rate,
        "channels": a.channels,
    }
    return [
        f"{key} is {seen[key]}, profile wants {wanted[key]}"
        for key in wanted
        if seen[key] != wanted[key]
    ]


def check_scan(scan: TsScan, profile: ChannelProfile, *, still: bool) -> list[str]:
    """Checks on the TS structure; each failing check is one line."""
    return [
        *_check_layout(scan, profile),
        *_check_gops(scan, profile, still=still),
        *_check_rates(scan, profile),
        *_check_ends(scan, profile),
    ]


def _check_layout(scan: TsScan, profile: ChannelProfile) -> list[str]:
    m = profile.mux
    problems = []
    if (scan.program_number, scan.pmt_pid) != (m.program_number, m.pmt_pid):
        problems.append(f"programme {scan.program_number} on PMT PID {scan.pmt_pid:#x}")
    layout = sorted((s.pid, s.stream_type) for s in scan.streams)
    wanted = sorted(
        [(m.video_pid, profile.video_stream_type), (m.audio_pid, profile.audio_stream_type)]
    )
    if layout != wanted:
        problems.append(f"PIDs/stream types {layout} differ from the profile's {wanted}")
    return problems


def _check_gops(scan: TsScan, profile: ChannelProfile, *, still: bool) -> list[str]:
    problems = []
    first = scan.raps[0]
    if first.byte_offset != scan.video.first_packet * 188 or not first.has_parameter_sets:
        problems.append("the rendition does not start with parameter sets and an IDR")
    unclean = [r.byte_offset for r in scan.raps if not r.idr_or_closed]
    if unclean:
        problems.append(f"{len(unclean)} random-access points are not IDR/closed-GOP pictures")
    gop = profile.video.still_gop_length if still else profile.video.gop_length
    spacing = gop * profile.video.frame_ticks
    gaps = [b.pts - a.pts for a, b in zip(scan.raps, scan.raps[1:], strict=False)]
    if any(g != spacing for g in gaps):
        problems.append(
            f"GOPs are irregular: RAP spacing {sorted(set(gaps))} ticks, want {spacing}"
        )
    expected = -(-scan.video.pes_count // gop)
    if len(scan.raps) != expected:
        problems.append(f"{len(scan.raps)} random-access points, want {expected}")
    return problems


def _check_rates(scan: TsScan, profile: ChannelProfile) -> list[str]:
    problems = []
    rate = scan.measured_mux_rate
    if abs(rate - profile.mux.mux_rate) > MUX_RATE_TOLERANCE * profile.mux.mux_rate:
        problems.append(f"TS rate {rate} bit/s is not the mux rate {profile.mux.mux_rate}")
    problems += _check_video_budget(scan, profile)
    for stream in scan.streams:
        if stream.max_lateness > 0:
            problems.append(
                f"PID {stream.pid:#x}: data arrives up to {stream.max_lateness / 27_000:.0f} ms "
                "after its decode time (the mux rate is too low for the content)"
            )
    if scan.pcr_max_interval > PCR_MAX_MS * 27_000:
        problems.append(f"PCR gap {scan.pcr_max_interval / 27_000:.1f} ms over {PCR_MAX_MS} ms")
    return problems


def _check_video_budget(scan: TsScan, profile: ChannelProfile) -> list[str]:
    """A CBR/HRD stream never exceeds rate x time + one decoder buffer (H.264 Annex C, 13818-2
    Annex C): the budget is the profile's bitrate over the span plus its buffer (+5 % slack)."""
    v = profile.video
    span = (scan.video.last_pts + v.frame_ticks - scan.video.first_pts) / 90_000
    budget = (v.bitrate * span + v.buffer_size) * (1 + VIDEO_BUDGET_TOLERANCE)
    bits = scan.video.payload_bytes * 8
    if bits > budget:
        return [f"video {bits} bits over the budget {budget:.0f} of {v.bitrate} bit/s + buffer"]
    return []


def _check_ends(scan: TsScan, profile: ChannelProfile) -> list[str]:
    """Audio lies within the video's span and ends less than one audio frame before it, so
    renditions placed back to back by video never overlap their audio."""
    video = scan.video
    video_end = video.end_pts(profile.video.frame_ticks)
    frame = profile.audio.frame_ticks
    problems = []
    for audio in scan.audio:
        if audio.first_pts < video.first_pts:
            problems.append(f"audio starts {video.first_pts - audio.first_pts} ticks before video")
        gap = video_end - audio.end_pts(frame)
        if not 0 <= gap < frame:
            problems.append(f"audio ends {gap:+d} ticks before video, not within one audio frame")
    return problems


def stream_bitrate(scan: TsScan, profile: ChannelProfile, pid: int) -> int:
    """Elementary-stream bit/s: PES payload bits over the stream's presentation span."""
    stream = next(s for s in scan.streams if s.pid == pid)
    frame = profile.video.frame_ticks if stream.kind == "video" else profile.audio.frame_ticks
    span = stream.last_pts + frame - stream.first_pts
    return int(stream.payload_bytes * 8 * 90_000 / span) if span > 0 else 0
