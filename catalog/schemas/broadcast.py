"""Networks, transport streams and channels on the wire.

A network's ``delivery_parameters`` are the fields of its NIT delivery-system descriptor, named
as EN 300 468 names them (and as the playout plan's ``delivery`` does): T2_delivery_system
(§6.4.6.3) for DVB-T2, cable_delivery_system (§6.2.13.1) for DVB-C, satellite_delivery_system
(§6.2.13.2) for DVB-S2. Each system has its own model with the descriptor's ranges and wire units
(a frequency must be a whole number of the unit the descriptor carries), so a typo or an
impossible value is a 422 naming the field, not a NIT that fails at air time. Every field is
optional: one left out takes the station's default for that field.
"""

from __future__ import annotations

from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from catalog.models.enums import Delivery, Language
from catalog.schemas.common import MAX_ID

MAX_MUX_RATE = 1_000_000_000  # bit/s; the playout plan's limit too
MIN_MUX_RATE = 10_000

STREAM_URL = r"^$|^[a-zA-Z][a-zA-Z0-9+.\-]*://[!#-;=?-~]+$"  # printable ASCII, no quotes/<>


class T2Parameters(BaseModel):
    """T2_delivery_system_descriptor (EN 300 468 §6.4.6.3). With ``centre_frequency`` the
    descriptor carries its optional part: one cell (cell_id 0) on that frequency, SISO,
    ``bandwidth`` coded as in the standard's table (0 8 MHz, 1 7 MHz, 2 6 MHz, 3 5 MHz,
    4 10 MHz, 5 1.712 MHz)."""

    model_config = ConfigDict(extra="forbid")

    plp_id: int | None = Field(default=None, ge=0, le=0xFF)
    t2_system_id: int | None = Field(default=None, ge=0, le=0xFFFF)
    centre_frequency: int | None = Field(
        default=None, ge=10, le=42_949_672_950, multiple_of=10, description="Hz (10 Hz units)."
    )
    bandwidth: int | None = Field(default=None, ge=0, le=5)


class CableParameters(BaseModel):
    """cable_delivery_system_descriptor (EN 300 468 §6.2.13.1)."""

    model_config = ConfigDict(extra="forbid")

    frequency: int | None = Field(
        default=None, ge=100, le=9_999_999_900, multiple_of=100, description="Hz (100 Hz units)."
    )
    symbol_rate: int | None = Field(
        default=None, ge=100, le=999_999_900, multiple_of=100, description="symbols/s."
    )
    modulation: int | None = Field(
        default=None, ge=1, le=5, description="1 16-QAM, 2 32-QAM, 3 64-QAM, 4 128-QAM, 5 256-QAM."
    )
    fec_outer: int | None = Field(default=None, ge=1, le=2, description="1 none, 2 RS(204,188).")
    fec_inner: int | None = Field(
        default=None, ge=1, le=15, description="1 1/2 ... 9 9/10 (Table 35), 15 none."
    )


class SatelliteParameters(BaseModel):
    """satellite_delivery_system_descriptor (EN 300 468 §6.2.13.2); modulation_system is DVB-S2."""

    model_config = ConfigDict(extra="forbid")

    frequency: int | None = Field(
        default=None,
        ge=10_000,
        le=999_999_990_000,
        multiple_of=10_000,
        description="Hz (10 kHz units).",
    )
    orbital_position: int | None = Field(
        default=None, ge=0, le=1800, description="Tenths of a degree (900 = 90.0)."
    )
    west_east: int | None = Field(default=None, ge=0, le=1, description="0 west, 1 east.")
    polarization: int | None = Field(
        default=None, ge=0, le=3, description="0 H, 1 V, 2 left, 3 right."
    )
    roll_off: int | None = Field(default=None, ge=0, le=2, description="0 0.35, 1 0.25, 2 0.20.")
    modulation_type: int | None = Field(
        default=None, ge=0, le=3, description="0 auto, 1 QPSK, 2 8PSK, 3 16-QAM."
    )
    symbol_rate: int | None = Field(
        default=None, ge=100, le=999_999_900, multiple_of=100, description="symbols/s."
    )
    fec_inner: int | None = Field(
        default=None, ge=1, le=15, description="1 1/2 ... 9 9/10 (Table 35), 15 none."
    )


