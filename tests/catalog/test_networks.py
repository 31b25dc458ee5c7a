"""Networks and multiplexes: the NIT delivery-descriptor values and a multiplex's mux rate, per
delivery system, validated at the API (422 naming the field), on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from catalog.models import Network, TransportStream
from tests.catalog.conftest import World

CABLE = {
    "frequency": 474_000_000,
    "symbol_rate": 6_900_000,
    "modulation": 5,
    "fec_outer": 2,
    "fec_inner": 15,
}
SATELLITE = {
    "frequency": 12_130_000_000,
    "orbital_position": 600,
    "west_east": 1,
    "polarization": 1,
    "roll_off": 2,
    "modulation_type": 2,
    "symbol_rate": 30_000_000,
    "fec_inner": 4,
}
T2 = {"plp_id": 1, "t2_system_id": 0x0C01, "centre_frequency": 506_000_000, "bandwidth": 0}


def _network(world: World, delivery: str, status: int = 201, **extra: Any) -> Any:
    existing = len(world.ok("GET", "/api/networks", None))
    body = {
        "name": f"Net {delivery}",
        "network_id": 0x3001 + existing,
        "original_network_id": 0x3001,
        "delivery": delivery,
        **extra,
    }
    return world.ok("POST", "/api/networks", "engineer", status, json=body)


def _locs(response: Any) -> list[list[Any]]:
    return [d["loc"] for d in response["error"]["details"]]


@pytest.mark.parametrize(
    ("delivery", "parameters"), [("dvb-t2", T2), ("dvb-c", CABLE), ("dvb-s2", SATELLITE)]
)
def test_each_system_stores_its_descriptor_fields(
    world: World, delivery: str, parameters: dict[str, int]
) -> None:
    created = _network(world, delivery, delivery_parameters=parameters)
    assert created["delivery_parameters"] == parameters
    (listed,) = world.ok("GET", "/api/networks", None)
    assert listed == created
    with world.session() as session:
        row = session.get(Network, created["id"])
        assert row is not None
        assert row.delivery_parameters == parameters


def test_only_the_given_fields_are_stored(world: World) -> None:
    """A field left out takes the station's default later; it is not stored as null."""
    created = _network(world, "dvb-c", delivery_parameters={"frequency": 346_000_000})
    assert created["delivery_parameters"] == {"frequency": 346_000_000}
    assert _network(world, "dvb-s2")["delivery_parameters"] == {}


@pytest.mark.parametrize(
    ("delivery", "parameters", "field"),
    [
        ("dvb-c", {"plp_id": 0}, "plp_id"),  # a T2 field on a cable network
        ("dvb-t2", {"frequency": 474_000_000}, "frequency"),  # cable's name on T2
        ("dvb-c", {"frequency": 474_000_050}, "frequency"),  # not whole 100 Hz
        ("dvb-c", {"modulation": 6}, "modulation"),
        ("dvb-c", {"symbol_rate": 0}, "symbol_rate"),
        ("dvb-s2", {"frequency": 12_130_005_000}, "frequency"),  # not whole 10 kHz
        ("dvb-s2", {"orbital_position": 3600}, "orbital_position"),
        ("dvb-s2", {"roll_off": 3}, "roll_off"),
        ("dvb-s2", {"polarization": -1}, "polarization"),
        ("dvb-t2", {"plp_id": 256}, "plp_id"),
        ("dvb-t2", {"centre_frequency": 506_000_005}, "centre_frequency"),
        ("dvb-t2", {"bandwidth": 6}, "bandwidth"),
        ("dvb-t2", {"t2_system_id": "one"}, "t2_system_id"),
    ],
)
def test_a_wrong_value_is_a_422_naming_the_field(
    world: World, delivery: str, parameters: dict[str, Any], field: str
) -> None:
    refused = _network(world, delivery, 422, delivery_parameters=parameters)
    assert any(loc[-1] == field and "delivery_parameters" in loc for loc in _locs(refused)), refused
    assert world.ok("GET", "/api/networks", None) == []


def test_an_unknown_system_is_a_422_naming_delivery(world: World) -> None:
    refused = _network(world, "dvb-x", 422, delivery_parameters={"frequency": 474_000_000})
    (detail,) = refused["error"]["details"]
    assert detail["type"] == "union_tag_invalid"
    assert "'dvb-x' found using 'delivery'" in detail["msg"]


