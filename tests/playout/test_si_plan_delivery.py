"""The plan's delivery parameters as the NIT's delivery descriptor (playout.si_plan), read back
with epg's decoder: in particular DVB-T2's optional part (centre frequency, bandwidth)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from epg.descriptors.base import Descriptor
from epg.descriptors.delivery import (
    CableDeliverySystemDescriptor,
    T2DeliverySystemDescriptor,
)
from epg.tables.nit import NIT
from playout.errors import ConfigurationError
from playout.plan.model import NetworkPlan, ServicePids, ServicePlan, TransportStreamPlan
from playout.si_plan import network_nit


def _network(system: str, delivery: dict[str, Any]) -> NetworkPlan:
    service = ServicePlan(
        service_id=1,
        lcn=1,
        names={"en": "One"},
        provider="P",
        profile="test-tiny-h264",
        pids=ServicePids(pmt=0x100, video=0x101, audio=(0x102,)),
        events=(),
    )
    ts = TransportStreamPlan(transport_stream_id=1, mux_rate=1_000_000, services=(service,))
    return NetworkPlan(
        name="Net",
        network_id=1,
        original_network_id=1,
        delivery_system=system,  # type: ignore[arg-type]
        delivery=delivery,
        transport_streams=(ts,),
    )


def _delivery(network: NetworkPlan) -> Descriptor:
    nit = NIT.decode(network_nit(network, {}).encode())
    (entry,) = nit.transport_streams
    (found,) = [
        d
        for d in entry.descriptors
        if isinstance(d, T2DeliverySystemDescriptor | CableDeliverySystemDescriptor)
    ]
    return found


def test_t2_without_a_frequency_is_the_short_form() -> None:
    t2 = _delivery(_network("dvb-t2", {"plp_id": 0, "t2_system_id": 1}))
    assert t2 == T2DeliverySystemDescriptor(plp_id=0, t2_system_id=1)


def test_t2_with_a_frequency_has_one_cell_and_the_documented_defaults() -> None:
    t2 = _delivery(
        _network("dvb-t2", {"plp_id": 2, "t2_system_id": 9, "centre_frequency": 690_000_000})
    )
    assert isinstance(t2, T2DeliverySystemDescriptor)
    assert (t2.plp_id, t2.t2_system_id) == (2, 9)
    assert t2.details is not None
    details = t2.details
    # docs/plan-format.md: SISO, 8 MHz, 19/256, 32k, cell 0
    assert (details.siso_miso, details.bandwidth) == (0, 0)
    assert (details.guard_interval, details.transmission_mode) == (6, 5)
    assert [(c.cell_id, c.centre_frequencies) for c in details.cells] == [(0, (690_000_000,))]


def test_t2_with_only_a_bandwidth_has_no_cell() -> None:
    t2 = _delivery(_network("dvb-t2", {"plp_id": 0, "t2_system_id": 1, "bandwidth": 1}))
    assert isinstance(t2, T2DeliverySystemDescriptor)
    assert t2.details is not None
    assert (t2.details.bandwidth, t2.details.cells) == (1, ())


@given(
    frequency=st.integers(1, 2**32 - 1).map(lambda units: units * 10),
    bandwidth=st.integers(0, 5),
    cell_id=st.integers(0, 0xFFFF),
)
def test_t2_frequency_and_bandwidth_round_trip(
    frequency: int, bandwidth: int, cell_id: int
) -> None:
    delivery = {
        "plp_id": 0,
        "t2_system_id": 1,
        "centre_frequency": frequency,
        "bandwidth": bandwidth,
        "cell_id": cell_id,
    }
    t2 = _delivery(_network("dvb-t2", delivery))
    assert isinstance(t2, T2DeliverySystemDescriptor)
    assert t2.details is not None
    assert t2.details.bandwidth == bandwidth
    assert [(c.cell_id, c.centre_frequencies) for c in t2.details.cells] == [
        (cell_id, (frequency,))
    ]


def test_cable_keeps_its_defaults_beside_the_given_fields() -> None:
    cable = _delivery(
        _network("dvb-c", {"frequency": 474_000_000, "symbol_rate": 6_900_000, "modulation": 5})
    )
    assert cable == CableDeliverySystemDescriptor(
        frequency=474_000_000, fec_outer=2, modulation=5, symbol_rate=6_900_000, fec_inner=15
    )


@pytest.mark.parametrize(
    ("system", "delivery"),
    [
        ("dvb-t2", {"plp_id": 0, "t2_system_id": 1, "guard_interval": 4}),  # no optional part
        ("dvb-c", {"frequency": 474_000_000, "plp_id": 0}),
    ],
)
def test_keys_of_another_descriptor_are_a_configuration_error(
    system: str, delivery: dict[str, Any]
) -> None:
    with pytest.raises(ConfigurationError, match="do not make a"):
        network_nit(_network(system, delivery), {})
