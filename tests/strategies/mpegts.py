"""Hypothesis strategies for mpegts wire structures, drawn from the field widths of the standard.

Other packages' tests (epg, playout, receiver tools) may import these to build streams.
"""

from __future__ import annotations

from hypothesis import strategies as st

from mpegts.clock import PCR_WRAP, PTS_WRAP
from mpegts.packet import MAX_PAYLOAD_SIZE, AdaptationField, TSPacket
from mpegts.pes import PESHeader, has_optional_header
from mpegts.psi.pat import PAT
from mpegts.psi.pmt import PMT, ElementaryStream
from mpegts.section import Section, max_section_size

__all__ = [
    "adaptation_fields",
    "descriptor_loops",
    "elementary_streams",
    "pats",
    "pcrs",
    "pes_headers",
    "pids",
    "pmts",
    "sections",
    "stamps",
    "ts_packets",
    "uint",
]


def uint(bits: int) -> st.SearchStrategy[int]:
    """Any value of a `bits`-wide field, with the edges favoured."""
    return st.one_of(st.sampled_from([0, (1 << bits) - 1]), st.integers(0, (1 << bits) - 1))


pids = st.integers(0, 0x1FFF)
pcrs = st.one_of(st.sampled_from([0, PCR_WRAP - 1]), st.integers(0, PCR_WRAP - 1))
stamps = st.one_of(st.sampled_from([0, PTS_WRAP - 1]), st.integers(0, PTS_WRAP - 1))


@st.composite
def adaptation_fields(draw: st.DrawFn, max_size: int = MAX_PAYLOAD_SIZE) -> AdaptationField:
    """Adaptation fields whose encoding fits in `max_size` bytes (length byte included)."""
    field = AdaptationField(
        discontinuity_indicator=draw(st.booleans()),
        random_access_indicator=draw(st.booleans()),
        elementary_stream_priority_indicator=draw(st.booleans()),
        pcr=draw(st.none() | pcrs),
        opcr=draw(st.none() | pcrs),
        splice_countdown=draw(st.none() | st.integers(-128, 127)),
        transport_private_data=draw(st.none() | st.binary(max_size=40)),
        extension=draw(st.none() | st.binary(max_size=40)),
    )
    if field.minimum_size > max_size:
        field = AdaptationField(
            discontinuity_indicator=field.discontinuity_indicator,
            random_access_indicator=field.random_access_indicator,
            pcr=field.pcr,
        )
    return field


@st.composite
def ts_packets(draw: st.DrawFn, pid: st.SearchStrategy[int] = pids) -> TSPacket:
    """Any encodable packet: payload-only, adaptation-only or both."""
    adaptation = draw(st.none() | adaptation_fields())
    room = MAX_PAYLOAD_SIZE - (0 if adaptation is None else adaptation.minimum_size)
    payload = draw(st.binary(max_size=room) | st.binary(min_size=room, max_size=room))
    return TSPacket(
        pid=draw(pid),
        payload=payload,
        payload_unit_start_indicator=draw(st.booleans()),
        transport_error_indicator=draw(st.booleans()),
        transport_priority=draw(st.booleans()),
        transport_scrambling_control=draw(uint(2)),
        continuity_counter=draw(uint(4)),
        adaptation=adaptation,
    )


@st.composite
def sections(
    draw: st.DrawFn,
    table_ids: st.SearchStrategy[int] | None = None,
    max_payload: int | None = None,
) -> Section:
    """Long- and short-form sections within their table's size limit."""
    table_id = draw(table_ids if table_ids is not None else st.integers(0, 0xFE))
    long_form = draw(st.booleans())
    overhead = 3 + (9 if long_form else 4)
    limit = max_section_size(table_id) - overhead
    if max_payload is not None:
        limit = min(limit, max_payload)
    payload = draw(st.binary(max_size=limit))
    private_indicator = draw(st.booleans())
    if not long_form:
        return Section(
            table_id=table_id,
            payload=payload,
            section_syntax_indicator=False,
            private_indicator=private_indicator,
        )
    return Section(
        table_id=table_id,
        payload=payload,
        private_indicator=private_indicator,
        table_id_extension=draw(uint(16)),
        version_number=draw(uint(5)),
        current_next_indicator=draw(st.booleans()),
        section_number=draw(uint(8)),
        last_section_number=draw(uint(8)),
    )


@st.composite
def pes_headers(draw: st.DrawFn) -> PESHeader:
    """PES headers with and without the optional part, PTS only or PTS + DTS."""
    stream_id = draw(st.sampled_from([0xE0, 0xC0, 0xBD, 0xBE, 0xBF, 0xF0, 0xFA]))
    if not has_optional_header(stream_id):
        return PESHeader(stream_id=stream_id, pes_packet_length=draw(uint(16)))
    pts = draw(st.none() | stamps)
    dts = None if pts is None else draw(st.none() | stamps)
    return PESHeader(
        stream_id=stream_id,
        pes_packet_length=draw(uint(16)),
        pts=pts,
        dts=dts,
        scrambling_control=draw(uint(2)),
        priority=draw(st.booleans()),
        data_alignment_indicator=draw(st.booleans()),
        copyright=draw(st.booleans()),
        original_or_copy=draw(st.booleans()),
        other_flags=draw(uint(6)),
        optional_fields=draw(st.binary(max_size=40)),
    )


pids13 = st.integers(0, 0x1FFF)


@st.composite
def descriptor_loops(draw: st.DrawFn, max_descriptors: int = 4) -> bytes:
    """Well-framed raw descriptor loops (tag, length, payload)."""
    items = draw(st.lists(st.tuples(uint(8), st.binary(max_size=20)), max_size=max_descriptors))
    return b"".join(bytes([tag, len(body)]) + body for tag, body in items)


elementary_streams = st.builds(
    ElementaryStream,
    stream_type=uint(8),
    elementary_pid=pids13,
    descriptors=descriptor_loops(),
)


@st.composite
def pats(draw: st.DrawFn, max_programs: int = 600) -> PAT:
    """PATs up to several sections long (253 programmes fit in one)."""
    programs = draw(st.dictionaries(st.integers(1, 0xFFFF), pids13, max_size=max_programs))
    return PAT(
        transport_stream_id=draw(uint(16)),
        programs=programs,
        network_pid=draw(st.none() | pids13),
        version_number=draw(uint(5)),
        current_next_indicator=draw(st.booleans()),
    )


pmts = st.builds(
    PMT,
    program_number=uint(16),
    pcr_pid=pids13,
    streams=st.lists(elementary_streams, max_size=12).map(tuple),
    program_info=descriptor_loops(),
    version_number=uint(5),
    current_next_indicator=st.booleans(),
)
