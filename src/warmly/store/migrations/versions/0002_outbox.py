"""outbox: index platform signals by action (adaptive pacing joins them)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25

Generated with alembic autogenerate and reviewed. Autogenerate found the new index on
``platform_signals.action_id`` (the acceptance-rate and bounce-rate rules join on it);
it does not compare index columns, so the widening of ``ix_actions_platform_kind_time``
by ``state`` (making the governor's window counts index-only) was added by hand.
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("platform_signals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_platform_signals_action_id"), ["action_id"], unique=False
        )
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.drop_index("ix_actions_platform_kind_time")
        batch_op.create_index(
            "ix_actions_platform_kind_time", ["platform", "kind", "attempted_at", "state"]
        )


def downgrade() -> None:
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.drop_index("ix_actions_platform_kind_time")
        batch_op.create_index("ix_actions_platform_kind_time", ["platform", "kind", "attempted_at"])
    with op.batch_alter_table("platform_signals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_platform_signals_action_id"))
