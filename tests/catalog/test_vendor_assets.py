"""Extracting hls.js from an npm tarball (the npm call itself needs the registry)."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from catalog.vendor_assets import VendorError, extract_hls_js


def _tarball(path: Path, members: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def test_extracts_the_minified_build(tmp_path: Path) -> None:
    tgz = _tarball(
        tmp_path / "hls.js-1.5.20.tgz",
        {"package/dist/hls.min.js": b"var Hls=1;", "package/README.md": b"x"},
    )
    out = extract_hls_js(tgz, tmp_path / "vendor")
    assert out.read_bytes() == b"var Hls=1;"


def test_a_tarball_without_the_build_is_refused(tmp_path: Path) -> None:
    tgz = _tarball(tmp_path / "other.tgz", {"package/index.js": b"x"})
    with pytest.raises(VendorError, match=r"no package/dist/hls\.min\.js"):
        extract_hls_js(tgz, tmp_path / "vendor")
