"""Sources: file, standard input (any stream), UDP on 127.0.0.1 (plain and RTP)."""

from __future__ import annotations

import io
import socket
import threading
import time
from pathlib import Path

import pytest

from receiver_tools.analyzer import analyze
from receiver_tools.sources import (
    FileSource,
    SourceError,
    StreamSource,
    UdpSource,
    open_source,
    strip_rtp,
)
from tests.receiver_tools.synth import build

TS = b"".join(build()[:700])


def test_file_is_read_in_bounded_chunks(tmp_path: Path) -> None:
    path = tmp_path / "a.ts"
    path.write_bytes(TS)
    chunks = list(FileSource(path, chunk_size=10_000).chunks())
    assert max(len(c) for c in chunks) == 10_000
    assert b"".join(chunks) == TS


def test_stream_source_reads_a_pipe() -> None:
    source = StreamSource(io.BytesIO(TS), chunk_size=4096)
    assert analyze(source).packets == 700


def test_open_source_rejects_bad_specs() -> None:
    with pytest.raises(SourceError, match="no such file"):
        open_source("/nonexistent.ts")
    with pytest.raises(SourceError, match="--seconds"):
        open_source("udp://127.0.0.1:1234")
    with pytest.raises(SourceError, match="UDP address"):
        open_source("udp://127.0.0.1:notaport", seconds=1)


def test_rtp_header_is_stripped() -> None:
    payload = TS[: 7 * 188]
    rtp = bytes([0x80, 33, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1])
    assert strip_rtp(rtp + payload) == payload
    assert strip_rtp(payload) == payload


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_udp_capture_for_n_seconds() -> None:
    port = _free_port()
    source = UdpSource("127.0.0.1", port, seconds=1.5, chunk_size=20_000)
    datagrams = [TS[i : i + 7 * 188] for i in range(0, len(TS), 7 * 188)]

    def send() -> None:
        time.sleep(0.3)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            for d in datagrams:
                s.sendto(d, ("127.0.0.1", port))
                time.sleep(0.001)

    sender = threading.Thread(target=send)
    sender.start()
    started = time.monotonic()
    analysis = analyze(source)
    sender.join()
    assert 1.4 < time.monotonic() - started < 5
    assert analysis.packets == 700
    assert analysis.source == f"udp://127.0.0.1:{port}"
    assert source.wall_seconds is not None
    assert source.wall_seconds >= 1.5
    assert analysis.time.source == "pcr:0x0200"  # the PCR wins over the wall clock


def test_udp_without_pcr_is_timed_by_the_wall_clock() -> None:
    port = _free_port()
    source = UdpSource("127.0.0.1", port, seconds=1.0)
    nulls = b"".join(p for p in build()[:700] if p[1:3] == b"\x1f\xff")

    def send() -> None:
        time.sleep(0.2)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            for i in range(0, len(nulls), 7 * 188):
                s.sendto(nulls[i : i + 7 * 188], ("127.0.0.1", port))

    sender = threading.Thread(target=send)
    sender.start()
    analysis = analyze(source)
    sender.join()
    assert analysis.time.source == "wall-clock"
    assert analysis.usage.bitrate is not None
    assert analysis.usage.duration == pytest.approx(source.wall_seconds)
