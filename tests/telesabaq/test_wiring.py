"""The catalogue <-> playout <-> encoder adapters on a real SQLite catalogue and real media."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from catalog.models import (
    AsRun,
    Channel,
    Lecture,
    Network,
    Occurrence,
    Rendition,
    ScheduleSlot,
    TransportStream,
)
from catalog.models.enums import Language, Outcome, RenditionStatus, SlotKind, SlotStatus
from catalog.schemas.broadcast import NetworkPatch, TransportStreamPatch
from catalog.services import channels
from catalog.services.renditions import record_rendition
from encoder.jobs import EncodeQueue as HueyJobs
from encoder.jobs import JobConfig
from encoder.profiles import get_profile
from encoder.testsource import make_test_source
from epg.descriptors.delivery import (
    SatelliteDeliverySystemDescriptor,
    T2DeliverySystemDescriptor,
)
from epg.tables.nit import NIT
from mpegts.depacketizer import sections_from_packets
from mpegts.ids import StreamType
from mpegts.psi.pmt import PMT
from mpegts.section import Section
from playout.errors import MediaUnavailable
from playout.outputs.file import FileOutput
from playout.plan.model import LectureRef
from playout.plan.validate import check_plan
from playout.ports import AsRunRecord, AsRunSink, MediaResolver, ScheduleSource
from playout.resolver import PlanMediaResolver
from playout.runner import AirConfig, put_on_air
from playout.si_plan import service_pmt
from telesabaq.wiring import (
    DELIVERY_DEFAULTS,
    MAX_ENCODE_ATTEMPTS,
    CatalogAsRunSink,
    CatalogMediaResolver,
    CatalogPlanSource,
    EndCards,
    ProfileMuxBudget,
    StationEncodeQueue,
    event_id_for,
    pair_airings,
)
from tests.shared_refs import GST_SI_DUMP, gst_si_dump_records
from tests.telesabaq.conftest import Catalogue

PROFILE = "test-tiny-h264"


@pytest.fixture(scope="module")
def rendition(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A real 2-second tiny rendition and its index JSON."""
    out = tmp_path_factory.mktemp("media") / "lecture.ts"
    made = make_test_source(get_profile(PROFILE), 2.0, out, text="wiring")
    return made.ts_path, made.index_path.read_text()


def _source(catalogue: Catalogue) -> CatalogPlanSource:
    return CatalogPlanSource(
        catalogue.sessions,
        public_base_url="http://tv.example",
        timezone="Asia/Almaty",
        clock=lambda: catalogue.now,
    )


def _slot(kind: SlotKind, module_id: int, number: int) -> ScheduleSlot:
    return ScheduleSlot(id=number, kind=kind, module_id=module_id)


@given(st.integers(min_value=1, max_value=2**40))
def test_event_ids_are_16_bit_and_never_zero(slot_id: int) -> None:
    """EN 300 468 §5.2.4: event_id is 16 bits; 0 is avoided so no event looks unset."""
    event_id = event_id_for(slot_id)
    assert 1 <= event_id <= 0xFFFF
    assert event_id_for(slot_id + 0xFFFF) == event_id


def test_a_lecture_and_its_card_are_one_event() -> None:
    lecture, card = _slot(SlotKind.LECTURE, 1, 1), _slot(SlotKind.END_CARD, 1, 2)
    other_lecture, other_card = _slot(SlotKind.LECTURE, 2, 3), _slot(SlotKind.END_CARD, 3, 4)
    airings = pair_airings([lecture, card, other_lecture, other_card])
    assert [(a.lecture, a.card) for a in airings] == [
        (lecture, card),
        (other_lecture, None),  # the next card is another module's
        (None, other_card),
    ]
    assert [(a.lecture, a.card) for a in pair_airings([lecture])] == [(lecture, None)]


