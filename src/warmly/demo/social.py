"""Public activity: the user's posts on X, likes, share notifications, pending invitations."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from warmly.demo.history import waking_time, working_time
from warmly.demo.world import Contact, Invitation, Notification, Tweet, World

TWITTER_EPOCH_MS = 1288834974657
POSTS = (
    "Hiring: Senior Python engineer for a Berlin fintech, €85–100k, hybrid. DM me if curious "
    "#Python #hiring",
    "Hot take: take-home tests over 4 hours are unpaid work & candidates notice.",
    "How I read a CV in 30 seconds 🧵",
    "Data engineers in Berlin: what's your stack in 2026? dbt + Airflow still winning? "
    "#dataengineering",
    "Recruiters: if your message would fit anyone, it fits no one.",
    "Three engineering manager roles in fintech, remote EU. Reply or DM.",
    'Salary bands in job ads > "competitive salary". Every time.',
    "Great turnout at PyData Berlin tonight, thanks to everyone who came by!",
    "Reminder: a rejected candidate today is your best hire in two years. Be kind.",
    "Looking for a Staff Data Engineer, Kafka & Postgres, Berlin or remote EU <3",
)
LINKEDIN_POSTS = (
    "5 things I learned placing 40 data engineers last year",
    "Why I stopped sending InMails on Mondays",
    "The Berlin tech salary report: what changed",
    "Engineering managers: how to write a job ad people finish reading",
    "What fintech hiring looks like in 2026",
)
THEIR_TWEETS = (
    "Shipped {project} today. Exhausted, proud.",
    "We're hiring backend engineers at {company}! Python, Postgres, good people.",
    "Slides from my talk on {project} are up.",
    "Hot take: most data pipelines should be boring.",
    "New blog post: lessons from {project}.",
)


def snowflake(at: datetime, rng: random.Random) -> str:
    """An X id whose timestamp bits encode ``at`` (so ``snowflake_ms`` recovers it)."""
    ms = int(at.timestamp() * 1000) - TWITTER_EPOCH_MS
    return str((ms << 22) | rng.getrandbits(22))


def _times(
    rng: random.Random, world: World, n: int, recent_days: int | None = None
) -> list[datetime]:
    lo = world.start if recent_days is None else world.now - timedelta(days=recent_days)
    span = (world.now - lo).total_seconds()
    return sorted(lo + timedelta(seconds=rng.random() * span) for _ in range(n))


def build_tweets(rng: random.Random, world: World) -> None:
    """The user's posts, replies to contacts, mentions and retweets; and their likes.

    Most contacts on X are replied to, mentioned or retweeted at least once:
    the archive has no other place where their handle appears.
    """
    on_x = [c for c in world.contacts if c.x_handle]
    close_x = [c for c in on_x if c.tier <= 3] or on_x
    cover = rng.sample(on_x, int(len(on_x) * 0.85))
    people: list[Contact | None] = [None] * 420 + cover
    people += [rng.choice(close_x) for _ in range(250 if on_x else 0)]
    for c, t in zip(people, _times(rng, world, len(people)), strict=True):
        t = working_time(rng, t) if rng.random() < 0.8 else t
        if t > world.now:
            continue
        if c is None:
            world.tweets.append(Tweet(snowflake(t, rng), t, rng.choice(POSTS), "post"))
            continue
        roll = rng.random()
        if roll < 0.5:
            kind = "reply"
            text = f"@{c.x_handle} " + rng.choice(
                (
                    f"Congrats on {c.project}! 🎉",
                    "Totally agree with this.",
                    "Ha, so true. Coffee soon?",
                    f"Would love to hear more about {c.project}.",
                    "Thanks for sharing & for the shoutout!",
                )
            )
        elif roll < 0.8:
            kind = "mention"
            text = rng.choice(
                (
                    f"Great talk by @{c.x_handle} on {c.project} at PyData Berlin",
                    f"If you're hiring data folks, follow @{c.x_handle} <3",
                    f"Learned a lot from @{c.x_handle} today, thank you",
                )
            )
        else:
            kind = "retweet"
            body = rng.choice(THEIR_TWEETS).format(project=c.project, company=c.company.name)
            text = f"RT @{c.x_handle}: {body}"
        world.tweets.append(
            Tweet(
                snowflake(t, rng),
                t,
                text,
                kind,
                mentions=[c.id],
                reply_to=c.id if kind == "reply" else None,
            )
        )
    for t in _times(rng, world, 420 if on_x else 0):
        c = rng.choice(on_x)
        text = rng.choice(THEIR_TWEETS).format(project=c.project, company=c.company.name)
        world.liked.append((c.id, t, text))


def _sharer_networks(c: Contact) -> list[str]:
    return [
        n
        for n, have in (
            ("linkedin", c.connected_on),
            ("x", c.x_handle),
            ("mastodon", c.mastodon),
            ("bluesky", c.bluesky),
        )
        if have
    ]


def build_notifications(rng: random.Random, world: World) -> None:
    """~40 people who share the user's posts repeatedly, ~130 who do so once or twice."""
    candidates = [
        c for c in world.contacts if c.tier >= 1 and _sharer_networks(c) and c.homonym_of is None
    ]
    fediverse = [c for c in candidates if c.mastodon or c.bluesky]
    heavy = rng.sample(fediverse, min(12, len(fediverse)))
    heavy_ids = {c.id for c in heavy}
    heavy += rng.sample([c for c in candidates if c.id not in heavy_ids], 40 - len(heavy))
    heavy_ids = {c.id for c in heavy}
    light = rng.sample([c for c in candidates if c.id not in heavy_ids], 130)
    for c, n in [(c, rng.randint(3, 9)) for c in heavy] + [(c, rng.randint(1, 2)) for c in light]:
        nets = _sharer_networks(c)
        for t in _times(rng, world, n, recent_days=730):
            net = rng.choice(nets)
            if net == "linkedin":
                kind = "repost" if rng.random() < 0.6 else "comment"
                post = rng.choice(LINKEDIN_POSTS)
            else:
                kind = "boost" if net == "mastodon" else "repost"
                post = rng.choice(POSTS)
            world.notifications.append(Notification(net, kind, c.id, t, post))


