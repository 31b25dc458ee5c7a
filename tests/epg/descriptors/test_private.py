"""Private descriptors: PDS and the LCN variants (EACEM, NorDig v1/v2)."""

from __future__ import annotations

from epg.descriptors import (
    HDSimulcastLogicalChannelDescriptor,
    LogicalChannel,
    LogicalChannelDescriptor,
    NorDigChannelList,
    NorDigLogicalChannelV1Descriptor,
    NorDigLogicalChannelV2Descriptor,
    PrivateDataSpecifierDescriptor,
    decode_descriptor_loop,
    encode_descriptor_loop,
    to_dict,
)
from tests.epg.descriptors.assertions import assert_codec


def test_golden_eacem_lcn_loop() -> None:
    """dvb-si.md A.7: PDS EACEM, service 101 visible on channel 1."""
    loop = bytes.fromhex("5F040000002883040065FC01")
    descriptors = (
        PrivateDataSpecifierDescriptor(private_data_specifier=0x28),
        LogicalChannelDescriptor(
            channels=(LogicalChannel(service_id=101, logical_channel_number=1),)
        ),
    )
    assert decode_descriptor_loop(loop) == descriptors
    assert encode_descriptor_loop(descriptors) == loop
    assert to_dict(descriptors[0])["private_data_specifier_name"] == "eacem"


def test_pds() -> None:
    obj = PrivateDataSpecifierDescriptor(private_data_specifier=0xFFFFFFFF)
    assert_codec(PrivateDataSpecifierDescriptor, bytes.fromhex("5F04FFFFFFFF"), obj)


def test_eacem_lcn_hidden_and_full_width() -> None:
    obj = LogicalChannelDescriptor(
        channels=(
            LogicalChannel(service_id=0xFFFF, visible_service=False, logical_channel_number=1023),
            LogicalChannel(service_id=1, logical_channel_number=0),
        )
    )
    assert_codec(LogicalChannelDescriptor, bytes.fromhex("8308FFFF7FFF0001FC00"), obj)


def test_hd_simulcast_lcn() -> None:
    obj = HDSimulcastLogicalChannelDescriptor(
        channels=(LogicalChannel(service_id=0x0102, logical_channel_number=51),)
    )
    assert_codec(HDSimulcastLogicalChannelDescriptor, bytes.fromhex("88040102FC33"), obj)


def test_nordig_v1_has_14_bit_numbers() -> None:
    obj = NorDigLogicalChannelV1Descriptor(
        channels=(LogicalChannel(service_id=7, logical_channel_number=0x3FFF),)
    )
    assert_codec(NorDigLogicalChannelV1Descriptor, bytes.fromhex("83040007FFFF"), obj)


def test_nordig_v2_channel_lists() -> None:
    obj = NorDigLogicalChannelV2Descriptor(
        channel_lists=(
            NorDigChannelList(
                channel_list_id=1,
                channel_list_name="Norge",
                country_code="NOR",
                channels=(LogicalChannel(service_id=0x0101, logical_channel_number=1),),
            ),
        )
    )
    data = bytes.fromhex("870F0105") + b"Norge" + b"NOR" + bytes.fromhex("040101FC01")
    assert_codec(NorDigLogicalChannelV2Descriptor, data, obj)
