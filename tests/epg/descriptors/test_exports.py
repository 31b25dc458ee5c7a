"""epg.descriptors re-exports every public name of its family modules (HTTPX's
test_exported_members), so callers never reach into a family module by accident."""

from __future__ import annotations

import importlib

import pytest

import epg.descriptors

FAMILIES = (
    "delivery",
    "event",
    "event_fitting",
    "mpeg",
    "network",
    "private",
    "raw",
    "service",
    "time",
)


@pytest.mark.parametrize("family", FAMILIES)
def test_family_public_names_are_exported(family: str) -> None:
    module = importlib.import_module(f"epg.descriptors.{family}")
    missing = set(module.__all__) - set(epg.descriptors.__all__)
    assert not missing


def test_all_names_exist() -> None:
    for name in epg.descriptors.__all__:
        assert hasattr(epg.descriptors, name), name
