"""The rendition index: what the encoder knows about a channel-ready TS, so playout never probes.

The encoder writes one index beside every rendition (a constant-rate MPEG-2 TS in the exact house
format of one channel profile). The playout splices renditions at packet level (ARCHITECTURE.md,
decision 1): it joins mid-programme at a random-access point and restamps PCR/PTS/DTS with one
offset per splice, so it needs, without reading the media:

* the PIDs and stream types (ISO/IEC 13818-1 §2.4.4.9, Table 2-34) of the single programme;
* first/last PTS and DTS per PID in 90 kHz ticks (§2.4.3.7), *unwrapped*: a value past 2**33 is
  kept as is, so ``last >= first`` always holds and differences are durations;
* the byte offset (a multiple of 188) and PTS/DTS of every random-access point of the video PID,
  i.e. each TS packet where a PES that starts an IDR picture (H.264) or a sequence header + closed
  GOP (MPEG-2 video) begins;
* the first and last PCR (27 MHz, §2.4.3.5) and the constant mux rate;
* bitrates, loudness (EBU R128), SHA-256 of the file and the verification verdict.

The JSON form is versioned (``"format": "telesabaq.rendition-index", "version": 1``). A reader
refuses another format or a newer version with :class:`RenditionIndexError` rather than guessing.

This module is pure: values in, text out. Computing the values from TS bytes is the encoder's job.
"""

from __future__ import annotations

import itertools
import json
import math
from dataclasses import dataclass
from typing import Any, Literal

__all__ = [
    "FORMAT",
    "VERSION",
    "Loudness",
    "RandomAccessPoint",
    "RenditionIndex",
    "RenditionIndexError",
    "StreamEntry",
    "Verification",
]

FORMAT = "telesabaq.rendition-index"
VERSION = 1
TS_PACKET_SIZE = 188

StreamKind = Literal["video", "audio"]
_STREAM_KINDS: dict[str, StreamKind] = {"video": "video", "audio": "audio"}


