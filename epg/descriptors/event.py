"""Event descriptors of the EIT (and component, also in the SDT).

EN 300 468 §6.2.37 short_event (0x4D), §6.2.15 extended_event (0x4E), §6.2.9 content (0x54),
§6.2.28 parental_rating (0x55), §6.2.8 component (0x50), §6.2.30 PDC (0x69); TS 102 323 §12.1
content_identifier (0x76). Building descriptors that fit the
255-byte limit from long text (truncating a short_event, chaining extended_events) is in
:mod:`epg.descriptors.event_fitting`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Self

from epg.descriptors._fields import (
    encode_text,
    read_code,
    read_rest_text,
    read_text,
    write_code,
    write_rest_text,
    write_text,
)
from epg.descriptors.base import Descriptor
from epg.descriptors.model import coded
from epg.descriptors.registry import descriptor
from epg.errors import DescriptorDecodeError, DescriptorEncodeError
from epg.ids import CONTENT_LEVEL_1_NAMES, content_name
from mpegts.bits import BitReader, BitWriter

__all__ = [
    "ComponentDescriptor",
    "ContentDescriptor",
    "ContentIdentifier",
    "ContentIdentifierDescriptor",
    "ContentItem",
    "ExtendedEventDescriptor",
    "ExtendedEventItem",
    "PDCDescriptor",
    "ParentalRating",
    "ParentalRatingDescriptor",
    "ShortEventDescriptor",
]


@descriptor(tag=0x4D)
@dataclass(frozen=True, slots=True, kw_only=True)
class ShortEventDescriptor(Descriptor):
    """short_event_descriptor (EN 300 468 §6.2.37): an event's name and short text in one
    language; name + text take at most 250 bytes (see ``fit_short_event``)."""

    iso_639_language_code: str
    event_name: str
    text: str

    @classmethod
    def _read(cls, reader: BitReader) -> Self:
        return cls(
            iso_639_language_code=read_code(reader),
            event_name=read_text(reader, "event_name"),
            text=read_text(reader, "text"),
        )

    def _write(self, writer: BitWriter) -> None:
        write_code(writer, self.iso_639_language_code)
        write_text(writer, self.event_name, "event_name")
        write_text(writer, self.text, "text")


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtendedEventItem:
    """One (label, value) pair, e.g. ("Дәріскер", "А. Қасымова") or ("URL", "https://…")."""

    item_description: str
    item: str

    @classmethod
    def read(cls, reader: BitReader) -> Self:
        return cls(
            item_description=read_text(reader, "item_description"),
            item=read_text(reader, "item"),
        )

    def encode(self) -> bytes:
        """The item's bytes in the items loop (both length bytes included)."""
        description = encode_text(self.item_description, "item_description")
        value = encode_text(self.item, "item")
        return bytes((len(description),)) + description + bytes((len(value),)) + value


@descriptor(tag=0x4E)
@dataclass(frozen=True, slots=True, kw_only=True)
class ExtendedEventDescriptor(Descriptor):
    """extended_event_descriptor (EN 300 468 §6.2.15): one link (descriptor_number of
    last_descriptor_number, 0-15) of a language's chain of items and free text."""

    descriptor_number: int = 0
    last_descriptor_number: int = 0
    iso_639_language_code: str
    items: tuple[ExtendedEventItem, ...] = ()
    text: str = ""

    @classmethod
    def _read(cls, reader: BitReader) -> Self:
        number = reader.read_uint(4, "descriptor_number")
        last = reader.read_uint(4, "last_descriptor_number")
        language = read_code(reader)
        loop = reader.read_reader(reader.read_uint(8, "length_of_items"), "items")
        items = []
        while not loop.at_end():
            items.append(ExtendedEventItem.read(loop))
        return cls(
            descriptor_number=number,
            last_descriptor_number=last,
            iso_639_language_code=language,
            items=tuple(items),
            text=read_text(reader, "text"),
        )

    def _write(self, writer: BitWriter) -> None:
        writer.write_uint(4, self.descriptor_number, "descriptor_number")
        writer.write_uint(4, self.last_descriptor_number, "last_descriptor_number")
        write_code(writer, self.iso_639_language_code)
        items = b"".join(item.encode() for item in self.items)
        writer.write_uint(8, len(items), "length_of_items")
        writer.write_bytes(items, "items")
        write_text(writer, self.text, "text")


