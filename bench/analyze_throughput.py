"""Throughput of the full receiver analysis (scan, EPG, TR 101 290 incl. PCR accuracy, per-PID
bitrate) on a 500 MB multi-service TS that is generated in memory and never written to disk.

The stream: 8 services (video PID carrying PCR + PES with PTS, audio PID), PAT and 8 PMTs every
~100 ms, the real SI (NIT, SDT, EIT p/f + schedule, TDT/TOT) of the German DVB-T2 capture in
../shared/ts-samples, and null packets (~30 %), at 40 Mbit/s CBR. A 4 MiB block is built once;
each later block is the same packets with continuity counters kept running and PCR/PTS moved on
(done with NumPy, timed separately and subtracted).

    .venv/bin/python bench/analyze_throughput.py [--megabytes 500]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mpegts.section import Section
from receiver_tools.analyzer import analyze_chunks
from tests.receiver_tools.synth import (
    NULL,
    pcr_packet,
    pes_packet,
    section_packet,
)
from tests.shared_refs import SAMPLES

SAMPLE = SAMPLES / "petrj-MPEGTS__TestData.Germany_DVBT-MPEGTS-626MHz-2024-03-11-21-09-56.ts"
BITRATE = 40_000_000
SERVICES = 8
BLOCK_PACKETS = 22_320  # 16 × 1395: every PID's packet count per block keeps CC continuous
TICKS = 188 * 8 * 27_000_000 // BITRATE


def _pat() -> bytes:
    payload = b"".join(
        (n + 1).to_bytes(2, "big") + (0xE000 | (0x100 + n)).to_bytes(2, "big")
        for n in range(SERVICES)
    )
    return Section(
        table_id=0, payload=payload, table_id_extension=12547, private_indicator=False
    ).encode()


def _pmt(n: int) -> bytes:
    video, audio = 0x200 + 2 * n, 0x201 + 2 * n
    payload = (0xE000 | video).to_bytes(2, "big") + b"\xf0\x00"
    payload += bytes([0x1B]) + (0xE000 | video).to_bytes(2, "big") + b"\xf0\x00"
    payload += bytes([0x0F]) + (0xE000 | audio).to_bytes(2, "big") + b"\xf0\x00"
    return Section(
        table_id=2, payload=payload, table_id_extension=n + 1, private_indicator=False
    ).encode()


def _si_packets() -> list[bytes]:
    data = SAMPLE.read_bytes()
    packets = [data[i : i + 188] for i in range(0, len(data) - 187, 188)]
    return [p for p in packets if 0x10 <= (((p[1] & 0x1F) << 8) | p[2]) <= 0x14]


def build_block() -> np.ndarray:
    """One block of BLOCK_PACKETS packets (CC per PID restarts at 0 and ends at 15)."""
    cc: dict[int, int] = {}
    si = _si_packets()
    pat, pmts = _pat(), [_pmt(n) for n in range(SERVICES)]

    def nxt(pid: int) -> int:
        cc[pid] = (cc.get(pid, -1) + 1) & 0xF
        return cc[pid]

    out = []
    si_pos = 0
    for i in range(BLOCK_PACKETS):
        slot = i % 40
        service = (i // 40) % SERVICES
        video, audio = 0x200 + 2 * service, 0x201 + 2 * service
        if i % 1330 == 0:
            out.append(section_packet(0, pat, nxt(0)))
        elif i % 1330 <= SERVICES:
            n = i % 1330 - 1
            out.append(section_packet(0x100 + n, pmts[n], nxt(0x100 + n)))
        elif slot < 22:
            if slot == 0:
                out.append(pcr_packet(video, i * TICKS, (cc.get(video, -1)) & 0xF))
            elif slot == 1:
                out.append(pes_packet(video, i * TICKS // 300, nxt(video)))
            else:
                p = bytearray(pes_packet(video, 0, nxt(video)))
                p[1] &= ~0x40
                out.append(bytes(p))
        elif slot < 25:
            out.append(pes_packet(audio, i * TICKS // 300, nxt(audio)))
        elif slot == 27 and (i // 40) % 2 == 0 and si:
            p = bytearray(si[si_pos % len(si)])
            si_pos += 1
            out.append(bytes(p))
        else:
            out.append(NULL)
    return np.frombuffer(b"".join(out), np.uint8).reshape(-1, 188).copy()


def _pcr_rows(block: np.ndarray) -> np.ndarray:
    afc = (block[:, 3] >> 4) & 3
    return np.flatnonzero((afc & 2 != 0) & (block[:, 4] >= 7) & (block[:, 5] & 0x10 != 0))


def _cc_plan(block: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per packet: PID, and the ordinal of the last payload packet of its PID up to it; per
    PID: payload packets per block. CC of block k = (ordinal + k × count) mod 16."""
    pid = ((block[:, 1].astype(np.int64) & 0x1F) << 8) | block[:, 2]
    payload = ((block[:, 3] >> 4) & 1).astype(np.int64)
    ordinal = np.zeros(len(block), np.int64)
    seen: dict[int, int] = {}
    for row, (p, has) in enumerate(zip(pid.tolist(), payload.tolist(), strict=True)):
        seen[p] = seen.get(p, 0) + has
        ordinal[row] = seen[p] - 1
    counts = np.zeros(8192, np.int64)
    for p, n in seen.items():
        counts[p] = n
    return pid, ordinal, counts


