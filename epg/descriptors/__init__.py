"""DVB descriptors (EN 300 468 §6, plus the MPEG tags DVB reuses), one module per family.

Importing this package registers every family (the imports below are explicit, not a scan), so
:func:`decode_descriptor_loop` knows them all. Tables use the loop codec; everything else uses
the classes re-exported here.
"""

from __future__ import annotations

from epg.descriptors.base import Descriptor
from epg.descriptors.delivery import (
    CableDeliverySystemDescriptor,
    S2SatelliteDeliverySystemDescriptor,
    SatelliteDeliverySystemDescriptor,
    T2Cell,
    T2DeliverySystemDescriptor,
    T2Details,
    T2Subcell,
    TerrestrialDeliverySystemDescriptor,
)
from epg.descriptors.event import (
    ComponentDescriptor,
    ContentDescriptor,
    ContentItem,
    ExtendedEventDescriptor,
    ExtendedEventItem,
    ParentalRating,
    ParentalRatingDescriptor,
    ShortEventDescriptor,
)
from epg.descriptors.event_fitting import (
    EXTENDED_EVENT_ROOM,
    SHORT_EVENT_ROOM,
    extended_event_chain,
    fit_short_event,
    join_extended_events,
)
from epg.descriptors.model import from_dict, to_dict
from epg.descriptors.mpeg import (
    AACDescriptor,
    AC3Descriptor,
    EnhancedAC3Descriptor,
    ISO639Language,
    ISO639LanguageDescriptor,
    StreamIdentifierDescriptor,
)
from epg.descriptors.network import (
    BouquetNameDescriptor,
    LinkageDescriptor,
    MultilingualBouquetNameDescriptor,
    MultilingualName,
    MultilingualNetworkNameDescriptor,
    NetworkNameDescriptor,
    ServiceListDescriptor,
    ServiceListEntry,
)
from epg.descriptors.private import (
    HDSimulcastLogicalChannelDescriptor,
    LogicalChannel,
    LogicalChannelDescriptor,
    NorDigChannelList,
    NorDigLogicalChannelV1Descriptor,
    NorDigLogicalChannelV2Descriptor,
    PrivateDataSpecifierDescriptor,
)
from epg.descriptors.raw import RawDescriptor
from epg.descriptors.registry import (
    DescriptorKey,
    decode_descriptor,
    decode_descriptor_loop,
    descriptor,
    encode_descriptor_loop,
)
from epg.descriptors.service import (
    MultilingualServiceName,
    MultilingualServiceNameDescriptor,
    ServiceDescriptor,
)
from epg.descriptors.time import LocalTimeOffset, LocalTimeOffsetDescriptor

__all__ = [
    "EXTENDED_EVENT_ROOM",
    "SHORT_EVENT_ROOM",
    "AACDescriptor",
    "AC3Descriptor",
    "BouquetNameDescriptor",
    "CableDeliverySystemDescriptor",
    "ComponentDescriptor",
    "ContentDescriptor",
    "ContentItem",
    "Descriptor",
    "DescriptorKey",
    "EnhancedAC3Descriptor",
    "ExtendedEventDescriptor",
    "ExtendedEventItem",
    "HDSimulcastLogicalChannelDescriptor",
    "ISO639Language",
    "ISO639LanguageDescriptor",
    "LinkageDescriptor",
    "LocalTimeOffset",
    "LocalTimeOffsetDescriptor",
    "LogicalChannel",
    "LogicalChannelDescriptor",
    "MultilingualBouquetNameDescriptor",
    "MultilingualName",
    "MultilingualNetworkNameDescriptor",
    "MultilingualServiceName",
    "MultilingualServiceNameDescriptor",
    "NetworkNameDescriptor",
    "NorDigChannelList",
    "NorDigLogicalChannelV1Descriptor",
    "NorDigLogicalChannelV2Descriptor",
    "ParentalRating",
    "ParentalRatingDescriptor",
    "PrivateDataSpecifierDescriptor",
    "RawDescriptor",
    "S2SatelliteDeliverySystemDescriptor",
    "SatelliteDeliverySystemDescriptor",
    "ServiceDescriptor",
    "ServiceListDescriptor",
    "ServiceListEntry",
    "ShortEventDescriptor",
    "StreamIdentifierDescriptor",
    "T2Cell",
    "T2DeliverySystemDescriptor",
    "T2Details",
    "T2Subcell",
    "TerrestrialDeliverySystemDescriptor",
    "decode_descriptor",
    "decode_descriptor_loop",
    "descriptor",
    "encode_descriptor_loop",
    "extended_event_chain",
    "fit_short_event",
    "from_dict",
    "join_extended_events",
    "to_dict",
]