@dataclass(frozen=True, slots=True, kw_only=True)
class ContentItem:
    """One genre classification: level-1/level-2 nibbles (table 29) and a broadcaster byte.
    Lectures: 0x9/0x0 general education, 0x9/0x2 technology/natural sciences, 0x9/0x6 further
    education, 0x9/0x7 languages."""

    EXPORTS: ClassVar[tuple[str, ...]] = ("meaning",)

    content_nibble_level_1: int = coded(CONTENT_LEVEL_1_NAMES)
    content_nibble_level_2: int
    user_byte: int = 0

    @property
    def meaning(self) -> str | None:
        """The table 29 meaning of the nibble pair (None when reserved)."""
        return content_name(self.content_nibble_level_1, self.content_nibble_level_2)


@descriptor(tag=0x54)
@dataclass(frozen=True, slots=True, kw_only=True)
class ContentDescriptor(Descriptor):
    """content_descriptor (EN 300 468 §6.2.9): the event's genre(s)."""

    items: tuple[ContentItem, ...]

    @classmethod
    def _read(cls, reader: BitReader) -> Self:
        items = []
        while not reader.at_end():
            level_1 = reader.read_uint(4, "content_nibble_level_1")
            level_2 = reader.read_uint(4, "content_nibble_level_2")
            user_byte = reader.read_uint(8, "user_byte")
            items.append(
                ContentItem(
                    content_nibble_level_1=level_1,
                    content_nibble_level_2=level_2,
                    user_byte=user_byte,
                )
            )
        return cls(items=tuple(items))

    def _write(self, writer: BitWriter) -> None:
        for item in self.items:
            writer.write_uint(4, item.content_nibble_level_1, "content_nibble_level_1")
            writer.write_uint(4, item.content_nibble_level_2, "content_nibble_level_2")
            writer.write_uint(8, item.user_byte, "user_byte")


@dataclass(frozen=True, slots=True, kw_only=True)
class ParentalRating:
    """One country's rating: 0 undefined, 0x01-0x0F minimum age - 3, 0x10-0xFF broadcaster
    defined."""

    EXPORTS: ClassVar[tuple[str, ...]] = ("minimum_age",)

    country_code: str
    rating: int

    @property
    def minimum_age(self) -> int | None:
        return self.rating + 3 if 0x01 <= self.rating <= 0x0F else None


@descriptor(tag=0x55)
@dataclass(frozen=True, slots=True, kw_only=True)
class ParentalRatingDescriptor(Descriptor):
    """parental_rating_descriptor (EN 300 468 §6.2.28): minimum ages per country."""

    ratings: tuple[ParentalRating, ...]

    @classmethod
    def _read(cls, reader: BitReader) -> Self:
        ratings = []
        while not reader.at_end():
            country = read_code(reader, "country_code")
            rating = reader.read_uint(8, "rating")
            ratings.append(ParentalRating(country_code=country, rating=rating))
        return cls(ratings=tuple(ratings))

    def _write(self, writer: BitWriter) -> None:
        for rating in self.ratings:
            write_code(writer, rating.country_code, "country_code")
            writer.write_uint(8, rating.rating, "rating")


