"""The whole schema: every model module registered on one metadata."""

from __future__ import annotations

from sqlalchemy import MetaData


def metadata() -> MetaData:
    """``Base.metadata`` with the feature tables loaded (agenda, outbox, guard)."""
    from warmly.store import models_agenda, models_guard, models_outbox  # noqa: F401
    from warmly.store.models import Base

    return Base.metadata
