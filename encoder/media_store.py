"""The media store: renditions addressed by path, so a shared volume can serve an encode farm.

Layout: ``<root>/<profile name>/<key>.<profile name>.ts`` with ``.index.json`` beside it.
``key`` is chosen by the caller (the catalogue uses the lecture's id; the CLI the file's stem),
restricted to a safe character set so a key can never climb out of the root.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from encoder.errors import EncoderError

__all__ = ["MediaStore"]

_SAFE_KEY = re.compile(r"^[\w][\w.-]{0,120}$", re.UNICODE)


@dataclass(frozen=True, slots=True)
class MediaStore:
    """A directory tree of renditions; every path is derived, none is stored."""

    root: Path

    def directory(self, profile_name: str) -> Path:
        return self.root / _checked(profile_name)

    def stem(self, key: str, profile_name: str) -> str:
        return f"{_checked(key)}.{_checked(profile_name)}"

    def ts_path(self, key: str, profile_name: str) -> Path:
        return self.directory(profile_name) / f"{self.stem(key, profile_name)}.ts"

    def index_path(self, key: str, profile_name: str) -> Path:
        return self.directory(profile_name) / f"{self.stem(key, profile_name)}.index.json"

    def is_ready(self, key: str, profile_name: str) -> bool:
        """Ready means published: the index is written last (see encoder.rendition)."""
        return self.index_path(key, profile_name).is_file()


def _checked(part: str) -> str:
    if not _SAFE_KEY.match(part) or ".." in part:
        raise EncoderError(f"{part!r} is not a safe media-store name")
    return part
