"""Our SI core's output and a real capture, decoded by us and by GStreamer (gst-si-dump)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from epg.descriptors.event import ExtendedEventDescriptor, ExtendedEventItem, ShortEventDescriptor
from epg.descriptors.service import ServiceDescriptor
from epg.tables.eit import EITEvent, EITPresentFollowing
from epg.tables.sdt import SDT, SDTService
from mpegts.section import Section
from receiver_tools.analyzer import analyze, analyze_chunks
from receiver_tools.sources import open_source
from tests.receiver_tools.conftest import SAMPLES
from tests.receiver_tools.synth import pat_section
from tests.receiver_tools.test_samples import _packetize
from tests.shared_refs import GST_SI_DUMP, gst_si_dump_records

pytestmark = [
    pytest.mark.independent,
    pytest.mark.skipif(not GST_SI_DUMP.exists(), reason="gst-si-dump not available"),
]
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def gst_records(path: Path) -> list[dict]:  # type: ignore[type-arg]
    records = gst_si_dump_records(path, timeout=120)
    return [r for r in records if r.get("crc_ok") is not False and not r.get("rejected")]


def gst_events(records: list[dict]) -> dict[tuple[int, int], tuple[str, int, set[str]]]:  # type: ignore[type-arg]
    out = {}
    for r in records:
        if r.get("type") != "eit":
            continue
        for e in r["events"]:
            names = {d["name"] for d in e["descriptors"] if d.get("descriptor") == "short_event"}
            out[(r["service_id"], e["event_id"])] = (e["start"], e["duration"], names)
    return out


def _sections() -> list[Section]:
    sdt = SDT(
        transport_stream_id=16,
        original_network_id=0x2137,
        services=(
            SDTService(
                service_id=101,
                eit_present_following=True,
                running_status=4,
                descriptors=(
                    ServiceDescriptor(
                        service_type=1, service_provider_name="EduTV KZ", service_name="Білім 1"
                    ),
                ),
            ),
        ),
    )
    present = EITEvent(
        event_id=1,
        start_time=START,
        duration=timedelta(hours=1),
        running_status=4,
        descriptors=(
            ShortEventDescriptor(
                iso_639_language_code="kaz", event_name="Математика: 1-дәріс", text="Өрнектер"
            ),
            ShortEventDescriptor(
                iso_639_language_code="rus", event_name="Математика: лекция 1", text="Выражения"
            ),
            ExtendedEventDescriptor(
                iso_639_language_code="kaz",
                items=(
                    ExtendedEventItem(
                        item_description="URL", item="https://edu.example.kz/test/42"
                    ),
                ),
                text="Дәрістен кейінгі тест",
            ),
        ),
    )
    following = EITEvent(
        event_id=2,
        start_time=START + timedelta(hours=1),
        duration=timedelta(minutes=45),
        running_status=1,
        descriptors=(
            ShortEventDescriptor(
                iso_639_language_code="eng", event_name="Physics: lecture 2", text="Newton"
            ),
        ),
    )
    eit = EITPresentFollowing(
        service_id=101,
        transport_stream_id=16,
        original_network_id=0x2137,
        present=present,
        following=following,
    )
    return [*sdt.encode(), *eit.encode()]


def test_our_si_core_decodes_the_same_in_gstreamer_and_in_the_receiver(tmp_path: Path) -> None:
    pid_of = {0x42: 0x11, 0x4E: 0x12}
    chunk = _packetize(pat_section(tsid=16, program=101), pid=0)
    for section in _sections():
        chunk += _packetize(section.encode(), pid=pid_of[section.table_id])
    # Repeat, with continuity counters kept running, so tsparse has enough packets.
    packets = [bytearray(chunk[i : i + 188]) for i in range(0, len(chunk), 188)] * 6
    counters: dict[int, int] = {}
    for p in packets:
        pid = ((p[1] & 0x1F) << 8) | p[2]
        p[3] = 0x10 | counters.get(pid, 0)
        counters[pid] = (counters.get(pid, 0) + 1) & 0xF
    path = tmp_path / "si.ts"
    path.write_bytes(b"".join(bytes(p) for p in packets))
    ours = analyze(open_source(str(path)))
    theirs = gst_records(path)
    sdt = next(r for r in theirs if r.get("type") == "sdt")
    gst_service = next(
        d for d in sdt["services"][0]["descriptors"] if d.get("descriptor") == "service"
    )
    service = next(s for s in ours.si.services if s.service_id == 101)
    assert (
        (service.name, service.provider)
        == (gst_service["name"], gst_service["provider"])
        == ("Білім 1", "EduTV KZ")
    )
    events = gst_events(theirs)
    assert len(events) == 2
    for e in ours.si.events:
        start, duration, names = events[(e.service_id, e.event_id)]
        assert start == e.start.strftime("%Y-%m-%dT%H:%M:%SZ")
        assert duration == e.duration.total_seconds()
        assert names == set(e.names.values())
    assert (
        next(e for e in ours.si.events if e.event_id == 1).test_url
        == "https://edu.example.kz/test/42"
    )


@pytest.mark.parametrize("name", ["petrj-MPEGTS__TestData.China_stream-2021-10-05-06-36-43.ts"])
def test_real_capture_events_match_gstreamer(name: str) -> None:
    path = SAMPLES / name
    theirs = gst_events(gst_records(path))
    ours = {(e.service_id, e.event_id): e for e in analyze_chunks([path.read_bytes()]).si.events}
    assert len(theirs) > 100
    for key, (start, duration, names) in theirs.items():
        e = ours[key]
        assert e.start is not None
        assert start == e.start.strftime("%Y-%m-%dT%H:%M:%SZ")
        assert duration == e.duration.total_seconds()
        assert names == set(e.names.values())
