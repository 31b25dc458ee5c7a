"""Networks, transport streams and channels.

A multiplex's stored mux_rate is checked against its channels' profile rates by the
`MuxBudget` found on ``app.state.mux_budget`` (the station puts the encoder's there); without
one the rate is stored unchecked (see `catalog.services.channels`).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Request, status

from catalog.api import presenters
from catalog.api.deps import Engineer, Id, SessionDep
from catalog.ports import MuxBudget
from catalog.schemas.broadcast import (
    ChannelIn,
    ChannelOut,
    ChannelPatch,
    NetworkOut,
    NetworkPatch,
    SystemNetworkIn,
    TransportStreamIn,
    TransportStreamOut,
    TransportStreamPatch,
)
from catalog.services import channels

router = APIRouter(tags=["channels"])


def _budget(request: Request) -> MuxBudget | None:
    return getattr(request.app.state, "mux_budget", None)


Budget = Annotated[MuxBudget | None, Depends(_budget)]
NetworkBody = Annotated[SystemNetworkIn, Body(discriminator="delivery")]


@router.get("/networks", response_model=list[NetworkOut])
def list_networks(session: SessionDep) -> list[NetworkOut]:
    return [
        NetworkOut.model_validate(n, from_attributes=True) for n in channels.list_networks(session)
    ]


@router.post("/networks", response_model=NetworkOut, status_code=status.HTTP_201_CREATED)
def create_network(data: NetworkBody, session: SessionDep, actor: Engineer) -> NetworkOut:
    return NetworkOut.model_validate(
        channels.create_network(session, actor, data), from_attributes=True
    )


@router.patch("/networks/{network_id}", response_model=NetworkOut)
def update_network(
    network_id: Id, data: NetworkPatch, session: SessionDep, actor: Engineer
) -> NetworkOut:
    """Correct a network's name or delivery values (merged field by field; see the schema)."""
    changed = channels.update_network(session, actor, network_id, data)
    return NetworkOut.model_validate(changed, from_attributes=True)


@router.get("/transport-streams", response_model=list[TransportStreamOut])
def list_transport_streams(session: SessionDep) -> list[TransportStreamOut]:
    rows = channels.list_transport_streams(session)
    return [TransportStreamOut.model_validate(t, from_attributes=True) for t in rows]


@router.post(
    "/transport-streams", response_model=TransportStreamOut, status_code=status.HTTP_201_CREATED
)
def create_transport_stream(
    data: TransportStreamIn, session: SessionDep, actor: Engineer, budget: Budget
) -> TransportStreamOut:
    ts = channels.create_transport_stream(session, actor, data, budget)
    return TransportStreamOut.model_validate(ts, from_attributes=True)


@router.patch("/transport-streams/{ts_id}", response_model=TransportStreamOut)
def update_transport_stream(
    ts_id: Id, data: TransportStreamPatch, session: SessionDep, actor: Engineer, budget: Budget
) -> TransportStreamOut:
    """Correct a multiplex's name or mux_rate (checked against the channels already in it)."""
    changed = channels.update_transport_stream(session, actor, ts_id, data, budget)
    return TransportStreamOut.model_validate(changed, from_attributes=True)


@router.get("/channels", response_model=list[ChannelOut])
def list_channels(session: SessionDep) -> list[ChannelOut]:
    return [presenters.channel_out(c) for c in channels.list_channels(session)]


@router.post("/channels", response_model=ChannelOut, status_code=status.HTTP_201_CREATED)
def create_channel(
    data: ChannelIn, session: SessionDep, actor: Engineer, budget: Budget
) -> ChannelOut:
    return presenters.channel_out(channels.create_channel(session, actor, data, budget))


@router.get("/channels/{channel_id}", response_model=ChannelOut)
def get_channel(channel_id: Id, session: SessionDep) -> ChannelOut:
    return presenters.channel_out(channels.get_channel(session, channel_id))


@router.patch("/channels/{channel_id}", response_model=ChannelOut)
def update_channel(
    channel_id: Id, data: ChannelPatch, session: SessionDep, actor: Engineer, budget: Budget
) -> ChannelOut:
    changed = channels.update_channel(session, actor, channel_id, data, budget)
    return presenters.channel_out(changed)
