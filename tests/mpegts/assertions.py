"""`assert_codec` for mpegts structures (construct's `common()`): both directions on one example."""

from __future__ import annotations

from typing import Any, Protocol


class _Codec(Protocol):
    def encode(self) -> bytes: ...


def assert_codec(cls: Any, data: bytes, obj: _Codec) -> None:
    """`cls.decode(data) == obj` and `obj.encode() == data`."""
    assert cls.decode(data) == obj
    assert obj.encode() == data
