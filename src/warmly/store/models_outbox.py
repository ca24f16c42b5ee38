"""The outbox and what the platforms told us: the action ledger the governor reads."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from warmly.store.models import Base


class Action(Base):
    """One outgoing action, from planned to sent, with its idempotency key.

    States: planned → approved → sending → sent | failed | cancelled. The
    governor counts ``sending`` and ``sent`` rows (by ``attempted_at``) against
    each policy window, so a restart loses nothing.
    """

    __tablename__ = "actions"
    # (platform, kind, attempted_at) + state: the governor's window counts are answered
    # from the index alone (no table lookups), see warmly.pacing.ledger.
    __table_args__ = (
        Index("ix_actions_platform_kind_time", "platform", "kind", "attempted_at", "state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)  # idempotency key
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    platform: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))  # invite, message, reply, mention, thank, ...
    mode: Mapped[str] = mapped_column(String(10), default="auto")  # auto | assisted
    recipient: Mapped[str | None] = mapped_column(String(400))  # address / handle / URL
    subject: Mapped[str | None] = mapped_column(String(500))
    # The Message-ID an email answer replies to: its client threads it under the original.
    in_reply_to: Mapped[str | None] = mapped_column(String(300))
    text: Mapped[str | None] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(1000))  # deep link for assisted mode
    state: Mapped[str] = mapped_column(String(10), default="planned", index=True)
    not_before: Mapped[datetime | None]
    agenda_item_id: Mapped[str | None] = mapped_column(String(16))
    guard_verdict: Mapped[str | None] = mapped_column(String(20))
    guard_reasons: Mapped[list[Any]] = mapped_column(JSON, default=list)
    override_reason: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    remote_id: Mapped[str | None] = mapped_column(String(300))
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime]
    approved_at: Mapped[datetime | None]
    attempted_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]


class PlatformSignal(Base):
    """What a platform said back: a bounce, a complaint, a 429 with its reset,
    an accepted or pending invitation. Adaptive pacing rules read these."""

    __tablename__ = "platform_signals"
    __table_args__ = (Index("ix_signals_platform_kind_at", "platform", "kind", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(30))
    at: Mapped[datetime]
    until: Mapped[datetime | None]
    value: Mapped[int | None] = mapped_column(Integer)
    # Indexed: adaptive rules join signals to their actions (acceptance, bounces).
    action_id: Mapped[int | None] = mapped_column(ForeignKey("actions.id"), index=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
