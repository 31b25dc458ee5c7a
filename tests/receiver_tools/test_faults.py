"""Injected faults are found by the TR 101 290 checks, and found AT the packet where they are."""

from __future__ import annotations

import pytest

from receiver_tools.analyzer import Analysis, analyze_chunks
from receiver_tools.checks.finding import Severity
from tests.receiver_tools.synth import (
    NULL,
    PAT_PID,
    PMT_PID,
    VIDEO_PID,
    Layout,
    build,
    indices_of,
    is_pcr,
    pcr_packet,
    pid_of,
    pmt_section,
    section_packet,
)

LAYOUT = Layout()


def run(packets: list[bytes]) -> Analysis:
    return analyze_chunks([b"".join(packets)])


def check(analysis: Analysis, ref: str):  # type: ignore[no-untyped-def]
    return next(r for r in analysis.tr101290 if r.spec.ref == ref)


def errors_by_ref(analysis: Analysis) -> dict[str, int]:
    return {r.spec.ref: r.errors for r in analysis.tr101290 if r.errors}


def test_clean_stream_has_no_findings() -> None:
    a = run(build())
    assert a.time.source == "pcr:0x0200"
    assert a.usage.bitrate == pytest.approx(LAYOUT.bitrate, rel=1e-9)
    assert all(r.errors == 0 and r.warnings == 0 and r.assessed for r in a.tr101290)
    assert a.priority1_errors == 0


def test_dropped_packet_is_a_continuity_error_at_the_next_packet_of_its_pid() -> None:
    packets = build()
    pes = indices_of(packets, lambda p: pid_of(p) == VIDEO_PID and p[1] & 0x40)
    dropped = pes[20]
    follower = pes[21] - 1  # index after the drop
    del packets[dropped]
    a = run(packets)
    cc = check(a, "1.4")
    assert cc.errors == 1
    assert cc.findings[0].packet_index == follower
    assert cc.findings[0].pid == VIDEO_PID
    # Time comes from the PCRs, so it is the packet's real time, not its shifted position.
    assert cc.findings[0].time == pytest.approx(LAYOUT.seconds(pes[21]), abs=1e-6)
    assert errors_by_ref(a) == {"1.4": 1}
    assert a.priority1_errors == 1


def test_corrupted_crc_is_located() -> None:
    packets = build()
    pats = indices_of(packets, lambda p: pid_of(p) == PAT_PID)
    bad = pats[7]
    damaged = bytearray(packets[bad])
    damaged[5 + 8] ^= 0x01  # a PAT payload byte: the CRC no longer matches
    packets[bad] = bytes(damaged)
    a = run(packets)
    crc = check(a, "2.2")
    assert crc.errors == 1
    assert crc.findings[0].packet_index == bad
    assert crc.findings[0].pid == PAT_PID


def test_pat_gap_over_half_a_second_is_a_pat_error_at_the_next_pat() -> None:
    packets = build()
    pats = indices_of(packets, lambda p: pid_of(p) == PAT_PID)
    # Blank 7 PATs after pats[10]: a gap of 8 × 75.2 ms = 602 ms. Keep CC continuous by
    # renumbering the following PAT packets.
    for k in range(11, 18):
        packets[pats[k]] = NULL
    for n, k in enumerate(range(18, len(pats))):
        p = bytearray(packets[pats[k]])
        p[3] = (p[3] & 0xF0) | ((11 + n) & 0xF)
        packets[pats[k]] = bytes(p)
    a = run(packets)
    pat = check(a, "1.3")
    assert pat.errors == 1
    assert pat.findings[0].packet_index == pats[18]
    assert "602 ms" in pat.findings[0].detail
    assert errors_by_ref(a) == {"1.3": 1}
    repetition = next(t for t in a.tables if t.table_id == 0x00)
    assert repetition.max_interval == pytest.approx(0.6016)
    assert repetition.over_limit is True


def _blank_pcrs(packets: list[bytes], first: int, count: int) -> tuple[int, int]:
    pcrs = indices_of(packets, is_pcr)
    for k in range(first, first + count):
        packets[pcrs[k]] = NULL
    return pcrs[first - 1], pcrs[first + count]


def test_pcr_gap_over_100_ms_is_an_error() -> None:
    packets = build()
    before, after = _blank_pcrs(packets, 30, 6)  # 7 intervals of 19.6 ms = 137 ms
    a = run(packets)
    rep = check(a, "2.3a")
    assert rep.errors == 1
    finding = rep.findings[0]
    assert finding.severity is Severity.ERROR
    assert finding.packet_index == after
    assert finding.time == pytest.approx(LAYOUT.seconds(after), abs=1e-6)
    gap_ms = (after - before) * 188 * 8 / LAYOUT.bitrate * 1000
    assert f"{gap_ms:.1f} ms" in finding.detail
    assert check(a, "2.3b").errors == 1  # the PCR value also jumped by more than 100 ms
    assert a.priority1_errors == 0


def test_pcr_gap_between_40_and_100_ms_is_only_a_warning() -> None:
    packets = build()
    _, after = _blank_pcrs(packets, 40, 2)  # 3 intervals = 58.8 ms
    a = run(packets)
    rep = check(a, "2.3a")
    assert rep.errors == 0
    assert rep.warnings == 1
    assert rep.findings[0].severity is Severity.WARNING
    assert rep.findings[0].packet_index == after
    assert errors_by_ref(a) == {}


