"""Agenda and follow-through rows: plan items, snoozes, pins and tasks."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from warmly.store.models import Base


class AgendaItem(Base):
    """One proposed action of one day's plan; ``id`` is what `done`/`skip` take.

    The id is derived from the day and the reason's stable key, so planning the
    same day again keeps the ids the user has seen.
    """

    __tablename__ = "agenda_items"
    __table_args__ = (UniqueConstraint("day", "key"),)

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    key: Mapped[str] = mapped_column(String(200))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    people: Mapped[list[Any]] = mapped_column(JSON, default=list)  # all involved (intros: two)
    reason: Mapped[str] = mapped_column(String(30))
    action: Mapped[str] = mapped_column(String(30))
    platform: Mapped[str] = mapped_column(String(20))
    minutes: Mapped[float] = mapped_column(Float)
    value: Mapped[float] = mapped_column(Float)
    why: Mapped[str] = mapped_column(Text)
    draft: Mapped[str | None] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(1000))
    at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(10), default="planned")  # planned|done|skipped
    note: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None]
    created_at: Mapped[datetime]


class Snooze(Base):
    """Keep a person out of the agenda until a time (``warmly skip --snooze``)."""

    __tablename__ = "snoozes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    until: Mapped[datetime]
    reason: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime]


class Pin(Base):
    """The user's choice of a circle for someone, overriding strength."""

    __tablename__ = "pins"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    layer: Mapped[int] = mapped_column(Integer)  # 0 = innermost
    created_at: Mapped[datetime]


class Task(Base):
    """Something the user owes someone: a promise, an unanswered question, a to-do.

    ``source_key`` makes derived tasks idempotent (one per promise span).
    """

    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_key: Mapped[str | None] = mapped_column(String(300), unique=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # promise | question | manual
    text: Mapped[str] = mapped_column(Text)
    platform: Mapped[str | None] = mapped_column(String(20))
    due_at: Mapped[datetime | None]
    due_reason: Mapped[str | None] = mapped_column(String(300))
    interaction_id: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(
        String(10), default="open"
    )  # open | done | kept | dismissed
    created_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    close_reason: Mapped[str | None] = mapped_column(String(300))
