"""Property tests of the vectorised packet code against the scalar mpegts codecs, and fuzzing of
everything the playout reads from outside (plan text, rendition files, as-run lines)."""

from __future__ import annotations

import contextlib
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from mpegts.packet import AdaptationField, TSPacket, read_pcr
from mpegts.pes import PESHeader
from mpegts.rendition_index import RenditionIndex
from playout.asrun import read_records
from playout.errors import MediaUnavailable, PlanError
from playout.media import open_rendition
from playout.mux import Multiplexer
from playout.pes_stamps import find_pes_starts, shift_timestamps
from playout.plan.yaml_source import parse_plan
from playout.ports import ReadyMedia
from playout.splicer import Feed
from playout.timebase import Timebase
from playout.tsarrays import cc_rewrite, pcr_flags, pids, remap_pids, write_pcr
from playout.tsarrays import read_pcr as read_pcrs
from tests.playout.conftest import START

stamps = st.integers(0, (1 << 33) - 1)


def _rows(packets: list[bytes]) -> np.ndarray:
    return np.frombuffer(b"".join(packets), dtype=np.uint8).reshape(-1, 188).copy()


@given(st.lists(st.integers(0, (1 << 33) * 300 - 1), min_size=1, max_size=20))
def test_pcr_write_then_read_matches_the_scalar_codec(values: list[int]) -> None:
    packets = [TSPacket(pid=0x100, adaptation=AdaptationField(pcr=0)).encode() for _ in values]
    rows = _rows(packets)
    assert pcr_flags(rows).all()
    write_pcr(rows, np.arange(len(values)), np.array(values, dtype=np.int64))
    assert [read_pcr(bytes(r)) for r in rows] == values
    assert read_pcrs(rows).tolist() == values


@given(stamps, st.one_of(st.none(), stamps), st.integers(-(1 << 34), 1 << 34), st.integers(0, 100))
def test_shifting_pes_stamps_matches_the_scalar_codec(
    pts: int, dts: int | None, delta: int, stuffing: int
) -> None:
    header = PESHeader(stream_id=0xE0, pts=pts, dts=dts if dts is not None else None).encode()
    adaptation = AdaptationField(random_access_indicator=True) if stuffing else None
    payload = (header + bytes(range(256)))[
        : max(184 - stuffing - (2 if stuffing else 0), len(header))
    ]
    packet = TSPacket(
        pid=0x101, payload_unit_start_indicator=True, adaptation=adaptation, payload=payload
    )
    rows = _rows([packet.encode()])
    starts = find_pes_starts(rows)
    assert starts.pts.tolist() == [pts]
    shift_timestamps(rows, starts, delta)
    offset = 4 + (1 + rows[0, 4] if rows[0, 3] & 0x20 else 0)
    decoded = PESHeader.decode(bytes(rows[0, offset:]))
    assert decoded.pts == (pts + delta) % (1 << 33)
    assert decoded.dts == (None if dts is None else (dts + delta) % (1 << 33))


@given(st.lists(st.booleans(), min_size=1, max_size=60), st.integers(0, 15))
def test_continuity_counters_step_on_payload_only(payloads: list[bool], last: int) -> None:
    packets = [
        TSPacket(
            pid=0x42, payload=b"x" if p else b"", adaptation=None if p else AdaptationField(pcr=0)
        ).encode()
        for p in payloads
    ]
    rows = _rows(packets)
    end = cc_rewrite(rows, np.ones(len(payloads), dtype=bool), last)
    counter = last
    for row, has_payload in zip(rows, payloads, strict=True):
        counter = (counter + 1) % 16 if has_payload else counter
        assert row[3] & 0x0F == counter
    assert end == counter


@given(st.lists(st.integers(0x10, 0x1FFE), min_size=1, max_size=30))
def test_pid_remap_rewrites_every_row(values: list[int]) -> None:
    rows = _rows([TSPacket(pid=p, payload=b"y").encode() for p in values])
    table = np.arange(8192, dtype=np.int32)[::-1].copy()
    remap_pids(rows, table)
    assert pids(rows).tolist() == [8191 - p for p in values]
    assert (rows[:, 1] & 0xE0 == 0x40).sum() == 0  # no flag bit was touched (none was set)


class _Source:
    def __init__(self, dues: list[int], pid: int) -> None:
        self.dues = sorted(dues)
        self.pid = pid
        self.sent = 0

    def pull(self, horizon27: int) -> Feed:
        ready = [d for d in self.dues if d < horizon27]
        self.dues = self.dues[len(ready) :]
        numbers = range(self.sent, self.sent + len(ready))
        self.sent += len(ready)
        rows = _rows([TSPacket(pid=self.pid, payload=bytes([i % 256])).encode() for i in numbers])
        return Feed(rows.reshape(-1, 188), np.array(ready, dtype=np.int64), [])


@settings(max_examples=40)
@given(st.lists(st.lists(st.integers(0, 27_000_000), max_size=80), min_size=1, max_size=4))
def test_multiplexer_never_sends_early_and_keeps_order(dues: list[list[int]]) -> None:
    rate = 2_000_000
    sources = [_Source(d, 0x100 + n) for n, d in enumerate(dues)]
    mux = Multiplexer(Timebase(start=START, stc0=0, mux_rate=rate), sources, block_packets=97)
    placed: dict[int, list[tuple[int, int]]] = {}
    while mux.position < rate * 3 // 1504:
        block = mux.next_block()
        assert block.packets.shape == (97, 188)
        for k, row in enumerate(block.packets):
            pid = int(pids(row[None, :])[0])
            if pid != 0x1FFF:
                placed.setdefault(pid, []).append((block.first + k, int(row[187])))
    for n, source_dues in enumerate(dues):
        got = placed.get(0x100 + n, [])
        assert len(got) == len(source_dues)
        assert [payload for _, payload in got] == [i % 256 for i in range(len(source_dues))]
        for (slot, _), due in zip(got, sorted(source_dues), strict=True):
            assert mux.time_of(slot) >= due - 1504 * 27_000_000 // rate  # not before its slot


@given(st.text(max_size=400))
def test_plan_parser_only_raises_plan_errors(text: str) -> None:
    with contextlib.suppress(PlanError):
        parse_plan(text, file="fuzz.yaml")


@settings(max_examples=30)
@given(st.binary(max_size=3000))
def test_rendition_garbage_is_media_unavailable(tmp_path_factory, data: bytes) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("garbage")
    path = folder / "x.ts"
    path.write_bytes(data)
    index = RenditionIndex.from_json(
        (Path(__file__).parent / "fixtures" / "tiny.index.json").read_text()
    )
    with contextlib.suppress(MediaUnavailable):
        open_rendition(ReadyMedia(path=path, index=index))


@given(st.lists(st.text(max_size=200), max_size=20))
def test_as_run_reader_skips_torn_lines(tmp_path_factory, lines: list[str]) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("asrun") / "a.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    records, final, _heartbeat = read_records(path)
    assert isinstance(records, dict)
    assert isinstance(final, set)
