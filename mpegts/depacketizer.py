"""Transport packets back into sections (ISO/IEC 13818-1 §2.4.4.1-2), robust to real streams.

A `SectionAssembler` follows one PID packet by packet: a section may span packets, several may
share one, its header may straddle two, 0xFF after a section is stuffing to the end of the packet,
and the pointer_field of a packet that starts a section says where the previous one ends.

What a broadcast really delivers is handled and *reported*, never raised: each bad thing becomes a
`SectionFault` in the output, in stream order with the good sections, and the assembler carries
on. Packets flagged by transport_error_indicator or scrambled are skipped (`PacketError`); a
continuity_counter jump drops the partial section (`ContinuityError`, §2.4.3.3: one duplicate
packet is allowed and ignored, adaptation-only packets do not advance the counter, a set
discontinuity_indicator excuses the jump); a bad CRC is a `CRCError`; a pointer_field past the
payload or a section_length over the table's limit a `LengthError`; a section cut short by the
next section's start a `TruncatedError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from mpegts.errors import (
    ContinuityError,
    DecodeError,
    EncodeError,
    LengthError,
    PacketError,
    TruncatedError,
)
from mpegts.packet import PACKET_SIZE, SYNC_BYTE, TSPacket
from mpegts.section import HEADER_SIZE, Section, max_section_size, section_size

__all__ = ["RawPacket", "SectionAssembler", "SectionFault", "sections_from_packets"]

RawPacket = TSPacket | bytes | bytearray | memoryview

_STUFFING = 0xFF
_PRIVATE_TABLE_FIRST = 0x80
_PRIVATE_SECTION_LIMIT = 4096


@dataclass(frozen=True, slots=True, kw_only=True)
class SectionFault:
    """Something that could not become a section: where, why, and the bytes concerned.

    ``packet_index`` counts every packet fed to the assembler (from 0), so when a whole stream is
    fed it is the packet's position in the stream. ``raw`` is the section bytes (or the packet,
    for packet-level faults).
    """

    pid: int
    packet_index: int
    error: DecodeError
    raw: bytes


def _size_limit(table_id: int) -> int:
    if table_id >= _PRIVATE_TABLE_FIRST:
        return _PRIVATE_SECTION_LIMIT
    return max_section_size(table_id)


class SectionAssembler:
    """Reassembles the sections of one PID from its packets (other PIDs are ignored)."""

    def __init__(self, pid: int, *, check_crc: bool = True) -> None:
        self.pid = pid
        self.check_crc = check_crc
        self._index = -1
        self._partial: bytearray | None = None
        self._last: TSPacket | None = None
        self._duplicate_seen = False
        self._out: list[Section | SectionFault] = []
        self._raw = b""

    def feed(self, packet: RawPacket) -> list[Section | SectionFault]:
        """Sections completed and faults found in this packet, in stream order."""
        self._index += 1
        self._out = []
        parsed = self._parse(packet)
        if parsed is not None and parsed.pid == self.pid and self._usable(parsed):
            self._assemble(parsed)
        return self._out

    def flush(self) -> list[Section | SectionFault]:
        """At the end of the stream: a section still incomplete is reported as truncated."""
        self._out = []
        self._drop(TruncatedError("stream ended inside a section"))
        return self._out

    def _fault(self, error: DecodeError, raw: bytes | bytearray) -> None:
        self._out.append(
            SectionFault(pid=self.pid, packet_index=self._index, error=error, raw=bytes(raw))
        )

    def _drop(self, error: DecodeError) -> None:
        if self._partial is not None:
            self._fault(error, self._partial)
            self._partial = None

    def _parse(self, packet: RawPacket) -> TSPacket | None:
        if isinstance(packet, TSPacket):
            self._raw = b""
            return packet
        self._raw = bytes(packet)
        aligned = len(packet) == PACKET_SIZE and packet[0] == SYNC_BYTE
        if aligned and ((packet[1] & 0x1F) << 8 | packet[2]) != self.pid:
            return None
        try:
            return TSPacket.decode(packet)
        except DecodeError as error:
            self._drop(error)
            self._fault(error, bytes(packet))
            self._last = None
            return None

    def _packet_bytes(self, packet: TSPacket) -> bytes:
        """The packet as fed (bytes kept as they came; a model re-encoded if it can be)."""
        if self._raw:
            return self._raw
        try:
            return packet.encode()
        except EncodeError:
            return b""

    def _usable(self, packet: TSPacket) -> bool:
        """Reject flagged and scrambled packets; check the continuity counter."""
        if packet.transport_error_indicator or packet.transport_scrambling_control:
            what = "transport_error_indicator" if packet.transport_error_indicator else "scrambled"
            error = PacketError(f"packet skipped: {what}")
            self._drop(error)
            self._fault(error, self._packet_bytes(packet))
            self._last = None
            return False
        if not packet.payload:
            return False
        return self._continuity(packet)

    def _continuity(self, packet: TSPacket) -> bool:
        last, self._last = self._last, packet
        excused = packet.adaptation is not None and packet.adaptation.discontinuity_indicator
        expected = None if last is None else (last.continuity_counter + 1) & 15
        if last is None or excused or packet.continuity_counter == expected:
            self._duplicate_seen = False
            return True
        if packet == last:
            if self._duplicate_seen:
                self._fault(ContinuityError("packet repeated more than once: ignored"), b"")
            self._duplicate_seen = True
            return False
        self._drop(
            ContinuityError(
                f"PID 0x{self.pid:04X}: continuity_counter {last.continuity_counter} -> "
                f"{packet.continuity_counter}, partial section dropped"
            )
        )
        self._duplicate_seen = False
        return True

    def _assemble(self, packet: TSPacket) -> None:
        payload = packet.payload
        if not packet.payload_unit_start_indicator:
            if self._partial is not None:
                self._continue(payload, ended=False)
            return
        pointer = payload[0]
        if 1 + pointer > len(payload):
            error = LengthError(
                f"pointer_field {pointer} points past the {len(payload)}-byte payload"
            )
            self._drop(error)
            self._fault(error, self._packet_bytes(packet))
            return
        if self._partial is not None:
            self._continue(payload[1 : 1 + pointer], ended=True)
        self._start(payload, 1 + pointer)

    def _expected(self) -> int | None:
        """Size of the partial section once its header is in; None until then or if invalid."""
        assert self._partial is not None
        if len(self._partial) < HEADER_SIZE:
            return None
        size = section_size(self._partial)
        limit = _size_limit(self._partial[0])
        if size > limit:
            self._drop(LengthError(f"section of {size} bytes exceeds the {limit}-byte limit"))
            return None
        return size

    def _continue(self, chunk: bytes, *, ended: bool) -> None:
        assert self._partial is not None
        self._partial += chunk
        size = self._expected()
        if self._partial is None:
            return
        if size is not None and len(self._partial) >= size:
            raw, self._partial = bytes(self._partial[:size]), None
            self._emit(raw)
        elif ended:
            self._drop(TruncatedError("section cut short: the pointer_field starts the next one"))

    def _start(self, payload: bytes, position: int) -> None:
        while position < len(payload) and payload[position] != _STUFFING:
            rest = payload[position:]
            self._partial = bytearray(rest)
            size = self._expected()
            if size is None or len(rest) < size:
                return
            self._partial = None
            self._emit(rest[:size])
            position += size

    def _emit(self, raw: bytes) -> None:
        try:
            self._out.append(Section.decode(raw, check_crc=self.check_crc))
        except DecodeError as error:
            self._fault(error, raw)


def sections_from_packets(
    packets: Iterable[RawPacket], pid: int, *, check_crc: bool = True
) -> Iterator[Section | SectionFault]:
    """Every section (and fault) of `pid` in `packets`, in order, then a truncated tail if any."""
    assembler = SectionAssembler(pid, check_crc=check_crc)
    for packet in packets:
        yield from assembler.feed(packet)
    yield from assembler.flush()
