"""Wiring: the implementations behind the Protocols that the middle packages declare.

The catalogue, the playout and the encoder never import each other (ARCHITECTURE.md). Each
declares what it needs as a small Protocol; this module is the one place that plugs one package
into another:

* `EncoderMedia` - the playout's `TestSourceProvider` and `FillerProvider`, made by the encoder
  once and cached in the media folder;
* `EncoderProber` - the catalogue's `Prober` (is an upload media? decided by content);
* `CatalogPlanSource` - the playout's `ScheduleSource`: the catalogue's channels and planned
  slots as a `StationPlan` (each lecture slot and its end-card slot are one EPG event), with
  the networks' stored delivery values and multiplexes' stored mux rates;
* `ProfileMuxBudget` - the catalogue's `MuxBudget`: what channels of given profiles need;
* `CatalogMediaResolver` - the playout's `MediaResolver`: a lecture's ready rendition as the
  catalogue recorded it, or the module's end-card;
* `CatalogAsRunSink` - the playout's `AsRunSink`: as-run records into the catalogue;
* `EndCards` - the module end-cards (encoder) made from catalogue facts;
* `StationEncodeQueue` - the catalogue's `EncodeQueue` on the encoder's Huey jobs, earliest air
  time first, reporting finished renditions back into the catalogue;
* `playout_cli` - the playout commands with those providers plugged in.
"""

from __future__ import annotations

import dataclasses
import hashlib
import heapq
import itertools
import logging
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import ClassVar

import typer
from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, sessionmaker

from catalog.models import (
    Channel,
    Course,
    FollowUpTest,
    Lecture,
    Module,
    Network,
    Rendition,
    ScheduleSlot,
    TransportStream,
)
from catalog.models.enums import RenditionStatus, SlotKind, SlotStatus
from catalog.ports import MediaProbe
from catalog.services.asrun import AsRunRecord as CatalogAsRun
from catalog.services.asrun import record_asrun
from catalog.services.renditions import record_rendition
from encoder.endcard import make_endcard
from encoder.errors import EncoderError, ProfileError
from encoder.filler import make_filler
from encoder.jobs import EncodeQueue as HueyJobs
from encoder.jobs import JobRecord
from encoder.probe import probe
from encoder.profiles import get_profile
from encoder.rendition import EncodeOptions
from encoder.rendition import Rendition as EncodedRendition
from encoder.testsource import make_test_source
from mpegts.rendition_index import RenditionIndex, RenditionIndexError
from playout.cli import build_app
from playout.errors import MediaUnavailable
from playout.plan.model import (
    EventPlan,
    ItemPlan,
    LectureRef,
    MediaRef,
    NetworkPlan,
    ServicePids,
    ServicePlan,
    StationPlan,
    TransportStreamPlan,
)
from playout.ports import AsRunRecord, ReadyMedia

__all__ = [
    "CatalogAsRunSink",
    "CatalogMediaResolver",
    "CatalogPlanSource",
    "EncoderMedia",
    "EncoderProber",
    "EndCards",
    "PlanIndex",
    "ProfileMuxBudget",
    "StationEncodeQueue",
    "playout_cli",
]

logger = logging.getLogger(__name__)
MAX_ENCODE_ATTEMPTS = 3  # a job lost with its worker is asked for again, this many tries in all

FURTHER_EDUCATION = 0x96  # EN 300 468 table 28: education/science/factual, further education
SI_HEADROOM = 300_000  # bit/s of each multiplex kept for PSI/SI beside the services
ENDCARD_PREFIX = "endcard-"
# Delivery-system descriptor parameters (EN 300 468 §6.2.13, §6.4.6.3) for what a network's
# engineer has not stored (catalogue Network.delivery_parameters): a default per field, so a
# network with only its frequency stored still makes a whole descriptor.
DELIVERY_DEFAULTS: dict[str, dict[str, object]] = {
    "dvb-t2": {"plp_id": 0, "t2_system_id": 1},
    "dvb-c": {
        "frequency": 346_000_000,
        "symbol_rate": 6_875_000,
        "modulation": 3,
        "fec_outer": 2,
        "fec_inner": 15,
    },
    "dvb-s2": {
        "frequency": 11_766_000_000,
        "orbital_position": 900,
        "west_east": 1,
        "polarization": 0,
        "roll_off": 0,
        "modulation_type": 2,
        "symbol_rate": 27_500_000,
        "fec_inner": 3,
    },
}

