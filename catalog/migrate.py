"""Run the catalogue's Alembic migrations programmatically (no alembic.ini needed).

`telesabaq db upgrade` calls `upgrade(settings.database_url)`. The URL travels in
`config.attributes`, not in the ini options, because configparser would choke on `%` in passwords.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config(database_url: str) -> Config:
    """An Alembic config pointing at `catalog/migrations` and `database_url`."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["database_url"] = database_url
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Bring the database up to `revision` (default: the newest)."""
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str = "base") -> None:
    """Take the database back down to `revision` (default: empty)."""
    command.downgrade(alembic_config(database_url), revision)
