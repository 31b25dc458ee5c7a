"""Networks, transport streams and channels (DVB services)."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from catalog.errors import Conflict, NotFound
from catalog.models import Channel, Network, TransportStream, User
from catalog.schemas.broadcast import ChannelIn, ChannelPatch, NetworkIn, TransportStreamIn
from catalog.services import audit


def list_networks(session: Session) -> list[Network]:
    return list(session.scalars(select(Network).order_by(Network.network_id)))


def create_network(session: Session, actor: User, data: NetworkIn) -> Network:
    if session.scalar(select(Network.id).where(Network.network_id == data.network_id)):
        raise Conflict(f"network_id {data.network_id} exists")
    network = Network(**data.model_dump())
    session.add(network)
    session.flush()
    audit.record(session, actor, "create", "network", network.id, **data.model_dump(mode="json"))
    return network


def create_transport_stream(
    session: Session, actor: User, data: TransportStreamIn
) -> TransportStream:
    if session.get(Network, data.network_id) is None:
        raise NotFound(f"network {data.network_id} does not exist")
    if session.scalar(
        select(TransportStream.id).where(
            TransportStream.network_id == data.network_id,
            TransportStream.transport_stream_id == data.transport_stream_id,
        )
    ):
        raise Conflict(f"transport_stream_id {data.transport_stream_id} exists in this network")
    ts = TransportStream(**data.model_dump())
    session.add(ts)
    session.flush()
    audit.record(
        session, actor, "create", "transport_stream", ts.id, **data.model_dump(mode="json")
    )
    return ts


def list_transport_streams(session: Session) -> list[TransportStream]:
    return list(session.scalars(select(TransportStream).order_by(TransportStream.id)))


def list_channels(session: Session) -> list[Channel]:
    return list(session.scalars(select(Channel).order_by(Channel.number)))


def get_channel(session: Session, channel_id: int) -> Channel:
    channel = session.get(Channel, channel_id)
    if channel is None:
        raise NotFound(f"channel {channel_id} does not exist")
    return channel


def create_channel(session: Session, actor: User, data: ChannelIn) -> Channel:
    clash = session.scalar(
        select(func.count())
        .select_from(Channel)
        .where(or_(Channel.number == data.number, Channel.xmltv_id == data.xmltv_id))
    )
    if clash:
        raise Conflict("channel number or xmltv_id already in use")
    if (
        data.transport_stream_id is not None
        and session.get(TransportStream, data.transport_stream_id) is None
    ):
        raise NotFound(f"transport stream {data.transport_stream_id} does not exist")
    channel = Channel(**data.model_dump())
    session.add(channel)
    session.flush()
    audit.record(session, actor, "create", "channel", channel.id, **data.model_dump(mode="json"))
    return channel


def update_channel(session: Session, actor: User, channel_id: int, data: ChannelPatch) -> Channel:
    channel = get_channel(session, channel_id)
    changes = data.model_dump(exclude_unset=True)
    for key, value in changes.items():
        if value is not None:
            setattr(channel, key, value)
    session.flush()
    audit.record(session, actor, "update", "channel", channel.id, **changes)
    return channel