Sessions = sessionmaker[Session]


# --- generated media and probing ------------------------------------------------------------


def _ready(rendition: EncodedRendition) -> ReadyMedia:
    return ReadyMedia(path=rendition.ts_path, index=rendition.index)


def _cached(ts_path: Path) -> ReadyMedia | None:
    """A generated rendition made earlier: the encoder writes the index last, atomically."""
    index_path = ts_path.with_name(ts_path.name.removesuffix(".ts") + ".index.json")
    if not (ts_path.exists() and index_path.exists()):
        return None
    return ReadyMedia(path=ts_path, index=RenditionIndex.from_json(index_path.read_text()))


class EncoderMedia:
    """Generated media for the playout, made by the encoder once and kept under `root`."""

    __test__: ClassVar[bool] = False  # a TestSourceProvider, not a pytest test class

    def __init__(self, root: Path, *, threads: int = 1, niceness: int = 10) -> None:
        self._root = root
        self._options = EncodeOptions(threads=threads, niceness=niceness)
        self._lock = threading.Lock()

    def test_source(self, *, profile: str, seconds: float, text: str) -> ReadyMedia:
        digest = hashlib.sha256(f"{profile}|{seconds:g}|{text}".encode()).hexdigest()[:16]
        out = self._root / "generated" / profile / f"test-{digest}.ts"
        with self._lock:
            found = _cached(out)
            if found is not None:
                return found
            out.parent.mkdir(parents=True, exist_ok=True)
            rendition = make_test_source(
                get_profile(profile), seconds, out, text=text, options=self._options
            )
        return _ready(rendition)

    def filler(self, *, profile: str, channel_name: str) -> ReadyMedia:
        """The channel's filler slate, made once per profile and name and kept on disk."""
        digest = hashlib.sha256(channel_name.encode()).hexdigest()[:12]
        out_dir = self._root / "generated" / profile / f"filler-{digest}"
        with self._lock:
            for ts_path in sorted(out_dir.glob("*.ts")):
                found = _cached(ts_path)
                if found is not None:
                    return found
            out_dir.mkdir(parents=True, exist_ok=True)
            rendition = make_filler(
                get_profile(profile), channel_name, out_dir, options=self._options
            )
        return _ready(rendition)


class EncoderProber:
    """The catalogue's `Prober`: PyAV reads the content; the file name plays no part."""

    def probe(self, path: Path) -> MediaProbe:
        try:
            info = probe(path)
        except EncoderError as exc:
            return MediaProbe(ok=False, reason=str(exc))
        return MediaProbe(
            ok=True,
            container=info.container,
            duration_ms=round(info.duration * 1000),
            has_video=info.video is not None,
            has_audio=info.audio is not None,
        )


# --- end-cards ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class CardFacts:
    """What an end-card shows, read from the catalogue."""

    module_id: int
    course_titles: dict[str, str]
    module_titles: dict[str, str]
    url: str
    code: str


