"""Random and mutated bytes never raise: every input gives a report."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from receiver_tools.analyzer import analyze_chunks
from receiver_tools.report.json import to_json
from tests.receiver_tools.conftest import SAMPLES
from tests.receiver_tools.synth import build

_SEED = b"".join(build()[:600])
_REAL = (
    (SAMPLES / "tsduck-test__test-030.ts").read_bytes()[: 188 * 400] if SAMPLES.is_dir() else _SEED
)


def _report(chunks: list[bytes]) -> None:
    analysis = analyze_chunks(chunks)
    to_json(analysis)


@given(st.binary(max_size=4000))
def test_random_bytes(data: bytes) -> None:
    _report([data])


@given(
    st.sampled_from([_SEED, _REAL]),
    st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=40),
    st.integers(0, 2000),
    st.integers(1, 9000),
)
@settings(max_examples=50)
def test_mutated_streams(base: bytes, flips: list[tuple[int, int]], cut: int, chunk: int) -> None:
    data = bytearray(base)
    for position, value in flips:
        data[position % len(data)] = value
    data = data[cut:]  # start mid-packet / mid-section
    _report([bytes(data[i : i + chunk]) for i in range(0, len(data), chunk)])


@given(st.integers(1, 187), st.integers(0, 5000))
@settings(max_examples=30)
def test_truncated_and_shifted(head: int, tail: int) -> None:
    data = _REAL[head : len(_REAL) - tail]
    _report([data])
