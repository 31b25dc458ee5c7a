"""Network / transport stream / channel (a DVB service), as far as the playout needs them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.models.base import Base
from catalog.models.enums import Delivery, Language, str_enum


class Network(Base):
    """A delivery network (one NIT).

    `delivery_parameters` are the engineer's values for the NIT's delivery-system descriptor
    (EN 300 468 §6.2.13, §6.4.6.3), under the descriptor's field names as the playout plan's
    ``delivery`` uses them (frequencies in Hz, symbol rates in symbols/s, coded fields as their
    table values); `catalog.schemas.broadcast` validates them per system. A key left out means
    "the station's default" for that field.
    """

    __tablename__ = "networks"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    network_id: Mapped[int] = mapped_column(unique=True)
    original_network_id: Mapped[int]
    delivery: Mapped[Delivery] = mapped_column(str_enum(Delivery))
    delivery_parameters: Mapped[dict[str, Any]] = mapped_column(
        JSON, default=dict, server_default=text("'{}'")
    )


class TransportStream(Base):
    """A multiplex. `mux_rate` (bit/s) is its constant rate on the air when the engineer set it
    (the modulator's payload rate); None means "what its channels need plus the SI headroom"."""

    __tablename__ = "transport_streams"
    __table_args__ = (UniqueConstraint("network_id", "transport_stream_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    transport_stream_id: Mapped[int]
    name: Mapped[str] = mapped_column(String(200), default="")
    mux_rate: Mapped[int | None] = mapped_column(default=None)

    network: Mapped[Network] = relationship()


class Channel(Base):
    """A service. `xmltv_id` is also the M3U tvg-id: both feeds come from this one column."""

    __tablename__ = "channels"

    id: Mapped[int] = mapped_column(primary_key=True)
    transport_stream_id: Mapped[int | None] = mapped_column(
        ForeignKey("transport_streams.id", ondelete="SET NULL")
    )
    service_id: Mapped[int]
    number: Mapped[int] = mapped_column(unique=True)
    name: Mapped[str] = mapped_column(String(200))
    xmltv_id: Mapped[str] = mapped_column(String(200), unique=True)
    profile: Mapped[str] = mapped_column(String(64))
    language: Mapped[Language] = mapped_column(str_enum(Language))
    stream_url: Mapped[str] = mapped_column(String(1024), default="")
    turnaround_seconds: Mapped[int] = mapped_column(default=0)

    transport_stream: Mapped[TransportStream | None] = relationship()
