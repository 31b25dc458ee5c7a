"""Wrap-aware clock arithmetic: the 33-bit wrap must be invisible to callers."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from mpegts.clock import (
    PCR_WRAP,
    PTS_WRAP,
    pcr_add,
    pcr_diff,
    pcr_from_base_ext,
    pcr_to_base_ext,
    pcr_to_pts,
    pts_add,
    pts_diff,
    pts_to_pcr,
    ticks90k_to_timedelta,
    timedelta_to_ticks90k,
    unwrap_pcr,
    unwrap_pts,
    wrap_pts,
)

PTS = st.integers(0, PTS_WRAP - 1)
STEP = st.integers(-(2**31), 2**31)


def test_examples_across_the_wrap() -> None:
    assert pts_add(PTS_WRAP - 10, 15) == 5
    assert pts_add(5, -15) == PTS_WRAP - 10
    assert pts_diff(5, PTS_WRAP - 10) == 15
    assert pts_diff(PTS_WRAP - 10, 5) == -15
    assert unwrap_pts(PTS_WRAP - 10, 5) == PTS_WRAP + 5
    assert unwrap_pts(3 * PTS_WRAP + 100, 90) == 3 * PTS_WRAP + 90
    assert wrap_pts(-1) == PTS_WRAP - 1


def test_pcr_base_extension() -> None:
    assert pcr_from_base_ext(1, 299) == 599
    assert pcr_to_base_ext(599) == (1, 299)
    assert pcr_to_base_ext(PCR_WRAP + 301) == (1, 1)
    assert pcr_to_pts(pts_to_pcr(12345)) == 12345
    assert pcr_add(PCR_WRAP - 1, 2) == 1
    assert pcr_diff(1, PCR_WRAP - 1) == 2


def test_durations() -> None:
    assert ticks90k_to_timedelta(90_000) == timedelta(seconds=1)
    assert ticks90k_to_timedelta(3003) == timedelta(microseconds=33367)
    assert timedelta_to_ticks90k(timedelta(hours=1)) == 324_000_000
    assert timedelta_to_ticks90k(timedelta(microseconds=33367)) == 3003


@given(PTS, STEP)
def test_add_then_diff_recovers_the_step(pts: int, step: int) -> None:
    assert pts_diff(pts_add(pts, step), pts) == step


@given(st.integers(0, 2**40), STEP)
def test_unwrap_follows_a_continuous_timeline(previous: int, step: int) -> None:
    current = previous + step
    assert unwrap_pts(previous, wrap_pts(current)) == current


@given(st.integers(0, 2**45), st.integers(-(2**40), 2**40))
def test_unwrap_pcr(previous: int, step: int) -> None:
    assert unwrap_pcr(previous, (previous + step) % PCR_WRAP) == previous + step


@given(st.integers(0, PCR_WRAP - 1))
def test_base_ext_round_trip(pcr: int) -> None:
    base, ext = pcr_to_base_ext(pcr)
    assert 0 <= base < PTS_WRAP
    assert 0 <= ext < 300
    assert pcr_from_base_ext(base, ext) == pcr


@given(st.integers(-(10**12), 10**12))
def test_timedelta_round_trip_is_exact(ticks: int) -> None:
    assert timedelta_to_ticks90k(ticks90k_to_timedelta(ticks)) == ticks
