"""Stream-level descriptors of the PMT (and the CAT): language, component tags, codecs,
teletext and subtitles, conditional access, data broadcast and application signalling.

ISO/IEC 13818-1 §2.6.18 ISO_639_language (0x0A) and §2.6.16 CA (0x09), both MPEG tags;
EN 300 468 §6.2.39 stream_identifier (0x52), Annex D AC-3 (0x6A) and enhanced AC-3 (0x7A),
§6.2.1 AAC (0x7C), §6.2.43 teletext (0x56), §6.2.41 subtitling (0x59), §6.2.12
data_broadcast_id (0x66); TS 102 809 §5.3.5.1 application_signalling (0x6F).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

from epg.descriptors._fields import read_code, write_code
from epg.descriptors.base import Descriptor
from epg.descriptors.model import coded
from epg.descriptors.registry import descriptor
from epg.ids import TELETEXT_TYPE_NAMES
from mpegts.bits import BitReader, BitWriter

__all__ = [
    "AACDescriptor",
    "AC3Descriptor",
    "ApplicationSignallingDescriptor",
    "CADescriptor",
    "DataBroadcastIdDescriptor",
    "EnhancedAC3Descriptor",
    "ISO639Language",
    "ISO639LanguageDescriptor",
    "SignalledApplication",
    "StreamIdentifierDescriptor",
    "Subtitling",
    "SubtitlingDescriptor",
    "TeletextDescriptor",
    "TeletextPage",
]

_AUDIO_TYPE_NAMES = {
    0: "undefined",
    1: "clean effects",
    2: "hearing impaired",
    3: "visual impaired commentary",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class ISO639Language:
    """One language of an elementary stream (e.g. "kaz" for the audio of a lecture)."""

    iso_639_language_code: str
    audio_type: int = coded(_AUDIO_TYPE_NAMES)


@descriptor(tag=0x0A)
@dataclass(frozen=True, slots=True, kw_only=True)
class ISO639LanguageDescriptor(Descriptor):
    """ISO_639_language_descriptor (ISO/IEC 13818-1 §2.6.18): the language(s) of an audio or
    subtitle stream in the PMT's ES loop."""

    languages: tuple[ISO639Language, ...]

    @classmethod
    def _read(cls, reader: BitReader) -> Self:
        languages = []
        while not reader.at_end():
            code = read_code(reader)
            audio_type = reader.read_uint(8, "audio_type")
            languages.append(ISO639Language(iso_639_language_code=code, audio_type=audio_type))
        return cls(languages=tuple(languages))

    def _write(self, writer: BitWriter) -> None:
        for language in self.languages:
            write_code(writer, language.iso_639_language_code)
            writer.write_uint(8, language.audio_type, "audio_type")


@descriptor(tag=0x52)
@dataclass(frozen=True, slots=True, kw_only=True)
class StreamIdentifierDescriptor(Descriptor):
    """stream_identifier_descriptor (EN 300 468 §6.2.39): the component_tag that EIT/SDT
    component descriptors use to point at this elementary stream."""

    component_tag: int

    @classmethod
    def _read(cls, reader: BitReader) -> Self:
        return cls(component_tag=reader.read_uint(8, "component_tag"))

    def _write(self, writer: BitWriter) -> None:
        writer.write_uint(8, self.component_tag, "component_tag")


def _read_optional_bytes(
    reader: BitReader, present: list[bool], names: tuple[str, ...]
) -> list[int | None]:
    return [
        reader.read_uint(8, name) if flag else None
        for flag, name in zip(present, names, strict=True)
    ]


def _write_optional_bytes(
    writer: BitWriter, values: tuple[int | None, ...], names: tuple[str, ...]
) -> None:
    for value, name in zip(values, names, strict=True):
        if value is not None:
            writer.write_uint(8, value, name)


_AC3_FIELDS = ("component_type", "bsid", "mainid", "asvc")


@descriptor(tag=0x6A, name="ac3")
@dataclass(frozen=True, slots=True, kw_only=True)
class AC3Descriptor(Descriptor):
    """AC-3_descriptor (EN 300 468 Annex D.3): marks a private PES stream as AC-3; each
    optional byte is present iff its flag is set."""

    component_type: int | None = None
    bsid: int | None = None
    mainid: int | None = None
    asvc: int | None = None
    additional_info: bytes = b""

    @classmethod
    def _read(cls, reader: BitReader) -> Self:
        present = [reader.read_bool(f"{name}_flag") for name in _AC3_FIELDS]
        reader.read_reserved(4)
        component_type, bsid, mainid, asvc = _read_optional_bytes(reader, present, _AC3_FIELDS)
        return cls(
            component_type=component_type,
            bsid=bsid,
            mainid=mainid,
            asvc=asvc,
            additional_info=reader.read_rest(),
        )

    def _write(self, writer: BitWriter) -> None:
        values = (self.component_type, self.bsid, self.mainid, self.asvc)
        for value in values:
            writer.write_bool(value is not None)
        writer.write_reserved(4)
        _write_optional_bytes(writer, values, _AC3_FIELDS)
        writer.write_bytes(self.additional_info, "additional_info")


