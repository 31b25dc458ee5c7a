"""BitReader / BitWriter: the paired field codecs every table is built from."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mpegts.bits import BitReader, BitWriter
from mpegts.errors import EncodeError, TruncatedError


def test_fields_pack_msb_first() -> None:
    writer = BitWriter()
    writer.write_uint(3, 0b101)
    writer.write_bool(True)
    writer.write_reserved(4)
    writer.write_uint(12, 0xABC)
    writer.write_uint(4, 0x1)
    assert writer.getvalue() == bytes([0b1011_1111, 0xAB, 0xC1])
    assert len(writer) == 3


def test_reader_reads_back_and_skips_reserved_whatever_their_value() -> None:
    reader = BitReader(bytes([0b1010_0000, 0xAB, 0xC1]))
    assert reader.read_uint(3) == 0b101
    assert reader.read_bool() is False
    reader.read_reserved(4)
    assert reader.read_uint(12) == 0xABC
    assert reader.remaining_bits == 4
    assert reader.read_uint(4) == 1
    assert reader.at_end()


def test_value_too_wide_is_an_encode_error() -> None:
    with pytest.raises(EncodeError, match="version_number"):
        BitWriter().write_uint(5, 32, "version_number")
    with pytest.raises(EncodeError):
        BitWriter().write_uint(8, -1)


def test_leftover_bits_and_unaligned_bytes_are_encode_errors() -> None:
    writer = BitWriter()
    writer.write_uint(3, 1)
    with pytest.raises(EncodeError):
        writer.getvalue()
    with pytest.raises(EncodeError):
        writer.write_bytes(b"x")


def test_reading_past_the_end_is_truncated_not_index_error() -> None:
    reader = BitReader(b"\x01")
    with pytest.raises(TruncatedError, match="section_length"):
        reader.read_uint(12, "section_length")
    with pytest.raises(TruncatedError):
        BitReader(b"ab").read_bytes(3)
    with pytest.raises(TruncatedError):
        BitReader(b"").read_reserved(1)


def test_unaligned_byte_read_is_refused() -> None:
    reader = BitReader(b"\xff\xff")
    reader.read_uint(1)
    with pytest.raises(TruncatedError, match="aligned"):
        reader.read_bytes(1)


def test_read_reader_bounds_a_loop() -> None:
    reader = BitReader(b"\x02abc")
    loop = reader.read_reader(reader.read_uint(8))
    assert loop.read_rest() == b"ab"
    assert reader.read_rest() == b"c"


FIELDS = st.lists(
    st.integers(1, 40).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, (1 << n) - 1))),
    max_size=30,
)


@given(FIELDS, st.binary(max_size=20))
def test_read_mirrors_write(fields: list[tuple[int, int]], tail: bytes) -> None:
    writer = BitWriter()
    for bits, value in fields:
        writer.write_uint(bits, value)
    spare = -sum(bits for bits, _ in fields) % 8
    writer.write_reserved(spare) if spare else None
    writer.write_bytes(tail)
    reader = BitReader(writer.getvalue())
    assert [reader.read_uint(bits) for bits, _ in fields] == [v for _, v in fields]
    reader.read_reserved(spare)
    assert reader.read_rest() == tail
    assert reader.at_end()
