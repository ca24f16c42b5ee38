"""The outbound guard's index and state: what was sent and received, as MinHash rows.

Derived tables: every row can be rebuilt from ``interactions`` (see
:func:`warmly.guard.service.sync_index`). The shape is the one documented in
:mod:`warmly.guard.neardup`; band and exact keys are non-negative 63-bit integers,
a ``BIGINT`` on PostgreSQL and an ``INTEGER`` (8 bytes) on SQLite.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from warmly.store.models import Base

# On SQLite only "INTEGER PRIMARY KEY" aliases the rowid (no second B-tree for the key).
_ID = BigInteger().with_variant(Integer, "sqlite")


class GuardSignature(Base):
    """One indexed message: ``interactions.id``, who, when, and its MinHash signature."""

    __tablename__ = "guard_signatures"
    __table_args__ = (
        Index("ix_guard_signatures_exact", "exact_key", "at"),  # by_exact
        Index("ix_guard_signatures_stream_at", "stream", "at"),  # window filter and pruning
    )

    message_id: Mapped[int] = mapped_column(_ID, primary_key=True, autoincrement=False)
    stream: Mapped[str] = mapped_column(String(3))  # "out" (sent) | "in" (received)
    party: Mapped[str] = mapped_column(String(300))  # recipient (out) or sender (in)
    platform: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime]
    exact_key: Mapped[int] = mapped_column(BigInteger)
    signature: Mapped[bytes] = mapped_column(LargeBinary)  # signature.to_bytes()


class GuardBand(Base):
    """One LSH bucket membership: (band key, message), with the message's stream and time.

    ``stream`` and ``at`` repeat the signature's so that each band is probed for its
    newest members in the window through one index range (``ix_guard_bands_probe``):
    a template sent to thousands costs ``limit`` rows per band, not thousands.
    """

    __tablename__ = "guard_bands"
    # WITHOUT ROWID: the table *is* its primary-key B-tree, half the size on SQLite.
    __table_args__ = (
        Index("ix_guard_bands_probe", "band_key", "stream", "at"),
        {"sqlite_with_rowid": False},
    )

    band_key: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("guard_signatures.message_id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
        index=True,  # deletes and cascades look rows up by message
    )
    # Copied from the signature (NULL only if a row predates migration 0008's backfill).
    stream: Mapped[str | None] = mapped_column(String(3))
    at: Mapped[datetime | None]


class GuardState(Base):
    """Small JSON values the guard keeps between runs: sync watermarks, the Background."""

    __tablename__ = "guard_state"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime]
