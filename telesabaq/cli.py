"""The `telesabaq` command: one Typer app that mounts each package's own commands.

Composition only. Each middle package keeps its commands in its own `cli.py`; `build_cli`
mounts them with the station's settings and wiring, so `telesabaq --help` lists the whole
station. Nothing is built at import time: `main()` reads the settings when the command runs,
and the heavy parts (database, encoder, playout) are built only inside the command that needs
them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from importlib.metadata import version as dist_version
from pathlib import Path
from typing import Annotated

import typer

from catalog import assessment_cli
from catalog import cli as catalog_cli
from encoder import cli as encoder_cli
from playout.cli import parse_utc_time
from receiver_tools import cli as receiver_cli
from telesabaq.epg_export import EpgFormat
from telesabaq.settings import Settings, get_settings
from telesabaq.wiring import playout_cli

__all__ = ["build_cli", "main"]


def _version() -> None:
    """Print the installed Telesabaq version and exit."""
    typer.echo(dist_version("telesabaq"))


def _wait_for_ctrl_c(station: object) -> None:
    import signal
    import time

    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        while not station.stop_event.is_set():  # type: ignore[attr-defined]
            time.sleep(0.5)
    except KeyboardInterrupt:
        typer.echo("stopping ...")
    finally:
        station.stop()  # type: ignore[attr-defined]


def _station_commands(app: typer.Typer, settings: Settings) -> None:
    @app.command("demo", short_help="Seed the demo and run the whole station (scripts/station).")
    def demo(
        wait: Annotated[
            float, typer.Option(help="Seconds to wait for the first slots' encodes before airing.")
        ] = 480.0,
    ) -> None:
        """Seed the demo (two courses, generated lectures, two channels, today's and tomorrow's
        plan), then run the whole station: portal, encoder, playout to UDP on 127.0.0.1 and a
        rolling file. Ctrl-C stops everything; a second run reuses what exists."""
        from telesabaq.demo.run import run_demo
        from telesabaq.demo.seed import DemoProfiles

        profiles = DemoProfiles(t2=settings.demo.t2_profile, s2=settings.demo.s2_profile)
        run_demo(settings, profiles, on_air_wait=wait)

    @app.command("station", short_help="Run portal, encoder and playout on the catalogue.")
    def station() -> None:
        """Run the station on what the catalogue holds (no demo seeding): portal, encoder and
        the playout in real time to the UDP addresses in the settings. Ctrl-C stops it."""
        from telesabaq.station import Station

        running = Station(settings)
        running.start_encoder()
        typer.echo(f"portal: {running.start_portal()}")
        try:
            where = running.start_playout()
        except RuntimeError as exc:
            running.stop()
            typer.echo(f"error: {exc} (plan channels in the portal, or run `telesabaq demo`)")
            raise typer.Exit(2) from exc
        for line in where:
            typer.echo(f"playout: {line}")
        _wait_for_ctrl_c(running)

    @app.command("serve", short_help="Run the web portal and API, with the encoder.")
    def serve() -> None:
        """Run the web portal and API (the catalogue) with the encoder behind uploads, without
        the playout. Migrates the database first."""
        from telesabaq.station import Station

        running = Station(settings)
        running.start_encoder()
        typer.echo(f"portal: {running.start_portal()} (database {running.catalog.database_url})")
        _wait_for_ctrl_c(running)


def _epg_app(settings: Settings) -> typer.Typer:
    epg = typer.Typer(help="The programme guide from the catalogue.", no_args_is_help=True)

    @epg.command("export")
    def export(
        fmt: Annotated[EpgFormat, typer.Option("--format", "-f", help="Output format.")] = (
            EpgFormat.XMLTV
        ),
        out: Annotated[Path | None, typer.Option("--out", "-o", help="File; default stdout.")] = (
            None
        ),
        days: Annotated[float, typer.Option(help="How many days from the start.")] = 8.0,
        start: Annotated[
            str | None, typer.Option(help="ISO 8601 start with zone; default: a day ago.")
        ] = None,
    ) -> None:
        """Export every channel's guide from the catalogue as XMLTV, JSON or iCalendar, the
        same data the portal's feeds serve."""
        from catalog.db import make_engine, make_sessionmaker
        from telesabaq.epg_export import export_epg, write

        cat = settings.catalog()
        begin = parse_utc_time(start) if start else datetime.now(UTC) - timedelta(days=1)
        engine = make_engine(cat.database_url)
        try:
            with make_sessionmaker(engine)() as session:
                text = export_epg(
                    session,
                    fmt,
                    start=begin,
                    days=days,
                    public_base_url=cat.public_base_url,
                    timezone=cat.station_timezone,
                )
        finally:
            engine.dispose()
        write(text, out)

    return epg


def _playout_app(settings: Settings) -> typer.Typer:
    playout = playout_cli(settings.resolved_media_dir())

    @playout.command(
        "render-catalog", short_help="Render the catalogue's plan with the fast clock."
    )
    def render_catalog(
        start: Annotated[str, typer.Option(help="ISO 8601 start, e.g. 2026-09-01T06:00:00Z")],
        hours: Annotated[float, typer.Option(help="Hours of air to render (fractions allowed).")],
        out: Annotated[Path, typer.Option(help="Output .ts (several multiplexes: FILE-tsN.ts).")],
    ) -> None:
        """Render the catalogue's plan (not a plan file) with the fast clock; as-run goes back
        into the catalogue, so the modules that aired count as aired."""
        from telesabaq.station import Station

        if hours <= 0:
            raise typer.BadParameter("--hours must be positive")
        station = Station(settings)
        try:
            begin = parse_utc_time(start)
            station.endcards.ensure_planned(begin + timedelta(hours=hours), now=begin)
            for path in station.render(begin, hours * 3600, out):
                typer.echo(str(path))
        finally:
            station.engine.dispose()

    return playout


def _catalog_admin_app() -> typer.Typer:
    """Users, the hls.js player and the learning-record store: the catalogue's own commands."""
    admin = typer.Typer(help="Catalogue administration.", no_args_is_help=True)
    admin.command("create-user")(catalog_cli.create_user)
    admin.command("fetch-hlsjs")(catalog_cli.fetch_hlsjs)
    admin.add_typer(assessment_cli.app, name="assessment", help="Footprint export, LRS sync.")
    return admin


def build_cli(settings: Settings) -> typer.Typer:
    """The whole command tree, wired to `settings`."""
    app = typer.Typer(
        name="telesabaq",
        help="Telesabaq: lectures on DVB television, from upload to the follow-up test.",
        no_args_is_help=True,
        add_completion=False,
    )
    catalog_cli.configure(settings.catalog)
    _station_commands(app, settings)
    app.add_typer(catalog_cli.db_app, name="db", help="Database migrations (upgrade, downgrade).")
    app.command("encode", help="Encode a recording into a channel-ready rendition.")(
        encoder_cli.encode
    )
    app.add_typer(
        _playout_app(settings),
        name="playout",
        help="Render (fast clock) or air (real time) a station plan file or the catalogue's plan.",
    )
    app.command("analyze", help="Analyse a TS like a receiver and a TR 101 290 probe.")(
        receiver_cli.analyze
    )
    app.add_typer(_epg_app(settings), name="epg", help="The programme guide: export it.")
    app.add_typer(_catalog_admin_app(), name="catalog", help="Catalogue administration.")
    app.command("version")(_version)
    return app


def main() -> None:
    """Console entry point."""
    build_cli(get_settings())()
