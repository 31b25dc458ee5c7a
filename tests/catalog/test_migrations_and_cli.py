"""Alembic: upgrade from empty matches the models, downgrade goes back to empty; the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from typer.testing import CliRunner

from catalog import cli
from catalog.db import make_engine
from catalog.migrate import downgrade, upgrade
from catalog.models import Base
from tests.catalog.conftest import make_settings


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    from tests.catalog.conftest import pg_cluster_database

    return pg_cluster_database(request.getfixturevalue("pg_cluster"), template="template0")


def test_upgrade_from_empty_matches_models_and_downgrade_empties(empty_url: str) -> None:
    upgrade(empty_url)
    engine = make_engine(empty_url)
    try:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(ctx, Base.metadata) == []
        downgrade(empty_url)
        with engine.connect() as conn:
            assert set(sa.inspect(conn).get_table_names()) <= {"alembic_version"}
        upgrade(empty_url)  # and up again: the downgrade left nothing behind
    finally:
        engine.dispose()


def test_cli_db_upgrade_and_create_user(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    cli.configure(lambda: make_settings(url, tmp_path))
    try:
        runner = CliRunner()
        result = runner.invoke(cli.app, ["db", "upgrade"])
        assert result.exit_code == 0, result.output
        result = runner.invoke(
            cli.app, ["create-user", "root", "--role", "admin", "--password", "long-enough"]
        )
        assert result.exit_code == 0, result.output
        engine = make_engine(url)
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT role FROM users")).scalar() == "admin"
        engine.dispose()
    finally:
        cli._factory.clear()


def test_default_settings_need_nothing_and_keep_the_secret(tmp_path: Path) -> None:
    from catalog.settings import default_settings

    first = default_settings(tmp_path / "data")
    second = default_settings(tmp_path / "data")
    assert first.database_url.startswith("sqlite:///")
    assert first.secret_key.get_secret_value() == second.secret_key.get_secret_value()
    assert len(first.secret_key.get_secret_value()) >= 32
    assert (tmp_path / "data" / "secret_key").stat().st_mode & 0o077 == 0
