"""Make one channel-ready rendition: probe, measure loudness, encode, index, verify, publish.

Publishing is atomic. Everything is written under temporary names in the destination directory
and renamed only after the rendition passed verification: first the TS, then its index. A
rendition is *ready* when its ``.index.json`` exists, so a failed, cancelled or killed job never
leaves something that looks ready (at worst an orphan ``.partial`` file, swept by
:func:`sweep_partials`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from encoder.commands import EncodePlan, encode_argv, loudness_measure_argv
from encoder.errors import VerificationError
from encoder.gop_index import TsScan, scan_ts, sha256_file
from encoder.loudness import LoudnessMeasurement, parse_ebur128_summary
from encoder.probe import MediaInfo, probe
from encoder.profiles import ChannelProfile
from encoder.progress import Progress
from encoder.runner import Runner, ffmpeg_exe
from encoder.stills import TextLine, card_size, render_card
from encoder.verify import stream_bitrate, verify_rendition
from mpegts.rendition_index import (
    Loudness,
    RandomAccessPoint,
    RenditionIndex,
    StreamEntry,
    Verification,
)

__all__ = ["EncodeOptions", "Rendition", "encode_plan", "make_rendition", "sweep_partials"]

logger = logging.getLogger(__name__)
PARTIAL = ".partial"


@dataclass(frozen=True, slots=True, kw_only=True)
class Rendition:
    """A published rendition: the TS, its index file and the parsed index."""

    ts_path: Path
    index_path: Path
    index: RenditionIndex
    warnings: tuple[str, ...] = ()
    timings: tuple[tuple[str, float], ...] = ()
    """Wall seconds per stage (probe, loudness, encode, index, verify, publish), for benchmarks."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EncodeOptions:
    """How to run FFmpeg: thread cap, niceness, progress callback, cancellation via the runner."""

    threads: int = 1
    niceness: int = 10
    on_progress: Callable[[Progress], None] | None = None
    runner: Runner | None = None
    ffmpeg: str | None = None

    def make_runner(self) -> Runner:
        return self.runner or Runner(niceness=self.niceness)


def make_rendition(
    source: Path,
    profile: ChannelProfile,
    out_dir: Path,
    *,
    title: str | None = None,
    name: str | None = None,
    options: EncodeOptions | None = None,
) -> Rendition:
    """Turn an upload into a verified rendition of ``profile`` in ``out_dir``.

    ``title`` goes on the still slate of an audio-only lecture; ``name`` is the file stem
    (default ``<source stem>.<profile>``).
    """
    options = options or EncodeOptions()
    runner, exe = options.make_runner(), options.ffmpeg or ffmpeg_exe()
    timings: dict[str, float] = {}
    with _timed(timings, "probe"):
        media = probe(Path(source))
    with _timed(timings, "loudness"):
        loudness = measure_loudness(media, runner, exe)
    stem = name or f"{Path(source).stem}.{profile.name}"
    out_dir.mkdir(parents=True, exist_ok=True)
    frames = max(1, round(media.duration * float(profile.video.frame_rate)))
    with _temporary(out_dir, stem, ".png") as slate:
        still = None
        if media.audio_only:
            still = render_card(
                card_size(profile.video),
                [TextLine(text=title or Path(source).stem, size=0.08)],
                slate,
            )
        plan = EncodePlan(
            source=Path(source),
            media=media,
            still=still,
            frames=frames,
            loudness=loudness,
            threads=options.threads,
        )
        return encode_plan(
            profile,
            plan,
            out_dir,
            stem,
            options=options,
            runner=runner,
            ffmpeg=exe,
            expect_sound=loudness is not None and not loudness.silent,
            warnings=media.warnings,
            timings=timings,
        )


def measure_loudness(media: MediaInfo, runner: Runner, exe: str) -> LoudnessMeasurement | None:
    """First EBU R128 pass (audio-only decode); None when there is no audio."""
    if media.audio is None:
        return None
    result = runner.run(loudness_measure_argv(exe, media.path, media.audio.index))
    measured = parse_ebur128_summary(result.stderr)
    logger.info("%s: input loudness %s", media.path.name, measured)
    return measured


