"""What a service plays next: the schedule logic of one service, decided one segment at a time.

Rules (docs/operations-playout.md):

* An event starts at its hard start. Its items play back to back, each from the previous item's
  actual end. Anything still running at the next hard start is cut on a GOP boundary.
* Before a hard start the filler loops (each loop a segment, the last one cut on a GOP boundary);
  a remainder shorter than one filler GOP is a gap carrying only PCR.
* Starting or restarting inside a slot joins the item on the air at the random-access point
  nearest to where it should be now.
* A missing, unreadable, truncated or not-ready item is replaced by filler, with the reason; it is
  retried at each filler loop and joined late if it becomes ready within its slot.

Nothing here touches packets: the splicer asks `Rundown.next` for a `Choice` and restamps it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from playout.cut import Cut, cut_before, join_at, nearest_rap, whole
from playout.errors import MediaUnavailable
from playout.media import Rendition, open_rendition
from playout.plan.model import EventPlan, ServicePlan
from playout.ports import AsRunOutcome, FillerProvider, MediaResolver, ReadyMedia
from playout.timebase import PTS_HZ, Timebase

__all__ = ["Choice", "Rundown", "Tag"]

logger = logging.getLogger(__name__)

_IDLE_RECHECK = timedelta(seconds=10)
_FULL_JOIN_TOLERANCE_TICKS = PTS_HZ // 10


@dataclass(frozen=True, slots=True, kw_only=True)
class Tag:
    """What a segment is, for the as-run and the EIT: one as-run record per ``record_id``."""

    record_id: str
    kind: str  # "item" | "filler" | "gap"
    event_id: int | None = None
    item_index: int | None = None
    role: str = "filler"
    media: str = ""
    planned_start: datetime | None = None
    planned_end: datetime | None = None
    outcome: AsRunOutcome = "full"
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Choice:
    """The next segment: a cut to play (``None``: a gap), where it must start and end (90 kHz)."""

    cut: Cut | None
    tag: Tag
    start_at: int | None = None
    end_by: int | None = None


@dataclass(slots=True)
class _State:
    started: set[int] = field(default_factory=set)
    next_item: tuple[EventPlan, int] | None = None
    retry: tuple[EventPlan, int, str] | None = None
    filler_run: str | None = None


class Rundown:
    """The schedule logic of one service (see the module docstring)."""

    def __init__(
        self,
        service: ServicePlan,
        *,
        transport_stream_id: int,
        timebase: Timebase,
        resolver: MediaResolver,
        filler: FillerProvider | None = None,
    ) -> None:
        self.service = service
        self.transport_stream_id = transport_stream_id
        self.timebase = timebase
        self._resolver = resolver
        self._filler_provider = filler
        self._filler: Rendition | None = None
        self._state = _State()

    # --- planning facts -------------------------------------------------------------------

    def open_item(self, event: EventPlan, index: int) -> Rendition:
        """Resolve and open item ``index`` of ``event``; `MediaUnavailable` says why not."""
        media = self.resolve_item(event, index)
        if media.index.profile != self.service.profile:
            raise MediaUnavailable(
                f"profile mismatch: {media.path} is {media.index.profile!r}, "
                f"the service airs {self.service.profile!r}"
            )
        return open_rendition(media)

    def resolve_item(self, event: EventPlan, index: int) -> ReadyMedia:
        """The ready rendition of item ``index`` (not opened); `MediaUnavailable` if none."""
        return self._resolver.resolve(event.items[index].media, profile=self.service.profile)

    def planned_item_start(self, event: EventPlan, index: int) -> datetime:
        start = event.start
        for i in range(index):
            start += self._planned_duration(event, i)
        return start

    @property
    def service(self) -> ServicePlan:
        return self._service

    @service.setter
    def service(self, service: ServicePlan) -> None:
        """A new plan for this service: planning facts are recomputed from it."""
        self._service = service
        self._durations: dict[tuple[int, int], timedelta] = {}

    def _planned_duration(self, event: EventPlan, index: int) -> timedelta:
        key = (event.event_id, index)
        known = self._durations.get(key)
        if known is not None:
            return known
        try:
            media = self._resolver.resolve(event.items[index].media, profile=self.service.profile)
        except MediaUnavailable:  # not cached: it may become ready
            return event.items[index].planned_duration or timedelta(0)
        duration = timedelta(seconds=media.index.duration / PTS_HZ)
        self._durations[key] = duration
        return duration

    def planned_end(self, event: EventPlan) -> datetime:
        """Start plus the items' durations (a rendition's own, else the item's planned one), or
        the next hard start when nothing about the event's length is known."""
        end = self.planned_item_start(event, len(event.items))
        if end > event.start:
            return end
        following = self.next_event_after(event.start)
        return following.start if following else event.start + timedelta(hours=1)

    def next_event_after(self, when: datetime) -> EventPlan | None:
        return next((e for e in self.service.events if e.start > when), None)

    def _event_at(self, when: datetime) -> EventPlan | None:
        for event in self.service.events:
            if event.event_id in self._state.started:
                continue
            if event.start <= when < self.planned_end(event):
                return event
        return None

    # --- the decision ---------------------------------------------------------------------

    def next(self, t90: int) -> Choice:
        """The segment that follows content ending at ``t90`` (system clock, 90 kHz)."""
        when = self.timebase.utc90(t90)
        state = self._state
        if state.next_item is not None:
            event, index = state.next_item
            state.next_item = None
            return self._item_choice(event, index, t90, join_offset=None)
        if state.retry is not None:
            choice = self._retry(when, t90)
            if choice is not None:
                return choice
        current = self._event_at(when)
        if current is not None:
            state.started.add(current.event_id)
            return self._join_event(current, when, t90)
        return self._filler_choice(when, t90, reason="")

    def _join_event(self, event: EventPlan, when: datetime, t90: int) -> Choice:
        index = 0
        for i in range(len(event.items)):
            if self.planned_item_start(event, i) <= when:
                index = i
        into = when - self.planned_item_start(event, index)
        offset = int(into.total_seconds() * PTS_HZ)
        if index == 0 and offset <= _FULL_JOIN_TOLERANCE_TICKS:
            start = self.timebase.stc90(event.start)
            return self._item_choice(event, 0, max(t90, start), join_offset=None, start_at=start)
        return self._item_choice(event, index, t90, join_offset=offset, start_at=t90)

    def _retry(self, when: datetime, t90: int) -> Choice | None:
        assert self._state.retry is not None
        event, index, reason = self._state.retry
        if when >= self.planned_end(event):
            self._state.retry = None
            return None
        try:
            self.open_item(event, index)
        except MediaUnavailable:
            return None
        self._state.retry = None
        offset = int((when - self.planned_item_start(event, index)).total_seconds() * PTS_HZ)
        return self._item_choice(
            event, index, t90, join_offset=max(0, offset), start_at=t90, late=reason
        )

    def _item_choice(
        self,
        event: EventPlan,
        index: int,
        t90: int,
        *,
        join_offset: int | None,
        start_at: int | None = None,
        late: str = "",
    ) -> Choice:
        item = event.items[index]
        record = f"{self.transport_stream_id}-{self.service.service_id}-{event.event_id}-{index}"
        planned_start = self.planned_item_start(event, index)
        planned = Tag(
            record_id=record,
            kind="item",
            event_id=event.event_id,
            item_index=index,
            role=item.role,
            media=item.media.describe(),
            planned_start=planned_start,
        )
        try:
            rendition = self.open_item(event, index)
        except MediaUnavailable as exc:
            logger.warning(
                "service %d event %d item %d replaced by filler: %s",
                self.service.service_id,
                event.event_id,
                index,
                exc.reason,
            )
            self._state.retry = (event, index, exc.reason)
            return self._filler_choice(
                self.timebase.utc90(t90),
                t90,
                reason=exc.reason,
                replaces=replace(planned, outcome="filler", reason=exc.reason),
            )
        self._state.filler_run = None
        cut, reason = whole(rendition), late
        outcome: AsRunOutcome = "full"
        if join_offset is not None and join_offset > _FULL_JOIN_TOLERANCE_TICKS:
            rap = nearest_rap(rendition, cut.video_first_pts + join_offset)
            cut = join_at(cut, rap)
            if cut.start_packet > 0:
                outcome, reason = "partial", reason or "joined mid-item"
        if index + 1 < len(event.items):
            self._state.next_item = (event, index + 1)
        following = self.next_event_after(event.start)
        tag = replace(
            planned,
            record_id=record + (f"@{t90}" if outcome == "partial" else ""),
            planned_end=planned_start + timedelta(seconds=rendition.index.duration / PTS_HZ),
            outcome=outcome,
            reason=reason,
        )
        return Choice(
            cut=cut,
            tag=tag,
            start_at=start_at,
            end_by=self.timebase.stc90(following.start) if following else None,
        )

    def _filler_choice(
        self, when: datetime, t90: int, *, reason: str, replaces: Tag | None = None
    ) -> Choice:
        following = self.next_event_after(when)
        end_by = self.timebase.stc90(following.start) if following else None
        if replaces is None:
            if self._state.filler_run is None:
                self._state.filler_run = (
                    f"{self.transport_stream_id}-{self.service.service_id}-filler@{t90}"
                )
            tag = Tag(
                record_id=self._state.filler_run, kind="filler", media="filler", reason=reason
            )
        else:
            tag = replaces
            self._state.filler_run = replaces.record_id
        filler = self.filler_rendition()
        cut = (
            None
            if filler is None
            else cut_before(
                whole(filler), (end_by - t90) + whole(filler).first_pts if end_by else 2**62
            )
        )
        if cut is None:
            limit = (
                end_by if end_by is not None else t90 + int(_IDLE_RECHECK.total_seconds() * PTS_HZ)
            )
            if end_by is not None and end_by - t90 > _IDLE_RECHECK.total_seconds() * PTS_HZ:
                limit = t90 + int(_IDLE_RECHECK.total_seconds() * PTS_HZ)
            return Choice(cut=None, tag=replace(tag, kind="gap"), start_at=t90, end_by=limit)
        return Choice(cut=cut, tag=tag, end_by=end_by)

    def filler_rendition(self) -> Rendition | None:
        """The service's filler loop (the plan's, else the provider's channel slate), opened
        once; ``None`` (logged) when there is none: the service then carries PCR only."""
        if self._filler is not None:
            return self._filler
        try:
            if self.service.filler is not None:
                media = self._resolver.resolve(self.service.filler, profile=self.service.profile)
            elif self._filler_provider is not None:
                media = self._filler_provider.filler(
                    profile=self.service.profile, channel_name=self.service.name
                )
            else:
                return None
            self._filler = open_rendition(media)
        except MediaUnavailable as exc:
            logger.error("service %d has no filler: %s", self.service.service_id, exc.reason)
            return None
        return self._filler
