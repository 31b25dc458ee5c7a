"""Errors raised by :mod:`epg`.

The tree lets callers catch as coarsely or as finely as they need::

    EPGError
    ├── TextError
    │   ├── TextDecodeError          (bytes -> str, EN 300 468 Annex A)
    │   └── TextEncodeError          (str -> bytes)
    ├── DescriptorError
    │   ├── DescriptorDecodeError
    │   └── DescriptorEncodeError
    ├── TableError
    │   ├── TableDecodeError
    │   └── TableEncodeError
    └── ProgrammeError               (invalid programme / channel model, also a ValueError)

``EPGError`` is the root of this package's errors only. Every ``*DecodeError`` is also a
:class:`mpegts.errors.DecodeError` and every ``*EncodeError`` an
:class:`mpegts.errors.EncodeError` (both ``ValueError``), so a stream reader can catch
``mpegts.errors.DecodeError`` for "these bytes are bad" whatever layer found it.
"""

from __future__ import annotations

from mpegts.errors import DecodeError, EncodeError

__all__ = [
    "DescriptorDecodeError",
    "DescriptorEncodeError",
    "DescriptorError",
    "EPGError",
    "ProgrammeError",
    "TableDecodeError",
    "TableEncodeError",
    "TableError",
    "TextDecodeError",
    "TextEncodeError",
    "TextError",
]


class EPGError(Exception):
    """Base of every error raised by :mod:`epg`."""


class TextError(EPGError):
    """A DVB string (EN 300 468 Annex A) could not be converted."""


class TextDecodeError(TextError, DecodeError):
    """The bytes are not a valid DVB string (bad selector, undefined code, broken UTF-8...)."""


class TextEncodeError(TextError, EncodeError):
    """The text cannot be written in the requested DVB character table(s)."""


class DescriptorError(EPGError):
    """A descriptor could not be decoded or encoded."""


class DescriptorDecodeError(DescriptorError, DecodeError):
    """A descriptor's payload is malformed."""


class DescriptorEncodeError(DescriptorError, EncodeError):
    """A descriptor's fields cannot be written (out of range, too long...)."""


class TableError(EPGError):
    """An SI table could not be decoded or encoded."""


class TableDecodeError(TableError, DecodeError):
    """An SI table's sections are malformed or inconsistent."""


class TableEncodeError(TableError, EncodeError):
    """An SI table's model cannot be written into sections."""


class ProgrammeError(EPGError, ValueError):
    """A programme or channel model is invalid (naive time, stop before start, bad code...)."""
