"""``telesabaq playout``: render a plan to a file or pipe (fast clock), or run it live to UDP.

Thin commands over `playout.runner`. `build_app` takes the encoder's test-source and filler
providers and the catalogue's resolver (telesabaq wires them); ``app`` is the app without them,
which airs rendition files only.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
import threading
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from playout.engine import EngineStatus
from playout.errors import PlayoutError
from playout.outputs import Output
from playout.outputs.file import FileOutput
from playout.outputs.udp import UdpOutput, parse_host_port
from playout.plan.yaml_source import load_plan
from playout.ports import FillerProvider, MediaResolver, TestSourceProvider
from playout.resolver import PlanMediaResolver
from playout.runner import AirConfig, put_on_air

__all__ = ["app", "build_app", "parse_utc_time"]


def parse_utc_time(text: str) -> datetime:
    """An ISO 8601 time given with its zone (a CLI option), as aware UTC."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise typer.BadParameter(f"{text!r} is not an ISO 8601 time") from exc
    if value.tzinfo is None:
        raise typer.BadParameter("give the time zone, e.g. 2026-09-01T06:00:00Z")
    return value.astimezone(UTC)


def _outputs_for(tsids: list[int], out: str | None, udp: list[str]) -> dict[int, list[Output]]:
    if out == "-" and len(tsids) > 1:
        raise typer.BadParameter(f"--out - carries one multiplex; choose one of {tsids} with --ts")
    outputs: dict[int, list[Output]] = {tsid: [] for tsid in tsids}
    for tsid in tsids:
        if out is not None:
            target = out if out == "-" or len(tsids) == 1 else _suffixed(out, tsid)
            outputs[tsid].append(FileOutput(target))
    for number, text in enumerate(udp):
        host, port = parse_host_port(text)
        outputs[tsids[min(number, len(tsids) - 1)] if len(udp) > 1 else tsids[0]].append(
            UdpOutput(host, port)
        )
    return outputs


def _with_output(outputs: dict[int, list[Output]]) -> dict[int, list[Output]]:
    """Only the multiplexes that go somewhere: one without an output is not built at all.

    (Building it would cost CPU, open its media and write as-run records for air nobody gets.)
    Fewer ``--udp`` destinations than multiplexes is allowed, with a note of what is left out.
    """
    kept = {tsid: group for tsid, group in outputs.items() if group}
    left_out = [tsid for tsid in outputs if tsid not in kept]
    if left_out:
        typer.echo(
            f"note: no output for transport stream(s) {left_out}: not aired "
            "(give one --udp per multiplex, or choose with --ts)",
            err=True,
        )
    return kept


def _suffixed(path: str, tsid: int) -> str:
    p = Path(path)
    return str(p.with_name(f"{p.stem}-ts{tsid}{p.suffix}"))


def _status_line(status: EngineStatus) -> None:
    rates = " ".join(f"TS{t} {r / 1e6:.3f} Mbit/s" for t, r in status.bitrate.items())
    air = "; ".join(f"{sid}: {what}" for (_, sid), what in sorted(status.on_air.items()))
    when = min(status.output_utc.values()).strftime("%H:%M:%S") if status.output_utc else "-"
    sys.stderr.write(f"\r{when}Z {rates} | {air} | late {status.late_seconds * 1000:.0f} ms\x1b[K")
    sys.stderr.flush()


def _close_all(outputs: dict[int, list[Output]]) -> None:
    for group in outputs.values():
        for output in group:
            output.close()


def _render(cfg: AirConfig, out: str, hours: float, pcr_start: int) -> None:
    tsids = list(cfg.transport_stream_ids) or [
        t.transport_stream_id for _, t in cfg.plan.transport_streams()
    ]
    cfg = replace(cfg, stc0=pcr_start, transport_stream_ids=tuple(tsids))
    outputs = _outputs_for(tsids, out, [])
    try:
        put_on_air(cfg, outputs, realtime=False, seconds=hours * 3600)
    finally:
        _close_all(outputs)


