"""Section and PES packetizing: layout rules for real receivers, CC, stuffing, packet counts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mpegts.depacketizer import sections_from_packets
from mpegts.errors import EncodeError
from mpegts.packet import PACKET_SIZE, TSPacket
from mpegts.packetizer import PESPacketizer, SectionPacketizer
from mpegts.pes import PESHeader, read_timestamps
from mpegts.section import Section
from tests.strategies.mpegts import sections


def _section(size: int, table_id: int = 0x4E, extension: int = 0) -> bytes:
    """A valid long-form section of exactly `size` bytes."""
    return Section(
        table_id=table_id, payload=bytes(size - 12), table_id_extension=extension
    ).encode()


def _starts(packets: list[bytes], sizes: list[int]) -> list[tuple[int, int]]:
    """(packet index, payload offset) of every section start, walking the raw packets with the
    known section sizes; checks pointer_fields and that only 0xFF follows the last section."""
    pending = iter(sizes)
    found = []
    remaining = 0  # bytes of the current section still to come
    for index, raw in enumerate(packets):
        packet = TSPacket.decode(raw)
        payload = packet.payload
        if packet.payload_unit_start_indicator:
            assert payload[0] == remaining, "pointer_field must cover the previous section's tail"
            position, remaining = 1 + payload[0], 0
        else:
            position = min(remaining, len(payload))
            remaining -= position
        while remaining == 0 and position < len(payload) and payload[position] != 0xFF:
            found.append((index, position))
            size = next(pending)
            take = min(size, len(payload) - position)
            position, remaining = position + take, size - take
        assert set(payload[position:]) <= {0xFF}
    return found


def test_one_section_uses_the_ffmpeg_layout() -> None:
    section = _section(100)
    [packet] = SectionPacketizer(0x11).packetize([section])
    assert packet[:4] == bytes.fromhex("47401110")
    assert packet[4] == 0  # pointer_field
    assert packet[5:105] == section
    assert packet[105:] == b"\xff" * 83


def test_sections_share_a_packet_when_there_is_room() -> None:
    a, b = _section(40), _section(50, extension=1)
    [packet] = SectionPacketizer(0x12).packetize([a, b])
    assert packet[5:45] == a
    assert packet[45:95] == b
    assert packet[95:] == b"\xff" * 93


def test_a_section_never_starts_in_the_last_bytes_of_a_packet() -> None:
    # 176 bytes after the pointer leave 7: too few for a start, so the next section moves on.
    first, second = _section(176), _section(20, extension=1)
    packets = SectionPacketizer(0x12).packetize([first, second])
    assert len(packets) == 2
    assert packets[0][5 + 176 :] == b"\xff" * 7
    assert packets[1][4] == 0
    assert packets[1][5:25] == second
    # With 8 left it starts there and continues in a packet without pointer_field.
    packets = SectionPacketizer(0x12).packetize([_section(175), second])
    assert _starts(packets, [175, 20]) == [(0, 1), (0, 176)]
    continuation = TSPacket.decode(packets[1])
    assert not continuation.payload_unit_start_indicator
    assert continuation.payload[:12] == second[8:]
    assert continuation.payload[12:] == b"\xff" * 172


def test_standard_packing_allows_one_byte() -> None:
    packets = SectionPacketizer(0x12, min_start_room=1).packetize([_section(182), _section(20)])
    assert _starts(packets, [182, 20]) == [(0, 1), (0, 183)]


def test_continuation_packet_can_start_a_section_with_a_pointer() -> None:
    packets = SectionPacketizer(0x12).packetize([_section(200), _section(30, extension=1)])
    assert len(packets) == 2
    payload = TSPacket.decode(packets[1]).payload
    assert payload[0] == 200 - 183  # tail of the first section
    assert _starts(packets, [200, 30]) == [(0, 1), (1, 18)]


def test_one_section_per_packet() -> None:
    packetizer = SectionPacketizer(0x12, one_section_per_packet=True)
    packets = packetizer.packetize([_section(20), _section(200), _section(20)])
    assert len(packets) == 4
    assert _starts(packets, [20, 200, 20]) == [(0, 1), (1, 1), (3, 1)]


def test_continuity_counter_carries_on_across_calls() -> None:
    packetizer = SectionPacketizer(0x12, continuity_counter=14)
    first = packetizer.packetize([_section(400)])
    second = packetizer.packetize([_section(20)])
    assert [p[3] & 0x0F for p in first + second] == [14, 15, 0, 1]
    assert packetizer.continuity_counter == 2


def test_packet_count_does_not_advance_the_counter() -> None:
    packetizer = SectionPacketizer(0x12)
    sections_ = [_section(n) for n in (30, 176, 500, 12)]
    count = packetizer.packet_count(sections_)
    assert packetizer.continuity_counter == 0
    assert count == len(packetizer.packetize(sections_)) == 4  # 718 bytes + 4 pointers


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="min_start_room"):
        SectionPacketizer(0x12, min_start_room=0)
    with pytest.raises(ValueError, match="PID"):
        SectionPacketizer(0x1FFF)
    with pytest.raises(EncodeError):
        SectionPacketizer(0x12).packetize([b"\x00\x00"])


def test_accepts_section_objects() -> None:
    section = Section(table_id=0, payload=bytes.fromhex("0001e100"), table_id_extension=1)
    [packet] = SectionPacketizer(0).packetize([section])
    assert packet[5 : 5 + 16] == section.encode()


@given(
    st.lists(sections(max_payload=600), max_size=12),
    st.integers(1, 183),
    st.booleans(),
    st.integers(0, 15),
)
def test_packets_reassemble_to_the_same_sections(
    items: list[Section], room: int, one_per_packet: bool, cc: int
) -> None:
    packetizer = SectionPacketizer(
        0x12, min_start_room=room, one_section_per_packet=one_per_packet, continuity_counter=cc
    )
    packets = packetizer.packetize(items)
    assert all(len(p) == PACKET_SIZE for p in packets)
    assert [p[3] & 0x0F for p in packets] == [(cc + i) % 16 for i in range(len(packets))]
    assert list(sections_from_packets(packets, 0x12)) == items
    starts = _starts(packets, [len(item.encode()) for item in items])
    assert len(starts) == len(items)
    assert all(184 - offset >= room for _, offset in starts)
    if one_per_packet:
        assert all(offset == 1 for _, offset in starts)
    assert packetizer.packet_count(items) == len(packets)


def test_pes_packetizer() -> None:
    header = PESHeader(stream_id=0xE0, pts=900_000, dts=896_400)
    pes = header.encode() + bytes(range(256)) * 2
    packetizer = PESPacketizer(0x100, continuity_counter=15)
    packets = packetizer.packetize(pes, pcr=27_000_000 * 10, random_access=True)
    decoded = [TSPacket.decode(p) for p in packets]
    assert b"".join(p.payload for p in decoded) == pes
    assert [p.payload_unit_start_indicator for p in decoded] == [True, False, False]
    assert [p.continuity_counter for p in decoded] == [15, 0, 1]
    assert [len(p.payload) for p in decoded] == [176, 184, 171]  # 8 bytes of PCR field
    first = decoded[0].adaptation
    assert first is not None
    assert first.pcr == 270_000_000
    assert first.random_access_indicator
    assert read_timestamps(packets[0]) == (900_000, 896_400)
    plain = PESPacketizer(0x101).packetize(pes)
    assert TSPacket.decode(plain[0]).adaptation is None
    assert len(plain[0]) == 188


@given(st.binary(min_size=1, max_size=2000), st.booleans())
def test_pes_payload_survives(pes: bytes, with_pcr: bool) -> None:
    packets = PESPacketizer(0x44).packetize(pes, pcr=1 if with_pcr else None)
    decoded = [TSPacket.decode(p) for p in packets]
    assert b"".join(p.payload for p in decoded) == pes
    assert [p.payload_unit_start_indicator for p in decoded] == [
        i == 0 for i in range(len(packets))
    ]
    assert [p.continuity_counter for p in decoded] == [i % 16 for i in range(len(packets))]
