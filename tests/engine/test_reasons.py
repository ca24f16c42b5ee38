"""Reasons to act: a table of cases per reason kind."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from warmly.engine.circles import Placement
from warmly.engine.reasons import (
    Engagement,
    Inbound,
    Invitation,
    LifeEvent,
    ReasonsConfig,
    Task,
    Who,
    invitations,
    keep_in_touch,
    life_events,
    tasks,
    thanks,
    unanswered,
)
from warmly.engine.reasons_giver import Ask, Offer, introductions

NOW = datetime(2026, 6, 10, 12, tzinfo=UTC)
CFG = ReasonsConfig()


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


@pytest.mark.parametrize(
    ("age", "strength", "platform", "action", "value", "why"),
    [
        (0, 1.0, "linkedin", "message", 10.0, "Ana wrote to you on linkedin today about"),
        (7, 1.0, "email", "email", 20.0, "7 days ago"),
        (30, 1.0, "x", "message", 20.0, "30 days ago"),  # urgency capped at 2×
        (90, 1.0, "x", "message", 5.0, "90 days ago"),  # stale: half value
        (0, 0.0, "x", "message", 3.0, "today"),  # weak tie keeps the floor
    ],
)
def test_unanswered(
    age: float, strength: float, platform: str, action: str, value: float, why: str
) -> None:
    (c,) = unanswered([Inbound("m1", 7, "Ana", platform, ago(age), strength, "the role")], NOW, CFG)
    assert (c.kind, c.action, c.platform, c.people) == ("inbound", action, platform, (7,))
    assert c.value == pytest.approx(value)
    assert why in c.why and c.key == "inbound:m1" and c.ref == "m1"


def test_unanswered_stronger_sender_worth_more() -> None:
    a, b = unanswered(
        [Inbound("a", 1, "A", "x", ago(2), 0.9), Inbound("b", 2, "B", "x", ago(2), 0.1)], NOW, CFG
    )
    assert a.value > b.value


@pytest.mark.parametrize(
    ("events", "n", "why"),
    [
        ([("share", 1)], 1, "Bo shared your post “Hiring in 2026” on x yesterday"),
        ([("reply", 2), ("share", 1)], 1, "(2 times this week)"),  # one thank-you per person
        ([("mention", 3)], 1, "mentioned"),
        ([("share", 8)], 0, ""),  # outside the 7-day window
    ],
)
def test_thanks(events: list[tuple[str, float]], n: int, why: str) -> None:
    items = [
        Engagement(f"e{i}", 4, "Bo", "x", k, ago(d), 0.5, "Hiring in 2026")
        for i, (k, d) in enumerate(events)
    ]
    out = thanks(items, NOW, CFG)
    assert len(out) == n
    if n:
        assert out[0].action == "reply" and why in out[0].why
        assert out[0].ref == "e1" if len(events) > 1 else True  # the latest engagement


@pytest.mark.parametrize(
    ("due_in", "shown", "value", "when"),
    [
        (0.5, True, 12.0, "is due in 12 hours"),
        # Due tomorrow morning, planned this afternoon: not "today".
        (0.9, True, 12.0, "is due in 22 hours"),
        (0.01, True, 12.0, "is due within the hour"),
        (-0.25, True, 18.0, "was due 6 hours ago"),
        (-2, True, 18.0, "was due 2 days ago"),
        (3, False, 0.0, ""),
    ],
)
def test_tasks(due_in: float, shown: bool, value: float, when: str) -> None:
    t = Task("t1", 5, "Cy", "email", "send the job description", NOW + timedelta(days=due_in))
    out = tasks([t], NOW, CFG)
    assert bool(out) == shown
    if shown:
        assert out[0].value == pytest.approx(value) and when in out[0].why
        assert "send the job description" in out[0].why and out[0].minutes == CFG.minutes_task


@pytest.mark.parametrize(
    ("layer", "silent", "overdue", "at_risk", "value"),
    [
        (0, 14, True, True, 8.0 * 2 * 1.5),
        (1, 45, True, False, 6.0 * 1.5),
        (1, 20, False, False, None),  # not due: no candidate
        (4, 5000, True, True, 2.0 * 3 * 1.5),  # overdue ratio capped at 3
        (None, 999, False, False, None),  # outside the circles
    ],
)
def test_keep_in_touch(
    layer: int | None, silent: float, overdue: bool, at_risk: bool, value: float | None
) -> None:
    cad = None if layer is None else (7, 30, 90, 180, 365)[layer]
    p = Placement(1, layer, "x", False, cad, None, silent, overdue, at_risk, ("silent",))
    out = keep_in_touch([p], {1: Who("Di", "mastodon")}, CFG)
    assert (out[0].value if out else None) == (pytest.approx(value) if value else None)
    if out:
        assert out[0].platform == "mastodon" and "Di (x circle)" in out[0].why


@pytest.mark.parametrize(
    ("age", "note", "shown", "value"),
    [(2, None, True, 3.0 * 0.65), (2, "we met at PyCon", True, 4.5 * 0.65), (40, None, False, 0)],
)
def test_invitations(age: float, note: str | None, shown: bool, value: float) -> None:
    out = invitations([Invitation("i1", 3, "Ed", "linkedin", ago(age), 0.5, note)], NOW, CFG)
    assert bool(out) == shown
    if out:
        assert out[0].action == "accept" and out[0].value == pytest.approx(value)
        assert (note or "invited you") in out[0].why


@pytest.mark.parametrize(
    ("kind", "on", "today", "shown", "why"),
    [
        ("birthday", date(1990, 6, 10), date(2026, 6, 10), True, "has a birthday today"),
        ("birthday", date(1990, 6, 8), date(2026, 6, 10), True, "had a birthday 2 days ago"),
        ("birthday", date(1990, 6, 1), date(2026, 6, 10), False, ""),
        ("birthday", date(1990, 6, 11), date(2026, 6, 10), False, ""),  # not yet
        ("birthday", date(1992, 2, 29), date(2026, 2, 28), True, "today"),  # leap day
        ("birthday", date(1990, 12, 31), date(2027, 1, 1), True, "yesterday"),  # year wrap
        ("job_change", date(2026, 5, 20), date(2026, 6, 10), True, "started as CTO at Acme"),
        ("job_change", date(2026, 1, 1), date(2026, 6, 10), False, ""),
        ("wedding", date(2026, 6, 10), date(2026, 6, 10), False, ""),  # unknown kind
    ],
)
def test_life_events(kind: str, on: date, today: date, shown: bool, why: str) -> None:
    e = LifeEvent(6, "Flo", "linkedin", kind, on, 0.5, "CTO at Acme")
    out = life_events([e], today, CFG)
    assert bool(out) == shown
    if out:
        assert why in out[0].why and out[0].kind == "life_event"


def _ask(tags: set[str], strength: float = 0.6, age: float = 2) -> Ask:
    return Ask("a1", 1, "Gus", "email", frozenset(tags), "a data engineer", ago(age), strength)


@pytest.mark.parametrize(
    ("ask", "offers", "other"),
    [
        (
            _ask({"data", "hiring"}),
            [Offer(2, "Hal", frozenset({"data"}), "data consulting", 0.7)],
            2,
        ),
        (_ask({"data"}), [Offer(2, "Hal", frozenset({"data"}), "x", 0.1)], None),  # barely known
        (_ask({"data"}, strength=0.1), [Offer(2, "Hal", frozenset({"data"}), "x", 0.9)], None),
        (_ask({"data"}), [Offer(1, "Gus", frozenset({"data"}), "self", 0.9)], None),  # no self
        (_ask({"data"}), [Offer(2, "Hal", frozenset({"design"}), "x", 0.9)], None),
        (_ask({"data"}, age=60), [Offer(2, "Hal", frozenset({"data"}), "x", 0.9)], None),
        (
            _ask({"data", "ml"}),
            [
                Offer(3, "Ivy", frozenset({"data"}), "x", 0.9),
                Offer(2, "Hal", frozenset({"data", "ml"}), "x", 0.9),
            ],
            2,
        ),
    ],
)
def test_introductions(ask: Ask, offers: list[Offer], other: int | None) -> None:
    out = introductions([ask], offers, NOW, CFG)
    assert [c.people for c in out] == ([] if other is None else [(1, other)])
    if out:
        assert "introduce them" in out[0].why and out[0].action == "introduce"


@pytest.mark.parametrize(
    ("kind", "says", "never"),
    [
        ("promise", "You promised Cy: “send the job description”", "asked"),
        # Their unanswered question is not a promise the user made.
        ("question", "Cy asked you: “send the job description”", "promised"),
        ("manual", "Your task for Cy: “send the job description”", "promised"),
    ],
)
def test_task_why_says_whose_it_is(kind: str, says: str, never: str) -> None:
    t = Task(
        "t1", 5, "Cy", "email", "send the job description", NOW - timedelta(days=1), None, kind
    )
    why = tasks([t], NOW, CFG)[0].why
    assert why.startswith(says) and never not in why and "was due 1 day ago" in why