class RenditionIndexError(ValueError):
    """The text is not a rendition index this version can read (bad JSON, field, type or value)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class StreamEntry:
    """One elementary stream of the rendition's programme (one PMT ES loop entry).

    ``stream_type`` is the PMT value (0x1B H.264, 0x02 MPEG-2 video, 0x11 AAC in LATM/LOAS,
    0x0F AAC in ADTS, 0x03/0x04 MPEG audio, 0x06 private data with an AC-3 descriptor in DVB).
    PTS/DTS are 90 kHz ticks, unwrapped. ``last_pts`` is the PTS of the last PES; ``end_pts`` is
    where the stream's presentation ends: the last access unit's PTS plus its duration (a PES may
    carry several audio frames, and only the first one's PTS is written). ``bitrate`` is the
    measured elementary-stream rate in bit/s (PES payload bits over the stream's duration).
    """

    pid: int
    stream_type: int
    kind: StreamKind
    codec: str
    first_pts: int
    last_pts: int
    first_dts: int
    last_dts: int
    end_pts: int
    bitrate: int

    def __post_init__(self) -> None:
        _check_range("pid", self.pid, 0x0010, 0x1FFE)
        _check_range("stream_type", self.stream_type, 0, 0xFF)
        if self.kind not in ("video", "audio"):
            raise RenditionIndexError(f"stream kind must be 'video' or 'audio', not {self.kind!r}")
        if not self.codec:
            raise RenditionIndexError("stream codec must be named")
        _check_span("pts", self.first_pts, self.last_pts)
        _check_span("dts", self.first_dts, self.last_dts)
        _check_range("end_pts", self.end_pts, self.last_pts, 2**62)
        _check_range("bitrate", self.bitrate, 0, 10**10)


@dataclass(frozen=True, slots=True, kw_only=True)
class RandomAccessPoint:
    """Where the playout may join: the TS packet that starts the PES of a random-access picture.

    ``byte_offset`` is a multiple of 188 (``packet_index * 188``). Joining there, the decoder gets
    the parameter sets in band (SPS/PPS, or the MPEG-2 sequence header) and a closed GOP.
    """

    byte_offset: int
    pts: int
    dts: int

    def __post_init__(self) -> None:
        _check_range("byte_offset", self.byte_offset, 0, 2**62)
        if self.byte_offset % TS_PACKET_SIZE:
            raise RenditionIndexError(
                f"RAP byte offset {self.byte_offset} is not a multiple of 188"
            )
        _check_range("rap pts", self.pts, 0, 2**62)
        _check_range("rap dts", self.dts, 0, 2**62)

    @property
    def packet_index(self) -> int:
        """The index of the TS packet at ``byte_offset``."""
        return self.byte_offset // TS_PACKET_SIZE


@dataclass(frozen=True, slots=True, kw_only=True)
class Loudness:
    """EBU R128 measured on the rendition's audio: integrated (LUFS), true peak (dBTP), LRA (LU).

    A silent rendition has no integrated loudness; it is recorded as ``None``.
    """

    integrated_lufs: float | None
    true_peak_dbtp: float | None
    lra_lu: float | None

    def __post_init__(self) -> None:
        for name in ("integrated_lufs", "true_peak_dbtp", "lra_lu"):
            value = getattr(self, name)
            if value is not None and not math.isfinite(value):
                raise RenditionIndexError(f"loudness {name} must be finite or None, not {value}")


@dataclass(frozen=True, slots=True, kw_only=True)
class Verification:
    """The verdict of decoding the whole rendition and checking it against its profile.

    ``passed`` is true only when ``problems`` is empty; each problem is one human-readable line.
    """

    passed: bool
    problems: tuple[str, ...] = ()
    decoder: str = ""

    def __post_init__(self) -> None:
        if self.passed and self.problems:
            raise RenditionIndexError("a passed verification cannot list problems")


@dataclass(frozen=True, slots=True, kw_only=True)
class RenditionIndex:
    """Everything the playout needs to splice one rendition without probing it.

    ``duration`` is the presentation span of the video PID in 90 kHz ticks: last video PTS plus
    one frame minus the first video PTS. ``audio_frame_ticks`` is one audio access unit in 90 kHz
    ticks (1920 for AAC-LC at 48 kHz, 2160 for MPEG-1 Layer II, 2880 for AC-3).
    """

    profile: str
    ts_size: int
    sha256: str
    packet_count: int
    mux_rate: int
    program_number: int
    pmt_pid: int
    pcr_pid: int
    streams: tuple[StreamEntry, ...]
    duration: int
    video_frame_ticks: int
    audio_frame_ticks: int
    random_access_points: tuple[RandomAccessPoint, ...]
    first_pcr: int
    last_pcr: int
    loudness: Loudness
    verification: Verification

    def __post_init__(self) -> None:
        self._check_file_facts()
        self._check_program()
        _check_range("duration", self.duration, 0, 2**62)
        _check_range("video_frame_ticks", self.video_frame_ticks, 1, 90_000)
        _check_range("audio_frame_ticks", self.audio_frame_ticks, 1, 90_000)
        _check_span("pcr", self.first_pcr, self.last_pcr)
        self._check_raps()

    def _check_file_facts(self) -> None:
        if not self.profile:
            raise RenditionIndexError("profile must be named")
        _check_range("ts_size", self.ts_size, 0, 2**62)
        if self.ts_size != self.packet_count * TS_PACKET_SIZE:
            raise RenditionIndexError(
                f"ts_size {self.ts_size} != packet_count {self.packet_count} * 188"
            )
        if len(self.sha256) != 64 or any(c not in "0123456789abcdef" for c in self.sha256):
            raise RenditionIndexError("sha256 must be 64 lower-case hex digits")
        _check_range("mux_rate", self.mux_rate, 1, 10**10)

    def _check_program(self) -> None:
        _check_range("program_number", self.program_number, 1, 0xFFFF)
        _check_range("pmt_pid", self.pmt_pid, 0x0010, 0x1FFE)
        _check_range("pcr_pid", self.pcr_pid, 0x0010, 0x1FFF)
        pids = [s.pid for s in self.streams]
        if len(set(pids)) != len(pids):
            raise RenditionIndexError(f"duplicate stream PIDs {pids}")
        if self.pmt_pid in pids:
            raise RenditionIndexError("the PMT PID cannot also carry an elementary stream")
        if sum(1 for s in self.streams if s.kind == "video") != 1:
            raise RenditionIndexError("a rendition has exactly one video stream")

    def _check_raps(self) -> None:
        if not self.random_access_points:
            raise RenditionIndexError("a rendition has at least one random-access point")
        offsets = [r.byte_offset for r in self.random_access_points]
        if any(b <= a for a, b in itertools.pairwise(offsets)):
            raise RenditionIndexError("random-access points must be in increasing byte order")
        if offsets[-1] >= self.ts_size:
            raise RenditionIndexError("a random-access point lies beyond the end of the file")

    @property
    def video(self) -> StreamEntry:
        """The one video stream."""
        return next(s for s in self.streams if s.kind == "video")

    @property
    def audio(self) -> tuple[StreamEntry, ...]:
        """The audio streams, in PMT order."""
        return tuple(s for s in self.streams if s.kind == "audio")

    def stream(self, pid: int) -> StreamEntry:
        """The stream on ``pid``; KeyError if the programme has none."""
        for entry in self.streams:
            if entry.pid == pid:
                return entry
        raise KeyError(pid)

    def to_dict(self) -> dict[str, Any]:
        """The JSON model: plain dicts and lists, with the format tag and version first."""
        return {
            "format": FORMAT,
            "version": VERSION,
            "profile": self.profile,
            "ts_size": self.ts_size,
            "sha256": self.sha256,
            "packet_count": self.packet_count,
            "mux_rate": self.mux_rate,
            "program_number": self.program_number,
            "pmt_pid": self.pmt_pid,
            "pcr_pid": self.pcr_pid,
            "streams": [_stream_dict(s) for s in self.streams],
            "duration": self.duration,
            "video_frame_ticks": self.video_frame_ticks,
            "audio_frame_ticks": self.audio_frame_ticks,
            "random_access_points": [
                [r.byte_offset, r.pts, r.dts] for r in self.random_access_points
            ],
            "first_pcr": self.first_pcr,
            "last_pcr": self.last_pcr,
            "loudness": {
                "integrated_lufs": self.loudness.integrated_lufs,
                "true_peak_dbtp": self.loudness.true_peak_dbtp,
                "lra_lu": self.loudness.lra_lu,
            },
            "verification": {
                "passed": self.verification.passed,
                "problems": list(self.verification.problems),
                "decoder": self.verification.decoder,
            },
        }

    def to_json(self) -> str:
        """Versioned JSON text (UTF-8 safe, keys in a stable order)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str | bytes) -> RenditionIndex:
        """Parse :meth:`to_json` output; anything else raises :class:`RenditionIndexError`."""
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise RenditionIndexError(f"rendition index is not JSON: {exc}") from exc
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: object) -> RenditionIndex:
        """Build from the JSON model, checking format, version and every field's type."""
        reader = _Reader(data, "index")
        if reader.str_("format") != FORMAT:
            raise RenditionIndexError(f"not a {FORMAT} document")
        version = reader.int_("version")
        if version != VERSION:
            raise RenditionIndexError(f"rendition index version {version} is not {VERSION}")
        return cls(
            profile=reader.str_("profile"),
            ts_size=reader.int_("ts_size"),
            sha256=reader.str_("sha256"),
            packet_count=reader.int_("packet_count"),
            mux_rate=reader.int_("mux_rate"),
            program_number=reader.int_("program_number"),
            pmt_pid=reader.int_("pmt_pid"),
            pcr_pid=reader.int_("pcr_pid"),
            streams=tuple(_stream_from(r) for r in reader.list_of_objects("streams")),
            duration=reader.int_("duration"),
            video_frame_ticks=reader.int_("video_frame_ticks"),
            audio_frame_ticks=reader.int_("audio_frame_ticks"),
            random_access_points=tuple(_rap_from(v) for v in reader.list_("random_access_points")),
            first_pcr=reader.int_("first_pcr"),
            last_pcr=reader.int_("last_pcr"),
            loudness=_loudness_from(reader.object_("loudness")),
            verification=_verification_from(reader.object_("verification")),
        )