def test_the_catalogue_plan_is_a_valid_station_plan(catalogue: Catalogue) -> None:
    source = _source(catalogue)
    assert isinstance(source, ScheduleSource)
    plan = source.load_plan()
    assert check_plan(plan) == []
    assert [(n.network_id, n.delivery_system) for n in plan.networks] == [
        (0xFF01, "dvb-t2"),
        (0xFF02, "dvb-s2"),
    ]
    (t2,) = plan.networks[0].transport_streams[0].services
    assert (t2.service_id, t2.lcn, t2.profile) == (0x0101, 21, PROFILE)
    first = t2.events[0]
    assert first.start >= catalogue.now
    assert [i.role for i in first.items] == ["lecture", "end_card"]
    assert list(first.title) == ["kk", "ru", "en"]  # the course's language first
    assert first.title["kk"].startswith("Ақпараттық технологиялар негіздері: ")
    assert first.followup_url is not None
    assert first.followup_url.startswith("http://tv.example/t/")
    assert first.genre == 0x96
    # every item of the plan points back at its slot for the as-run
    items = sum(len(e.items) for _, ts in plan.transport_streams() for s in ts.services
                for e in s.events)  # fmt: skip
    assert len(source.index.slots) == items


def test_every_item_carries_its_slot_length(catalogue: Catalogue) -> None:
    """The planned length stands in for a rendition still being encoded (EPG, late joins)."""
    source = _source(catalogue)
    plan = source.load_plan()
    with catalogue.sessions() as session:
        lengths = {s.id: s.end - s.start for s in session.scalars(select(ScheduleSlot))}
    checked = 0
    for _, ts in plan.transport_streams():
        for service in ts.services:
            for event in service.events:
                for number, item in enumerate(event.items):
                    key = (ts.transport_stream_id, service.service_id, event.event_id, number)
                    assert item.planned_duration == lengths[source.index.slots[key]]
                    checked += 1
    assert checked == len(source.index.slots) > 0


def test_plan_version_moves_with_the_schedule_only(catalogue: Catalogue) -> None:
    source = _source(catalogue)
    before = source.plan_version()
    assert source.plan_version() == before
    source.load_plan()
    assert source.plan_version() == before
    with catalogue.sessions() as session:
        slot = session.scalars(select(ScheduleSlot).order_by(ScheduleSlot.start)).first()
        assert slot is not None
        slot.status = SlotStatus.CANCELLED
        session.commit()
    assert source.plan_version() != before
    events = [e.event_id for _, ts in source.load_plan().transport_streams()
              for s in ts.services for e in s.events]  # fmt: skip
    assert event_id_for(slot.id) not in events


def _first_lecture(catalogue: Catalogue) -> int:
    with catalogue.sessions() as session:
        lecture = session.scalars(select(Lecture).order_by(Lecture.id)).first()
        assert lecture is not None
        lecture.recording_path = "/nowhere/recording.mkv"
        lecture.version = 1
        session.commit()
        return lecture.id


def test_the_resolver_says_why_a_lecture_cannot_air(
    catalogue: Catalogue, rendition: tuple[Path, str], tmp_path: Path
) -> None:
    ts_path, index_json = rendition
    lecture_id = _first_lecture(catalogue)
    cards = EndCards(catalogue.sessions, catalogue.media, "http://tv.example")
    resolver = CatalogMediaResolver(catalogue.sessions, cards, ttl=0)
    assert isinstance(resolver, MediaResolver)
    ref = LectureRef(lecture_id=str(lecture_id))

    def reason() -> str:
        with pytest.raises(MediaUnavailable) as caught:
            resolver.resolve(ref, profile=PROFILE)
        return caught.value.reason

    assert "no ready rendition" in reason()
    copy = tmp_path / "copy.ts"
    copy.write_bytes(ts_path.read_bytes()[:-188])  # one packet short of what the index says
    with catalogue.sessions() as session:
        record_rendition(session, lecture_id, PROFILE, str(copy), index_json, RenditionStatus.READY)
        session.commit()
    assert "bytes, its index says" in reason()
    copy.write_bytes(ts_path.read_bytes())
    ready = resolver.resolve(ref, profile=PROFILE)
    assert (ready.path, ready.index.ts_size) == (copy, copy.stat().st_size)
    with pytest.raises(MediaUnavailable, match="not made yet"):
        resolver.resolve(LectureRef(lecture_id="endcard-1"), profile=PROFILE)


