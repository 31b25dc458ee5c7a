"""Shared assertions on a rendered stream: limits of TR 101 290 and of the issue."""

from __future__ import annotations

import subprocess
from pathlib import Path

from playout.ports import AsRunRecord
from tests.playout.tscheck import StreamChecker

LIMITS = {0x00: 0.5, 0x02: 0.5, 0x42: 2.0, 0x40: 10.0, 0x4E: 2.0, 0x70: 30.0, 0x73: 30.0}


def check_file(path: Path, mux_rate: int, pmt_pids: tuple[int, ...] = ()) -> StreamChecker:
    checker = StreamChecker(mux_rate, table_pids=(0x00, 0x10, 0x11, 0x12, 0x14, *pmt_pids))
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            checker.feed(chunk)
    return checker


def assert_stream_ok(checker: StreamChecker) -> None:
    report = checker.report
    assert report.pcr_count > 0
    assert report.pcr_worst_ns <= 500, f"PCR inaccuracy {report.pcr_worst_ns:.0f} ns"
    worst = max(report.pcr_max_interval.values())
    assert worst <= 0.040, f"PCR interval {worst * 1000:.1f} ms: {report.pcr_max_interval}"
    assert sum(report.cc_errors.values()) == 0, dict(report.cc_errors)
    for (pid, table_id), interval in report.table_max_interval.items():
        limit = LIMITS.get(table_id)
        if limit is not None:
            assert interval <= limit, f"PID 0x{pid:X} table 0x{table_id:02X}: {interval:.3f} s"
    seen = {table_id for _, table_id in report.table_count}
    assert {0x00, 0x02, 0x42, 0x40, 0x4E, 0x50, 0x70, 0x73} <= seen, sorted(seen)


def ffmpeg_decode_command(source: str) -> list[str]:
    """Debian's ffmpeg decoding every video and audio stream of `source` (a path or pipe:0)."""
    decode_all = ["-map", "0:v", "-map", "0:a", "-f", "null", "-"]
    return ["/usr/bin/ffmpeg", "-v", "error", "-i", source, *decode_all]


def ffmpeg_errors(path: Path | str, *, stdin: bytes | None = None) -> str:
    """Debian's ffmpeg decodes every video and audio stream; returns what it complains about."""
    result = subprocess.run(
        ffmpeg_decode_command(str(path)),
        capture_output=True,
        text=True,
        timeout=600,
        input=None,
    )
    return result.stderr.strip()


def assert_present_matches(
    checker: StreamChecker, records: list[AsRunRecord], start, *, slack: float = 1.0
) -> int:  # type: ignore[no-untyped-def]
    """At the middle of every item the as-run says aired, EIT present names its event."""
    checked = 0
    for record in records:
        if record.event_id is None or record.actual_end is None:
            continue
        if (record.actual_end - record.actual_start).total_seconds() < 2 * slack:
            continue
        middle = (record.actual_start - start).total_seconds() + (
            record.actual_end - record.actual_start
        ).total_seconds() / 2
        if middle * checker.rate / 1504 > checker.report.packets:
            continue
        assert checker.present_at(record.service_id, middle) == record.event_id, (record, middle)
        checked += 1
    return checked
