"""guard bands carry stream and time, probed newest first per band

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import warmly.store.types

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("guard_bands", schema=None) as batch_op:
        batch_op.add_column(sa.Column("stream", sa.String(length=3), nullable=True))
        batch_op.add_column(sa.Column("at", warmly.store.types.UTCDateTime(), nullable=True))
    # Backfill from the signatures (portable correlated UPDATE; the table is derived).
    op.execute(
        "UPDATE guard_bands SET "
        "stream = (SELECT s.stream FROM guard_signatures s "
        "WHERE s.message_id = guard_bands.message_id), "
        "at = (SELECT s.at FROM guard_signatures s WHERE s.message_id = guard_bands.message_id)"
    )
    with op.batch_alter_table("guard_bands", schema=None) as batch_op:
        batch_op.create_index("ix_guard_bands_probe", ["band_key", "stream", "at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("guard_bands", schema=None) as batch_op:
        batch_op.drop_index("ix_guard_bands_probe")
        batch_op.drop_column("at")
        batch_op.drop_column("stream")
