"""Fixtures for the receiver tools: capture paths and the analysis of a packet list."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.shared_refs import SAMPLES


@pytest.fixture(scope="session")
def samples() -> Path:
    if not SAMPLES.is_dir():
        pytest.skip("shared TS captures not available")
    return SAMPLES
