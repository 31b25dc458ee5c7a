"""The assessment CLI sub-app (thin commands over the footprint services)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from catalog import cli
from catalog.assessment_cli import app
from catalog.db import make_engine, make_sessionmaker
from catalog.migrate import upgrade
from catalog.services import lrs_forwarding
from tests.catalog.conftest import make_settings


def test_sync_without_lrs_fails_and_export_writes_json(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    upgrade(url)
    cli.configure(lambda: make_settings(url, tmp_path))
    try:
        runner = CliRunner()
        result = runner.invoke(app, ["sync-lrs"])
        assert result.exit_code == 1
        assert "no LRS is configured" in result.output
        result = runner.invoke(app, ["export-footprint"])
        assert result.exit_code == 1
        out = tmp_path / "fp.json"
        result = runner.invoke(app, ["export-footprint", "--user", "1", "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert json.loads(out.read_text()) == {"statements": [], "more": ""}
        engine = make_engine(url)
        with make_sessionmaker(engine)() as session:
            lrs_forwarding.set_endpoint(session, "http://127.0.0.1:9/none", "")
            session.commit()
        engine.dispose()
        result = runner.invoke(app, ["sync-lrs", "--tries", "1", "--timeout", "1"])
        assert result.exit_code == 0, result.output  # nothing to send is success
        assert "sent 0, failed tries 0, pending 0" in result.output
    finally:
        cli._factory.clear()
