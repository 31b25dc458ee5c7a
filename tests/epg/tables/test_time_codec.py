"""MJD/BCD time codec (EN 300 468 Annex C): vectors from dvb-si.md A.3 and round trips."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from epg.errors import TableDecodeError, TableEncodeError
from epg.tables._time_codec import (
    decode_bcd_hhmm,
    decode_duration,
    decode_utc,
    encode_bcd_hhmm,
    encode_duration,
    encode_utc,
)
from tests.strategies.tables import durations, utc_times


@pytest.mark.parametrize(
    ("when", "wire"),
    [
        (datetime(2026, 3, 2, 9, 0, tzinfo=UTC), "eead090000"),
        (datetime(2026, 3, 2, 9, 50, tzinfo=UTC), "eead095000"),
        (datetime(2026, 10, 25, 1, 0, tzinfo=UTC), "ef9a010000"),
        (None, "ffffffffff"),
    ],
)
def test_utc_vectors(when: datetime | None, wire: str) -> None:
    assert encode_utc(when).hex() == wire
    assert decode_utc(bytes.fromhex(wire)) == when


@pytest.mark.parametrize(
    ("duration", "wire"),
    [
        (timedelta(hours=1), "010000"),
        (timedelta(minutes=45), "004500"),
        (timedelta(minutes=90), "013000"),
        (timedelta(hours=99, minutes=59, seconds=59), "995959"),
    ],
)
def test_duration_vectors(duration: timedelta, wire: str) -> None:
    assert encode_duration(duration).hex() == wire
    assert decode_duration(bytes.fromhex(wire)) == duration


@given(utc_times)
def test_utc_round_trip(when: datetime) -> None:
    assert decode_utc(encode_utc(when)) == when


@given(durations)
def test_duration_round_trip(duration: timedelta) -> None:
    assert decode_duration(encode_duration(duration)) == duration


@given(st.integers(0, 99 * 60 + 59))
def test_hhmm_round_trip(minutes: int) -> None:
    offset = timedelta(minutes=minutes)
    assert decode_bcd_hhmm(encode_bcd_hhmm(offset)) == offset


@pytest.mark.parametrize(
    "bad",
    [
        datetime(2026, 3, 2, 9, 0),  # naive
        datetime(2026, 3, 2, 9, 0, 0, 500, tzinfo=UTC),  # fraction of a second
        datetime(1800, 1, 1, tzinfo=UTC),  # before the MJD epoch
    ],
)
def test_bad_utc_is_an_encode_error(bad: datetime) -> None:
    with pytest.raises(TableEncodeError):
        encode_utc(bad)


@pytest.mark.parametrize("bad", [timedelta(hours=100), timedelta(seconds=-1)])
def test_bad_duration_is_an_encode_error(bad: timedelta) -> None:
    with pytest.raises(TableEncodeError):
        encode_duration(bad)


@pytest.mark.parametrize("wire", ["eead0a0000", "eead246000", "eead00005a", "eead"])
def test_bad_utc_bytes_are_a_decode_error(wire: str) -> None:
    with pytest.raises(TableDecodeError):
        decode_utc(bytes.fromhex(wire))


@given(st.binary(min_size=5, max_size=5))
def test_any_five_bytes_decode_or_raise_one_error(data: bytes) -> None:
    with contextlib.suppress(TableDecodeError):
        decode_utc(data)
