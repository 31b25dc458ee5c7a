"""PES packet headers (ISO/IEC 13818-1 §2.4.3.6, §2.4.3.7): read them and restamp PTS/DTS in place.

The playout splices pre-encoded renditions by moving every PTS and DTS by one offset
(ARCHITECTURE.md decision 1), so the hot operation is `rewrite_timestamps` on the bytes of the
packet that starts a PES: it touches the 5-byte fields and nothing else, writing the '0010' /
'0011' / '0001' prefixes and the three marker bits as the standard requires. `PESHeader` is the
full model (for the encoder's index, the analyser and tests); fields we never interpret (ESCR,
ES_rate, trick mode, CRC, extension, stuffing) are kept as raw bytes so a header re-encodes
byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass

from mpegts.clock import PTS_WRAP, wrap_pts
from mpegts.errors import DecodeError, EncodeError, LengthError, TruncatedError
from mpegts.packet import PACKET_SIZE, SYNC_BYTE, payload_offset

__all__ = [
    "START_CODE_PREFIX",
    "PESHeader",
    "has_optional_header",
    "read_timestamps",
    "rewrite_timestamps",
    "shift_timestamps",
]

START_CODE_PREFIX = b"\x00\x00\x01"
_BASE_SIZE = 6
_OPTIONAL_BASE_SIZE = 9
_STAMP_SIZE = 5
_PTS_ONLY, _PTS_AND_DTS = 0b10, 0b11
# §2.4.3.7: these stream_ids have no optional PES header (PES_packet_length is followed by data).
_NO_OPTIONAL_HEADER = frozenset({0xBC, 0xBE, 0xBF, 0xF0, 0xF1, 0xF2, 0xF8, 0xFF})


def has_optional_header(stream_id: int) -> bool:
    """Whether PES packets of `stream_id` carry the flags and PTS/DTS part of the header."""
    return stream_id not in _NO_OPTIONAL_HEADER


def _encode_stamp(prefix: int, value: int) -> bytes:
    """Prefix nibble, value[32..30], marker, value[29..15], marker, value[14..0], marker."""
    return (
        prefix << 36
        | ((value >> 30) & 0x7) << 33
        | 1 << 32
        | ((value >> 15) & 0x7FFF) << 17
        | 1 << 16
        | (value & 0x7FFF) << 1
        | 1
    ).to_bytes(_STAMP_SIZE, "big")


def _decode_stamp(data: bytes | bytearray | memoryview, offset: int) -> int:
    """The 33-bit value of a 5-byte stamp; marker bits are not checked (receivers tolerate)."""
    raw = int.from_bytes(data[offset : offset + _STAMP_SIZE], "big")
    return ((raw >> 33) & 0x7) << 30 | ((raw >> 17) & 0x7FFF) << 15 | (raw >> 1) & 0x7FFF


def _check_stamp(value: int | None, what: str) -> None:
    if value is not None and not 0 <= value < PTS_WRAP:
        raise EncodeError(f"{what} {value} is not a 33-bit value")


@dataclass(frozen=True, slots=True, kw_only=True)
class PESHeader:
    """A PES packet header. ``pes_packet_length`` is the wire value: 0 means unbounded (video).

    ``other_flags`` are the six low bits of the second flags byte (ESCR, ES_rate, DSM trick mode,
    additional copy info, PES_CRC, PES_extension) and ``optional_fields`` the header bytes after
    PTS/DTS (the fields those flags announce, then stuffing), both raw.
    """

    stream_id: int
    pes_packet_length: int = 0
    pts: int | None = None
    dts: int | None = None
    scrambling_control: int = 0
    priority: bool = False
    data_alignment_indicator: bool = False
    copyright: bool = False
    original_or_copy: bool = False
    other_flags: int = 0
    optional_fields: bytes = b""

    @property
    def header_length(self) -> int:
        """Bytes from the start code to the first elementary-stream byte."""
        if not has_optional_header(self.stream_id):
            return _BASE_SIZE
        stamps = (self.pts is not None) + (self.dts is not None)
        return _OPTIONAL_BASE_SIZE + _STAMP_SIZE * stamps + len(self.optional_fields)

    def _optional_header(self) -> bytes:
        _check_stamp(self.pts, "PTS")
        _check_stamp(self.dts, "DTS")
        if self.dts is not None and self.pts is None:
            raise EncodeError("a DTS needs a PTS (PTS_DTS_flags 01 is forbidden)")
        if not 0 <= self.scrambling_control <= 3 or not 0 <= self.other_flags <= 0x3F:
            raise EncodeError("PES_scrambling_control is 2 bits, other_flags 6 bits")
        stamps = b""
        flags = 0
        if self.pts is not None and self.dts is not None:
            flags = _PTS_AND_DTS
            stamps = _encode_stamp(0b0011, self.pts) + _encode_stamp(0b0001, self.dts)
        elif self.pts is not None:
            flags = _PTS_ONLY
            stamps = _encode_stamp(0b0010, self.pts)
        data_length = len(stamps) + len(self.optional_fields)
        if data_length > 0xFF:
            raise EncodeError(f"PES_header_data_length {data_length} exceeds 255")
        first = (
            0b10 << 6
            | self.scrambling_control << 4
            | self.priority << 3
            | self.data_alignment_indicator << 2
            | self.copyright << 1
            | self.original_or_copy
        )
        return bytes([first, flags << 6 | self.other_flags, data_length]) + stamps

    def encode(self) -> bytes:
        """The header bytes (start code to the last stuffing byte)."""
        if not 0 <= self.stream_id <= 0xFF or not 0 <= self.pes_packet_length <= 0xFFFF:
            raise EncodeError("stream_id is 8 bits, PES_packet_length 16 bits")
        head = START_CODE_PREFIX + bytes([self.stream_id]) + self.pes_packet_length.to_bytes(2)
        if not has_optional_header(self.stream_id):
            return head
        return head + self._optional_header() + self.optional_fields

    @classmethod
    def decode(cls, data: bytes | bytearray | memoryview) -> PESHeader:
        """Decode the header at the start of `data` (a PES packet, or the payload of the TS
        packet that starts one); the elementary-stream bytes after it are ignored."""
        _check_start(data)
        stream_id = data[3]
        length = int.from_bytes(data[4:6], "big")
        if not has_optional_header(stream_id):
            return cls(stream_id=stream_id, pes_packet_length=length)
        flags, end = _stamp_layout(data)
        pts = _decode_stamp(data, _OPTIONAL_BASE_SIZE) if flags & _PTS_ONLY else None
        dts = _decode_stamp(data, _OPTIONAL_BASE_SIZE + _STAMP_SIZE) if flags == 3 else None
        first = data[6]
        return cls(
            stream_id=stream_id,
            pes_packet_length=length,
            pts=pts,
            dts=dts,
            scrambling_control=(first >> 4) & 0b11,
            priority=bool(first & 0x08),
            data_alignment_indicator=bool(first & 0x04),
            copyright=bool(first & 0x02),
            original_or_copy=bool(first & 0x01),
            other_flags=data[7] & 0x3F,
            optional_fields=bytes(data[end : _OPTIONAL_BASE_SIZE + data[8]]),
        )


def _check_start(data: bytes | bytearray | memoryview) -> None:
    if len(data) < _BASE_SIZE:
        raise TruncatedError(f"a PES header needs {_BASE_SIZE} bytes, got {len(data)}")
    if bytes(data[:3]) != START_CODE_PREFIX:
        raise DecodeError(f"no PES start code: {bytes(data[:3]).hex()}")


def _stamp_layout(
    data: bytes | bytearray | memoryview, *, whole_header: bool = True
) -> tuple[int, int]:
    """PTS_DTS_flags and the offset just after the stamps, checking they fit the header.

    Restamping needs only the stamps present: a PES header can run on past the first TS packet
    (long stuffing behind a big adaptation field), so `whole_header=False` does not ask for it.
    """
    if len(data) < _OPTIONAL_BASE_SIZE:
        raise TruncatedError(f"an optional PES header needs 9 bytes, got {len(data)}")
    flags = data[7] >> 6
    if flags == 0b01:
        raise DecodeError("PTS_DTS_flags 01 is forbidden")
    header_length = _OPTIONAL_BASE_SIZE + data[8]
    end = _OPTIONAL_BASE_SIZE + _STAMP_SIZE * {0: 0, _PTS_ONLY: 1, _PTS_AND_DTS: 2}[flags]
    if end > header_length:
        raise LengthError(f"PES_header_data_length {data[8]} cannot hold the PTS/DTS it flags")
    needed = header_length if whole_header else end
    if len(data) < needed:
        raise TruncatedError(f"PES header needs {needed} bytes here, got {len(data)}")
    return flags, end


def _pes_view(buffer: bytes | bytearray | memoryview) -> memoryview:
    """The PES bytes of `buffer`: itself, or the payload of a raw TS packet that starts a PES."""
    view = memoryview(buffer)
    if len(view) == PACKET_SIZE and view[0] == SYNC_BYTE:
        if not view[1] & 0x40:
            raise DecodeError("packet does not start a PES (payload_unit_start_indicator 0)")
        return view[payload_offset(view) :]
    return view


def read_timestamps(buffer: bytes | bytearray | memoryview) -> tuple[int | None, int | None]:
    """(PTS, DTS) of the PES that starts `buffer` (PES bytes or a raw TS packet); None if absent."""
    view = _pes_view(buffer)
    _check_start(view)
    if not has_optional_header(view[3]):
        return None, None
    flags, _ = _stamp_layout(view, whole_header=False)
    pts = _decode_stamp(view, _OPTIONAL_BASE_SIZE) if flags & _PTS_ONLY else None
    dts = _decode_stamp(view, _OPTIONAL_BASE_SIZE + _STAMP_SIZE) if flags == 3 else None
    return pts, dts


def rewrite_timestamps(
    buffer: bytearray | memoryview, pts: int | None = None, dts: int | None = None
) -> None:
    """Overwrite PTS and/or DTS in place; None leaves that stamp as it is.

    `buffer` is a writable PES start or raw 188-byte TS packet. Values are wrapped to 33 bits, so
    unwrapped timeline values may be passed. A stamp the header does not carry cannot be added in
    place (it would move the payload), so asking for one is a `DecodeError`.
    """
    view = _pes_view(buffer)
    _check_start(view)
    optional = has_optional_header(view[3])
    flags, _ = _stamp_layout(view, whole_header=False) if optional else (0, 0)
    if pts is not None:
        if not flags & _PTS_ONLY:
            raise DecodeError("PES header has no PTS field to rewrite")
        prefix = 0b0011 if flags == _PTS_AND_DTS else 0b0010
        view[_OPTIONAL_BASE_SIZE : _OPTIONAL_BASE_SIZE + _STAMP_SIZE] = _encode_stamp(
            prefix, wrap_pts(pts)
        )
    if dts is not None:
        if flags != _PTS_AND_DTS:
            raise DecodeError("PES header has no DTS field to rewrite")
        start = _OPTIONAL_BASE_SIZE + _STAMP_SIZE
        view[start : start + _STAMP_SIZE] = _encode_stamp(0b0001, wrap_pts(dts))


def shift_timestamps(buffer: bytearray | memoryview, delta: int) -> tuple[int | None, int | None]:
    """Move every stamp of the PES start in `buffer` by `delta` ticks (wrapping); returns the
    new (PTS, DTS). The splicer's one-offset-per-splice restamp."""
    pts, dts = read_timestamps(buffer)
    new_pts = None if pts is None else wrap_pts(pts + delta)
    new_dts = None if dts is None else wrap_pts(dts + delta)
    rewrite_timestamps(buffer, new_pts, new_dts)
    return new_pts, new_dts
