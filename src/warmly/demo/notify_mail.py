"""Notification emails (who shared the user's post) and list mail (to be kept out).

Notification senders and bodies as the platforms send them: LinkedIn from
``notifications-noreply@linkedin.com`` / ``invitations@linkedin.com`` with the
profile URL in the body, X from ``notify@x.com``, Mastodon from
``notifications@<the user's instance>``, Bluesky from ``noreply@bsky.app``.
Like the real ones they carry ``List-Unsubscribe`` but neither ``List-Id`` nor
``Precedence``; the list mail carries all three.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from html import escape

from warmly.demo.mailparts import Mail, addr, hdr
from warmly.demo.world import Contact, Notification, World


def _mid(rng: random.Random, domain: str) -> str:
    return f"<{rng.getrandbits(64):016x}.{rng.getrandbits(32):08x}@{domain}>"


def _sender_and_subject(world: World, n: Notification, c: Contact) -> tuple[str, str, str]:
    """(From, Subject, profile URL) for one notification."""
    if n.network == "linkedin":
        url = c.linkedin_url or ""
        if n.kind == "invite":
            return (
                addr(f"{c.name} via LinkedIn", "invitations@linkedin.com"),
                f"{c.name} wants to connect",
                url,
            )
        verb = "reposted" if n.kind == "repost" else "commented on"
        return (
            addr("LinkedIn", "notifications-noreply@linkedin.com"),
            f"{c.name} {verb} your post",
            url,
        )
    if n.network == "x":
        return (
            addr("X", "notify@x.com"),
            f"@{c.x_handle} reposted your post",
            f"https://x.com/{c.x_handle}",
        )
    if n.network == "mastodon":
        user, inst = (c.mastodon or "@").split("@")
        home = world.owner.mastodon.split("@")[1]
        return (
            addr("Mastodon", f"notifications@{home}"),
            f"{c.name} boosted your post",
            f"https://{inst}/@{user}",
        )
    return (
        addr("Bluesky", "noreply@bsky.app"),
        f"{c.name} reposted your post",
        f"https://bsky.app/profile/{c.bluesky}",
    )


def notification_mail(rng: random.Random, world: World, n: Notification) -> Mail:
    """One notification as Gmail stores it (multipart/alternative, profile link in the body)."""
    c = world.contact(n.contact)
    sender, subject, url = _sender_and_subject(world, n, c)
    domain = sender.rsplit("@", 1)[1].rstrip(">")
    if n.kind == "invite":
        text = (
            f"{c.name}\n{c.title} at {c.company.name}\n\nView profile: {url}\n\n"
            "Accept: https://www.linkedin.com/mynetwork/invitation-manager/\n"
        )
    elif n.kind == "comment":
        text = (
            f'{c.name} commented on your post "{n.post}":\n\n'
            f'"{rng.choice(("Spot on!", "So true, thanks for sharing.", "Saving this."))}"'
            f"\n\nView {c.first}'s profile: {url}\n"
        )
    else:
        text = f'{subject}:\n\n"{n.post}"\n\n{url}\n'
    text += f"\n--\nThis email was intended for {world.owner.name}. Unsubscribe in your settings."
    html = (
        f"<html><body><p>{escape(subject)}</p><blockquote>{escape(n.post)}</blockquote>"
        f'<p><a href="{url}">{escape(c.name)}</a></p></body></html>'
    )
    labels = "Inbox,Category social" if n.network == "linkedin" else "Inbox,Category updates"
    if (world.now - n.at).days > 3:
        labels += ",Opened"
    to = addr(world.owner.name, world.owner.emails[0])
    return Mail(
        at=n.at,
        body=text,
        html=html,
        labels=labels,
        headers=[
            ("Delivered-To", world.owner.emails[0]),
            ("Message-ID", _mid(rng, domain)),
            ("Subject", hdr(subject)),
            ("From", sender),
            ("To", to),
        ],
        extra=[("List-Unsubscribe", f"<https://{domain}/unsubscribe?t={rng.getrandbits(48):x}>")],
    )


LISTS = (
    # (display, address, list-id, precedence, labels, cadence days, since days, subjects)
    (
        "PyData Berlin",
        "pydata-berlin@googlegroups.com",
        "<pydata-berlin.googlegroups.com>",
        "list",
        "Inbox,Category forums",
        9,
        1400,
        (
            "[pydata-berlin] Call for speakers",
            "[pydata-berlin] Meetup next Tuesday",
            "[pydata-berlin] Job: data engineer wanted",
            "[pydata-berlin] Slides from last night",
        ),
    ),
    (
        "Berlin Tech Jobs Weekly",
        "newsletter@techjobs-weekly.eu",
        "<weekly.techjobs-weekly.eu>",
        "bulk",
        "Category promotions",
        14,
        900,
        (
            "This week: 48 new Python jobs in Berlin",
            "Salary report: Q{q}",
            "Remote EU roles you might like",
        ),
    ),
    (
        "Sourcing Sundays",
        "hello@sourcingsundays.news",
        "<sundays.sourcingsundays.news>",
        "bulk",
        "Category updates",
        21,
        700,
        ("Boolean strings that still work", "Sourcing Sundays #{k}: outreach that gets replies"),
    ),
)


def list_mails(rng: random.Random, world: World) -> list[Mail]:
    """Mailing-list posts (some written by contacts!) and newsletters."""
    posters = [c for c in world.contacts if c.email and c.role == "engineer"][:40]
    out: list[Mail] = []
    for display, address, list_id, prec, labels, cadence, since, subjects in LISTS:
        t = world.now - timedelta(days=since)
        k = 0
        while True:
            t += timedelta(days=cadence * rng.uniform(0.5, 1.5))
            if t > world.now:
                break
            k += 1
            subject = rng.choice(subjects).format(q=(t.month - 1) // 3 + 1, k=k)
            if prec == "list" and posters and rng.random() < 0.5:
                p = rng.choice(posters)
                sender = addr(
                    f"{p.name} via PyData Berlin" if rng.random() < 0.5 else p.name,
                    p.email or address,
                )
            else:
                sender = addr(display, address)
            host = address.split("@")[1]
            out.append(
                _list_mail(rng, world, t, sender, address, list_id, prec, labels, subject, host)
            )
    return out


def _list_mail(
    rng: random.Random,
    world: World,
    t: datetime,
    sender: str,
    address: str,
    list_id: str,
    prec: str,
    labels: str,
    subject: str,
    host: str,
) -> Mail:
    body = (
        f"{subject}\n\nHello everyone,\n\nmore details inside. See you soon!\n\n--\n"
        f"You received this message because you are subscribed to {address}.\n"
        f"To unsubscribe, visit https://{host}/unsubscribe\n"
    )
    return Mail(
        at=t,
        body=body,
        labels=labels,
        headers=[
            ("Delivered-To", world.owner.emails[1]),
            ("Message-ID", _mid(rng, host)),
            ("Subject", hdr(subject)),
            ("From", sender),
            ("To", address),
        ],
        extra=[
            ("List-Id", list_id),
            ("Precedence", prec),
            ("List-Unsubscribe", f"<mailto:unsubscribe@{host}>, <https://{host}/unsubscribe>"),
        ],
    )
