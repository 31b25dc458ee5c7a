"""Decoded values of the real captures match the expected values of ts-samples/README.md and of
TSDuck's reference EPG dump (tsduck-test__reference/test-184.2.txt)."""

from __future__ import annotations

import functools
import re
from datetime import UTC, datetime, timedelta

import pytest

from epg.descriptors.delivery import (
    T2DeliverySystemDescriptor,
    TerrestrialDeliverySystemDescriptor,
)
from epg.descriptors.event import ShortEventDescriptor
from epg.descriptors.network import NetworkNameDescriptor
from epg.descriptors.service import ServiceDescriptor
from epg.descriptors.time import LocalTimeOffsetDescriptor
from epg.tables.eit import EITEvent, read_eit_section
from epg.tables.nit import NIT
from epg.tables.sdt import SDT
from epg.tables.time import TDT, TOT
from tests.epg.captures.conftest import alone, capture, complete, sample, sub_tables

TEST_184 = "tsduck-test__test-184.ts"
TEST_108 = "tsduck-test__test-108.ts"
TEST_030 = "tsduck-test__test-030.ts"
CRETE = "petrj-MPEGTS__TestData.Crete_DIGEA_stream-2023-07-28-17-02-43.ts"
GERMANY = "petrj-MPEGTS__TestData.Germany_DVBT-MPEGTS-626MHz-2024-03-11-21-09-56.ts"
TAIWAN = "petrj-MPEGTS__TestData.China_stream-2021-10-05-06-36-43.ts"


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


@functools.cache
def events(name: str) -> dict[tuple[int, int], EITEvent]:
    """(service_id, event_id) -> event, over every EIT section of the capture."""
    out: dict[tuple[int, int], EITEvent] = {}
    for section in set(capture(name)[0]):
        if 0x4E <= section.table_id <= 0x6F:
            for event in read_eit_section(section)[1]:
                out[(section.table_id_extension, event.event_id)] = event
    return out


def title(event: EITEvent) -> str:
    return next(d.event_name for d in event.descriptors if isinstance(d, ShortEventDescriptor))


@functools.cache
def services(name: str, table_id: int = 0x42) -> dict[int, ServiceDescriptor]:
    out = {}
    for group in sub_tables(capture(name)[0], frozenset({table_id})).values():
        if complete(group):
            for service in SDT.decode(group).services:
                found = [d for d in service.descriptors if isinstance(d, ServiceDescriptor)]
                if found:
                    out[service.service_id] = found[0]
    return out


def nits(name: str, table_id: int) -> list[NIT]:
    groups = sub_tables(capture(name)[0], frozenset({table_id})).values()
    return [NIT.decode(g) for g in groups if complete(g)]


@pytest.mark.parametrize(
    ("name", "service_id", "event_id", "start", "seconds", "expected"),
    [
        (TEST_184, 1045, 72, utc(2019, 1, 22, 13, 40), 2100, "Allô, docteurs !"),
        (TEST_184, 1046, 32, utc(2019, 1, 22, 12, 15), 3300, "La petite maison dans la prairie"),
        (TEST_184, 1025, 48, utc(2019, 1, 22, 12, 30), 1500, "Scènes de ménages"),
        (TEST_184, 1031, 77, utc(2019, 1, 23, 11, 5, 24), 2676, "Le silence des oiseaux (1/2)"),
        (
            TEST_108,
            3401,
            59625,
            utc(2022, 1, 16, 9, 55),
            None,
            "Santa Messa dalla Chiesa di Sant'Andrea ",
        ),
        (TEST_108, 3402, 59918, utc(2022, 1, 16, 10, 15), None, "Citofonare Rai2"),
        (TEST_108, 8592, 59919, utc(2022, 1, 16, 12, 0), None, "TG2 - GIORNO"),
        (
            TEST_030,
            6912,
            14892,
            utc(2017, 8, 23, 10, 0),
            10800,
            "CHAINE CHINOISE DE DOCUMENTAIRES EN ANGLAIS",
        ),
        (TEST_030, 9912, 20719, utc(2017, 8, 23, 11, 42), None, "CHASSEURS D'OVNIS"),
        (CRETE, 41, 52, utc(2023, 7, 28, 14, 3), 120, "Χρώμα Ελλάδας"),
        (CRETE, 35, 368, utc(2023, 8, 1, 3, 0), None, "Άγρια Ελλάδα - Γ Κύκλος (E)"),
        (CRETE, 35, 373, utc(2023, 8, 1, 8, 0), None, "Μαύρη Θάλασσα 2018  (E)"),
        (GERMANY, 1697, 52564, utc(2024, 3, 11, 20, 0), 2700, "Die Ernährungs-Docs (73)"),
        (
            GERMANY,
            833,
            50536,
            utc(2024, 3, 16, 6, 20),
            None,
            "Planet Wissen: Leipzig boomt - Mehr als Messe, Musik und mutige Menschen",
        ),
        (GERMANY, 833, 50700, utc(2024, 3, 20, 10, 15), None, "Sturm der Liebe (4221)"),
        (TAIWAN, 501, 19, utc(2021, 10, 5, 10, 58), 3720, "華視晚間新聞(普)"),
        (TAIWAN, 502, 22, utc(2021, 10, 5, 10, 30), None, "臺灣好味道-足好食 臺灣味(普)"),
        (TAIWAN, 503, 92, utc(2021, 10, 8, 17, 0), None, "嶔點話題(普)"),
    ],
)
def test_events_match_the_readme(
    name: str, service_id: int, event_id: int, start: datetime, seconds: int | None, expected: str
) -> None:
    event = events(name)[(service_id, event_id)]
    assert event.start_time == start
    if seconds is not None:
        assert event.duration == timedelta(seconds=seconds)
    assert title(event) == expected


