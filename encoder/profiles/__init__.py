"""Channel profiles: the exact house format of a channel's renditions, kept as data.

A profile fixes everything that must be identical in every rendition of a channel so that the
playout can splice them at packet level without re-encoding (ARCHITECTURE.md, decision 1): codec,
profile/level, picture size, sample and display aspect ratios, frame rate, field order, GOP length
and structure, video bitrate and decoder buffer, audio codec/bitrate/rate/layout, PIDs, stream
types and the TS mux rate. The shipped profiles are the ``*.yaml`` files beside this module and are
documented in docs/channel-profiles.md; a station may add its own directory of YAML files.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml

from encoder.errors import ProfileError

__all__ = [
    "MPEG2_LEVELS",
    "AudioSpec",
    "ChannelProfile",
    "LoudnessSpec",
    "MuxSpec",
    "VideoSpec",
    "builtin_profiles",
    "decoder_profile_level",
    "get_profile",
    "load_profile",
    "load_profiles",
]

VideoCodec = Literal["h264", "mpeg2video"]
AudioCodec = Literal["aac", "mp2", "ac3"]
FieldOrder = Literal["progressive", "tff"]

# ISO/IEC 13818-1 Table 2-34 and EN 300 468 Annex: what the PMT must say for each carriage.
_STREAM_TYPES: dict[str, int] = {
    "h264": 0x1B,
    "mpeg2video": 0x02,
    "aac/latm": 0x11,
    "aac/adts": 0x0F,
    "mp2": 0x03,
    "ac3": 0x06,  # DVB: PES private data with an AC-3 descriptor (EN 300 468 Annex D)
}
# Samples per access unit: AAC-LC 1024, MPEG-1 Layer II 1152, AC-3 1536.
_AUDIO_FRAME_SAMPLES: dict[str, int] = {"aac": 1024, "mp2": 1152, "ac3": 1536}


@dataclass(frozen=True, slots=True, kw_only=True)
class VideoSpec:
    """Video format. ``bitrate``/``buffer_size`` in bit/s and bits; GOPs are closed.

    ``gop_length`` frames between IDRs (an IDR also starts every rendition); ``still_gop_length``
    applies to stills (filler, slate, end-cards) so a gap can be filled to the exact frame.
    """

    codec: VideoCodec
    profile: str
    level: str
    width: int
    height: int
    sar: Fraction
    frame_rate: Fraction
    field_order: FieldOrder
    gop_length: int
    still_gop_length: int
    b_frames: int
    bitrate: int
    buffer_size: int
    preset: str = "medium"

    @property
    def dar(self) -> Fraction:
        """Display aspect ratio: width x SAR / height (16:9 for every shipped profile)."""
        return Fraction(self.width) * self.sar / self.height

    @property
    def frame_ticks(self) -> int:
        """One frame in 90 kHz ticks (3600 at 25 Hz)."""
        return int(Fraction(90_000) / self.frame_rate)


@dataclass(frozen=True, slots=True, kw_only=True)
class AudioSpec:
    """Audio format: AAC-LC (``transport`` latm or adts), MPEG-1 Layer II or AC-3."""

    codec: AudioCodec
    bitrate: int
    sample_rate: int = 48_000
    channels: int = 2
    transport: Literal["latm", "adts", ""] = ""

    @property
    def frame_ticks(self) -> int:
        """One audio access unit in 90 kHz ticks (1920 for AAC at 48 kHz)."""
        return _AUDIO_FRAME_SAMPLES[self.codec] * 90_000 // self.sample_rate


@dataclass(frozen=True, slots=True, kw_only=True)
class MuxSpec:
    """Transport-stream layout of the one programme in a rendition."""

    mux_rate: int
    program_number: int
    pmt_pid: int
    video_pid: int
    audio_pid: int
    pcr_period_ms: int = 20


@dataclass(frozen=True, slots=True, kw_only=True)
class LoudnessSpec:
    """EBU R128 target: integrated loudness, tolerance, maximum true peak, loudness range."""

    target_lufs: float = -23.0
    tolerance_lu: float = 1.0
    true_peak_dbtp: float = -1.0
    lra_lu: float = 11.0


@dataclass(frozen=True, slots=True, kw_only=True)
class ChannelProfile:
    """One channel's house format. ``test_only`` profiles exist for tests and demos, not air."""

    name: str
    description: str
    video: VideoSpec
    audio: AudioSpec
    mux: MuxSpec
    loudness: LoudnessSpec
    test_only: bool = False

    @property
    def video_stream_type(self) -> int:
        return _STREAM_TYPES[self.video.codec]

    @property
    def audio_stream_type(self) -> int:
        key = f"aac/{self.audio.transport}" if self.audio.codec == "aac" else self.audio.codec
        return _STREAM_TYPES[key]

    @property
    def total_es_bitrate(self) -> int:
        return self.video.bitrate + self.audio.bitrate