def encode_plan(
    profile: ChannelProfile,
    plan: EncodePlan,
    out_dir: Path,
    stem: str,
    *,
    options: EncodeOptions,
    runner: Runner,
    ffmpeg: str,
    expect_sound: bool,
    warnings: tuple[str, ...] = (),
    timings: dict[str, float] | None = None,
) -> Rendition:
    """Encode ``plan`` to a temporary TS, index and verify it, then publish atomically."""
    out_dir.mkdir(parents=True, exist_ok=True)
    ts_final, index_final = out_dir / f"{stem}.ts", out_dir / f"{stem}.index.json"
    with _temporary(out_dir, stem, ".ts") as ts_tmp, _temporary(out_dir, stem, ".json") as idx_tmp:
        plan = dataclasses.replace(plan, output=ts_tmp)
        seconds = plan.frames / float(profile.video.frame_rate)
        with _timed(timings, "encode"):
            runner.run(
                encode_argv(ffmpeg, profile, plan),
                expected_seconds=seconds,
                on_progress=options.on_progress,
            )
        with _timed(timings, "index"):
            scan = scan_ts(ts_tmp)
        with _timed(timings, "verify"):
            verdict = verify_rendition(
                ts_tmp,
                scan,
                profile,
                runner,
                ffmpeg_exe=ffmpeg,
                expect_sound=expect_sound,
                still=plan.still is not None,
                threads=options.threads,
            )
        if not verdict.passed:
            raise VerificationError(verdict.problems)
        with _timed(timings, "publish"):
            index = build_index(
                scan,
                profile,
                ts_tmp,
                verdict.loudness,
                Verification(passed=True, decoder=_decoder_name(ffmpeg)),
            )
            idx_tmp.write_text(index.to_json(), encoding="utf-8")
            with contextlib.suppress(FileNotFoundError):
                index_final.unlink()  # a re-made rendition is not ready until its new index lands
            os.replace(ts_tmp, ts_final)
            os.replace(idx_tmp, index_final)
    return Rendition(
        ts_path=ts_final,
        index_path=index_final,
        index=index,
        warnings=warnings,
        timings=tuple((timings or {}).items()),
    )


@contextlib.contextmanager
def _timed(timings: dict[str, float] | None, stage: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        if timings is not None:
            timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - started


def _decoder_name(exe: str) -> str:
    return f"ffmpeg ({Path(exe).name})"


def build_index(
    scan: TsScan,
    profile: ChannelProfile,
    ts_path: Path,
    loudness: LoudnessMeasurement,
    verification: Verification,
) -> RenditionIndex:
    """The mpegts-level index of a scanned rendition."""
    streams = tuple(
        StreamEntry(
            pid=s.pid,
            stream_type=s.stream_type,
            kind="video" if s.kind == "video" else "audio",
            codec=s.codec,
            first_pts=s.first_pts,
            last_pts=s.last_pts,
            first_dts=s.first_dts,
            last_dts=s.last_dts,
            end_pts=s.end_pts(_frame_ticks(profile, s.kind)),
            bitrate=stream_bitrate(scan, profile, s.pid),
        )
        for s in scan.streams
    )
    video = scan.video
    return RenditionIndex(
        profile=profile.name,
        ts_size=scan.packet_count * 188,
        sha256=sha256_file(ts_path),
        packet_count=scan.packet_count,
        mux_rate=profile.mux.mux_rate,
        program_number=scan.program_number,
        pmt_pid=scan.pmt_pid,
        pcr_pid=scan.pcr_pid,
        streams=streams,
        duration=video.last_pts + profile.video.frame_ticks - video.first_pts,
        video_frame_ticks=profile.video.frame_ticks,
        audio_frame_ticks=profile.audio.frame_ticks,
        random_access_points=tuple(
            RandomAccessPoint(byte_offset=r.byte_offset, pts=r.pts, dts=r.dts) for r in scan.raps
        ),
        first_pcr=scan.first_pcr,
        last_pcr=scan.last_pcr,
        loudness=Loudness(
            integrated_lufs=loudness.integrated_lufs,
            true_peak_dbtp=loudness.true_peak_dbtp,
            lra_lu=loudness.lra_lu,
        ),
        verification=verification,
    )


def _frame_ticks(profile: ChannelProfile, kind: str) -> int:
    return profile.video.frame_ticks if kind == "video" else profile.audio.frame_ticks


@contextlib.contextmanager
def _temporary(directory: Path, stem: str, suffix: str):  # type: ignore[no-untyped-def]
    """A unique hidden temporary path in ``directory``, removed on exit if still there."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f".{stem}.{uuid.uuid4().hex[:8]}{PARTIAL}{suffix}"
    try:
        yield path
    finally:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def sweep_partials(directory: Path) -> int:
    """Remove temporary files left by killed jobs; returns how many were removed."""
    removed = 0
    for path in Path(directory).glob(f".*{PARTIAL}.*"):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            removed += 1
    return removed