def _records(plan_source: CatalogPlanSource) -> list[AsRunRecord]:
    plan = plan_source.load_plan()
    _, ts = plan.transport_streams()[0]
    service = ts.services[0]
    event = service.events[0]
    start = event.start
    out = []
    for index, item in enumerate(event.items):
        length = timedelta(seconds=60 if item.role == "lecture" else 30)
        out.append(
            AsRunRecord(
                record_id=f"{ts.transport_stream_id}-{service.service_id}-{event.event_id}-{index}",
                transport_stream_id=ts.transport_stream_id,
                service_id=service.service_id,
                event_id=event.event_id,
                item_index=index,
                role=item.role,
                media=item.media.describe(),
                planned_start=start,
                planned_end=start + length,
                actual_start=start,
                actual_end=start + length,
                outcome="full",
            )
        )
        start += length
    return out


def test_as_run_marks_the_slots_aired_once(catalogue: Catalogue) -> None:
    source = _source(catalogue)
    sink = CatalogAsRunSink(catalogue.sessions, source.index)
    assert isinstance(sink, AsRunSink)
    records = _records(source)
    filler_run = AsRunRecord(
        record_id="1-257-filler@0", transport_stream_id=1, service_id=257, event_id=None,
        item_index=None, role="filler", media="filler", planned_start=None, planned_end=None,
        actual_start=catalogue.now, actual_end=catalogue.now + timedelta(minutes=5),
        outcome="filler",
    )  # fmt: skip
    sink.record([filler_run, *records])
    sink.record(records)  # a re-sent batch after a crash
    with catalogue.sessions() as session:
        assert session.scalar(select(func.count()).select_from(AsRun)) == len(records)
        outcomes = session.execute(
            select(ScheduleSlot.kind, Occurrence.outcome)
            .join(Occurrence, Occurrence.slot_id == ScheduleSlot.id)
            .where(Occurrence.outcome != Outcome.PENDING)
        ).all()
    assert sorted(outcomes) == [(SlotKind.END_CARD, Outcome.FULL), (SlotKind.LECTURE, Outcome.FULL)]


def test_an_item_replaced_by_filler_did_not_air(catalogue: Catalogue) -> None:
    source = _source(catalogue)
    sink = CatalogAsRunSink(catalogue.sessions, source.index)
    lecture = _records(source)[0]
    sink.record([replace(lecture, outcome="filler", reason="not ready")])
    with catalogue.sessions() as session:
        row = session.scalars(select(AsRun)).one()
        assert (row.slot_id, row.note) == (None, "filler: not ready")
        assert (
            session.scalar(
                select(func.count()).select_from(Occurrence).where(Occurrence.outcome != "pending")
            )
            == 0
        )


def test_encodes_are_handed_over_earliest_air_first(catalogue: Catalogue, tmp_path: Path) -> None:
    jobs = HueyJobs(JobConfig(media_root=tmp_path / "renditions", queue_url="memory://"))
    queue = StationEncodeQueue(jobs, catalogue.sessions, concurrency=1)
    with catalogue.sessions() as session:
        lectures = session.scalars(select(Lecture).order_by(Lecture.id)).all()[:3]
        for lecture in lectures:
            lecture.recording_path = str(tmp_path / f"rec-{lecture.id}.mkv")
            lecture.version = 1
        session.commit()
        paths = {lecture.id: Path(lecture.recording_path or "") for lecture in lectures}
    base = datetime(2026, 9, 1, tzinfo=UTC)
    order = [(lectures[0].id, 3), (lectures[1].id, 1), (lectures[2].id, 2)]
    for lecture_id, hours in order:
        queue.submit(lecture_id, paths[lecture_id], PROFILE, base + timedelta(hours=hours))
    queue.pump()
    (running,) = queue.running_jobs()
    assert jobs.status(running).source == str(paths[lectures[1].id])
    states = [p.state for p in queue.progress()]
    assert states == ["queued", "waiting", "waiting"]
    assert [p.title for p in queue.progress()] == ["DEMO-IT M2", "DEMO-IT M3", "DEMO-IT M1"]
    with catalogue.sessions() as session:
        row = session.scalars(select(Rendition)).one()
        assert (row.lecture_id, row.status) == (lectures[1].id, RenditionStatus.ENCODING)


