"""EBU R128 loudness: parsing what FFmpeg's ``loudnorm`` and ``ebur128`` filters report.

Two passes (EBU R 128, EBU Tech 3341/3342). The first measures the input's integrated loudness,
true peak, loudness range and gating threshold with ``ebur128`` in an audio-only decode, after the
same channel mapping as the encode (a mono voice played on two speakers is 3 LU louder). The second
normalises: when one gain reaches the target without pushing the true peak over the limit, the
whole lecture gets exactly that gain (``volume``; speech keeps its dynamics); otherwise ``loudnorm``
with the measured values limits the peaks. The result is measured again on the rendition by
``ebur128`` during verification and recorded in the index.

``ebur128`` is used for measuring rather than ``loudnorm``'s own first pass because it is about
five times cheaper (``loudnorm`` resamples everything to 192 kHz) and gives the same BS.1770 values.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass

__all__ = [
    "LoudnessMeasurement",
    "LoudnessParseError",
    "parse_ebur128_summary",
    "parse_loudnorm_json",
]

SILENCE_LUFS = -70.0  # the absolute gate of BS.1770: below it there is nothing to normalise


class LoudnessParseError(ValueError):
    """FFmpeg's output did not contain the loudness report we asked for."""


@dataclass(frozen=True, slots=True, kw_only=True)
class LoudnessMeasurement:
    """One measurement. ``integrated_lufs`` is None for silence (below the -70 LUFS gate)."""

    integrated_lufs: float | None
    true_peak_dbtp: float | None
    lra_lu: float | None
    threshold_lufs: float = SILENCE_LUFS
    target_offset_lu: float = 0.0

    @property
    def silent(self) -> bool:
        return self.integrated_lufs is None


def _number(text: object) -> float | None:
    try:
        value = float(str(text))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def parse_loudnorm_json(stderr: str) -> LoudnessMeasurement:
    """The JSON block ``loudnorm=print_format=json`` prints at the end of a run."""
    start = stderr.rfind("{")
    end = stderr.find("}", start)
    if start < 0 or end < 0:
        raise LoudnessParseError("no loudnorm JSON report in FFmpeg's output")
    try:
        data = json.loads(stderr[start : end + 1])
    except ValueError as exc:
        raise LoudnessParseError(f"loudnorm report is not JSON: {exc}") from exc
    integrated = _number(data.get("input_i"))
    if integrated is not None and integrated <= SILENCE_LUFS:
        integrated = None
    return LoudnessMeasurement(
        integrated_lufs=integrated,
        true_peak_dbtp=_number(data.get("input_tp")),
        lra_lu=_number(data.get("input_lra")),
        threshold_lufs=_number(data.get("input_thresh")) or SILENCE_LUFS,
        target_offset_lu=_number(data.get("target_offset")) or 0.0,
    )


_SUMMARY_FIELDS = {
    "integrated": re.compile(r"Integrated loudness:\s*\n\s*I:\s*(-?[\d.]+|-inf|nan)\s*LUFS"),
    "threshold": re.compile(
        r"Integrated loudness:\s*\n\s*I:.*\n\s*Threshold:\s*(-?[\d.]+|-inf|nan)\s*LUFS"
    ),
    "lra": re.compile(r"Loudness range:\s*\n\s*LRA:\s*(-?[\d.]+|-inf|nan)\s*LU"),
    "peak": re.compile(r"True peak:\s*\n\s*Peak:\s*(-?[\d.]+|-inf|nan)\s*dBFS"),
}


def parse_ebur128_summary(log: str) -> LoudnessMeasurement:
    """The ``Summary:`` block ``ebur128=peak=true`` logs when the stream ends.

    With ``-loglevel repeat+level+info`` each line carries a ``[Parsed_ebur128_0 @ ...] [info]``
    prefix; those prefixes are stripped before matching.
    """
    at = log.rfind("Summary:")
    if at < 0:
        raise LoudnessParseError("no ebur128 summary in FFmpeg's output")
    block = re.sub(r"^(\[[^\]]*\]\s*)+", "", log[at:], flags=re.MULTILINE)
    values = {}
    for key, pattern in _SUMMARY_FIELDS.items():
        match = pattern.search(block)
        values[key] = _number(match.group(1)) if match else None
    integrated = values["integrated"]
    if integrated is not None and integrated <= SILENCE_LUFS:
        integrated = None
    return LoudnessMeasurement(
        integrated_lufs=integrated,
        true_peak_dbtp=values["peak"],
        lra_lu=values["lra"],
        threshold_lufs=values["threshold"] or SILENCE_LUFS,
    )


def linear_gain_db(
    m: LoudnessMeasurement, target_lufs: float, max_true_peak: float
) -> float | None:
    """The one gain that brings ``m`` to the target, or None if it would lift the true peak
    over ``max_true_peak`` (then a limiter is needed) or there is nothing to normalise."""
    if m.integrated_lufs is None:
        return None
    gain = target_lufs - m.integrated_lufs
    peak = m.true_peak_dbtp if m.true_peak_dbtp is not None else 0.0
    # 0.1 dB of headroom: the measurement is reported to one decimal
    if peak + gain > max_true_peak - 0.1:
        return None
    return round(gain, 2)
