"""Networks, transport streams and channels (DVB services).

A transport stream with a stored ``mux_rate`` is a fixed budget: adding a channel to it, or
changing a channel's profile, is refused (422 naming the field) when its channels' profile rates
plus the SI headroom no longer fit. The catalogue does not know profile rates (the encoder
does); `MuxBudget` is what it asks, and without one (no encoder wired in) the rate is stored
unchecked and the playout's own check refuses the multiplex at air time, with the numbers.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from catalog.errors import Conflict, NotFound, RuleViolation
from catalog.models import Channel, Network, TransportStream, User
from catalog.ports import MuxBudget
from catalog.schemas.broadcast import ChannelIn, ChannelPatch, NetworkIn, TransportStreamIn
from catalog.services import audit


def check_mux_rate(
    ts: TransportStream, profiles: Sequence[str], budget: MuxBudget | None, field: str
) -> None:
    """Refuse channels of `profiles` on `ts` if they do not fit its stored mux_rate."""
    if ts.mux_rate is None or budget is None:
        return
    needed = budget.needed_mux_rate(profiles)
    if needed is None or needed <= ts.mux_rate:
        return
    what = ", ".join(profiles) if profiles else "no channels yet"
    message = (
        f"transport stream {ts.transport_stream_id}: mux_rate {ts.mux_rate} bit/s is below the "
        f"{needed} bit/s its channels ({what}) need with the SI headroom"
    )
    raise RuleViolation(
        message, details=[{"loc": ["body", field], "msg": message, "type": "mux_rate_too_small"}]
    )


def _profiles_on(session: Session, ts: TransportStream, *, without: int | None = None) -> list[str]:
    query = select(Channel.profile).where(Channel.transport_stream_id == ts.id)
    if without is not None:
        query = query.where(Channel.id != without)
    return list(session.scalars(query.order_by(Channel.number)))


def list_networks(session: Session) -> list[Network]:
    return list(session.scalars(select(Network).order_by(Network.network_id)))


def create_network(session: Session, actor: User, data: NetworkIn) -> Network:
    if session.scalar(select(Network.id).where(Network.network_id == data.network_id)):
        raise Conflict(f"network_id {data.network_id} exists")
    network = Network(
        **data.model_dump(exclude={"delivery_parameters"}),
        delivery_parameters=data.stored_parameters(),
    )
    session.add(network)
    session.flush()
    audit.record(session, actor, "create", "network", network.id, **data.model_dump(mode="json"))
    return network


def create_transport_stream(
    session: Session, actor: User, data: TransportStreamIn, budget: MuxBudget | None = None
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
    check_mux_rate(ts, [], budget, "mux_rate")
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


def create_channel(
    session: Session, actor: User, data: ChannelIn, budget: MuxBudget | None = None
) -> Channel:
    clash = session.scalar(
        select(func.count())
        .select_from(Channel)
        .where(or_(Channel.number == data.number, Channel.xmltv_id == data.xmltv_id))
    )
    if clash:
        raise Conflict("channel number or xmltv_id already in use")
    if data.transport_stream_id is not None:
        ts = session.get(TransportStream, data.transport_stream_id)
        if ts is None:
            raise NotFound(f"transport stream {data.transport_stream_id} does not exist")
        check_mux_rate(ts, [*_profiles_on(session, ts), data.profile], budget, "profile")
    channel = Channel(**data.model_dump())
    session.add(channel)
    session.flush()
    audit.record(session, actor, "create", "channel", channel.id, **data.model_dump(mode="json"))
    return channel


def update_channel(
    session: Session,
    actor: User,
    channel_id: int,
    data: ChannelPatch,
    budget: MuxBudget | None = None,
) -> Channel:
    channel = get_channel(session, channel_id)
    changes = data.model_dump(exclude_unset=True)
    ts = channel.transport_stream
    if data.profile is not None and data.profile != channel.profile and ts is not None:
        others = _profiles_on(session, ts, without=channel.id)
        check_mux_rate(ts, [*others, data.profile], budget, "profile")
    for key, value in changes.items():
        if value is not None:
            setattr(channel, key, value)
    session.flush()
    audit.record(session, actor, "update", "channel", channel.id, **changes)
    return channel
