"""`telesabaq catalog assessment ...`: footprint commands for cron or an operator, thin over
the services (mount this Typer app on the catalogue's app as `assessment`).

* `sync-lrs` forwards new statements to the configured LRS (bounded retries, sync log);
* `export-footprint --course N` / `--user N` writes an xAPI StatementResult as JSON.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import typer
from sqlalchemy.orm import Session

from catalog.cli import load_settings
from catalog.db import make_engine, make_sessionmaker
from catalog.errors import CatalogError
from catalog.services import footprint, lrs_forwarding

app = typer.Typer(name="assessment", help="Footprint and LRS forwarding.", no_args_is_help=True)


@contextmanager
def _unit_of_work() -> Iterator[tuple[Session, str]]:
    """One session committed on success, like a request; yields it with the public base URL."""
    settings = load_settings()
    engine = make_engine(settings.database_url)
    try:
        with make_sessionmaker(engine)() as session:
            yield session, settings.public_base_url
            session.commit()
    finally:
        engine.dispose()


@app.command("sync-lrs")
def sync_lrs(
    tries: int = typer.Option(3, min=1, max=10, help="Tries per batch."),
    timeout: float = typer.Option(10.0, min=0.1, help="Seconds per HTTP request."),
) -> None:
    """Forward statements not yet sent to the configured LRS."""
    try:
        with _unit_of_work() as (session, base_url), httpx.Client(timeout=timeout) as client:
            footprint.note_airings(session, base_url)
            outcome = lrs_forwarding.forward(session, client, tries=tries)
    except CatalogError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(1) from None
    typer.echo(
        f"sent {outcome.sent}, failed tries {outcome.failed_tries}, pending {outcome.pending}"
    )
    if outcome.pending:
        raise typer.Exit(2)


@app.command("export-footprint")
def export_footprint(
    course: int | None = typer.Option(None, help="Course id."),
    user: int | None = typer.Option(None, help="User id (a student's own footprint)."),
    out: str = typer.Option("-", help="Output file; - for stdout."),
) -> None:
    """Write the statements of a course and/or a student as an xAPI StatementResult."""
    if course is None and user is None:
        typer.echo("error: give --course and/or --user", err=True)
        raise typer.Exit(1)
    with _unit_of_work() as (session, base_url):
        if course is not None:
            footprint.note_airings(session, base_url, course)
        statements = footprint.statements_for(session, user_id=user, course_id=course)
    text = json.dumps({"statements": statements, "more": ""}, ensure_ascii=False, indent=1)
    if out == "-":
        typer.echo(text)
    else:
        Path(out).write_text(text + "\n", encoding="utf-8")
        typer.echo(f"{len(statements)} statements -> {out}")
