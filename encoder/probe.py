"""Probe and validate an upload with PyAV, turning what FFmpeg sees into a typed MediaInfo.

Only this module talks to PyAV about inputs, and no raw dict leaves it. Validation refuses what
cannot become a lecture with a specific :mod:`encoder.errors` subclass: zero bytes or zero length,
a file that is not media at all, a container cut short, no decodable stream, absurd declared
picture dimensions. Audio-only uploads are accepted (they get a still slate); video without audio
gets silence and a warning in :attr:`MediaInfo.warnings`.

Probing demuxes only the head of the file and decodes at most a few packets per stream: enough to
prove each stream decodes, to read rotation and interlacing from a real frame, and to tell a
variable frame rate from the packet timestamps (phones and screen recorders write VFR).
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import av.error

from encoder.errors import (
    AbsurdDimensionsError,
    EmptyInputError,
    NoDecodableStreamError,
    NotMediaError,
    TruncatedInputError,
)

__all__ = ["AudioInfo", "MediaInfo", "VideoInfo", "probe"]

logger = logging.getLogger(__name__)

MAX_DIMENSION = 8192  # 8K UHD is 7680x4320; nobody uploads a lecture beyond that
MAX_PIXELS = 7680 * 4320
VFR_SAMPLE_PACKETS = 240
DECODE_ATTEMPT_PACKETS = 48
# Leading bytes of containers FFmpeg knows: an unreadable file that starts like one was cut short
# or damaged; one that starts like nothing is not media at all.
_CONTAINER_MAGIC = (
    (4, b"ftyp"),  # ISO BMFF: MP4, MOV, 3GP
    (4, b"moov"),
    (4, b"mdat"),
    (4, b"wide"),
    (0, b"\x1a\x45\xdf\xa3"),  # EBML: Matroska, WebM
    (0, b"RIFF"),
    (0, b"OggS"),
    (0, b"ID3"),
    (0, b"\x00\x00\x01\xba"),  # MPEG program stream
    (0, b"fLaC"),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class VideoInfo:
    """The first real video stream (cover art is not video). Size is as stored, before rotation."""

    index: int
    codec: str
    width: int
    height: int
    sar: Fraction
    frame_rate: Fraction
    variable_frame_rate: bool
    rotation: int
    interlaced: bool
    field_order: str

    @property
    def display_size(self) -> tuple[int, int]:
        """Width and height after the rotation a player applies (portrait phone video)."""
        if self.rotation % 180:
            return self.height, self.width
        return self.width, self.height

    @property
    def display_aspect(self) -> Fraction:
        width, height = self.display_size
        sar = 1 / self.sar if self.rotation % 180 else self.sar
        return Fraction(width) * sar / height


@dataclass(frozen=True, slots=True, kw_only=True)
class AudioInfo:
    """The first decodable audio stream."""

    index: int
    codec: str
    sample_rate: int
    channels: int
    layout: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MediaInfo:
    """What an upload holds, typed; ``warnings`` are accepted oddities worth telling staff."""

    path: Path
    size_bytes: int
    container: str
    duration: float
    video: VideoInfo | None
    audio: AudioInfo | None
    warnings: tuple[str, ...] = ()

    @property
    def audio_only(self) -> bool:
        return self.video is None


def probe(path: Path) -> MediaInfo:
    """Probe ``path`` and validate it as a lecture; raise an InputError subclass if it cannot be."""
    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        raise EmptyInputError(f"{path.name}: the file is empty (0 bytes)")
    try:
        container = av.open(str(path), metadata_errors="ignore")
    except av.error.FFmpegError as exc:
        raise _open_error(path, exc) from exc
    with container:
        return _inspect(path, size, container)


def _open_error(path: Path, exc: av.error.FFmpegError) -> Exception:
    if isinstance(exc, av.error.EOFError):
        return EmptyInputError(
            f"{path.name}: the file ends before any audio or video data (zero length)"
        )
    with open(path, "rb") as handle:
        head = handle.read(16)
    if any(head[at : at + len(magic)] == magic for at, magic in _CONTAINER_MAGIC):
        return TruncatedInputError(
            f"{path.name}: the container is damaged or cut short ({exc.strerror}); "
            "upload the complete file again"
        )
    return NotMediaError(f"{path.name}: not a media file FFmpeg recognises ({exc.strerror})")


def _inspect(path: Path, size: int, container: av.container.InputContainer) -> MediaInfo:
    video_streams = [s for s in container.streams.video if not _is_cover_art(s)]
    for stream in video_streams:
        _check_dimensions(path, stream)
    if not container.duration and not _has_packets(container):
        raise EmptyInputError(f"{path.name}: the media has zero length (no audio or video data)")
    video = next((v for s in video_streams if (v := _video_info(container, s))), None)
    audio = next((a for s in container.streams.audio if (a := _audio_info(container, s))), None)
    if video is None and audio is None:
        raise NoDecodableStreamError(_undecodable_message(path, container))
    if video_streams and video is None:
        raise NoDecodableStreamError(_undecodable_message(path, container))
    extra_video = len(video_streams) - (video is not None)
    duration = _duration(container)
    if duration <= 0:
        raise EmptyInputError(f"{path.name}: the media has zero length")
    warnings = []
    if video is not None and audio is None:
        warnings.append("no audio stream: the lecture will carry silence")
    if extra_video:
        warnings.append(f"{extra_video} extra video stream(s) ignored")
    if video is not None and video.variable_frame_rate:
        warnings.append("variable frame rate: converted to the channel's constant rate")
    return MediaInfo(
        path=path,
        size_bytes=size,
        container=container.format.name,
        duration=duration,
        video=video,
        audio=audio,
        warnings=tuple(warnings),
    )


def _has_packets(container: av.container.InputContainer) -> bool:
    """True when the container holds at least one audio or video packet with data."""
    streams = [*container.streams.video, *container.streams.audio]
    if not streams:
        return False
    _rewind(container)
    try:
        for count, packet in enumerate(container.demux(streams)):
            if packet.size:
                return True
            if count > DECODE_ATTEMPT_PACKETS:
                break
    except av.error.FFmpegError:
        return True  # there is data, it just does not demux: let decoding tell
    return False


def _is_cover_art(stream: av.video.stream.VideoStream) -> bool:
    return bool(int(stream.disposition) & int(av.stream.Disposition.attached_pic))


def _check_dimensions(path: Path, stream: av.video.stream.VideoStream) -> None:
    width, height = stream.codec_context.width, stream.codec_context.height
    if (
        width <= 0
        or height <= 0
        or max(width, height) > MAX_DIMENSION
        or width * height > MAX_PIXELS
        or max(width, height) > 16 * min(width, height)
    ):
        raise AbsurdDimensionsError(
            f"{path.name}: declared picture size {width}x{height} is not a plausible video "
            f"(at most {MAX_DIMENSION} pixels a side, 8K UHD in area, aspect under 16:1)"
        )


def _rewind(container: av.container.InputContainer) -> None:
    """Back to the start, so each stream is probed from its head."""
    try:
        container.seek(0)
    except av.error.FFmpegError as exc:
        logger.debug("cannot rewind %s: %s", container.name, exc)


def _first_frame(container: av.container.InputContainer, stream: av.stream.Stream) -> object:
    """Decode the first frame of ``stream`` from at most DECODE_ATTEMPT_PACKETS packets."""
    _rewind(container)
    try:
        for count, packet in enumerate(container.demux(stream)):
            if count >= DECODE_ATTEMPT_PACKETS:
                return None
            for frame in packet.decode():
                return frame
    except (av.error.FFmpegError, ValueError) as exc:
        logger.info("stream %d does not decode: %s", stream.index, exc)
    return None


def _video_info(
    container: av.container.InputContainer, stream: av.video.stream.VideoStream
) -> VideoInfo | None:
    frame = _first_frame(container, stream)
    if not isinstance(frame, av.VideoFrame):
        return None
    rate = stream.average_rate or stream.guessed_rate or Fraction(25)
    return VideoInfo(
        index=stream.index,
        codec=stream.codec_context.codec.canonical_name,
        width=stream.codec_context.width,
        height=stream.codec_context.height,
        sar=Fraction(stream.sample_aspect_ratio or 1),
        frame_rate=Fraction(rate),
        variable_frame_rate=_is_vfr(container, stream),
        rotation=round(frame.rotation or 0) % 360,
        interlaced=bool(frame.interlaced_frame),
        field_order=_field_order(stream),
    )


def _field_order(stream: av.video.stream.VideoStream) -> str:
    names = {1: "progressive", 2: "tt", 3: "bb", 4: "tb", 5: "bt"}
    return names.get(int(stream.codec_context.field_order or 0), "unknown")


def _is_vfr(container: av.container.InputContainer, stream: av.video.stream.VideoStream) -> bool:
    """True when packet durations in the head of the stream differ by more than 10 %."""
    _rewind(container)
    stamps: list[int] = []
    try:
        for packet in container.demux(stream):
            if packet.pts is not None:
                stamps.append(packet.pts)
            if len(stamps) >= VFR_SAMPLE_PACKETS:
                break
    except av.error.FFmpegError:
        return False
    stamps.sort()
    deltas = [b - a for a, b in itertools.pairwise(stamps) if b > a]
    if len(deltas) < 3:
        return False
    deltas.sort()
    return deltas[-1] > 1.1 * deltas[0]


def _audio_info(
    container: av.container.InputContainer, stream: av.audio.stream.AudioStream
) -> AudioInfo | None:
    frame = _first_frame(container, stream)
    if not isinstance(frame, av.AudioFrame):
        return None
    return AudioInfo(
        index=stream.index,
        codec=stream.codec_context.codec.canonical_name,
        sample_rate=frame.sample_rate,
        channels=len(frame.layout.channels),
        layout=frame.layout.name,
    )


def _duration(container: av.container.InputContainer) -> float:
    """Container duration, else the longest stream duration, else the last packet's end."""
    if container.duration:
        return container.duration / av.time_base
    spans = [
        float(s.duration * s.time_base) for s in container.streams if s.duration and s.time_base
    ]
    if spans:
        return max(spans)
    return _duration_by_demux(container)


def _duration_by_demux(container: av.container.InputContainer) -> float:
    end = 0.0
    _rewind(container)
    try:
        for packet in container.demux():
            if packet.pts is not None and packet.time_base:
                end = max(end, float((packet.pts + (packet.duration or 0)) * packet.time_base))
    except av.error.FFmpegError:
        pass
    return end


def _undecodable_message(path: Path, container: av.container.InputContainer) -> str:
    described = ", ".join(
        f"#{s.index} {s.type} ({s.codec_context.name if s.codec_context else 'unknown'})"
        for s in container.streams
    )
    return f"{path.name}: no stream can be decoded (streams: {described or 'none'})"
