"""DVB Service Information on top of mpegts: tables, descriptors, text, the SI carousel, exports.

Pure: no I/O, no wall clock. The names below are the public surface; modules stay importable
(`epg.descriptors` for every descriptor class, `epg.tables.eit_segments` for the TS 101 211
arithmetic, `epg.export.*` for the exporters), and `tests/epg/test_exported_members.py` keeps
this list complete.
"""

from epg.carousel import DeliverySystem, Packing, RepetitionPlan, SICarousel
from epg.descriptors.registry import (
    Descriptor,
    RawDescriptor,
    decode_descriptor_loop,
    encode_descriptor_loop,
)
from epg.eit_builder import (
    Detail,
    EITBuildOptions,
    build_event,
    build_schedule_events,
    default_event_id,
    present_following,
)
from epg.errors import (
    DescriptorDecodeError,
    DescriptorEncodeError,
    DescriptorError,
    EPGError,
    ProgrammeError,
    TableDecodeError,
    TableEncodeError,
    TableError,
    TextDecodeError,
    TextEncodeError,
    TextError,
)
from epg.export.ical import to_ical
from epg.export.json import from_json, to_json
from epg.export.m3u import to_m3u
from epg.export.xmltv import to_xmltv
from epg.ids import DescriptorTag, RunningStatus, ServiceType
from epg.programme import (
    Channel,
    Episode,
    Genre,
    Localized,
    ParentalRating,
    Programme,
    pick_text,
)
from epg.si_builder import (
    MultiplexIds,
    NetworkStream,
    build_network_nit,
    build_nit,
    build_sdt,
    build_tot,
)
from epg.tables.eit import (
    EITEvent,
    EITHead,
    EITPresentFollowing,
    EITSchedule,
    decode_eit,
    read_eit_section,
)
from epg.tables.nit import NIT, NITTransportStream
from epg.tables.sdt import SDT, SDTService
from epg.tables.time import TDT, TOT
from epg.text import Charset, decode_dvb_text, encode_dvb_text, fit_dvb_text

__all__ = [
    "NIT",
    "SDT",
    "TDT",
    "TOT",
    "Channel",
    "Charset",
    "DeliverySystem",
    "Descriptor",
    "DescriptorDecodeError",
    "DescriptorEncodeError",
    "DescriptorError",
    "DescriptorTag",
    "Detail",
    "EITBuildOptions",
    "EITEvent",
    "EITHead",
    "EITPresentFollowing",
    "EITSchedule",
    "EPGError",
    "Episode",
    "Genre",
    "Localized",
    "MultiplexIds",
    "NITTransportStream",
    "NetworkStream",
    "Packing",
    "ParentalRating",
    "Programme",
    "ProgrammeError",
    "RawDescriptor",
    "RepetitionPlan",
    "RunningStatus",
    "SDTService",
    "SICarousel",
    "ServiceType",
    "TableDecodeError",
    "TableEncodeError",
    "TableError",
    "TextDecodeError",
    "TextEncodeError",
    "TextError",
    "build_event",
    "build_network_nit",
    "build_nit",
    "build_schedule_events",
    "build_sdt",
    "build_tot",
    "decode_descriptor_loop",
    "decode_dvb_text",
    "decode_eit",
    "default_event_id",
    "encode_descriptor_loop",
    "encode_dvb_text",
    "fit_dvb_text",
    "from_json",
    "pick_text",
    "present_following",
    "read_eit_section",
    "to_ical",
    "to_json",
    "to_m3u",
    "to_xmltv",
]
