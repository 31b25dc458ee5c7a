"""UTC times and durations as DVB SI writes them: 16-bit MJD plus 24-bit BCD (EN 300 468 Annex C).

Each wire form is a put/get pair, so an encoder cannot drift from its decoder:

* `encode_utc` / `decode_utc`: 40 bits, MJD (days since 1858-11-17) then hh mm ss in BCD. All 40
  bits set means "undefined" (NVOD reference events, EN 300 468 §5.2.4), modelled as ``None``.
* `encode_duration` / `decode_duration`: 24 bits, hh mm ss in BCD (hours up to 99).
* `encode_bcd_hhmm` / `decode_bcd_hhmm`: 16 bits, the local_time_offset form (EN 300 468 §6.2.20).

Times are aware UTC `datetime`s with whole seconds; anything else is an encode error rather than
a silent truncation, because EIT times must be exactly what the schedule says.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from epg.errors import TableDecodeError, TableEncodeError

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


def _bcd_byte(value: int) -> int:
    return ((value // 10) << 4) | (value % 10)


def _from_bcd_byte(byte: int, what: str) -> int:
    high, low = byte >> 4, byte & 0x0F
    if high > 9 or low > 9:
        raise TableDecodeError(f"{what}: 0x{byte:02X} is not BCD")
    return high * 10 + low


def _hms_bcd(total_seconds: int) -> bytes:
    hours, rest = divmod(total_seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return bytes((_bcd_byte(hours), _bcd_byte(minutes), _bcd_byte(seconds)))


def _hms_from_bcd(data: bytes, what: str) -> tuple[int, int, int]:
    hours = _from_bcd_byte(data[0], what)
    minutes = _from_bcd_byte(data[1], what)
    seconds = _from_bcd_byte(data[2], what)
    if minutes > 59 or seconds > 59:
        raise TableDecodeError(f"{what}: {hours:02d}:{minutes:02d}:{seconds:02d} is not a time")
    return hours, minutes, seconds


def encode_utc(when: datetime | None) -> bytes:
    """40-bit MJD + BCD UTC; ``None`` is the all-ones "undefined" value."""
    if when is None:
        return UNDEFINED_UTC
    if when.tzinfo is None:
        raise TableEncodeError(f"time {when} is naive: SI times are UTC and must be aware")
    delta = when - MJD_EPOCH
    if delta.microseconds:
        raise TableEncodeError(f"time {when} has fractions of a second")
    if not 0 <= delta.days <= _MAX_MJD:
        raise TableEncodeError(f"time {when} is outside the 16-bit MJD range")
    return delta.days.to_bytes(2, "big") + _hms_bcd(delta.seconds)


def decode_utc(data: bytes | bytearray | memoryview) -> datetime | None:
    """Inverse of `encode_utc` (5 bytes)."""
    raw = bytes(data)
    if len(raw) != 5:
        raise TableDecodeError(f"UTC time needs 5 bytes, got {len(raw)}")
    if raw == UNDEFINED_UTC:
        return None
    hours, minutes, seconds = _hms_from_bcd(raw[2:], "UTC time")
    if hours > 23:
        raise TableDecodeError(f"UTC time: hour {hours} is out of range")
    days = int.from_bytes(raw[:2], "big")
    return MJD_EPOCH + timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)


def encode_duration(duration: timedelta) -> bytes:
    """24-bit BCD hh mm ss (0 to 99:59:59, whole seconds)."""
    if duration.microseconds or duration < timedelta(0):
        raise TableEncodeError(f"duration {duration} is negative or has fractions of a second")
    total = duration.days * 86400 + duration.seconds
    if total >= 100 * 3600:
        raise TableEncodeError(f"duration {duration} does not fit in BCD hh:mm:ss")
    return _hms_bcd(total)


def decode_duration(data: bytes | bytearray | memoryview) -> timedelta:
    """Inverse of `encode_duration` (3 bytes)."""
    raw = bytes(data)
    if len(raw) != 3:
        raise TableDecodeError(f"duration needs 3 bytes, got {len(raw)}")
    hours, minutes, seconds = _hms_from_bcd(raw, "duration")
    return timedelta(hours=hours, minutes=minutes, seconds=seconds)


def encode_bcd_hhmm(offset: timedelta) -> bytes:
    """16-bit BCD hh mm of a non-negative offset in whole minutes (up to 99:59)."""
    total = offset.days * 86400 + offset.seconds
    if offset.microseconds or total < 0 or total % 60 or total >= 100 * 3600:
        raise TableEncodeError(f"offset {offset} is not whole minutes in 00:00..99:59")
    hours, minutes = divmod(total // 60, 60)
    return bytes((_bcd_byte(hours), _bcd_byte(minutes)))


def decode_bcd_hhmm(data: bytes | bytearray | memoryview) -> timedelta:
    """Inverse of `encode_bcd_hhmm` (2 bytes)."""
    raw = bytes(data)
    if len(raw) != 2:
        raise TableDecodeError(f"hh:mm needs 2 bytes, got {len(raw)}")
    hours = _from_bcd_byte(raw[0], "hh:mm")
    minutes = _from_bcd_byte(raw[1], "hh:mm")
    if minutes > 59:
        raise TableDecodeError(f"hh:mm: minute {minutes} is out of range")
    return timedelta(hours=hours, minutes=minutes)