def test_encodes_cut_off_by_a_stop_are_asked_for_again(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    """A rendition left `encoding` by a stop (or a crash) is requested again at the next start,
    with its first air time as the priority."""
    with catalogue.sessions() as session:
        lecture = session.scalars(select(Lecture).order_by(Lecture.id)).first()
        assert lecture is not None
        lecture.recording_path = str(tmp_path / "rec.mkv")
        lecture.version = 1
        session.flush()
        record_rendition(session, lecture.id, PROFILE, None, None, RenditionStatus.ENCODING)
        session.commit()
        lecture_id = lecture.id
    jobs = HueyJobs(JobConfig(media_root=tmp_path / "renditions", queue_url="memory://"))
    queue = StationEncodeQueue(jobs, catalogue.sessions)
    assert queue.idle()
    assert queue.resubmit_unfinished() == 1
    (waiting,) = queue.progress()
    assert (waiting.title, waiting.profile, waiting.state) == ("DEMO-IT M1", PROFILE, "waiting")
    queue.pump()
    (running,) = queue.running_jobs()
    assert jobs.status(running).source == str(tmp_path / "rec.mkv")
    assert jobs.status(running).key == f"lecture-{lecture_id}-v1"


def test_an_encode_whose_worker_died_is_asked_for_again_then_recorded_failed(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    """A job left `running` by a killed worker stops beating; the station hands it over again
    (a new job), and only after the last attempt records the rendition failed with the reason."""
    with catalogue.sessions() as session:
        lecture = session.scalars(select(Lecture).order_by(Lecture.id)).first()
        assert lecture is not None
        lecture.recording_path = str(tmp_path / "rec.mkv")
        lecture.version = 1
        session.commit()
        lecture_id = lecture.id
    jobs = HueyJobs(JobConfig(media_root=tmp_path / "renditions", queue_url="memory://"))
    queue = StationEncodeQueue(jobs, catalogue.sessions)
    queue.submit(lecture_id, tmp_path / "rec.mkv", PROFILE, datetime(2026, 9, 1, tzinfo=UTC))
    handed_over = []
    for _ in range(MAX_ENCODE_ATTEMPTS):
        queue.pump()
        (job_id,) = queue.running_jobs()
        handed_over.append(job_id)
        # A worker took the job, beat once two minutes ago and was killed.
        jobs._save(replace(jobs.status(job_id), state="running", updated=time.time() - 120))
    queue.pump()
    assert len(set(handed_over)) == MAX_ENCODE_ATTEMPTS
    assert queue.running_jobs() == []
    with catalogue.sessions() as session:
        row = session.scalars(select(Rendition)).one()
        assert row.status == RenditionStatus.FAILED
        assert "the worker stopped" in (row.verdict or "")


# --- what a channel tells the receiver about itself -----------------------------------------


def test_the_catalogue_plan_states_each_channels_audio_language(catalogue: Catalogue) -> None:
    """Channel.language is the language of its sound: one per audio PID, into the PMT."""
    source = _source(catalogue)
    languages = {s.service_id: s.audio_languages for _, ts in source.load_plan().transport_streams()
                 for s in ts.services}  # fmt: skip
    assert languages == {0x0101: ("kk",), 0x0201: ("ru",)}
    before = source.plan_version()
    with catalogue.sessions() as session:
        channel = session.scalars(select(Channel).where(Channel.service_id == 0x0201)).one()
        channel.language = Language.EN
        session.commit()
    assert source.plan_version() != before  # the PMT must follow the change
    plan = source.load_plan()
    (s2,) = plan.networks[1].transport_streams[0].services
    assert s2.audio_languages == ("en",)
    pmt = PMT.decode(service_pmt(s2, (StreamType.MPEG2_VIDEO, StreamType.MPEG1_AUDIO)).encode())
    assert pmt.stream(s2.pids.audio[0]).descriptors == b"\x0a\x04eng\x00"


# --- the network's own delivery values and the multiplex's own rate -------------------------

T2_STORED = {"t2_system_id": 7, "centre_frequency": 506_000_000, "bandwidth": 1}
S2_STORED = {"frequency": 12_130_000_000, "polarization": 1, "symbol_rate": 30_000_000}


def _store(catalogue: Catalogue, network_id: int, parameters: dict[str, int]) -> None:
    with catalogue.sessions() as session:
        network = session.scalars(select(Network).where(Network.network_id == network_id)).one()
        network.delivery_parameters = parameters
        session.commit()


def _store_mux_rate(catalogue: Catalogue, tsid: int, rate: int | None) -> None:
    with catalogue.sessions() as session:
        row = session.scalars(
            select(TransportStream).where(TransportStream.transport_stream_id == tsid)
        ).one()
        row.mux_rate = rate
        session.commit()


def test_stored_delivery_values_win_field_by_field(catalogue: Catalogue) -> None:
    source = _source(catalogue)
    before = source.plan_version()
    _store(catalogue, 0xFF02, S2_STORED)
    _store(catalogue, 0xFF01, T2_STORED)
    assert source.plan_version() != before  # the NIT must follow
    t2, s2 = source.load_plan().networks
    assert s2.delivery == {**DELIVERY_DEFAULTS["dvb-s2"], **S2_STORED}
    assert s2.delivery["orbital_position"] == DELIVERY_DEFAULTS["dvb-s2"]["orbital_position"]
    assert t2.delivery == {"plp_id": 0, **T2_STORED}


def test_the_stored_mux_rate_is_the_multiplexs_rate(
    catalogue: Catalogue, caplog: pytest.LogCaptureFixture
) -> None:
    source = _source(catalogue)
    needed = get_profile(PROFILE).mux.mux_rate + 300_000
    assert source.load_plan().find_transport_stream(1)[1].mux_rate == needed  # nothing stored
    before = source.plan_version()
    _store_mux_rate(catalogue, 1, 2_000_000)
    assert source.plan_version() != before
    assert source.load_plan().find_transport_stream(1)[1].mux_rate == 2_000_000
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
    _store_mux_rate(catalogue, 1, needed - 1)
    with caplog.at_level("ERROR", logger="telesabaq.wiring"):
        assert source.load_plan().find_transport_stream(1)[1].mux_rate == needed - 1
    (flag,) = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert f"stored mux_rate {needed - 1} bit/s is below the {needed} bit/s" in flag


def test_the_profile_budget_is_the_plans_rate_rule() -> None:
    budget = ProfileMuxBudget()
    rate = get_profile(PROFILE).mux.mux_rate
    assert budget.needed_mux_rate([]) == 300_000
    assert budget.needed_mux_rate([PROFILE, PROFILE]) == 2 * rate + 300_000
    assert budget.needed_mux_rate([PROFILE, "no-such-profile"]) is None


@pytest.fixture
def on_air(catalogue: Catalogue, tmp_path: Path) -> dict[int, Path]:
    """One second of each multiplex of the catalogue's plan, after the engineer stored the
    networks' delivery values (nothing is ready yet: the services carry PSI/SI and PCR)."""
    _store(catalogue, 0xFF02, S2_STORED)
    _store(catalogue, 0xFF01, T2_STORED)
    plan = _source(catalogue).load_plan()
    config = AirConfig(plan=plan, resolver=PlanMediaResolver(), start=catalogue.now)
    paths = {tsid: tmp_path / f"ts{tsid}.ts" for tsid in (1, 2)}
    with FileOutput(paths[1]) as first, FileOutput(paths[2]) as second:
        put_on_air(config, {1: [first], 2: [second]}, realtime=False, seconds=1)
    return paths


def _tables(path: Path, pid: int) -> list[Section]:
    data = path.read_bytes()
    packets = (data[i : i + 188] for i in range(0, len(data), 188))
    return [s for s in sections_from_packets(packets, pid) if isinstance(s, Section)]


def test_the_nit_on_the_air_carries_the_stored_frequency(on_air: dict[int, Path]) -> None:
    """epg's own NIT decoder on the bytes the station wrote (EN 300 468 §6.2.13, §6.4.6.3)."""
    nits = {}
    for tsid, path in on_air.items():
        nit = NIT.decode([s for s in _tables(path, 0x10) if s.table_id == 0x40])
        (entry,) = nit.transport_streams
        assert entry.transport_stream_id == tsid
        nits[nit.network_id] = entry.descriptors
    (t2,) = [d for d in nits[0xFF01] if isinstance(d, T2DeliverySystemDescriptor)]
    assert (t2.plp_id, t2.t2_system_id) == (0, 7)
    assert t2.details is not None
    assert t2.details.bandwidth == 1  # 7 MHz
    assert [c.centre_frequencies for c in t2.details.cells] == [(506_000_000,)]
    (s2,) = [d for d in nits[0xFF02] if isinstance(d, SatelliteDeliverySystemDescriptor)]
    assert (s2.frequency, s2.polarization, s2.symbol_rate) == (12_130_000_000, 1, 30_000_000)
    assert s2.orbital_position == DELIVERY_DEFAULTS["dvb-s2"]["orbital_position"]
    assert s2.modulation_system == 1  # DVB-S2


def test_the_pmt_on_the_air_states_the_channels_language(on_air: dict[int, Path]) -> None:
    for tsid, language in ((1, b"kaz"), (2, b"rus")):
        pmt = PMT.decode(_tables(on_air[tsid], 0x100))
        (audio,) = pmt.streams[1:]
        assert audio.descriptors == b"\x0a\x04" + language + b"\x00"


@pytest.mark.independent
def test_gstreamer_reads_the_stored_delivery_and_the_language(on_air: dict[int, Path]) -> None:
    """GstMpegts (the shared gst-si-dump) on the same bytes: the NIT's stored frequency and
    system ids, and the PMT's audio language."""
    if not GST_SI_DUMP.exists():
        pytest.skip("the shared gst-si-dump tool is not beside this checkout")
    found: dict[str, list[dict[str, Any]]] = {}
    for path in on_air.values():
        for section in gst_si_dump_records(path):
            if section.get("crc_ok"):
                found.setdefault(section["type"], []).append(section)
    delivery = {
        d["descriptor"]: d
        for nit in found["nit"]
        for ts in nit["transport_streams"]
        for d in ts["descriptors"]
    }
    satellite = delivery["satellite_delivery_system"]
    assert (satellite["frequency_khz"], satellite["polarization"]) == (12_130_000, "V")
    assert satellite["symbol_rate"] == 30_000_000
    t2 = delivery["T2_delivery_system"]
    assert (t2["plp_id"], t2["t2_system_id"], t2["cells"]) == (0, 7, [0])
    languages = {
        pmt["table_id_extension"]: item[0]
        for pmt in found["pmt"]
        for stream in pmt["streams"]
        for d in stream["descriptors"]
        if d.get("descriptor") == "ISO_639_language"
        for item in d["items"]
    }
    assert languages == {0x0101: "kaz", 0x0201: "rus"}


def test_the_plan_follows_an_engineers_correction(catalogue: Catalogue) -> None:
    """The catalogue's PATCH services (what PATCH /api/networks/{id} and
    /api/transport-streams/{id} run): the next plan carries the corrected satellite frequency
    and the corrected multiplex rate, the untouched fields keep their values, and plan_version
    moves, so the running station reloads and the NIT changes on the air."""
    _store(catalogue, 0xFF02, S2_STORED)
    source = _source(catalogue)
    before = source.plan_version()
    needed = get_profile(PROFILE).mux.mux_rate + 300_000
    with catalogue.sessions() as session:
        engineer = catalogue.user(session, "engineer")
        network = session.scalars(select(Network).where(Network.network_id == 0xFF02)).one()
        patch = NetworkPatch.model_validate({"delivery_parameters": {"frequency": 11_766_000_000}})
        channels.update_network(session, engineer, network.id, patch)
        ts = session.scalars(
            select(TransportStream).where(TransportStream.transport_stream_id == 2)
        ).one()
        rate = TransportStreamPatch.model_validate({"mux_rate": needed + 1_000_000})
        channels.update_transport_stream(session, engineer, ts.id, rate, ProfileMuxBudget())
        session.commit()
    after = source.plan_version()
    assert after != before
    plan = source.load_plan()
    s2 = plan.networks[1]
    assert s2.delivery == {**DELIVERY_DEFAULTS["dvb-s2"], **S2_STORED, "frequency": 11_766_000_000}
    assert plan.find_transport_stream(2)[1].mux_rate == needed + 1_000_000
    assert check_plan(plan) == []
    assert source.plan_version() == after  # loading it changed nothing
