"""network delivery: the NIT's delivery-descriptor values and a multiplex's own mux rate

Two new columns on existing tables: ``networks.delivery_parameters`` (JSON object, ``{}`` for
the rows already there, so they keep the station's defaults) and ``transport_streams.mux_rate``
(nullable: no stored rate means "its channels' rates plus the SI headroom", as before).

Batch mode as in 0001/0002, but never copy-and-move: SQLite >= 3.35 adds and drops a plain
column in place, whereas recreating ``networks`` or ``transport_streams`` with foreign keys on
(catalog.db turns them on) would drop the old table and so cascade to the rows that point at
it (transport streams deleted, channels unlinked). PostgreSQL alters in place anyway.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 21:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("networks", recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column(
                "delivery_parameters",
                sa.JSON(),
                server_default=sa.text("'{}'"),
                nullable=False,
            )
        )
    with op.batch_alter_table("transport_streams", recreate="never") as batch_op:
        batch_op.add_column(sa.Column("mux_rate", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("transport_streams", recreate="never") as batch_op:
        batch_op.drop_column("mux_rate")
    with op.batch_alter_table("networks", recreate="never") as batch_op:
        batch_op.drop_column("delivery_parameters")
