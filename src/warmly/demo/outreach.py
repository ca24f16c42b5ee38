"""The user's own recent mail merge: one outreach text sent to several engineers.

Recruiters do this every week; it is what the guard exists to catch before the
next copy goes out (``warmly demo`` shows it re-aimed at someone new). The
wording is drawn from its own random stream, so adding it leaves the rest of
the world exactly as the seed made it.
"""

from __future__ import annotations

import random
from datetime import timedelta

from warmly.demo.history import working_time
from warmly.demo.world import Message, Thread, World

RECIPIENTS = 4
ROLES = (
    ("Senior Data Engineer", "a Series B fintech in Berlin", "Kafka and Spark, a team of six"),
    ("Staff Python Engineer", "a payments scale-up in Munich", "Django and Postgres at scale"),
    ("Engineering Manager", "a lending platform in Berlin", "two squads, hands-on one day a week"),
)


def add_outreach(world: World) -> None:
    """One role, the same message to a few engineers the user barely knows, last week."""
    rng = random.Random(f"warmly.demo.outreach:{world.seed}")
    title, where, what = rng.choice(ROLES)
    engineers = [
        c
        for c in world.contacts
        if c.role == "engineer" and c.tier >= 3 and c.connected_on and c.homonym_of is None
    ]
    if len(engineers) < RECIPIENTS:
        return
    for n, c in enumerate(rng.sample(engineers, RECIPIENTS)):
        at = working_time(rng, world.now - timedelta(days=9 - 2 * n))
        if at > world.now:
            continue
        text = (
            f"Hi {c.first}, I'm working on an opening for a {title} at {where}: {what}. "
            "Your background looks like a strong match and the package is well above market. "
            "Would you be open to a short call this week?"
        )
        thread = Thread("linkedin", f"outreach-{c.id}", [c.id], "")
        thread.messages.append(Message(outgoing=True, at=at, text=text))
        world.threads.append(thread)
