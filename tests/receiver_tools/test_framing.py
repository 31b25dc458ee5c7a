"""Framing: 188/192/204-byte packets, resynchronisation, chunk boundaries anywhere."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from receiver_tools.framing import Framer, SyncEventKind
from tests.receiver_tools.synth import build

PACKETS = build()[:300]
TS = b"".join(PACKETS)


def frame(chunks: list[bytes]) -> tuple[np.ndarray, list, Framer]:
    framer = Framer()
    out, events = [], []
    for chunk in [*chunks, None]:
        framed = framer.flush() if chunk is None else framer.feed(chunk)
        out.append(framed.packets)
        events.extend(framed.events)
    return np.concatenate(out), events, framer


@given(st.lists(st.integers(1, len(TS) - 1), max_size=12))
def test_chunk_boundaries_do_not_matter(cuts: list[int]) -> None:
    points = [0, *sorted(set(cuts)), len(TS)]
    packets, events, framer = frame([TS[a:b] for a, b in itertools.pairwise(points)])
    assert packets.tobytes() == TS
    assert events == []
    assert framer.stride == 188


def test_m2ts_and_rs204_are_detected() -> None:
    m2ts = b"".join(b"\x12\x34\x56\x78" + p for p in PACKETS)
    rs = b"".join(p + b"\xaa" * 16 for p in PACKETS)
    for data, stride in ((m2ts, 192), (rs, 204)):
        packets, _, framer = frame([data[i : i + 1000] for i in range(0, len(data), 1000)])
        assert framer.stride == stride
        assert packets.tobytes() == TS


def test_garbage_and_mid_packet_start_are_skipped() -> None:
    data = b"\x47garbage\x00" * 50 + TS[100:]
    packets, events, _ = frame([data])
    assert packets.tobytes() == TS[188:]
    assert [e.kind for e in events] == [SyncEventKind.SKIPPED]
    assert events[0].byte_count == len(data) - len(TS) + 188


def test_truncated_file_keeps_whole_packets() -> None:
    packets, _, _ = frame([TS[: 188 * 3 + 50]])
    assert len(packets) == 3


def test_sync_loss_relocks_on_the_next_packets() -> None:
    data = bytearray(TS)
    data[188 * 10 : 188 * 10 + 400] = b"\x00" * 400  # two whole packets and part of a third
    packets, events, _ = frame([bytes(data)])
    kinds = [e.kind for e in events]
    assert SyncEventKind.SYNC_LOSS in kinds
    loss = next(e for e in events if e.kind is SyncEventKind.SYNC_LOSS)
    assert loss.packet_index == 10
    assert packets[:10].tobytes() == TS[: 188 * 10]
    assert packets[10:].tobytes() == TS[188 * 13 :]
