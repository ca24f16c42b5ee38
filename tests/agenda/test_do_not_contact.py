"""Blocked and muted people are never suggested, on any network, and say why."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.agenda.world import ANA, BEN, DAY, NOW, by_person, msg, person_id
from tests.conftest import DATA
from warmly import importers
from warmly.agenda.do_not_contact import HOLD_TAGS, Hold
from warmly.agenda.service import collect, plan_day
from warmly.agenda.standing import standing
from warmly.ledger.pipeline import import_path
from warmly.store.models import Tag
from warmly.store.models_agenda import Task


def _import(ws, tmp_path: Path, name: str, records: list[dict]) -> None:
    p = tmp_path / f"{name}.fake"
    p.write_text(json.dumps(records))
    import_path(ws, p)


def _hold(ws, tmp_path: Path, ids: list[list[str]], tag: str) -> None:
    """What an importer of blocks gives: a contact tagged ``tag`` that shares an
    identity with someone already known (the identity merge's doing)."""
    _import(
        ws, tmp_path, "holds", [{"type": "contact", "key": f"h-{tag}", "ids": ids, "tags": [tag]}]
    )


ACCOUNTS = {"x": "ana_b", "bluesky": "ana.bsky.social", "mastodon": "ana@social.example"}


def _candidates_naming(ws, pid: int) -> set[str]:
    with ws.sessions() as s:
        cands, _, _ = collect(s, ws, NOW, DAY, 60)
    return {c.kind for c in cands if pid in c.people}


@pytest.mark.parametrize(
    "tag", ["x:blocked", "bluesky:blocked", "mastodon:blocked", "x:muted", "mastodon:muted"]
)
def test_a_waiting_person_blocked_or_muted_anywhere_is_not_planned(world, tmp_path, tag):
    # Ana wrote on LinkedIn and waits for an answer: the plan's most valuable item.
    assert by_person(plan_day(world, DAY, 60, NOW))["Ana Berg"].reason == "inbound"
    # The account the user blocked (or muted) elsewhere turned out to be hers.
    network = tag.split(":")[0]
    _hold(world, tmp_path, [ANA, [network, ACCOUNTS[network]]], tag)
    ana = person_id(world, "Ana Berg")
    assert _candidates_naming(world, ana) == set()
    items = by_person(plan_day(world, DAY, 60, NOW))
    assert "Ana Berg" not in items
    assert {"Ben Costa", "Chen Dahl", "Dana Eze"} <= set(items)  # everyone else as before


def test_a_blocked_tie_gets_no_keep_in_touch_and_no_place_in_a_circle(world, tmp_path):
    ben = person_id(world, "Ben Costa")
    assert _candidates_naming(world, ben) == {"keep_in_touch"}
    _hold(world, tmp_path, [BEN], "x:blocked")
    assert _candidates_naming(world, ben) == set()


def test_a_promise_to_someone_blocked_since_is_not_planned(world, tmp_path):
    # Tasks are read for their person whatever the tie: the filter is the last word.
    with world.sessions.begin() as s:
        s.add(
            Task(
                person_id=person_id(world, "Eli Fischer"),
                kind="promise",
                platform="linkedin",
                text="send the salary bands",
                due_at=NOW - timedelta(hours=2),
                created_at=NOW,
            )
        )
    assert by_person(plan_day(world, DAY, 60, NOW))["Eli Fischer"].reason == "task"
    _hold(world, tmp_path, [["linkedin", "eli-fischer"]], "mastodon:muted")
    assert "Eli Fischer" not in by_person(plan_day(world, DAY, 60, NOW))


def test_an_x_archive_block_reaches_the_person_known_from_a_message(world, tmp_path, monkeypatch):
    # Rex (X id 4100000050) wrote two days ago; the archive's block.js blocks that id.
    monkeypatch.setitem(importers.REGISTRY, "x", "warmly.importers.x_archive:XArchiveImporter")
    rex = ["x", "rexloud", "Rex Loud", "4100000050"]
    _import(
        world, tmp_path, "rex", [msg("r1", rex, 2, platform="x", text="Saw your talk, thoughts?")]
    )
    assert by_person(plan_day(world, DAY, 60, NOW))["Rex Loud"].reason == "inbound"
    import_path(world, DATA / "x_archive" / "blocks", fmt="x")
    with world.sessions() as s:
        tags = set(s.scalars(select(Tag.tag).where(Tag.person_id == person_id(world, "Rex Loud"))))
    assert tags == {"x:blocked"}
    assert "Rex Loud" not in by_person(plan_day(world, DAY, 60, NOW))


def test_standing_says_which_network_blocked_or_muted_them(world, tmp_path):
    ana = person_id(world, "Ana Berg")
    with world.sessions() as s:
        assert standing(world, s, ana, NOW)["do_not_contact"] == []
    _hold(world, tmp_path, [ANA, ["x", "ana_b"]], "x:blocked")
    _hold(world, tmp_path, [ANA, ["mastodon", "ana@social.example"]], "mastodon:muted")
    with world.sessions() as s:
        st = standing(world, s, ana, NOW)
    assert st["do_not_contact"] == [
        {
            "tag": "mastodon:muted",
            "platform": "mastodon",
            "what": "muted",
            "why": "muted on Mastodon",
        },
        {"tag": "x:blocked", "platform": "x", "what": "blocked", "why": "blocked on X"},
    ]
    assert st["strength"] is not None  # the tie is still shown as it is


@pytest.mark.parametrize(
    ("tag", "why"),
    [
        ("x:blocked", "blocked on X"),
        ("bluesky:blocked", "blocked on Bluesky"),
        ("mastodon:muted", "muted on Mastodon"),
        ("linkedin:blocked", "blocked on LinkedIn"),
    ],
)
def test_hold_words(tag, why):
    assert tag in HOLD_TAGS and Hold(tag).why == why


def test_other_tags_hold_nobody_back():
    assert not {"x:follower", "x:following", "mastodon:following", "mastodon:notify"} & set(
        HOLD_TAGS
    )


def test_a_blocked_person_among_the_strongest_leaves_their_place_to_the_next(world):
    from warmly.agenda.configs import engine_configs
    from warmly.agenda.do_not_contact import strongest_reachable
    from warmly.agenda.people import top_by_strength

    cfg = engine_configs(world.settings).strength
    with world.sessions.begin() as s:
        ranked = top_by_strength(s, NOW, cfg, 3)
        assert len(ranked) == 3
        s.add(Tag(person_id=ranked[0], tag="x:blocked"))
    with world.sessions() as s:
        assert strongest_reachable(s, NOW, cfg, 2) == ranked[1:3]


def test_an_action_to_someone_blocked_is_not_approved_without_an_override(world):
    from warmly.outbox import create_action
    from warmly.outbox.approve import ApprovalRefused
    from warmly.outbox.service import approve_item
    from warmly.pacing.policy import policies_for
    from warmly.store.models_outbox import Action

    def ok(_action):
        return "ok", []

    pol = policies_for(world.settings)
    ana = person_id(world, "Ana Berg")
    with world.sessions.begin() as s:
        s.add(Tag(person_id=ana, tag="x:blocked"))
        action = create_action(
            s, key="to-ana", platform="email", kind="email", now=NOW, policies=pol,
            person_id=ana, recipient="ana@example.org", text="Hi Ana",
        )  # fmt: skip
        aid = action.id
    with pytest.raises(ApprovalRefused, match=rf"person {ana} is blocked on X.*unblock {ana}"):
        approve_item(world, str(aid), NOW, guard=ok)
    with world.sessions() as s:
        assert s.get(Action, aid).state == "planned"  # nothing approved
    res = approve_item(world, str(aid), NOW, override="they asked me to write", guard=ok)
    assert res["state"] == "approved"


def test_an_action_approved_before_its_block_was_imported_is_not_sent(world):
    """The block arrives between approval and sending: the approval is taken back, saying
    why, and an override sends it after all."""
    from warmly.connectors.base import FakeConnector
    from warmly.outbox import create_action, dispatch
    from warmly.outbox.service import approve_item
    from warmly.pacing import Governor, MemoryView
    from warmly.pacing.policy import policies_for
    from warmly.store.models_outbox import Action

    def ok(_action):
        return "ok", []

    pol = policies_for(world.settings)
    ana, ben = person_id(world, "Ana Berg"), person_id(world, "Ben Costa")
    with world.sessions.begin() as s:
        ids = [
            create_action(
                s, key=f"to-{pid}", platform="email", kind="email", now=NOW, policies=pol,
                person_id=pid, recipient=f"{pid}@example.org", text="Hi",
            ).id
            for pid in (ana, ben)
        ]  # fmt: skip
    for aid in ids:
        approve_item(world, str(aid), NOW, guard=ok)
    with world.sessions.begin() as s:
        s.add(Tag(person_id=ana, tag="mastodon:muted"))
    conn = FakeConnector()
    at = NOW + timedelta(days=1)
    rep = dispatch(world.engine, {"email": conn}, Governor(pol, MemoryView()), at, "w")
    assert rep.sent == [ids[1]] and [m.key for m in conn.sent] == [f"to-{ben}"]
    assert [aid for aid, _ in rep.held] == [ids[0]]
    assert f"person {ana} is muted on Mastodon" in rep.held[0][1]
    assert f"warmly approve {ids[0]} --override" in rep.held[0][1]
    with world.sessions() as s:
        a = s.get(Action, ids[0])
        assert (a.state, a.approved_at) == ("planned", None)
        assert "muted on Mastodon" in a.last_error
    # Nothing is taken back twice, and the user's override is the last word.
    approve_item(world, str(ids[0]), at, override="she asked me to write", guard=ok)
    later = at + timedelta(days=1)  # past the email spacing after Ben's
    rep = dispatch(world.engine, {"email": conn}, Governor(pol, MemoryView()), later, "w")
    assert (rep.sent, rep.held, rep.blocked) == ([ids[0]], [], {})


def test_the_guard_names_a_block_when_checking_a_draft(world):
    from warmly.guard.service import check_draft

    ana = person_id(world, "Ana Berg")
    text = "Hi Ana, loved your talk on search relevance at the Berlin meetup last week."
    assert check_draft(world, str(ana), text, platform="email").verdict == "ok"
    with world.sessions.begin() as s:
        s.add(Tag(person_id=ana, tag="x:blocked"))
    v = check_draft(world, str(ana), text, platform="email")
    assert v.verdict == "rule"
    (held,) = [r for r in v.reasons if r.code == "do_not_contact"]
    assert held.severity == "fail" and held.details == {"holds": ["blocked on X"]}
    assert "Ana Berg is someone you blocked on X" in held.message
    assert f"warmly unblock {ana}" in held.message


def test_an_override_for_something_else_does_not_cover_a_block_imported_since(world):
    from warmly.connectors.base import FakeConnector
    from warmly.outbox import create_action, dispatch
    from warmly.outbox.service import approve_item
    from warmly.pacing import Governor, MemoryView
    from warmly.pacing.policy import policies_for
    from warmly.store.models_outbox import Action

    def near_copy(_action):
        return "templated", ["a near-copy of 3 messages sent this week"]

    pol = policies_for(world.settings)
    ana = person_id(world, "Ana Berg")
    with world.sessions.begin() as s:
        aid = create_action(
            s, key="to-ana", platform="email", kind="email", now=NOW, policies=pol,
            person_id=ana, recipient="ana@example.org", text="Hi",
        ).id  # fmt: skip
    approve_item(world, str(aid), NOW, override="it is a real reply", guard=near_copy)
    with world.sessions.begin() as s:
        s.add(Tag(person_id=ana, tag="x:blocked"))
    conn = FakeConnector()
    at = NOW + timedelta(days=1)
    rep = dispatch(world.engine, {"email": conn}, Governor(pol, MemoryView()), at, "w")
    assert rep.sent == [] and [a for a, _ in rep.held] == [aid]
    # Overridden again, knowing of the block now: it goes.
    approve_item(world, str(aid), at, override="she asked me to write", guard=near_copy)
    with world.sessions() as s:
        assert any("blocked on X" in r for r in s.get(Action, aid).guard_reasons)
    rep = dispatch(world.engine, {"email": conn}, Governor(pol, MemoryView()), at, "w")
    assert rep.sent == [aid] and rep.held == []
