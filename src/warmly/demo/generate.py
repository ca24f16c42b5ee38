"""``generate_demo``: build the seeded world and write it as real export files.

The same ``seed`` and ``now`` always give byte-identical files. All randomness
comes from ``random.Random`` instances derived from the seed; all times derive
from ``now``.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from warmly.demo.history import add_intros, build_history
from warmly.demo.outreach import add_outreach
from warmly.demo.people import build_contacts, build_owner
from warmly.demo.social import (
    build_invitations,
    build_notifications,
    build_tweets,
    prune_unseen,
)
from warmly.demo.spray import build_spray, spray_counts
from warmly.demo.world import TIER_NAMES, World
from warmly.demo.write_linkedin import write_linkedin
from warmly.demo.write_mbox import write_mbox
from warmly.demo.write_vcard import write_vcard
from warmly.demo.write_x import write_x

DEFAULT_NOW = datetime(2026, 3, 2, tzinfo=UTC)
"""The fixed reference time used when the caller passes none (tests, docs)."""

__all__ = ["DEFAULT_NOW", "DemoFiles", "build_world", "generate_demo"]


@dataclass(frozen=True, slots=True)
class DemoFiles:
    """What :func:`generate_demo` wrote.

    ``profile`` is the user's profile for ``warmly.toml`` (name, emails,
    handles, specialties, timezone, working_hours, minutes_per_day);
    ``summary`` the world's statistics (see :func:`summarize`).
    """

    linkedin: Path
    x: Path
    mbox: Path
    vcard: Path
    profile: dict[str, Any]
    summary: dict[str, Any] = field(default_factory=dict)

    @property
    def paths(self) -> list[Path]:
        """Every file written, in the order they should be imported."""
        return [self.linkedin, self.x, self.mbox, self.vcard]


def _utc(now: datetime | None) -> datetime:
    if now is None:
        return DEFAULT_NOW
    if now.tzinfo is None:
        return now.replace(tzinfo=UTC)
    return now.astimezone(UTC)


def build_world(seed: int = 7, now: datetime | None = None) -> World:
    """The demo world for ``seed`` at ``now`` (default :data:`DEFAULT_NOW`), without files."""
    now = _utc(now)
    rng = random.Random(seed)
    start = now - timedelta(days=round(365.25 * rng.uniform(3.2, 4.8)))
    world = World(
        seed=seed, now=now, start=start, owner=build_owner(), contacts=build_contacts(rng, now)
    )
    build_history(rng, world)
    add_intros(rng, world)
    build_spray(rng, world)
    build_tweets(rng, world)
    build_notifications(rng, world)
    build_invitations(rng, world)
    add_outreach(world)
    prune_unseen(world)
    return world


def summarize(world: World) -> dict[str, Any]:
    """Counts that describe the world: people, presence, linkage, activity."""
    cs = world.contacts
    multi = [c for c in cs if len(c.networks()) >= 2]
    fuzzy = [c for c in multi if c.identity_groups() > 1]
    messages = Counter(th.channel for th in world.threads for _ in th.messages)
    promises = sum(m.promise for th in world.threads for m in th.messages)
    unanswered = sum(
        1
        for th in world.threads
        if th.label is None
        and th.messages
        and not (last := max(th.messages, key=lambda m: m.at)).outgoing
        and last.question
    )
    recent = world.now - timedelta(days=14)
    personal = sum(
        1
        for th in world.threads
        if th.label is None
        and th.messages
        and not (last := max(th.messages, key=lambda m: m.at)).outgoing
        and last.at >= recent
        and min(world.contact(cid).tier for cid in th.contacts) <= 1
    )
    return {
        "seed": world.seed,
        "now": world.now.isoformat(),
        "history_start": world.start.isoformat(),
        "contacts": len(cs),
        "tiers": {name: sum(c.tier == i for c in cs) for i, name in enumerate(TIER_NAMES)},
        "roles": dict(sorted(Counter(c.role for c in cs).items())),
        "networks": {
            "linkedin_connections": sum(c.connected_on is not None for c in cs),
            "linkedin_strangers": sum(c.stranger for c in cs),
            "x": sum(c.x_handle is not None for c in cs),
            "mailbox": sum(c.email is not None for c in cs),
            "vcard": sum(c.vcard_version is not None for c in cs),
            "mastodon": sum(c.mastodon is not None for c in cs),
            "bluesky": sum(c.bluesky is not None for c in cs),
        },
        "on_2plus_networks": len(multi),
        "only_fuzzily_linkable": len(fuzzy),
        "homonym_pairs": sum(1 for c in cs if c.homonym_of is not None) // 2,
        "job_changes": sum(c.old_company is not None for c in cs),
        "birthdays_in_vcards": sum(c.birthday is not None for c in cs),
        "messages": dict(sorted(messages.items())),
        "promises": promises,
        "unanswered_questions": unanswered,
        "spray": spray_counts(world),
        "recent_personal_from_close_ties": personal,
        "tweets": dict(sorted(Counter(t.kind for t in world.tweets).items())),
        "notifications": dict(
            sorted(Counter(f"{n.network}:{n.kind}" for n in world.notifications).items())
        ),
        "repeat_sharers": sum(
            1
            for v in Counter(n.contact for n in world.notifications if n.kind != "invite").values()
            if v >= 3
        ),
        "invitations": len(world.invitations),
    }


def generate_demo(out_dir: Path, seed: int = 7, now: datetime | None = None) -> DemoFiles:
    """Write the demo exports for ``seed`` into ``out_dir`` (created if missing).

    Files: a LinkedIn Basic export zip, an X archive zip, a Google Takeout zip
    holding the mbox, and ``contacts.vcf``. ``now`` is the moment the exports
    were taken (naive means UTC); every time in them is at or before it.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    world = build_world(seed, now)
    linkedin, li_messages = write_linkedin(world, out_dir)
    x, x_counts = write_x(world, out_dir)
    mbox, mail_counts = write_mbox(world, out_dir)
    vcard, cards = write_vcard(world, out_dir)
    summary = summarize(world)
    summary["files"] = {
        "linkedin_messages": li_messages,
        "x": x_counts,
        "mbox": mail_counts,
        "vcards": cards,
    }
    return DemoFiles(
        linkedin=linkedin,
        x=x,
        mbox=mbox,
        vcard=vcard,
        profile=world.owner.profile(),
        summary=summary,
    )
