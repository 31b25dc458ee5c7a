"""Wiring: the implementations behind the Protocols that the middle packages declare.

The catalogue, the playout and the encoder never import each other (ARCHITECTURE.md). Each
declares what it needs as a small Protocol; this module is the one place that plugs one package
into another:

* `EncoderMedia` — the playout's `TestSourceProvider` and `FillerProvider`, made by the encoder
  once and cached in the media folder;
* `EncoderProber` — the catalogue's `Prober` (is an upload media? decided by content);
* `playout_cli` — the playout CLI with those providers plugged in.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import typer

from catalog.ports import MediaProbe
from encoder.errors import EncoderError
from encoder.filler import make_filler
from encoder.probe import probe
from encoder.profiles import get_profile
from encoder.rendition import EncodeOptions, Rendition
from encoder.testsource import make_test_source
from mpegts.rendition_index import RenditionIndex
from playout.cli import build_app
from playout.ports import ReadyMedia

__all__ = ["EncoderMedia", "EncoderProber", "playout_cli"]


def _ready(rendition: Rendition) -> ReadyMedia:
    return ReadyMedia(path=rendition.ts_path, index=rendition.index)


def _cached(ts_path: Path) -> ReadyMedia | None:
    """A generated rendition made earlier: the encoder writes the index last, atomically."""
    index_path = ts_path.with_name(ts_path.name.removesuffix(".ts") + ".index.json")
    if not (ts_path.exists() and index_path.exists()):
        return None
    return ReadyMedia(path=ts_path, index=RenditionIndex.from_json(index_path.read_text()))


class EncoderMedia:
    """Generated media for the playout, made by the encoder once and kept under `root`."""

    def __init__(self, root: Path, *, threads: int = 1, niceness: int = 10) -> None:
        self._root = root
        self._options = EncodeOptions(threads=threads, niceness=niceness)
        self._lock = threading.Lock()

    def test_source(self, *, profile: str, seconds: float, text: str) -> ReadyMedia:
        digest = hashlib.sha256(f"{profile}|{seconds:g}|{text}".encode()).hexdigest()[:16]
        out = self._root / "generated" / profile / f"test-{digest}.ts"
        with self._lock:
            found = _cached(out)
            if found is not None:
                return found
            out.parent.mkdir(parents=True, exist_ok=True)
            rendition = make_test_source(
                get_profile(profile), seconds, out, text=text, options=self._options
            )
        return _ready(rendition)

    def filler(self, *, profile: str, channel_name: str) -> ReadyMedia:
        out_dir = self._root / "generated" / profile
        with self._lock:
            out_dir.mkdir(parents=True, exist_ok=True)
            rendition = make_filler(
                get_profile(profile), channel_name, out_dir, options=self._options
            )
        return _ready(rendition)


class EncoderProber:
    """The catalogue's `Prober`: PyAV reads the content; the file name plays no part."""

    def probe(self, path: Path) -> MediaProbe:
        try:
            info = probe(path)
        except EncoderError as exc:
            return MediaProbe(ok=False, reason=str(exc))
        return MediaProbe(
            ok=True,
            container=info.container,
            duration_ms=round(info.duration * 1000),
            has_video=info.video is not None,
            has_audio=info.audio is not None,
        )


def playout_cli(media_root: Path) -> typer.Typer:
    """The playout commands with generated test sources and filler from the encoder."""
    media = EncoderMedia(media_root)
    return build_app(test_sources=media, filler=media)
