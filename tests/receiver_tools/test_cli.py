"""The `analyze` command (mounted as `telesabaq analyze`): outputs, files and exit status."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from PIL import Image
from typer.testing import CliRunner

from receiver_tools.cli import app
from receiver_tools.report.json import SCHEMA
from tests.receiver_tools.conftest import SAMPLES
from tests.receiver_tools.synth import VIDEO_PID, build, indices_of, pid_of

runner = CliRunner()
T184 = str(SAMPLES / "tsduck-test__test-184.ts")
TOP_KEYS = {
    "schema",
    "source",
    "packet_size",
    "packets",
    "bytes",
    "skipped_bytes",
    "time_base",
    "duration",
    "bitrate",
    "null_share",
    "transport_stream_id",
    "broadcast_time",
    "networks",
    "services",
    "events",
    "tables",
    "tr101290",
    "pids",
    "problems",
}


def _write(tmp_path: Path, packets: list[bytes]) -> str:
    path = tmp_path / "synth.ts"
    path.write_bytes(b"".join(packets))
    return str(path)


def test_json_schema_is_stable_and_exit_is_zero_on_a_clean_stream(tmp_path: Path) -> None:
    result = runner.invoke(app, [_write(tmp_path, build()), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["schema"] == SCHEMA
    assert set(doc) == TOP_KEYS
    assert doc["tr101290"]["priority1_errors"] == 0
    assert [c["ref"] for c in doc["tr101290"]["checks"]] == [
        "1.1",
        "1.2",
        "1.3",
        "1.4",
        "1.5",
        "1.6",
        "2.1",
        "2.2",
        "2.3a",
        "2.3b",
        "2.4",
        "2.5",
        "2.6",
    ]
    assert doc["bitrate"] == 2_000_000
    assert {p["pid"] for p in doc["pids"]} == {0x0000, 0x0100, 0x0200, 0x1FFF}
    assert doc["services"][0]["streams"] == [
        {"pid": 0x200, "stream_type": 2, "codec": "mpeg2video"}
    ]
    pat = next(t for t in doc["tables"] if t["table_id"] == 0)
    assert 0.07 < pat["min_interval"] <= pat["avg_interval"] <= pat["max_interval"] < 0.08
    assert pat["max_allowed"] == 0.5
    assert pat["over_limit"] is False


def test_exit_status_is_one_on_priority1_errors(tmp_path: Path) -> None:
    packets = build()
    pes = indices_of(packets, lambda p: pid_of(p) == VIDEO_PID and p[1] & 0x40)
    del packets[pes[5]]
    result = runner.invoke(app, [_write(tmp_path, packets), "--json"])
    assert result.exit_code == 1
    doc = json.loads(result.output)
    cc = next(c for c in doc["tr101290"]["checks"] if c["ref"] == "1.4")
    assert cc["errors"] == 1
    assert cc["findings"][0]["packet_index"] == pes[6] - 1


def test_missing_source_exits_two_with_a_message() -> None:
    result = runner.invoke(app, ["/nonexistent/capture.ts"])
    assert result.exit_code == 2
    udp = runner.invoke(app, ["udp://127.0.0.1:5000"])
    assert udp.exit_code == 2


def test_table_xmltv_and_picture_from_a_real_capture(tmp_path: Path) -> None:
    xml_path, png_path = tmp_path / "epg.xml", tmp_path / "epg.png"
    result = runner.invoke(app, [T184, "--xmltv", str(xml_path), "--picture", str(png_path)])
    assert result.exit_code == 0, result.output
    assert "France 5" in result.output
    assert "TR 101 290" in result.output
    assert "Allô, docteurs !" in result.output or "Allô, docteurs" in xml_path.read_text()
    root = ET.parse(xml_path).getroot()
    assert root.tag == "tv"
    titles = {t.text for t in root.iter("title")}
    assert "Allô, docteurs !" in titles
    channel = root.find("channel[@id='1045.4.8442.dvb']")
    assert channel is not None
    assert channel.findtext("display-name") == "France 5"
    with Image.open(png_path) as image:
        assert image.format == "PNG"
        assert image.width > 800
        assert image.height > 100


def test_standard_input_is_a_source(tmp_path: Path) -> None:
    data = b"".join(build())
    result = runner.invoke(app, ["-", "--json"], input=data)
    assert result.exit_code == 0
    assert json.loads(result.output)["packets"] == len(data) // 188
