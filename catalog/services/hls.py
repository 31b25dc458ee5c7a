"""HLS playlists cut from a rendition at its random-access points, without re-encoding.

A rendition is a TS whose index lists each random-access point (byte offset, PTS). Segments are
byte ranges of the one file (RFC 8216 §4.3.2.2 EXT-X-BYTERANGE, protocol version 4), each
starting at a random-access point and lasting at least `target` seconds, so every segment
begins with an IDR picture and players can start anywhere in the list.
"""

from __future__ import annotations

import math

TICKS = 90_000


def cut_points(points: list[tuple[int, int]], target_s: float) -> list[tuple[int, int]]:
    """Random-access points (offset, pts) at which to start segments: the first one, then
    the first point at least `target_s` after the previous cut."""
    cuts: list[tuple[int, int]] = []
    for offset, pts in sorted(points):
        if not cuts or pts - cuts[-1][1] >= target_s * TICKS:
            cuts.append((offset, pts))
    return cuts


def playlist(
    points: list[tuple[int, int]],
    ts_size: int,
    duration_ms: int | None,
    uri: str,
    target_s: float = 6.0,
) -> str:
    """A VOD media playlist over `uri` (the TS file) with byte-range segments."""
    cuts = cut_points(points, target_s) or [(0, 0)]
    if cuts[0][0] != 0:
        cuts[0] = (0, cuts[0][1])  # the bytes before the first point carry PAT/PMT
    total_ticks = (duration_ms or 0) * 90
    segments = []
    for i, (offset, pts) in enumerate(cuts):
        end_offset, end_pts = (
            cuts[i + 1] if i + 1 < len(cuts) else (ts_size, cuts[0][1] + total_ticks)
        )
        seconds = max((end_pts - pts) / TICKS, 0.001)
        segments.append((end_offset - offset, offset, seconds))
    target = max(1, math.ceil(max(s for _, _, s in segments)))
    lines = [
        "#EXTM3U",
        "#EXT-X-VERSION:4",
        f"#EXT-X-TARGETDURATION:{target}",
        "#EXT-X-MEDIA-SEQUENCE:0",
        "#EXT-X-PLAYLIST-TYPE:VOD",
        "#EXT-X-INDEPENDENT-SEGMENTS",
    ]
    for length, offset, seconds in segments:
        lines += [f"#EXTINF:{seconds:.3f},", f"#EXT-X-BYTERANGE:{length}@{offset}", uri]
    lines.append("#EXT-X-ENDLIST")
    return "\n".join(lines) + "\n"