_EAC3_FIELDS = ("component_type", "bsid", "mainid", "asvc")
_EAC3_SUBSTREAMS = ("substream1", "substream2", "substream3")


@descriptor(tag=0x7A, name="enhanced_ac3")
@dataclass(frozen=True, slots=True, kw_only=True)
class EnhancedAC3Descriptor(Descriptor):
    """enhanced_AC-3_descriptor (EN 300 468 Annex D.5): E-AC-3 audio; optional bytes as AC-3
    plus three substreams, and the mixinfoexists bit."""

    component_type: int | None = None
    bsid: int | None = None
    mainid: int | None = None
    asvc: int | None = None
    mixinfoexists: bool = False
    substream1: int | None = None
    substream2: int | None = None
    substream3: int | None = None
    additional_info: bytes = b""

    @classmethod
    def _read(cls, reader: BitReader) -> Self:
        head = [reader.read_bool(f"{name}_flag") for name in _EAC3_FIELDS]
        mixinfoexists = reader.read_bool("mixinfoexists")
        subs = [reader.read_bool(f"{name}_flag") for name in _EAC3_SUBSTREAMS]
        component_type, bsid, mainid, asvc = _read_optional_bytes(reader, head, _EAC3_FIELDS)
        sub1, sub2, sub3 = _read_optional_bytes(reader, subs, _EAC3_SUBSTREAMS)
        return cls(
            component_type=component_type,
            bsid=bsid,
            mainid=mainid,
            asvc=asvc,
            mixinfoexists=mixinfoexists,
            substream1=sub1,
            substream2=sub2,
            substream3=sub3,
            additional_info=reader.read_rest(),
        )

    def _write(self, writer: BitWriter) -> None:
        head = (self.component_type, self.bsid, self.mainid, self.asvc)
        subs = (self.substream1, self.substream2, self.substream3)
        for value in head:
            writer.write_bool(value is not None)
        writer.write_bool(self.mixinfoexists)
        for value in subs:
            writer.write_bool(value is not None)
        _write_optional_bytes(writer, head, _EAC3_FIELDS)
        _write_optional_bytes(writer, subs, _EAC3_SUBSTREAMS)
        writer.write_bytes(self.additional_info, "additional_info")


@descriptor(tag=0x7C, name="aac")
@dataclass(frozen=True, slots=True, kw_only=True)
class AACDescriptor(Descriptor):
    """AAC_descriptor (EN 300 468 Annex H / §6.2.1): MPEG-4 AAC profile and level.

    The flags byte is written only when it carries something (an AAC_type, SAOC_DE or
    additional_info); a one-byte descriptor is the common form.
    """

    profile_and_level: int
    saoc_de: bool = False
    aac_type: int | None = None
    additional_info: bytes = b""

    @classmethod
    def _read(cls, reader: BitReader) -> Self:
        profile_and_level = reader.read_uint(8, "profile_and_level")
        if reader.at_end():
            return cls(profile_and_level=profile_and_level)
        has_type = reader.read_bool("AAC_type_flag")
        saoc_de = reader.read_bool("SAOC_DE_flag")
        reader.read_reserved(6)
        aac_type = reader.read_uint(8, "AAC_type") if has_type else None
        return cls(
            profile_and_level=profile_and_level,
            saoc_de=saoc_de,
            aac_type=aac_type,
            additional_info=reader.read_rest(),
        )

    def _write(self, writer: BitWriter) -> None:
        writer.write_uint(8, self.profile_and_level, "profile_and_level")
        if self.aac_type is None and not self.saoc_de and not self.additional_info:
            return
        writer.write_bool(self.aac_type is not None)
        writer.write_bool(self.saoc_de)
        writer.write_reserved(6)
        if self.aac_type is not None:
            writer.write_uint(8, self.aac_type, "AAC_type")
        writer.write_bytes(self.additional_info, "additional_info")


@descriptor(tag=0x09, name="ca")
@dataclass(frozen=True, slots=True, kw_only=True)
class CADescriptor(Descriptor):
    """CA_descriptor (ISO/IEC 13818-1 §2.6.16): the PID of a conditional access system's ECMs
    (in the PMT) or EMMs (in the CAT), plus system-specific private data."""

    ca_system_id: int
    ca_pid: int
    private_data: bytes = b""

    @classmethod
    def _read(cls, reader: BitReader) -> Self:
        ca_system_id = reader.read_uint(16, "CA_system_ID")
        reader.read_reserved(3)
        return cls(
            ca_system_id=ca_system_id,
            ca_pid=reader.read_uint(13, "CA_PID"),
            private_data=reader.read_rest(),
        )

    def _write(self, writer: BitWriter) -> None:
        writer.write_uint(16, self.ca_system_id, "CA_system_ID")
        writer.write_reserved(3)
        writer.write_uint(13, self.ca_pid, "CA_PID")
        writer.write_bytes(self.private_data, "private_data")


