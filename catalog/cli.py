"""`telesabaq serve` and `telesabaq db upgrade`: a Typer sub-app of thin commands.

Settings come from the caller: the lead's `telesabaq.cli` passes a settings factory via
`configure(...)`; alone, `default_settings()` (SQLite + media under the user's data folder,
a secret generated on first run and kept there) plus `TELESABAQ_CATALOG_*` overrides.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from catalog.settings import CatalogSettings, default_settings

app = typer.Typer(name="catalog", help="The catalogue web service.", no_args_is_help=True)
db_app = typer.Typer(name="db", help="Database migrations.", no_args_is_help=True)
app.add_typer(db_app, name="db")

_factory: dict[str, Callable[[], CatalogSettings]] = {}
_app_kwargs: dict[str, Callable[[], dict[str, Any]]] = {}


def configure(
    settings: Callable[[], CatalogSettings], app_kwargs: Callable[[], dict[str, Any]] | None = None
) -> None:
    """Let the composition root supply settings and ports (encode_queue=..., prober=...)."""
    _factory["settings"] = settings
    if app_kwargs is not None:
        _app_kwargs["kwargs"] = app_kwargs


def load_settings() -> CatalogSettings:
    """The configured settings, else defaults with environment overrides."""
    if "settings" in _factory:
        return _factory["settings"]()
    base = default_settings(
        Path(os.environ["TELESABAQ_DATA_DIR"]) if "TELESABAQ_DATA_DIR" in os.environ else None
    )
    overrides = {
        field: os.environ[f"TELESABAQ_CATALOG_{field.upper()}"]
        for field in CatalogSettings.model_fields
        if f"TELESABAQ_CATALOG_{field.upper()}" in os.environ
    }
    return base.model_copy(
        update=CatalogSettings.model_validate({**base.model_dump(), **overrides}).model_dump()
    )


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8000, help="TCP port."),
    upgrade_first: bool = typer.Option(
        True, "--upgrade/--no-upgrade", help="Apply migrations first."
    ),
) -> None:
    """Run the catalogue (web pages, API, feeds) with uvicorn."""
    import uvicorn

    from catalog.app import create_app
    from catalog.migrate import upgrade

    settings = load_settings()
    if upgrade_first:
        upgrade(settings.database_url)
    kwargs = _app_kwargs["kwargs"]() if "kwargs" in _app_kwargs else {}
    typer.echo(f"catalogue on http://{host}:{port}/ (database {settings.database_url})")
    uvicorn.run(create_app(settings, **kwargs), host=host, port=port, log_level="info")


@db_app.command("upgrade")
def db_upgrade(revision: str = typer.Argument("head", help="Target revision.")) -> None:
    """Apply the catalogue's migrations up to REVISION."""
    from catalog.migrate import upgrade

    settings = load_settings()
    upgrade(settings.database_url, revision)
    typer.echo(f"database at {revision}: {settings.database_url}")


@db_app.command("downgrade")
def db_downgrade(revision: str = typer.Argument(..., help="Target revision, e.g. base.")) -> None:
    """Take the catalogue's schema back down to REVISION."""
    from catalog.migrate import downgrade

    settings = load_settings()
    downgrade(settings.database_url, revision)
    typer.echo(f"database at {revision}: {settings.database_url}")


@app.command("create-user")
def create_user(
    username: str,
    role: str = typer.Option(..., help="admin, engineer, staff or student."),
    password: str = typer.Option(..., prompt=True, hide_input=True, confirmation_prompt=True),
) -> None:
    """Create a user (the first admin has to come from somewhere)."""
    from catalog.db import make_engine, make_sessionmaker
    from catalog.models.enums import Role
    from catalog.services.users import create_user as create

    settings = load_settings()
    engine = make_engine(settings.database_url)
    with make_sessionmaker(engine)() as session:
        user = create(session, username=username, password=password, role=Role(role))
        session.commit()
        typer.echo(f"user {user.username} ({user.role.value}) created")
    engine.dispose()


@app.command("fetch-hlsjs")
def fetch_hlsjs(
    version: str = typer.Option("1.5.20", help="hls.js version from the npm registry."),
) -> None:
    """Install hls.js into catalog/static/vendor/ (needs npm; optional: see docs/catalog.md)."""
    from catalog.vendor_assets import VendorError, fetch_hls_js

    try:
        path = fetch_hls_js(version)
    except VendorError as exc:
        typer.echo(f"hls.js not installed: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"hls.js {version} -> {path}")


if __name__ == "__main__":  # pragma: no cover
    app()
