"""The `telesabaq` command: one Typer app that mounts each package's own commands.

Composition only. Each middle package keeps its commands in its own `cli.py`; `build_cli`
mounts them with the station's settings and wiring, so `telesabaq --help` lists the whole
station. Nothing is built at import time: `main()` reads the settings when the command runs.
"""

from __future__ import annotations

from importlib.metadata import version as dist_version

import typer

from catalog import cli as catalog_cli
from encoder import cli as encoder_cli
from receiver_tools import cli as receiver_cli
from telesabaq.settings import Settings, get_settings
from telesabaq.wiring import playout_cli

__all__ = ["build_cli", "main"]


def _version() -> None:
    """Print the Telesabaq version."""
    typer.echo(dist_version("telesabaq"))


def build_cli(settings: Settings) -> typer.Typer:
    """The whole command tree, wired to `settings`."""
    app = typer.Typer(
        name="telesabaq",
        help="Telesabaq: lectures on DVB television, from upload to the follow-up test.",
        no_args_is_help=True,
        add_completion=False,
    )
    catalog_cli.configure(settings.catalog)
    app.command("serve", help="Run the web portal and API (the catalogue).")(catalog_cli.serve)
    app.add_typer(catalog_cli.db_app, name="db", help="Database migrations.")
    app.command("encode", help="Encode a recording into a channel-ready rendition.")(
        encoder_cli.encode
    )
    app.add_typer(
        playout_cli(settings.resolved_media_dir()),
        name="playout",
        help="Render or air a station plan.",
    )
    app.command("analyze", help="Analyse a TS like a receiver and a TR 101 290 probe.")(
        receiver_cli.analyze
    )
    app.command("version")(_version)
    return app


def main() -> None:
    """Console entry point."""
    build_cli(get_settings())()
