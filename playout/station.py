"""One transport stream on the air: rundowns, splicers, the SI carousel and the multiplexer.

`TransportStreamStation` wires the parts for one multiplex and turns the splicers' marks (a
segment starts or ends presenting) into what follows from them: EIT present/following switches
at the actual start of each slot, and as-run records. It checks at construction that the
services and the SI fit the mux rate, and refuses with the numbers if they do not.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from epg.carousel import DeliverySystem, SICarousel
from epg.eit_builder import build_event, build_schedule_events
from epg.errors import TableEncodeError
from epg.programme import Localized, Programme
from epg.tables.eit import EITEvent
from mpegts.ids import PID
from mpegts.psi.pat import PAT
from mpegts.psi.pmt import PMT
from playout.errors import MediaUnavailable, MuxRateError
from playout.mux import Block, Multiplexer
from playout.plan.model import ServicePlan, StationPlan
from playout.ports import FillerProvider, MediaResolver
from playout.rundown import Rundown
from playout.si_plan import (
    carousel_delivery,
    channel_id,
    event_programme,
    language_639_2,
    network_nit,
    service_pmt,
    tot_template,
    transport_stream_sdt,
)
from playout.splicer import Feed, Mark, MarkKind, Splicer
from playout.timebase import Timebase
from playout.tsarrays import PACKET_SIZE

__all__ = ["CarouselSource", "MarkEvent", "TransportStreamStation"]

logger = logging.getLogger(__name__)

_RUNNING = 4
FILLER_EVENT_ID = 0xFFFE
_NOT_RUNNING = 1
_DEFAULT_STREAM_TYPES = (0x1B, 0x0F)


class CarouselSource:
    """The SI carousel as a multiplexer source (its tick 0 is the output's ``stc0``)."""

    def __init__(self, carousel: SICarousel, stc0: int) -> None:
        self.carousel = carousel
        self.stc0 = stc0

    def pull(self, horizon27: int) -> Feed:
        packets = self.carousel.packets_due(horizon27 - self.stc0)
        if not packets:
            return Feed(np.zeros((0, PACKET_SIZE), dtype=np.uint8), np.zeros(0, dtype=np.int64), [])
        rows = np.frombuffer(b"".join(p for _, p in packets), dtype=np.uint8).reshape(
            -1, PACKET_SIZE
        )
        due = np.fromiter((t for t, _ in packets), dtype=np.int64, count=len(packets)) + self.stc0
        return Feed(rows.copy(), due, [])


@dataclass(frozen=True, slots=True, kw_only=True)
class MarkEvent:
    """A mark as it happened: which service, what, and when in UTC."""

    transport_stream_id: int
    service_id: int
    mark: Mark
    when: datetime


class TransportStreamStation:
    """Everything for one multiplex; `next_block` produces the next block of output."""

    def __init__(
        self,
        plan: StationPlan,
        transport_stream_id: int,
        *,
        start: datetime,
        resolver: MediaResolver,
        filler: FillerProvider | None = None,
        stc0: int = 0,
        block_packets: int = 2048,
        on_mark: Callable[[MarkEvent], None] | None = None,
    ) -> None:
        network, ts = plan.find_transport_stream(transport_stream_id)
        self.plan, self.network, self.ts = plan, network, ts
        self.timebase = Timebase(start=start, stc0=stc0, mux_rate=ts.mux_rate)
        self._on_mark = on_mark
        self.rundowns = {
            s.service_id: Rundown(
                s,
                transport_stream_id=ts.transport_stream_id,
                timebase=self.timebase,
                resolver=resolver,
                filler=filler,
            )
            for s in ts.services
        }
        self.carousel = SICarousel(
            start=start,
            transport_stream_id=ts.transport_stream_id,
            original_network_id=network.original_network_id,
            delivery=DeliverySystem(carousel_delivery(network)),
        )
        self.on_air: dict[int, Mark] = {}
        self._requested_plan: StationPlan | None = None
        self._programmes: dict[int, list[Programme]] = {}
        self._stream_types = {s.service_id: self._stream_types_of(s) for s in ts.services}
        self._set_tables(start)
        needs = self._check_mux_rate()
        headroom = ts.mux_rate - sum(needs.values()) - self.carousel.si_bitrate()
        self.splicers = [
            self._splicer(s, needs[s.service_id], headroom // len(ts.services)) for s in ts.services
        ]
        if block_packets <= 0:  # real time: blocks of ~100 ms keep every step short
            block_packets = max(7, ts.mux_rate // (1504 * 10) // 7 * 7)
        self.mux = Multiplexer(
            self.timebase,
            self.splicers,
            background=[CarouselSource(self.carousel, stc0)],
            on_marks=self._handle_marks,
            block_packets=block_packets,
        )

    # --- configuration --------------------------------------------------------------------

    def _stream_types_of(self, service: ServicePlan) -> tuple[int, ...]:
        rundown = self.rundowns[service.service_id]
        for event in service.events[:4]:
            for index in range(len(event.items)):
                try:
                    rendition = rundown.open_item(event, index)
                except MediaUnavailable:
                    continue
                return (
                    rendition.index.video.stream_type,
                    *(a.stream_type for a in rendition.index.audio),
                )
        return _DEFAULT_STREAM_TYPES

    def service_rate(self, service: ServicePlan) -> int:
        """The most a service can need: the largest mux rate among its renditions and filler."""
        rundown = self.rundowns[service.service_id]
        rates = []
        for event in service.events:
            for index in range(len(event.items)):
                try:
                    media = rundown.resolve_item(event, index)
                except MediaUnavailable:
                    continue
                rates.append(media.index.mux_rate)
        filler = rundown.filler_rendition()
        if filler is not None:
            rates.append(filler.index.mux_rate)
        return max(rates, default=0)

    def _splicer(self, service: ServicePlan, rate: int, share: int) -> Splicer:
        """A splicer capped at its rate plus its share of the headroom.

        The share is what a join may borrow: the new item's start-up data overlapping the old
        item's tail is sent at most ``share`` bit/s faster than the service's own rate, and the
        overlap is bounded so that burst drains within 0.4 s (module docs: the join budget).
        """
        if rate <= 0:
            return Splicer(self.rundowns[service.service_id], service.pids)
        overlap_ms = int(min(1000, 400 * share / rate))
        return Splicer(
            self.rundowns[service.service_id],
            service.pids,
            max_overlap_ms=overlap_ms,
            rate_cap=rate + share,
        )

    def _check_mux_rate(self) -> dict[int, int]:
        needs = {s.service_id: self.service_rate(s) for s in self.ts.services}
        si = self.carousel.si_bitrate()
        total = sum(needs.values()) + si
        if total > self.ts.mux_rate:
            parts = " + ".join(f"{rate} (service {sid})" for sid, rate in needs.items())
            raise MuxRateError(
                f"transport stream {self.ts.transport_stream_id}: services {parts} + SI {si} = "
                f"{total} bit/s do not fit mux_rate {self.ts.mux_rate} bit/s"
            )
        logger.info(
            "transport stream %d: services %d + SI %d of %d bit/s",
            self.ts.transport_stream_id,
            sum(needs.values()),
            si,
            self.ts.mux_rate,
        )
        return needs

    def _pmt(self, service: ServicePlan) -> PMT:
        """The service's PMT (`playout.si_plan.service_pmt`) for its renditions' stream types."""
        return service_pmt(service, self._stream_types[service.service_id])

    def _set_tables(self, now: datetime) -> None:
        self._programmes = {}
        ts, network = self.ts, self.network
        video_types = {}
        for net in self.plan.networks:
            for stream in net.transport_streams:
                for s in stream.services:
                    video_types[s.service_id] = self._stream_types.get(
                        s.service_id, _DEFAULT_STREAM_TYPES
                    )[0]
        self.carousel.set_tables(
            pat=PAT(
                transport_stream_id=ts.transport_stream_id,
                programs=dict(sorted((s.service_id, s.pids.pmt) for s in ts.services)),
                network_pid=PID.NIT,
            ),
            pmts={s.pids.pmt: self._pmt(s) for s in ts.services},
            sdt=transport_stream_sdt(network, ts, video_types),
            nit=network_nit(network, video_types),
            tot=tot_template(self.plan.timezone, now),
        )
        for service in ts.services:
            self._update_schedule(service, now)
            mark = self.on_air.get(service.service_id)
            if mark is None:
                self.carousel.update_eit_pf(service.service_id, None, self._following(service, now))
            else:
                self._switch_pf(service, mark, now)

    def _update_schedule(self, service: ServicePlan, now: datetime) -> None:
        """EIT schedule for 8 days from the plan.

        EN 300 468 allows 8 sections per 3-hour segment; a plan denser than that (dozens of
        short items an hour) cannot all be listed. Then every other event is dropped until it
        fits, and the loss is logged: the schedule thins out, p/f stays exact, air never stops.
        """
        events = build_schedule_events(self.programmes(service), now=now)
        step = 1
        while True:
            try:
                self.carousel.update_schedule(service.service_id, events[::step])
                break
            except TableEncodeError as exc:
                if len(events[::step]) <= 1:
                    logger.error("service %d: no EIT schedule: %s", service.service_id, exc)
                    return
                step *= 2
        if step > 1:
            logger.error(
                "service %d: EIT schedule too dense (%d events), 1 in %d carried",
                service.service_id,
                len(events),
                step,
            )

    def apply_plan(self, plan: StationPlan, now: datetime) -> None:
        """A changed plan: future decisions and the EIT schedule follow it (versions bump)."""
        network, ts = plan.find_transport_stream(self.ts.transport_stream_id)
        self.plan, self.network = plan, network
        services = {s.service_id: s for s in ts.services}
        for service_id, rundown in self.rundowns.items():
            if service_id in services:
                rundown.service = services[service_id]
        self.ts = ts
        self._set_tables(now)

    def request_plan(self, plan: StationPlan) -> None:
        """Thread-safe: the engine thread applies ``plan`` before its next block."""
        self._requested_plan = plan

    # --- EPG ------------------------------------------------------------------------------

    def programmes(self, service: ServicePlan) -> list[Programme]:
        """The service's EPG programmes (cached until the plan is applied again)."""
        cached = self._programmes.get(service.service_id)
        if cached is not None:
            return cached
        rundown = self.rundowns[service.service_id]
        channel = channel_id(service, self.ts, self.network)
        made = [
            event_programme(e, channel=channel, stop=rundown.planned_end(e)) for e in service.events
        ]
        self._programmes[service.service_id] = made
        return made

    def _programme(self, service: ServicePlan, event_id: int) -> Programme | None:
        return next((p for p in self.programmes(service) if p.event_id == event_id), None)

    def _following(self, service: ServicePlan, after: datetime, exclude: int | None = None):  # type: ignore[no-untyped-def]
        for programme in self.programmes(service):
            if programme.start >= after and programme.event_id != exclude:
                return build_event(programme, running_status=_NOT_RUNNING)
        return None

    def _filler_event(self, service: ServicePlan, when: datetime) -> EITEvent | None:
        """The configured filler event (running until the next slot), or none."""
        if not service.filler_title:
            return None
        following = self.rundowns[service.service_id].next_event_after(when)
        stop = following.start if following else when + timedelta(hours=1)
        programme = Programme(
            channel_id=channel_id(service, self.ts, self.network),
            start=when.replace(microsecond=0),
            stop=max(stop, when.replace(microsecond=0) + timedelta(seconds=1)),
            titles=Localized({language_639_2(k): v for k, v in service.filler_title.items()}),
            event_id=FILLER_EVENT_ID,
        )
        return build_event(programme, running_status=_RUNNING)

    def _switch_pf(self, service: ServicePlan, mark: Mark, when: datetime) -> None:
        tag = mark.tag
        if tag.kind == "item" and tag.event_id is not None:
            programme = self._programme(service, tag.event_id)
            present = build_event(programme, running_status=_RUNNING) if programme else None
            after = programme.stop if programme else when
            following = self._following(
                service,
                min(after, when) if programme is None else programme.start,
                exclude=tag.event_id,
            )
        else:
            following = self._following(service, when)
            present = self._filler_event(service, when)
        self.carousel.update_eit_pf(service.service_id, present, following)

    # --- output ---------------------------------------------------------------------------

    def next_block(self) -> Block:
        requested, self._requested_plan = self._requested_plan, None
        if requested is not None:
            self.apply_plan(requested, self.timebase.utc(self.mux.time_of(self.mux.position)))
        return self.mux.next_block()

    def _handle_marks(self, marks: list[Mark]) -> None:
        """Called by the multiplexer as marks fall due, before it gathers that block's SI."""
        services = {s.service_id: s for s in self.ts.services}
        for mark in marks:
            when = self.timebase.utc(mark.stc27)
            service = services.get(mark.service_id)
            if mark.kind is MarkKind.START and service is not None:
                self.on_air[mark.service_id] = mark
                self._switch_pf(service, mark, when)
            if self._on_mark is not None:
                self._on_mark(
                    MarkEvent(
                        transport_stream_id=self.ts.transport_stream_id,
                        service_id=mark.service_id,
                        mark=mark,
                        when=when,
                    )
                )