@dataclass(frozen=True, slots=True, kw_only=True)
class TeletextPage:
    """One teletext page of a language: type (initial, subtitles...), magazine and page."""

    iso_639_language_code: str
    teletext_type: int = coded(TELETEXT_TYPE_NAMES)
    teletext_magazine_number: int
    teletext_page_number: int


@descriptor(tag=0x56)
@dataclass(frozen=True, slots=True, kw_only=True)
class TeletextDescriptor(Descriptor):
    """teletext_descriptor (EN 300 468 §6.2.43): the pages of an EBU teletext stream."""

    pages: tuple[TeletextPage, ...]

    @classmethod
    def _read(cls, reader: BitReader) -> Self:
        pages = []
        while not reader.at_end():
            pages.append(
                TeletextPage(
                    iso_639_language_code=read_code(reader),
                    teletext_type=reader.read_uint(5, "teletext_type"),
                    teletext_magazine_number=reader.read_uint(3, "teletext_magazine_number"),
                    teletext_page_number=reader.read_uint(8, "teletext_page_number"),
                )
            )
        return cls(pages=tuple(pages))

    def _write(self, writer: BitWriter) -> None:
        for page in self.pages:
            write_code(writer, page.iso_639_language_code)
            writer.write_uint(5, page.teletext_type, "teletext_type")
            writer.write_uint(3, page.teletext_magazine_number, "teletext_magazine_number")
            writer.write_uint(8, page.teletext_page_number, "teletext_page_number")


@dataclass(frozen=True, slots=True, kw_only=True)
class Subtitling:
    """One DVB subtitle service: language, type (EN 300 468 table 26) and its pages."""

    iso_639_language_code: str
    subtitling_type: int
    composition_page_id: int
    ancillary_page_id: int


@descriptor(tag=0x59)
@dataclass(frozen=True, slots=True, kw_only=True)
class SubtitlingDescriptor(Descriptor):
    """subtitling_descriptor (EN 300 468 §6.2.41): the subtitle services of a DVB subtitle
    stream (e.g. Kazakh and Russian subtitles of a lecture)."""

    subtitles: tuple[Subtitling, ...]

    @classmethod
    def _read(cls, reader: BitReader) -> Self:
        subtitles = []
        while not reader.at_end():
            subtitles.append(
                Subtitling(
                    iso_639_language_code=read_code(reader),
                    subtitling_type=reader.read_uint(8, "subtitling_type"),
                    composition_page_id=reader.read_uint(16, "composition_page_id"),
                    ancillary_page_id=reader.read_uint(16, "ancillary_page_id"),
                )
            )
        return cls(subtitles=tuple(subtitles))

    def _write(self, writer: BitWriter) -> None:
        for sub in self.subtitles:
            write_code(writer, sub.iso_639_language_code)
            writer.write_uint(8, sub.subtitling_type, "subtitling_type")
            writer.write_uint(16, sub.composition_page_id, "composition_page_id")
            writer.write_uint(16, sub.ancillary_page_id, "ancillary_page_id")


@descriptor(tag=0x66)
@dataclass(frozen=True, slots=True, kw_only=True)
class DataBroadcastIdDescriptor(Descriptor):
    """data_broadcast_id_descriptor (EN 300 468 §6.2.12): which data broadcast specification a
    stream follows (0x000A SSU, 0x0123 HbbTV...), with its id_selector bytes kept raw."""

    data_broadcast_id: int
    id_selector: bytes = b""

    @classmethod
    def _read(cls, reader: BitReader) -> Self:
        return cls(
            data_broadcast_id=reader.read_uint(16, "data_broadcast_id"),
            id_selector=reader.read_rest(),
        )

    def _write(self, writer: BitWriter) -> None:
        writer.write_uint(16, self.data_broadcast_id, "data_broadcast_id")
        writer.write_bytes(self.id_selector, "id_selector")


@dataclass(frozen=True, slots=True, kw_only=True)
class SignalledApplication:
    """One application type (0x0010 HbbTV...) and the version of its AIT."""

    application_type: int
    ait_version_number: int


@descriptor(tag=0x6F)
@dataclass(frozen=True, slots=True, kw_only=True)
class ApplicationSignallingDescriptor(Descriptor):
    """application_signalling_descriptor (ETSI TS 102 809 §5.3.5.1): in the PMT, points at the
    AIT of interactive applications (HbbTV red button)."""

    applications: tuple[SignalledApplication, ...] = ()

    @classmethod
    def _read(cls, reader: BitReader) -> Self:
        applications = []
        while not reader.at_end():
            reader.read_reserved(1)
            application_type = reader.read_uint(15, "application_type")
            reader.read_reserved(3)
            version = reader.read_uint(5, "AIT_version_number")
            applications.append(
                SignalledApplication(application_type=application_type, ait_version_number=version)
            )
        return cls(applications=tuple(applications))

    def _write(self, writer: BitWriter) -> None:
        for application in self.applications:
            writer.write_reserved(1)
            writer.write_uint(15, application.application_type, "application_type")
            writer.write_reserved(3)
            writer.write_uint(5, application.ait_version_number, "AIT_version_number")
