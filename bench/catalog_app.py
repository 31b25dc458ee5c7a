"""uvicorn factory for the catalogue benchmark: settings from BENCH_CATALOG_DIR."""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI
from pydantic import SecretStr

from catalog.app import create_app
from catalog.settings import CatalogSettings


def create() -> FastAPI:
    root = Path(os.environ["BENCH_CATALOG_DIR"])
    settings = CatalogSettings(
        database_url=f"sqlite:///{root / 'catalog.sqlite3'}",
        media_dir=root / "media",
        secret_key=SecretStr("benchmark-only-secret"),
    )
    return create_app(settings)
