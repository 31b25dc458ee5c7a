"""``telesabaq encode``: encode one upload to a channel profile, with a progress bar.

Thin: parse arguments, call :func:`encoder.rendition.make_rendition`, print. Mount with
``app.command("encode")(encoder.cli.encode)`` for ``telesabaq encode INPUT --profile NAME --out
DIR``, or ``app.add_typer(encoder.cli.app, name="encoder")`` for the whole group.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from encoder.errors import EncoderError, InputError
from encoder.jobs import default_threads
from encoder.profiles import builtin_profiles, get_profile, load_profiles
from encoder.progress import Progress as FFmpegProgress
from encoder.rendition import EncodeOptions, make_rendition

app = typer.Typer(help="Make channel-ready renditions of lecture recordings.", no_args_is_help=True)


@app.command("encode")
def encode(
    source: Annotated[Path, typer.Argument(help="The upload: any audio/video file.")],
    profile: Annotated[str, typer.Option("--profile", "-p", help="Channel profile name.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory for the rendition.")],
    title: Annotated[str, typer.Option(help="Title for the slate of audio-only lectures.")] = "",
    threads: Annotated[int, typer.Option(help="FFmpeg thread cap.")] = default_threads(),
    nice: Annotated[int, typer.Option(help="Niceness added to FFmpeg.")] = 10,
    profiles_dir: Annotated[
        list[Path] | None, typer.Option(help="Extra directories of profile YAML files.")
    ] = None,
) -> None:
    """Encode SOURCE to PROFILE into OUT: probe, loudness, encode, index, verify, publish."""
    console = Console(stderr=True)
    try:
        channel = get_profile(profile, extra_dirs=profiles_dir or ())
    except EncoderError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TextColumn("{task.fields[speed]}"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(f"{source.name} -> {channel.name}", total=1.0, speed="")

        def show(report: FFmpegProgress) -> None:
            speed = f"{report.speed:.1f}x" if report.speed else ""
            bar.update(task, completed=report.fraction, speed=speed)

        options = EncodeOptions(threads=threads, niceness=nice, on_progress=show)
        try:
            rendition = make_rendition(source, channel, out, title=title or None, options=options)
        except InputError as exc:
            console.print(f"[red]refused:[/red] {exc}")
            raise typer.Exit(1) from exc
        except EncoderError as exc:
            console.print(f"[red]failed:[/red] {exc}")
            raise typer.Exit(1) from exc
    for warning in rendition.warnings:
        console.print(f"[yellow]warning:[/yellow] {warning}")
    index = rendition.index
    typer.echo(f"{rendition.ts_path}")
    typer.echo(
        f"duration {index.duration / 90_000:.2f} s, {len(index.random_access_points)} RAPs, "
        f"loudness {index.loudness.integrated_lufs} LUFS, true peak {index.loudness.true_peak_dbtp}"
        f" dBTP, verified: {index.verification.passed}"
    )


@app.command("profiles")
def profiles(
    profiles_dir: Annotated[
        list[Path] | None, typer.Option(help="Extra directories of profile YAML files.")
    ] = None,
) -> None:
    """List the channel profiles (test-only ones are marked)."""
    for name, profile in sorted((builtin_profiles() | load_profiles(profiles_dir or ())).items()):
        marker = " [test only]" if profile.test_only else ""
        typer.echo(f"{name}{marker}: {profile.description}")
