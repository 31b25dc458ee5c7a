"""Vendored browser assets we serve ourselves (never from a CDN): hls.js for HLS playback in
browsers without native HLS. Fetched once at setup with npm when npm is present."""

from __future__ import annotations

import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

VENDOR_DIR = Path(__file__).with_name("static") / "vendor"
HLS_JS = "hls.min.js"
MEMBER = "package/dist/hls.min.js"


class VendorError(RuntimeError):
    """The asset could not be fetched or was not where the package should have it."""


def extract_hls_js(tarball: Path, target_dir: Path = VENDOR_DIR) -> Path:
    """Copy dist/hls.min.js out of an `npm pack` tarball into `target_dir`."""
    with tarfile.open(tarball, "r:gz") as tar:
        try:
            member = tar.getmember(MEMBER)
        except KeyError:
            raise VendorError(f"{tarball.name} has no {MEMBER}") from None
        source = tar.extractfile(member)
        if source is None or not member.isfile():
            raise VendorError(f"{MEMBER} in {tarball.name} is not a file")
        target_dir.mkdir(parents=True, exist_ok=True)
        target = target_dir / HLS_JS
        with source, target.open("wb") as out:
            shutil.copyfileobj(source, out)
    return target


def fetch_hls_js(version: str, target_dir: Path = VENDOR_DIR) -> Path:
    """`npm pack hls.js@version` into a temp dir, then extract the minified build."""
    npm = shutil.which("npm")
    if npm is None:
        raise VendorError("npm is not installed; the player falls back to native HLS or download")
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(
            [npm, "pack", f"hls.js@{version}", "--pack-destination", tmp, "--silent"],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if done.returncode != 0:
            raise VendorError(f"npm pack failed: {done.stderr.strip()[-500:]}")
        tarballs = list(Path(tmp).glob("hls.js-*.tgz"))
        if not tarballs:
            raise VendorError("npm pack produced no tarball")
        return extract_hls_js(tarballs[0], target_dir)
