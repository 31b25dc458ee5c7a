"""Program Map Table (ISO/IEC 13818-1 §2.4.4.8, table 2-33): the streams of one programme.

table_id 0x02, table_id_extension = program_number, one section (section_number 0). Descriptor
loops are kept as raw loop bytes: descriptor decoding belongs to `epg`, which mpegts must not
import. `iter_descriptors` walks a loop's tag/length framing (§2.6) so a receiver can tell AC-3
(stream_type 0x06 + AC-3 descriptor, EN 300 468 annex D) from teletext or subtitles.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from mpegts.bits import BitReader, BitWriter
from mpegts.errors import DecodeError, EncodeError, LengthError
from mpegts.ids import StreamType, TableId
from mpegts.section import Section, collect_sub_table

__all__ = [
    "AC3_DESCRIPTOR_TAG",
    "ENHANCED_AC3_DESCRIPTOR_TAG",
    "PMT",
    "ElementaryStream",
    "iter_descriptors",
]

AC3_DESCRIPTOR_TAG = 0x6A
ENHANCED_AC3_DESCRIPTOR_TAG = 0x7A
_TELETEXT_DESCRIPTOR_TAG = 0x56
_SUBTITLING_DESCRIPTOR_TAG = 0x59
_LOOP_LIMIT = 0x3FF  # §2.4.4.9: the first two bits of the 12-bit lengths are '00'

_CODECS = {
    StreamType.MPEG1_VIDEO: "mpeg1video",
    StreamType.MPEG2_VIDEO: "mpeg2video",
    StreamType.MPEG1_AUDIO: "mp2",
    StreamType.MPEG2_AUDIO: "mp2",
    StreamType.AAC_ADTS: "aac",
    StreamType.AAC_LATM: "aac_latm",
    StreamType.H264: "h264",
    StreamType.HEVC: "hevc",
}
_PRIVATE_CODECS = {
    AC3_DESCRIPTOR_TAG: "ac3",
    ENHANCED_AC3_DESCRIPTOR_TAG: "eac3",
    _TELETEXT_DESCRIPTOR_TAG: "teletext",
    _SUBTITLING_DESCRIPTOR_TAG: "dvb_subtitle",
}


def iter_descriptors(loop: bytes) -> Iterator[tuple[int, bytes]]:
    """(tag, payload) of each descriptor in a raw loop; a descriptor overrunning it is an error."""
    position = 0
    while position < len(loop):
        if position + 2 > len(loop):
            raise LengthError("descriptor header runs past the end of its loop")
        tag, length = loop[position], loop[position + 1]
        end = position + 2 + length
        if end > len(loop):
            raise LengthError(f"descriptor 0x{tag:02X} of {length} bytes overruns its loop")
        yield tag, loop[position + 2 : end]
        position = end


@dataclass(frozen=True, slots=True, kw_only=True)
class ElementaryStream:
    """One entry of the PMT's stream loop; `descriptors` is the raw ES_info loop."""

    stream_type: int
    elementary_pid: int
    descriptors: bytes = b""

    @property
    def codec(self) -> str:
        """A short codec name (ffmpeg's) from stream_type and, for 0x06, the descriptors."""
        if self.stream_type in _CODECS:
            return _CODECS[StreamType(self.stream_type)]
        if self.stream_type == StreamType.PRIVATE_PES:
            try:
                tags = [tag for tag, _ in iter_descriptors(self.descriptors)]
            except DecodeError:
                tags = []
            for tag in tags:
                if tag in _PRIVATE_CODECS:
                    return _PRIVATE_CODECS[tag]
        return f"stream_type_0x{self.stream_type:02x}"

    @classmethod
    def ac3(cls, pid: int, *, extra_descriptors: bytes = b"") -> ElementaryStream:
        """AC-3 as DVB carries it: stream_type 0x06 with an AC-3 descriptor (no optional fields)."""
        ac3 = bytes([AC3_DESCRIPTOR_TAG, 1, 0x00])
        return cls(
            stream_type=StreamType.PRIVATE_PES,
            elementary_pid=pid,
            descriptors=ac3 + extra_descriptors,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class PMT:
    """The PCR PID, programme descriptors and elementary streams of one programme."""

    TABLE_IDS = (TableId.PMT,)

    program_number: int
    pcr_pid: int
    streams: tuple[ElementaryStream, ...] = ()
    program_info: bytes = b""
    version_number: int = 0
    current_next_indicator: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "streams", tuple(self.streams))

    def stream(self, pid: int) -> ElementaryStream:
        """The stream on `pid` (KeyError if the programme has none)."""
        for entry in self.streams:
            if entry.elementary_pid == pid:
                return entry
        raise KeyError(pid)

    def encode(self) -> list[Section]:
        """The one section of this PMT (a PMT may not span sections, §2.4.4.8)."""
        writer = BitWriter()
        writer.write_reserved(3)
        writer.write_uint(13, self.pcr_pid, "PCR_PID")
        _write_loop(writer, self.program_info, "program_info")
        for entry in self.streams:
            writer.write_uint(8, entry.stream_type, "stream_type")
            writer.write_reserved(3)
            writer.write_uint(13, entry.elementary_pid, "elementary_PID")
            _write_loop(writer, entry.descriptors, "ES_info")
        section = Section(
            table_id=TableId.PMT,
            payload=writer.getvalue(),
            private_indicator=False,
            table_id_extension=self.program_number,
            version_number=self.version_number,
            current_next_indicator=self.current_next_indicator,
        )
        section.encode()  # raises EncodeError past the 1024-byte limit
        return [section]

    @classmethod
    def decode(cls, sections: Section | Iterable[Section]) -> PMT:
        """The PMT from its section (repeats allowed)."""
        [section] = collect_sub_table(sections, (TableId.PMT,), name="PMT")[:1]
        reader = BitReader(section.payload)
        reader.read_reserved(3)
        pcr_pid = reader.read_uint(13, "PCR_PID")
        program_info = _read_loop(reader, "program_info")
        streams = []
        while not reader.at_end():
            stream_type = reader.read_uint(8, "stream_type")
            reader.read_reserved(3)
            pid = reader.read_uint(13, "elementary_PID")
            descriptors = _read_loop(reader, "ES_info")
            streams.append(
                ElementaryStream(
                    stream_type=stream_type, elementary_pid=pid, descriptors=descriptors
                )
            )
        return cls(
            program_number=section.table_id_extension,
            pcr_pid=pcr_pid,
            streams=tuple(streams),
            program_info=program_info,
            version_number=section.version_number,
            current_next_indicator=section.current_next_indicator,
        )


def _write_loop(writer: BitWriter, loop: bytes, what: str) -> None:
    if len(loop) > _LOOP_LIMIT:
        raise EncodeError(f"{what} loop of {len(loop)} bytes exceeds {_LOOP_LIMIT}")
    writer.write_reserved(4)
    writer.write_uint(12, len(loop), f"{what}_length")
    writer.write_bytes(loop, what)


def _read_loop(reader: BitReader, what: str) -> bytes:
    reader.read_reserved(4)
    length = reader.read_uint(12, f"{what}_length")
    if length > reader.remaining_bytes:
        raise LengthError(f"{what}_length {length} exceeds the {reader.remaining_bytes} bytes left")
    return reader.read_bytes(length, what)
