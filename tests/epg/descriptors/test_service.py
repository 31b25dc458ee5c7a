"""Service descriptors of the SDT."""

from __future__ import annotations

from epg.descriptors import (
    CAIdentifierDescriptor,
    MultilingualServiceName,
    MultilingualServiceNameDescriptor,
    ServiceDescriptor,
    to_dict,
)
from tests.epg.descriptors.assertions import assert_codec


def test_service_with_cyrillic_name_in_iso_8859_5() -> None:
    obj = ServiceDescriptor(
        service_type=0x01, service_provider_name="EduTV KZ", service_name="Білім 1"
    )
    name = b"\x01" + "Білім 1".encode("iso8859_5")
    data = b"\x48" + bytes((11 + len(name),)) + b"\x01\x08EduTV KZ" + bytes((len(name),)) + name
    assert_codec(ServiceDescriptor, data, obj)
    exported = to_dict(obj)
    assert exported["service_type_name"] == "digital_television"
    assert exported["service_name"] == "Білім 1"


def test_service_with_kazakh_name_and_empty_provider() -> None:
    obj = ServiceDescriptor(service_type=0x19, service_provider_name="", service_name="Қазақ")
    name = b"\x15" + "Қазақ".encode()
    data = b"\x48" + bytes((3 + len(name),)) + b"\x19\x00" + bytes((len(name),)) + name
    assert_codec(ServiceDescriptor, data, obj)


def test_unknown_service_type_is_kept_as_a_number() -> None:
    obj = ServiceDescriptor(service_type=0xEE, service_provider_name="a", service_name="b")
    assert_codec(ServiceDescriptor, bytes.fromhex("4805EE01610162"), obj)
    assert "service_type_name" not in to_dict(obj)


def test_multilingual_service_name() -> None:
    obj = MultilingualServiceNameDescriptor(
        names=(
            MultilingualServiceName(
                iso_639_language_code="kaz", service_provider_name="", service_name="Білім"
            ),
            MultilingualServiceName(
                iso_639_language_code="eng", service_provider_name="EduTV", service_name="Bilim"
            ),
        )
    )
    bilim = b"\x01" + "Білім".encode("iso8859_5")
    data = b"kaz\x00" + bytes((len(bilim),)) + bilim + b"eng\x05EduTV\x05Bilim"
    assert_codec(MultilingualServiceNameDescriptor, bytes((0x5D, len(data))) + data, obj)


def test_ca_identifier() -> None:
    obj = CAIdentifierDescriptor(ca_system_ids=(0x0500, 0x1802))
    assert_codec(CAIdentifierDescriptor, bytes.fromhex("530405001802"), obj)
