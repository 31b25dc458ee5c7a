"""The descriptor base class: framing (tag, length, extension tag) here, payloads in subclasses.

EN 300 468 §6.1: every descriptor is ``descriptor_tag(8) descriptor_length(8)`` and at most 255
bytes of payload; tag 0x7F (§6.3) spends the payload's first byte on a
``descriptor_tag_extension``. The base does that framing once, as TSDuck's
``AbstractDescriptor`` does, and each subclass writes only its payload with a mirror pair
``_read(reader)`` / ``_write(writer)`` over :mod:`mpegts.bits`.

``decode_payload`` rules a payload invalid if a field fails *or bytes are left unread*, so a
half-understood descriptor is never passed off as decoded (the registry then keeps it raw).

**Byte-exact re-encoding.** A decoded descriptor remembers the payload it came from in the
private, non-compared field ``_wire``. ``encode_payload`` returns those bytes unchanged as long
as they still decode to an equal descriptor; otherwise it writes the fields afresh. So a
captured descriptor re-encodes byte for byte even where the broadcaster chose another character
table than :func:`epg.text.encode_dvb_text` would, or left reserved bits at 0; and a modified
copy (``dataclasses.replace``) can never emit stale bytes, because the check fails for it.
Equality, hashing, ``repr`` and the JSON model ignore ``_wire``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Self

from epg.errors import DescriptorDecodeError, DescriptorEncodeError
from mpegts.bits import BitReader, BitWriter
from mpegts.errors import DecodeError

__all__ = ["MAX_PAYLOAD", "Descriptor", "frame_descriptor"]

#: descriptor_length is 8 bits (EN 300 468 §6.1).
MAX_PAYLOAD = 255


@dataclass(frozen=True, slots=True, kw_only=True)
class Descriptor:
    """Base of every descriptor model. Subclasses are registered with ``@descriptor(...)``.

    Class variables, set by the registration decorator: ``TAG`` (descriptor_tag),
    ``EXTENSION`` (descriptor_tag_extension for tag 0x7F, else None), ``PDS`` (the
    private_data_specifier a private tag needs, else None), ``TABLE_IDS`` (tables a
    table-specific tag is valid in, else None) and ``NAME`` (the JSON model's name).

    ``encode_payload``/``decode_payload`` exclude the extension byte: the registry strips it
    before decoding and ``encode`` writes it, so a payload codec never sees it.
    """

    TAG: ClassVar[int]
    EXTENSION: ClassVar[int | None] = None
    PDS: ClassVar[int | None] = None
    TABLE_IDS: ClassVar[frozenset[int] | None] = None
    NAME: ClassVar[str] = "descriptor"

    _wire: bytes | None = field(default=None, compare=False, repr=False)

    # -- the two methods a subclass writes -------------------------------------------------

    @classmethod
    def _read(cls, reader: BitReader) -> Self:
        """Read the fields from the payload (mirror of `_write`)."""
        raise NotImplementedError

    def _write(self, writer: BitWriter) -> None:
        """Write the fields into the payload (mirror of `_read`)."""
        raise NotImplementedError

    # -- framing ----------------------------------------------------------------------------

    @property
    def descriptor_tag(self) -> int:
        return self.TAG

    @classmethod
    def decode_payload(cls, payload: bytes) -> Self:
        """Decode the payload (after the extension byte, if any); it must be consumed fully.

        Raises a :class:`~mpegts.errors.DecodeError` subclass on any malformed payload.
        """
        reader = BitReader(payload)
        try:
            obj = cls._read(reader)
        except DecodeError:
            raise
        except (ValueError, OverflowError) as exc:  # e.g. an impossible date in a field
            raise DescriptorDecodeError(f"{cls.NAME}: {exc}") from exc
        if not reader.at_end():
            raise DescriptorDecodeError(
                f"{cls.NAME}: {reader.remaining_bits // 8} byte(s) left unread in the payload"
            )
        object.__setattr__(obj, "_wire", bytes(payload))
        return obj

    def _decodes_to_self(self, wire: bytes) -> bool:
        try:
            return type(self).decode_payload(wire) == self
        except DecodeError:
            return False

    def encode_payload(self) -> bytes:
        """The payload bytes (without tag, length and extension byte)."""
        wire = self._wire
        if wire is not None and self._decodes_to_self(wire):
            return wire
        writer = BitWriter()
        self._write(writer)
        return writer.getvalue()

    def encode(self) -> bytes:
        """The whole descriptor: tag, length, extension byte if any, payload."""
        body = self.encode_payload()
        if self.EXTENSION is not None:
            body = bytes((self.EXTENSION,)) + body
        return frame_descriptor(self.descriptor_tag, body, self.NAME)


def frame_descriptor(tag: int, body: bytes, what: str) -> bytes:
    """``tag length body``; a body over 255 bytes cannot be framed (EN 300 468 §6.1)."""
    if not 0 <= tag <= 0xFF:
        raise DescriptorEncodeError(f"{what}: descriptor_tag {tag} does not fit in 8 bits")
    if len(body) > MAX_PAYLOAD:
        raise DescriptorEncodeError(
            f"{what}: payload of {len(body)} bytes exceeds the {MAX_PAYLOAD}-byte descriptor limit"
        )
    return bytes((tag, len(body))) + body
