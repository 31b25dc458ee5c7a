"""Our NIT for cable (0x44) and satellite DVB-S2 (0x43 + 0x79) channels, read by GStreamer.

(The terrestrial DVB-T2 + DVB-T NIT is in test_gstreamer.py.)"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from epg.carousel import Packing, SICarousel
from epg.descriptors.base import Descriptor
from epg.descriptors.delivery import (
    CableDeliverySystemDescriptor,
    S2SatelliteDeliverySystemDescriptor,
    SatelliteDeliverySystemDescriptor,
)
from epg.si_builder import build_nit
from mpegts.clock import PCR_HZ
from mpegts.psi.pat import PAT
from tests.epg.independent.conftest import CHANNELS, IDS, NOW, PROVIDERS

pytestmark = pytest.mark.independent

CABLE = CableDeliverySystemDescriptor(
    frequency=346_000_000, fec_outer=2, modulation=5, symbol_rate=6_900_000, fec_inner=15
)
SATELLITE = SatelliteDeliverySystemDescriptor(
    frequency=11_766_000_000,
    orbital_position=525,  # 52.5° E, the KazSat-3 slot
    west_east=1,
    polarization=1,
    roll_off=2,
    modulation_system=1,
    modulation_type=2,
    symbol_rate=27_500_000,
    fec_inner=3,
)


def _nit_record(path: Path, delivery: tuple[Descriptor, ...], tool: list[str]) -> dict[str, Any]:
    carousel = SICarousel(
        start=NOW,
        transport_stream_id=IDS.transport_stream_id,
        original_network_id=IDS.original_network_id,
        packing=Packing(one_section_per_packet=True),
    )
    carousel.set_tables(
        pat=PAT(transport_stream_id=IDS.transport_stream_id, programs={}, network_pid=0x10),
        nit=build_nit(CHANNELS, ids=IDS, network_names=PROVIDERS, delivery=delivery),
    )
    path.write_bytes(b"".join(p for _, p in carousel.packets_due(3 * PCR_HZ)))
    run = subprocess.run(
        [*tool, "--json", str(path)], capture_output=True, text=True, timeout=300, check=True
    )
    records = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    (nit,) = [r for r in records if r["type"] == "nit"]
    return nit


def _by_name(nit: dict[str, Any]) -> dict[str, dict[str, Any]]:
    (stream,) = nit["transport_streams"]
    return {d.get("descriptor", hex(d["tag"])): d for d in stream["descriptors"]}


def test_cable_delivery(tmp_path: Path, gst_si_dump: list[str]) -> None:
    found = _by_name(_nit_record(tmp_path / "cable.ts", (CABLE,), gst_si_dump))
    cable = found["cable_delivery_system"]
    assert cable["frequency"] == 346_000_000
    assert (cable["symbol_rate"], cable["modulation"], cable["outer_fec"]) == (
        6_900_000,
        "qam_256",
        "rs_204_188",
    )
    assert cable["fec_inner"] == "none"
    assert "service_list" in found


def test_satellite_s2_delivery(tmp_path: Path, gst_si_dump: list[str]) -> None:
    s2 = S2SatelliteDeliverySystemDescriptor()
    found = _by_name(_nit_record(tmp_path / "satellite.ts", (SATELLITE, s2), gst_si_dump))
    satellite = found["satellite_delivery_system"]
    assert satellite["frequency_khz"] == 11_766_000
    assert (satellite["orbital_position"], satellite["east"]) == (52.5, 1)
    assert (satellite["polarization"], satellite["roll_off"], satellite["s2"]) == ("V", "0.20", 1)
    assert (satellite["modulation"], satellite["symbol_rate"], satellite["fec_inner"]) == (
        "8PSK",
        27_500_000,
        "3/4",
    )
    # the S2 descriptor (0x79) follows, raw for GStreamer: all flags 0, TS_GS_mode 3 (TS)
    assert found["0x79"]["hex"] == "1f"
