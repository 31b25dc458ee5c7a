"""SDT, NIT and TOT built from the channel model, read back through the table codecs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from epg.descriptors.delivery import T2DeliverySystemDescriptor, TerrestrialDeliverySystemDescriptor
from epg.descriptors.network import (
    MultilingualNetworkNameDescriptor,
    NetworkNameDescriptor,
    ServiceListDescriptor,
)
from epg.descriptors.private import LogicalChannelDescriptor
from epg.descriptors.service import MultilingualServiceNameDescriptor, ServiceDescriptor
from epg.errors import TableEncodeError
from epg.programme import Channel
from epg.si_builder import (
    MultiplexIds,
    NetworkStream,
    build_network_nit,
    build_nit,
    build_sdt,
    build_tot,
)
from epg.tables.nit import NIT
from epg.tables.sdt import SDT
from epg.tables.time import TOT
from tests.epg.descriptors.test_delivery import TERRESTRIAL_594_MHZ as TERRESTRIAL
from tests.epg.tables.test_golden import TOT_0950, UTC_0950

IDS = MultiplexIds(transport_stream_id=0x10, original_network_id=0x2137, network_id=0x3001)
NAMES = {"kaz": "Білім 1", "rus": "Билим 1", "eng": "Bilim 1"}
PROVIDERS = {"kaz": "EduTV Қазақстан", "rus": "EduTV Казахстан", "eng": "EduTV Kazakhstan"}
CHANNEL = Channel(id="bilim1.edutv.kz", display_names=NAMES, lcn=1, service_id=101)


def test_sdt_carries_all_names_and_eit_flags() -> None:
    sdt = SDT.decode(build_sdt([CHANNEL], ids=IDS, provider_names=PROVIDERS).encode())
    (service,) = sdt.services
    assert (service.service_id, service.eit_schedule, service.eit_present_following) == (
        101,
        True,
        True,
    )
    assert service.running_status == 4
    main, multilingual = service.descriptors
    assert isinstance(main, ServiceDescriptor)
    assert (main.service_name, main.service_provider_name) == ("Білім 1", "EduTV Қазақстан")
    assert isinstance(multilingual, MultilingualServiceNameDescriptor)
    assert {n.iso_639_language_code: n.service_name for n in multilingual.names} == NAMES


def test_sdt_primary_language_is_configurable() -> None:
    sdt = build_sdt([CHANNEL], ids=IDS, provider_names=PROVIDERS, primary_language="rus")
    main = sdt.services[0].descriptors[0]
    assert isinstance(main, ServiceDescriptor)
    assert main.service_name == "Билим 1"


def test_nit_carries_names_delivery_services_and_lcn() -> None:
    t2 = T2DeliverySystemDescriptor(plp_id=0, t2_system_id=1)
    nit = build_nit(
        [CHANNEL],
        ids=IDS,
        network_names=PROVIDERS,
        delivery=(t2, TERRESTRIAL),
        service_types={101: 0x19},
    )
    sections = nit.encode()
    decoded = NIT.decode(sections)
    assert decoded == nit
    name, multilingual = decoded.descriptors
    assert isinstance(name, NetworkNameDescriptor)
    assert name.network_name == "EduTV Қазақстан"
    assert isinstance(multilingual, MultilingualNetworkNameDescriptor)
    (stream,) = decoded.transport_streams
    kinds = [type(d) for d in stream.descriptors]
    assert kinds[:2] == [T2DeliverySystemDescriptor, TerrestrialDeliverySystemDescriptor]
    assert ServiceListDescriptor in kinds
    lcn = stream.descriptors[-1]
    assert isinstance(lcn, LogicalChannelDescriptor)
    assert lcn.channels[0].logical_channel_number == 1
    # dvb-si.md A.7: PDS EACEM, service 101 visible on channel 1
    assert bytes.fromhex("5f04000000288304 0065fc01".replace(" ", "")) in sections[0].payload


def test_channel_without_service_id_is_refused() -> None:
    orphan = Channel(id="x.edutv.kz", display_names=NAMES)
    with pytest.raises(TableEncodeError):
        build_sdt([orphan], ids=IDS, provider_names=PROVIDERS)


def test_overlong_names_are_refused_when_built() -> None:
    long_names = {"kaz": "Ә" * 130}
    channel = Channel(id="long.edutv.kz", display_names=long_names, service_id=5)
    with pytest.raises(TableEncodeError):
        build_sdt([channel], ids=IDS, provider_names={"kaz": "Ә" * 10})


def test_tot_for_kazakhstan_matches_the_golden_section() -> None:
    tot = build_tot(UTC_0950, time_of_change=datetime(2026, 10, 25, 1, 0, tzinfo=UTC))
    assert tot.encode()[0].encode() == TOT_0950
    default = TOT.decode(build_tot(UTC_0950).encode())
    entry = default.descriptors[0].offsets[0]
    assert (entry.country_code, entry.local_time_offset, entry.next_time_offset) == (
        "KAZ",
        timedelta(hours=5),
        timedelta(hours=5),
    )


def test_network_nit_describes_every_transport_stream_of_the_network() -> None:
    """One NIT actual per network: a multiplex's receivers learn the others' delivery too."""
    other = Channel(id="bilim2.edutv.kz", display_names={"kaz": "Білім 2"}, lcn=22, service_id=201)
    streams = (
        NetworkStream(
            transport_stream_id=IDS.transport_stream_id,
            original_network_id=IDS.original_network_id,
            channels=[CHANNEL],
            delivery=(),
        ),
        NetworkStream(
            transport_stream_id=2,
            original_network_id=IDS.original_network_id,
            channels=[other],
            delivery=(),
            service_types={201: 0x01},
        ),
    )
    nit = NIT.decode(
        build_network_nit(
            network_id=IDS.network_id, network_names=PROVIDERS, streams=streams
        ).encode()
    )
    assert [ts.transport_stream_id for ts in nit.transport_streams] == [IDS.transport_stream_id, 2]
    service_list = next(
        d for d in nit.transport_streams[1].descriptors if isinstance(d, ServiceListDescriptor)
    )
    assert [(e.service_id, e.service_type) for e in service_list.services] == [(201, 0x01)]
    single = build_nit([CHANNEL], ids=IDS, network_names=PROVIDERS, delivery=())
    assert single.transport_streams == nit.transport_streams[:1]
