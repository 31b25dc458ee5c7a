"""Field codecs shared by descriptor families, each a read/write mirror pair over mpegts.bits.

* ISO 639 language / ISO 3166 country codes: 24 bits, kept as a 3-character ``str``. The bytes
  are mapped one-to-one with Latin-1, so even a malformed code off the air ("\\x00\\x00\\x00")
  decodes and re-encodes unchanged.
* DVB strings (EN 300 468 Annex A) with an 8-bit length prefix, or filling the rest of the
  payload: decoded best effort (:func:`epg.text.decode_dvb_text` never raises), encoded in the
  smallest exact table (:func:`epg.text.encode_dvb_text`).
* BCD numbers (delivery descriptors, EN 300 468 §6.2.13), nibble by nibble.
* MJD + BCD UTC times and BCD hh mm offsets (Annex C): reader/writer adapters over
  :mod:`epg._mjd_bcd`, the codec the tables use too.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from epg._mjd_bcd import decode_bcd_hhmm, decode_utc, encode_bcd_hhmm, encode_utc
from epg.errors import DescriptorDecodeError, DescriptorEncodeError
from epg.text import decode_dvb_text, encode_dvb_text
from mpegts.bits import BitReader, BitWriter

__all__ = [
    "read_bcd",
    "read_bcd_hhmm",
    "read_code",
    "read_rest_text",
    "read_text",
    "read_utc",
    "wire_units",
    "write_bcd",
    "write_bcd_hhmm",
    "write_code",
    "write_rest_text",
    "write_text",
    "write_utc",
]


def read_code(reader: BitReader, what: str = "ISO_639_language_code") -> str:
    """A 3-byte language/country code."""
    return reader.read_bytes(3, what).decode("latin-1")


def write_code(writer: BitWriter, code: str, what: str = "ISO_639_language_code") -> None:
    try:
        data = code.encode("latin-1")
    except UnicodeEncodeError as exc:
        raise DescriptorEncodeError(f"{what} {code!r} is not 3 Latin-1 characters") from exc
    if len(data) != 3:
        raise DescriptorEncodeError(f"{what} {code!r} must be exactly 3 characters")
    writer.write_bytes(data, what)


def read_text(reader: BitReader, what: str) -> str:
    """A DVB string preceded by its 8-bit length."""
    length = reader.read_uint(8, f"{what} length")
    return decode_dvb_text(reader.read_bytes(length, what))


def encode_text(text: str, what: str, limit: int = 255) -> bytes:
    """A DVB string's bytes, which must fit in `limit` bytes."""
    data = encode_dvb_text(text)
    if len(data) > limit:
        raise DescriptorEncodeError(f"{what}: {len(data)} bytes encoded, at most {limit} fit")
    return data


def write_text(writer: BitWriter, text: str, what: str) -> None:
    data = encode_text(text, what)
    writer.write_uint(8, len(data), f"{what} length")
    writer.write_bytes(data, what)


def read_rest_text(reader: BitReader) -> str:
    """A DVB string filling the rest of the payload (no length byte, e.g. network_name)."""
    return decode_dvb_text(reader.read_rest())


def write_rest_text(writer: BitWriter, text: str, what: str) -> None:
    writer.write_bytes(encode_text(text, what), what)


def wire_units(value: int, unit: int, what: str) -> int:
    """`value` (Hz, symbols/s) in the wire's unit (10 Hz, 100 symbols/s...), which it must fill
    a whole number of times: encoding never rounds a frequency."""
    count, rest = divmod(value, unit)
    if rest:
        raise DescriptorEncodeError(f"{what}: {value} is not a multiple of {unit}")
    return count


def read_bcd(reader: BitReader, digits: int, what: str) -> int:
    """An unsigned number of `digits` BCD digits (4 bits each)."""
    value = 0
    for _ in range(digits):
        digit = reader.read_uint(4, what)
        if digit > 9:
            raise DescriptorDecodeError(f"{what}: nibble 0x{digit:X} is not a BCD digit")
        value = value * 10 + digit
    return value


def write_bcd(writer: BitWriter, digits: int, value: int, what: str) -> None:
    if not 0 <= value < 10**digits:
        raise DescriptorEncodeError(f"{what}: {value} does not fit in {digits} BCD digits")
    for char in f"{value:0{digits}d}":
        writer.write_uint(4, int(char), what)


def read_bcd_hhmm(reader: BitReader, what: str) -> timedelta:
    """16-bit BCD hours and minutes (local_time_offset, EN 300 468 §6.2.20)."""
    return decode_bcd_hhmm(reader.read_bytes(2, what), DescriptorDecodeError, what)


def write_bcd_hhmm(writer: BitWriter, offset: timedelta, what: str) -> None:
    """`offset` must be a non-negative whole number of minutes below 100 hours."""
    writer.write_bytes(encode_bcd_hhmm(offset, DescriptorEncodeError, what), what)


def read_utc(reader: BitReader, what: str) -> datetime:
    """40-bit UTC: 16-bit MJD then hh mm ss in BCD (EN 300 468 Annex C); must be defined."""
    when = decode_utc(reader.read_bytes(5, what), DescriptorDecodeError, what)
    if when is None:
        raise DescriptorDecodeError(f"{what}: undefined (all ones)")
    return when


def write_utc(writer: BitWriter, when: datetime, what: str) -> None:
    """An aware datetime with whole seconds, within the 16-bit MJD range."""
    writer.write_bytes(encode_utc(when, DescriptorEncodeError, what), what)