def blocks(block: np.ndarray, count: int, timing: list[float]) -> Iterator[bytes]:
    pid, ordinal, counts = _cc_plan(block)
    per_block = counts[pid]
    rows = _pcr_rows(block)
    b = block[rows, 6:12].astype(np.int64)
    base0 = (b[:, 0] << 25) | (b[:, 1] << 17) | (b[:, 2] << 9) | (b[:, 3] << 1) | (b[:, 4] >> 7)
    for k in range(count):
        t0 = time.perf_counter()
        base = (base0 + k * BLOCK_PACKETS * TICKS // 300) & ((1 << 33) - 1)
        block[rows, 6] = base >> 25
        block[rows, 7] = (base >> 17) & 0xFF
        block[rows, 8] = (base >> 9) & 0xFF
        block[rows, 9] = (base >> 1) & 0xFF
        block[rows, 10] = ((base & 1) << 7) | 0x7E
        block[:, 3] = (block[:, 3] & 0xF0) | ((ordinal + k * per_block) & 0x0F)
        data = block.tobytes()
        timing.append(time.perf_counter() - t0)
        yield data


def capture_block(path: Path) -> np.ndarray:
    """A real capture as the repeated block (its own SI and A/V share; CCs kept running)."""
    data = path.read_bytes()
    usable = len(data) // 188 * 188
    return np.frombuffer(data[:usable], np.uint8).reshape(-1, 188).copy()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=float, default=500)
    parser.add_argument("--capture", type=Path, help="repeat this capture instead")
    args = parser.parse_args()
    block = capture_block(args.capture) if args.capture else build_block()
    count = max(1, int(args.megabytes * 1e6 // block.nbytes))
    gen: list[float] = []
    t0 = time.perf_counter()
    analysis = analyze_chunks(blocks(block, count, gen), name="bench")
    total = time.perf_counter() - t0
    analysed = total - sum(gen)
    size = analysis.bytes_read
    print(f"bytes: {size / 1e6:.1f} MB in {count} blocks; generator {sum(gen):.2f} s")
    print(f"analysis: {analysed:.2f} s -> {size / 1e6 / analysed:.1f} MB/s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak:.0f} MiB (the stream itself is never held whole)")
    print(
        f"services {len(analysis.si.services)}, events {len(analysis.si.events)}, "
        f"P1 errors {analysis.priority1_errors}, bitrate {analysis.usage.bitrate}"
    )
    for r in analysis.tr101290:
        if r.errors or r.warnings:
            print("  ", r.spec.ref, r.spec.name, r.errors, r.warnings, r.findings[0].detail)


if __name__ == "__main__":
    main()
