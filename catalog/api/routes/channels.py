"""Networks, transport streams and channels."""

from __future__ import annotations

from fastapi import APIRouter, status

from catalog.api import presenters
from catalog.api.deps import Engineer, Id, SessionDep
from catalog.schemas.broadcast import (
    ChannelIn,
    ChannelOut,
    ChannelPatch,
    NetworkIn,
    NetworkOut,
    TransportStreamIn,
    TransportStreamOut,
)
from catalog.services import channels

router = APIRouter(tags=["channels"])


@router.get("/networks", response_model=list[NetworkOut])
def list_networks(session: SessionDep) -> list[NetworkOut]:
    return [
        NetworkOut.model_validate(n, from_attributes=True) for n in channels.list_networks(session)
    ]


@router.post("/networks", response_model=NetworkOut, status_code=status.HTTP_201_CREATED)
def create_network(data: NetworkIn, session: SessionDep, actor: Engineer) -> NetworkOut:
    return NetworkOut.model_validate(
        channels.create_network(session, actor, data), from_attributes=True
    )


@router.get("/transport-streams", response_model=list[TransportStreamOut])
def list_transport_streams(session: SessionDep) -> list[TransportStreamOut]:
    rows = channels.list_transport_streams(session)
    return [TransportStreamOut.model_validate(t, from_attributes=True) for t in rows]


@router.post(
    "/transport-streams", response_model=TransportStreamOut, status_code=status.HTTP_201_CREATED
)
def create_transport_stream(
    data: TransportStreamIn, session: SessionDep, actor: Engineer
) -> TransportStreamOut:
    ts = channels.create_transport_stream(session, actor, data)
    return TransportStreamOut.model_validate(ts, from_attributes=True)


@router.get("/channels", response_model=list[ChannelOut])
def list_channels(session: SessionDep) -> list[ChannelOut]:
    return [presenters.channel_out(c) for c in channels.list_channels(session)]


@router.post("/channels", response_model=ChannelOut, status_code=status.HTTP_201_CREATED)
def create_channel(data: ChannelIn, session: SessionDep, actor: Engineer) -> ChannelOut:
    return presenters.channel_out(channels.create_channel(session, actor, data))


@router.get("/channels/{channel_id}", response_model=ChannelOut)
def get_channel(channel_id: Id, session: SessionDep) -> ChannelOut:
    return presenters.channel_out(channels.get_channel(session, channel_id))


@router.patch("/channels/{channel_id}", response_model=ChannelOut)
def update_channel(
    channel_id: Id, data: ChannelPatch, session: SessionDep, actor: Engineer
) -> ChannelOut:
    return presenters.channel_out(channels.update_channel(session, actor, channel_id, data))