@pytest.mark.parametrize(("offset_ticks", "expected"), [(20, 1), (-20, 1), (8, 0)])
def test_pcr_jitter_over_500_ns_is_an_accuracy_error(offset_ticks: int, expected: int) -> None:
    packets = build()
    pcrs = indices_of(packets, is_pcr)
    target = pcrs[50]
    packets[target] = pcr_packet(
        VIDEO_PID, target * LAYOUT.ticks_per_packet + offset_ticks, packets[target][3] & 0xF
    )
    a = run(packets)
    acc = check(a, "2.4")
    assert acc.errors == expected  # 20 ticks = 741 ns; 8 ticks = 296 ns is within ±500 ns
    if expected:
        assert acc.findings[0].packet_index == target
        assert acc.findings[0].pid == VIDEO_PID


def test_transport_error_indicator_is_located() -> None:
    packets = build()
    target = indices_of(packets, lambda p: p == NULL)[100]
    damaged = bytearray(packets[target])
    damaged[1] |= 0x80
    packets[target] = bytes(damaged)
    te = check(run(packets), "2.1")
    assert te.errors == 1
    assert te.findings[0].packet_index == target


def test_sync_byte_error_and_sync_loss_are_located() -> None:
    packets = build()
    one = bytearray(packets[500])
    one[0] = 0x46
    packets[500] = bytes(one)
    for k in (1500, 1501, 1502):
        bad = bytearray(packets[k])
        bad[0] = 0x00
        packets[k] = bytes(bad)
    a = run(packets)
    assert check(a, "1.2").findings[0].packet_index == 500
    loss = check(a, "1.1")
    assert loss.errors == 1
    assert loss.findings[0].packet_index == 1500  # the next delivered packet after relock
    assert a.packets == len(packets) - 3


def test_pts_gap_over_700_ms_is_a_pts_error() -> None:
    packets = build()
    pes = indices_of(packets, lambda p: pid_of(p) == VIDEO_PID and p[1] & 0x40)
    for k in range(10, 30):  # 21 × 39.9 ms without a PTS
        p = bytearray(packets[pes[k]])
        p[4 + 7] = 0x00  # PTS_DTS_flags = 00
        packets[pes[k]] = bytes(p)
    pts = check(run(packets), "2.5")
    assert pts.errors == 1
    assert pts.findings[0].packet_index == pes[30]


def _renumber(packets: list[bytes], rows: list[int], start: int) -> None:
    """Give the packets at `rows` consecutive continuity counters from `start`."""
    for n, k in enumerate(rows):
        p = bytearray(packets[k])
        p[3] = (p[3] & 0xF0) | ((start + n) & 0xF)
        packets[k] = bytes(p)


def test_pmt_gap_is_a_pmt_error_at_the_next_pmt() -> None:
    packets = build()
    pmts = indices_of(packets, lambda p: pid_of(p) == PMT_PID)
    for k in range(11, 19):  # 9 × 75.2 ms = 677 ms without a PMT
        packets[pmts[k]] = NULL
    _renumber(packets, pmts[19:], 11)
    a = run(packets)
    pmt = check(a, "1.5")
    assert pmt.errors == 1
    assert pmt.findings[0].packet_index == pmts[19]
    assert pmt.findings[0].pid == PMT_PID
    assert errors_by_ref(a) == {"1.5": 1}


def test_other_table_on_pid_0_is_a_pat_error() -> None:
    packets = build()
    pats = indices_of(packets, lambda p: pid_of(p) == PAT_PID)
    target = pats[12]
    packets[target] = section_packet(PAT_PID, pmt_section(), packets[target][3] & 0xF)
    pat = check(run(packets), "1.3")
    assert pat.errors == 1
    assert pat.findings[0].packet_index == target
    assert "0x02" in pat.findings[0].detail


def test_scrambled_packets_without_cat_are_a_cat_error() -> None:
    packets = build()
    pes = indices_of(packets, lambda p: pid_of(p) == VIDEO_PID and p[1] & 0x40)
    for k in pes[30:]:
        p = bytearray(packets[k])
        p[3] |= 0x80  # transport_scrambling_control = 10
        packets[k] = bytes(p)
    a = run(packets)
    cat = check(a, "2.6")
    assert cat.errors == 1
    assert cat.findings[0].packet_index == pes[30]
    scrambled = next(u for u in a.usage.pids if u.pid == VIDEO_PID).scrambled_packets
    assert scrambled == len(pes) - 30


def test_referenced_pid_absent_over_5_s_is_a_pid_error() -> None:
    layout = Layout(packets=13_000)  # 9.8 s
    packets = build(layout)
    gone = [i for i in range(2_000, 10_500) if pid_of(packets[i]) == VIDEO_PID]
    back = next(i for i in range(10_500, layout.packets) if pid_of(packets[i]) == VIDEO_PID)
    for k in gone:
        packets[k] = NULL
    a = run(packets)
    pid = check(a, "1.6")
    assert pid.errors == 1
    assert pid.findings[0].packet_index == back
    assert pid.findings[0].pid == VIDEO_PID
    # The time base bridges the missing PCRs at the stream's rate: times stay exact.
    assert pid.findings[0].time == pytest.approx(layout.seconds(back), abs=1e-6)


def test_discontinuity_indicator_excuses_a_counter_jump() -> None:
    packets = build()
    pes = indices_of(packets, lambda p: pid_of(p) == VIDEO_PID and p[1] & 0x40)
    target = pes[20]
    old = packets[target]
    flagged = bytearray(old[:4]) + bytes([1, 0x80]) + old[4 : 188 - 2]
    flagged[3] = 0x30 | ((old[3] + 5) & 0xF)  # adaptation + payload, counter jumps by 5
    packets[target] = bytes(flagged)
    _renumber(packets, pes[21:], (old[3] + 6) & 0xF)
    assert errors_by_ref(run(packets)) == {}
    packets[target] = bytes(flagged[:5]) + b"\x00" + bytes(flagged[6:])  # same jump, no flag
    assert errors_by_ref(run(packets)) == {"1.4": 1}