DeliveryParameters = T2Parameters | CableParameters | SatelliteParameters
PARAMETERS: dict[Delivery, type[DeliveryParameters]] = {
    Delivery.DVB_T2: T2Parameters,
    Delivery.DVB_C: CableParameters,
    Delivery.DVB_S2: SatelliteParameters,
}


class NetworkIn(BaseModel):
    """A network; `delivery_parameters` must be of its delivery system (see the module)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    network_id: int = Field(ge=0, le=0xFFFF)
    original_network_id: int = Field(ge=0, le=0xFFFF)
    delivery: Delivery
    delivery_parameters: DeliveryParameters | None = None

    @model_validator(mode="after")
    def _parameters_of_the_system(self) -> Self:
        wanted = PARAMETERS[self.delivery]
        if self.delivery_parameters is not None and type(self.delivery_parameters) is not wanted:
            raise ValueError(f"delivery_parameters of {self.delivery.value} are {wanted.__name__}")
        return self

    def stored_parameters(self) -> dict[str, int]:
        """The parameters as stored: only the fields the engineer gave."""
        if self.delivery_parameters is None:
            return {}
        return self.delivery_parameters.model_dump(exclude_none=True)


class T2NetworkIn(NetworkIn):
    delivery: Literal[Delivery.DVB_T2]
    delivery_parameters: T2Parameters | None = None


class CableNetworkIn(NetworkIn):
    delivery: Literal[Delivery.DVB_C]
    delivery_parameters: CableParameters | None = None


class SatelliteNetworkIn(NetworkIn):
    delivery: Literal[Delivery.DVB_S2]
    delivery_parameters: SatelliteParameters | None = None


SystemNetworkIn = T2NetworkIn | CableNetworkIn | SatelliteNetworkIn
"""A new network as the API takes it: which parameters apply follows from ``delivery``, in the
OpenAPI schema too (a union discriminated by ``delivery``), so clients see the per-system
fields and a body that fits the schema fits the rules."""


class NetworkOut(BaseModel):
    id: int
    name: str
    network_id: int
    original_network_id: int
    delivery: Delivery
    delivery_parameters: dict[str, int] = Field(
        description="Stored descriptor fields; absent ones take the station's defaults."
    )


class NetworkPatch(BaseModel):
    """A correction to a network; what is left out is kept.

    `delivery_parameters` is merged into the stored values field by field (RFC 7396 style): a
    field given replaces the stored one, a field given as null is removed (back to the station's
    default), a field left out is kept. The fields are checked against the network's own delivery
    system (`PARAMETERS`), so fields of another system are a 422 naming them. The delivery system
    itself is not in the body: a network of another system is another NIT entry, so it is created
    anew (the body forbids ``delivery``: 422 naming it).
    """

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    delivery_parameters: DeliveryParameters | None = Field(
        default=None,
        description="Fields of the network's own delivery system to change; null removes one.",
    )

    def parameter_changes(self) -> dict[str, int | None]:
        """The parameter fields the caller gave, null ones included (they remove the field)."""
        if self.delivery_parameters is None:
            return {}
        changes: dict[str, int | None] = self.delivery_parameters.model_dump(exclude_unset=True)
        return changes


class TransportStreamIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    network_id: int = Field(ge=1, le=MAX_ID, description="Catalogue id of the network.")
    transport_stream_id: int = Field(ge=0, le=0xFFFF)
    name: str = Field(default="", max_length=200)
    mux_rate: int | None = Field(
        default=None,
        ge=MIN_MUX_RATE,
        le=MAX_MUX_RATE,
        description="Constant rate on the air, bit/s (the modulator's payload rate). Absent: "
        "the sum of its channels' profile rates plus the SI headroom. Refused when its channels "
        "would not fit.",
    )


class TransportStreamOut(TransportStreamIn):
    id: int


class TransportStreamPatch(BaseModel):
    """A correction to a multiplex; what is left out is kept. ``mux_rate: null`` removes the
    stored rate (the multiplex then runs at what its channels need plus the SI headroom)."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, max_length=200)
    mux_rate: int | None = Field(
        default=None,
        ge=MIN_MUX_RATE,
        le=MAX_MUX_RATE,
        description="Constant rate on the air, bit/s; null removes it. Refused when the "
        "channels already in the multiplex would not fit.",
    )


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