class EndCards:
    """Module end-cards per channel profile, made by the encoder and kept in the media folder.

    A card names the course and module and shows the follow-up test's short URL (QR) and its
    six-digit code; the encoder re-makes it only when something on it changed. `ensure` is the
    slow path (run off the air path); `get` only looks up what was made.
    """

    def __init__(
        self, sessions: Sessions, media_dir: Path, public_base_url: str, *, niceness: int = 10
    ) -> None:
        self._sessions = sessions
        self._dir = media_dir / "endcards"
        self._base = public_base_url.rstrip("/")
        self._options = EncodeOptions(threads=1, niceness=niceness)
        self._made: dict[tuple[int, str], ReadyMedia] = {}
        self._lock = threading.Lock()

    def get(self, module_id: int, profile: str) -> ReadyMedia | None:
        return self._made.get((module_id, profile))

    def facts(self, module_id: int) -> CardFacts | None:
        with self._sessions() as session:
            module = session.get(Module, module_id)
            test = session.scalar(select(FollowUpTest).where(FollowUpTest.module_id == module_id))
            if module is None or test is None:
                return None
            course = module.course
            return CardFacts(
                module_id=module_id,
                course_titles=_titles(course),
                module_titles=_titles(module),
                url=f"{self._base}/t/{test.short_code}",
                code=test.short_code,
            )

    def ensure(self, module_id: int, profile: str, seconds: float) -> ReadyMedia | None:
        """Make (or find) the card; None when the module has no follow-up test."""
        facts = self.facts(module_id)
        if facts is None:
            return None
        with self._lock:
            made = make_endcard(
                get_profile(profile),
                facts.course_titles,
                facts.module_titles,
                facts.url,
                facts.code,
                self._dir / profile,
                seconds=seconds,
                options=self._options,
            )
        ready = _ready(made)
        self._made[(module_id, profile)] = ready
        return ready

    def ensure_planned(self, horizon: datetime, now: datetime | None = None) -> int:
        """Make the cards of every end-card slot from now to the horizon, earliest first."""
        now = now or datetime.now(UTC)
        with self._sessions() as session:
            rows = session.execute(
                select(
                    ScheduleSlot.module_id, Channel.profile, ScheduleSlot.start, ScheduleSlot.end
                )
                .join(Channel, Channel.id == ScheduleSlot.channel_id)
                .where(
                    ScheduleSlot.kind == SlotKind.END_CARD,
                    ScheduleSlot.status == SlotStatus.PLANNED,
                    ScheduleSlot.end > now,
                    ScheduleSlot.start < horizon,
                )
                .order_by(ScheduleSlot.start)
            ).all()
        made = 0
        for module_id, profile, start, end in rows:
            if (module_id, profile) in self._made:
                continue
            try:
                if self.ensure(module_id, profile, (end - start).total_seconds()):
                    made += 1
            except EncoderError as exc:
                logger.error("end-card of module %s (%s): %s", module_id, profile, exc)
        return made


def _titles(row: object) -> dict[str, str]:
    return {lang: text for lang in ("kk", "ru", "en") if (text := getattr(row, f"title_{lang}"))}


# --- the plan: catalogue -> playout ---------------------------------------------------------