def load_profile(text: str, *, source: str = "<text>") -> ChannelProfile:
    """Parse one YAML profile; any missing, unknown or ill-typed field is a ProfileError."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ProfileError(f"{source}: not YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ProfileError(f"{source}: a profile is a YAML mapping")
    try:
        profile = ChannelProfile(
            name=str(data["name"]),
            description=str(data.get("description", "")),
            test_only=bool(data.get("test_only", False)),
            video=_build(VideoSpec, data["video"], source),
            audio=_build(AudioSpec, data["audio"], source),
            mux=_build(MuxSpec, data["mux"], source),
            loudness=_build(LoudnessSpec, data.get("loudness", {}), source),
        )
    except KeyError as exc:
        raise ProfileError(f"{source}: missing section {exc}") from exc
    _check(profile, source)
    return profile


def _build(cls: type[Any], section: object, source: str) -> Any:
    if not isinstance(section, Mapping):
        raise ProfileError(f"{source}: {cls.__name__} section must be a mapping")
    known = {f.name: f for f in fields(cls)}
    unknown = set(section) - set(known)
    if unknown:
        raise ProfileError(f"{source}: unknown {cls.__name__} fields {sorted(unknown)}")
    values = {k: _convert(known[k].type, v, f"{source}: {k}") for k, v in section.items()}
    try:
        return cls(**values)
    except TypeError as exc:
        raise ProfileError(f"{source}: {cls.__name__}: {exc}") from exc


def _convert(annotation: object, value: object, where: str) -> object:
    if annotation == "Fraction":
        try:
            return Fraction(str(value).replace(":", "/"))
        except (ValueError, ZeroDivisionError) as exc:
            raise ProfileError(f"{where}: not a ratio: {value!r}") from exc
    if annotation in ("int", "float") and (
        isinstance(value, bool) or not isinstance(value, int | float)
    ):
        raise ProfileError(f"{where}: not a number: {value!r}")
    if annotation == "int":
        return int(value)  # type: ignore[call-overload]
    if annotation == "float":
        return float(value)  # type: ignore[arg-type]
    return value


def _check(p: ChannelProfile, source: str) -> None:
    problems = _codec_problems(p) + _layout_problems(p)
    if problems:
        raise ProfileError(f"{source}: " + "; ".join(problems))


def _codec_problems(p: ChannelProfile) -> list[str]:
    problems = []
    if p.video.codec not in ("h264", "mpeg2video"):
        problems.append(f"video codec {p.video.codec!r} is not h264 or mpeg2video")
    if p.audio.codec not in _AUDIO_FRAME_SAMPLES:
        problems.append(f"audio codec {p.audio.codec!r} is not aac, mp2 or ac3")
    if p.audio.codec == "aac" and p.audio.transport not in ("latm", "adts"):
        problems.append("AAC needs transport latm or adts")
    problems += _profile_level_problems(p.video)
    if p.video.field_order not in ("progressive", "tff"):
        problems.append("field_order is progressive or tff")
    if p.video.codec == "mpeg2video" and (p.video.gop_length - 1) % (p.video.b_frames + 1):
        # FFmpeg's closed-GOP MPEG-2 ends each GOP on a P picture and shortens GOPs otherwise
        problems.append("MPEG-2: gop_length - 1 must be a multiple of b_frames + 1")
    return problems


# The names a profile may use, and what a decoder reports for them (FFmpeg's names and levels).
H264_PROFILES = {"baseline": "Constrained Baseline", "main": "Main", "high": "High"}
H264_LEVELS = ("3.0", "3.1", "3.2", "4.0", "4.1", "4.2", "5.0", "5.1", "5.2")
MPEG2_PROFILES = {"main": "Main", "simple": "Simple"}
MPEG2_LEVELS = {"main": 8, "high": 4}


def decoder_profile_level(video: VideoSpec) -> tuple[str, int]:
    """The (profile name, level number) a decoder reports for a rendition of ``video``."""
    if video.codec == "h264":
        return H264_PROFILES[video.profile], round(float(video.level) * 10)
    return MPEG2_PROFILES[video.profile], MPEG2_LEVELS[video.level]


def _profile_level_problems(v: VideoSpec) -> list[str]:
    if v.codec == "h264" and (v.profile not in H264_PROFILES or v.level not in H264_LEVELS):
        return [f"H.264 profile/level is one of {sorted(H264_PROFILES)} @ {list(H264_LEVELS)}"]
    if v.codec == "mpeg2video" and (v.profile not in MPEG2_PROFILES or v.level not in MPEG2_LEVELS):
        return [f"MPEG-2 profile/level is one of {sorted(MPEG2_PROFILES)} @ {list(MPEG2_LEVELS)}"]
    return []


def _layout_problems(p: ChannelProfile) -> list[str]:
    problems = []
    if p.video.width % 2 or p.video.height % 2:
        problems.append("picture size must be even (4:2:0)")
    if p.mux.mux_rate < 1.1 * p.total_es_bitrate:
        problems.append("mux_rate leaves under 10 % for PES/TS overhead and PSI")
    if len({p.mux.pmt_pid, p.mux.video_pid, p.mux.audio_pid}) != 3:
        problems.append("PMT, video and audio PIDs must differ")
    if not 1 <= p.video.still_gop_length <= p.video.gop_length:
        problems.append("still_gop_length must be 1..gop_length")
    return problems


def load_profiles(paths: Iterable[Path]) -> dict[str, ChannelProfile]:
    """Load every ``*.yaml`` file in the given directories, keyed by profile name."""
    profiles: dict[str, ChannelProfile] = {}
    for directory in paths:
        for path in sorted(Path(directory).glob("*.yaml")):
            profile = load_profile(path.read_text(encoding="utf-8"), source=str(path))
            profiles[profile.name] = profile
    return profiles


def builtin_profiles() -> dict[str, ChannelProfile]:
    """The profiles shipped in ``encoder/profiles/`` (broadcast ones and ``test-*`` ones)."""
    profiles: dict[str, ChannelProfile] = {}
    for entry in sorted(resources.files("encoder.profiles").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            profile = load_profile(entry.read_text(encoding="utf-8"), source=entry.name)
            profiles[profile.name] = profile
    return profiles


def get_profile(name: str, *, extra_dirs: Iterable[Path] = ()) -> ChannelProfile:
    """A profile by name; a station's own directories override the shipped ones."""
    profiles = builtin_profiles() | load_profiles(extra_dirs)
    try:
        return profiles[name]
    except KeyError:
        raise ProfileError(f"no channel profile {name!r}; known: {sorted(profiles)}") from None
