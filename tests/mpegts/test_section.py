"""Section framing: lengths and CRC computed on encode, checked on decode."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mpegts.crc32 import crc32_mpeg2
from mpegts.errors import CRCError, DecodeError, EncodeError, LengthError, TruncatedError
from mpegts.section import Section, max_section_size, section_size
from tests.mpegts.assertions import assert_codec
from tests.mpegts.conftest import TABLES
from tests.strategies.mpegts import sections

PAT_BYTES = bytes.fromhex("00b00d0001c10000") + bytes.fromhex("0001e100")


def _with_crc(data: bytes) -> bytes:
    return data + crc32_mpeg2(data).to_bytes(4, "big")


def test_long_form_example() -> None:
    raw = _with_crc(PAT_BYTES)
    section = Section(
        table_id=0,
        payload=bytes.fromhex("0001e100"),
        private_indicator=False,
        table_id_extension=1,
        version_number=0,
        current_next_indicator=True,
    )
    assert_codec(Section, raw, section)
    assert section_size(raw) == len(raw) == 16


def test_short_form_tdt_has_no_crc_and_tot_has_one() -> None:
    tdt = Section(table_id=0x70, payload=bytes(5), section_syntax_indicator=False)
    assert tdt.encode() == bytes.fromhex("707005") + bytes(5)  # ssi 0, private 1
    tot = Section(table_id=0x73, payload=bytes(7), section_syntax_indicator=False)
    encoded = tot.encode()
    assert len(encoded) == 3 + 7 + 4
    assert crc32_mpeg2(encoded) == 0
    assert Section.decode(encoded) == tot


def test_size_limits() -> None:
    assert max_section_size(0x4E) == max_section_size(0x6F) == 4096
    assert max_section_size(0x00) == max_section_size(0x42) == max_section_size(0x70) == 1024
    Section(table_id=0x42, payload=bytes(1024 - 12)).encode()
    with pytest.raises(EncodeError, match="1024"):
        Section(table_id=0x42, payload=bytes(1024 - 11)).encode()
    assert len(Section(table_id=0x50, payload=bytes(4096 - 12)).encode()) == 4096


def test_field_out_of_range_is_encode_error() -> None:
    with pytest.raises(EncodeError, match="version_number"):
        Section(table_id=0x42, payload=b"", version_number=32).encode()


def test_bad_crc_is_reported() -> None:
    raw = bytearray(_with_crc(PAT_BYTES))
    raw[-1] ^= 1
    with pytest.raises(CRCError):
        Section.decode(raw)
    assert Section.decode(raw, check_crc=False).payload == bytes.fromhex("0001e100")


def test_truncated_and_short_length() -> None:
    raw = _with_crc(PAT_BYTES)
    with pytest.raises(TruncatedError):
        Section.decode(raw[:-1])
    with pytest.raises(TruncatedError):
        Section.decode(raw[:2])
    # section_length 4 cannot hold the 5 long-form header bytes and a CRC.
    with pytest.raises(LengthError):
        Section.decode(bytes.fromhex("00b004") + bytes(4))


def test_trailing_bytes_are_ignored() -> None:
    raw = _with_crc(PAT_BYTES)
    assert Section.decode(raw + b"\xff\xff") == Section.decode(raw)


def test_every_real_section_round_trips(raw_tables: dict[str, bytes]) -> None:
    manifest = json.loads((TABLES / "manifest.tables.json").read_text())["tables"]
    for name, data in raw_tables.items():
        section = Section.decode(data)
        expected = next(v for k, v in manifest.items() if k.endswith("/" + name))
        assert section.table_id == int(str(expected["tableId"]), 0), name
        assert 3 + int(expected["sectionLength"]) == len(data), name
        if "versionNumber" in expected["expected"]:
            assert section.version_number == expected["expected"]["versionNumber"], name
        assert section.encode() == data, name


@given(sections())
def test_decode_encode_round_trip(section: Section) -> None:
    encoded = section.encode()
    assert section_size(encoded) == len(encoded)
    assert Section.decode(encoded) == section


@given(sections(), st.data())
def test_any_corruption_or_cut_is_one_typed_error(section: Section, data: st.DataObject) -> None:
    encoded = bytearray(section.encode())
    cut = data.draw(st.integers(0, len(encoded) - 1))
    with pytest.raises(DecodeError):
        Section.decode(encoded[:cut])
    if section.has_crc:
        position = data.draw(st.integers(3, len(encoded) - 1))
        encoded[position] ^= data.draw(st.integers(1, 255))
        with pytest.raises(CRCError):
            Section.decode(encoded)


@given(st.binary(max_size=300))
def test_fuzz_random_bytes(data: bytes) -> None:
    try:
        section = Section.decode(data)
    except DecodeError:
        return
    assert section.table_id == data[0]
