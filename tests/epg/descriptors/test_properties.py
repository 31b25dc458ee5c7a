"""Properties over every registered descriptor: decode(encode(x)) == x through the registry,
from_dict(to_dict(x)) == x through JSON; every registered class has a strategy."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from epg.descriptors import Descriptor, decode_descriptor, from_dict, to_dict
from epg.descriptors.registry import registered
from tests.strategies.descriptors import DESCRIPTOR_STRATEGIES

CLASSES = sorted(DESCRIPTOR_STRATEGIES, key=lambda cls: cls.NAME)


def test_every_registered_descriptor_has_a_strategy() -> None:
    assert set(registered().values()) == set(DESCRIPTOR_STRATEGIES)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.NAME)
@given(data=st.data())
def test_decode_and_json_model_invert_encode(cls: type[Descriptor], data: st.DataObject) -> None:
    obj = data.draw(DESCRIPTOR_STRATEGIES[cls])
    encoded = obj.encode()
    assert encoded[0] == cls.TAG
    assert encoded[1] == len(encoded) - 2 <= 255
    if cls.EXTENSION is not None:
        assert encoded[2] == cls.EXTENSION
    decoded = decode_descriptor(encoded[0], encoded[2:], pds=cls.PDS)
    assert decoded == obj
    assert type(decoded) is cls
    assert decoded.encode() == encoded
    exported = to_dict(obj)
    assert exported["descriptor"] == cls.NAME
    assert from_dict(json.loads(json.dumps(exported))) == obj
