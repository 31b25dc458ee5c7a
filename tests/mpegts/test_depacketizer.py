"""Section reassembly from packets: every real-world fault reported in order, never raised."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mpegts.depacketizer import SectionAssembler, SectionFault, sections_from_packets
from mpegts.errors import (
    ContinuityError,
    CRCError,
    LengthError,
    PacketError,
    SyncError,
    TruncatedError,
)
from mpegts.packet import AdaptationField, TSPacket, iter_packets, null_packet
from mpegts.packetizer import SectionPacketizer
from mpegts.section import Section
from tests.mpegts.conftest import sample
from tests.strategies.mpegts import sections

PID = 0x12


def _section(size: int, extension: int = 0) -> Section:
    return Section(table_id=0x4E, payload=bytes(size - 12), table_id_extension=extension)


def _errors(items: list[Section | SectionFault]) -> list[type]:
    return [type(item.error) for item in items if isinstance(item, SectionFault)]


def _good(items: list[Section | SectionFault]) -> list[Section]:
    return [item for item in items if isinstance(item, Section)]


def _with(raw: bytes, **changes: object) -> bytes:
    packet = TSPacket.decode(raw)
    fields = {name: getattr(packet, name) for name in TSPacket.__dataclass_fields__}
    return TSPacket(**{**fields, **changes}).encode()  # type: ignore[arg-type]


def test_sections_spanning_and_sharing_packets() -> None:
    items = [_section(300, 1), _section(20, 2), _section(40, 3), _section(500, 4)]
    packets = SectionPacketizer(PID).packetize(items)
    assert list(sections_from_packets(packets, PID)) == items


def test_header_straddling_two_packets() -> None:
    items = [_section(182, 1), _section(50, 2)]
    packets = SectionPacketizer(PID, min_start_room=1).packetize(items)
    assert packets[0][-1] == 0x4E  # only the table_id of the second section in the first packet
    assert list(sections_from_packets(packets, PID)) == items


def test_other_pids_and_adaptation_only_packets_are_ignored() -> None:
    packets = SectionPacketizer(PID, continuity_counter=3).packetize([_section(400)])
    pcr_only = TSPacket(pid=PID, continuity_counter=3, adaptation=AdaptationField(pcr=1)).encode()
    stream = [null_packet(), packets[0], pcr_only, null_packet(), packets[1], packets[2]]
    assert list(sections_from_packets(stream, PID)) == [_section(400)]


def test_accepts_packet_models() -> None:
    packets = SectionPacketizer(PID).packetize([_section(300)])
    assert list(sections_from_packets([TSPacket.decode(p) for p in packets], PID)) == [
        _section(300)
    ]


def test_lost_packet_drops_the_partial_section_and_recovers() -> None:
    items = [_section(300, 1), _section(300, 2)]
    packets = SectionPacketizer(PID, one_section_per_packet=True).packetize(items)
    assert len(packets) == 4
    out = list(sections_from_packets([packets[0], packets[2], packets[3]], PID))
    assert _errors(out) == [ContinuityError]
    assert out[0].packet_index == 1  # type: ignore[union-attr]
    assert out[0].raw == packets[0][5:]  # type: ignore[union-attr]
    assert _good(out) == [items[1]]


def test_discontinuity_indicator_excuses_a_jump() -> None:
    packets = SectionPacketizer(PID).packetize([_section(300)])
    jumped = _with(packets[1], continuity_counter=9)
    assert _errors(list(sections_from_packets([packets[0], jumped], PID))) == [ContinuityError]
    # The same jump with discontinuity_indicator set (the flag takes two bytes of payload room).
    head = TSPacket.decode(packets[0]).payload
    rebuilt = TSPacket(
        pid=PID,
        continuity_counter=9,
        adaptation=AdaptationField(discontinuity_indicator=True),
        payload=(head[1:] + TSPacket.decode(packets[1]).payload)[183:300],
    ).encode()
    assert list(sections_from_packets([packets[0], rebuilt], PID)) == [_section(300)]


def test_one_duplicate_is_ignored_two_are_an_error() -> None:
    packets = SectionPacketizer(PID).packetize([_section(300), _section(300, 1)])
    once = [packets[0], packets[0], *packets[1:]]
    assert list(sections_from_packets(once, PID)) == [_section(300), _section(300, 1)]
    twice = [packets[0], packets[0], packets[0], *packets[1:]]
    out = list(sections_from_packets(twice, PID))
    assert _errors(out) == [ContinuityError]
    assert _good(out) == [_section(300), _section(300, 1)]


def test_transport_error_and_scrambled_packets_are_skipped_and_reported() -> None:
    [packet] = SectionPacketizer(PID).packetize([_section(30)])
    flagged = _with(packet, transport_error_indicator=True)
    scrambled = _with(packet, transport_scrambling_control=2)
    out = list(sections_from_packets([flagged, scrambled], PID))
    assert _errors(out) == [PacketError, PacketError]
    assert out[0].raw == flagged  # type: ignore[union-attr]


def test_bad_crc_is_reported_with_the_section_bytes() -> None:
    good, bad = _section(30, 1).encode(), bytearray(_section(30, 2).encode())
    bad[12] ^= 0x40
    packets = SectionPacketizer(PID).packetize([bytes(bad), good])
    out = list(sections_from_packets(packets, PID))
    assert _errors(out) == [CRCError]
    assert out[0].raw == bad  # type: ignore[union-attr]
    assert _good(out) == [_section(30, 1)]
    assert len(list(sections_from_packets(packets, PID, check_crc=False))) == 2


def test_pointer_past_the_payload() -> None:
    [packet] = SectionPacketizer(PID).packetize([_section(30)])
    broken = bytearray(packet)
    broken[4] = 184
    assert _errors(list(sections_from_packets([bytes(broken)], PID))) == [LengthError]


def test_section_length_over_the_limit() -> None:
    payload = bytes([0, 0x00, 0xB7, 0xFF]) + bytes(180)  # PAT declaring 2047 + 3 bytes
    packet = TSPacket(pid=0, payload=payload, payload_unit_start_indicator=True).encode()
    out = list(sections_from_packets([packet], 0))
    assert _errors(out) == [LengthError]


def test_truncated_by_the_next_pointer_and_by_the_end() -> None:
    first = SectionPacketizer(PID).packetize([_section(300)])
    restart = SectionPacketizer(PID, continuity_counter=1).packetize([_section(20, 7)])
    out = list(sections_from_packets([first[0], restart[0]], PID))
    assert _errors(out) == [TruncatedError]
    assert _good(out) == [_section(20, 7)]
    assert _errors(list(sections_from_packets(first[:1], PID))) == [TruncatedError]


def test_garbage_bytes_are_faults() -> None:
    assembler = SectionAssembler(PID)
    [fault] = assembler.feed(b"\x00" * 188)
    assert isinstance(fault, SectionFault)
    assert isinstance(fault.error, SyncError)
    [fault] = assembler.feed(b"\x47\x00")
    assert isinstance(fault.error, TruncatedError)  # type: ignore[union-attr]


@given(st.lists(sections(max_payload=400), max_size=8), st.integers(1, 183), st.data())
def test_fuzz_mutated_streams_never_raise(
    items: list[Section], room: int, data: st.DataObject
) -> None:
    packets = [bytearray(p) for p in SectionPacketizer(PID, min_start_room=room).packetize(items)]
    for _ in range(data.draw(st.integers(0, 6))):
        if not packets:
            break
        which = data.draw(st.integers(0, len(packets) - 1))
        action = data.draw(st.sampled_from(["flip", "drop", "repeat", "swap"]))
        if action == "flip":
            packets[which][data.draw(st.integers(1, 187))] ^= data.draw(st.integers(1, 255))
        elif action == "drop":
            del packets[which]
        elif action == "repeat":
            packets.insert(which, packets[which])
        else:
            packets[which], packets[-1] = packets[-1], packets[which]
    out = list(sections_from_packets(packets, PID))
    assert all(isinstance(item, Section | SectionFault) for item in out)
    # Damage never yields a CRC-protected section that was not sent.
    assert all(item in items for item in _good(out) if item.has_crc)


@given(st.lists(st.binary(min_size=185, max_size=185), max_size=10), st.booleans())
def test_fuzz_random_packets_on_the_pid(bodies: list[bytes], start: bool) -> None:
    flags = 0x40 if start else 0x00
    packets = [bytes([0x47, flags | PID >> 8, PID & 0xFF]) + body for body in bodies]
    for item in sections_from_packets(packets, PID):
        assert isinstance(item, Section | SectionFault)


def _all_sections(name: str, pid: int) -> tuple[Counter[int], list[SectionFault]]:
    data = sample(name).read_bytes()
    tables: Counter[int] = Counter()
    faults = []
    for item in sections_from_packets(iter_packets(data), pid):
        if isinstance(item, SectionFault):
            faults.append(item)
        else:
            tables[item.table_id] += 1
    return tables, faults


def test_real_capture_eit_counts_match_tsduck() -> None:
    # README: EIT p/f actual 597, p/f other 636, schedule 0x50 205 sections, each CRC-checked.
    tables, faults = _all_sections("tsduck-test__test-184.ts", 0x12)
    assert tables == {0x4E: 597, 0x4F: 636, 0x50: 205}
    # One section has a bad CRC (README); the capture also cuts some sections short (a new
    # section starts before the old one ends), which are reported, not decoded.
    kinds = Counter(type(f.error) for f in faults)
    assert kinds[CRCError] == 1
    assert set(kinds) == {CRCError, TruncatedError}


@pytest.mark.parametrize(
    ("name", "pid", "expected"),
    [
        ("tsduck-test__test-184.ts", 0x11, {0x42: 62, 0x46: 8}),
        ("tsduck-test__test-184.ts", 0x14, {0x70: 4, 0x73: 30}),
        ("tsduck-test__test-030.ts", 0x01, {0x01: 35}),
        (
            "petrj-MPEGTS__TestData.Germany_DVBT-MPEGTS-626MHz-2024-03-11-21-09-56.ts",
            0x10,
            {0x40: 2, 0x41: 21},
        ),
    ],
)
def test_real_capture_si_counts(name: str, pid: int, expected: dict[int, int]) -> None:
    tables, faults = _all_sections(name, pid)
    assert tables == expected
    assert faults == []
