"""FFmpeg -progress blocks -> Progress reports."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from encoder.progress import parse_progress

BLOCKS = """frame=50
fps=49.9
out_time_us=2000000
out_time_ms=2000000
out_time=00:00:02.000000
speed=2.5x
progress=continue
frame=100
out_time_us=4000000
speed=N/A
progress=end
"""


def test_blocks() -> None:
    reports = list(parse_progress(BLOCKS.splitlines(), expected_seconds=4.0))
    assert [(r.out_seconds, r.fraction, r.done) for r in reports] == [
        (2.0, 0.5, False),
        (4.0, 1.0, True),
    ]
    assert reports[0].speed == 2.5
    assert reports[1].speed is None
    assert reports[0].fields["frame"] == "50"


def test_unknown_total_and_garbage() -> None:
    lines = ["garbage", "out_time_us=N/A", "progress=continue", "=", "progress=end"]
    reports = list(parse_progress(lines, expected_seconds=0))
    assert [(r.fraction, r.done) for r in reports] == [(0.0, False), (1.0, True)]


@given(st.lists(st.text(max_size=40), max_size=30), st.floats(0, 1e6))
def test_fuzz_fraction_in_range(lines: list[str], expected: float) -> None:
    for report in parse_progress(lines, expected):
        assert 0.0 <= report.fraction <= 1.0
