"""One transport stream to several outputs at once: files and UDP get the same bytes."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from playout.asrun import read_records
from playout.errors import OutputError
from playout.outputs.file import FileOutput
from playout.outputs.udp import UdpOutput, parse_host_port
from playout.plan.yaml_source import load_plan
from playout.resolver import PlanMediaResolver
from playout.runner import AirConfig, put_on_air
from tests.playout.conftest import START, event, plan_text, service, two_multiplexes_plan
from tests.playout.udprecv import Receiver


def test_every_output_of_a_multiplex_gets_the_same_stream(
    clips: dict[str, Path], tmp_path: Path
) -> None:
    events = [event(1, START + timedelta(seconds=1), [("lecture", clips["b"])])]
    plan = tmp_path / "plan.yaml"
    plan.write_text(plan_text([service(1, events, filler=clips["filler"])], mux_rate=500_000))
    receiver = Receiver()
    config = AirConfig(plan=load_plan(plan), resolver=PlanMediaResolver(), start=START)
    with (
        FileOutput(tmp_path / "a.ts") as a,
        FileOutput(tmp_path / "b.ts") as b,
        UdpOutput("127.0.0.1", receiver.port) as udp,
    ):
        put_on_air(config, {1: [a, b, udp]}, realtime=False, seconds=8)
    time.sleep(0.3)
    capture = receiver.stop()
    first = (tmp_path / "a.ts").read_bytes()
    assert len(first) == -(-8 * 500_000 // 1504) * 188
    assert (tmp_path / "b.ts").read_bytes() == first
    assert b"".join(capture.data) == first
    assert all(len(d) == 7 * 188 for d in capture.data[:-1])


@pytest.mark.parametrize("text", ["nohost", "host:", ":1234", "h:0", "h:70000", "h:12a"])
def test_bad_udp_destinations_are_output_errors(text: str) -> None:
    with pytest.raises(OutputError):
        parse_host_port(text)


def test_unwritable_file_is_an_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError):
        FileOutput(tmp_path / "missing" / "dir" / "x.ts")


def test_run_builds_only_the_multiplexes_that_have_an_output(
    clips: dict[str, Path], tmp_path: Path
) -> None:
    """One --udp for two multiplexes: TS 1 airs, TS 2 is not built (no as-run for it), a note."""
    receiver = Receiver()
    as_run = tmp_path / "as-run.jsonl"
    argv = [sys.executable, "-c", "from playout.cli import app; app()", "run"]
    argv += ["--plan", str(two_multiplexes_plan(clips, tmp_path))]
    argv += ["--udp", f"127.0.0.1:{receiver.port}"]
    argv += ["--as-run", str(as_run), "--seconds", "2", "--quiet"]
    done = subprocess.run(
        argv, cwd=Path(__file__).parents[2], capture_output=True, text=True, timeout=120
    )
    capture = receiver.stop()
    assert done.returncode == 0, done.stderr
    assert "no output for transport stream(s) [2]" in done.stderr
    assert sum(len(d) for d in capture.data) == -(-2 * 500_000 // 1504) * 188
    records, _, _ = read_records(as_run)
    assert records
    assert {record.transport_stream_id for record in records.values()} == {1}
