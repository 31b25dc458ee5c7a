"""Delivery system descriptors: DVB-S/S2, DVB-C, DVB-T, DVB-T2."""

from __future__ import annotations

from epg.descriptors import (
    CableDeliverySystemDescriptor,
    FrequencyListDescriptor,
    S2SatelliteDeliverySystemDescriptor,
    SatelliteDeliverySystemDescriptor,
    T2Cell,
    T2DeliverySystemDescriptor,
    T2Details,
    T2Subcell,
    TerrestrialDeliverySystemDescriptor,
    to_dict,
)
from tests.epg.descriptors.assertions import assert_codec

#: dvb-si.md A.7: 594 MHz, 8 MHz, 64QAM, 2/3, GI 1/4, 8k (the NIT tests use it too).
TERRESTRIAL_594_MHZ = TerrestrialDeliverySystemDescriptor(
    centre_frequency=594_000_000,
    bandwidth=0,
    constellation=2,
    hierarchy_information=0,
    code_rate_hp_stream=1,
    code_rate_lp_stream=0,
    guard_interval=3,
    transmission_mode=1,
)


def test_terrestrial_golden_vector() -> None:
    """dvb-si.md A.7: 594 MHz, 8 MHz, 64QAM, 2/3, GI 1/4, 8k."""
    obj = TERRESTRIAL_594_MHZ
    assert_codec(
        TerrestrialDeliverySystemDescriptor, bytes.fromhex("5A0B038A5F401F811AFFFFFFFF"), obj
    )
    exported = to_dict(obj)
    assert exported["constellation_name"] == "64-QAM"
    assert exported["guard_interval_name"] == "1/4"


def test_satellite_s2_astra() -> None:
    """11.75725 GHz, 19.2°E, H, S2, 8PSK, 27.5 Msym/s, 3/4."""
    obj = SatelliteDeliverySystemDescriptor(
        frequency=11_757_250_000,
        orbital_position=192,
        west_east=1,
        polarization=0,
        roll_off=0,
        modulation_system=1,
        modulation_type=2,
        symbol_rate=27_500_000,
        fec_inner=3,
    )
    assert_codec(
        SatelliteDeliverySystemDescriptor,
        bytes.fromhex("430B011757250192860275000 3".replace(" ", "")),
        obj,
    )
    exported = to_dict(obj)
    assert exported["west_east_name"] == "east"
    assert exported["modulation_system_name"] == "DVB-S2"
    assert exported["roll_off_name"] == "0.35"


def test_cable() -> None:
    """312 MHz, RS(204/188), 64-QAM, 6.875 Msym/s, inner FEC not defined."""
    obj = CableDeliverySystemDescriptor(
        frequency=312_000_000, fec_outer=2, modulation=3, symbol_rate=6_875_000, fec_inner=0
    )
    assert_codec(
        CableDeliverySystemDescriptor,
        bytes.fromhex("440B03120000FFF203006875 00".replace(" ", "")),
        obj,
    )


def test_s2_satellite_optional_fields() -> None:
    multiple = S2SatelliteDeliverySystemDescriptor(input_stream_identifier=7)
    assert_codec(S2SatelliteDeliverySystemDescriptor, bytes.fromhex("79025F07"), multiple)
    everything = S2SatelliteDeliverySystemDescriptor(
        backwards_compatibility_indicator=True,
        ts_gs_mode=0,
        scrambling_sequence_index=0x3FFFF,
        input_stream_identifier=0xFF,
        timeslice_number=0x12,
    )
    assert_codec(S2SatelliteDeliverySystemDescriptor, bytes.fromhex("7906ECFFFFFFFF12"), everything)


def test_t2_short_form() -> None:
    obj = T2DeliverySystemDescriptor(plp_id=0, t2_system_id=0x8001)
    assert_codec(T2DeliverySystemDescriptor, bytes.fromhex("7F0404008001"), obj)


def test_t2_with_cells() -> None:
    """626 MHz, 8 MHz, GI 1/128, 32k, one cell with one transposer."""
    obj = T2DeliverySystemDescriptor(
        plp_id=1,
        t2_system_id=0x0001,
        details=T2Details(
            siso_miso=0,
            bandwidth=0,
            guard_interval=4,
            transmission_mode=5,
            cells=(
                T2Cell(
                    cell_id=0x0203,
                    centre_frequencies=(626_000_000,),
                    subcells=(T2Subcell(cell_id_extension=9, transposer_frequency=634_000_000),),
                ),
            ),
        ),
    )
    data = bytes.fromhex("7F12040100010394020303BB3340050903C76840")
    assert_codec(T2DeliverySystemDescriptor, data, obj)
    assert to_dict(obj)["details"]["transmission_mode_name"] == "32k"


def test_t2_with_tfs_frequency_lists() -> None:
    obj = T2DeliverySystemDescriptor(
        plp_id=0,
        t2_system_id=1,
        details=T2Details(
            siso_miso=1,
            bandwidth=1,
            guard_interval=0,
            transmission_mode=1,
            other_frequency=True,
            tfs=True,
            cells=(T2Cell(cell_id=1, centre_frequencies=(10, 20)),),
        ),
    )
    data = bytes.fromhex("7F1204000001470700010800000001000000020 0".replace(" ", ""))
    assert_codec(T2DeliverySystemDescriptor, data, obj)


def test_frequency_list_per_coding_type() -> None:
    terrestrial = FrequencyListDescriptor(
        coding_type=3, centre_frequencies=(594_000_000, 602_000_000)
    )
    assert_codec(FrequencyListDescriptor, bytes.fromhex("6209FF038A5F4003969440"), terrestrial)
    satellite = FrequencyListDescriptor(coding_type=1, centre_frequencies=(11_757_250_000,))
    assert_codec(FrequencyListDescriptor, bytes.fromhex("6205FD01175725"), satellite)
    cable = FrequencyListDescriptor(coding_type=2, centre_frequencies=(312_000_000,))
    assert_codec(FrequencyListDescriptor, bytes.fromhex("6205FE03120000"), cable)
