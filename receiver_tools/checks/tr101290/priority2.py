"""TR 101 290 §5.2.2, priority 2: checks recommended for continuous or periodic monitoring."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import numpy as np
import numpy.typing as npt

from receiver_tools.checks.finding import CheckSpec, Finding, Severity
from receiver_tools.checks.tr101290.context import CheckContext
from receiver_tools.timebase import PCR_HZ, PCR_WRAP

__all__ = ["PRIORITY_2"]

TRANSPORT_ERROR = CheckSpec(priority=2, ref="2.1", name="Transport_error")
CRC_ERROR = CheckSpec(priority=2, ref="2.2", name="CRC_error")
PCR_REPETITION_ERROR = CheckSpec(
    priority=2, ref="2.3a", name="PCR_repetition_error", needs_time=True
)
PCR_DISCONTINUITY_ERROR = CheckSpec(
    priority=2, ref="2.3b", name="PCR_discontinuity_indicator_error"
)
PCR_ACCURACY_ERROR = CheckSpec(priority=2, ref="2.4", name="PCR_accuracy_error", needs_time=True)
PTS_ERROR = CheckSpec(priority=2, ref="2.5", name="PTS_error", needs_time=True)
CAT_ERROR = CheckSpec(priority=2, ref="2.6", name="CAT_error")

_NS_PER_TICK = 1e9 / PCR_HZ


def transport_error(ctx: CheckContext) -> Iterator[Finding]:
    """2.1: transport_error_indicator set (the demodulator could not correct the packet)."""
    yield from ctx.from_log(TRANSPORT_ERROR, ctx.observer.transport_errors)


def crc_error(ctx: CheckContext) -> Iterator[Finding]:
    """2.2: CRC_32 mismatch in a CAT, PAT, PMT, NIT, EIT, BAT, SDT or TOT section."""
    yield from ctx.from_log(CRC_ERROR, ctx.observer.crc_errors)


def _signed_ticks(values: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """PCR differences in ticks, wrap-aware, negative when the PCR went backwards."""
    d = np.diff(values) % PCR_WRAP
    return np.where(d > PCR_WRAP // 2, d - PCR_WRAP, d)


def pcr_repetition(ctx: CheckContext) -> Iterator[Finding]:
    """2.3a: PCRs of one PID more than 100 ms apart (error); more than 40 ms apart is only a
    warning (the TS 101 154 recommendation, not a TR 101 290 limit)."""
    limits = ctx.limits
    if not ctx.time.known:
        return
    for pid, samples in sorted(ctx.observer.pcrs.items()):
        indices, _, _ = samples.arrays()
        spans = np.diff(ctx.time.seconds(indices))
        for k in np.flatnonzero(spans > limits.pcr_repetition_warning):
            error = spans[k] > limits.pcr_repetition_error
            yield ctx.finding(
                PCR_REPETITION_ERROR,
                int(indices[k + 1]),
                pid=pid,
                severity=Severity.ERROR if error else Severity.WARNING,
                detail=f"PCR interval {spans[k] * 1000:.1f} ms"
                + ("" if error else " (over the 40 ms DVB recommendation)"),
            )
    for pid in sorted(ctx.observer.programs.pcr_pids() - set(ctx.observer.pcrs)):
        if float(ctx.time.seconds(ctx.total_packets)) > limits.pcr_repetition_error:
            yield ctx.finding(PCR_REPETITION_ERROR, None, pid=pid, detail="PCR_PID carries no PCR")


def pcr_discontinuity(ctx: CheckContext) -> Iterator[Finding]:
    """2.3b: PCR(i+1) - PCR(i) outside 0..100 ms without discontinuity_indicator."""
    limit = ctx.limits.pcr_discontinuity * PCR_HZ
    for pid, samples in sorted(ctx.observer.pcrs.items()):
        indices, values, flagged = samples.arrays()
        steps = _signed_ticks(values)
        bad = ((steps < 0) | (steps > limit)) & ~flagged[1:]
        for k in np.flatnonzero(bad):
            yield ctx.finding(
                PCR_DISCONTINUITY_ERROR,
                int(indices[k + 1]),
                pid=pid,
                detail=f"PCR step {steps[k] / PCR_HZ * 1000:.1f} ms, no discontinuity_indicator",
            )


def _fit_residuals(
    indices: npt.NDArray[np.int64], ticks: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """Residuals (ticks) of a least-squares line ticks = a + b * index."""
    x = indices.astype(np.float64) - indices[0]
    y = ticks - ticks[0]
    slope, intercept = np.polyfit(x, y, 1)
    return np.asarray(y - (slope * x + intercept), dtype=np.float64)


def _segments(
    steps: npt.NDArray[np.int64],
    flagged: npt.NDArray[np.bool_],
    limit: float,
    indices: npt.NDArray[np.int64],
    losses: list[tuple[int, int]],
) -> list[tuple[int, int]]:
    """(start, stop) sample ranges of continuous PCR runs: split at a PCR discontinuity, and
    around each packet loss (in a capture a lost packet shifts every later packet position;
    PCRs inside the loss window, between the last good and the first bad packet, are
    skipped)."""
    breaks = set((np.flatnonzero((steps <= 0) | (steps > limit) | flagged[1:]) + 1).tolist())
    skip: set[int] = set()
    for since, seen in losses:
        a, b = np.searchsorted(indices, [since, seen], side="right")
        breaks.update((int(a), int(b)))
        skip.add(int(a))
    points = sorted({0, len(indices)} | {b for b in breaks if 0 < b < len(indices)})
    return [(a, b) for a, b in itertools.pairwise(points) if a not in skip or a == b]


def _loss_points(ctx: CheckContext) -> list[tuple[int, int]]:
    obs = ctx.observer
    losses = [(o.since if o.since is not None else o.index, o.index) for o in obs.cc_errors.items]
    losses += [(o.index - 1, o.index) for o in obs.sync_losses.items]
    return losses


def pcr_accuracy(ctx: CheckContext) -> Iterator[Finding]:
    """2.4: PCR jitter outside ±500 ns: each PCR compared with the value a constant-rate clock
    would have at its packet position (linear fit per window of 256 PCRs, per continuous run).
    Meaningful for constant-bitrate streams only: in VBR every PCR looks inaccurate."""
    limits = ctx.limits
    if not ctx.time.known:
        return
    for pid, samples in sorted(ctx.observer.pcrs.items()):
        indices, values, flagged = samples.arrays()
        steps = _signed_ticks(values)
        limit = limits.pcr_discontinuity * PCR_HZ
        for start, stop in _segments(steps, flagged, limit, indices, _loss_points(ctx)):
            yield from _accuracy_run(ctx, pid, indices[start:stop], values[start:stop])


def _accuracy_run(
    ctx: CheckContext, pid: int, indices: npt.NDArray[np.int64], values: npt.NDArray[np.int64]
) -> Iterator[Finding]:
    ticks = values[0] + np.concatenate(([0], np.cumsum(np.diff(values) % PCR_WRAP)))
    window = ctx.limits.pcr_accuracy_window
    for start in range(0, len(indices), window):
        part = slice(start, min(start + window, len(indices)))
        if part.stop - part.start < 3:
            continue
        residual_ns = _fit_residuals(indices[part], ticks[part].astype(np.float64)) * _NS_PER_TICK
        for k in np.flatnonzero(np.abs(residual_ns) > ctx.limits.pcr_accuracy_ns):
            yield ctx.finding(
                PCR_ACCURACY_ERROR,
                int(indices[part][k]),
                pid=pid,
                detail=f"PCR off the constant-rate line by {residual_ns[k]:+.0f} ns",
            )


def pts_error(ctx: CheckContext) -> Iterator[Finding]:
    """2.5: PTS of one PES PID more than 700 ms apart."""
    if not ctx.time.known:
        return
    for pid, samples in sorted(ctx.observer.pts.items()):
        indices, _, _ = samples.arrays()
        spans = np.diff(ctx.time.seconds(indices))
        for k in np.flatnonzero(spans > ctx.limits.pts_interval):
            yield ctx.finding(
                PTS_ERROR,
                int(indices[k + 1]),
                pid=pid,
                detail=f"no PTS for {spans[k] * 1000:.0f} ms",
            )


def cat_error(ctx: CheckContext) -> Iterator[Finding]:
    """2.6: scrambled packets but no CAT (table_id 0x01 on PID 1), or another table on PID 1."""
    obs = ctx.observer
    has_cat = obs.arrivals.seen(1, 0x01)
    if obs.first_scrambled is not None and not has_cat:
        yield ctx.finding(CAT_ERROR, obs.first_scrambled, detail="scrambled packets without a CAT")
    for item in obs.wrong_tables.items:
        if item.pid == 1:
            yield ctx.finding(CAT_ERROR, item.index, pid=1, detail=item.detail)


PRIORITY_2 = (
    (TRANSPORT_ERROR, transport_error),
    (CRC_ERROR, crc_error),
    (PCR_REPETITION_ERROR, pcr_repetition),
    (PCR_DISCONTINUITY_ERROR, pcr_discontinuity),
    (PCR_ACCURACY_ERROR, pcr_accuracy),
    (PTS_ERROR, pts_error),
    (CAT_ERROR, cat_error),
)
