"""Independent A/V check: map output PES back to the source clips by their bytes.

Each output video PES is found in a source clip (by a hash of its payload), which gives the
offset the splicer applied to that segment. Every audio PES must then be a source audio frame
shifted by the *same* offset as a video segment of the same clip: the A/V offset at each splice
is exactly the source's (well within one audio frame).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from pathlib import Path

import numpy as np

WRAP = 1 << 33


def pes_list(path: Path, pid: int, *, complete_file: bool = False) -> list[tuple[int, bytes]]:
    """(PTS, payload) of every PES of ``pid`` (the last only if the file is ``complete_file``)."""
    rows = np.fromfile(path, dtype=np.uint8).reshape(-1, 188)
    pids = ((rows[:, 1].astype(int) & 0x1F) << 8) | rows[:, 2]
    out: list[tuple[int, bytes]] = []
    current: bytearray | None = None
    pts = -1
    for i in np.flatnonzero(pids == pid):
        packet = bytes(rows[i])
        control = (packet[3] >> 4) & 3
        if not control & 1:
            continue
        offset = 4 + (1 + packet[4] if control & 2 else 0)
        if packet[1] & 0x40:
            if current is not None:
                out.append((pts, bytes(current)))
            b = packet[offset + 9 : offset + 14]
            pts = ((b[0] >> 1) & 7) << 30 | b[1] << 22 | (b[2] >> 1) << 15 | b[3] << 7 | b[4] >> 1
            current = bytearray(packet[offset + 9 + packet[offset + 8] :])
        elif current is not None:
            current += packet[offset:]
    if complete_file and current is not None:
        out.append((pts, bytes(current)))
    return out


def _digest(body: bytes) -> str:
    return hashlib.md5(body, usedforsecurity=False).hexdigest()


def splice_offsets(
    output: Path, video_pid: int, audio_pid: int, sources: dict[str, Path]
) -> dict[str, object]:
    video_src: dict[str, tuple[str, int]] = {}
    audio_src: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for name, path in sources.items():
        for pts, body in pes_list(path, 0x101, complete_file=True):
            video_src.setdefault(_digest(body), (name, pts))
        for pts, body in pes_list(path, 0x102, complete_file=True):
            audio_src[_digest(body)].append((name, pts))
    offsets: dict[str, set[int]] = defaultdict(set)
    segments = 0
    previous: tuple[str, int] | None = None
    for pts, body in pes_list(output, video_pid):
        name, src = video_src[_digest(body)]
        delta = (pts - src) % WRAP
        if previous != (name, delta):
            segments += 1
        previous = (name, delta)
        offsets[name].add(delta)
    unmatched = 0
    audio = pes_list(output, audio_pid)
    for pts, body in audio:
        candidates = audio_src.get(_digest(body), [])
        if not any((pts - src) % WRAP in offsets[name] for name, src in candidates):
            unmatched += 1
    return {"segments": segments, "audio": len(audio), "audio_unmatched": unmatched}
