"""The TS scan: facts read from a real rendition, and typed errors for bytes that are not one."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from encoder.errors import IndexBuildError
from encoder.gop_index import scan_packets, scan_ts
from encoder.profiles import ChannelProfile
from encoder.rendition import Rendition


def test_scan_of_a_rendition(
    slides_input: Path, tiny: ChannelProfile, render: Callable[..., Rendition]
) -> None:
    rendition = render(slides_input, tiny)
    scan = scan_ts(rendition.ts_path)
    assert (scan.program_number, scan.pmt_pid, scan.pcr_pid) == (1, 0x100, 0x101)
    assert [(s.pid, s.stream_type, s.codec) for s in scan.streams] == [
        (0x101, 0x1B, "h264"),
        (0x102, 0x11, "aac_latm"),
    ]
    assert all(r.has_parameter_sets and r.idr_or_closed for r in scan.raps)
    assert scan.pcr_max_interval <= 40 * 27_000
    assert scan.measured_mux_rate == pytest.approx(tiny.mux.mux_rate, rel=0.01)
    assert scan.video.pes_count == rendition.index.duration // 3600


def test_a_non_idr_start_is_seen(
    slides_input: Path, tiny: ChannelProfile, render: Callable[..., Rendition]
) -> None:
    """Cutting a rendition after its first RAP packet makes the first video PES a non-RAP."""
    data = render(slides_input, tiny).ts_path.read_bytes()
    packets = np.frombuffer(data, np.uint8).reshape(-1, 188).copy()
    pids = ((packets[:, 1].astype(int) & 0x1F) << 8) | packets[:, 2]
    video_starts = np.flatnonzero((pids == 0x101) & ((packets[:, 1] & 0x40) != 0))
    psi = packets[[int(np.flatnonzero(pids == pid)[0]) for pid in (0x0000, 0x0100)]]
    cut = np.concatenate([psi, packets[video_starts[3] :]])
    with pytest.raises(IndexBuildError, match="random-access point"):
        scan_packets(cut)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "positive multiple of 188"),
        (b"\x47" + bytes(186), "positive multiple of 188"),
        (bytes(188), "lost sync"),
        (b"\x47\x1f\xff\x10" + bytes(184), "no PSI section on PID 0x0000"),
    ],
)
def test_bad_files(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "bad.ts"
    path.write_bytes(data)
    with pytest.raises(IndexBuildError, match=message):
        scan_ts(path)


@st.composite
def mangled(draw: st.DrawFn) -> np.ndarray:
    count = draw(st.integers(1, 12))
    raw = bytearray(draw(st.binary(min_size=188 * count, max_size=188 * count)))
    for at in range(0, len(raw), 188):
        raw[at] = 0x47
        if draw(st.booleans()):
            raw[at + 1] = (raw[at + 1] & 0xE0) | draw(st.sampled_from([0x00, 0x01]))
            raw[at + 2] = draw(st.sampled_from([0x00, 0x00, 0x01, 0x02]))
    return np.frombuffer(bytes(raw), np.uint8).reshape(-1, 188)


@settings(max_examples=300)
@given(mangled())
def test_fuzz_scan_raises_only_index_errors(packets: np.ndarray) -> None:
    with contextlib.suppress(IndexBuildError):
        scan_packets(packets)


def test_pat_packet_whose_adaptation_field_fills_it_is_an_index_error() -> None:
    """PUSI set, adaptation field of 183 bytes (one more than fits): no pointer_field to read."""
    packet = bytearray(188)
    packet[0:5] = bytes([0x47, 0x40, 0x00, 0x30, 183])
    packets = np.frombuffer(bytes(packet), np.uint8).reshape(-1, 188)
    with pytest.raises(IndexBuildError, match="PSI on PID 0x0000: adaptation_field_length 183"):
        scan_packets(packets)
