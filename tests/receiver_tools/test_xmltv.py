"""The EPG as XMLTV, validated by xmltv-util's tv_validate_file against the XMLTV DTD."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from receiver_tools.analyzer import analyze
from receiver_tools.report.xmltv import analysis_to_xmltv
from receiver_tools.sources import open_source
from tests.receiver_tools.conftest import SAMPLES

DTD = Path("/usr/share/xmltv/xmltv.dtd")
pytestmark = [
    pytest.mark.independent,
    pytest.mark.skipif(
        shutil.which("tv_validate_file") is None or not DTD.exists(), reason="xmltv-util missing"
    ),
]


@pytest.mark.parametrize(
    "name",
    [
        "tsduck-test__test-184.ts",  # ISO 8859-9 / 6937, p/f + schedule, other TSs
        "tsduck-test__test-030.ts",  # no SDT: channels named from the EIT service ids
        "petrj-MPEGTS__TestData.China_stream-2021-10-05-06-36-43.ts",  # 0x14 CJK
    ],
)
def test_xmltv_validates(name: str, tmp_path: Path) -> None:
    analysis = analyze(open_source(str(SAMPLES / name)))
    path = tmp_path / "epg.xml"
    path.write_text(analysis_to_xmltv(analysis), encoding="utf-8")
    result = subprocess.run(
        ["tv_validate_file", "--dtd-file", str(DTD), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    shown = [e for e in analysis.si.events if e.start and e.duration.total_seconds() > 0]
    assert path.read_text(encoding="utf-8").count("<programme ") == len(
        [e for e in shown if any(name for name in e.names.values())]
    )
