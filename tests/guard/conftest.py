"""Shared builders for guard tests: a clock, recipients, an index with history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from warmly.guard import (
    Background,
    ContextItem,
    GuardContext,
    NearDupIndex,
    RecipientContext,
    RecipientTokens,
)

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)

PEOPLE = {
    "jane": RecipientTokens(names=("Jane Doe",), companies=("Acme",), handles=("@janed",)),
    "bob": RecipientTokens(names=("Bob Smith",), companies=("Initech",)),
    "carla": RecipientTokens(names=("Carla Novak",), companies=("Globex",)),
    "dmitri": RecipientTokens(names=("Dmitri Ivanov",), companies=("Hooli",)),
    "aisha": RecipientTokens(names=("Aisha Khan",), companies=("Umbrella",)),
}

BACKGROUND = Background.from_texts(
    ["python engineer backend hiring startup"] * 30
    + ["data scientist python machine learning"] * 20
    + ["kestrel streaming parser rust lisbon", "sailing bouldering berlin"]
)


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def context(person: str) -> GuardContext:
    items = {
        "jane": (
            ContextItem("post", "We just shipped Kestrel 2.0 with a streaming parser", ago(3)),
            ContextItem("message_in", "Great to meet you in Lisbon, let's keep in touch", ago(40)),
            ContextItem("title", "Staff engineer at Acme"),
        ),
    }.get(person, (ContextItem("title", "Python engineer"),))
    return GuardContext(RecipientContext(person, PEOPLE[person], items), BACKGROUND)


@pytest.fixture
def index() -> NearDupIndex:
    return NearDupIndex()
