"""A small invented ledger for agenda tests: five contacts, one reason kind each."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from warmly.store.models import Person

NOW = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)  # a Tuesday, before working hours in Berlin
DAY = date(2026, 3, 10)
PROFILE = """
[profile]
name = "Jordan Avery"
emails = ["jordan@avery.example"]
timezone = "Europe/Berlin"
working_hours = "09:00-17:00"
minutes_per_day = 20
"""


def at(days_ago: float) -> str:
    return (NOW - timedelta(days=days_ago)).isoformat()


def msg(key, who, days_ago, direction="in", kind="message", platform="linkedin", text="hello"):
    return {
        "type": "msg",
        "key": key,
        "at": at(days_ago),
        "to": [who],
        "dir": direction,
        "kind": kind,
        "platform": platform,
        "text": text,
    }


ANA = ["linkedin", "ana-berg"]
BEN = ["linkedin", "ben-costa"]
CHEN = ["x", "chen_dahl"]
DANA = ["email", "dana@eze.example"]
ELI = ["linkedin", "eli-fischer"]

WORLD = [
    {"type": "contact", "key": "c-ana", "ids": [ANA], "name": "Ana Berg", "org": "Northwind"},
    {"type": "contact", "key": "c-ben", "ids": [BEN], "name": "Ben Costa", "org": "Acme"},
    {"type": "contact", "key": "c-chen", "ids": [CHEN], "name": "Chen Dahl"},
    {"type": "contact", "key": "c-dana", "ids": [DANA], "name": "Dana Eze"},
    {"type": "contact", "key": "c-eli", "ids": [ELI], "name": "Eli Fischer"},
    # Ana asked a question 3 days ago and is waiting
    msg("a1", ANA, 40, "out", text="Great to meet you at the meetup"),
    msg("a2", ANA, 3, text="Hi Jordan, could you share the platform engineer role description?"),
    # Ben: a long, warm history, silent for 100 days (keep in touch)
    *[
        msg(
            f"b{i}", BEN, 100 + 7 * i, "in" if i % 2 else "out", text="catching up on the data team"
        )
        for i in range(40)
    ],
    # Chen shared the user's post yesterday
    msg("c1", CHEN, 1, kind="share", platform="x", text="RT great thread on hiring"),
    # Dana invited the user with a note
    msg(
        "d1", DANA, 2, kind="invitation", platform="linkedin", text="Loved your talk on data hiring"
    ),
    # Eli: answered already (nothing to do)
    msg("e1", ELI, 5, text="Can we talk Friday?"),
    msg("e2", ELI, 4, "out", text="Yes, Friday works"),
]


def person_id(ws, name: str) -> int:
    with ws.sessions() as s:
        return s.scalars(select(Person.id).where(Person.display_name == name)).one()


def by_person(plan) -> dict[str, object]:
    return {i.person["name"]: i for i in plan.items}