def _stream_dict(s: StreamEntry) -> dict[str, Any]:
    return {
        "pid": s.pid,
        "stream_type": s.stream_type,
        "kind": s.kind,
        "codec": s.codec,
        "first_pts": s.first_pts,
        "last_pts": s.last_pts,
        "first_dts": s.first_dts,
        "last_dts": s.last_dts,
        "end_pts": s.end_pts,
        "bitrate": s.bitrate,
    }


def _stream_from(r: _Reader) -> StreamEntry:
    kind = _STREAM_KINDS.get(r.str_("kind"))
    if kind is None:
        raise RenditionIndexError(f"stream kind must be 'video' or 'audio', not {r.str_('kind')!r}")
    return StreamEntry(
        pid=r.int_("pid"),
        stream_type=r.int_("stream_type"),
        kind=kind,
        codec=r.str_("codec"),
        first_pts=r.int_("first_pts"),
        last_pts=r.int_("last_pts"),
        first_dts=r.int_("first_dts"),
        last_dts=r.int_("last_dts"),
        end_pts=r.int_("end_pts"),
        bitrate=r.int_("bitrate"),
    )


def _rap_from(value: object) -> RandomAccessPoint:
    if (
        not isinstance(value, list)
        or len(value) != 3
        or not all(type(v) is int for v in value)  # bool is not a tick count
    ):
        raise RenditionIndexError(
            f"a random-access point is [byte_offset, pts, dts], not {value!r}"
        )
    return RandomAccessPoint(byte_offset=value[0], pts=value[1], dts=value[2])


