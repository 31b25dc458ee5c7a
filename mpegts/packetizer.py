"""Sections and PES packets into 188-byte transport packets (ISO/IEC 13818-1 §2.4.3, §2.4.4.2).

Sections: a packet in which a section starts has payload_unit_start_indicator = 1 and a
pointer_field giving the bytes of the previous section still in it; several sections may share a
packet; after the last one the packet is filled with 0xFF (§2.4.4.2, "stuffing bytes").

We pack for the receivers in the field, not only for the standard (reference/dvb-si.md, "Sections
in 188-byte TS packets", measured): GStreamer 1.22 loses a section that starts in the last few
bytes of a packet, so a section never starts with fewer than ``min_start_room`` (default 8) bytes
left; the packet is stuffed instead. With ``one_section_per_packet=True`` every section starts a
fresh packet (pointer_field 0), the layout ffmpeg writes and the weakest decoders need. The cost
of either choice shows up in `packet_count`, which the SI carousel uses for its bitrate budget.

The continuity_counter is owned by the packetizer: it advances by one per packet (every packet
here carries payload) and carries on across calls.
"""

from __future__ import annotations

from collections.abc import Iterable

from mpegts.errors import EncodeError
from mpegts.packet import MAX_PAYLOAD_SIZE, AdaptationField, TSPacket
from mpegts.section import Section

__all__ = ["PESPacketizer", "SectionPacketizer"]

_STUFFING = 0xFF


class _PacketBuilder:
    """The section packet being filled: payload bytes and where the first section starts."""

    __slots__ = ("data", "pointer")

    def __init__(self, *, starts_section: bool) -> None:
        self.data = bytearray()
        self.pointer: int | None = 0 if starts_section else None

    def room(self) -> int:
        """Bytes still free for section data if a section were to start now: one byte goes to
        the pointer_field, already there or added by the start."""
        return MAX_PAYLOAD_SIZE - len(self.data) - 1

    def capacity(self) -> int:
        """Bytes still free for continuing the current section."""
        return MAX_PAYLOAD_SIZE - len(self.data) - (self.pointer is not None)

    def payload(self) -> bytes:
        head = b"" if self.pointer is None else bytes([self.pointer])
        body = head + self.data
        return bytes(body) + bytes([_STUFFING]) * (MAX_PAYLOAD_SIZE - len(body))


class SectionPacketizer:
    """Packs whole sections (encoded bytes or `Section`s) of one PID into TS packets."""

    def __init__(
        self,
        pid: int,
        *,
        min_start_room: int = 8,
        one_section_per_packet: bool = False,
        continuity_counter: int = 0,
    ) -> None:
        if not 1 <= min_start_room <= MAX_PAYLOAD_SIZE - 1:
            raise ValueError(f"min_start_room {min_start_room} is outside [1, 183]")
        if not 0 <= continuity_counter <= 15:
            raise ValueError(f"continuity_counter {continuity_counter} is not 4-bit")
        if not 0 <= pid <= 0x1FFE:
            raise ValueError(f"PID {pid} cannot carry sections")
        self.pid = pid
        self.min_start_room = min_start_room
        self.one_section_per_packet = one_section_per_packet
        self.continuity_counter = continuity_counter

    def packetize(self, sections: Iterable[bytes | Section]) -> list[bytes]:
        """188-byte packets carrying `sections` in order; the last packet is 0xFF-stuffed."""
        payloads = self._layout(sections)
        packets = []
        for builder in payloads:
            packet = TSPacket(
                pid=self.pid,
                payload=builder.payload(),
                payload_unit_start_indicator=builder.pointer is not None,
                continuity_counter=self.continuity_counter,
            )
            packets.append(packet.encode())
            self.continuity_counter = (self.continuity_counter + 1) % 16
        return packets

    def packet_count(self, sections: Iterable[bytes | Section]) -> int:
        """How many packets `packetize` would emit, stuffing included, without emitting them."""
        return len(self._layout(sections))

    def _can_join(self, current: _PacketBuilder) -> bool:
        return not self.one_section_per_packet and current.room() >= self.min_start_room

    def _layout(self, sections: Iterable[bytes | Section]) -> list[_PacketBuilder]:
        done: list[_PacketBuilder] = []
        current: _PacketBuilder | None = None
        for section in sections:
            data = section.encode() if isinstance(section, Section) else bytes(section)
            if len(data) < 3:
                raise EncodeError(f"a section is at least 3 bytes, got {len(data)}")
            if current is not None and self._can_join(current):
                if current.pointer is None:
                    current.pointer = len(current.data)
            else:
                if current is not None:
                    done.append(current)
                current = _PacketBuilder(starts_section=True)
            current = self._write(data, current, done)
        if current is not None:
            done.append(current)
        return done

    @staticmethod
    def _write(data: bytes, current: _PacketBuilder, done: list[_PacketBuilder]) -> _PacketBuilder:
        """Append one section, opening continuation packets as it overflows."""
        position = 0
        while True:
            take = current.capacity()
            current.data += data[position : position + take]
            position += take
            if position >= len(data):
                return current
            done.append(current)
            current = _PacketBuilder(starts_section=False)


class PESPacketizer:
    """Splits whole PES packets of one PID into TS packets (§2.4.3.6).

    The first packet of each PES has payload_unit_start_indicator = 1 and may carry a PCR and
    the random_access_indicator in its adaptation field; the last packet is padded with
    adaptation-field stuffing (never payload stuffing, which would corrupt the PES).
    """

    def __init__(self, pid: int, *, continuity_counter: int = 0) -> None:
        if not 0 <= continuity_counter <= 15:
            raise ValueError(f"continuity_counter {continuity_counter} is not 4-bit")
        self.pid = pid
        self.continuity_counter = continuity_counter

    def packetize(
        self,
        pes: bytes,
        *,
        pcr: int | None = None,
        random_access: bool = False,
        discontinuity: bool = False,
    ) -> list[bytes]:
        """TS packets for one PES packet, in order."""
        if not pes:
            raise EncodeError("an empty PES packet cannot be packetized")
        first = AdaptationField(
            pcr=pcr, random_access_indicator=random_access, discontinuity_indicator=discontinuity
        )
        packets = []
        position = 0
        adaptation: AdaptationField | None = None if first.is_empty else first
        while position < len(pes):
            head_room = 0 if adaptation is None else adaptation.minimum_size
            chunk = pes[position : position + MAX_PAYLOAD_SIZE - head_room]
            packet = TSPacket(
                pid=self.pid,
                payload=chunk,
                payload_unit_start_indicator=position == 0,
                continuity_counter=self.continuity_counter,
                adaptation=adaptation,
            )
            packets.append(packet.encode())
            self.continuity_counter = (self.continuity_counter + 1) % 16
            position += len(chunk)
            adaptation = None
        return packets
