"""The chunked, vectorised PID-absence tracker agrees with a plain scan of the whole stream."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from receiver_tools._gaps import Gap, GapTracker


def _longest_gaps(pids: list[int], pid: int, keep: int) -> list[Gap]:
    seen = [0, *[i for i, p in enumerate(pids) if p == pid]]
    gaps = [Gap(b - a, a, b) for a, b in itertools.pairwise(seen)]
    gaps.append(Gap(len(pids) - seen[-1], seen[-1], len(pids)))
    return sorted(gaps, reverse=True)[:keep]


@given(
    st.lists(st.sampled_from([0x100, 0x101, 0x1FFF]), min_size=1, max_size=300),
    st.lists(st.integers(1, 299), max_size=5),
)
def test_chunked_equals_whole(pids: list[int], cuts: list[int]) -> None:
    tracker = GapTracker(keep=4)
    tracker.watch(0x100, 0)
    tracker.watch(0x101, 0)
    points = [0, *sorted({c for c in cuts if c < len(pids)}), len(pids)]
    for a, b in itertools.pairwise(points):
        tracker.observe(np.array(pids[a:b], np.int64), a)
    result = tracker.finish(len(pids))
    for pid in (0x100, 0x101):
        assert [g.packets for g in result[pid]] == [g.packets for g in _longest_gaps(pids, pid, 4)]
