"""Resolve plan media references: rendition files, catalogue lectures, generated test sources.

`PlanMediaResolver` is the `MediaResolver` a YAML plan uses. Files are resolved by their index
beside them (the encoder writes it last, so an index means the rendition is ready); indexes are
cached by path, size and modification time, so the hot path never re-reads them. Lectures go to
the catalogue's resolver, test sources to the encoder's provider, both wired in by telesabaq.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from mpegts.rendition_index import RenditionIndex
from playout.errors import MediaUnavailable
from playout.media import index_path_for, read_index
from playout.plan.model import FileRef, LectureRef, MediaRef, TestSourceRef
from playout.plan.validate import MediaFacts
from playout.ports import MediaResolver, ReadyMedia, TestSourceProvider

__all__ = ["PlanMediaResolver", "media_facts"]


class PlanMediaResolver:
    """A `MediaResolver` for plan files (see the module docstring)."""

    def __init__(
        self,
        *,
        test_sources: TestSourceProvider | None = None,
        catalog: MediaResolver | None = None,
    ) -> None:
        self._test_sources = test_sources
        self._catalog = catalog
        self._indexes: dict[Path, tuple[tuple[int, int], RenditionIndex]] = {}
        self._generated: dict[tuple[str, float, str], ReadyMedia] = {}

    def resolve(self, ref: MediaRef, *, profile: str) -> ReadyMedia:
        if isinstance(ref, FileRef):
            return ReadyMedia(path=ref.path, index=self._file_index(ref.path))
        if isinstance(ref, TestSourceRef):
            return self._test_source(ref, profile)
        if isinstance(ref, LectureRef):
            if self._catalog is None:
                raise MediaUnavailable(f"{ref.describe()}: no catalogue is connected")
            return self._catalog.resolve(ref, profile=profile)
        raise MediaUnavailable(f"unknown media reference {ref!r}")

    def _file_index(self, path: Path) -> RenditionIndex:
        index_path = index_path_for(path)
        try:
            stat = index_path.stat()
        except FileNotFoundError:
            raise MediaUnavailable(f"not ready: no index {index_path.name} beside {path}") from None
        except OSError as exc:
            raise MediaUnavailable(f"unreadable index {index_path}: {exc}") from exc
        key = (stat.st_size, stat.st_mtime_ns)
        cached = self._indexes.get(path)
        if cached is not None and cached[0] == key:
            return cached[1]
        index = read_index(path)
        self._indexes[path] = (key, index)
        return index

    def _test_source(self, ref: TestSourceRef, profile: str) -> ReadyMedia:
        key = (profile, ref.seconds, ref.text)
        made = self._generated.get(key)
        if made is not None:
            return made
        if self._test_sources is None:
            raise MediaUnavailable(f"{ref.describe()}: no test source provider is connected")
        try:
            made = self._test_sources.test_source(
                profile=profile, seconds=ref.seconds, text=ref.text
            )
        except MediaUnavailable:
            raise
        except Exception as exc:  # the provider runs an encoder: any failure means "not ready"
            raise MediaUnavailable(f"{ref.describe()}: could not be made: {exc}") from exc
        self._generated[key] = made
        return made


def media_facts(resolver: MediaResolver) -> Callable[..., MediaFacts]:
    """Validation facts through ``resolver``, without making test sources just to check a plan."""

    def facts(ref: MediaRef, *, profile: str) -> MediaFacts:
        if isinstance(ref, TestSourceRef):
            return MediaFacts(duration=timedelta(seconds=ref.seconds), profile=profile)
        media = resolver.resolve(ref, profile=profile)
        return MediaFacts(
            duration=timedelta(seconds=media.index.duration / 90_000),
            profile=media.index.profile,
            mux_rate=media.index.mux_rate,
        )

    return facts