def _raise_priority() -> None:
    """A live playout should not wait behind batch work on a shared box (best effort)."""
    with contextlib.suppress(OSError):
        os.nice(-10)


def _run(
    cfg: AirConfig, out: str | None, udp: list[str], seconds: float | None, quiet: bool
) -> None:
    _raise_priority()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    tsids = list(cfg.transport_stream_ids) or [
        t.transport_stream_id for _, t in cfg.plan.transport_streams()
    ]
    outputs = _with_output(_outputs_for(tsids, out, udp))
    cfg = replace(cfg, transport_stream_ids=tuple(outputs))
    try:
        put_on_air(
            cfg,
            outputs,
            realtime=True,
            seconds=seconds,
            stop=stop,
            on_status=None if quiet else _status_line,
        )
    except KeyboardInterrupt:
        pass
    finally:
        _close_all(outputs)


def build_app(
    *,
    test_sources: TestSourceProvider | None = None,
    filler: FillerProvider | None = None,
    catalog: MediaResolver | None = None,
) -> typer.Typer:
    """The playout CLI with the station's providers plugged in."""
    cli = typer.Typer(help="Playout: render or air a station plan.", no_args_is_help=True)

    def config(plan_path: Path, start: datetime, ts: list[int], as_run: Path | None) -> AirConfig:
        plan = load_plan(plan_path)
        resolver = PlanMediaResolver(test_sources=test_sources, catalog=catalog)
        return AirConfig(
            plan=plan,
            resolver=resolver,
            start=start,
            filler=filler,
            transport_stream_ids=tuple(ts),
            as_run_path=as_run,
        )

    @cli.command()
    def render(
        plan: Annotated[Path, typer.Option(help="station plan (YAML)")],
        start: Annotated[str, typer.Option(help="ISO 8601 start, e.g. 2026-09-01T06:00:00Z")],
        hours: Annotated[float, typer.Option(help="hours of air to render (fractions allowed)")],
        out: Annotated[str, typer.Option(help="output .ts file, or - for standard output")],
        ts: Annotated[list[int], typer.Option(help="transport_stream_id (repeatable)")] = [],  # noqa: B006
        as_run: Annotated[Path | None, typer.Option(help="as-run JSONL file")] = None,
        pcr_start: Annotated[int, typer.Option(help="system clock at the start (27 MHz)")] = 0,
    ) -> None:
        """Render HOURS of air as fast as the CPU allows (several multiplexes: FILE-tsN.ts)."""
        if hours <= 0:
            raise typer.BadParameter("--hours must be positive")
        try:
            _render(config(plan, parse_utc_time(start), ts, as_run), out, hours, pcr_start)
        except PlayoutError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from exc

    @cli.command()
    def run(
        plan: Annotated[Path, typer.Option(help="station plan (YAML)")],
        udp: Annotated[list[str], typer.Option(help="HOST:PORT, one per multiplex")] = [],  # noqa: B006
        out: Annotated[str | None, typer.Option(help="also write to this .ts file")] = None,
        ts: Annotated[list[int], typer.Option(help="transport_stream_id (repeatable)")] = [],  # noqa: B006
        as_run: Annotated[Path | None, typer.Option(help="as-run JSONL file")] = Path(
            "as-run.jsonl"
        ),
        seconds: Annotated[float | None, typer.Option(help="stop after this many seconds")] = None,
        quiet: Annotated[bool, typer.Option(help="no status line")] = False,
    ) -> None:
        """Air the plan in real time, from now (joining what is on at the right point)."""
        if not udp and out is None:
            raise typer.BadParameter("give --udp HOST:PORT and/or --out FILE")
        logging.basicConfig(level=logging.WARNING)
        try:
            start = datetime.now(UTC).replace(microsecond=0)
            _run(config(plan, start, ts, as_run), out, udp, seconds, quiet)
        except PlayoutError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from exc

    return cli


app = build_app()
