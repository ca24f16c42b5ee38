"""Never twice: a message approved and not sent yet keeps its person out of later plans,
and a second one to them needs the user's word."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.agenda.world import DAY, NOW, by_person, person_id
from warmly.agenda.service import plan_day
from warmly.outbox.approve import ApprovalRefused
from warmly.outbox.service import approve_item, mark
from warmly.store.models_outbox import Action


def ok(_action: Action) -> tuple[str, list[str]]:
    return "ok", []


def test_an_approved_answer_is_not_offered_again_tomorrow(world):
    ana = by_person(plan_day(world, DAY, 60, NOW))["Ana Berg"]
    approve_item(world, ana.id, NOW, guard=ok, text="Hi Ana, here is the role description.")
    # Not sent yet (it waits for pacing, or for the user to paste it): today's item stays,
    # tomorrow's plan does not ask for the same answer again.
    assert "Ana Berg" in by_person(plan_day(world, DAY, 60, NOW + timedelta(minutes=5)))
    tomorrow = plan_day(world, DAY + timedelta(days=1), 60, NOW + timedelta(minutes=6))
    assert "Ana Berg" not in by_person(tomorrow)


def test_a_cancelled_answer_lets_the_person_be_planned_again(world):
    ana = by_person(plan_day(world, DAY, 60, NOW))["Ana Berg"]
    res = approve_item(world, ana.id, NOW, guard=ok, text="Hi Ana, here is the role description.")
    assert mark(world, NOW, cancel=res["id"])["state"] == "cancelled"
    tomorrow = plan_day(world, DAY + timedelta(days=1), 60, NOW + timedelta(minutes=6))
    assert "Ana Berg" in by_person(tomorrow)


def test_a_second_message_to_someone_with_one_queued_needs_an_override(world):
    from warmly.outbox import create_action
    from warmly.pacing.policy import policies_for

    pol = policies_for(world.settings)
    ana = person_id(world, "Ana Berg")
    with world.sessions.begin() as s:
        first, second = (
            create_action(
                s, key=f"to-ana-{n}", platform="email", kind="email", now=NOW, policies=pol,
                person_id=ana, recipient="ana@example.org", text=f"Hi Ana ({n})",
            ).id
            for n in (1, 2)
        )  # fmt: skip
    approve_item(world, str(first), NOW, guard=ok)
    with pytest.raises(ApprovalRefused, match=rf"action {first} to the same person .*--cancel"):
        approve_item(world, str(second), NOW, guard=ok)
    with world.sessions() as s:
        assert s.scalar(select(Action.state).where(Action.id == second)) == "planned"
    res = approve_item(world, str(second), NOW, guard=ok, override="a second, separate question")
    assert res["state"] == "approved"
    with world.sessions() as s:
        a = s.get(Action, second)
        assert a is not None and a.guard_verdict == "queued"
        assert any(f"action {first}" in r for r in a.guard_reasons)