@pytest.mark.parametrize(
    ("name", "table_id", "expected"),
    [
        (TEST_184, 0x42, {1025: "M6", 1026: "W9", 1031: "Arte", 1045: "France 5", 1046: "6ter"}),
        (
            TEST_184,
            0x46,
            {
                257: "France 2",
                261: "France Ô",
                2053: "viàGrandParis",
                2561: "TF1 Séries Films",
                2563: "Chérie 25",
            },
        ),
        (
            TEST_108,
            0x42,
            {3401: "Rai 1", 3402: "Rai 2", 3403: "Rai 3 TGR Emilia Romagna", 3411: "Rai News 24"},
        ),
        (CRETE, 0x42, {9: "Vouli", 10: "ERT 1", 32: "Voice Of Greece", 41: "ERT News HD"}),
        (
            GERMANY,
            0x42,
            {
                801: "BR Fernsehen Nord HD",
                802: "BR Fernsehen Süd HD",
                803: "ARD alpha HD",
                833: "hr-fernsehen HD",
            },
        ),
        (TAIWAN, 0x42, {501: "華視CTS", 502: "華視教育體育文化台", 504: "國會頻道1"}),
    ],
)
def test_service_names_match_the_readme(name: str, table_id: int, expected: dict[int, str]) -> None:
    found = services(name, table_id)
    assert {sid: found[sid].service_name for sid in expected} == expected


@pytest.mark.parametrize(
    ("name", "provider", "service_type"),
    [
        (TEST_184, "Multi4", 0x19),
        (TEST_108, "Rai", None),
        (CRETE, "ERT", None),
        (GERMANY, "BR", 0x1F),
        (TAIWAN, "CTS", None),
    ],
)
def test_providers(name: str, provider: str, service_type: int | None) -> None:
    actual = services(name)
    assert {d.service_provider_name for d in actual.values()} == {provider}
    if service_type is not None:
        assert {d.service_type for d in actual.values()} == {service_type}


@pytest.mark.parametrize(
    ("name", "network_id", "network_name"),
    [
        (TEST_184, 8442, "F"),
        (TEST_108, 12289, "Rai"),
        (CRETE, 13313, "ERT"),
        (GERMANY, 12337, "BR"),
        (TAIWAN, 13108, "CTS_network"),
    ],
)
def test_network_names(name: str, network_id: int, network_name: str) -> None:
    (nit,) = nits(name, 0x40)
    assert nit.network_id == network_id
    names = [d.network_name for d in nit.descriptors if isinstance(d, NetworkNameDescriptor)]
    assert names == [network_name]


def test_german_nit_carries_t2_delivery_and_names_other_networks() -> None:
    (nit,) = nits(GERMANY, 0x40)
    t2 = [
        d
        for ts in nit.transport_streams
        for d in ts.descriptors
        if isinstance(d, T2DeliverySystemDescriptor)
    ]
    assert t2
    details = [d.details for d in t2 if d.details is not None]
    # GI 19/128 (5), 16k (4), 8 MHz (0) on cells 12561..12571, as GStreamer reads them
    assert {(d.guard_interval, d.transmission_mode, d.bandwidth) for d in details} == {(5, 4, 0)}
    assert {c.cell_id for d in details for c in d.cells} == {
        12561,
        12562,
        12563,
        12564,
        12566,
        12567,
        12568,
        12569,
        12571,
    }
    other = {
        ts.transport_stream_id: d.details
        for nit in nits(GERMANY, 0x41)
        for ts in nit.transport_streams
        for d in ts.descriptors
        if isinstance(d, T2DeliverySystemDescriptor)
    }
    assert other[14338] is not None
    assert (other[14338].guard_interval, other[14338].transmission_mode) == (5, 5)  # 19/128 32k
    others = {
        d.network_name
        for nit in nits(GERMANY, 0x41)
        for d in nit.descriptors
        if isinstance(d, NetworkNameDescriptor)
    }
    assert {"ARD SWR", "ARD Bayern", "SWR Regional", "MDR 2", "HR-Süd", "ARD-Hessen"} <= others