def _loudness_from(r: _Reader) -> Loudness:
    return Loudness(
        integrated_lufs=r.optional_float("integrated_lufs"),
        true_peak_dbtp=r.optional_float("true_peak_dbtp"),
        lra_lu=r.optional_float("lra_lu"),
    )


def _verification_from(r: _Reader) -> Verification:
    problems = tuple(p for p in r.list_("problems") if isinstance(p, str))
    if len(problems) != len(r.list_("problems")):
        raise RenditionIndexError("verification problems must be strings")
    return Verification(passed=r.bool_("passed"), problems=problems, decoder=r.str_("decoder"))


def _check_range(name: str, value: int, low: int, high: int) -> None:
    if type(value) is not int or not low <= value <= high:
        raise RenditionIndexError(f"{name} must be an int in [{low}, {high}], not {value!r}")


def _check_span(name: str, first: int, last: int) -> None:
    _check_range(f"first {name}", first, 0, 2**62)
    _check_range(f"last {name}", last, 0, 2**62)
    if last < first:
        raise RenditionIndexError(f"last {name} {last} is before first {name} {first}")


class _Reader:
    """Typed access to one JSON object; every mismatch is a :class:`RenditionIndexError`."""

    __slots__ = ("_data", "_where")

    def __init__(self, data: object, where: str) -> None:
        if not isinstance(data, dict):
            raise RenditionIndexError(f"{where} must be a JSON object")
        self._data: dict[str, object] = data
        self._where = where

    def _get(self, key: str) -> object:
        try:
            return self._data[key]
        except KeyError:
            raise RenditionIndexError(f"{self._where} lacks {key!r}") from None

    def _bad(self, key: str, what: str) -> RenditionIndexError:
        return RenditionIndexError(f"{self._where}.{key} must be {what}")

    def int_(self, key: str) -> int:
        value = self._get(key)
        if type(value) is not int:
            raise self._bad(key, "an integer")
        return value

    def str_(self, key: str) -> str:
        value = self._get(key)
        if not isinstance(value, str):
            raise self._bad(key, "a string")
        return value

    def bool_(self, key: str) -> bool:
        value = self._get(key)
        if not isinstance(value, bool):
            raise self._bad(key, "true or false")
        return value

    def optional_float(self, key: str) -> float | None:
        value = self._get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self._bad(key, "a number or null")
        return float(value)

    def list_(self, key: str) -> list[object]:
        value = self._get(key)
        if not isinstance(value, list):
            raise self._bad(key, "a list")
        return value

    def object_(self, key: str) -> _Reader:
        return _Reader(self._get(key), f"{self._where}.{key}")

    def list_of_objects(self, key: str) -> list[_Reader]:
        return [_Reader(v, f"{self._where}.{key}[{i}]") for i, v in enumerate(self.list_(key))]
