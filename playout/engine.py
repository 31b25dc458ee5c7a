"""The engine: drives the stations' multiplexers with a clock and feeds the outputs.

Output packet ``n`` of a multiplex at rate R is due at ``n * 1504 / R`` seconds after the engine
started. In real time a producer thread per multiplex builds blocks (~100 ms) ahead; the engine
writes them in bursts (a whole number of 7-packet datagrams, a few milliseconds each) at their
due times: the clock waits between bursts, never per packet (TSDuck ``regulate``: per-packet
waits are impossible at these rates). The output clock starts only when every producer has
filled its read-ahead (four blocks), so the first bursts are not late while all multiplexes
build their first blocks at once. The GC is frozen after set-up and the GIL switch interval
shortened, so the sending thread is not held up by the producer.
With `FastClock` the waits return at once and a whole block is one burst, so rendering a day of
air is the same loop running as fast as the CPU allows.
"""

from __future__ import annotations

import gc
import heapq
import logging
import queue
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from playout.clock import Clock
from playout.mux import Block
from playout.outputs import Output
from playout.rundown import Tag
from playout.station import TransportStreamStation
from playout.tsarrays import Packets, null_block, pids, pusi

__all__ = ["Engine", "EngineStatus"]

logger = logging.getLogger(__name__)

BURST_SECONDS = 0.004
PRIME_TIMEOUT_SECONDS = 10.0
_DATAGRAM_PACKETS = 7


@dataclass(frozen=True, slots=True, kw_only=True)
class EngineStatus:
    """Once per second of output: where each multiplex is and what is on air."""

    clock_seconds: float
    output_utc: dict[int, datetime]
    packets: dict[int, int]
    bitrate: dict[int, float]
    on_air: dict[tuple[int, int], str]
    late_seconds: float


class _Producer(threading.Thread):
    """Builds a station's blocks ahead of time in its own thread (real time only), so the
    sending thread only waits and writes: building a block never delays a burst."""

    def __init__(self, station: TransportStreamStation, depth: int = 4) -> None:
        super().__init__(name=f"mux TS {station.ts.transport_stream_id}", daemon=True)
        self.station = station
        self.blocks: queue.Queue[Block | BaseException] = queue.Queue(maxsize=depth)
        self.stopped = threading.Event()
        self.starved = 0

    def run(self) -> None:
        try:
            while not self.stopped.is_set():
                self._offer(self.station.next_block())
        except BaseException as exc:  # handed to the sending thread, which re-raises it
            self.blocks.put(exc)

    def _offer(self, block: Block) -> None:
        while not self.stopped.is_set():
            try:
                self.blocks.put(block, timeout=0.2)
                return
            except queue.Full:
                continue

    def wait_primed(self, deadline: float, clock: Clock) -> bool:
        """Wait until the read-ahead queue is full (or ``deadline`` on ``clock`` passes).

        Every multiplex builds its first blocks at once, and its first EIT schedule with them;
        starting the output clock before that is done is what made the first bursts late.
        """
        while not self.blocks.full() and self.is_alive():
            if clock.now() >= deadline:
                return False
            self.stopped.wait(0.01)
        return self.blocks.full()

    def next(self) -> Block:
        if self.blocks.empty():
            self.starved += 1  # the sender had to wait for a block: an underrun risk
        item = self.blocks.get()
        if isinstance(item, BaseException):
            raise item
        return item


class _Lane:
    """One multiplex: its station, outputs, burst size and the next block."""

    def __init__(
        self, station: TransportStreamStation, outputs: Sequence[Output], burst: int, realtime: bool
    ) -> None:
        self.producer = _Producer(station) if realtime else None
        self.station = station
        self.outputs = list(outputs)
        self.rate = station.ts.mux_rate
        self.burst = burst
        self.block: Block | None = None
        self.sent = 0
        self.total: int | None = None
        self.es_pids = [pid for s in station.ts.services for pid in (s.pids.video, *s.pids.audio)]

    def seconds(self, packet: int) -> float:
        return packet * 1504 / self.rate

    def fetch(self) -> Block:
        return self.producer.next() if self.producer is not None else self.station.next_block()


