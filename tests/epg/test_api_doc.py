"""The first example of docs/api-epg.md runs as written."""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "api-epg.md"


def test_kazakh_lecture_example_runs() -> None:
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)
    namespace: dict[str, object] = {}
    exec(compile(blocks[0], str(DOC), "exec"), namespace)
    assert namespace["names"] == {
        "kaz": "Математика: 1-дәріс",
        "rus": "Математика: лекция 1",
        "eng": "Mathematics: lecture 1",
    }
