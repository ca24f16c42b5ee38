"""The world model: planted tiers, presence, linkage, homonyms, activity."""

from __future__ import annotations

from collections import Counter

from warmly.demo import DEFAULT_NOW, DemoFiles
from warmly.demo.world import World


def test_tiers_and_size(world: World) -> None:
    tiers = Counter(c.tier for c in world.contacts)
    assert 1900 <= len(world.contacts) <= 2100
    assert (tiers[0], tiers[1]) == (5, 15)
    assert 45 <= tiers[2] <= 60 and 140 <= tiers[3] <= 165
    assert all(c.id == i for i, c in enumerate(world.contacts))
    assert 3 * 365 <= (world.now - world.start).days <= 5 * 366


def test_presence_and_linkage(world: World) -> None:
    cs = world.contacts
    assert sum(bool(c.linkedin_slug) for c in cs) > 0.9 * len(cs)
    assert 0.28 * len(cs) <= sum(bool(c.x_handle) for c in cs) <= 0.42 * len(cs)
    assert 0.2 * len(cs) <= sum(bool(c.email) for c in cs) <= 0.4 * len(cs)
    assert 0.1 * len(cs) <= sum(bool(c.vcard_version) for c in cs) <= 0.2 * len(cs)
    multi = [c for c in cs if len(c.networks()) >= 2]
    fuzzy = [c for c in multi if c.identity_groups() > 1]
    assert len(multi) >= 300
    assert len(fuzzy) >= 100 and len(multi) - len(fuzzy) >= 50
    assert all(c.networks() != [] or c.vcard_version for c in cs)


def test_homonyms_are_different_people(world: World) -> None:
    pairs = [
        (c, world.contact(c.homonym_of))
        for c in world.contacts
        if c.homonym_of is not None and c.id < c.homonym_of
    ]
    assert len(pairs) >= 3
    for a, b in pairs:
        assert a.name == b.name
        assert a.company != b.company
        assert a.linkedin_slug != b.linkedin_slug


def test_all_times_at_or_before_now(world: World) -> None:
    times = [m.at for th in world.threads for m in th.messages]
    times += [t.at for t in world.tweets] + [n.at for n in world.notifications]
    times += [i.at for i in world.invitations] + [t for _, t, _ in world.liked]
    assert max(times) <= world.now == DEFAULT_NOW
    assert min(times) >= world.start
    assert max(
        t for th in world.threads if th.label is None for m in th.messages for t in [m.at]
    ) > world.now.replace(day=1) - (world.now - world.now)


def test_summary_counts(demo: DemoFiles) -> None:
    s = demo.summary
    assert s["spray"]["fit"] > 30 and s["spray"]["not_a_fit"] > 30
    assert s["spray"]["didnt_read_profile"] > 20 and s["spray"]["mass_mail"] >= 15
    assert 130 <= sum(s["spray"].values()) <= 170
    assert 35 <= s["repeat_sharers"] <= 45
    assert s["promises"] > 100 and s["unanswered_questions"] > 50
    assert s["job_changes"] > 50
    total = (
        sum(s["messages"].values())
        + sum(s["tweets"].values())
        + sum(s["notifications"].values())
        + s["networks"]["linkedin_connections"]
    )
    assert 15_000 <= total <= 60_000
