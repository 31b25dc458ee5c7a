"""Bit-level reading and writing, the one place where wire fields are packed and unpacked.

Every codec in mpegts and epg uses these two classes, so each `write_*` has a mirror `read_*` and
an encoder cannot drift from its decoder. Reserved bits are written as 1s and skipped on read, as
ISO/IEC 13818-1 §2.1 and EN 300 468 §5.1 ask ("reserved ... shall be set to 1"; receivers ignore
them). Readers never raise IndexError: running past the end is a `TruncatedError`.
"""

from __future__ import annotations

from typing import Self

from mpegts.errors import EncodeError, TruncatedError

__all__ = ["BitReader", "BitWriter"]


class BitReader:
    """Reads unsigned fields MSB-first from a byte string."""

    __slots__ = ("_bit", "_data", "_end_bit")

    def __init__(self, data: bytes | bytearray | memoryview) -> None:
        self._data = bytes(data)
        self._bit = 0
        self._end_bit = len(self._data) * 8

    @property
    def byte_position(self) -> int:
        """Offset of the next whole byte (the reader must be byte-aligned to ask)."""
        return self._bit // 8

    @property
    def remaining_bits(self) -> int:
        return self._end_bit - self._bit

    @property
    def remaining_bytes(self) -> int:
        return self.remaining_bits // 8

    def at_end(self) -> bool:
        return self._bit >= self._end_bit

    def _need(self, bits: int, what: str) -> None:
        if bits < 0:
            raise TruncatedError(f"{what}: negative length {bits}")
        if self._bit + bits > self._end_bit:
            raise TruncatedError(
                f"{what}: needs {bits} bits at bit {self._bit}, only {self.remaining_bits} left"
            )

    def read_uint(self, bits: int, what: str = "field") -> int:
        """Read an unsigned big-endian field of `bits` bits."""
        self._need(bits, what)
        start = self._bit
        first_byte, last_byte = start // 8, (start + bits + 7) // 8
        chunk = int.from_bytes(self._data[first_byte:last_byte], "big")
        tail = last_byte * 8 - (start + bits)
        self._bit = start + bits
        return (chunk >> tail) & ((1 << bits) - 1)

    def read_bool(self, what: str = "flag") -> bool:
        return self.read_uint(1, what) == 1

    def read_reserved(self, bits: int) -> None:
        """Skip reserved bits whatever their value (receivers must not depend on them)."""
        self._need(bits, "reserved")
        self._bit += bits

    def _require_aligned(self, what: str) -> None:
        if self._bit % 8:
            raise TruncatedError(f"{what}: reader is not byte-aligned (bit {self._bit})")

    def read_bytes(self, count: int, what: str = "bytes") -> bytes:
        self._require_aligned(what)
        self._need(count * 8, what)
        start = self._bit // 8
        self._bit += count * 8
        return self._data[start : start + count]

    def read_rest(self) -> bytes:
        """Every byte left (the reader must be byte-aligned)."""
        return self.read_bytes(self.remaining_bytes, "rest")

    def read_reader(self, count: int, what: str = "loop") -> Self:
        """A reader over the next `count` bytes, e.g. a descriptor loop with a length prefix."""
        return type(self)(self.read_bytes(count, what))


class BitWriter:
    """Writes unsigned fields MSB-first; `getvalue()` needs a whole number of bytes."""

    __slots__ = ("_acc", "_acc_bits", "_buf")

    def __init__(self) -> None:
        self._buf = bytearray()
        self._acc = 0
        self._acc_bits = 0

    def write_uint(self, bits: int, value: int, what: str = "field") -> None:
        """Write `value` in `bits` bits; a value that does not fit is an EncodeError."""
        if value < 0 or value >> bits:
            raise EncodeError(f"{what}: {value} does not fit in {bits} bits")
        if not self._acc_bits and not bits % 8:
            self._buf += value.to_bytes(bits // 8, "big")
            return
        self._acc = (self._acc << bits) | value
        self._acc_bits += bits
        if self._acc_bits >= 8:
            spare = self._acc_bits % 8
            self._buf += (self._acc >> spare).to_bytes(self._acc_bits // 8, "big")
            self._acc &= (1 << spare) - 1
            self._acc_bits = spare

    def write_bool(self, value: bool, what: str = "flag") -> None:
        self.write_uint(1, int(value), what)

    def write_reserved(self, bits: int) -> None:
        """Reserved bits, written as 1s."""
        self.write_uint(bits, (1 << bits) - 1, "reserved")

    def write_bytes(self, data: bytes | bytearray | memoryview, what: str = "bytes") -> None:
        if self._acc_bits:
            raise EncodeError(f"{what}: writer is not byte-aligned")
        self._buf += data

    def __len__(self) -> int:
        """Whole bytes written so far."""
        return len(self._buf)

    def getvalue(self) -> bytes:
        if self._acc_bits:
            raise EncodeError(f"{self._acc_bits} bits left over: fields do not fill whole bytes")
        return bytes(self._buf)
