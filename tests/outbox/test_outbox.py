"""Outbox state machine: approve through the guard, dispatch, retries, assisted mode."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.outbox.helpers import T0, add_approved, email_policies
from warmly.connectors.base import (
    FakeConnector,
    Outgoing,
    PermanentError,
    RateLimit,
    TransientError,
    UncertainError,
)
from warmly.errors import NotFoundError
from warmly.outbox import (
    ApprovalRefused,
    OutboxError,
    approve,
    approve_ref,
    backoff,
    cancel,
    confirm,
    create_action,
    dispatch,
)
from warmly.pacing import Governor, MemoryView, load_policies
from warmly.store.models import Interaction, Person
from warmly.store.models_outbox import Action, PlatformSignal


def test_approve_runs_the_guard_and_records_overrides(workspace) -> None:
    pol = email_policies()
    with Session(workspace.engine) as s, s.begin():
        a = create_action(s, key="k1", platform="email", kind="email", now=T0, policies=pol)
        assert create_action(s, key="k1", platform="email", kind="email", now=T0, policies=pol) is a

        def guard(action: Action) -> tuple[str, list[str]]:
            return "block", ["near-copy of 12 messages sent today"]

        with pytest.raises(ApprovalRefused, match="near-copy"):
            approve(s, a, policies=pol, now=T0, guard=guard)
        assert a.state == "planned"
        approve(s, a, policies=pol, now=T0, guard=guard, override_reason="it is a real reply")
        assert (a.state, a.guard_verdict, a.override_reason) == (
            "approved",
            "block",
            "it is a real reply",
        )
        b = create_action(s, key="k2", platform="email", kind="invite", now=T0, policies=pol)
        with pytest.raises(ApprovalRefused, match="not an action by email"):
            approve(s, b, policies=pol, now=T0)
    with Session(workspace.engine) as s, pytest.raises(NotFoundError):
        approve_ref(s, "nope", policies=pol, now=T0)


def test_dispatch_sends_within_the_window_and_reports_when_next(workspace) -> None:
    pol = email_policies(count=3, per="1h")
    ids = add_approved(workspace.engine, pol, 5)
    conn = FakeConnector()
    rep = dispatch(workspace.engine, {"email": conn}, Governor(pol, MemoryView()), T0, "w1")
    assert rep.sent == ids[:3] and [m.key for m in conn.sent] == ["a-0", "a-1", "a-2"]
    assert rep.blocked["email.email"].not_before == T0 + timedelta(hours=1)
    assert rep.next_wakeup == T0 + timedelta(hours=1)
    again = dispatch(workspace.engine, {"email": conn}, Governor(pol, MemoryView()), T0, "w1")
    assert again.sent == [] and len(conn.sent) == 3
    later = dispatch(
        workspace.engine,
        {"email": conn},
        Governor(pol, MemoryView()),
        T0 + timedelta(hours=1),
        "w1",
    )
    assert later.sent == ids[3:]


def test_transient_errors_back_off_and_permanent_ones_fail(workspace) -> None:
    pol = email_policies()
    ids = add_approved(workspace.engine, pol, 2)
    reset = T0 + timedelta(minutes=30)
    conn = FakeConnector(
        fail_next=[
            TransientError("429", rate_limit=RateLimit(remaining=0, reset_at=reset)),
            PermanentError("550 no such user"),
        ]
    )
    gov = Governor(pol, MemoryView())
    rep = dispatch(workspace.engine, {"email": conn}, gov, T0, "w")
    assert [r[0] for r in rep.retrying] == [ids[0]] and rep.sent == []
    assert rep.blocked["email.email"].rule == "email.rate_limited"  # the 429 stops every worker
    with Session(workspace.engine) as s:
        assert s.get_one(Action, ids[0]).next_attempt_at == reset
        sig = s.scalars(select(PlatformSignal)).one()
        assert (sig.kind, sig.until) == ("rate_limited", reset)
    rep = dispatch(workspace.engine, {"email": conn}, gov, reset, "w")
    assert [f[0] for f in rep.failed] == [ids[0]] and rep.sent == [ids[1]]
    with Session(workspace.engine) as s:
        a0 = s.get_one(Action, ids[0])
        assert a0.state == "failed" and "550" in (a0.last_error or "") and a0.attempts == 2


def test_a_send_that_may_have_gone_out_is_never_retried_blindly(workspace) -> None:
    # A timeout after the body was handed over: the server may have queued it.
    pol = email_policies()
    [aid] = add_approved(workspace.engine, pol, 1)
    conn = FakeConnector(fail_next=[UncertainError("smtp: connection lost after the message")])
    gov = Governor(pol, MemoryView())
    rep = dispatch(workspace.engine, {"email": conn}, gov, T0, "w")
    assert [u[0] for u in rep.uncertain] == [aid] and rep.retrying == []
    assert rep.uncertain[0][1].startswith("unknown outcome: smtp: connection lost")
    later = dispatch(workspace.engine, {"email": conn}, gov, T0 + timedelta(hours=2), "w")
    assert later.sent == [] and conn.sent == []  # left for `warmly send --confirm/--retry`
    with Session(workspace.engine) as s:
        assert s.get_one(Action, aid).state == "sending"


@pytest.mark.parametrize(("attempts", "delay_s"), [(1, 60), (2, 120), (5, 960), (20, 21600)])
def test_backoff(attempts: int, delay_s: int) -> None:
    assert backoff(attempts, 60, 21600, T0, None) == T0 + timedelta(seconds=delay_s)
    assert backoff(attempts, 60, 21600, T0, T0 + timedelta(days=1)) == T0 + timedelta(days=1)


def test_assisted_waits_for_confirmation_and_records_the_interaction(workspace) -> None:
    pol = load_policies({"linkedin": {"working_hours": ""}})
    with Session(workspace.engine) as s, s.begin():
        p = Person(display_name="Ada", created_at=T0)
        s.add(p)
        s.flush()
        a = create_action(
            s,
            key="inv-1",
            platform="linkedin",
            kind="invite",
            now=T0,
            policies=pol,
            person_id=p.id,
            text="Hi Ada",
            link="https://l/in/ada",
        )
        approve(s, a, policies=pol, now=T0)
        aid = a.id
    conn = FakeConnector(platform="linkedin", mode="assisted")
    conn.send = lambda m: __import__("warmly.connectors.base").connectors.base.Assisted(  # type: ignore[method-assign]
        link="https://l/in/ada", text=m.text
    )
    gov = Governor(pol, MemoryView())
    rep = dispatch(workspace.engine, {"linkedin": conn}, gov, T0, "w")
    assert rep.assisted == [(aid, "https://l/in/ada", "Hi Ada")]
    assert (
        dispatch(workspace.engine, {"linkedin": conn}, gov, T0 + timedelta(hours=1), "w").assisted
        == []
    )
    with Session(workspace.engine) as s, s.begin():
        assert s.get_one(Action, aid).state == "approved"
        confirm(s, aid, T0 + timedelta(minutes=5))
    with Session(workspace.engine) as s:
        assert s.get_one(Action, aid).state == "sent"
        assert s.scalars(select(Interaction.kind)).one() == "invitation"
    with (
        Session(workspace.engine) as s,
        s.begin(),
        pytest.raises(Exception, match="cannot be cancelled"),
    ):
        cancel(s, aid)


def test_approving_an_agenda_item_creates_its_action_once(workspace) -> None:
    pol = email_policies()
    with Session(workspace.engine) as s, s.begin():
        _inbound_item(s, "Hi Ada", "abc123")
    ids = []
    for _ in range(2):
        with Session(workspace.engine) as s, s.begin():
            a = approve_ref(s, "abc123", policies=pol, now=T0)
            got = (a.state, a.recipient, a.text, a.key)
            assert got == ("approved", "ada@example.org", "Hi Ada", "agenda:abc123")
            ids.append(a.id)
    with Session(workspace.engine) as s:
        assert len(s.scalars(select(Action)).all()) == 1 and ids[0] == ids[1]
        assert approve_ref(s, str(ids[0]), policies=pol, now=T0).id == ids[0]


def test_a_connector_that_only_assists_turns_the_action_assisted(workspace) -> None:
    from warmly.connectors.base import Assisted

    pol = email_policies()
    (aid,) = add_approved(workspace.engine, pol, 1)
    conn = FakeConnector()
    conn.send = lambda m: Assisted(link="mailto:x", text=m.text)  # type: ignore[method-assign]
    gov = Governor(pol, MemoryView())
    assert [a[0] for a in dispatch(workspace.engine, {"email": conn}, gov, T0, "w").assisted] == [
        aid
    ]
    assert (
        dispatch(workspace.engine, {"email": conn}, gov, T0 + timedelta(hours=2), "w").assisted
        == []
    )


def test_dispatch_reports_why_an_action_was_assisted(workspace) -> None:
    from warmly.connectors.assisted import AssistedConnector

    pol = email_policies()
    (aid,) = add_approved(workspace.engine, pol, 1)
    conn = AssistedConnector("email", "no [connectors.smtp] in warmly.toml", "add it")
    rep = dispatch(workspace.engine, {"email": conn}, Governor(pol, MemoryView()), T0, "w")
    assert rep.assisted_why == {aid: "no [connectors.smtp] in warmly.toml; add it"}
    (row,) = rep.as_dict()["assisted"]
    assert row[0] == aid and row[3] == "no [connectors.smtp] in warmly.toml; add it"


def _inbound_item(s: Session, draft: str, item_id: str = "ada001") -> tuple[int, str]:
    """Ada, who wrote by email and waits for an answer, and today's agenda item for her."""
    from datetime import date

    from warmly.store.models import Identity
    from warmly.store.models_agenda import AgendaItem

    p = Person(display_name="Ada", created_at=T0)
    s.add(p)
    s.flush()
    s.add(Identity(person_id=p.id, platform="email", handle="ada@example.org", created_at=T0))
    s.add(
        AgendaItem(
            id=item_id,
            day=date(2026, 3, 2),
            key="inbound:1",
            person_id=p.id,
            people=[p.id],
            reason="inbound",
            action="email",
            platform="email",
            minutes=3,
            value=1.0,
            why="she asked",
            draft=draft,
            created_at=T0,
        )
    )
    return p.id, item_id


