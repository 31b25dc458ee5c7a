"""`telesabaq --help` and every sub-command's `--help` work and explain themselves; importing
the CLI builds no settings, database engine, queue or playout."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
import typer
from typer.main import get_command
from typer.testing import CliRunner

from telesabaq.cli import build_cli
from telesabaq.settings import Settings

ISSUE_COMMANDS = (
    ("serve",),
    ("demo",),
    ("station",),
    ("encode",),
    ("playout", "render"),
    ("playout", "run"),
    ("playout", "render-catalog"),
    ("analyze",),
    ("epg", "export"),
    ("db", "upgrade"),
)


@pytest.fixture
def app(tmp_path: Path) -> typer.Typer:
    return build_cli(Settings(data_dir=tmp_path / "data"))


def _leaves(app: typer.Typer) -> dict[tuple[str, ...], click.Command]:
    """Every runnable command of the tree, by its argument path."""
    found: dict[tuple[str, ...], click.Command] = {}

    def walk(command: click.Command, path: tuple[str, ...]) -> None:
        subcommands = getattr(command, "commands", None)
        if subcommands:
            for name, sub in subcommands.items():
                walk(sub, (*path, name))
        else:
            found[path] = command

    walk(get_command(app), ())
    return found


def test_top_level_help_lists_the_station(app: typer.Typer) -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0, result.output
    for name in ("serve", "demo", "encode", "playout", "analyze", "epg", "db"):
        assert name in result.output
    assert "lectures on DVB television" in result.output


def test_the_issue_commands_exist(app: typer.Typer) -> None:
    assert set(ISSUE_COMMANDS) <= set(_leaves(app))


def test_every_command_explains_itself(app: typer.Typer) -> None:
    leaves = _leaves(app)
    assert len(leaves) >= len(ISSUE_COMMANDS)
    for path, command in leaves.items():
        text = " ".join((command.help or "").split())
        assert len(text.split()) >= 5, (path, "a help text of a few words at least", text)
        result = CliRunner().invoke(app, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        shown = " ".join(result.output.replace("│", " ").split())
        assert f"Usage: telesabaq {' '.join(path)}" in shown or "Usage:" in shown, path
        assert " ".join(text.split()[:4]) in shown, (path, shown)
        for param in command.params:
            if isinstance(param, click.Option) and param.name != "help":
                assert param.help, (path, param.name, "an option without help")


def test_bad_input_is_a_message_not_a_traceback(app: typer.Typer) -> None:
    result = CliRunner().invoke(
        app, ["playout", "render-catalog", "--start", "yesterday", "--hours", "1", "--out", "x.ts"]
    )
    assert result.exit_code == 2
    assert "ISO 8601" in result.output


def test_import_builds_nothing(tmp_path: Path) -> None:
    """Importing the CLI (and everything it imports) reads no settings, opens no database,
    starts no thread: that happens only inside a command."""
    code = (
        "import threading, sys\n"
        "before = threading.active_count()\n"
        "import telesabaq.cli, telesabaq.station, telesabaq.wiring, telesabaq.demo.run\n"
        "from telesabaq.settings import get_settings\n"
        "assert get_settings.cache_info().currsize == 0, 'settings built at import'\n"
        "assert threading.active_count() == before, 'a thread started at import'\n"
        "import os\n"
        "assert not os.listdir(os.environ['XDG_DATA_HOME']), 'files made at import'\n"
        "print('ok')\n"
    )
    env = {"XDG_DATA_HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_help_needs_no_database(tmp_path: Path) -> None:
    """`telesabaq --help` on a machine with nothing set up creates no data folder."""
    env = {"XDG_DATA_HOME": str(tmp_path / "xdg"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    exe = Path(sys.executable).with_name("telesabaq")
    done = subprocess.run(
        [str(exe), "epg", "--help"], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "export" in done.stdout
    assert not (tmp_path / "xdg" / "telesabaq" / "catalog.sqlite3").exists()


def test_station_without_channels_says_what_to_do(tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = build_cli(Settings(data_dir=tmp_path / "data", port=port))
    result = CliRunner().invoke(app, ["station"])
    assert result.exit_code == 2, result.output
    assert "no channels" in result.output
    assert "telesabaq demo" in result.output