def test_the_openapi_schema_shows_each_systems_fields(world: World) -> None:
    spec = world.ok("GET", "/openapi.json", None)
    body = spec["paths"]["/api/networks"]["post"]["requestBody"]["content"]["application/json"]
    mapping = body["schema"]["discriminator"]["mapping"]
    assert set(mapping) == {"dvb-t2", "dvb-c", "dvb-s2"}
    cable = spec["components"]["schemas"]["CableParameters"]["properties"]
    assert set(cable) == set(CABLE)
    assert cable["frequency"]["anyOf"][0]["multipleOf"] == 100


# --- the multiplex's mux rate ---------------------------------------------------------------


RATES = {"t2-hd": 6_000_000, "t2-sd": 3_000_000}


class TableBudget:
    """A `MuxBudget` at the port: fixed profile rates plus 300 kbit/s of SI headroom."""

    def needed_mux_rate(self, profiles: Sequence[str]) -> int | None:
        if any(p not in RATES for p in profiles):
            return None
        return sum(RATES[p] for p in profiles) + 300_000


def _ts(world: World, status: int = 201, **extra: Any) -> Any:
    network = world.ok("GET", "/api/networks", None) or [_network(world, "dvb-t2")]
    existing = len(world.ok("GET", "/api/transport-streams", None))
    body = {"network_id": network[0]["id"], "transport_stream_id": 1 + existing, **extra}
    return world.ok("POST", "/api/transport-streams", "engineer", status, json=body)


def test_the_mux_rate_is_stored_and_optional(world: World) -> None:
    fixed = _ts(world, mux_rate=12_000_000, name="fixed")
    free = _ts(world)
    assert (fixed["mux_rate"], free["mux_rate"]) == (12_000_000, None)
    listed = {t["id"]: t["mux_rate"] for t in world.ok("GET", "/api/transport-streams", None)}
    assert listed == {fixed["id"]: 12_000_000, free["id"]: None}
    with world.session() as session:
        row = session.get(TransportStream, fixed["id"])
        assert row is not None
        assert row.mux_rate == 12_000_000
    refused = _ts(world, 422, mux_rate=9_999)
    assert ["body", "mux_rate"] in _locs(refused)


def test_a_mux_rate_below_the_si_headroom_is_refused(world: World) -> None:
    world.client.app.state.mux_budget = TableBudget()  # type: ignore[attr-defined]
    refused = _ts(world, 422, mux_rate=200_000)
    assert ["body", "mux_rate"] in _locs(refused)
    assert "300000" in refused["error"]["message"]
    assert _ts(world, mux_rate=300_000)["mux_rate"] == 300_000


def test_channels_that_would_not_fit_the_mux_rate_are_refused(world: World) -> None:
    world.client.app.state.mux_budget = TableBudget()  # type: ignore[attr-defined]
    ts = _ts(world, mux_rate=10_000_000)
    first = world.channel(1, "t2-hd", transport_stream_id=ts["id"])  # 6.3 Mbit/s: fits
    body = {
        "name": "Sabaq 2",
        "number": 2,
        "service_id": 102,
        "xmltv_id": "sabaq2.kz",
        "profile": "t2-hd",
        "language": "ru",
        "transport_stream_id": ts["id"],
    }
    refused = world.ok("POST", "/api/channels", "engineer", 422, json=body)
    assert ["body", "profile"] in _locs(refused)
    message = refused["error"]["message"]
    assert "mux_rate 10000000" in message
    assert "12300000" in message  # 2 x 6 Mbit/s + 300 kbit/s
    assert len(world.ok("GET", "/api/channels", None)) == 1
    world.channel(2, "t2-sd", transport_stream_id=ts["id"])  # 9.3 Mbit/s: fits
    world.channel(3, "t2-hd")  # on no multiplex: nothing to fit
    patch = {"profile": "t2-hd"}
    second = world.ok("GET", "/api/channels", None)[1]
    refused = world.ok("PATCH", f"/api/channels/{second['id']}", "engineer", 422, json=patch)
    assert ["body", "profile"] in _locs(refused)
    assert world.ok("GET", f"/api/channels/{second['id']}", None)["profile"] == "t2-sd"
    lighter = world.ok("PATCH", f"/api/channels/{first['id']}", "engineer", json=patch)
    assert lighter["profile"] == "t2-hd"  # unchanged profile: nothing to check


