"""Networks, transport streams and channels on the wire."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from catalog.models.enums import Delivery, Language
from catalog.schemas.common import MAX_ID

STREAM_URL = r"^$|^[a-zA-Z][a-zA-Z0-9+.\-]*://[!#-;=?-~]+$"  # printable ASCII, no quotes/<>


class NetworkIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    network_id: int = Field(ge=0, le=0xFFFF)
    original_network_id: int = Field(ge=0, le=0xFFFF)
    delivery: Delivery


class NetworkOut(NetworkIn):
    id: int


class TransportStreamIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    network_id: int = Field(ge=1, le=MAX_ID, description="Catalogue id of the network.")
    transport_stream_id: int = Field(ge=0, le=0xFFFF)
    name: str = Field(default="", max_length=200)


class TransportStreamOut(TransportStreamIn):
    id: int


class ChannelIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    number: int = Field(ge=1, le=9999, description="Logical channel number.")
    service_id: int = Field(ge=1, le=0xFFFF)
    xmltv_id: str = Field(
        pattern=r"^[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63}){1,3}$",
        examples=["sabaq1.kz"],
        description="XMLTV channel id = M3U tvg-id (dotted labels).",
    )
    profile: str = Field(pattern=r"^[a-z0-9][a-z0-9_\-]{0,63}$", examples=["t2-hd"])
    language: Language
    transport_stream_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    stream_url: str = Field(default="", max_length=1024, pattern=STREAM_URL)
    turnaround_seconds: int = Field(default=0, ge=0, le=3600)


class ChannelPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    profile: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9_\-]{0,63}$")
    stream_url: str | None = Field(default=None, max_length=1024, pattern=STREAM_URL)
    turnaround_seconds: int | None = Field(default=None, ge=0, le=3600)


class ChannelOut(BaseModel):
    id: int
    name: str
    number: int
    service_id: int
    xmltv_id: str
    profile: str
    language: Language
    transport_stream_id: int | None
    stream_url: str
    turnaround_seconds: int