def test_a_sent_action_updates_the_tie_state_and_closes_its_agenda_item(workspace) -> None:
    from warmly.store.models import TieState
    from warmly.store.models_agenda import AgendaItem

    pol = email_policies()
    with Session(workspace.engine) as s, s.begin():
        pid, item = _inbound_item(s, "Hi Ada, yes: Thursday works.")
        approve_ref(s, item, policies=pol, now=T0)
    rep = dispatch(
        workspace.engine, {"email": FakeConnector()}, Governor(pol, MemoryView()), T0, "w"
    )
    assert len(rep.sent) == 1
    with Session(workspace.engine) as s:
        # the planner reads "answered" here: without it, tomorrow asks for the reply again
        tie = s.get_one(TieState, pid)
        assert tie.last_out_at is not None and tie.last_out_at.replace(tzinfo=UTC) == T0
        assert s.get_one(AgendaItem, item).status == "done"


def test_sending_a_task_s_action_keeps_the_promise(workspace) -> None:
    from warmly.store.models_agenda import AgendaItem, Task

    pol = email_policies()
    with Session(workspace.engine) as s, s.begin():
        pid, item = _inbound_item(s, "Hi Ada, here is the deck I promised.")
        task = Task(person_id=pid, kind="promise", text="send the deck", created_at=T0)
        s.add(task)
        s.flush()
        row = s.get_one(AgendaItem, item)
        row.reason, row.key = "task", f"task:{task.id}"
        approve_ref(s, item, policies=pol, now=T0)
        tid = task.id
    dispatch(workspace.engine, {"email": FakeConnector()}, Governor(pol, MemoryView()), T0, "w")
    with Session(workspace.engine) as s:
        task = s.get_one(Task, tid)
        assert task.status == "done" and "sent" in (task.close_reason or "")


