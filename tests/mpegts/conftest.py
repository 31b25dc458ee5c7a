"""Fixtures for mpegts tests: the real captures in ../shared/ts-samples (read-only)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.shared_refs import SAMPLES

TABLES = SAMPLES / "deimspb-TSParser__TestResources_Tables"


def sample(name: str) -> Path:
    """Path of a capture; the test is skipped if the shared samples are not mounted."""
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"capture {name} not available")
    return path


@pytest.fixture(scope="session")
def raw_tables() -> dict[str, bytes]:
    """Every raw section of the deimspb fixture set, keyed by file name (e.g. 'PAT_L.tbl')."""
    if not TABLES.exists():
        pytest.skip("deimspb raw sections not available")
    return {path.name: path.read_bytes() for path in sorted(TABLES.glob("*/*.tbl"))}
