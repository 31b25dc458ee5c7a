"""Vectorised scans (mpegts.scan / mpegts._vectorised) agree with the scalar packet decoder."""

from __future__ import annotations

import contextlib
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mpegts.errors import LengthError, SyncError
from mpegts.packet import AdaptationField, TSPacket, iter_packets, null_packet
from mpegts.scan import (
    TSScanner,
    as_packet_array,
    cc_errors,
    continuity_counters,
    detect_packet_size,
    discontinuity,
    find_sync_offset,
    has_adaptation,
    has_payload,
    headers,
    payload_unit_start,
    pcr_indices_and_values,
    pid_counts,
    pids,
    random_access,
    scrambling_control,
    transport_error,
)
from tests.mpegts.conftest import sample
from tests.strategies.mpegts import ts_packets

CRETE = "petrj-MPEGTS__TestData.Crete_DIGEA_stream-2023-07-28-17-02-43.ts"


@st.composite
def streams(draw: st.DrawFn) -> list[TSPacket]:
    """Packets of a few PIDs whose counters mostly follow on, with repeats, jumps, adaptation-
    only packets and discontinuity flags mixed in: the cases the CC rules distinguish."""
    counters: dict[int, int] = {}
    packets = []
    for _ in range(draw(st.integers(0, 60))):
        pid = draw(st.sampled_from([0x10, 0x11, 0x100, 0x1FFF]))
        step = draw(st.sampled_from([1, 1, 1, 0, 2, 15]))
        cc = (counters.get(pid, draw(st.integers(0, 15))) + step) % 16
        counters[pid] = cc
        kind = draw(st.sampled_from(["payload", "payload", "adaptation", "both"]))
        flags = AdaptationField(
            discontinuity_indicator=draw(st.booleans()),
            pcr=draw(st.none() | st.integers(0, 2**33 * 300 - 1)),
        )
        packets.append(
            TSPacket(
                pid=pid,
                continuity_counter=cc,
                payload=b""
                if kind == "adaptation"
                else b"\x00" * (184 if kind == "payload" else 100),
                adaptation=None if kind == "payload" else flags,
            )
        )
    return packets


def _array(packets: list[TSPacket]) -> np.ndarray:
    return as_packet_array(b"".join(p.encode() for p in packets))


def _reference_cc_errors(packets: list[TSPacket]) -> list[int]:
    """The documented rules, one packet at a time."""
    last: dict[int, tuple[int, bool]] = {}
    errors = []
    for index, packet in enumerate(packets):
        if not packet.payload or packet.pid == 0x1FFF:
            continue
        cc = packet.continuity_counter
        excused = packet.adaptation is not None and packet.adaptation.discontinuity_indicator
        duplicate = False
        if packet.pid in last:
            previous, was_duplicate = last[packet.pid]
            duplicate = cc == previous
            if not (cc == (previous + 1) % 16 or excused or (duplicate and not was_duplicate)):
                errors.append(index)
        last[packet.pid] = (cc, duplicate)
    return errors


@settings(max_examples=50)
@given(st.lists(ts_packets(), max_size=30))
def test_fields_match_the_scalar_decoder(packets: list[TSPacket]) -> None:
    arr = _array(packets)
    assert arr.shape == (len(packets), 188)
    for source in (arr, headers(arr)):
        assert pids(source).tolist() == [p.pid for p in packets]
        assert continuity_counters(source).tolist() == [p.continuity_counter for p in packets]
        assert payload_unit_start(source).tolist() == [
            p.payload_unit_start_indicator for p in packets
        ]
        assert transport_error(source).tolist() == [p.transport_error_indicator for p in packets]
        assert scrambling_control(source).tolist() == [
            p.transport_scrambling_control for p in packets
        ]
        assert has_payload(source).tolist() == [p.has_payload for p in packets]
        assert discontinuity(source).tolist() == [
            p.adaptation is not None and p.adaptation.discontinuity_indicator for p in packets
        ]
        assert random_access(source).tolist() == [
            p.adaptation is not None and p.adaptation.random_access_indicator for p in packets
        ]
    assert has_adaptation(arr).tolist() == [
        p.adaptation is not None or len(p.payload) < 184 for p in packets
    ]
    indices, values = pcr_indices_and_values(arr)
    expected = [
        (i, p.adaptation.pcr)
        for i, p in enumerate(packets)
        if p.adaptation is not None and p.adaptation.pcr is not None
    ]
    assert list(zip(indices.tolist(), values.tolist(), strict=True)) == expected
    counts = pid_counts(arr)
    assert {pid: int(counts[pid]) for pid in np.flatnonzero(counts)} == Counter(
        p.pid for p in packets
    )


@settings(max_examples=50)
@given(streams())
def test_cc_errors_match_the_scalar_rules(packets: list[TSPacket]) -> None:
    assert cc_errors(_array(packets)).tolist() == _reference_cc_errors(packets)


@settings(max_examples=50)
@given(streams(), st.lists(st.integers(1, 3000), max_size=5))
def test_scanner_in_chunks_equals_one_pass(packets: list[TSPacket], cuts: list[int]) -> None:
    data = b"".join(p.encode() for p in packets)
    scanner = TSScanner()
    position = 0
    for cut in cuts:
        scanner.feed(data[position : position + cut])
        position += cut
    scanner.feed(data[position:])
    summary = scanner.result()
    arr = _array(packets)
    assert summary.packets == len(packets)
    assert summary.cc_error_indices.tolist() == _reference_cc_errors(packets)
    indices, values = pcr_indices_and_values(arr)
    assert summary.pcr_indices.tolist() == indices.tolist()
    assert summary.pcr_values.tolist() == values.tolist()
    assert summary.pid_counts.tolist() == pid_counts(arr).tolist()


