"""`telesabaq analyze SOURCE`: see a stream the way a receiver and a TR 101 290 probe see it.

Thin: options are parsed here, the work is in `receiver_tools.analyzer` and the formatters in
`receiver_tools.report`. Exit status: 0 clean, 1 priority-1 errors found, 2 the source could
not be read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime, time
from pathlib import Path

import typer
from rich.console import Console

from receiver_tools.analyzer import analyze as run_analysis
from receiver_tools.eventlist import EventInfo
from receiver_tools.report.json import to_json
from receiver_tools.report.picture import FontNotFoundError, draw_epg_grid
from receiver_tools.report.table import report_renderables
from receiver_tools.report.xmltv import analysis_to_xmltv
from receiver_tools.sources import SourceError, open_source

__all__ = ["app"]

app = typer.Typer(help="Receiver tools: service scan, EPG, TR 101 290.", no_args_is_help=True)

EXIT_PRIORITY1 = 1
EXIT_SOURCE = 2
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")


def parse_picture_start(text: str | None) -> datetime | time | None:
    """`--picture-start`: an ISO 8601 date and time (UTC unless it says otherwise), or a bare
    HH:MM to be placed on the stream's own day once it is known."""
    if text is None:
        return None
    if clock := _CLOCK.fullmatch(text.strip()):
        hour, minute = int(clock[1]), int(clock[2])
        if hour < 24 and minute < 60:
            return time(hour, minute, tzinfo=UTC)
    else:
        try:
            moment = datetime.fromisoformat(text.strip())
        except ValueError:
            pass
        else:
            return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    raise typer.BadParameter(
        f"{text!r} is not a time: use 2026-03-02T09:00Z or 09:00 (UTC)",
        param_hint="--picture-start",
    )


def resolve_picture_start(
    value: datetime | time | None, now: datetime | None, events: Sequence[EventInfo]
) -> datetime | None:
    """A bare HH:MM goes on the day of the broadcast time, else of the earliest event."""
    if value is None or isinstance(value, datetime):
        return value
    days = [now] if now is not None else sorted(e.start for e in events if e.start is not None)
    day = days[0].astimezone(UTC).date() if days else datetime.now(UTC).date()
    return datetime.combine(day, value)


@app.command()
def analyze(
    source: str = typer.Argument(..., help="TS file, '-' for standard input, or udp://HOST:PORT"),
    json_output: bool = typer.Option(
        False, "--json", help="Print the JSON report (schema telesabaq.analyze/1)."
    ),
    xmltv: Path | None = typer.Option(None, "--xmltv", help="Write the EPG as XMLTV to this file."),
    picture: Path | None = typer.Option(None, "--picture", help="Write a PNG of the EPG grid."),
    seconds: float | None = typer.Option(None, "--seconds", help="How long to listen (UDP)."),
    bitrate: float | None = typer.Option(
        None, "--bitrate", help="TS bitrate (bit/s) if the stream has no PCR."
    ),
    max_events: int = typer.Option(200, "--max-events", help="EPG rows in the table report."),
    picture_start: str | None = typer.Option(
        None,
        "--picture-start",
        "--start",
        help="EPG picture: start at this UTC time (ISO 8601, or HH:MM on the stream's day) "
        "instead of the broadcast time.",
    ),
    picture_hours: float | None = typer.Option(
        None,
        "--picture-hours",
        "--hours",
        min=0.05,
        help="EPG picture: show this many hours instead of a window chosen from the events.",
    ),
) -> None:
    """Scan services, dump the EPG and run TR 101 290 priority 1 and 2 checks on SOURCE."""
    err = Console(stderr=True)
    start_at = parse_picture_start(picture_start)
    try:
        analysis = run_analysis(open_source(source, seconds=seconds), bitrate=bitrate)
    except SourceError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(EXIT_SOURCE) from exc
    if xmltv is not None:
        xmltv.write_text(analysis_to_xmltv(analysis), encoding="utf-8")
    if picture is not None:
        try:
            now = analysis.si.time.first_utc
            draw_epg_grid(
                analysis.si.events,
                analysis.si.services,
                picture,
                now=now,
                start=resolve_picture_start(start_at, now, analysis.si.events),
                hours=picture_hours,
            )
        except FontNotFoundError as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(EXIT_SOURCE) from exc
    if json_output:
        typer.echo(to_json(analysis))
    else:
        Console(width=160).print(report_renderables(analysis, max_events=max_events))
    if analysis.priority1_errors:
        raise typer.Exit(EXIT_PRIORITY1)