def test_without_a_budget_or_for_unknown_profiles_the_rate_is_not_judged(world: World) -> None:
    """The catalogue does not know profile rates itself; the playout checks at air time."""
    ts = _ts(world, mux_rate=400_000)
    world.channel(1, "t2-hd", transport_stream_id=ts["id"])
    world.client.app.state.mux_budget = TableBudget()  # type: ignore[attr-defined]
    world.channel(2, "station-own-hd", transport_stream_id=ts["id"])


# --- corrections after creation (PATCH) -----------------------------------------------------


def _latest_audit(world: World) -> dict[str, Any]:
    latest: dict[str, Any] = world.ok("GET", "/api/audit", "admin")["items"][0]
    return latest


def test_a_network_patch_merges_field_by_field_and_keeps_the_rest(world: World) -> None:
    created = _network(world, "dvb-c", delivery_parameters=CABLE)
    url = f"/api/networks/{created['id']}"
    moved = world.ok(
        "PATCH", url, "engineer", json={"delivery_parameters": {"frequency": 482_000_000}}
    )
    assert moved == {**created, "delivery_parameters": {**CABLE, "frequency": 482_000_000}}
    audit = _latest_audit(world)
    assert (audit["action"], audit["entity"], audit["entity_id"]) == (
        "update",
        "network",
        created["id"],
    )
    assert audit["user_id"] == world.user_ids["engineer"]
    assert "482000000" in audit["detail"]
    renamed = world.ok("PATCH", url, "admin", json={"name": "Kabel Almaty"})
    assert renamed == {**moved, "name": "Kabel Almaty"}
    # null takes a field back to the station's default; the others stay
    defaulted = world.ok(
        "PATCH", url, "engineer", json={"delivery_parameters": {"fec_inner": None}}
    )
    expected = {k: v for k, v in moved["delivery_parameters"].items() if k != "fec_inner"}
    assert defaulted["delivery_parameters"] == expected
    assert world.ok("PATCH", url, "engineer", json={}) == defaulted
    (listed,) = world.ok("GET", "/api/networks", None)
    assert listed == defaulted
    with world.session() as session:
        row = session.get(Network, created["id"])
        assert row is not None
        assert (row.name, row.delivery_parameters) == ("Kabel Almaty", expected)


@pytest.mark.parametrize(
    ("delivery", "parameters", "field"),
    [
        ("dvb-c", {"plp_id": 0}, "plp_id"),  # a T2 field on a cable network
        ("dvb-c", {"orbital_position": 600}, "orbital_position"),  # a satellite one
        ("dvb-c", {"frequency": 474_000_050}, "frequency"),  # not whole 100 Hz
        ("dvb-c", {"frequency": 12_130_000_000}, "frequency"),  # a satellite's, too high here
        ("dvb-c", {"modulation": 6}, "modulation"),
        ("dvb-s2", {"frequency": 474_000_100}, "frequency"),  # whole 100 Hz, not 10 kHz
        ("dvb-s2", {"roll_off": 3}, "roll_off"),
        ("dvb-s2", {"fec_outer": 2}, "fec_outer"),  # cable's
        ("dvb-t2", {"frequency": 474_000_000}, "frequency"),  # cable's name on T2
        ("dvb-t2", {"bandwidth": 6}, "bandwidth"),
        ("dvb-t2", {"t2_system_id": "one"}, "t2_system_id"),
    ],
)
def test_a_wrong_network_patch_is_a_422_naming_the_field_and_changes_nothing(
    world: World, delivery: str, parameters: dict[str, Any], field: str
) -> None:
    stored = {"dvb-c": CABLE, "dvb-s2": SATELLITE, "dvb-t2": T2}[delivery]
    created = _network(world, delivery, delivery_parameters=stored)
    body = {"name": "Renamed", "delivery_parameters": parameters}
    refused = world.ok("PATCH", f"/api/networks/{created['id']}", "engineer", 422, json=body)
    assert any(loc[-1] == field and "delivery_parameters" in loc for loc in _locs(refused)), refused
    assert world.ok("GET", "/api/networks", None) == [created]
    assert _latest_audit(world)["action"] == "create"