def test_cc_rules_examples() -> None:
    def packet(cc: int, *, payload: bool = True, flag: bool = False) -> TSPacket:
        adaptation = AdaptationField(discontinuity_indicator=flag) if flag or not payload else None
        body = bytes(100) if payload else b""
        return TSPacket(pid=0x100, continuity_counter=cc, payload=body, adaptation=adaptation)

    stream = [
        packet(14),
        packet(15),
        packet(15, payload=False),  # adaptation-only: neither counts nor is checked
        packet(0),
        packet(0),  # one duplicate: fine
        packet(0),  # a second: error (index 5)
        packet(3),  # jump: error (index 6)
        packet(9, flag=True),  # jump excused by discontinuity_indicator
        packet(10),
    ]
    assert cc_errors(_array(stream)).tolist() == [5, 6]


def test_null_pid_is_ignored() -> None:
    assert cc_errors(as_packet_array(null_packet() * 5)).tolist() == []


def test_sync_detection_for_188_192_204() -> None:
    packets = b"".join(
        TSPacket(pid=0x100, continuity_counter=n % 16, payload=bytes(184)).encode()
        for n in range(10)
    )
    m2ts = b"".join(b"\x00\x01\x02\x03" + p for p in (bytes(v) for v in iter_packets(packets)))
    rs204 = b"".join(bytes(p) + bytes(16) for p in iter_packets(packets))
    junk = b"\x12\x34\x47\x00\x00"
    assert find_sync_offset(junk + packets) == len(junk)
    assert detect_packet_size(junk + packets) == 188
    assert detect_packet_size(m2ts) == 192
    assert find_sync_offset(junk + m2ts, 192) == len(junk)
    assert detect_packet_size(rs204) == 204
    for data, size in ((packets, 188), (m2ts, 192), (rs204, 204)):
        arr = as_packet_array(data, packet_size=size)
        assert arr.shape == (10, 188)
        assert pids(arr).tolist() == [0x100] * 10
    with pytest.raises(SyncError):
        find_sync_offset(bytes(1000))
    with pytest.raises(SyncError):
        detect_packet_size(bytes(1000))
    with pytest.raises(ValueError, match="packet size"):
        find_sync_offset(packets, 190)


def test_array_checks() -> None:
    data = bytearray(null_packet() * 3)
    data[188] = 0
    with pytest.raises(SyncError, match="packet 1"):
        as_packet_array(data)
    assert as_packet_array(data + b"\x47\x00", check_sync=False).shape == (3, 188)
    with pytest.raises(LengthError):
        pids(np.zeros((3, 4), dtype=np.uint8))


def test_scanner_counts_lost_sync() -> None:
    data = bytearray(null_packet() * 4)
    data[188 * 2] = 0x00
    scanner = TSScanner()
    scanner.feed(data)
    summary = scanner.result()
    assert summary.sync_errors == 1
    assert summary.packets == 4
    assert summary.pid_counts[0x1FFF] == 3


def test_real_capture_matches_the_scalar_decoder() -> None:
    data = sample(CRETE).read_bytes()
    scanner = TSScanner()
    for start in range(0, len(data), 100_000):
        scanner.feed(data[start : start + 100_000])
    summary = scanner.result()
    clean = {i: p for i, p in enumerate(iter_packets(data)) if not p[1] & 0x80}
    packets = {i: TSPacket.decode(p) for i, p in clean.items()}
    assert summary.packets == 5848
    assert summary.transport_errors == 5848 - len(packets) == 206
    assert Counter(pids(as_packet_array(b"".join(clean.values()))).tolist()) == Counter(
        p.pid for p in packets.values()
    )
    expected = [
        (i, p.adaptation.pcr)
        for i, p in packets.items()
        if p.adaptation is not None and p.adaptation.pcr is not None
    ]
    found = list(zip(summary.pcr_indices.tolist(), summary.pcr_values.tolist(), strict=True))
    assert [hit for hit in found if hit[0] in clean] == expected
    assert len(expected) == 455  # plus 14 PCR-flagged packets among the 206 with TEI set
    pcr_indices, _ = summary.pcrs_of(0x02A0)
    assert {i for i, _ in expected} <= set(pcr_indices.tolist())
    assert 11.9 < (expected[-1][1] - expected[0][1]) / 27e6 < 12.4  # of the 12.35 s span
    assert 0x12 in summary.present_pids.tolist()


@given(st.binary(max_size=2000), st.integers(1, 700))
def test_fuzz_scanner_and_sync_search_never_raise_untyped(data: bytes, cut: int) -> None:
    scanner = TSScanner()
    scanner.feed(data[:cut])
    scanner.feed(data[cut:])
    summary = scanner.result()
    assert summary.packets == len(data) // 188
    assert summary.sync_errors == sum(data[i] != 0x47 for i in range(0, len(data) - 187, 188))
    for size in (188, 192, 204):
        try:
            offset = find_sync_offset(data, size)
        except SyncError:
            continue
        assert 0 <= offset < size
    with contextlib.suppress(SyncError):
        detect_packet_size(data)
