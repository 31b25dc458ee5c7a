"""TR 101 290 §5.2.1, priority 1: the checks without which a receiver cannot decode at all."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import numpy.typing as npt

from receiver_tools._eventlog import EventLog
from receiver_tools.checks.finding import CheckSpec, Finding
from receiver_tools.checks.tr101290.context import CheckContext

__all__ = ["PRIORITY_1"]

TS_SYNC_LOSS = CheckSpec(priority=1, ref="1.1", name="TS_sync_loss")
SYNC_BYTE_ERROR = CheckSpec(priority=1, ref="1.2", name="Sync_byte_error")
PAT_ERROR = CheckSpec(priority=1, ref="1.3", name="PAT_error", needs_time=True)
CONTINUITY_COUNT_ERROR = CheckSpec(priority=1, ref="1.4", name="Continuity_count_error")
PMT_ERROR = CheckSpec(priority=1, ref="1.5", name="PMT_error", needs_time=True)
PID_ERROR = CheckSpec(priority=1, ref="1.6", name="PID_error", needs_time=True)


def ts_sync_loss(ctx: CheckContext) -> Iterator[Finding]:
    """1.1: two or more consecutive corrupted sync bytes (the framer lost lock there)."""
    yield from ctx.from_log(TS_SYNC_LOSS, ctx.observer.sync_losses)


def sync_byte_error(ctx: CheckContext) -> Iterator[Finding]:
    """1.2: a sync byte other than 0x47 while locked."""
    yield from ctx.from_log(SYNC_BYTE_ERROR, ctx.observer.sync_byte_errors)


def _arrival_indices(ctx: CheckContext, pid: int, table_id: int) -> npt.NDArray[np.int64]:
    return ctx.observer.arrivals.indices(pid, table_id)


def _pid_filtered(
    ctx: CheckContext, spec: CheckSpec, log_pids: set[int], log: EventLog
) -> Iterator[Finding]:
    for item in log.items:
        if item.pid in log_pids:
            yield ctx.finding(spec, item.index, pid=item.pid, detail=item.detail)


def pat_error(ctx: CheckContext) -> Iterator[Finding]:
    """1.3: PAT (table_id 0x00 on PID 0) less often than every 0.5 s; 1.3.a: another table_id
    on PID 0, or PID 0 scrambled."""
    obs = ctx.observer
    if ctx.time.known:
        yield from ctx.gaps(
            PAT_ERROR, _arrival_indices(ctx, 0, 0x00), ctx.limits.pat_interval, pid=0, what="PAT"
        )
    yield from _pid_filtered(ctx, PAT_ERROR, {0}, obs.wrong_tables)
    yield from _pid_filtered(ctx, PAT_ERROR, {0}, obs.scrambled_psi)


def continuity_count_error(ctx: CheckContext) -> Iterator[Finding]:
    """1.4: packets lost, out of order, or duplicated more than once (ISO/IEC 13818-1
    §2.4.3.3)."""
    yield from ctx.from_log(CONTINUITY_COUNT_ERROR, ctx.observer.cc_errors)


def pmt_error(ctx: CheckContext) -> Iterator[Finding]:
    """1.5: a PMT PID named in the PAT without table_id 0x02 for over 0.5 s; 1.5.a:
    scrambled."""
    obs = ctx.observer
    pmt_pids = set(obs.programs.pmt_pids.values())
    for pid in sorted(pmt_pids):
        if ctx.time.known:
            yield from ctx.gaps(
                PMT_ERROR,
                _arrival_indices(ctx, pid, 0x02),
                ctx.limits.pmt_interval,
                pid=pid,
                what="PMT",
                since=obs.pmt_since.get(pid, 0),
            )
    yield from _pid_filtered(ctx, PMT_ERROR, pmt_pids, obs.scrambled_psi)


def pid_error(ctx: CheckContext) -> Iterator[Finding]:
    """1.6: a PID referenced by a PMT absent for longer than the user-set period (5 s)."""
    if not ctx.time.known:
        return
    gaps = ctx.observer.gaps.finish(ctx.total_packets)
    for pid, pid_gaps in sorted(gaps.items()):
        for gap in pid_gaps:
            seconds = float(ctx.time.seconds(gap.end) - ctx.time.seconds(gap.start))
            if seconds > ctx.limits.pid_interval:
                at_end = gap.end >= ctx.total_packets
                yield ctx.finding(
                    PID_ERROR,
                    gap.start if at_end else gap.end,
                    pid=pid,
                    detail=f"absent for {seconds:.1f} s"
                    + (" (to the end of the capture)" if at_end else ""),
                )


PRIORITY_1 = (
    (TS_SYNC_LOSS, ts_sync_loss),
    (SYNC_BYTE_ERROR, sync_byte_error),
    (PAT_ERROR, pat_error),
    (CONTINUITY_COUNT_ERROR, continuity_count_error),
    (PMT_ERROR, pmt_error),
    (PID_ERROR, pid_error),
)
