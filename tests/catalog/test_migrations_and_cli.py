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


def test_0003_adds_delivery_parameters_and_mux_rate_and_goes_back(empty_url: str) -> None:
    """Rows made before 0003 keep working: no stored parameters ({}), no stored mux rate; the
    downgrade drops just the two columns and keeps the rows, and the links to them."""
    upgrade(empty_url, "0002")
    engine = make_engine(empty_url)
    try:
        with engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO networks (id, name, network_id, original_network_id, delivery) "
                    "VALUES (1, 'Net', 12289, 12289, 'dvb-c')"
                )
            )
            conn.execute(
                sa.text(
                    "INSERT INTO transport_streams (id, network_id, transport_stream_id, name) "
                    "VALUES (1, 1, 7, 'Mux')"
                )
            )
            conn.execute(
                sa.text(
                    "INSERT INTO channels (id, transport_stream_id, service_id, number, name, "
                    "xmltv_id, profile, language, stream_url, turnaround_seconds) "
                    "VALUES (1, 1, 101, 21, 'Sabaq', 'sabaq.kz', 't2-hd', 'kk', '', 0)"
                )
            )
        upgrade(empty_url, "0003")
        with engine.begin() as conn:
            row = conn.execute(sa.text("SELECT delivery_parameters FROM networks")).scalar()
            assert row in ("{}", {})  # SQLite hands back the JSON text, psycopg the object
            assert conn.execute(sa.text("SELECT mux_rate FROM transport_streams")).scalar() is None
            conn.execute(
                sa.text(
                    "UPDATE networks SET delivery_parameters = :p"
                    if engine.dialect.name == "sqlite"
                    else "UPDATE networks SET delivery_parameters = CAST(:p AS JSON)"
                ),
                {"p": '{"frequency": 474000000}'},
            )
            conn.execute(sa.text("UPDATE transport_streams SET mux_rate = 38000000"))
        downgrade(empty_url, "0002")
        with engine.connect() as conn:
            inspector = sa.inspect(conn)
            networks = {c["name"] for c in inspector.get_columns("networks")}
            streams = {c["name"] for c in inspector.get_columns("transport_streams")}
            assert "delivery_parameters" not in networks
            assert "mux_rate" not in streams
            assert conn.execute(sa.text("SELECT name FROM transport_streams")).scalar() == "Mux"
            assert conn.execute(sa.text("SELECT delivery FROM networks")).scalar() == "dvb-c"
            # no copy-and-move: the rows that point at the altered tables are untouched
            linked = sa.text("SELECT transport_stream_id FROM channels")
            assert conn.execute(linked).scalar() == 1
    finally:
        engine.dispose()
