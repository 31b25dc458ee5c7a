"""The shared references beside the checkout (`../shared`, as CI lays it out): the real captures
and the independent SI decoder. One place, so no test hard-codes where the checkout sits."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[2] / "shared"
SAMPLES = SHARED / "ts-samples"
GST_SI_DUMP = SHARED / "tools" / "gst-si-dump"
SYSTEM_PYTHON = Path("/usr/bin/python3")  # gst-si-dump needs Debian's python3-gi


def gst_si_dump_records(path: Path, *, timeout: float = 300) -> list[dict[str, Any]]:
    """Every section gst-si-dump (GStreamer's GstMpegts) decodes from the TS at ``path``, one
    JSON object each, as it prints them (CRC failures and rejections included)."""
    done = subprocess.run(
        [str(SYSTEM_PYTHON), str(GST_SI_DUMP), "--json", str(path)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
