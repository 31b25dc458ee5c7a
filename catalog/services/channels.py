"""Networks, transport streams and channels (DVB services).

A transport stream with a stored ``mux_rate`` is a fixed budget: adding a channel to it, or
changing a channel's profile, is refused (422 naming the field) when its channels' profile rates
plus the SI headroom no longer fit. The catalogue does not know profile rates (the encoder
does); `MuxBudget` is what it asks, and without one (no encoder wired in) the rate is stored
unchecked and the playout's own check refuses the multiplex at air time, with the numbers.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import ValidationError
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from catalog.errors import Conflict, NotFound, RuleViolation
from catalog.models import Channel, Network, TransportStream, User
from catalog.ports import MuxBudget
from catalog.schemas.broadcast import (
    PARAMETERS,
    ChannelIn,
    ChannelPatch,
    NetworkIn,
    NetworkPatch,
    TransportStreamIn,
    TransportStreamPatch,
)
from catalog.services import audit


def check_mux_rate(
    ts: TransportStream,
    profiles: Sequence[str],
    budget: MuxBudget | None,
    field: str,
    *,
    rate: int | None = None,
) -> None:
    """Refuse channels of `profiles` on `ts` if they do not fit its stored mux_rate (or `rate`,
    a mux_rate proposed for it)."""
    mux_rate = ts.mux_rate if rate is None else rate
    if mux_rate is None or budget is None:
        return
    needed = budget.needed_mux_rate(profiles)
    if needed is None or needed <= mux_rate:
        return
    what = ", ".join(profiles) if profiles else "no channels yet"
    message = (
        f"transport stream {ts.transport_stream_id}: mux_rate {mux_rate} bit/s is below the "
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


def get_network(session: Session, network_id: int) -> Network:
    network = session.get(Network, network_id)
    if network is None:
        raise NotFound(f"network {network_id} does not exist")
    return network


def merged_parameters(network: Network, changes: dict[str, int | None]) -> dict[str, int]:
    """The network's stored delivery parameters with `changes` merged in (null removes a field),
    checked as a whole against its own delivery system's descriptor model; a field of another
    system or a value out of range is a `RuleViolation` naming
    ``["body", "delivery_parameters", field]``."""
    merged = {**network.delivery_parameters, **changes}
    model = PARAMETERS[network.delivery]
    try:
        checked = model.model_validate({k: v for k, v in merged.items() if v is not None})
    except ValidationError as exc:
        details = [
            {
                "loc": ["body", "delivery_parameters", *e["loc"]],
                "msg": f"{e['msg']} (a {network.delivery.value} network: {model.__name__})",
                "type": e["type"],
            }
            for e in exc.errors()
        ]
        system = network.delivery.value
        message = f"delivery_parameters do not fit network {network.network_id} ({system})"
        raise RuleViolation(message, details=details) from None
    stored: dict[str, int] = checked.model_dump(exclude_none=True)
    return stored


def update_network(session: Session, actor: User, network_id: int, data: NetworkPatch) -> Network:
    """Correct a network's name and delivery values (see `NetworkPatch`); the NIT follows when
    the station next loads its plan."""
    network = get_network(session, network_id)
    changes = data.model_dump(exclude_unset=True, mode="json")
    if data.delivery_parameters is not None:
        network.delivery_parameters = merged_parameters(network, data.parameter_changes())
    if data.name is not None:
        network.name = data.name
    session.flush()
    audit.record(session, actor, "update", "network", network.id, **changes)
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


def get_transport_stream(session: Session, ts_id: int) -> TransportStream:
    ts = session.get(TransportStream, ts_id)
    if ts is None:
        raise NotFound(f"transport stream {ts_id} does not exist")
    return ts


def update_transport_stream(
    session: Session,
    actor: User,
    ts_id: int,
    data: TransportStreamPatch,
    budget: MuxBudget | None = None,
) -> TransportStream:
    """Correct a multiplex's name and mux_rate (null removes the rate). A new rate is checked
    against the channels already in it by the same rule as adding a channel."""
    ts = get_transport_stream(session, ts_id)
    changes = data.model_dump(exclude_unset=True)
    if "mux_rate" in changes and data.mux_rate != ts.mux_rate:
        if data.mux_rate is not None:  # removing the rate lets the channels decide: always fits
            profiles = _profiles_on(session, ts)
            check_mux_rate(ts, profiles, budget, "mux_rate", rate=data.mux_rate)
        ts.mux_rate = data.mux_rate
    if data.name is not None:
        ts.name = data.name
    session.flush()
    audit.record(session, actor, "update", "transport_stream", ts.id, **changes)
    return ts


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