@dataclass(slots=True)
class PlanIndex:
    """Which catalogue rows the last loaded plan came from, so as-run records find their slot."""

    channels: dict[tuple[int, int], int] = field(default_factory=dict)
    slots: dict[tuple[int, int, int, int], int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class _Airing:
    """A lecture slot with its end-card slot (one EPG event), or a lone end-card slot."""

    lecture: ScheduleSlot | None
    card: ScheduleSlot | None

    @property
    def first(self) -> ScheduleSlot:
        slot = self.lecture or self.card
        assert slot is not None
        return slot


def event_id_for(slot_id: int) -> int:
    """The EIT event_id of a slot (EN 300 468 §5.2.4: 16 bits, unique within the service over
    the schedule's window): the slot id folded into 1..65535."""
    return (slot_id - 1) % 0xFFFF + 1


class CatalogPlanSource:
    """The playout's `ScheduleSource` on the catalogue (see the module docstring).

    The plan covers from an hour ago to `horizon` ahead (the EIT schedule's window is 8 days;
    the station plans two). `plan_version` is a digest of the slots', the channels' and the
    ready renditions' state: it moves when the schedule does, and when a rendition becomes
    ready (so the EPG's durations follow the media).
    """

    def __init__(
        self,
        sessions: Sessions,
        *,
        public_base_url: str,
        timezone: str,
        horizon: timedelta = timedelta(days=2),
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        index: PlanIndex | None = None,
    ) -> None:
        self._sessions = sessions
        self._base = public_base_url.rstrip("/")
        self._timezone = timezone
        self._horizon = horizon
        self._clock = clock
        self.index = index or PlanIndex()

    def plan_version(self) -> str:
        with self._sessions() as session:
            slots = session.execute(
                select(func.count(ScheduleSlot.id), func.max(ScheduleSlot.updated_at))
            ).one()
            tests = session.execute(select(func.count(FollowUpTest.id))).one()
            ready = session.execute(
                select(func.count(Rendition.id), func.max(Rendition.updated_at)).where(
                    Rendition.status == RenditionStatus.READY
                )
            ).one()
            channels = session.execute(
                select(
                    Channel.id,
                    Channel.profile,
                    Channel.name,
                    Channel.language,
                    Channel.transport_stream_id,
                )
            ).all()
            networks = session.execute(
                select(Network.id, Network.delivery, Network.delivery_parameters)
            ).all()
            streams = session.execute(select(TransportStream.id, TransportStream.mux_rate)).all()
        return hashlib.sha256(
            repr((tuple(slots), tuple(tests), tuple(ready), channels, networks, streams)).encode()
        ).hexdigest()[:16]

    def load_plan(self) -> StationPlan:
        return self.load_plan_at(self._clock())

    def load_plan_at(self, now: datetime) -> StationPlan:
        """The plan as seen at `now` (an hour back to the horizon ahead)."""
        index = PlanIndex()
        with self._sessions() as session:
            networks = [
                plan
                for network in session.scalars(select(Network).order_by(Network.network_id))
                if (plan := self._network(session, network, now, index)) is not None
            ]
        self.index.channels, self.index.slots = index.channels, index.slots
        return StationPlan(networks=tuple(networks), timezone=self._timezone, source="catalogue")

    def _network(
        self, session: Session, network: Network, now: datetime, index: PlanIndex
    ) -> NetworkPlan | None:
        streams = session.scalars(
            select(TransportStream)
            .where(TransportStream.network_id == network.id)
            .order_by(TransportStream.transport_stream_id)
        ).all()
        plans = [p for ts in streams if (p := self._ts(session, ts, now, index)) is not None]
        if not plans:
            return None
        return NetworkPlan(
            name=network.name,
            network_id=network.network_id,
            original_network_id=network.original_network_id,
            delivery_system=network.delivery.value,
            delivery=delivery_parameters(network),
            transport_streams=tuple(plans),
        )

    def _ts(
        self, session: Session, ts: TransportStream, now: datetime, index: PlanIndex
    ) -> TransportStreamPlan | None:
        channels = session.scalars(
            select(Channel).where(Channel.transport_stream_id == ts.id).order_by(Channel.number)
        ).all()
        if not channels:
            return None
        services = []
        for number, channel in enumerate(channels):
            index.channels[(ts.transport_stream_id, channel.service_id)] = channel.id
            services.append(self._service(session, channel, number, ts, now, index))
        return TransportStreamPlan(
            transport_stream_id=ts.transport_stream_id,
            mux_rate=_mux_rate(ts, [c.profile for c in channels]),
            services=tuple(services),
        )

    def _service(
        self,
        session: Session,
        channel: Channel,
        number: int,
        ts: TransportStream,
        now: datetime,
        index: PlanIndex,
    ) -> ServicePlan:
        base = 0x100 * (number + 1)
        events: list[EventPlan] = []
        used: set[int] = set()
        for airing in self._airings(session, channel, now):
            event = self._event(session, airing, channel)
            if event is None or event.event_id in used:
                continue
            used.add(event.event_id)
            events.append(event)
            key = (ts.transport_stream_id, channel.service_id, event.event_id)
            for item_index, slot in enumerate(s for s in (airing.lecture, airing.card) if s):
                index.slots[(*key, item_index)] = slot.id
        return ServicePlan(
            service_id=channel.service_id,
            lcn=channel.number,
            names={channel.language.value: channel.name},
            provider="Telesabaq",
            profile=channel.profile,
            pids=ServicePids(pmt=base, video=base + 1, audio=(base + 2,)),
            events=tuple(events),
            audio_languages=(channel.language.value,),  # the PMT's ISO_639_language_descriptor
        )

    def _airings(self, session: Session, channel: Channel, now: datetime) -> list[_Airing]:
        slots = session.scalars(
            select(ScheduleSlot)
            .where(
                ScheduleSlot.channel_id == channel.id,
                ScheduleSlot.status == SlotStatus.PLANNED,
                ScheduleSlot.end > now - timedelta(hours=1),
                ScheduleSlot.start < now + self._horizon,
            )
            .options(joinedload(ScheduleSlot.module).joinedload(Module.course))
            .order_by(ScheduleSlot.start, ScheduleSlot.id)
        ).all()
        return pair_airings(list(slots))

    def _event(self, session: Session, airing: _Airing, channel: Channel) -> EventPlan | None:
        first = airing.first
        module: Module = first.module
        course: Course = module.course
        items = []
        if airing.lecture is not None:
            lecture = session.scalar(select(Lecture.id).where(Lecture.module_id == module.id))
            if lecture is None:
                return None
            items.append(
                ItemPlan(
                    role="lecture",
                    media=LectureRef(lecture_id=str(lecture)),
                    planned_duration=airing.lecture.end - airing.lecture.start,
                )
            )
        if airing.card is not None:
            items.append(
                ItemPlan(
                    role="end_card",
                    media=LectureRef(lecture_id=f"{ENDCARD_PREFIX}{module.id}"),
                    planned_duration=airing.card.end - airing.card.start,
                )
            )
        test = session.scalar(select(FollowUpTest).where(FollowUpTest.module_id == module.id))
        return EventPlan(
            event_id=event_id_for(first.id),
            start=first.start.astimezone(UTC),
            items=tuple(items),
            title={
                lang: f"{getattr(course, f'title_{lang}')}: {getattr(module, f'title_{lang}')}"
                for lang in _languages(course.language.value)
            },
            text={
                lang: text
                for lang in _languages(course.language.value)
                if (text := getattr(module, f"summary_{lang}"))
            },
            followup_url=f"{self._base}/t/{test.short_code}" if test else None,
            genre=FURTHER_EDUCATION,
        )


def delivery_parameters(network: Network) -> dict[str, object]:
    """The network's stored descriptor fields over the station's defaults, field by field."""
    return {**DELIVERY_DEFAULTS.get(network.delivery.value, {}), **network.delivery_parameters}


def needed_mux_rate(profiles: Sequence[str]) -> int:
    """What channels of these profiles need on one multiplex: their profiles' mux rates plus
    the SI headroom (raises the encoder's ProfileError for an unknown profile)."""
    return sum(get_profile(p).mux.mux_rate for p in profiles) + SI_HEADROOM


def _mux_rate(ts: TransportStream, profiles: Sequence[str]) -> int:
    """The stored rate if the engineer set one, else what the channels need. A stored rate too
    small is kept (the modulator's rate is a fact, not a wish) and flagged here; the playout
    then refuses the multiplex with the numbers rather than airing a broken stream."""
    needed = needed_mux_rate(profiles)
    if ts.mux_rate is None:
        return needed
    if ts.mux_rate < needed:
        logger.error(
            "transport stream %d: stored mux_rate %d bit/s is below the %d bit/s its channels "
            "(%s) need with the SI headroom",
            ts.transport_stream_id,
            ts.mux_rate,
            needed,
            ", ".join(profiles),
        )
    return ts.mux_rate


class ProfileMuxBudget:
    """The catalogue's `MuxBudget` (`catalog.ports`) on the encoder's channel profiles, the same
    rule as the plan's rate (`needed_mux_rate`); `create_app(mux_budget=...)` takes it, so the
    API refuses channels that would not fit a stored rate."""

    def needed_mux_rate(self, profiles: Sequence[str]) -> int | None:
        try:
            return needed_mux_rate(profiles)
        except ProfileError:
            return None


def _languages(first: str) -> list[str]:
    """The course's language first: a receiver shows the first matching language."""
    return [first, *(lang for lang in ("kk", "ru", "en") if lang != first)]


def pair_airings(slots: Sequence[ScheduleSlot]) -> list[_Airing]:
    """A lecture slot and the end-card slot of the same module that follows it make one event."""
    out: list[_Airing] = []
    pending: ScheduleSlot | None = None
    for slot in slots:
        if slot.kind is SlotKind.LECTURE:
            if pending is not None:
                out.append(_Airing(lecture=pending, card=None))
            pending = slot
            continue
        if pending is not None and pending.module_id == slot.module_id:
            out.append(_Airing(lecture=pending, card=slot))
        else:
            if pending is not None:
                out.append(_Airing(lecture=pending, card=None))
            out.append(_Airing(lecture=None, card=slot))
        pending = None
    if pending is not None:
        out.append(_Airing(lecture=pending, card=None))
    return out


class CatalogMediaResolver:
    """The playout's `MediaResolver` on the catalogue: what it recorded, checked cheaply.

    A lecture resolves to its rendition for the profile when the catalogue has it `ready` for the
    lecture's current version, the file is there with the size its index states, and the index
    parses. Nothing is hashed at air time (hashes are checked at ingest). Answers are cached for
    a few seconds: the playout asks often, the catalogue changes rarely.
    """

    def __init__(self, sessions: Sessions, endcards: EndCards, *, ttl: float = 5.0) -> None:
        self._sessions = sessions
        self._endcards = endcards
        self._ttl = ttl
        self._cache: dict[tuple[str, str], tuple[float, ReadyMedia | str]] = {}
        self._indexes: dict[tuple[int, str], RenditionIndex] = {}

    def resolve(self, ref: MediaRef, *, profile: str) -> ReadyMedia:
        if not isinstance(ref, LectureRef):
            raise MediaUnavailable(f"{ref.describe()}: the catalogue resolves lectures only")
        key = (ref.lecture_id, profile)
        cached = self._cache.get(key)
        if cached is None or time.monotonic() - cached[0] > self._ttl:
            cached = (time.monotonic(), self._lookup(ref.lecture_id, profile))
            self._cache[key] = cached
        found = cached[1]
        if isinstance(found, str):
            raise MediaUnavailable(found)
        return found

    def _lookup(self, lecture_id: str, profile: str) -> ReadyMedia | str:
        if lecture_id.startswith(ENDCARD_PREFIX):
            module_id = int(lecture_id.removeprefix(ENDCARD_PREFIX))
            card = self._endcards.get(module_id, profile)
            return card or f"end-card of module {module_id} ({profile}) is not made yet"
        if not lecture_id.isdigit():
            return f"lecture {lecture_id!r} is not a catalogue lecture id"
        with self._sessions() as session:
            row = session.execute(
                select(Rendition.id, Rendition.ts_path, Rendition.index_json, Rendition.updated_at)
                .join(Lecture, Lecture.id == Rendition.lecture_id)
                .where(
                    Rendition.lecture_id == int(lecture_id),
                    Rendition.profile == profile,
                    Rendition.status == RenditionStatus.READY,
                    Rendition.lecture_version == Lecture.version,
                )
            ).one_or_none()
        if row is None or not row.ts_path or not row.index_json:
            return f"lecture {lecture_id}: no ready rendition for {profile}"
        return self._checked(row.id, Path(row.ts_path), row.index_json, str(row.updated_at))

    def _checked(self, rid: int, path: Path, index_json: str, stamp: str) -> ReadyMedia | str:
        index = self._indexes.get((rid, stamp))
        if index is None:
            try:
                index = RenditionIndex.from_json(index_json)
            except (RenditionIndexError, ValueError) as exc:
                return f"rendition {rid}: unreadable index: {exc}"
            self._indexes[(rid, stamp)] = index
        try:
            size = path.stat().st_size
        except OSError as exc:
            return f"rendition {rid}: {path} is missing ({exc.strerror})"
        if size != index.ts_size:
            return f"rendition {rid}: {path} is {size} bytes, its index says {index.ts_size}"
        return ReadyMedia(path=path, index=index)


# --- as-run: playout -> catalogue -----------------------------------------------------------


class CatalogAsRunSink:
    """The playout's `AsRunSink`: finished item records go into the catalogue's as-run.

    Item records find their slot through the plan index; an item replaced by filler is stored
    without a slot (it did not air), filler runs between slots stay in the JSONL log only. The
    catalogue is idempotent by record id, so a re-sent batch after a crash counts once.
    """

    def __init__(self, sessions: Sessions, index: PlanIndex) -> None:
        self._sessions = sessions
        self._index = index

    def record(self, records: Sequence[AsRunRecord]) -> None:
        rows = [row for r in records if (row := self._row(r)) is not None]
        if not rows:
            return
        with self._sessions() as session:
            record_asrun(session, rows)
            session.commit()

    def _row(self, r: AsRunRecord) -> CatalogAsRun | None:
        if r.event_id is None or r.actual_end is None:
            return None
        channel = self._index.channels.get((r.transport_stream_id, r.service_id))
        if channel is None:
            logger.warning(
                "as-run %s: service %d is not a catalogue channel", r.record_id, r.service_id
            )
            return None
        slot = self._index.slots.get(
            (r.transport_stream_id, r.service_id, r.event_id, r.item_index or 0)
        )
        aired = r.outcome != "filler"
        return CatalogAsRun(
            record_id=r.record_id,
            channel_id=channel,
            slot_id=slot if aired else None,
            actual_start=r.actual_start,
            actual_end=r.actual_end,
            note=(f"{r.outcome}: {r.reason}" if r.reason else r.outcome)[:500],
        )


# --- encoding: catalogue -> encoder -> catalogue --------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class EncodeTicket:
    """One encode the catalogue asked for, waiting for a worker or running."""

    ticket: str
    lecture_id: int
    source: Path
    profile: str
    priority_time: datetime
    job_id: str = ""
    version: int = 0
    title: str = ""
    attempt: int = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class EncodeProgress:
    """What the station shows while it encodes."""

    ticket: str
    title: str
    profile: str
    state: str
    fraction: float


class StationEncodeQueue:
    """The catalogue's `EncodeQueue` on the encoder's Huey jobs (see the module docstring).

    `submit` only notes the request. `pump` (called every second by the station's thread, or by a
    test) hands the earliest-airing requests to Huey, at most `concurrency` at a time, so what
    airs first is encoded first whatever order the requests came in; it then reports finished
    jobs back into the catalogue with `record_rendition` (ready with its index, or failed with
    the reason). A job whose worker was lost (killed, crashed) is asked for again, up to
    `MAX_ENCODE_ATTEMPTS` times in all, before the rendition is recorded failed. A request is
    handed over only once the catalogue has committed the recording it names, so the reported
    version is the one that was encoded.
    """

    def __init__(self, jobs: HueyJobs, sessions: Sessions, *, concurrency: int = 1) -> None:
        self._jobs = jobs
        self._sessions = sessions
        self._concurrency = concurrency
        self._waiting: list[tuple[datetime, int, EncodeTicket]] = []
        self._running: dict[str, EncodeTicket] = {}
        self._done: list[EncodeProgress] = []
        self._counter = itertools.count()
        self._titles: dict[int, str] = {}
        self._lock = threading.Lock()

    def submit(
        self, lecture_id: int, source_path: Path, profile_name: str, priority_time: datetime
    ) -> str:
        ticket = EncodeTicket(
            ticket=uuid.uuid4().hex,
            lecture_id=lecture_id,
            source=Path(source_path),
            profile=profile_name,
            priority_time=priority_time,
        )
        with self._lock:
            self._push(ticket)
        return ticket.ticket

    def _push(self, ticket: EncodeTicket) -> None:
        heapq.heappush(self._waiting, (ticket.priority_time, next(self._counter), ticket))

    def resubmit_unfinished(self) -> int:
        """After a restart: renditions left queued or encoding are asked for again."""
        with self._sessions() as session:
            rows = session.execute(
                select(Rendition.lecture_id, Rendition.profile, Lecture.recording_path)
                .join(Lecture, Lecture.id == Rendition.lecture_id)
                .where(
                    Rendition.status.in_([RenditionStatus.QUEUED, RenditionStatus.ENCODING]),
                    Lecture.recording_path.is_not(None),
                )
            ).all()
            firsts = _first_airs(session)
        for lecture_id, profile, path in rows:
            when = firsts.get((lecture_id, profile), datetime.max.replace(tzinfo=UTC))
            self.submit(lecture_id, Path(str(path)), profile, when)
        return len(rows)

    def running_jobs(self) -> list[str]:
        """Huey job ids of the encodes running now."""
        return [t.job_id for t in self._running.values()]

    def idle(self) -> bool:
        with self._lock:
            return not self._waiting and not self._running

    def progress(self) -> list[EncodeProgress]:
        """Finished, running and waiting encodes, in air-time order of the request."""
        with self._lock:
            running = list(self._running.values())
            waiting = [t for _, _, t in sorted(self._waiting)]
        out = list(self._done)
        for ticket in running:
            record = self._status(ticket)
            out.append(
                EncodeProgress(
                    ticket=ticket.ticket,
                    title=ticket.title,
                    profile=ticket.profile,
                    state=record.state if record else "queued",
                    fraction=record.progress if record else 0.0,
                )
            )
        out += [
            EncodeProgress(
                ticket=t.ticket,
                title=self._title(t.lecture_id),
                profile=t.profile,
                state="waiting",
                fraction=0.0,
            )
            for t in waiting
        ]
        return out

    def _title(self, lecture_id: int) -> str:
        """ "COURSE Mn" for progress bars and the log (looked up once per lecture)."""
        known = self._titles.get(lecture_id)
        if known is None:
            with self._sessions() as session:
                lecture = session.get(Lecture, lecture_id)
                module = lecture.module if lecture else None
                known = (
                    f"{module.course.code} M{module.position}"
                    if module
                    else f"lecture {lecture_id}"
                )
            self._titles[lecture_id] = known
        return known

    def pump(self) -> None:
        """Report finished jobs, then start the earliest-airing waiting ones."""
        for ticket in list(self._running.values()):
            record = self._status(ticket)
            if record is not None and record.state in ("done", "failed", "cancelled"):
                self._report(ticket, record)
        while len(self._running) < self._concurrency and self._start_next():
            pass

    def _status(self, ticket: EncodeTicket) -> JobRecord | None:
        try:
            return self._jobs.status(ticket.job_id)
        except EncoderError:
            return None

    def _start_next(self) -> bool:
        with self._lock:
            if not self._waiting:
                return False
            _, _, ticket = heapq.heappop(self._waiting)
        with self._sessions() as session:
            lecture = session.get(Lecture, ticket.lecture_id)
            if lecture is None or lecture.recording_path != str(ticket.source):
                if lecture is not None and lecture.recording_path is None:
                    return True  # the recording went away: nothing to encode
                with self._lock:  # not committed yet (or replaced): ask again shortly
                    heapq.heappush(
                        self._waiting, (ticket.priority_time, next(self._counter), ticket)
                    )
                return False
            title = self._title(lecture.id)
            key = f"lecture-{lecture.id}-v{lecture.version}"
            job_id = self._jobs.submit(ticket.source, ticket.profile, key=key, title=title)
            started = dataclasses.replace(
                ticket, job_id=job_id, version=lecture.version, title=title
            )
            record_rendition(
                session,
                lecture.id,
                ticket.profile,
                None,
                None,
                RenditionStatus.ENCODING,
                lecture_version=lecture.version,
            )
            session.commit()
        self._running[ticket.ticket] = started
        logger.info("encoding %s for %s (job %s)", title, ticket.profile, job_id)
        return True

    def _report(self, ticket: EncodeTicket, record: JobRecord) -> None:
        del self._running[ticket.ticket]
        if record.retryable and ticket.attempt < MAX_ENCODE_ATTEMPTS:
            logger.warning(
                "encode of %s for %s: %s; asking again (attempt %d of %d)",
                ticket.title,
                ticket.profile,
                record.reason,
                ticket.attempt + 1,
                MAX_ENCODE_ATTEMPTS,
            )
            with self._lock:
                self._push(dataclasses.replace(ticket, job_id="", attempt=ticket.attempt + 1))
            return
        ready = record.state == "done"
        index_json = Path(record.index_path).read_text(encoding="utf-8") if ready else None
        with self._sessions() as session:
            record_rendition(
                session,
                ticket.lecture_id,
                ticket.profile,
                record.ts_path if ready else None,
                index_json,
                RenditionStatus.READY if ready else RenditionStatus.FAILED,
                verdict="; ".join(record.warnings) if ready else record.reason,
                lecture_version=ticket.version,
            )
            session.commit()
        self._done.append(
            EncodeProgress(
                ticket=ticket.ticket,
                title=ticket.title,
                profile=ticket.profile,
                state=record.state,
                fraction=1.0 if ready else record.progress,
            )
        )
        log = logger.info if ready else logger.error
        log("encode of %s for %s: %s %s", ticket.title, ticket.profile, record.state, record.reason)


def _first_airs(session: Session) -> dict[tuple[int, str], datetime]:
    rows = session.execute(
        select(Lecture.id, Channel.profile, func.min(ScheduleSlot.start))
        .join(Module, Module.id == Lecture.module_id)
        .join(ScheduleSlot, ScheduleSlot.module_id == Module.id)
        .join(Channel, Channel.id == ScheduleSlot.channel_id)
        .where(ScheduleSlot.status == SlotStatus.PLANNED)
        .group_by(Lecture.id, Channel.profile)
    ).all()
    return {(lid, profile): first for lid, profile, first in rows}


# --- the playout CLI ------------------------------------------------------------------------


def playout_cli(media_root: Path) -> typer.Typer:
    """The playout commands with generated test sources and filler from the encoder."""
    media = EncoderMedia(media_root)
    return build_app(test_sources=media, filler=media)