class Engine:
    """Runs stations against a clock (see the module docstring)."""

    def __init__(
        self,
        stations: Sequence[TransportStreamStation],
        outputs: Mapping[int, Sequence[Output]],
        clock: Clock,
        *,
        on_status: Callable[[EngineStatus], None] | None = None,
    ) -> None:
        self.clock = clock
        self.on_status = on_status
        self.lanes = []
        for station in stations:
            tsid = station.ts.transport_stream_id
            packets_per_burst = max(1, int(station.ts.mux_rate * BURST_SECONDS / 1504))
            burst = -(-packets_per_burst // _DATAGRAM_PACKETS) * _DATAGRAM_PACKETS
            if not clock.realtime:
                burst = station.mux.block_packets
            self.lanes.append(_Lane(station, outputs.get(tsid, ()), burst, clock.realtime))
        self.worst_late = 0.0
        self._window_late = 0.0
        self._origin = 0.0

    def run(self, *, seconds: float | None = None, stop: threading.Event | None = None) -> None:
        """Run until ``seconds`` of output are written (all multiplexes), or ``stop`` is set.

        The output ends cleanly: each elementary stream's last, unfinished PES is replaced by
        null packets, so a decoder reading the file to its end finds no broken picture.
        """
        heap: list[tuple[float, int, int]] = []
        if self.clock.realtime:
            sys.setswitchinterval(0.0005)  # the sending thread gets the GIL back within 0.5 ms
            gc.collect()
            gc.freeze()  # the set-up objects never need scanning again: shorter GC pauses
        self._start_producers()
        for number, lane in enumerate(self.lanes):
            lane.block = lane.fetch()
            lane.total = None if seconds is None else -(-int(seconds * lane.rate) // 1504)
            heapq.heappush(heap, (0.0, number, 0))
        next_status = 1.0
        self._origin = self.clock.now()  # the first blocks are built: the output starts now
        while heap:
            due, number, packet = heapq.heappop(heap)
            lane = self.lanes[number]
            stopping = stop is not None and stop.is_set()
            if stopping:
                lane.total = packet
            self.clock.wait_until(self._origin + due)
            following = self._send(lane, packet, due)
            if following is not None and not stopping:
                heapq.heappush(heap, (lane.seconds(following), number, following))
            if due >= next_status:
                self._report(due)
                next_status = float(int(due) + 1)
        for lane in self.lanes:
            if lane.producer is not None:
                lane.producer.stopped.set()

    def _start_producers(self) -> None:
        """Real time: start every multiplex's producer and let it fill its read-ahead first."""
        producers = [lane.producer for lane in self.lanes if lane.producer is not None]
        for producer in producers:
            producer.start()
        deadline = self.clock.now() + PRIME_TIMEOUT_SECONDS
        unprimed = [p.name for p in producers if not p.wait_primed(deadline, self.clock)]
        if unprimed:
            logger.warning("on air before the read-ahead of %s was full", ", ".join(unprimed))

    def _send(self, lane: _Lane, packet: int, due: float) -> int | None:
        block = lane.block
        assert block is not None
        late = self.clock.now() - self._origin - due
        if late > self._window_late:
            self._window_late = late
        start = packet - block.first
        end = min(start + lane.burst, block.packets.shape[0])
        last = lane.total is not None and block.first + end >= lane.total
        if last:
            end = max(start, lane.total - block.first)  # type: ignore[operator]
        data = block.packets[start:end]
        if last:
            data = _without_unfinished_pes(data, lane.es_pids)
        for output in lane.outputs:
            output.write(data.data)
        lane.sent = block.first + end
        if last:
            return None
        if end == block.packets.shape[0]:
            lane.block = lane.fetch()
        return lane.sent

    def _report(self, t: float) -> None:
        self.worst_late = max(self.worst_late, self._window_late)
        if self.on_status is not None:
            self.on_status(self.status(t))
        self._window_late = 0.0

    def status(self, t: float) -> EngineStatus:
        """Where every multiplex is now and what is on air."""
        utc, packets, bitrate, on_air = {}, {}, {}, {}
        for lane in self.lanes:
            station = lane.station
            tsid = station.ts.transport_stream_id
            utc[tsid] = station.timebase.utc(station.mux.time_of(lane.sent))
            packets[tsid] = lane.sent
            bitrate[tsid] = lane.sent * 1504 / max(t, 1e-9)
            for sid, mark in station.on_air.items():
                on_air[(tsid, sid)] = _describe(mark.tag)
        return EngineStatus(
            clock_seconds=t,
            output_utc=utc,
            packets=packets,
            bitrate=bitrate,
            on_air=on_air,
            late_seconds=self._window_late,
        )


def _without_unfinished_pes(packets: Packets, es_pids: list[int]) -> Packets:
    """A copy of the final packets with each PID's last (unfinished) PES nulled out."""
    packets = packets.copy()
    pid = pids(packets)
    starts = pusi(packets)
    for es in es_pids:
        mine = pid == es
        begun = np.flatnonzero(mine & starts)
        if begun.size:
            tail = mine.copy()
            tail[: begun[-1]] = False
            packets[tail] = null_block(int(tail.sum()))
    return packets


def _describe(tag: Tag) -> str:
    if tag.kind == "item":
        return f"event {tag.event_id} {tag.role}"
    return tag.kind
