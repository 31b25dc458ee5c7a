"""Renditions of one profile concatenated at packet level, timestamps offset, decode cleanly.

This is what the playout relies on: it never re-encodes, it only restamps. Here we restamp the way
a splicer would (one offset for PCR, PTS and DTS of every PID; continuity counters carried on)
and let Debian's FFmpeg, which nobody in this project wrote, decode the result with ``-v error``.
"""

from __future__ import annotations

import itertools
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

import av
import pytest

from encoder.filler import make_filler
from encoder.profiles import ChannelProfile
from encoder.rendition import Rendition
from encoder.testsource import make_test_source
from mpegts.rendition_index import RenditionIndex

DEBIAN_FFMPEG = "/usr/bin/ffmpeg"
WRAP = 1 << 33


def _shift_timestamp(b: bytearray, at: int, offset: int) -> None:
    value = (
        ((b[at] >> 1) & 0x07) << 30
        | b[at + 1] << 22
        | (b[at + 2] >> 1) << 15
        | b[at + 3] << 7
        | b[at + 4] >> 1
    )
    value = (value + offset) % WRAP
    b[at] = (b[at] & 0xF1) | ((value >> 29) & 0x0E)
    b[at + 1] = (value >> 22) & 0xFF
    b[at + 2] = ((value >> 14) & 0xFE) | 1
    b[at + 3] = (value >> 7) & 0xFF
    b[at + 4] = ((value << 1) & 0xFE) | 1


def _restamp_packet(p: bytearray, offset: int, es_pids: set[int], cc: dict[int, int]) -> None:
    pid = ((p[1] & 0x1F) << 8) | p[2]
    has_af, has_payload = bool(p[3] & 0x20), bool(p[3] & 0x10)
    start = 4
    if has_af:
        if p[4] and p[5] & 0x10:  # PCR
            base = (p[6] << 25) | (p[7] << 17) | (p[8] << 9) | (p[9] << 1) | (p[10] >> 7)
            base = (base + offset) % WRAP
            p[6:10] = (base >> 1).to_bytes(4, "big")
            p[10] = ((base & 1) << 7) | (p[10] & 0x7F)
        start = 5 + p[4]
    if has_payload:
        cc[pid] = (cc.get(pid, -1) + 1) % 16
        p[3] = (p[3] & 0xF0) | cc[pid]
        if pid in es_pids and p[1] & 0x40 and p[start : start + 3] == b"\x00\x00\x01":
            flags = p[start + 7] >> 6
            if flags & 0x2:
                _shift_timestamp(p, start + 9, offset)
            if flags == 0x3:
                _shift_timestamp(p, start + 14, offset)


def splice(parts: Sequence[Rendition]) -> bytes:
    """Concatenate renditions, each restamped to start where the previous one's video ended."""
    out, cc = bytearray(), {}
    timeline_end: int | None = None
    for part in parts:
        index: RenditionIndex = part.index
        offset = 0 if timeline_end is None else timeline_end - index.video.first_pts
        es_pids = {s.pid for s in index.streams}
        data = part.ts_path.read_bytes()
        for at in range(0, len(data), 188):
            packet = bytearray(data[at : at + 188])
            _restamp_packet(packet, offset, es_pids, cc)
            out += packet
        timeline_end = index.video.end_pts + offset
    return bytes(out)


def decode_errors(path: Path) -> str:
    result = subprocess.run(
        [
            DEBIAN_FFMPEG,
            "-hide_banner",
            "-nostdin",
            "-v",
            "error",
            "-i",
            str(path),
            "-f",
            "null",
            "-",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stderr + ("" if result.returncode == 0 else f"exit {result.returncode}")


def video_frames(path: Path) -> int:
    with av.open(str(path)) as container:
        return sum(1 for _ in container.decode(video=0))


@pytest.mark.independent
def test_two_lectures_and_filler_splice_cleanly(
    tmp_path: Path,
    slides_input: Path,
    tiny: ChannelProfile,
    render: Callable[..., Rendition],
) -> None:
    lecture = render(slides_input, tiny)
    generated = make_test_source(tiny, 2.0, tmp_path / "generated.ts")
    filler = make_filler(tiny, "Telesabaq 1", tmp_path, seconds=1.0)
    parts = [lecture, filler, generated, filler, lecture]
    joined = tmp_path / "joined.ts"
    joined.write_bytes(splice(parts))
    assert decode_errors(joined) == ""
    assert video_frames(joined) == sum(p.index.duration // 3600 for p in parts)


@pytest.mark.independent
def test_mpeg2_renditions_splice_cleanly(tmp_path: Path, tiny_mpeg2: ChannelProfile) -> None:
    first = make_test_source(tiny_mpeg2, 2.0, tmp_path / "a.ts", text="A")
    second = make_test_source(tiny_mpeg2, 1.0, tmp_path / "b.ts", text="B")
    joined = tmp_path / "joined.ts"
    joined.write_bytes(splice([first, second, first]))
    assert decode_errors(joined) == ""


def test_splice_offsets_timestamps_continuously(
    tmp_path: Path, slides_input: Path, tiny: ChannelProfile, render: Callable[..., Rendition]
) -> None:
    lecture = render(slides_input, tiny)
    joined = tmp_path / "joined.ts"
    joined.write_bytes(splice([lecture, lecture]))
    with av.open(str(joined)) as container:
        stream = container.streams.video[0]
        pts = sorted(p.pts for p in container.demux(stream) if p.pts is not None)
    steps = {b - a for a, b in itertools.pairwise(pts)}
    assert steps == {3600}  # one frame at 25 Hz, across the splice too
