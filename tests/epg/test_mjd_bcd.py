"""MJD/BCD time codec (EN 300 468 Annex C): vectors from dvb-si.md A.3 and round trips.

The codec raises the error class its caller names; tables pass the Table* errors, descriptors the
Descriptor* ones (both checked here).
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from epg._mjd_bcd import (
    decode_bcd_hhmm,
    decode_duration,
    decode_utc,
    encode_bcd_hhmm,
    encode_duration,
    encode_utc,
)
from epg.errors import (
    DescriptorDecodeError,
    DescriptorEncodeError,
    TableDecodeError,
    TableEncodeError,
)
from mpegts.errors import DecodeError, EncodeError
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
    assert encode_utc(when, TableEncodeError).hex() == wire
    assert decode_utc(bytes.fromhex(wire), TableDecodeError) == when


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
    assert encode_duration(duration, TableEncodeError).hex() == wire
    assert decode_duration(bytes.fromhex(wire), TableDecodeError) == duration


@given(utc_times)
def test_utc_round_trip(when: datetime) -> None:
    assert decode_utc(encode_utc(when, TableEncodeError), TableDecodeError) == when


@given(durations)
def test_duration_round_trip(duration: timedelta) -> None:
    assert (
        decode_duration(encode_duration(duration, TableEncodeError), TableDecodeError) == duration
    )


@given(st.integers(0, 99 * 60 + 59))
def test_hhmm_round_trip(minutes: int) -> None:
    offset = timedelta(minutes=minutes)
    assert decode_bcd_hhmm(encode_bcd_hhmm(offset, TableEncodeError), TableDecodeError) == offset


ERROR_FAMILIES = pytest.mark.parametrize(
    ("decode_error", "encode_error"),
    [(TableDecodeError, TableEncodeError), (DescriptorDecodeError, DescriptorEncodeError)],
)


@ERROR_FAMILIES
@pytest.mark.parametrize(
    "bad",
    [
        datetime(2026, 3, 2, 9, 0),  # naive
        datetime(2026, 3, 2, 9, 0, 0, 500, tzinfo=UTC),  # fraction of a second
        datetime(1800, 1, 1, tzinfo=UTC),  # before the MJD epoch
        datetime(2038, 4, 23, tzinfo=UTC),  # MJD 65536, past the 16-bit range
    ],
)
def test_bad_utc_is_the_callers_encode_error(
    bad: datetime, decode_error: type[DecodeError], encode_error: type[EncodeError]
) -> None:
    with pytest.raises(encode_error, match="start_time"):
        encode_utc(bad, encode_error, "start_time")


def test_last_mjd_day_is_encodable() -> None:
    last = datetime(2038, 4, 22, 23, 59, 59, tzinfo=UTC)
    assert encode_utc(last, TableEncodeError).hex() == "ffff235959"


@ERROR_FAMILIES
@pytest.mark.parametrize("bad", [timedelta(hours=100), timedelta(seconds=-1), timedelta(0, 1, 5)])
def test_bad_duration_is_the_callers_encode_error(
    bad: timedelta, decode_error: type[DecodeError], encode_error: type[EncodeError]
) -> None:
    with pytest.raises(encode_error):
        encode_duration(bad, encode_error)


@ERROR_FAMILIES
@pytest.mark.parametrize(
    "bad", [timedelta(hours=100), timedelta(minutes=-1), timedelta(seconds=30)]
)
def test_bad_hhmm_is_the_callers_encode_error(
    bad: timedelta, decode_error: type[DecodeError], encode_error: type[EncodeError]
) -> None:
    with pytest.raises(encode_error):
        encode_bcd_hhmm(bad, encode_error)


@ERROR_FAMILIES
@pytest.mark.parametrize("wire", ["eead0a0000", "eead246000", "eead00005a", "eead"])
def test_bad_utc_bytes_are_the_callers_decode_error(
    wire: str, decode_error: type[DecodeError], encode_error: type[EncodeError]
) -> None:
    with pytest.raises(decode_error):
        decode_utc(bytes.fromhex(wire), decode_error)


@ERROR_FAMILIES
@pytest.mark.parametrize("wire", ["0a00", "0060", "00", "000000"])
def test_bad_hhmm_bytes_are_the_callers_decode_error(
    wire: str, decode_error: type[DecodeError], encode_error: type[EncodeError]
) -> None:
    with pytest.raises(decode_error):
        decode_bcd_hhmm(bytes.fromhex(wire), decode_error)


@pytest.mark.parametrize(("offset", "wire"), [(timedelta(hours=5), "0500"), (timedelta(0), "0000")])
def test_hhmm_vectors(offset: timedelta, wire: str) -> None:
    assert encode_bcd_hhmm(offset, TableEncodeError).hex() == wire
    assert decode_bcd_hhmm(bytes.fromhex(wire), TableDecodeError) == offset


@given(st.binary(max_size=6))
def test_any_bytes_decode_or_raise_the_callers_error(data: bytes) -> None:
    for decode in (decode_utc, decode_duration, decode_bcd_hhmm):
        with contextlib.suppress(DescriptorDecodeError):
            decode(data, DescriptorDecodeError)