def build_invitations(rng: random.Random, world: World) -> None:
    """Pending invitations from and to strangers, each incoming one also notified by email."""
    used = {cid for th in world.threads if th.label for cid in th.contacts}
    strangers = [c for c in world.contacts if c.stranger and c.id not in used]
    for c in strangers:
        t = waking_time(rng, world.now - timedelta(days=rng.uniform(0.2, 60)))
        t = min(t, world.now)
        outgoing = rng.random() < 0.4
        if outgoing:
            t = min(world.now, working_time(rng, t))
            msg = (
                f"Hi {c.first}, I recruit Python and data engineers in Berlin. "
                "Would love to connect."
                if rng.random() < 0.6
                else ""
            )
        else:
            msg = (
                f"Hi {world.owner.first}, I'm a {c.title} at {c.company.name}, happy to connect!"
                if rng.random() < 0.5
                else ""
            )
            world.notifications.append(Notification("linkedin", "invite", c.id, t, ""))
        world.invitations.append(Invitation(c.id, outgoing, t, msg))
    world.invitations.sort(key=lambda i: i.at, reverse=True)


def prune_unseen(world: World) -> None:
    """Forget handles and addresses that no export file would show.

    The world model then says exactly what the files contain: a Mastodon
    account nobody sees (no notification, no vCard link) is not "presence".
    """
    seen: dict[str, set[int]] = {"x": set(), "mastodon": set(), "bluesky": set(), "email": set()}
    for tw in world.tweets:
        seen["x"].update(tw.mentions)
    for th in world.threads:
        if th.channel in ("x", "email"):
            seen[th.channel].update(th.contacts)
    for n in world.notifications:
        if n.network in seen:
            seen[n.network].add(n.contact)
    for c in world.contacts:
        if c.x_handle and c.id not in seen["x"] and "x" not in c.vcard_links:
            c.x_handle = c.x_display = None  # still a follower id, but anonymous
        if c.mastodon and c.id not in seen["mastodon"] and "mastodon" not in c.vcard_links:
            c.mastodon = None
        if c.bluesky and c.id not in seen["bluesky"] and "bluesky" not in c.vcard_links:
            c.bluesky = None
        if c.email and c.id not in seen["email"]:
            c.email = None
