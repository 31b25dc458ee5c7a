"""UTC times, durations and offsets as DVB SI writes them: 16-bit MJD plus BCD (EN 300 468 Annex C).

The one implementation of these wire forms; tables (TDT, TOT, EIT) and descriptors
(local_time_offset_descriptor) both use it. Each form is an encode/decode pair, so an encoder
cannot drift from its decoder:

* `encode_utc` / `decode_utc`: 40 bits, MJD (days since 1858-11-17) then hh mm ss in BCD. All 40
  bits set means "undefined" (NVOD reference events, EN 300 468 §5.2.4), modelled as ``None``.
* `encode_duration` / `decode_duration`: 24 bits, hh mm ss in BCD (hours up to 99).
* `encode_bcd_hhmm` / `decode_bcd_hhmm`: 16 bits, the local_time_offset form (EN 300 468 §6.2.20).

Times are aware `datetime`s with whole seconds; anything else is an encode error rather than a
silent truncation, because EIT times must be exactly what the schedule says. Each function takes
the error class to raise, so a table reports a :class:`~epg.errors.TableDecodeError` and a
descriptor a :class:`~epg.errors.DescriptorDecodeError` for the same bad bytes; `what` names the
field in the message.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from mpegts.errors import DecodeError, EncodeError

__all__ = [
    "MJD_EPOCH",
    "UNDEFINED_UTC",
    "decode_bcd_hhmm",
    "decode_duration",
    "decode_utc",
    "encode_bcd_hhmm",
    "encode_duration",
    "encode_utc",
]

MJD_EPOCH = datetime(1858, 11, 17, tzinfo=UTC)
UNDEFINED_UTC = b"\xff" * 5
_MAX_MJD = 0xFFFF
_BCD_HOURS_LIMIT = 100 * 3600  # two BCD digits of hours


def _bcd_byte(value: int) -> int:
    return ((value // 10) << 4) | (value % 10)


def _from_bcd_byte(byte: int, error: type[DecodeError], what: str) -> int:
    high, low = byte >> 4, byte & 0x0F
    if high > 9 or low > 9:
        raise error(f"{what}: 0x{byte:02X} is not BCD")
    return high * 10 + low


def _hms_bcd(total_seconds: int) -> bytes:
    hours, rest = divmod(total_seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return bytes((_bcd_byte(hours), _bcd_byte(minutes), _bcd_byte(seconds)))


def _hms_from_bcd(data: bytes, error: type[DecodeError], what: str) -> tuple[int, int, int]:
    hours, minutes, seconds = (_from_bcd_byte(byte, error, what) for byte in data)
    if minutes > 59 or seconds > 59:
        raise error(f"{what}: {hours:02d}:{minutes:02d}:{seconds:02d} is not a time")
    return hours, minutes, seconds


def _exact(
    data: bytes | bytearray | memoryview, size: int, error: type[DecodeError], what: str
) -> bytes:
    raw = bytes(data)
    if len(raw) != size:
        raise error(f"{what} needs {size} bytes, got {len(raw)}")
    return raw


def encode_utc(when: datetime | None, error: type[EncodeError], what: str = "UTC time") -> bytes:
    """40-bit MJD + BCD UTC; ``None`` is the all-ones "undefined" value."""
    if when is None:
        return UNDEFINED_UTC
    if when.tzinfo is None:
        raise error(f"{what}: {when} is naive; SI times are UTC and must be aware")
    delta = when - MJD_EPOCH
    if delta.microseconds:
        raise error(f"{what}: {when} has fractions of a second")
    if not 0 <= delta.days <= _MAX_MJD:
        raise error(f"{what}: {when} is outside the 16-bit MJD range")
    return delta.days.to_bytes(2, "big") + _hms_bcd(delta.seconds)


def decode_utc(
    data: bytes | bytearray | memoryview, error: type[DecodeError], what: str = "UTC time"
) -> datetime | None:
    """Inverse of `encode_utc` (5 bytes)."""
    raw = _exact(data, 5, error, what)
    if raw == UNDEFINED_UTC:
        return None
    hours, minutes, seconds = _hms_from_bcd(raw[2:], error, what)
    if hours > 23:
        raise error(f"{what}: hour {hours} is out of range")
    days = int.from_bytes(raw[:2], "big")
    return MJD_EPOCH + timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)


def encode_duration(duration: timedelta, error: type[EncodeError], what: str = "duration") -> bytes:
    """24-bit BCD hh mm ss (0 to 99:59:59, whole seconds)."""
    if duration.microseconds or duration < timedelta(0):
        raise error(f"{what}: {duration} is negative or has fractions of a second")
    total = duration.days * 86400 + duration.seconds
    if total >= _BCD_HOURS_LIMIT:
        raise error(f"{what}: {duration} does not fit in BCD hh:mm:ss")
    return _hms_bcd(total)


def decode_duration(
    data: bytes | bytearray | memoryview, error: type[DecodeError], what: str = "duration"
) -> timedelta:
    """Inverse of `encode_duration` (3 bytes)."""
    hours, minutes, seconds = _hms_from_bcd(_exact(data, 3, error, what), error, what)
    return timedelta(hours=hours, minutes=minutes, seconds=seconds)


def encode_bcd_hhmm(offset: timedelta, error: type[EncodeError], what: str = "hh:mm") -> bytes:
    """16-bit BCD hh mm of a non-negative offset in whole minutes (up to 99:59)."""
    total = offset.days * 86400 + offset.seconds
    if offset.microseconds or total < 0 or total % 60 or total >= _BCD_HOURS_LIMIT:
        raise error(f"{what}: {offset} is not whole minutes in 00:00..99:59")
    hours, minutes = divmod(total // 60, 60)
    return bytes((_bcd_byte(hours), _bcd_byte(minutes)))


def decode_bcd_hhmm(
    data: bytes | bytearray | memoryview, error: type[DecodeError], what: str = "hh:mm"
) -> timedelta:
    """Inverse of `encode_bcd_hhmm` (2 bytes)."""
    raw = _exact(data, 2, error, what)
    hours, minutes = (_from_bcd_byte(byte, error, what) for byte in raw)
    if minutes > 59:
        raise error(f"{what}: minute {minutes} is out of range")
    return timedelta(hours=hours, minutes=minutes)
