"""Station-local time: stored instants are UTC; people see them in the station's IANA zone
(default Asia/Almaty) with the offset written out, never hard-coded (Kazakhstan moved to
UTC+05:00 on 2024-03-01, so the offset comes from tzdata)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo


@lru_cache(maxsize=16)
def zone(name: str) -> ZoneInfo:
    """The ZoneInfo for an IANA name (cached; construction reads tzdata)."""
    return ZoneInfo(name)


def local_to_utc(day: date, at: time, zone_name: str) -> datetime:
    """The UTC instant of wall-clock `at` on `day` in the zone."""
    return datetime.combine(day, at, tzinfo=zone(zone_name)).astimezone(UTC)


def to_local(instant: datetime, zone_name: str) -> datetime:
    """`instant` (aware) as station-local time, keeping the offset."""
    return instant.astimezone(zone(zone_name))


def iso_local(instant: datetime, zone_name: str) -> str:
    """ISO 8601 with an explicit offset, e.g. 2026-11-23T10:00:00+05:00."""
    return to_local(instant, zone_name).isoformat(timespec="seconds")