def test_french_nit_terrestrial_delivery_unspecified_frequency() -> None:
    (nit,) = nits(TEST_184, 0x40)
    terrestrial = [
        d
        for ts in nit.transport_streams
        for d in ts.descriptors
        if isinstance(d, TerrestrialDeliverySystemDescriptor)
    ]
    assert len(terrestrial) == 7  # one per transport stream
    assert {d.centre_frequency for d in terrestrial} == {0xFFFFFFFF * 10}


def test_german_tdt_and_tot() -> None:
    sections = capture(GERMANY)[0]
    tdt = TDT.decode([next(s for s in sections if s.table_id == 0x70)])
    tot = TOT.decode([next(s for s in sections if s.table_id == 0x73)])
    assert tdt.utc_time == utc(2024, 3, 11, 20, 10, 14)
    assert tot.utc_time == utc(2024, 3, 11, 20, 10, 14)
    (descriptor,) = tot.descriptors
    assert isinstance(descriptor, LocalTimeOffsetDescriptor)
    (deu,) = descriptor.offsets
    assert (deu.country_code, deu.local_time_offset, deu.next_time_offset) == (
        "DEU",
        timedelta(hours=1),
        timedelta(hours=2),
    )
    assert deu.time_of_change == utc(2024, 3, 31, 1, 0)


def test_french_tdt_and_tot_span_the_minute() -> None:
    sections = capture(TEST_184)[0]
    times = sorted(
        (TDT if s.table_id == 0x70 else TOT).decode([s]).utc_time
        for s in set(sections)
        if s.table_id in (0x70, 0x73)
    )
    assert times[0] == utc(2019, 1, 22, 12, 51, 9)
    assert times[-1] == utc(2019, 1, 22, 12, 52, 9)


_EVENT_LINE = re.compile(
    r"^  (\d\d:\d\d:\d\d) to (\d\d:\d\d:\d\d) \((\d+) mn\), event id: 0x[0-9A-F]+ \((\d+)\)$"
)
_KEY = re.compile(r"^    (Title|Description|Extended description): (.*)$")


def _reference_epg() -> list[tuple[str, str, int, str, int]]:
    """(service name, date, event_id, title, minutes) from TSDuck's --epg-dump output."""
    text = sample("tsduck-test__reference/test-184.2.txt").read_text(encoding="utf-8")
    out: list[tuple[str, str, int, str, int]] = []
    service = date = ""
    current: dict[str, object] = {}
    key = ""
    for line in text.splitlines():
        if m := re.match(r"^\d+\. (.+)$", line):
            service = m.group(1)
        elif re.match(r"^\d{4}/\d\d/\d\d$", line):
            date = line
        elif m := _EVENT_LINE.match(line):
            current = {"start": m.group(1), "minutes": int(m.group(3)), "id": int(m.group(4))}
            out.append((service, f"{date} {m.group(1)}", int(m.group(4)), "", int(m.group(3))))
        elif m := _KEY.match(line):
            key = m.group(1)
            if key == "Title":
                s, d, i, _, n = out[-1]
                out[-1] = (s, d, i, m.group(2), n)
        elif line.startswith("    ") and key == "Title" and current:
            s, d, i, t, n = out[-1]
            out[-1] = (s, d, i, f"{t} {line.strip()}", n)
    return out


def test_test_184_matches_tsduck_epg_dump() -> None:
    reference = _reference_epg()
    assert len(reference) > 300
    ids_by_name: dict[str, set[int]] = {}
    for table_id in (0x42, 0x46):
        for sid, descriptor in services(TEST_184, table_id).items():
            ids_by_name.setdefault(descriptor.service_name, set()).add(sid)
    ours = events(TEST_184)
    checked = 0
    for service, start, event_id, expected_title, minutes in reference:
        candidates = [
            ours[(sid, event_id)] for sid in ids_by_name[service] if (sid, event_id) in ours
        ]
        assert candidates, (service, event_id)
        event = candidates[0]
        assert event.start_time == datetime.strptime(start, "%Y/%m/%d %H:%M:%S").replace(tzinfo=UTC)
        assert int(event.duration.total_seconds() // 60) == minutes
        assert " ".join(title(event).split()) == " ".join(expected_title.split())
        checked += 1
    assert checked == len(reference)


def test_alone_keeps_the_payload() -> None:
    section = next(s for s in capture(TEST_108)[0] if s.table_id == 0x42)
    assert alone(section).payload == section.payload
