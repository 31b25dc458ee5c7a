"""GStreamer (tsparse + GstMpegts, through gst-si-dump) reads what our carousel writes: the same
ids, times, durations, running status, names, texts and items, in Kazakh, Russian and English."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from epg.carousel import Packing
from epg.descriptors.event import ExtendedEventDescriptor, ShortEventDescriptor
from epg.descriptors.event_fitting import join_extended_events
from epg.tables.eit import EITEvent
from mpegts.depacketizer import sections_from_packets
from tests.epg.independent.conftest import (
    CHANNELS,
    NOW,
    PROVIDERS,
    URL,
    Broadcast,
    write_stream,
)

pytestmark = pytest.mark.independent


@pytest.fixture(scope="module")
def records(broadcast: Broadcast, gst_si_dump: list[str]) -> list[dict[str, Any]]:
    run = subprocess.run(
        [*gst_si_dump, "--json", str(broadcast.path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    parsed = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    # GStreamer 1.22 posts junk cut from repeated multi-packet sections (dvb-si.md B.4)
    return [r for r in parsed if not (r.get("rejected") and r.get("crc_ok") is False)]


def _of_type(records: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [r for r in records if r["type"] == kind]


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def test_nothing_was_rejected_or_failed(records: list[dict[str, Any]]) -> None:
    assert records
    assert not [r for r in records if r.get("rejected") or r.get("error")]
    assert all(r["crc_ok"] in (True, None) for r in records)


def test_pat_and_pmts(records: list[dict[str, Any]]) -> None:
    (pat,) = _of_type(records, "pat")
    programs = {p["program_number"]: p["pid"] for p in pat["programs"]}
    assert programs == {0: 0x10, 101: 0x100, 102: 0x101}
    assert sorted(r["table_id_extension"] for r in _of_type(records, "pmt")) == [101, 102]


def test_sdt_names_providers_and_flags(records: list[dict[str, Any]]) -> None:
    (sdt,) = _of_type(records, "sdt")
    assert (sdt["transport_stream_id"], sdt["original_network_id"], sdt["actual"]) == (
        0x10,
        0x2137,
        True,
    )
    for channel, service in zip(CHANNELS, sdt["services"], strict=True):
        assert service["service_id"] == channel.service_id
        assert (service["eit_schedule"], service["eit_pf"], service["running_status"]) == (
            True,
            True,
            4,
        )
        main = service["descriptors"][0]
        assert main["descriptor"] == "service"
        assert (main["provider"], main["name"]) == (PROVIDERS["kaz"], channel.display_names["kaz"])


def test_nit_names_delivery_and_lcn(records: list[dict[str, Any]]) -> None:
    (nit,) = _of_type(records, "nit")
    assert (nit["network_id"], nit["actual"]) == (0x3001, True)
    assert nit["descriptors"][0]["name"] == PROVIDERS["kaz"]
    (stream,) = nit["transport_streams"]
    by_name = {d.get("descriptor"): d for d in stream["descriptors"]}
    assert by_name["T2_delivery_system"]["plp_id"] == 0
    assert by_name["terrestrial_delivery_system"]["frequency"] == 594_000_000
    assert by_name["service_list"]["services"] == [[101, 0x19], [102, 0x19]]
    assert by_name["private_data_specifier"]["pds"] == 0x28
    assert [(c["service_id"], c["lcn"]) for c in by_name["logical_channel"]["channels"]] == [
        (101, 1),
        (102, 2),
    ]


def test_tdt_and_tot(records: list[dict[str, Any]]) -> None:
    (tdt,) = _of_type(records, "tdt")
    (tot,) = _of_type(records, "tot")
    assert _utc(tdt["utc"]) == NOW
    assert _utc(tot["utc"]) == NOW
    (offset,) = tot["descriptors"][0]["items"]
    assert (offset["country"], offset["offset"], offset["next_offset"]) == (
        "KAZ",
        "+05:00",
        "+05:00",
    )


def _our_events(broadcast: Broadcast) -> Iterator[tuple[int, int, EITEvent]]:
    carousel = broadcast.carousel
    for (kind, *rest), table in carousel._tables.items():
        if kind == "pf":
            for event in table.events:
                yield table.table_id, rest[0], event
    for sid, schedule in carousel._schedules.items():
        for table_id in schedule.sections:
            for event in carousel._schedule_events[sid]:
                yield table_id, sid, event


def _check_event(theirs: dict[str, Any], ours: EITEvent) -> None:
    assert _utc(theirs["start"]) == ours.start_time
    assert theirs["duration"] == ours.duration.total_seconds()
    assert theirs["running_status"] == ours.running_status
    assert theirs["free_CA_mode"] is False
    shorts = [d for d in theirs["descriptors"] if d.get("descriptor") == "short_event"]
    assert [(d["lang"], d["name"], d["text"]) for d in shorts] == [
        (d.iso_639_language_code, d.event_name, d.text)
        for d in ours.descriptors
        if isinstance(d, ShortEventDescriptor)
    ]
    extended = [d for d in theirs["descriptors"] if d.get("descriptor") == "extended_event"]
    assert [
        (d["lang"], d["number"], d["last_number"], d["text"], [tuple(i) for i in d["items"]])
        for d in extended
    ] == [
        (
            d.iso_639_language_code,
            d.descriptor_number,
            d.last_descriptor_number,
            d.text,
            [(i.item_description, i.item) for i in d.items],
        )
        for d in ours.descriptors
        if isinstance(d, ExtendedEventDescriptor)
    ]
    for lang, (text, items) in join_extended_events(ours.descriptors).items():
        joined = "".join(d["text"] for d in extended if d["lang"] == lang)
        assert joined == text
        assert [(i.item_description, i.item) for i in items] == [("URL", URL)]


def test_every_event_reads_back_field_by_field(
    records: list[dict[str, Any]], broadcast: Broadcast
) -> None:
    ours = {(t == 0x4E, sid, e.event_id): e for t, sid, e in _our_events(broadcast)}
    seen = set()
    for record in _of_type(records, "eit"):
        assert (record["transport_stream_id"], record["original_network_id"]) == (0x10, 0x2137)
        for event in record["events"]:
            key = (record["present_following"], record["service_id"], event["event_id"])
            _check_event(event, ours[key])
            seen.add(key)
    assert seen == set(ours)


def test_kazakh_russian_english_and_the_url_survive(records: list[dict[str, Any]]) -> None:
    texts = {
        (d["lang"], d["name"])
        for r in _of_type(records, "eit")
        for e in r["events"]
        for d in e["descriptors"]
        if d.get("descriptor") == "short_event"
    }
    assert {
        ("kaz", "Математика: 1-дәріс"),
        ("rus", "Математика: лекция 1"),
        ("eng", "Mathematics: lecture 1"),
    } <= texts
    urls = {
        tuple(item)
        for r in _of_type(records, "eit")
        for e in r["events"]
        for d in e["descriptors"]
        if d.get("descriptor") == "extended_event"
        for item in d["items"]
    }
    assert urls == {("URL", URL)}


def test_schedule_layout_as_gstreamer_sees_it(
    records: list[dict[str, Any]], broadcast: Broadcast
) -> None:
    sections = {
        (r["table_id"], r["table_id_extension"], r["section_number"]): r
        for r in _of_type(records, "eit")
        if not r["present_following"]
    }
    for sid, schedule in broadcast.carousel._schedules.items():
        for table_id, ours in schedule.sections.items():
            for section in ours:
                theirs = sections[(table_id, sid, section.section_number)]
                assert theirs["last_section_number"] == section.last_section_number
                assert theirs["last_table_id"] == 0x50
                assert theirs["version"] == section.version_number


def test_packed_layout_decodes_completely(
    tmp_path: Path, gst_si_dump: list[str], broadcast: Broadcast
) -> None:
    """The default packing (sections share packets, none starts with < 8 bytes left) loses
    nothing in GStreamer, which drops sections starting in a packet's last bytes (B.4)."""
    packed = write_stream(tmp_path / "packed.ts", packing=Packing())
    data = packed.path.read_bytes()
    packets = [data[i : i + 188] for i in range(0, len(data), 188)]
    eit_packets = [p for p in packets if (int.from_bytes(p[1:3], "big") & 0x1FFF) == 0x12]
    starts = sum(1 for p in eit_packets if p[1] & 0x40)
    sections = sum(1 for _ in sections_from_packets(eit_packets, 0x12))
    run = subprocess.run(
        [*gst_si_dump, "--json", str(packed.path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    records = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    good = {
        (r["table_id"], r["table_id_extension"], r["section_number"])
        for r in records
        if r["type"] == "eit" and not r.get("rejected")
    }
    expected = {
        (t, sid, n)
        for sid, schedule in packed.carousel._schedules.items()
        for t, sections in schedule.sections.items()
        for n in (s.section_number for s in sections)
    } | {(0x4E, c.service_id, n) for c in CHANNELS for n in (0, 1)}
    assert expected <= good
    assert sections > starts  # some packets started several sections: really packed
