"""Tiny test renditions made straight with the encoding FFmpeg, and their rendition index.

The playout's own tests need many short clips in one house format, fast. This makes them with
`imageio_ffmpeg`'s binary (lavfi test pattern + tone, closed GOPs, constant-rate TS) and writes
the index with an independent little scanner (not the playout's code), so the splicer is tested
against facts it did not compute itself.
"""

from __future__ import annotations

import hashlib
import subprocess
from dataclasses import dataclass
from pathlib import Path

import imageio_ffmpeg
import numpy as np

from mpegts.rendition_index import (
    Loudness,
    RandomAccessPoint,
    RenditionIndex,
    StreamEntry,
    Verification,
)
from playout.media import read_index
from playout.ports import ReadyMedia

PROFILE = "test-tiny-h264"


@dataclass(frozen=True)
class ClipFormat:
    profile: str = PROFILE
    width: int = 160
    height: int = 96
    video_bitrate: int = 100_000
    audio_bitrate: int = 32_000
    mux_rate: int = 250_000
    gop: int = 25


def make_clip(
    out: Path, seconds: float, *, hue: int = 0, tone: int = 440, fmt: ClipFormat = ClipFormat()
) -> Path:
    """Encode ``seconds`` of test pattern + tone to ``out`` (a .ts) and write its index."""
    exe = imageio_ffmpeg.get_ffmpeg_exe()
    argv = [
        exe,
        "-v",
        "error",
        "-y",
        "-f",
        "lavfi",
        "-i",
        f"testsrc2=size={fmt.width}x{fmt.height}:rate=25,hue=h={hue}",
        "-f",
        "lavfi",
        "-i",
        f"sine=frequency={tone}:sample_rate=48000",
        "-t",
        f"{seconds}",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-g",
        str(fmt.gop),
        "-keyint_min",
        str(fmt.gop),
        "-sc_threshold",
        "0",
        "-bf",
        "0",
        "-pix_fmt",
        "yuv420p",
        "-b:v",
        str(fmt.video_bitrate),
        "-maxrate",
        str(fmt.video_bitrate),
        "-bufsize",
        str(fmt.video_bitrate),
        "-x264-params",
        "nal-hrd=cbr",
        "-c:a",
        "aac",
        "-b:a",
        str(fmt.audio_bitrate),
        "-ac",
        "2",
        "-ar",
        "48000",
        "-threads",
        "1",
        "-f",
        "mpegts",
        "-muxrate",
        str(fmt.mux_rate),
        "-pcr_period",
        "20",
        "-mpegts_pmt_start_pid",
        "0x100",
        "-mpegts_start_pid",
        "0x101",
        "-pes_payload_size",
        "0",
        str(out),
    ]
    subprocess.run(argv, check=True, capture_output=True, timeout=300)
    index = build_index(out, fmt)
    out.with_name(out.name.removesuffix(".ts") + ".index.json").write_text(index.to_json())
    return out


def _pes_headers(
    packets: np.ndarray, pid_of: np.ndarray, pid: int
) -> list[tuple[int, int, int, bool]]:
    found = []
    for i in np.flatnonzero((pid_of == pid) & ((packets[:, 1] & 0x40) != 0)):
        p = bytes(packets[i])
        o = 4
        rai = False
        if p[3] & 0x20:
            rai = p[4] > 0 and bool(p[5] & 0x40)
            o = 5 + p[4]
        if p[o : o + 3] != b"\x00\x00\x01":
            continue
        flags = p[o + 7] >> 6
        pts = _stamp(p[o + 9 : o + 14]) if flags & 2 else -1
        dts = _stamp(p[o + 14 : o + 19]) if flags == 3 else pts
        found.append((int(i), pts, dts, rai))
    return found


def _stamp(b: bytes) -> int:
    return ((b[0] >> 1) & 7) << 30 | b[1] << 22 | (b[2] >> 1) << 15 | b[3] << 7 | b[4] >> 1


def build_index(path: Path, fmt: ClipFormat) -> RenditionIndex:
    data = path.read_bytes()
    packets = np.frombuffer(data, dtype=np.uint8).reshape(-1, 188)
    pid_of = ((packets[:, 1].astype(int) & 0x1F) << 8) | packets[:, 2]
    video = _pes_headers(packets, pid_of, 0x101)
    audio = _pes_headers(packets, pid_of, 0x102)
    pcr_rows = np.flatnonzero(
        (pid_of == 0x101)
        & ((packets[:, 3] & 0x20) != 0)
        & (packets[:, 4] > 0)
        & ((packets[:, 5] & 0x10) != 0)
    )

    def pcr(i: int) -> int:
        b = bytes(packets[i, 6:12])
        return (b[0] << 25 | b[1] << 17 | b[2] << 9 | b[3] << 1 | b[4] >> 7) * 300 + (
            (b[4] & 1) << 8 | b[5]
        )

    vframe, aframe = 3600, 1920
    streams = []
    for pid, kind, codec, stype, heads, frame, rate in (
        (0x101, "video", "h264", 0x1B, video, vframe, fmt.video_bitrate),
        (0x102, "audio", "aac", 0x0F, audio, aframe, fmt.audio_bitrate),
    ):
        pts = [h[1] for h in heads]
        dts = [h[2] for h in heads]
        streams.append(
            StreamEntry(
                pid=pid,
                stream_type=stype,
                kind="video" if kind == "video" else "audio",
                codec=codec,
                first_pts=min(pts),
                last_pts=max(pts),
                first_dts=min(dts),
                last_dts=max(dts),
                bitrate=rate,
                end_pts=max(pts) + frame,
            )
        )
    raps = tuple(
        RandomAccessPoint(byte_offset=h[0] * 188, pts=h[1], dts=h[2]) for h in video if h[3]
    )
    v = streams[0]
    return RenditionIndex(
        profile=fmt.profile,
        ts_size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        packet_count=packets.shape[0],
        mux_rate=fmt.mux_rate,
        program_number=1,
        pmt_pid=0x100,
        pcr_pid=0x101,
        streams=tuple(streams),
        duration=v.last_pts + vframe - v.first_pts,
        video_frame_ticks=vframe,
        audio_frame_ticks=aframe,
        random_access_points=raps,
        first_pcr=pcr(int(pcr_rows[0])),
        last_pcr=pcr(int(pcr_rows[-1])),
        loudness=Loudness(integrated_lufs=None, true_peak_dbtp=None, lra_lu=None),
        verification=Verification(passed=True),
    )


class ClipSources:
    """A `TestSourceProvider` and `FillerProvider` for tests: quick clips, cached per key.

    (The station wires the encoder's generated sources; these are the same shape, made fast.)
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.made: list[tuple[str, float, str]] = []

    def _clip(self, key: str, seconds: float) -> ReadyMedia:
        digest = hashlib.sha256(key.encode()).hexdigest()[:12]
        path = self.folder / f"src-{digest}.ts"
        if not path.exists():
            make_clip(path, seconds, hue=int(digest[:2], 16), tone=300 + int(digest[2:4], 16))
        return ReadyMedia(path=path, index=read_index(path))

    def test_source(self, *, profile: str, seconds: float, text: str) -> ReadyMedia:
        self.made.append((profile, seconds, text))
        return self._clip(f"{profile}|{seconds}|{text}", seconds)

    def filler(self, *, profile: str, channel_name: str) -> ReadyMedia:
        return self._clip(f"filler|{profile}|{channel_name}", 4)
