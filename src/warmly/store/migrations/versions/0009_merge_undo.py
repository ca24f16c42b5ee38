"""merge events: what a merge changed besides moving identities, for its undo

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Earlier merges have none: their unmerge moves identities back as before.
    op.add_column("merge_events", sa.Column("undo", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("merge_events") as batch:
        batch.drop_column("undo")