def _answer_sent(workspace, source_key: str, subject: str | None) -> Outgoing:
    """Approve the answer to an inbound email with ``source_key``; dispatch; what went out."""
    from warmly.store.models_agenda import AgendaItem

    pol = email_policies()
    with Session(workspace.engine) as s, s.begin():
        pid, item = _inbound_item(s, "Hi Ada, Tuesday works.")
        inbound = Interaction(
            source_key=source_key,
            person_id=pid,
            platform="email",
            kind="email",
            direction="in",
            occurred_at=T0,
            subject=subject,
            words=3,
        )
        s.add(inbound)
        s.flush()
        s.get_one(AgendaItem, item).key = f"inbound:{inbound.id}"
        approve_ref(s, item, policies=pol, now=T0)
    conn = FakeConnector()
    dispatch(workspace.engine, {"email": conn}, Governor(pol, MemoryView()), T0, "w")
    [sent] = conn.sent
    return sent


@pytest.mark.parametrize(
    ("subject", "expected"),
    [("Coffee next week?", "Re: Coffee next week?"), ("RE: Coffee", "RE: Coffee"), (None, None)],
)
def test_an_email_answer_replies_in_the_thread_it_answers(workspace, subject, expected) -> None:
    sent = _answer_sent(workspace, "email:<cafe.42@mail.example.org>", subject)
    assert (sent.subject, sent.in_reply_to) == (expected, "<cafe.42@mail.example.org>")


