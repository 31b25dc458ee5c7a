"""Settings of the catalogue, handed to `create_app(settings)` as a plain pydantic model.

The lead's `telesabaq.settings` composes this section from the environment (`TELESABAQ_CATALOG__*`)
or a settings file; the catalogue itself never reads the environment, so tests build settings
directly. `default_settings()` gives values that need nothing: SQLite and media under the user's
data folder and a secret generated on first run and kept there.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, SecretStr


class CatalogSettings(BaseModel):
    """Everything the catalogue needs to run; immutable once built."""

    model_config = ConfigDict(frozen=True)

    database_url: str = Field(
        description="SQLAlchemy URL: sqlite:///... (WAL) or postgresql+psycopg://..."
    )
    media_dir: Path = Field(description="Uploads, recordings, renditions and end-cards live here.")
    secret_key: SecretStr = Field(description="Signs session cookies and CSRF tokens.")
    public_base_url: str = Field(
        default="http://127.0.0.1:8000", description="Base of short links (/t/123456) and feeds."
    )
    upload_max_bytes: int = Field(default=8 * 1024**3, gt=0, description="Largest recording.")
    lock_window_minutes: int = Field(
        default=30, ge=0, description="The next N minutes of air are frozen."
    )
    station_timezone: str = Field(default="Asia/Almaty", description="IANA zone shown to people.")
    turnaround_seconds: int = Field(default=0, ge=0, description="Default gap between slots.")
    end_card_seconds: int = Field(default=30, ge=0, description="End-card after each lecture.")
    public_cache_seconds: float = Field(
        default=2.0, ge=0, description="Anonymous public GETs are served from memory this long."
    )
    allow_registration: bool = Field(default=False, description="Students may sign themselves up.")


def user_data_dir() -> Path:
    """The per-user data folder (XDG_DATA_HOME/telesabaq, else ~/.local/share/telesabaq)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "telesabaq"


def kept_secret(path: Path) -> SecretStr:
    """Read the secret kept at `path`, generating and storing it (mode 0600) on first use."""
    if path.exists():
        return SecretStr(path.read_text().strip())
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(value)
    return SecretStr(value)


def default_settings(data_dir: Path | None = None) -> CatalogSettings:
    """Settings that need nothing: SQLite + media under the data folder, a kept secret."""
    root = data_dir or user_data_dir()
    root.mkdir(parents=True, exist_ok=True)
    return CatalogSettings(
        database_url=f"sqlite:///{root / 'catalog.sqlite3'}",
        media_dir=root / "media",
        secret_key=kept_secret(root / "secret_key"),
    )
