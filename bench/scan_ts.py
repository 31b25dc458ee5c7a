"""Benchmark: scan a 500 MB transport stream (PIDs, continuity counters, PCRs) with mpegts.scan.

Goal (issue 2): >= 300 MB/s on the project machine. The stream is never written to disk: by
default a few distinct 12 MB chunks of a realistic CBR multiplex (H.264-like video PID with PCR
every 40 ms, two audio PIDs, PAT/PMT/SDT/EIT, null stuffing) are generated in memory and fed to
`TSScanner` in turn until 500 MB have passed; each PID's packet count per chunk is a multiple of
16 so the counters run on seamlessly from chunk to chunk. ``--stdin`` scans whatever is piped in
instead (``cat x.ts | python bench/scan_ts.py --stdin``). The result is checked (no CC errors,
the expected PCR count) so a fast but wrong scanner cannot pass.

    .venv/bin/python bench/scan_ts.py [--megabytes 500] [--repeat 3] [--stdin]
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from datetime import UTC, datetime

import numpy as np

from mpegts.packet import PACKET_SIZE, AdaptationField, TSPacket, null_packet
from mpegts.scan import ScanSummary, TSScanner

CHUNK_PACKETS = 65_536
VIDEO, AUDIO1, AUDIO2 = 0x100, 0x101, 0x102
SI_PIDS = (0x0000, 0x1000, 0x0011, 0x0012)
# Packets per 1000 of the mux: 700 video, 2 x 12 audio, 8 SI, the rest null.
MIX = [(VIDEO, 700), (AUDIO1, 12), (AUDIO2, 12), *((pid, 2) for pid in SI_PIDS)]
PCR_EVERY = 200  # video packets between PCRs (~40 ms at 7 Mbit/s)


def _pid_sequence(rng: np.random.Generator) -> list[int]:
    counts = {pid: share * CHUNK_PACKETS // 1000 // 16 * 16 for pid, share in MIX}
    counts[0x1FFF] = CHUNK_PACKETS - sum(counts.values())
    sequence = np.concatenate([np.full(n, pid, dtype=np.int64) for pid, n in counts.items()])
    rng.shuffle(sequence)
    return [int(pid) for pid in sequence]


def make_chunk(seed: int) -> tuple[bytes, int]:
    """One chunk of the multiplex and the number of PCRs in it."""
    rng = np.random.default_rng(seed)
    payload = rng.integers(0, 256, size=CHUNK_PACKETS * 184, dtype=np.uint8).tobytes()
    counters: dict[int, int] = {}
    packets, pcrs = [], 0
    for index, pid in enumerate(_pid_sequence(rng)):
        if pid == 0x1FFF:
            packets.append(null_packet())
            continue
        cc = counters.get(pid, 0)
        counters[pid] = (cc + 1) % 16
        adaptation = None
        if pid == VIDEO and cc % 16 == 0 and (index // 16) % (PCR_EVERY // 16) == 0:
            adaptation = AdaptationField(pcr=(seed * 10**9 + index * 1000) % (2**33 * 300))
            pcrs += 1
        room = 184 - (0 if adaptation is None else adaptation.minimum_size)
        body = payload[index * 184 : index * 184 + room]
        packets.append(
            TSPacket(pid=pid, payload=body, continuity_counter=cc, adaptation=adaptation).encode()
        )
    return b"".join(packets), pcrs


def scan_generated(megabytes: int, chunks: list[tuple[bytes, int]]) -> tuple[float, int, int]:
    """Seconds to scan at least `megabytes` MB of whole cycled chunks, bytes scanned, PCRs."""
    count = -(-megabytes * 1_000_000 // len(chunks[0][0]))
    scanner = TSScanner()
    fed = expected_pcrs = 0
    start = time.perf_counter()
    for number in range(count):
        data, pcrs = chunks[number % len(chunks)]
        scanner.feed(data)
        fed += len(data)
        expected_pcrs += pcrs
    elapsed = time.perf_counter() - start
    _verify(scanner.result(), fed, expected_pcrs)
    return elapsed, fed, expected_pcrs


def _verify(summary: ScanSummary, fed: int, expected_pcrs: int) -> None:
    assert summary.packets == fed // PACKET_SIZE, "packet count"
    assert len(summary.cc_error_indices) == 0, f"{len(summary.cc_error_indices)} CC errors"
    assert len(summary.pcr_values) == expected_pcrs, "PCR count"
    assert summary.pid_counts.sum() == summary.packets


def scan_stdin() -> tuple[float, int]:
    scanner = TSScanner()
    buffer = bytearray(8 * 1024 * 1024)
    view = memoryview(buffer)
    fed = 0
    start = time.perf_counter()
    with open(sys.stdin.fileno(), "rb", buffering=0, closefd=False) as stream:
        while count := stream.readinto(buffer):
            scanner.feed(view[:count])
            fed += count
    elapsed = time.perf_counter() - start
    summary = scanner.result()
    print(
        f"packets {summary.packets}, PIDs {len(summary.present_pids)}, "
        f"CC errors {len(summary.cc_error_indices)}, PCRs {len(summary.pcr_values)}"
    )
    return elapsed, fed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--stdin", action="store_true")
    args = parser.parse_args()
    print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.processor() or platform.machine()}")
    print(f"python {platform.python_version()}, numpy {np.__version__}")
    if args.stdin:
        elapsed, fed = scan_stdin()
        print(f"stdin: {fed / 1e6:.0f} MB in {elapsed:.2f} s = {fed / 1e6 / elapsed:.0f} MB/s")
        return
    chunks = [make_chunk(seed) for seed in range(4)]
    rates = []
    for _ in range(args.repeat):
        elapsed, fed, pcrs = scan_generated(args.megabytes, chunks)
        rates.append(fed / 1e6 / elapsed)
        print(f"{fed / 1e6:.0f} MB ({fed // PACKET_SIZE} packets, {pcrs} PCRs) in {elapsed:.2f} s")
    print(f"best {max(rates):.0f} MB/s, median {sorted(rates)[len(rates) // 2]:.0f} MB/s")


if __name__ == "__main__":
    main()
