"""The mpegts error tree. Callers catch as coarsely or as finely as they need::

    TSError
    ├── DecodeError            these bytes are bad (or not what the caller asked for)
    │   ├── TruncatedError     the bytes end too early: more data may complete them
    │   ├── CRCError           a section's CRC_32 does not match its bytes
    │   ├── SyncError          a packet does not start with the 0x47 sync byte
    │   ├── LengthError        a length field contradicts the bytes or the standard's limit
    │   ├── ContinuityError    continuity_counter jumped: packets of a PID were lost
    │   └── PacketError        the packet itself is flagged unusable (TEI set, scrambled,
    │                          reserved adaptation_field_control)
    └── EncodeError            a value cannot be written (out of range, too long for its field)

`epg` subclasses `DecodeError` and `EncodeError`, so one `except DecodeError` covers both layers.
`TruncatedError` plays the part of dpkt's `NeedData`: a stream reader keeps the bytes and waits.
"""

from __future__ import annotations

__all__ = [
    "CRCError",
    "ContinuityError",
    "DecodeError",
    "EncodeError",
    "LengthError",
    "PacketError",
    "SyncError",
    "TSError",
    "TruncatedError",
]


class TSError(Exception):
    """Base of every error raised by mpegts."""


class DecodeError(TSError, ValueError):
    """These bytes cannot be decoded as the structure asked for."""


class TruncatedError(DecodeError):
    """The bytes end before the structure does."""


class CRCError(DecodeError):
    """A section's CRC_32 does not match (ISO/IEC 13818-1 Annex A)."""


class SyncError(DecodeError):
    """A transport packet does not start with the sync byte 0x47."""


class LengthError(DecodeError):
    """A length field contradicts the bytes present or the standard's limit."""


class ContinuityError(DecodeError):
    """continuity_counter did not follow on (ISO/IEC 13818-1 §2.4.3.3): packets were lost."""


class PacketError(DecodeError):
    """A packet that must be discarded: TEI set, scrambled, or adaptation_field_control 00."""


class EncodeError(TSError, ValueError):
    """A value does not fit the field it is written to."""
