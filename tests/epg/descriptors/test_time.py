"""local_time_offset_descriptor (TOT)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from epg.descriptors import LocalTimeOffset, LocalTimeOffsetDescriptor, to_dict
from mpegts.errors import EncodeError
from tests.epg.descriptors.assertions import assert_codec

KAZ = LocalTimeOffset(
    country_code="KAZ",
    local_time_offset=timedelta(hours=5),
    time_of_change=datetime(2026, 10, 25, 1, 0, tzinfo=UTC),
    next_time_offset=timedelta(hours=5),
)


def test_golden_kazakhstan_tot_descriptor() -> None:
    """dvb-si.md appendix: KAZ +05:00, change 2026-10-25 01:00:00, next +05:00."""
    data = bytes.fromhex("580d4b415a020500ef9a0100000500")
    assert_codec(LocalTimeOffsetDescriptor, data, LocalTimeOffsetDescriptor(offsets=(KAZ,)))
    exported = to_dict(LocalTimeOffsetDescriptor(offsets=(KAZ,)))["offsets"][0]
    assert exported["local_time_offset"] == 18000
    assert exported["time_of_change"] == "2026-10-25T01:00:00Z"


def test_negative_offset_sets_the_polarity_bit() -> None:
    newfoundland = LocalTimeOffset(
        country_code="CAN",
        country_region_id=0x3F,
        local_time_offset=-timedelta(hours=3, minutes=30),
        time_of_change=datetime(2026, 11, 1, 5, 30, 59, tzinfo=UTC),
        next_time_offset=-timedelta(hours=2, minutes=30),
    )
    data = bytes.fromhex("580d43414EFF0330EFA10530590230")
    assert_codec(
        LocalTimeOffsetDescriptor, data, LocalTimeOffsetDescriptor(offsets=(newfoundland,))
    )


def test_offsets_of_opposite_signs_cannot_share_one_polarity_bit() -> None:
    bad = LocalTimeOffset(
        country_code="XXX",
        local_time_offset=timedelta(hours=1),
        time_of_change=datetime(2026, 1, 1, tzinfo=UTC),
        next_time_offset=-timedelta(hours=1),
    )
    with pytest.raises(EncodeError, match="polarity"):
        LocalTimeOffsetDescriptor(offsets=(bad,)).encode()


@pytest.mark.parametrize(
    "when",
    [
        datetime(2026, 1, 1),
        datetime(2026, 1, 1, 0, 0, 0, 500, tzinfo=UTC),
        datetime(1800, 1, 1, tzinfo=UTC),
    ],
)
def test_time_of_change_must_be_a_whole_second_utc_in_mjd_range(when: datetime) -> None:
    offset = LocalTimeOffset(
        country_code="KAZ",
        local_time_offset=timedelta(hours=5),
        time_of_change=when,
        next_time_offset=timedelta(hours=5),
    )
    with pytest.raises(EncodeError):
        LocalTimeOffsetDescriptor(offsets=(offset,)).encode()
