"""Thresholds of TR 101 290 (V1.4.1) §5.2, with the values the TR gives as defaults."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Limits"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Limits:
    pat_interval: float = 0.5  # 1.3: PAT at least every 0.5 s
    pmt_interval: float = 0.5  # 1.5: each PMT at least every 0.5 s
    pid_interval: float = 5.0  # 1.6: "user specified period"; 5 s is the usual default
    pcr_repetition_error: float = 0.100  # 2.3a
    pcr_repetition_warning: float = 0.040  # TS 101 154 recommendation, not a TR 101 290 error
    pcr_discontinuity: float = 0.100  # 2.3b
    pcr_accuracy_ns: float = 500.0  # 2.4
    pcr_accuracy_window: int = 256  # PCRs per linear fit
    pts_interval: float = 0.700  # 2.5