def test_the_delivery_system_and_the_ids_are_not_patched(world: World) -> None:
    """Another system is another NIT entry: created anew, not patched (422 naming the field)."""
    created = _network(world, "dvb-t2", delivery_parameters=T2)
    url = f"/api/networks/{created['id']}"
    for body, field in [
        ({"delivery": "dvb-c"}, "delivery"),
        ({"network_id": 7}, "network_id"),
        ({"name": ""}, "name"),
    ]:
        refused = world.ok("PATCH", url, "engineer", 422, json=body)
        assert ["body", field] in _locs(refused), refused
    assert world.ok("GET", "/api/networks", None) == [created]


def test_unknown_ids_are_404_and_only_engineers_patch(world: World) -> None:
    created = _network(world, "dvb-s2")
    ts = _ts(world)
    world.ok("PATCH", "/api/networks/999999", "engineer", 404, json={"name": "X"})
    world.ok("PATCH", "/api/transport-streams/999999", "engineer", 404, json={"name": "X"})
    for role in ("staff", "student"):
        world.ok("PATCH", f"/api/networks/{created['id']}", role, 403, json={"name": "X"})
        world.ok("PATCH", f"/api/transport-streams/{ts['id']}", role, 403, json={"name": "X"})
    world.ok("PATCH", f"/api/networks/{created['id']}", None, 401, json={"name": "X"})
    assert world.ok("GET", "/api/networks", None) == [created]


def test_a_multiplex_patch_keeps_the_rest_and_null_removes_the_rate(world: World) -> None:
    ts = _ts(world, mux_rate=12_000_000, name="Mux A")
    url = f"/api/transport-streams/{ts['id']}"
    renamed = world.ok("PATCH", url, "engineer", json={"name": "Mux Almaty"})
    assert renamed == {**ts, "name": "Mux Almaty"}
    faster = world.ok("PATCH", url, "engineer", json={"mux_rate": 15_000_000})
    assert faster == {**renamed, "mux_rate": 15_000_000}
    audit = _latest_audit(world)
    assert (audit["entity"], audit["entity_id"], audit["user_id"]) == (
        "transport_stream",
        ts["id"],
        world.user_ids["engineer"],
    )
    assert "15000000" in audit["detail"]
    free = world.ok("PATCH", url, "admin", json={"mux_rate": None})
    assert free == {**faster, "mux_rate": None}
    with world.session() as session:
        row = session.get(TransportStream, ts["id"])
        assert row is not None
        assert (row.name, row.mux_rate) == ("Mux Almaty", None)
    for bad in (9_999, 1_000_000_001, "fast"):
        refused = world.ok("PATCH", url, "engineer", 422, json={"mux_rate": bad, "name": "X"})
        assert ["body", "mux_rate"] in _locs(refused)
    moved = world.ok("PATCH", url, "engineer", 422, json={"network_id": 2})
    assert ["body", "network_id"] in _locs(moved)  # a multiplex is not moved between networks
    assert world.ok("GET", "/api/transport-streams", None) == [free]


def test_a_mux_rate_its_channels_would_not_fit_is_refused_with_the_numbers(world: World) -> None:
    world.client.app.state.mux_budget = TableBudget()  # type: ignore[attr-defined]
    ts = _ts(world, mux_rate=12_000_000)
    world.channel(1, "t2-hd", transport_stream_id=ts["id"])
    world.channel(2, "t2-sd", transport_stream_id=ts["id"])  # 9.3 Mbit/s with the headroom
    url = f"/api/transport-streams/{ts['id']}"
    refused = world.ok("PATCH", url, "engineer", 422, json={"mux_rate": 9_299_999, "name": "B"})
    (detail,) = refused["error"]["details"]
    assert (detail["loc"], detail["type"]) == (["body", "mux_rate"], "mux_rate_too_small")
    assert "mux_rate 9299999 bit/s is below the 9300000 bit/s" in refused["error"]["message"]
    assert "t2-hd, t2-sd" in refused["error"]["message"]
    assert world.ok("GET", "/api/transport-streams", None) == [ts]
    assert world.ok("PATCH", url, "engineer", json={"mux_rate": 9_300_000})["mux_rate"] == 9_300_000
    assert world.ok("PATCH", url, "engineer", json={"mux_rate": None})["mux_rate"] is None
    # an unknown profile on board: nothing can be said, the playout checks at air time
    world.channel(3, "station-own-hd", transport_stream_id=ts["id"])
    assert world.ok("PATCH", url, "engineer", json={"mux_rate": 10_000})["mux_rate"] == 10_000
