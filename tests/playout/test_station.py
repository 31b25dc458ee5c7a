"""The PAT and PMT a station airs (mpegts.psi tables), read back by mpegts and by ffprobe."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from mpegts.depacketizer import sections_from_packets
from mpegts.ids import StreamType
from mpegts.psi.pat import PAT
from mpegts.psi.pmt import PMT
from mpegts.section import Section
from playout.outputs.file import FileOutput
from playout.plan.yaml_source import load_plan
from playout.resolver import PlanMediaResolver
from playout.runner import AirConfig, put_on_air
from tests.playout.conftest import START, plan_text, service


@pytest.fixture(scope="module")
def two_services(clips: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two seconds of one multiplex carrying services 5 and 2 (plan order is not PAT order)."""
    folder = tmp_path_factory.mktemp("psi")
    services = [service(sid, [], filler=clips["filler"]) for sid in (5, 2)]
    plan = folder / "plan.yaml"
    plan.write_text(plan_text(services, mux_rate=900_000))
    config = AirConfig(plan=load_plan(plan), resolver=PlanMediaResolver(), start=START)
    path = folder / "out.ts"
    with FileOutput(path) as output:
        put_on_air(config, {1: [output]}, realtime=False, seconds=2)
    return path


def _sections(path: Path, pid: int) -> list[Section]:
    data = path.read_bytes()
    packets = (data[i : i + 188] for i in range(0, len(data), 188))
    found = list(sections_from_packets(packets, pid))
    assert found
    assert all(isinstance(s, Section) for s in found), found[:3]
    return [s for s in found if isinstance(s, Section)]


def test_pat_lists_the_nit_then_the_services_in_number_order(two_services: Path) -> None:
    pat = PAT.decode(_sections(two_services, 0x00))
    assert pat.transport_stream_id == 1
    assert pat.network_pid == 0x10
    assert list(pat.programs.items()) == [(2, 0x200), (5, 0x500)]


def test_pmt_has_pcr_on_video_and_the_house_pids(two_services: Path) -> None:
    for number, base in ((2, 0x200), (5, 0x500)):
        pmt = PMT.decode(_sections(two_services, base))
        assert pmt.program_number == number
        assert pmt.pcr_pid == base + 1
        assert [(s.stream_type, s.elementary_pid, s.descriptors) for s in pmt.streams] == [
            (StreamType.H264, base + 1, b""),
            (StreamType.AAC_ADTS, base + 2, b""),
        ]


def test_independent_reader_sees_the_same_programmes(two_services: Path) -> None:
    """Debian's ffprobe (its own PSI parser) agrees on programmes, PMT PIDs, PCR PIDs, codecs."""
    probe = subprocess.run(
        ["/usr/bin/ffprobe", "-v", "error", "-show_programs", "-of", "json", str(two_services)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    programs = {
        p["program_num"]: (p["pmt_pid"], p["pcr_pid"], [s["codec_name"] for s in p["streams"]])
        for p in json.loads(probe.stdout)["programs"]
    }
    assert programs == {2: (0x200, 0x201, ["h264", "aac"]), 5: (0x500, 0x501, ["h264", "aac"])}
