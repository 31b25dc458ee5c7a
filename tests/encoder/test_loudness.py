"""Parsing FFmpeg's loudness reports (loudnorm JSON, ebur128 summary)."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from encoder.loudness import (
    LoudnessMeasurement,
    LoudnessParseError,
    linear_gain_db,
    parse_ebur128_summary,
    parse_loudnorm_json,
)

LOUDNORM = """[Parsed_loudnorm_2 @ 0x55] [info]
{
	"input_i" : "-18.05",
	"input_tp" : "-13.23",
	"input_lra" : "0.00",
	"input_thresh" : "-28.05",
	"output_i" : "-22.96",
	"output_tp" : "-18.17",
	"output_lra" : "0.00",
	"output_thresh" : "-32.96",
	"normalization_type" : "linear",
	"target_offset" : "-0.04"
}
[out#0/null @ 0x56] [info] video:0KiB audio:568KiB
"""

SUMMARY = """[Parsed_ebur128_0 @ 0x7f] [info] Summary:
[Parsed_ebur128_0 @ 0x7f] [info]
[Parsed_ebur128_0 @ 0x7f] [info]   Integrated loudness:
[Parsed_ebur128_0 @ 0x7f] [info]     I:         -23.1 LUFS
[Parsed_ebur128_0 @ 0x7f] [info]     Threshold: -33.2 LUFS
[Parsed_ebur128_0 @ 0x7f] [info]
[Parsed_ebur128_0 @ 0x7f] [info]   Loudness range:
[Parsed_ebur128_0 @ 0x7f] [info]     LRA:         4.2 LU
[Parsed_ebur128_0 @ 0x7f] [info]     Threshold: -43.1 LUFS
[Parsed_ebur128_0 @ 0x7f] [info]     LRA low:   -26.0 LUFS
[Parsed_ebur128_0 @ 0x7f] [info]     LRA high:  -21.8 LUFS
[Parsed_ebur128_0 @ 0x7f] [info]
[Parsed_ebur128_0 @ 0x7f] [info]   True peak:
[Parsed_ebur128_0 @ 0x7f] [info]     Peak:       -2.5 dBFS
"""


def test_loudnorm_json() -> None:
    m = parse_loudnorm_json(LOUDNORM)
    assert (m.integrated_lufs, m.true_peak_dbtp, m.lra_lu) == (-18.05, -13.23, 0.0)
    assert (m.threshold_lufs, m.target_offset_lu) == (-28.05, -0.04)
    assert not m.silent


def test_loudnorm_silence_is_none() -> None:
    silent = LOUDNORM.replace('"-18.05"', '"-inf"').replace('"-13.23"', '"-inf"')
    m = parse_loudnorm_json(silent)
    assert m.silent
    assert m.true_peak_dbtp is None


def test_ebur128_summary_with_level_prefixes() -> None:
    m = parse_ebur128_summary("frame lines...\n" + SUMMARY)
    assert (m.integrated_lufs, m.lra_lu, m.true_peak_dbtp) == (-23.1, 4.2, -2.5)
    assert m.threshold_lufs == -33.2


@pytest.mark.parametrize(
    ("integrated", "peak", "gain"),
    [(-18.5, -3.0, -4.5), (-30.0, -9.0, 7.0), (-30.0, -7.95, None), (-23.0, -1.0, None)],
)
def test_linear_gain_only_under_the_peak_limit(
    integrated: float, peak: float, gain: float | None
) -> None:
    m = LoudnessMeasurement(integrated_lufs=integrated, true_peak_dbtp=peak, lra_lu=3.0)
    assert linear_gain_db(m, -23.0, -1.0) == gain


def test_silence_has_no_gain() -> None:
    silent = LoudnessMeasurement(integrated_lufs=None, true_peak_dbtp=None, lra_lu=None)
    assert linear_gain_db(silent, -23.0, -1.0) is None


def test_ebur128_silence() -> None:
    m = parse_ebur128_summary(SUMMARY.replace("-23.1 LUFS", "-70.0 LUFS").replace("-2.5", "-inf"))
    assert m.integrated_lufs is None
    assert m.true_peak_dbtp is None


@pytest.mark.parametrize("parse", [parse_loudnorm_json, parse_ebur128_summary])
def test_missing_report(parse) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(LoudnessParseError):
        parse("[error] Conversion failed!\n")


@given(st.text(max_size=400))
def test_fuzz_only_typed_errors(text: str) -> None:
    for parse in (parse_loudnorm_json, parse_ebur128_summary):
        with contextlib.suppress(LoudnessParseError):
            parse(text)