@descriptor(tag=0x50)
@dataclass(frozen=True, slots=True, kw_only=True)
class ComponentDescriptor(Descriptor):
    """component_descriptor (EN 300 468 §6.2.8): one component (video, audio, subtitles) of a
    service or event; ``component_tag`` matches a stream_identifier_descriptor in the PMT."""

    stream_content_ext: int = 0xF
    stream_content: int
    component_type: int
    component_tag: int
    iso_639_language_code: str
    text: str = ""

    @classmethod
    def _read(cls, reader: BitReader) -> Self:
        return cls(
            stream_content_ext=reader.read_uint(4, "stream_content_ext"),
            stream_content=reader.read_uint(4, "stream_content"),
            component_type=reader.read_uint(8, "component_type"),
            component_tag=reader.read_uint(8, "component_tag"),
            iso_639_language_code=read_code(reader),
            text=read_rest_text(reader),
        )

    def _write(self, writer: BitWriter) -> None:
        writer.write_uint(4, self.stream_content_ext, "stream_content_ext")
        writer.write_uint(4, self.stream_content, "stream_content")
        writer.write_uint(8, self.component_type, "component_type")
        writer.write_uint(8, self.component_tag, "component_tag")
        write_code(writer, self.iso_639_language_code)
        write_rest_text(writer, self.text, "text")


@descriptor(tag=0x69)
@dataclass(frozen=True, slots=True, kw_only=True)
class PDCDescriptor(Descriptor):
    """PDC_descriptor (EN 300 468 §6.2.30): the programme identification label (EN 300 231) a
    VCR-style recorder matches, as the announced local day, month, hour and minute."""

    day: int
    month: int
    hour: int
    minute: int

    @classmethod
    def _read(cls, reader: BitReader) -> Self:
        reader.read_reserved(4)
        return cls(
            day=reader.read_uint(5, "day"),
            month=reader.read_uint(4, "month"),
            hour=reader.read_uint(5, "hour"),
            minute=reader.read_uint(6, "minute"),
        )

    def _write(self, writer: BitWriter) -> None:
        writer.write_reserved(4)
        writer.write_uint(5, self.day, "day")
        writer.write_uint(4, self.month, "month")
        writer.write_uint(5, self.hour, "hour")
        writer.write_uint(6, self.minute, "minute")


@dataclass(frozen=True, slots=True, kw_only=True)
class ContentIdentifier:
    """One CRID (TS 102 323 §12.1): carried inline (``crid``, e.g. "/lecture/42") or by
    reference into a CRID authority table (``crid_ref``); exactly one of them is set."""

    crid_type: int
    crid: str | None = None
    crid_ref: int | None = None

    @classmethod
    def read(cls, reader: BitReader) -> Self:
        crid_type = reader.read_uint(6, "crid_type")
        location = reader.read_uint(2, "crid_location")
        if location == 0:
            length = reader.read_uint(8, "crid_length")
            return cls(
                crid_type=crid_type, crid=reader.read_bytes(length, "crid").decode("latin-1")
            )
        if location == 1:
            return cls(crid_type=crid_type, crid_ref=reader.read_uint(16, "crid_ref"))
        raise DescriptorDecodeError(f"crid_location {location} is reserved")

    def write(self, writer: BitWriter) -> None:
        if (self.crid is None) == (self.crid_ref is None):
            raise DescriptorEncodeError("a content identifier has either crid or crid_ref")
        writer.write_uint(6, self.crid_type, "crid_type")
        writer.write_uint(2, 0 if self.crid is not None else 1, "crid_location")
        if self.crid is not None:
            try:
                data = self.crid.encode("latin-1")
            except UnicodeEncodeError as exc:
                raise DescriptorEncodeError(f"crid {self.crid!r} is not Latin-1") from exc
            writer.write_uint(8, len(data), "crid_length")
            writer.write_bytes(data, "crid")
        else:
            writer.write_uint(16, self.crid_ref or 0, "crid_ref")


@descriptor(tag=0x76)
@dataclass(frozen=True, slots=True, kw_only=True)
class ContentIdentifierDescriptor(Descriptor):
    """content_identifier_descriptor (ETSI TS 102 323 §12.1): TV-Anytime CRIDs of an event
    (programme, series, recommendation), for series recording."""

    identifiers: tuple[ContentIdentifier, ...]

    @classmethod
    def _read(cls, reader: BitReader) -> Self:
        identifiers = []
        while not reader.at_end():
            identifiers.append(ContentIdentifier.read(reader))
        return cls(identifiers=tuple(identifiers))

    def _write(self, writer: BitWriter) -> None:
        for identifier in self.identifiers:
            identifier.write(writer)
