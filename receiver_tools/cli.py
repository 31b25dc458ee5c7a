"""`telesabaq analyze SOURCE`: see a stream the way a receiver and a TR 101 290 probe see it.

Thin: options are parsed here, the work is in `receiver_tools.analyzer` and the formatters in
`receiver_tools.report`. Exit status: 0 clean, 1 priority-1 errors found, 2 the source could
not be read.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from receiver_tools.analyzer import analyze as run_analysis
from receiver_tools.report.json import to_json
from receiver_tools.report.picture import FontNotFoundError, draw_epg_grid
from receiver_tools.report.table import report_renderables
from receiver_tools.report.xmltv import analysis_to_xmltv
from receiver_tools.sources import SourceError, open_source

__all__ = ["app"]

app = typer.Typer(help="Receiver tools: service scan, EPG, TR 101 290.", no_args_is_help=True)

EXIT_PRIORITY1 = 1
EXIT_SOURCE = 2


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
) -> None:
    """Scan services, dump the EPG and run TR 101 290 priority 1 and 2 checks on SOURCE."""
    err = Console(stderr=True)
    try:
        analysis = run_analysis(open_source(source, seconds=seconds), bitrate=bitrate)
    except SourceError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(EXIT_SOURCE) from exc
    if xmltv is not None:
        xmltv.write_text(analysis_to_xmltv(analysis), encoding="utf-8")
    if picture is not None:
        try:
            draw_epg_grid(
                analysis.si.events,
                analysis.si.services,
                picture,
                start=analysis.si.time.first_utc,
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
