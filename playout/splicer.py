"""The splicer: one service's renditions restamped onto one continuous timeline.

For each segment the rundown chooses, one offset (a multiple of 300 ticks at 27 MHz, so exactly
representable at 90 kHz) maps the rendition's clock onto the output system clock; it is applied
to the PTS/DTS of every PID and to each packet's due time (the rendition's own PCR timeline, it is
constant-rate). The offset is the largest of:

* continuity - the segment's earliest stream starts where the previous segment's latest stream
  ended, and its first video DTS follows the previous last video DTS (audio and video residuals
  are carried as these two ends, so nothing accumulates across joins);
* the hard start - an event's first item starts presenting at its scheduled time;
* the join bound - the segment's first packet is not due more than ``max_overlap`` before the
  previous segment's last packet. Inside that bound the new segment's start-up buffering overlaps
  the previous tail and the multiplexer carries both, borrowing from the null-packet budget.

Due times per service are made non-decreasing (a packet is never sent before the one before it),
PIDs are remapped to the service's house PIDs, continuity counters rewritten per PID (payload
packets only), and gaps longer than 30 ms between packets are filled with PCR-only packets (no
payload, so no CC step), keeping the PCR interval under 40 ms even while nothing plays.
All work is NumPy over blocks; only PES-start packets are touched for timestamps.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import Enum

import numpy as np
import numpy.typing as npt

from playout.cut import Cut, cut_before
from playout.pes_stamps import find_pes_starts, shift_timestamps
from playout.plan.model import ServicePids
from playout.rundown import Choice, Rundown, Tag
from playout.tsarrays import (
    PACKET_SIZE,
    Packets,
    cc_rewrite,
    pcr_flags,
    pids,
    pusi,
    remap_pids,
)

__all__ = ["Feed", "Mark", "MarkKind", "Splicer"]

logger = logging.getLogger(__name__)

CHUNK_PACKETS = 4096
PCR_GAP_27M = 27_000_000 * 30 // 1000
PCR_STEP_27M = 27_000_000 * 20 // 1000
_EMPTY = np.zeros((0, PACKET_SIZE), dtype=np.uint8)
_NO_DUE = np.zeros(0, dtype=np.int64)


class MarkKind(Enum):
    START = "start"
    END = "end"


@dataclass(frozen=True, slots=True)
class Mark:
    """A segment starts or ends presenting at system time ``stc27`` (27 MHz, unwrapped)."""

    stc27: int
    kind: MarkKind
    service_id: int
    tag: Tag


@dataclass(frozen=True, slots=True)
class Feed:
    """Packets of one service with their due times (27 MHz, non-decreasing), and marks."""

    rows: Packets
    due: npt.NDArray[np.int64]
    marks: list[Mark]


@dataclass(slots=True)
class _Active:
    cut: Cut | None
    tag: Tag
    offset90: int
    cursor: int
    end_packet: int
    lut: npt.NDArray[np.int32]
    started: set[int]
    gap_until27: int = 0


class Splicer:
    """Restamps one service's segments; `pull` returns what is due before a horizon."""

    def __init__(
        self,
        rundown: Rundown,
        pids_: ServicePids,
        *,
        max_overlap_ms: int = 1000,
        rate_cap: int | None = None,
    ) -> None:
        self.rundown = rundown
        self._spacing27 = 0 if rate_cap is None else -(-(PACKET_SIZE * 8 * 27_000_000) // rate_cap)
        self.pids = pids_
        self.service_id = rundown.service.service_id
        self.max_overlap27 = max_overlap_ms * 27_000
        stc0 = rundown.timebase.stc0
        self._end90 = -(-stc0 // 300)
        self._video_dts_end90 = self._end90
        self._last_due27 = stc0
        self._last_pcr27 = stc0
        self._first = True
        self._grid90: int | None = None
        self._head_lead27 = 0
        self._cc = dict.fromkeys(pids_.all(), 15)
        self._active: _Active | None = None
        self._buffer: list[tuple[Packets, npt.NDArray[np.int64]]] = []
        self._buffered_until = stc0
        self.counters = {"segments": 0, "packets": 0, "pcr_only": 0}

    # --- public ---------------------------------------------------------------------------

    def pull(self, horizon27: int) -> Feed:
        """Every packet due before ``horizon27``, in order, and the marks made on the way."""
        marks: list[Mark] = []
        while self._buffered_until < horizon27:
            rows, due = self._produce(marks)
            if rows.shape[0]:
                self._buffer.append((rows, due))
                self._buffered_until = int(due[-1])
        rows_out: list[Packets] = []
        due_out: list[npt.NDArray[np.int64]] = []
        while self._buffer:
            rows, due = self._buffer[0]
            if int(due[-1]) < horizon27:
                rows_out.append(rows)
                due_out.append(due)
                self._buffer.pop(0)
                continue
            split = int(np.searchsorted(due, horizon27, side="left"))
            if split:
                rows_out.append(rows[:split])  # views: one copy happens, below
                due_out.append(due[:split])
                self._buffer[0] = (rows[split:], due[split:])
            break
        if not rows_out:
            return Feed(_EMPTY, _NO_DUE, marks)
        if len(rows_out) == 1:
            return Feed(rows_out[0], due_out[0], marks)
        return Feed(np.concatenate(rows_out), np.concatenate(due_out), marks)

    # --- segments -------------------------------------------------------------------------

    def _produce(self, marks: list[Mark]) -> tuple[Packets, npt.NDArray[np.int64]]:
        if self._active is None:
            self._start(self.rundown.next(self._end90), marks)
        active = self._active
        assert active is not None
        if active.cut is None:
            return self._gap_chunk(active, marks)
        return self._cut_chunk(active, marks)

    def _offset(self, choice: Choice, cut: Cut) -> int:
        rendition = cut.rendition
        continuity = max(self._end90 - cut.first_pts, self._video_dts_end90 - cut.video_first_dts)
        hard = choice.start_at - cut.first_pts if choice.start_at is not None else continuity
        overlap = 0 if self._first else self.max_overlap27
        floor27 = self._last_due27 - overlap - rendition.due_at(cut.start_packet)
        floor = -(-floor27 // 300)
        logger.debug(
            "service %d offset: continuity %d hard %d floor %d",
            self.service_id,
            continuity,
            hard,
            floor,
        )
        return self._on_grid(max(continuity, hard, floor), cut)

    def _on_grid(self, offset90: int, cut: Cut) -> int:
        """The offset, delayed by less than a frame so that pictures stay on the service's frame
        grid across joins (decoders and re-muxers that run a fixed frame clock see no jitter)."""
        frame = cut.rendition.index.video_frame_ticks
        start = cut.video_first_pts + offset90
        if self._grid90 is None:
            self._grid90 = start % frame
            return offset90
        return offset90 + (self._grid90 - start) % frame

    def _start(self, choice: Choice, marks: list[Mark]) -> None:
        self.counters["segments"] += 1
        cut = choice.cut
        if cut is not None:
            offset90 = self._offset(choice, cut)
            if choice.end_by is not None:
                cut = self._cut_for_hard_start(cut, choice.end_by - offset90)
        if cut is None:
            self._start_gap(choice, marks)
            return
        self._first = False
        lut = np.full(8192, 0x1FFF, dtype=np.int32)
        index = cut.rendition.index
        lut[index.video.pid] = self.pids.video
        for stream, pid in zip(index.audio, self.pids.audio, strict=False):
            lut[stream.pid] = pid
        self._active = _Active(
            cut=cut,
            tag=choice.tag,
            offset90=offset90,
            cursor=cut.start_packet,
            end_packet=cut.end_packet,
            lut=lut,
            started=set(),
        )
        marks.append(
            Mark((cut.first_pts + offset90) * 300, MarkKind.START, self.service_id, choice.tag)
        )
        self._end90 = cut.end_pts + offset90
        self._head_lead27 = max(0, cut.first_pts * 300 - cut.rendition.due_at(cut.start_packet))
        self._video_dts_end90 = cut.video_end_dts + offset90

    def _cut_for_hard_start(self, cut: Cut, limit90: int) -> Cut | None:
        """End ``cut`` early enough for the next item to start *on* its hard start.

        The next item's first packets are due one start-up lead (its first PTS minus its first
        due time; renditions of a profile share it, so this one's is used) before it presents;
        they may overlap our tail by at most ``max_overlap``. So our last packet must be due
        by ``limit - head_lead + max_overlap``: the end moves earlier by the difference between
        the head lead and our tail lead (the freed moment carries PCR only, a held picture).
        """
        ended = cut_before(cut, limit90)
        if ended is None:
            return None
        rendition = cut.rendition
        head_lead = cut.first_pts * 300 - rendition.due_at(cut.start_packet)
        tail_lead = ended.end_pts * 300 - rendition.due_at(max(ended.end_packet - 1, 0))
        margin = head_lead - tail_lead - self.max_overlap27
        if margin <= 0:
            return ended
        return cut_before(cut, limit90 - -(-margin // 300))

    def _start_gap(self, choice: Choice, marks: list[Mark]) -> None:
        start90 = max(self._end90, choice.start_at or self._end90)
        end90 = choice.end_by if choice.end_by is not None else start90 + 90_000
        end90 = max(end90, start90 + 1)
        self._active = _Active(
            cut=None,
            tag=choice.tag,
            offset90=0,
            cursor=0,
            end_packet=0,
            lut=np.zeros(0, dtype=np.int32),
            started=set(),
            # PCR-only packets stop one start-up lead early: the next segment sends from then
            gap_until27=end90 * 300 - self._head_lead27,
        )
        marks.append(Mark(start90 * 300, MarkKind.START, self.service_id, choice.tag))
        self._end90 = end90

    def _finish(self, marks: list[Mark]) -> None:
        assert self._active is not None
        marks.append(Mark(self._end90 * 300, MarkKind.END, self.service_id, self._active.tag))
        self._active = None

    # --- packets --------------------------------------------------------------------------

    def _gap_chunk(
        self, active: _Active, marks: list[Mark]
    ) -> tuple[Packets, npt.NDArray[np.int64]]:
        due = np.arange(
            self._last_pcr27 + PCR_STEP_27M, active.gap_until27, PCR_STEP_27M, dtype=np.int64
        )
        due = due[:CHUNK_PACKETS]
        rows = self._pcr_only(due.size)
        if due.size == 0 or int(due[-1]) + PCR_STEP_27M >= active.gap_until27:
            self._finish(marks)
        if due.size:
            self._last_pcr27 = int(due[-1])
            self._last_due27 = max(self._last_due27, self._last_pcr27)
        return rows, due

    def _pcr_only(self, count: int) -> Packets:
        self.counters["pcr_only"] += count
        rows = np.full((count, PACKET_SIZE), 0xFF, dtype=np.uint8)
        pid = self.pids.video
        rows[:, 0] = 0x47
        rows[:, 1] = pid >> 8
        rows[:, 2] = pid & 0xFF
        rows[:, 3] = 0x20 | self._cc[pid]
        rows[:, 4] = 183
        rows[:, 5] = 0x10
        return rows

    def _cut_chunk(
        self, active: _Active, marks: list[Mark]
    ) -> tuple[Packets, npt.NDArray[np.int64]]:
        cut = active.cut
        assert cut is not None
        rendition = cut.rendition
        start = active.cursor
        stop = min(start + CHUNK_PACKETS, active.end_packet)
        rows = np.array(rendition.packets[start:stop])
        keep = self._keep_mask(rows, start, cut, active)
        rows = rows[keep]
        due = rendition.due(start, stop)[keep] + active.offset90 * 300
        active.cursor = stop
        rows, due = self._restamp(rows, due, active)
        if stop >= active.end_packet:
            self._finish(marks)
        return rows, due

    def _keep_mask(
        self, rows: Packets, start: int, cut: Cut, active: _Active
    ) -> npt.NDArray[np.bool_]:
        pid = pids(rows)
        starts = pusi(rows)
        numbers = np.arange(start, start + rows.shape[0])
        keep = np.zeros(rows.shape[0], dtype=bool)
        for source, end in cut.pid_ends.items():
            mine = (pid == source) & (numbers < end)
            if source not in active.started:
                first = np.flatnonzero(mine & starts)
                if first.size == 0:
                    continue
                mine[: first[0]] = False
                active.started.add(source)
            keep |= mine
        return keep

    def _restamp(
        self, rows: Packets, due: npt.NDArray[np.int64], active: _Active
    ) -> tuple[Packets, npt.NDArray[np.int64]]:
        if rows.shape[0] == 0:
            return rows, due
        shift_timestamps(rows, find_pes_starts(rows), active.offset90)
        remap_pids(rows, active.lut)
        due = self._paced(due)
        rows, due = self._fill_pcr_gap(rows, due)
        out = pids(rows)
        for pid in (self.pids.video, *self.pids.audio):  # the PMT PID is the carousel's
            self._cc[pid] = cc_rewrite(rows, out == pid, self._cc[pid])
        self._last_due27 = int(due[-1])
        self.counters["packets"] += rows.shape[0]
        return rows, due

    def _paced(self, due: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """Due times made non-decreasing and at most ``rate_cap`` apart: a join's overlap is
        sent as a bounded burst (the borrowed null budget), never all at once."""
        if self._spacing27 == 0:
            return np.maximum.accumulate(np.maximum(due, self._last_due27))
        steps = np.arange(due.size, dtype=np.int64) * self._spacing27
        floor = self._last_due27 + self._spacing27
        return steps + np.maximum.accumulate(np.maximum(due - steps, floor))

    def _fill_pcr_gap(
        self, rows: Packets, due: npt.NDArray[np.int64]
    ) -> tuple[Packets, npt.NDArray[np.int64]]:
        """PCR-only packets wherever PCRs would be more than 30 ms apart (§2.4.3.5, ≤ 40 ms).

        The PCRs already in the chunk (on the PCR PID) and the chunk's end are the anchors; each
        gap longer than 30 ms gets packets every 20 ms, inserted in due order.
        """
        carrying = pcr_flags(rows) & (pids(rows) == self.pids.video)
        anchors = np.concatenate(([self._last_pcr27], due[carrying], due[-1:]))
        gaps = np.diff(anchors)
        long = np.flatnonzero(gaps > PCR_GAP_27M)
        last_pcr = int(due[carrying][-1]) if carrying.any() else self._last_pcr27
        if long.size == 0:
            self._last_pcr27 = last_pcr
            return rows, due
        counts = (gaps[long] - 1) // PCR_STEP_27M
        starts = np.repeat(anchors[long], counts)
        steps = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts) + 1
        fill = starts + steps * PCR_STEP_27M
        self._last_pcr27 = max(last_pcr, int(fill[-1]))
        at = np.searchsorted(due, fill, side="left")
        return np.insert(rows, at, self._pcr_only(fill.size), axis=0), np.insert(due, at, fill)
