"""Which packets of a rendition to play: all of it, from a random-access point, up to a GOP edge.

A `Cut` is described in the rendition's own clock (90 kHz PTS/DTS, packet numbers). Joins start
on a random-access point from the index (an IDR / closed GOP with parameter sets in band), so the
decoder gets a clean entry; ends fall on a GOP boundary (the packet where the next random-access
picture starts), so no picture refers to one that was cut away. Audio is cut on PES boundaries at
the same presentation time, per PID, so no access unit is left half-sent.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from mpegts.rendition_index import RandomAccessPoint, StreamEntry
from playout.media import Rendition

__all__ = ["Cut", "cut_before", "join_at", "nearest_rap", "whole"]

_SCAN_SECONDS = 3.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Cut:
    """Packets ``start_packet`` .. ``pid_ends[pid]`` (exclusive, per source PID) of a rendition.

    ``first_pts`` is the earliest presentation start over all streams, ``end_pts`` the latest
    presentation end (last PTS + one frame); ``video_*`` are the video PID's own bounds. All in the
    rendition's 90 kHz clock.
    """

    rendition: Rendition
    start_packet: int
    pid_ends: dict[int, int]
    first_pts: int
    video_first_pts: int
    video_first_dts: int
    end_pts: int
    video_end_dts: int

    @property
    def end_packet(self) -> int:
        return max(self.pid_ends.values())

    @property
    def duration(self) -> int:
        return self.end_pts - self.first_pts


def whole(rendition: Rendition) -> Cut:
    """The whole rendition, as the index describes it."""
    index = rendition.index
    video = index.video
    ends = [_end_pts(s, index.video_frame_ticks, index.audio_frame_ticks) for s in index.streams]
    return Cut(
        rendition=rendition,
        start_packet=0,
        pid_ends={s.pid: rendition.packet_count for s in index.streams},
        first_pts=min(s.first_pts for s in index.streams),
        video_first_pts=video.first_pts,
        video_first_dts=video.first_dts,
        end_pts=max(ends),
        video_end_dts=video.last_dts + index.video_frame_ticks,
    )


def _end_pts(stream: StreamEntry, video_frame: int, audio_frame: int) -> int:
    """Where a stream's presentation ends: the index's ``end_pts`` (a PES may hold several audio
    frames), or for an index without it the last PTS plus one frame."""
    end = getattr(stream, "end_pts", None)
    if isinstance(end, int):
        return end
    return stream.last_pts + (video_frame if stream.kind == "video" else audio_frame)


def nearest_rap(rendition: Rendition, pts: int) -> RandomAccessPoint:
    """The random-access point whose PTS is nearest to ``pts`` (rendition clock)."""
    return min(rendition.index.random_access_points, key=lambda r: abs(r.pts - pts))


def join_at(cut: Cut, rap: RandomAccessPoint) -> Cut:
    """``cut`` started at ``rap`` instead: the earlier packets are skipped on every PID."""
    if rap.packet_index <= cut.start_packet:
        return cut
    rendition = cut.rendition
    window = rendition.packets_for_seconds(_SCAN_SECONDS)
    firsts = [rap.pts]
    for stream in rendition.index.audio:
        _packets, found = rendition.pes_starts(
            stream.pid, rap.packet_index, rap.packet_index + window
        )
        stamped = found.pts >= 0
        if stamped.any():
            firsts.append(int(found.pts[stamped][0]))
    return replace(
        cut,
        start_packet=rap.packet_index,
        first_pts=min(firsts),
        video_first_pts=rap.pts,
        video_first_dts=rap.dts,
    )


def _reorders(rendition: Rendition) -> bool:
    """True if the video may decode out of presentation order (B-frames): then only GOP edges
    are safe ends. Without reordering every picture ends cleanly, so ends are frame-accurate."""
    video = rendition.index.video
    return video.first_dts != video.first_pts or video.last_dts != video.last_pts


def _frame_edge(
    cut: Cut, anchor: RandomAccessPoint | None, limit_pts: int
) -> tuple[int, int, int] | None:
    """The first picture after ``anchor`` that would end past ``limit_pts``: packet, PTS, DTS."""
    rendition = cut.rendition
    index = rendition.index
    lo = anchor.packet_index if anchor is not None else cut.start_packet
    hi = min(cut.end_packet, lo + rendition.packets_for_seconds(_SCAN_SECONDS * 4))
    packets, found = rendition.pes_starts(index.video.pid, lo, hi)
    late = (found.pts >= 0) & (found.pts + index.video_frame_ticks > limit_pts)
    late &= packets > cut.start_packet
    if not late.any():
        return None
    first = int(np.flatnonzero(late)[0])
    return int(packets[first]), int(found.pts[first]), int(found.pts[first])


def cut_before(cut: Cut, limit_pts: int) -> Cut | None:
    """``cut`` ended so that it presents nothing at or after ``limit_pts``.

    Without B-frames the end is the last whole picture; with them, the last GOP boundary whose
    picture starts at or before ``limit_pts``. Returns ``cut`` unchanged if it already ends by
    then, ``None`` if not even one picture (or GOP) fits.
    """
    if cut.end_pts <= limit_pts:
        return cut
    raps = [
        r
        for r in cut.rendition.index.random_access_points
        if cut.start_packet < r.packet_index < cut.end_packet
        and cut.video_first_pts < r.pts <= limit_pts
    ]
    edge = (raps[-1].packet_index, raps[-1].pts, raps[-1].dts) if raps else None
    if not _reorders(cut.rendition):
        anchor = raps[-1] if raps else None
        edge = _frame_edge(cut, anchor, limit_pts) or edge
    if edge is None or edge[1] <= cut.video_first_pts:
        return None
    return _end_at(cut, *edge)


def _end_at(cut: Cut, packet: int, pts: int, dts: int) -> Cut:
    """``cut`` ended at the video PES starting at ``packet`` (PTS ``pts``), audio at ``pts``."""
    rendition = cut.rendition
    index = rendition.index
    window = rendition.packets_for_seconds(_SCAN_SECONDS)
    ends = {index.video.pid: packet}
    end_pts = [pts]
    for stream in index.audio:
        packets, found = rendition.pes_starts(stream.pid, packet - window, packet + window)
        late = found.pts >= pts
        if late.any():
            ends[stream.pid] = int(packets[late][0])
            end_pts.append(int(found.pts[late][0]))
        else:
            ends[stream.pid] = cut.pid_ends.get(stream.pid, packet)
            end_pts.append(pts)
    return replace(cut, pid_ends=ends, end_pts=max(end_pts), video_end_dts=dts)
