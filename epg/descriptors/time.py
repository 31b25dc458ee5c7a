"""local_time_offset_descriptor (EN 300 468 §6.2.20), carried by the TOT.

Each 13-byte entry: ``country_code(24) country_region_id(6) reserved(1)
local_time_offset_polarity(1) local_time_offset(16, BCD hhmm) time_of_change(40, MJD + BCD UTC)
next_time_offset(16, BCD hhmm)``. The model keeps the offsets as signed ``timedelta``s (UTC+05:00
is +5 h; polarity 1 means behind UTC); one polarity bit covers both offsets, so they must not
have opposite signs. Kazakhstan: "KAZ", region 0, +05:00 with no DST (next offset = offset).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Self

from epg.descriptors._fields import (
    read_bcd_hhmm,
    read_code,
    read_utc,
    write_bcd_hhmm,
    write_code,
    write_utc,
)
from epg.descriptors.base import Descriptor
from epg.descriptors.registry import descriptor
from epg.errors import DescriptorEncodeError
from mpegts.bits import BitReader, BitWriter

__all__ = ["LocalTimeOffset", "LocalTimeOffsetDescriptor"]


@dataclass(frozen=True, slots=True, kw_only=True)
class LocalTimeOffset:
    """One country (region)'s offset from UTC, and the offset after the next change."""

    country_code: str
    country_region_id: int = 0
    local_time_offset: timedelta
    time_of_change: datetime
    next_time_offset: timedelta

    @classmethod
    def read(cls, reader: BitReader) -> Self:
        country_code = read_code(reader, "country_code")
        region = reader.read_uint(6, "country_region_id")
        reader.read_reserved(1)
        sign = -1 if reader.read_bool("local_time_offset_polarity") else 1
        offset = read_bcd_hhmm(reader, "local_time_offset")
        time_of_change = read_utc(reader, "time_of_change")
        next_offset = read_bcd_hhmm(reader, "next_time_offset")
        return cls(
            country_code=country_code,
            country_region_id=region,
            local_time_offset=sign * offset,
            time_of_change=time_of_change,
            next_time_offset=sign * next_offset,
        )

    def write(self, writer: BitWriter) -> None:
        negative = self.local_time_offset < timedelta(0) or self.next_time_offset < timedelta(0)
        if negative and (
            self.local_time_offset > timedelta(0) or self.next_time_offset > timedelta(0)
        ):
            raise DescriptorEncodeError(
                f"{self.country_code}: one polarity bit cannot hold offsets of opposite signs "
                f"({self.local_time_offset}, {self.next_time_offset})"
            )
        write_code(writer, self.country_code, "country_code")
        writer.write_uint(6, self.country_region_id, "country_region_id")
        writer.write_reserved(1)
        writer.write_bool(negative, "local_time_offset_polarity")
        write_bcd_hhmm(writer, abs(self.local_time_offset), "local_time_offset")
        write_utc(writer, self.time_of_change, "time_of_change")
        write_bcd_hhmm(writer, abs(self.next_time_offset), "next_time_offset")


@descriptor(tag=0x58)
@dataclass(frozen=True, slots=True, kw_only=True)
class LocalTimeOffsetDescriptor(Descriptor):
    """local_time_offset_descriptor (EN 300 468 §6.2.20): local time for each country/region."""

    offsets: tuple[LocalTimeOffset, ...]

    @classmethod
    def _read(cls, reader: BitReader) -> Self:
        offsets = []
        while not reader.at_end():
            offsets.append(LocalTimeOffset.read(reader))
        return cls(offsets=tuple(offsets))

    def _write(self, writer: BitWriter) -> None:
        for offset in self.offsets:
            offset.write(writer)
