"""The `telesabaq` command: a Typer app that mounts each package's own sub-app.

Composition only. Each middle package keeps its commands in its own `cli.py` (a Typer app of thin
commands); this module mounts them so that `telesabaq --help` lists the whole station.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="telesabaq",
    help="Telesabaq: lectures on DVB television, from upload to the follow-up test.",
    no_args_is_help=True,
    add_completion=False,
)


@app.command()
def version() -> None:
    """Print the Telesabaq version."""
    from importlib.metadata import version as dist_version

    typer.echo(dist_version("telesabaq"))


if __name__ == "__main__":  # pragma: no cover
    app()
