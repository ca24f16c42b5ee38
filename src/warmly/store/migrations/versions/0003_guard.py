"""guard: near-duplicate index and state

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25

Generated with alembic autogenerate against a fresh SQLite database at 0002, and
reviewed: it creates only the guard's derived tables (guard_signatures, guard_bands,
guard_state), which warmly.guard.service.sync_index fills from interactions, so the
downgrade loses nothing that cannot be rebuilt. ``sqlite_with_rowid=False`` makes
guard_bands a WITHOUT ROWID table on SQLite; PostgreSQL ignores it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import warmly.store.types

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "guard_signatures",
        sa.Column(
            "message_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column("stream", sa.String(length=3), nullable=False),
        sa.Column("party", sa.String(length=300), nullable=False),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("at", warmly.store.types.UTCDateTime(), nullable=False),
        sa.Column("exact_key", sa.BigInteger(), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("message_id", name=op.f("pk_guard_signatures")),
    )
    with op.batch_alter_table("guard_signatures", schema=None) as batch_op:
        batch_op.create_index("ix_guard_signatures_exact", ["exact_key", "at"], unique=False)
        batch_op.create_index("ix_guard_signatures_stream_at", ["stream", "at"], unique=False)

    op.create_table(
        "guard_state",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("updated_at", warmly.store.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_guard_state")),
    )
    op.create_table(
        "guard_bands",
        sa.Column("band_key", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column(
            "message_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["guard_signatures.message_id"],
            name=op.f("fk_guard_bands_message_id_guard_signatures"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("band_key", "message_id", name=op.f("pk_guard_bands")),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("guard_bands", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_guard_bands_message_id"), ["message_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("guard_bands", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_guard_bands_message_id"))

    op.drop_table("guard_bands")
    op.drop_table("guard_state")
    with op.batch_alter_table("guard_signatures", schema=None) as batch_op:
        batch_op.drop_index("ix_guard_signatures_stream_at")
        batch_op.drop_index("ix_guard_signatures_exact")

    op.drop_table("guard_signatures")
