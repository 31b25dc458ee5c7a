"""Hypothesis strategies for every registered descriptor (epg.descriptors).

Values span each field's full width (Hypothesis tries the bounds: 0, 0xFF..., all ones), optional
fields are on and off, and text is Kazakh, Russian and English phrases or arbitrary Unicode that
some DVB table can hold. Descriptors whose encoding would exceed 255 bytes are filtered out
(lists and texts are kept short so that is rare).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import strategies as st

from epg.descriptors import (
    AACDescriptor,
    AC3Descriptor,
    ApplicationSignallingDescriptor,
    BouquetNameDescriptor,
    CableDeliverySystemDescriptor,
    CADescriptor,
    CAIdentifierDescriptor,
    ComponentDescriptor,
    ContentDescriptor,
    ContentIdentifier,
    ContentIdentifierDescriptor,
    ContentItem,
    DataBroadcastIdDescriptor,
    Descriptor,
    EnhancedAC3Descriptor,
    ExtendedEventDescriptor,
    ExtendedEventItem,
    FrequencyListDescriptor,
    HDSimulcastLogicalChannelDescriptor,
    ISO639Language,
    ISO639LanguageDescriptor,
    LinkageDescriptor,
    LocalTimeOffset,
    LocalTimeOffsetDescriptor,
    LogicalChannel,
    LogicalChannelDescriptor,
    MultilingualBouquetNameDescriptor,
    MultilingualName,
    MultilingualNetworkNameDescriptor,
    MultilingualServiceName,
    MultilingualServiceNameDescriptor,
    NetworkNameDescriptor,
    NorDigChannelList,
    NorDigLogicalChannelV1Descriptor,
    NorDigLogicalChannelV2Descriptor,
    ParentalRating,
    ParentalRatingDescriptor,
    PDCDescriptor,
    PrivateDataSpecifierDescriptor,
    S2SatelliteDeliverySystemDescriptor,
    SatelliteDeliverySystemDescriptor,
    ServiceDescriptor,
    ServiceListDescriptor,
    ServiceListEntry,
    ShortEventDescriptor,
    SignalledApplication,
    StreamIdentifierDescriptor,
    Subtitling,
    SubtitlingDescriptor,
    T2Cell,
    T2DeliverySystemDescriptor,
    T2Details,
    T2Subcell,
    TeletextDescriptor,
    TeletextPage,
    TerrestrialDeliverySystemDescriptor,
    URILinkageDescriptor,
)
from epg.text import encode_dvb_text
from mpegts.errors import EncodeError

__all__ = ["DESCRIPTOR_STRATEGIES", "any_descriptor", "dvb_texts", "language_codes", "uint"]

PHRASES = (
    "Математика: 1-дәріс",
    "Өрнектер және теңдеулер. Қазақ тілінде.",
    "Дәріскер",
    "А. Қасымова",
    "Физика: лекция 2",
    "Законы Ньютона.",
    "Physics: lecture 2",
    "Newton's laws.",
    "URL",
    "https://edu.example.kz/test/42",
    "Білім 1",
    "EduTV Қазақстан",
    "",
)


def uint(bits: int) -> st.SearchStrategy[int]:
    return st.integers(0, (1 << bits) - 1)


def _encodable(text: str) -> bool:
    try:
        encode_dvb_text(text)
    except EncodeError:
        return False
    return True


#: Arbitrary Unicode some DVB table holds exactly (no surrogates, no U+E080-U+E09F controls).
arbitrary_texts = st.text(
    st.characters(
        exclude_categories=("Cs",), exclude_characters=[chr(c) for c in range(0xE080, 0xE0A0)]
    ),
    max_size=12,
).filter(_encodable)


def dvb_texts() -> st.SearchStrategy[str]:
    return st.sampled_from(PHRASES) | arbitrary_texts


#: ISO 639 / ISO 3166 codes: the real ones, and any 3 Latin-1 characters (the wire's range).
language_codes = st.sampled_from(("kaz", "rus", "eng", "KAZ")) | st.text(
    st.characters(max_codepoint=0xFF), min_size=3, max_size=3
)


def _fits(descriptor: Descriptor) -> bool:
    try:
        descriptor.encode()
    except EncodeError:
        return False
    return True


def _short(
    strategy: st.SearchStrategy[object], size: int = 3
) -> st.SearchStrategy[tuple[object, ...]]:
    return st.lists(strategy, max_size=size).map(tuple)


_multilingual_names = st.builds(
    MultilingualName, iso_639_language_code=language_codes, name=dvb_texts()
)
_logical_channels = st.builds(
    LogicalChannel,
    service_id=uint(16),
    visible_service=st.booleans(),
    logical_channel_number=uint(10),
)
_t2_cells_single = st.builds(
    T2Cell,
    cell_id=uint(16),
    centre_frequencies=uint(32).map(lambda f: (f * 10,)),
    subcells=_short(
        st.builds(
            T2Subcell,
            cell_id_extension=uint(8),
            transposer_frequency=uint(32).map(lambda f: f * 10),
        )
    ),
)
_t2_cells_tfs = st.builds(
    T2Cell,
    cell_id=uint(16),
    centre_frequencies=_short(uint(32).map(lambda f: f * 10)),
    subcells=_short(
        st.builds(
            T2Subcell,
            cell_id_extension=uint(8),
            transposer_frequency=uint(32).map(lambda f: f * 10),
        )
    ),
)


@st.composite
def _t2_details(draw: st.DrawFn) -> T2Details:
    tfs = draw(st.booleans())
    return T2Details(
        siso_miso=draw(uint(2)),
        bandwidth=draw(uint(4)),
        guard_interval=draw(uint(3)),
        transmission_mode=draw(uint(3)),
        other_frequency=draw(st.booleans()),
        tfs=tfs,
        cells=draw(_short(_t2_cells_tfs if tfs else _t2_cells_single)),
    )


@st.composite
def _local_time_offsets(draw: st.DrawFn) -> LocalTimeOffset:
    minutes = st.integers(0, 99 * 60 + 59)
    sign = draw(st.sampled_from((1, -1)))
    when = draw(st.datetimes(min_value=datetime(1858, 11, 17), max_value=datetime(2037, 12, 31)))
    return LocalTimeOffset(
        country_code=draw(language_codes),
        country_region_id=draw(uint(6)),
        local_time_offset=sign * timedelta(minutes=draw(minutes)),
        time_of_change=when.replace(microsecond=0, tzinfo=UTC),
        next_time_offset=sign * timedelta(minutes=draw(minutes)),
    )


_optional_byte = st.none() | uint(8)

DESCRIPTOR_STRATEGIES: dict[type[Descriptor], st.SearchStrategy[Descriptor]] = {
    NetworkNameDescriptor: st.builds(NetworkNameDescriptor, network_name=dvb_texts()),
    BouquetNameDescriptor: st.builds(BouquetNameDescriptor, bouquet_name=dvb_texts()),
    MultilingualNetworkNameDescriptor: st.builds(
        MultilingualNetworkNameDescriptor, names=_short(_multilingual_names)
    ),
    MultilingualBouquetNameDescriptor: st.builds(
        MultilingualBouquetNameDescriptor, names=_short(_multilingual_names)
    ),
    ServiceListDescriptor: st.builds(
        ServiceListDescriptor,
        services=_short(st.builds(ServiceListEntry, service_id=uint(16), service_type=uint(8)), 20),
    ),
    LinkageDescriptor: st.builds(
        LinkageDescriptor,
        transport_stream_id=uint(16),
        original_network_id=uint(16),
        service_id=uint(16),
        linkage_type=uint(8),
        private_data=st.binary(max_size=40),
    ),
    ServiceDescriptor: st.builds(
        ServiceDescriptor,
        service_type=uint(8),
        service_provider_name=dvb_texts(),
        service_name=dvb_texts(),
    ),
    MultilingualServiceNameDescriptor: st.builds(
        MultilingualServiceNameDescriptor,
        names=_short(
            st.builds(
                MultilingualServiceName,
                iso_639_language_code=language_codes,
                service_provider_name=dvb_texts(),
                service_name=dvb_texts(),
            )
        ),
    ),
    SatelliteDeliverySystemDescriptor: st.builds(
        SatelliteDeliverySystemDescriptor,
        frequency=st.integers(0, 99_999_999).map(lambda f: f * 10_000),
        orbital_position=st.integers(0, 9999),
        west_east=uint(1),
        polarization=uint(2),
        roll_off=uint(2),
        modulation_system=uint(1),
        modulation_type=uint(2),
        symbol_rate=st.integers(0, 9_999_999).map(lambda s: s * 100),
        fec_inner=uint(4),
    ),
    CableDeliverySystemDescriptor: st.builds(
        CableDeliverySystemDescriptor,
        frequency=st.integers(0, 99_999_999).map(lambda f: f * 100),
        fec_outer=uint(4),
        modulation=uint(8),
        symbol_rate=st.integers(0, 9_999_999).map(lambda s: s * 100),
        fec_inner=uint(4),
    ),
    TerrestrialDeliverySystemDescriptor: st.builds(
        TerrestrialDeliverySystemDescriptor,
        centre_frequency=uint(32).map(lambda f: f * 10),
        bandwidth=uint(3),
        priority=st.booleans(),
        time_slicing_indicator=st.booleans(),
        mpe_fec_indicator=st.booleans(),
        constellation=uint(2),
        hierarchy_information=uint(3),
        code_rate_hp_stream=uint(3),
        code_rate_lp_stream=uint(3),
        guard_interval=uint(2),
        transmission_mode=uint(2),
        other_frequency=st.booleans(),
    ),
    S2SatelliteDeliverySystemDescriptor: st.builds(
        S2SatelliteDeliverySystemDescriptor,
        backwards_compatibility_indicator=st.booleans(),
        ts_gs_mode=uint(2),
        scrambling_sequence_index=st.none() | uint(18),
        input_stream_identifier=_optional_byte,
        timeslice_number=_optional_byte,
    ),
    T2DeliverySystemDescriptor: st.builds(
        T2DeliverySystemDescriptor,
        plp_id=uint(8),
        t2_system_id=uint(16),
        details=st.none() | _t2_details(),
    ),
    PrivateDataSpecifierDescriptor: st.builds(
        PrivateDataSpecifierDescriptor, private_data_specifier=uint(32)
    ),
    LogicalChannelDescriptor: st.builds(
        LogicalChannelDescriptor, channels=_short(_logical_channels, 10)
    ),
    HDSimulcastLogicalChannelDescriptor: st.builds(
        HDSimulcastLogicalChannelDescriptor, channels=_short(_logical_channels, 10)
    ),
    NorDigLogicalChannelV1Descriptor: st.builds(
        NorDigLogicalChannelV1Descriptor,
        channels=_short(
            st.builds(
                LogicalChannel,
                service_id=uint(16),
                visible_service=st.booleans(),
                logical_channel_number=uint(14),
            ),
            10,
        ),
    ),
    NorDigLogicalChannelV2Descriptor: st.builds(
        NorDigLogicalChannelV2Descriptor,
        channel_lists=_short(
            st.builds(
                NorDigChannelList,
                channel_list_id=uint(8),
                channel_list_name=dvb_texts(),
                country_code=language_codes,
                channels=_short(_logical_channels, 5),
            ),
            2,
        ),
    ),
    ISO639LanguageDescriptor: st.builds(
        ISO639LanguageDescriptor,
        languages=_short(
            st.builds(ISO639Language, iso_639_language_code=language_codes, audio_type=uint(8))
        ),
    ),
    StreamIdentifierDescriptor: st.builds(StreamIdentifierDescriptor, component_tag=uint(8)),
    AC3Descriptor: st.builds(
        AC3Descriptor,
        component_type=_optional_byte,
        bsid=_optional_byte,
        mainid=_optional_byte,
        asvc=_optional_byte,
        additional_info=st.binary(max_size=8),
    ),
    EnhancedAC3Descriptor: st.builds(
        EnhancedAC3Descriptor,
        component_type=_optional_byte,
        bsid=_optional_byte,
        mainid=_optional_byte,
        asvc=_optional_byte,
        mixinfoexists=st.booleans(),
        substream1=_optional_byte,
        substream2=_optional_byte,
        substream3=_optional_byte,
        additional_info=st.binary(max_size=8),
    ),
    AACDescriptor: st.builds(
        AACDescriptor,
        profile_and_level=uint(8),
        saoc_de=st.booleans(),
        aac_type=_optional_byte,
        additional_info=st.binary(max_size=8),
    ),
    LocalTimeOffsetDescriptor: st.builds(
        LocalTimeOffsetDescriptor, offsets=_short(_local_time_offsets())
    ),
    ShortEventDescriptor: st.builds(
        ShortEventDescriptor,
        iso_639_language_code=language_codes,
        event_name=dvb_texts(),
        text=dvb_texts(),
    ),
    ExtendedEventDescriptor: st.builds(
        ExtendedEventDescriptor,
        descriptor_number=uint(4),
        last_descriptor_number=uint(4),
        iso_639_language_code=language_codes,
        items=_short(st.builds(ExtendedEventItem, item_description=dvb_texts(), item=dvb_texts())),
        text=dvb_texts(),
    ),
    ContentDescriptor: st.builds(
        ContentDescriptor,
        items=_short(
            st.builds(
                ContentItem,
                content_nibble_level_1=uint(4),
                content_nibble_level_2=uint(4),
                user_byte=uint(8),
            ),
            5,
        ),
    ),
    ParentalRatingDescriptor: st.builds(
        ParentalRatingDescriptor,
        ratings=_short(st.builds(ParentalRating, country_code=language_codes, rating=uint(8)), 5),
    ),
    ComponentDescriptor: st.builds(
        ComponentDescriptor,
        stream_content_ext=uint(4),
        stream_content=uint(4),
        component_type=uint(8),
        component_tag=uint(8),
        iso_639_language_code=language_codes,
        text=dvb_texts(),
    ),
}


@st.composite
def _frequency_lists(draw: st.DrawFn) -> FrequencyListDescriptor:
    coding_type = draw(uint(2))
    raw = st.integers(0, 99_999_999) if coding_type in (1, 2) else uint(32)
    unit = {1: 10_000, 2: 100, 3: 10}.get(coding_type, 1)
    frequencies = draw(_short(raw.map(lambda f: f * unit), 8))
    return FrequencyListDescriptor(coding_type=coding_type, centre_frequencies=frequencies)


@st.composite
def _uri_linkages(draw: st.DrawFn) -> URILinkageDescriptor:
    uri_linkage_type = draw(uint(8))
    polled = uri_linkage_type in (0, 1)
    uris = st.sampled_from(("https://edu.example.kz/test/42", "")) | st.text(
        st.characters(exclude_categories=("Cs",)), max_size=30
    )
    return URILinkageDescriptor(
        uri_linkage_type=uri_linkage_type,
        uri=draw(uris),
        min_polling_interval=draw(uint(16)) if polled else None,
        private_data=draw(st.binary(max_size=20)),
    )


_content_identifiers = st.builds(
    ContentIdentifier,
    crid_type=uint(6),
    crid=st.text(st.characters(max_codepoint=0xFF), max_size=40),
) | st.builds(ContentIdentifier, crid_type=uint(6), crid_ref=uint(16))

DESCRIPTOR_STRATEGIES |= {
    CADescriptor: st.builds(
        CADescriptor, ca_system_id=uint(16), ca_pid=uint(13), private_data=st.binary(max_size=20)
    ),
    CAIdentifierDescriptor: st.builds(CAIdentifierDescriptor, ca_system_ids=_short(uint(16), 10)),
    TeletextDescriptor: st.builds(
        TeletextDescriptor,
        pages=_short(
            st.builds(
                TeletextPage,
                iso_639_language_code=language_codes,
                teletext_type=uint(5),
                teletext_magazine_number=uint(3),
                teletext_page_number=uint(8),
            ),
            5,
        ),
    ),
    SubtitlingDescriptor: st.builds(
        SubtitlingDescriptor,
        subtitles=_short(
            st.builds(
                Subtitling,
                iso_639_language_code=language_codes,
                subtitling_type=uint(8),
                composition_page_id=uint(16),
                ancillary_page_id=uint(16),
            ),
            5,
        ),
    ),
    DataBroadcastIdDescriptor: st.builds(
        DataBroadcastIdDescriptor, data_broadcast_id=uint(16), id_selector=st.binary(max_size=20)
    ),
    ApplicationSignallingDescriptor: st.builds(
        ApplicationSignallingDescriptor,
        applications=_short(
            st.builds(SignalledApplication, application_type=uint(15), ait_version_number=uint(5)),
            5,
        ),
    ),
    PDCDescriptor: st.builds(
        PDCDescriptor, day=uint(5), month=uint(4), hour=uint(5), minute=uint(6)
    ),
    ContentIdentifierDescriptor: st.builds(
        ContentIdentifierDescriptor, identifiers=_short(_content_identifiers)
    ),
    FrequencyListDescriptor: _frequency_lists(),
    URILinkageDescriptor: _uri_linkages(),
}

DESCRIPTOR_STRATEGIES = {
    cls: strategy.filter(_fits) for cls, strategy in DESCRIPTOR_STRATEGIES.items()
}


def any_descriptor() -> st.SearchStrategy[Descriptor]:
    """Any registered descriptor (PDS-dependent ones need their PDS before them in a loop)."""
    return st.one_of(*DESCRIPTOR_STRATEGIES.values())
