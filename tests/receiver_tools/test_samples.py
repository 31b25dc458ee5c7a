"""Every real capture in ../shared/ts-samples: services and EPG as its README and TSDuck's
reference dumps give them, text in every encoding the captures use."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

import pytest

from receiver_tools.analyzer import Analysis, analyze
from receiver_tools.eventlist import EventInfo
from receiver_tools.sources import open_source
from tests.receiver_tools.conftest import SAMPLES

pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared TS captures not available")

T184 = "tsduck-test__test-184.ts"
T108 = "tsduck-test__test-108.ts"
T030 = "tsduck-test__test-030.ts"
CRETE = "petrj-MPEGTS__TestData.Crete_DIGEA_stream-2023-07-28-17-02-43.ts"
GERMANY = "petrj-MPEGTS__TestData.Germany_DVBT-MPEGTS-626MHz-2024-03-11-21-09-56.ts"
TAIWAN = "petrj-MPEGTS__TestData.China_stream-2021-10-05-06-36-43.ts"


@cache
def capture(name: str) -> Analysis:
    return analyze(open_source(str(SAMPLES / name)))


def service_names(a: Analysis, *, actual: bool = True) -> dict[int, str | None]:
    return {s.service_id: s.name for s in a.si.services if s.actual == actual}


def event(a: Analysis, service_id: int, event_id: int) -> EventInfo:
    return next(e for e in a.si.events if (e.service_id, e.event_id) == (service_id, event_id))


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def check_event(
    a: Analysis, sid: int, eid: int, start: datetime, seconds: int | None, title: str
) -> None:
    e = event(a, sid, eid)
    assert e.start == start
    if seconds is not None:
        assert e.duration == timedelta(seconds=seconds)
    assert title in e.names.values()


def test_test184_france_services_lcn_and_iso8859_9_epg() -> None:
    a = capture(T184)
    assert service_names(a) == {
        1025: "M6",
        1026: "W9",
        1031: "Arte",
        1045: "France 5",
        1046: "6ter",
    }
    actual = [s for s in a.si.services if s.actual]
    assert {s.provider for s in actual} == {"Multi4"}
    assert {s.service_type for s in actual} == {0x19}
    lcns = [s.lcn for s in actual]
    assert lcns == sorted(lcns)
    assert None not in lcns
    other = service_names(a, actual=False)
    assert other[257] == "France 2"
    assert other[261] == "France Ô"  # ISO 6937 diacritics
    assert other[2053] == "viàGrandParis"
    assert other[2561] == "TF1 Séries Films"
    assert other[2563] == "Chérie 25"
    assert {other[100], other[200], other[300]} == {"Test UHD1", "Test UHD2", "Test UHD3"}
    assert {n.network_id: n.name for n in a.si.networks} == {8442: "F"}
    check_event(a, 1045, 72, utc(2019, 1, 22, 13, 40), 2100, "Allô, docteurs !")  # ISO 8859-9
    check_event(a, 1046, 32, utc(2019, 1, 22, 12, 15), 3300, "La petite maison dans la prairie")
    check_event(a, 1025, 48, utc(2019, 1, 22, 12, 30), 1500, "Scènes de ménages")
    check_event(a, 1031, 77, utc(2019, 1, 23, 11, 5, 24), 2676, "Le silence des oiseaux (1/2)")
    assert event(a, 1031, 77).kind == "schedule"
    crc = next(r for r in a.tr101290 if r.spec.ref == "2.2")
    assert crc.errors == 1  # the one EIT p/f actual section with a bad CRC
    assert a.si.time.first_utc == utc(2019, 1, 22, 12, 51, 9)
    assert a.si.time.last_utc == utc(2019, 1, 22, 12, 52, 9)


_DUMP_SERVICE = re.compile(r"^\d+\. (.+)$")
_DUMP_DATE = re.compile(r"^(\d{4})/(\d\d)/(\d\d)$")
_DUMP_EVENT = re.compile(r"^  (\d\d):(\d\d):(\d\d) to .*event id: 0x[0-9A-F]+ \((\d+)\)$")
_DUMP_TITLE = re.compile(r"^    Title: (.*)$")


def _tsduck_dump(path: Path) -> list[tuple[str, int, datetime, str]]:
    """(service name, event_id, start, first line of the title) from `tsp -P eit --epg-dump`."""
    out: list[tuple[str, int, datetime, str]] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    service, day, pending = "", (0, 0, 0), None
    for prev, line in zip(["", *lines], lines, strict=False):
        if (m := _DUMP_SERVICE.match(prev)) and set(line) == {"-"}:
            service = m.group(1)
        elif m := _DUMP_DATE.match(line):
            day = tuple(int(x) for x in m.groups())
        elif m := _DUMP_EVENT.match(line):
            h, mi, s, eid = (int(x) for x in m.groups())
            pending = (eid, utc(*day, h, mi, s))  # type: ignore[misc]
        elif (m := _DUMP_TITLE.match(line)) and pending:
            out.append((service, pending[0], pending[1], m.group(1)))
            pending = None
    return out


def test_test184_epg_equals_the_tsduck_reference_dump(samples: Path) -> None:
    a = capture(T184)
    expected = _tsduck_dump(samples / "tsduck-test__reference" / "test-184.2.txt")
    assert len(expected) > 300
    names = {(s.transport_stream_id, s.service_id): s.name for s in a.si.services}
    ours = {
        (names.get((e.transport_stream_id, e.service_id)), e.event_id, e.start): e.title
        for e in a.si.events
    }
    missing = [x for x in expected if (x[0], x[1], x[2]) not in ours]
    assert missing == []
    wrong = [x for x in expected if not ours[(x[0], x[1], x[2])].startswith(x[3].rstrip())]
    assert wrong == []


def test_test108_italy_iso6937_and_full_ts() -> None:
    a = capture(T108)
    names = service_names(a)
    assert names[3401] == "Rai 1"
    assert names[3411] == "Rai News 24"
    assert names[3403] == "Rai 3 TGR Emilia Romagna"
    hevc = next(s for s in a.si.services if s.service_id == 3410)
    assert hevc.name == "Test HEVC main10"
    assert hevc.service_type == 0x1F
    rai1 = next(s for s in a.si.services if s.service_id == 3401)
    assert rai1.pmt_pid is not None
    assert any(st.codec == "mpeg2video" for st in rai1.streams)
    assert any(st.codec == "teletext" for st in rai1.streams)
    assert {n.network_id: n.name for n in a.si.networks if n.actual} == {12289: "Rai"}
    check_event(
        a, 3401, 59625, utc(2022, 1, 16, 9, 55), None, "Santa Messa dalla Chiesa di Sant'Andrea "
    )
    check_event(a, 3402, 59918, utc(2022, 1, 16, 10, 15), None, "Citofonare Rai2")
    check_event(a, 8592, 59919, utc(2022, 1, 16, 12, 0), None, "TG2 - GIORNO")
    assert not event(a, 8592, 59919).actual
    assert a.time.source.startswith("pcr:")


def test_test030_damaged_capture_matches_tsduck_analysis() -> None:
    a = capture(T030)
    assert a.si.transport_stream_id == 1080
    assert sorted(s.service_id for s in a.si.services) == [*range(8801, 8811), 8899]
    checks = {r.spec.ref: r for r in a.tr101290}
    assert checks["2.1"].errors == 9  # "With transport error: 9"
    cc_by_pid: dict[int | None, int] = {}
    for f in checks["1.4"].findings:
        cc_by_pid[f.pid] = cc_by_pid.get(f.pid, 0) + 1
    assert cc_by_pid == {0x0012: 1, 0x0112: 11}  # TSDuck's "Unexpect" discontinuities
    assert a.time.source == "none"
    assert not checks["1.3"].assessed
    check_event(
        a,
        6912,
        14892,
        utc(2017, 8, 23, 10, 0),
        10800,
        "CHAINE CHINOISE DE DOCUMENTAIRES EN ANGLAIS",
    )
    check_event(a, 9001, 20307, utc(2017, 8, 23, 11, 55), None, "WILLIAM & KATE : ROMANCE ROYALE")
    check_event(a, 9912, 20719, utc(2017, 8, 23, 11, 42), None, "CHASSEURS D'OVNIS")
    check_event(
        a, 17023, 11216, utc(2017, 8, 23, 11, 25), None, "LE GLUTEN, FAUT-IL EN AVOIR PEUR ?"
    )
    items = {i for e in a.si.events for pairs in e.items.values() for i in pairs}
    assert len(items) > 50  # extended_event items are decoded and shown


def test_crete_greek_iso8859_7() -> None:
    a = capture(CRETE)
    names = service_names(a)
    assert names[10] == "ERT 1"
    assert names[32] == "Voice Of Greece"
    assert names[41] == "ERT News HD"
    assert len(names) == 17
    assert {n.network_id: n.name for n in a.si.networks if n.actual} == {13313: "ERT"}
    check_event(a, 41, 52, utc(2023, 7, 28, 14, 3), 120, "Χρώμα Ελλάδας")
    check_event(a, 35, 368, utc(2023, 8, 1, 3, 0), None, "Άγρια Ελλάδα - Γ Κύκλος (E)")
    check_event(a, 35, 373, utc(2023, 8, 1, 8, 0), None, "Μαύρη Θάλασσα 2018  (E)")
    assert len({(e.service_id, e.event_id) for e in a.si.events}) == 1300


def test_germany_t2_iso8859_15_and_time() -> None:
    a = capture(GERMANY)
    actual_net = next(n for n in a.si.networks if n.actual)
    assert (actual_net.network_id, actual_net.name) == (12337, "BR")
    delivery = [d for ts in actual_net.transport_streams for d in ts.delivery]
    assert delivery
    assert {d["descriptor"] for d in delivery} == {"t2_delivery_system"}
    other = {n.name for n in a.si.networks if not n.actual}
    assert {"ARD SWR", "ARD Bayern", "SWR Regional", "MDR 2", "HR-Süd", "ARD-Hessen"} <= other
    names = service_names(a)
    assert names[801] == "BR Fernsehen Nord HD"
    assert names[802] == "BR Fernsehen Süd HD"
    check_event(a, 1697, 52564, utc(2024, 3, 11, 20, 0), 2700, "Die Ernährungs-Docs (73)")
    check_event(a, 833, 50700, utc(2024, 3, 20, 10, 15), None, "Sturm der Liebe (4221)")
    assert a.si.time.first_utc == utc(2024, 3, 11, 20, 10, 14)
    assert a.si.time.offsets == (("DEU", 0, timedelta(hours=1)),)


def test_taiwan_utf16_selector_0x14() -> None:
    a = capture(TAIWAN)
    assert service_names(a) == {
        501: "華視CTS",
        502: "華視教育體育文化台",
        503: "華視新聞資訊台",
        504: "國會頻道1",
        505: "國會頻道2",
    }
    assert {n.name for n in a.si.networks} == {"CTS_network"}
    check_event(a, 501, 19, utc(2021, 10, 5, 10, 58), 3720, "華視晚間新聞(普)")
    check_event(a, 503, 92, utc(2021, 10, 8, 17, 0), None, "嶔點話題(普)")


def test_every_capture_gives_a_report_as_m2ts_too(samples: Path) -> None:
    """192-byte M2TS packets (4-byte TP_extra_header) are detected; the result is the same."""
    data = (samples / T184).read_bytes()
    m2ts = b"".join(b"\x00\x00\x00\x00" + data[i : i + 188] for i in range(0, len(data), 188))
    from receiver_tools.analyzer import analyze_chunks

    a = analyze_chunks([m2ts[i : i + 65536] for i in range(0, len(m2ts), 65536)])
    b = capture(T184)
    assert a.packet_size == 192
    assert b.packet_size == 188
    assert a.packets == b.packets
    assert a.si.services == b.si.services
    assert a.si.events == b.si.events


SNIPPETS = "petrj-MPEGTS__MPEGTSTests_TestData/EIT"


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("Poland/EIT.PL.bin", "Zakup kontrolowany: odc.355"),  # 0x15 UTF-8
        ("Hungary/EIT.Hungary.bin", "Élő népzene"),  # 0x10 0x00 0x02 ISO 8859-2
        ("Slovakia/EIT.SK.1.bin", "Fíha tralala (10)"),  # ISO 6937 diacritics
        ("EIT.bin", "Krimi zprávy"),  # ISO 6937, Czech
        ("Poland/EIT.PL2.bin", "Francuskie śniadanie - Thierry Śmiałek sezon 1 odc. 8"),  # 8859-13
    ],
)
def test_epg_snippets_in_every_encoding(samples: Path, path: str, title: str) -> None:
    a = analyze(open_source(str(samples / SNIPPETS / path)))
    assert title in {name for e in a.si.events for name in e.names.values()}


def _packetize(section: bytes, pid: int = 0x12) -> bytes:
    """One section in TS packets (PUSI + pointer_field 0 on the first, 0xFF stuffing)."""
    out, first, cc = [], True, 0
    data = b"\x00" + section
    while data or first:
        chunk, data = data[:184], data[184:]
        header = bytes([0x47, (0x40 if first else 0) | (pid >> 8), pid & 0xFF, 0x10 | cc])
        out.append(header + chunk + b"\xff" * (184 - len(chunk)))
        first, cc = False, (cc + 1) & 0xF
    return b"".join(out)


def test_iso8859_5_cyrillic_sections(samples: Path) -> None:
    """A raw EIT section in ISO 8859-5 (deimspb), carried in TS packets as a receiver gets it."""
    from receiver_tools.analyzer import analyze_chunks

    section = (samples / "deimspb-TSParser__TestResources_Tables/EIT/EIT_L.tbl").read_bytes()
    a = analyze_chunks([_packetize(section)])
    e = event(a, 9005, 64613)
    assert e.start == utc(2021, 8, 5, 23, 0)
    assert "Прокурорская проверка. Смерть в наследство | 16+" in e.names.values()


def test_crete_transport_errors_are_not_taken_for_scrambling() -> None:
    """206 packets of the Crete capture have transport_error_indicator set; some of them have
    the scrambling bits set too (on PID 0 among others). That is damage, not a scrambled PAT."""
    a = capture(CRETE)
    checks = {r.spec.ref: r for r in a.tr101290}
    assert checks["2.1"].errors == 206
    assert not [f for f in checks["1.3"].findings if "scrambled" in f.detail]
    assert checks["2.6"].errors == 0
