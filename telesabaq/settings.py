"""Station settings: one pydantic-settings model, read from the environment or a `.env` file.

Every variable starts with `TELESABAQ_`; nested sections use `__`, e.g.
`TELESABAQ_DATABASE_URL=postgresql+psycopg://...`, `TELESABAQ_ENCODER__CONCURRENCY=2`.
Defaults need nothing: SQLite and the media folder under the user's data folder, and a secret
generated on first run and kept there (mode 0600). Packages never read these settings
themselves: `telesabaq.wiring` hands each its own section.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from catalog.settings import CatalogSettings, kept_secret, user_data_dir


class EncoderSection(BaseModel):
    """How hard the encoder works beside the playout (one job, one core left free)."""

    concurrency: int = Field(default=1, ge=1, description="Encode jobs at once.")
    threads: int = Field(default=0, ge=0, description="FFmpeg threads per job; 0: cores - 1.")
    niceness: int = Field(default=10, ge=0, le=19, description="Encodes run below the playout.")
    queue_url: str = Field(default="", description="'' SQLite in the media folder; redis://...")
    stale_seconds: float = Field(
        default=60.0, gt=0, description="A running job silent this long has lost its worker."
    )


class PlayoutSection(BaseModel):
    """Where the station's multiplexes go."""

    udp: list[str] = Field(default_factory=lambda: ["127.0.0.1:5000"], description="HOST:PORT")
    rolling_file_minutes: int = Field(default=10, ge=0, description="0: no rolling file.")


class DemoSection(BaseModel):
    """The channel profiles of the demo's two channels (the end-to-end test uses tiny ones)."""

    t2_profile: str = Field(default="dvb-t2-hd", description="Profile of the DVB-T2 channel.")
    s2_profile: str = Field(default="dvb-s2-hd", description="Profile of the DVB-S2 channel.")


class Settings(BaseSettings):
    """Everything the station needs; `get_settings()` builds it once per process."""

    model_config = SettingsConfigDict(
        env_prefix="TELESABAQ_", env_nested_delimiter="__", env_file=".env", extra="ignore"
    )

    data_dir: Path = Field(default_factory=user_data_dir)
    database_url: str = Field(
        default="",
        validation_alias=AliasChoices(
            "database_url", "telesabaq_database_url", "telesabaq_catalog_database_url"
        ),
        description="'' SQLite in the data folder; postgresql+psycopg://... (docs/postgresql.md "
        "names TELESABAQ_CATALOG_DATABASE_URL, also accepted).",
    )
    media_dir: Path | None = None
    secret_key: SecretStr | None = None
    public_base_url: str = ""
    timezone: str = "Asia/Almaty"
    host: str = "127.0.0.1"
    port: int = 8000
    encoder: EncoderSection = Field(default_factory=EncoderSection)
    playout: PlayoutSection = Field(default_factory=PlayoutSection)
    demo: DemoSection = Field(default_factory=DemoSection)

    def resolved_media_dir(self) -> Path:
        return self.media_dir or self.data_dir / "media"

    def catalog(self) -> CatalogSettings:
        """The catalogue's section, with the defaults that need nothing filled in."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return CatalogSettings(
            database_url=self.database_url or f"sqlite:///{self.data_dir / 'catalog.sqlite3'}",
            media_dir=self.resolved_media_dir(),
            secret_key=self.secret_key or kept_secret(self.data_dir / "secret_key"),
            public_base_url=self.public_base_url or f"http://{self.host}:{self.port}",
            station_timezone=self.timezone,
        )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
