"""188-byte transport packets: header, adaptation field, payload (ISO/IEC 13818-1 §2.4.3.2-5).

Models hold what a packet *means*; everything the packet size implies is computed. There is no
``adaptation_field_control``, no ``adaptation_field_length`` and no stuffing on the models:
`TSPacket.encode` picks the control bits from what is present (payload only ``01``, adaptation
only ``10``, both ``11``) and fills the adaptation field with 0xFF stuffing so the packet is
exactly 188 bytes (§2.4.3.5: stuffing bytes in the adaptation field are 0xFF and discarded by the
decoder). A packet with an empty payload is an adaptation-only packet, which does not advance the
continuity counter (§2.4.3.3). An adaptation field with no flag and no field set is pure
stuffing, so it is the same packet as ``adaptation=None`` and is normalised to it.

The functions at the end (`read_pcr`, `rewrite_pcr`, `payload_offset`, ...) work in place on
raw packet bytes for the playout's per-packet path, where building a model would cost too much.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from mpegts.clock import PCR_WRAP, pcr_from_base_ext, pcr_to_base_ext, wrap_pcr
from mpegts.errors import (
    EncodeError,
    LengthError,
    PacketError,
    SyncError,
    TruncatedError,
)

__all__ = [
    "HEADER_SIZE",
    "MAX_PAYLOAD_SIZE",
    "PACKET_SIZE",
    "SYNC_BYTE",
    "AdaptationField",
    "TSPacket",
    "iter_packets",
    "null_packet",
    "payload_offset",
    "read_pcr",
    "rewrite_pcr",
]

PACKET_SIZE = 188
SYNC_BYTE = 0x47
HEADER_SIZE = 4
MAX_PAYLOAD_SIZE = PACKET_SIZE - HEADER_SIZE
NULL_PID = 0x1FFF

_PCR_SIZE = 6
_PCR_FLAG = 0x10
_OPCR_FLAG = 0x08
_SPLICE_FLAG = 0x04
_PRIVATE_FLAG = 0x02
_EXTENSION_FLAG = 0x01


def _encode_pcr(pcr: int, what: str) -> bytes:
    if not 0 <= pcr < PCR_WRAP:
        raise EncodeError(f"{what}: {pcr} is outside [0, 2**33 * 300)")
    base, ext = pcr_to_base_ext(pcr)
    # 33-bit base, 6 reserved bits (1s), 9-bit extension (§2.4.3.5).
    return ((base << 15) | (0x3F << 9) | ext).to_bytes(_PCR_SIZE, "big")


def _decode_pcr(data: bytes | bytearray | memoryview, offset: int) -> int:
    value = int.from_bytes(data[offset : offset + _PCR_SIZE], "big")
    return pcr_from_base_ext(value >> 15, value & 0x1FF)


@dataclass(frozen=True, slots=True, kw_only=True)
class AdaptationField:
    """The adaptation field (§2.4.3.4) without its length and stuffing.

    ``pcr`` and ``opcr`` are 27 MHz values (base * 300 + extension). ``splice_countdown`` is the
    signed 8-bit count of packets to a splice point. ``transport_private_data`` and
    ``extension`` are kept as raw bytes (the extension without its length byte: flags, ltw,
    piecewise_rate, seamless_splice), so they re-encode byte for byte.
    """

    discontinuity_indicator: bool = False
    random_access_indicator: bool = False
    elementary_stream_priority_indicator: bool = False
    pcr: int | None = None
    opcr: int | None = None
    splice_countdown: int | None = None
    transport_private_data: bytes | None = None
    extension: bytes | None = None

    @property
    def is_empty(self) -> bool:
        """No flag and no field: an adaptation field that is only stuffing."""
        return self == _EMPTY_ADAPTATION

    def _body(self) -> bytes:
        """Flags byte and optional fields, without length byte and stuffing."""
        flags = (
            self.discontinuity_indicator << 7
            | self.random_access_indicator << 6
            | self.elementary_stream_priority_indicator << 5
        )
        fields = bytearray()
        if self.pcr is not None:
            flags |= _PCR_FLAG
            fields += _encode_pcr(self.pcr, "pcr")
        if self.opcr is not None:
            flags |= _OPCR_FLAG
            fields += _encode_pcr(self.opcr, "opcr")
        if self.splice_countdown is not None:
            if not -128 <= self.splice_countdown <= 127:
                raise EncodeError(f"splice_countdown {self.splice_countdown} is not 8-bit signed")
            flags |= _SPLICE_FLAG
            fields.append(self.splice_countdown & 0xFF)
        if self.transport_private_data is not None:
            flags |= _PRIVATE_FLAG
            fields.append(_length_byte(self.transport_private_data, "transport_private_data"))
            fields += self.transport_private_data
        if self.extension is not None:
            flags |= _EXTENSION_FLAG
            fields.append(_length_byte(self.extension, "adaptation_field_extension"))
            fields += self.extension
        return bytes([flags]) + fields

    @property
    def minimum_size(self) -> int:
        """Bytes the field needs in a packet, length byte included (1 for pure stuffing)."""
        return 1 if self.is_empty else 1 + len(self._body())

    def encode(self, size: int) -> bytes:
        """The field as exactly `size` bytes (length byte, flags, fields, 0xFF stuffing)."""
        if size < 1 or size > MAX_PAYLOAD_SIZE:
            raise EncodeError(f"adaptation field size {size} is outside [1, {MAX_PAYLOAD_SIZE}]")
        if size == 1:
            if not self.is_empty:
                raise EncodeError("an adaptation field with content needs more than 1 byte")
            return b"\x00"
        body = self._body()
        if 1 + len(body) > size:
            raise EncodeError(f"adaptation field needs {1 + len(body)} bytes, only {size} left")
        return bytes([size - 1]) + body + b"\xff" * (size - 1 - len(body))

    @classmethod
    def decode(cls, data: bytes | bytearray | memoryview) -> AdaptationField:
        """Decode from the bytes after adaptation_field_length (exactly that many bytes)."""
        if not data:
            return _EMPTY_ADAPTATION
        flags = data[0]
        reader = _FieldReader(data, 1)
        pcr = _decode_pcr(data, reader.take(_PCR_SIZE, "PCR")) if flags & _PCR_FLAG else None
        opcr = _decode_pcr(data, reader.take(_PCR_SIZE, "OPCR")) if flags & _OPCR_FLAG else None
        splice = None
        if flags & _SPLICE_FLAG:
            raw = data[reader.take(1, "splice_countdown")]
            splice = raw - 256 if raw > 127 else raw
        private = reader.prefixed("transport_private_data") if flags & _PRIVATE_FLAG else None
        extension = None
        if flags & _EXTENSION_FLAG:
            extension = reader.prefixed("adaptation_field_extension")
        return cls(
            discontinuity_indicator=bool(flags & 0x80),
            random_access_indicator=bool(flags & 0x40),
            elementary_stream_priority_indicator=bool(flags & 0x20),
            pcr=pcr,
            opcr=opcr,
            splice_countdown=splice,
            transport_private_data=private,
            extension=extension,
        )


_EMPTY_ADAPTATION = AdaptationField()


def _length_byte(data: bytes, what: str) -> int:
    if len(data) > 0xFF:
        raise EncodeError(f"{what}: {len(data)} bytes do not fit an 8-bit length")
    return len(data)


class _FieldReader:
    """Cursor over an adaptation field body; running past its end is a LengthError."""

    __slots__ = ("_data", "_pos")

    def __init__(self, data: bytes | bytearray | memoryview, pos: int) -> None:
        self._data = data
        self._pos = pos

    def take(self, count: int, what: str) -> int:
        start = self._pos
        if start + count > len(self._data):
            raise LengthError(f"{what} runs past adaptation_field_length ({len(self._data)} bytes)")
        self._pos = start + count
        return start

    def prefixed(self, what: str) -> bytes:
        length = self._data[self.take(1, f"{what}_length")]
        start = self.take(length, what)
        return bytes(self._data[start : start + length])


@dataclass(frozen=True, slots=True, kw_only=True)
class TSPacket:
    """One transport packet (§2.4.3.2). An empty payload makes an adaptation-only packet."""

    pid: int
    payload: bytes = b""
    payload_unit_start_indicator: bool = False
    transport_error_indicator: bool = False
    transport_priority: bool = False
    transport_scrambling_control: int = 0
    continuity_counter: int = 0
    adaptation: AdaptationField | None = None

    def __post_init__(self) -> None:
        if self.adaptation is not None and self.adaptation.is_empty:
            object.__setattr__(self, "adaptation", None)

    @property
    def has_payload(self) -> bool:
        return bool(self.payload)

    def _header(self, control: int) -> bytes:
        if not 0 <= self.pid <= NULL_PID:
            raise EncodeError(f"PID {self.pid} is not 13-bit")
        if not 0 <= self.transport_scrambling_control <= 3:
            raise EncodeError(f"transport_scrambling_control {self.transport_scrambling_control}")
        if not 0 <= self.continuity_counter <= 15:
            raise EncodeError(f"continuity_counter {self.continuity_counter} is not 4-bit")
        word = (
            SYNC_BYTE << 24
            | self.transport_error_indicator << 23
            | self.payload_unit_start_indicator << 22
            | self.transport_priority << 21
            | self.pid << 8
            | self.transport_scrambling_control << 6
            | control << 4
            | self.continuity_counter
        )
        return word.to_bytes(HEADER_SIZE, "big")

    def encode(self) -> bytes:
        """Exactly 188 bytes; the adaptation field absorbs whatever the payload leaves."""
        room = MAX_PAYLOAD_SIZE - len(self.payload)
        if room < 0:
            raise EncodeError(f"payload of {len(self.payload)} bytes exceeds {MAX_PAYLOAD_SIZE}")
        if room == 0 and self.adaptation is None:
            return self._header(0b01) + self.payload
        adaptation = self.adaptation or _EMPTY_ADAPTATION
        control = 0b11 if self.payload else 0b10
        return self._header(control) + adaptation.encode(room) + self.payload

    @classmethod
    def decode(cls, data: bytes | bytearray | memoryview) -> TSPacket:
        """Decode one packet of exactly 188 bytes.

        A packet with adaptation_field_control 00 is a `PacketError` (§2.4.3.3: decoders discard
        it); a wrong sync byte a `SyncError`; a short buffer a `TruncatedError`.
        """
        _check_size(data)
        header = int.from_bytes(data[:HEADER_SIZE], "big")
        control = (header >> 4) & 0b11
        if control == 0:
            raise PacketError("adaptation_field_control 00 is reserved: packet discarded")
        adaptation = None
        start = HEADER_SIZE
        if control & 0b10:
            length = data[HEADER_SIZE]
            limit = MAX_PAYLOAD_SIZE - 1 if control == 0b10 else MAX_PAYLOAD_SIZE - 2
            if length > limit:
                raise LengthError(f"adaptation_field_length {length} exceeds {limit}")
            adaptation = AdaptationField.decode(data[HEADER_SIZE + 1 : HEADER_SIZE + 1 + length])
            start = HEADER_SIZE + 1 + length
        return cls(
            pid=(header >> 8) & NULL_PID,
            payload=bytes(data[start:PACKET_SIZE]) if control & 0b01 else b"",
            payload_unit_start_indicator=bool(header & 0x400000),
            transport_error_indicator=bool(header & 0x800000),
            transport_priority=bool(header & 0x200000),
            transport_scrambling_control=(header >> 6) & 0b11,
            continuity_counter=header & 0x0F,
            adaptation=adaptation,
        )


def _check_size(data: bytes | bytearray | memoryview) -> None:
    if len(data) < PACKET_SIZE:
        raise TruncatedError(f"a TS packet is {PACKET_SIZE} bytes, got {len(data)}")
    if len(data) > PACKET_SIZE:
        raise LengthError(f"a TS packet is {PACKET_SIZE} bytes, got {len(data)}")
    if data[0] != SYNC_BYTE:
        raise SyncError(f"sync byte is 0x{data[0]:02X}, not 0x47")


_NULL_PACKET = TSPacket(pid=NULL_PID, payload=b"\xff" * MAX_PAYLOAD_SIZE).encode()


def null_packet() -> bytes:
    """A null packet (PID 0x1FFF, payload only, 0xFF payload; its CC is ignored, §2.4.3.3)."""
    return _NULL_PACKET


def iter_packets(data: bytes | bytearray | memoryview) -> Iterator[memoryview]:
    """188-byte views of `data`, which must be a whole number of aligned packets."""
    if len(data) % PACKET_SIZE:
        raise LengthError(f"{len(data)} bytes is not a whole number of {PACKET_SIZE}-byte packets")
    view = memoryview(data)
    for start in range(0, len(data), PACKET_SIZE):
        yield view[start : start + PACKET_SIZE]


def payload_offset(packet: bytes | bytearray | memoryview) -> int:
    """Offset of the payload in a raw packet (188 if it has none), with sanity checks."""
    _check_size(packet)
    control = (packet[3] >> 4) & 0b11
    if control == 0:
        raise PacketError("adaptation_field_control 00 is reserved: packet discarded")
    if not control & 0b01:
        return PACKET_SIZE
    if control == 0b01:
        return HEADER_SIZE
    length = packet[HEADER_SIZE]
    if length > MAX_PAYLOAD_SIZE - 2:
        raise LengthError(f"adaptation_field_length {length} leaves no payload")
    return HEADER_SIZE + 1 + length


def _pcr_offset(packet: bytes | bytearray | memoryview) -> int | None:
    _check_size(packet)
    if not packet[3] & 0x20 or packet[HEADER_SIZE] < 1 + _PCR_SIZE:
        return None
    if not packet[HEADER_SIZE + 1] & _PCR_FLAG:
        return None
    return HEADER_SIZE + 2


def read_pcr(packet: bytes | bytearray | memoryview) -> int | None:
    """The PCR (27 MHz) of a raw packet, or None if it carries none."""
    offset = _pcr_offset(packet)
    return None if offset is None else _decode_pcr(packet, offset)


def rewrite_pcr(packet: bytearray | memoryview, pcr: int) -> None:
    """Overwrite the PCR of a raw packet in place (`pcr` is wrapped to the on-wire range).

    The playout restamps every PCR from the output position (ARCHITECTURE.md decision 2); a
    packet without a PCR field is a `PacketError`, since adding one would change the layout.
    """
    offset = _pcr_offset(packet)
    if offset is None:
        raise PacketError("packet carries no PCR field to rewrite")
    packet[offset : offset + _PCR_SIZE] = _encode_pcr(wrap_pcr(pcr), "pcr")
