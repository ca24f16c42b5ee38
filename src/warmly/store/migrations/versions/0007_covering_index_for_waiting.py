"""covering index for who is waiting for an answer

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tie_state", schema=None) as batch_op:
        batch_op.drop_index("ix_tie_state_last_in_at")
        batch_op.create_index(
            "ix_tie_state_waiting", ["last_in_at", "last_out_at", "score"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("tie_state", schema=None) as batch_op:
        batch_op.drop_index("ix_tie_state_waiting")
        batch_op.create_index("ix_tie_state_last_in_at", ["last_in_at"], unique=False)