def test_an_answer_to_mail_without_a_message_id_is_not_threaded_under_a_made_up_one(
    workspace,
) -> None:
    """The importer keys such mail ``email:sha1:<digest>``: no Message-ID to answer."""
    sent = _answer_sent(workspace, "email:sha1:0a4d55a8d778e5022fab701977c5d840bbc486d0", "Coffee?")
    assert (sent.subject, sent.in_reply_to) == ("Re: Coffee?", None)


def test_approve_with_the_users_text_replaces_the_draft_and_rechecks_it(workspace) -> None:
    pol = email_policies()

    def guard(action: Action) -> tuple[str, list[str]]:
        bad = "[your answer]" in (action.text or "")
        return ("rule", ["placeholder [your answer]"]) if bad else ("ok", [])

    def approve_it(ref: str, text: str | None = None) -> Action:
        with Session(workspace.engine, expire_on_commit=False) as s, s.begin():
            return approve_ref(s, ref, policies=pol, now=T0, guard=guard, text=text)

    with Session(workspace.engine) as s, s.begin():
        _inbound_item(s, "Hi Ada, thanks for your message. [your answer]")
    with pytest.raises(ApprovalRefused):
        approve_it("ada001")
    a = approve_it("ada001", "Hi Ada, yes!")
    assert (a.state, a.text, a.guard_verdict) == ("approved", "Hi Ada, yes!", "ok")
    with pytest.raises(ApprovalRefused):  # a new text goes through the guard again
        approve_it(str(a.id), "[your answer]")
    with Session(workspace.engine) as s, s.begin():
        s.get_one(Action, a.id).attempted_at = T0
    with pytest.raises(OutboxError, match="final"):
        approve_it(str(a.id), "something else")
    with Session(workspace.engine) as s:
        assert s.get_one(Action, a.id).text == "Hi Ada, yes!"


def test_an_action_a_connector_only_assists_waits_approved_not_sending(workspace) -> None:
    from warmly.connectors.base import Assisted
    from warmly.outbox import recover

    pol = email_policies()
    (aid,) = add_approved(workspace.engine, pol, 1)
    conn = FakeConnector()
    conn.send = lambda m: Assisted(link="mailto:x", text=m.text)  # type: ignore[method-assign]
    dispatch(workspace.engine, {"email": conn}, Governor(pol, MemoryView()), T0, "w")
    with Session(workspace.engine) as s:
        assert (s.get_one(Action, aid).state, s.get_one(Action, aid).mode) == (
            "approved",
            "assisted",
        )
    # not "unknown whether it was delivered": it was never the connector's to deliver
    assert recover(workspace.engine, {"email": conn}, T0 + timedelta(hours=1)).uncertain == []


def test_a_dry_run_spaces_the_actions_as_the_real_sends_would(workspace) -> None:
    # Three emails approved at once: only the first may go now; the others wait
    # their spacing after the one before (a dry run said "now" for all three).
    from tests.conftest import write_config
    from warmly.outbox.service import send
    from warmly.pacing.policy import policies_for

    write_config(workspace, '[pacing.email]\nworking_hours = ""\n')
    pol = policies_for(workspace.settings)
    add_approved(workspace.engine, pol, 3)
    would = send(workspace, T0, dry_run=True)["would"]
    assert [w["allowed"] for w in would] == [True, False, False]
    second, third = would[1]["not_before"], would[2]["not_before"]
    assert T0 < second < third
