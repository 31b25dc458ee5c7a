"""CRC-32/MPEG-2: the golden check value and agreement with the textbook bitwise definition."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mpegts.crc32 import crc32_mpeg2


def _bitwise(data: bytes) -> int:
    """ISO/IEC 13818-1 Annex A, one bit at a time: poly 0x04C11DB7, init all ones, no xorout."""
    register = 0xFFFFFFFF
    for byte in data:
        register ^= byte << 24
        for _ in range(8):
            carry = register & 0x80000000
            register = (register << 1) & 0xFFFFFFFF
            if carry:
                register ^= 0x04C11DB7
    return register


def test_check_value() -> None:
    assert crc32_mpeg2(b"123456789") == 0x0376E6E7


def test_empty_input_is_the_initial_register() -> None:
    assert crc32_mpeg2(b"") == 0xFFFFFFFF


def test_every_real_section_with_a_crc_checks_to_zero(raw_tables: dict[str, bytes]) -> None:
    checked = [name for name, data in raw_tables.items() if not name.startswith("TDT")]
    assert len(checked) == 36
    assert all(crc32_mpeg2(raw_tables[name]) == 0 for name in checked)


@given(st.binary(max_size=300))
def test_matches_the_bitwise_definition(data: bytes) -> None:
    assert crc32_mpeg2(data) == _bitwise(data)
    assert crc32_mpeg2(bytearray(data)) == crc32_mpeg2(memoryview(data))


@given(st.binary(max_size=300))
def test_appending_the_crc_gives_zero(data: bytes) -> None:
    assert crc32_mpeg2(data + crc32_mpeg2(data).to_bytes(4, "big")) == 0
