"""Network / transport stream / channel (a DVB service), as far as the playout needs them."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.models.base import Base
from catalog.models.enums import Delivery, Language, str_enum


class Network(Base):
    __tablename__ = "networks"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    network_id: Mapped[int] = mapped_column(unique=True)
    original_network_id: Mapped[int]
    delivery: Mapped[Delivery] = mapped_column(str_enum(Delivery))


class TransportStream(Base):
    __tablename__ = "transport_streams"
    __table_args__ = (UniqueConstraint("network_id", "transport_stream_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    transport_stream_id: Mapped[int]
    name: Mapped[str] = mapped_column(String(200), default="")

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
