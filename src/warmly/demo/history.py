"""Years of private conversations, driven by planted tie strength.

Each contact has a rate of exchanges per year by tier; an exchange is a burst of
messages on one of their channels, continuing while the other side replies
(reciprocity by tier). Outgoing messages fall in the user's working hours.
Relationships may drift: no exchange after ``drift_after``.
"""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from warmly.demo.names import load_names
from warmly.demo.texts import TextContext, compose, subject_for
from warmly.demo.world import Contact, Message, Thread, World

RATE = (40.0, 20.0, 9.0, 3.0, 0.18)  # exchanges per year, by tier
LENGTH = ((2, 8), (2, 6), (1, 5), (1, 4), (1, 2))
REPLY_P = (0.95, 0.9, 0.75, 0.6, 0.4)  # the contact answers the user
GAP_HOURS = (4.0, 12.0, 30.0, 48.0, 72.0)
BERLIN = ZoneInfo("Europe/Berlin")


def poisson(rng: random.Random, lam: float) -> int:
    """A Poisson draw (Knuth for small means, normal approximation for large)."""
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def working_time(rng: random.Random, t: datetime) -> datetime:
    """``t`` moved to a weekday between 09:00 and 17:30 Berlin time (returned in UTC)."""
    local = t.astimezone(BERLIN)
    if local.weekday() >= 5 and rng.random() < 0.85:
        local += timedelta(days=7 - local.weekday())
    minute = rng.randint(9 * 60, 17 * 60 + 29)
    local = local.replace(hour=minute // 60, minute=minute % 60, second=rng.randint(0, 59))
    return local.astimezone(t.tzinfo)


def waking_time(rng: random.Random, t: datetime) -> datetime:
    """``t`` moved to a time between 07:00 and 23:00 Berlin time."""
    local = t.astimezone(BERLIN)
    minute = rng.randint(7 * 60, 22 * 60 + 59)
    local = local.replace(hour=minute // 60, minute=minute % 60, second=rng.randint(0, 59))
    return local.astimezone(t.tzinfo)


def text_context(
    rng: random.Random, world: World, c: Contact, at: datetime, intros: list[Contact]
) -> TextContext:
    """What a message to or from ``c`` at time ``at`` can mention (old employer before a move)."""
    company = c.company
    if c.old_company and c.changed_jobs_on and at.date() < c.changed_jobs_on:
        company = c.old_company
    intro = rng.choice(intros)
    return TextContext(
        me=world.owner.first,
        first=c.first,
        role=c.role,
        company=company.name,
        project=c.project,
        client=rng.choice(load_names().companies).name,
        city=c.city,
        intro=intro.first,
        intro_company=intro.company.name,
    )


def _exchange(
    rng: random.Random, world: World, c: Contact, thread: Thread, t: datetime, intros: list[Contact]
) -> None:
    lo, hi = LENGTH[c.tier]
    n = rng.randint(lo, hi)
    outgoing = rng.random() < (0.5 if c.tier < 4 else 0.35)
    recent = (world.now - t).days < 120
    for i in range(n):
        t = working_time(rng, t) if outgoing else waking_time(rng, t)
        if t > world.now:
            return
        ctx = text_context(rng, world, c, t, intros)
        promise = outgoing and rng.random() < (0.3 if recent else 0.15)
        question = not outgoing and rng.random() < 0.3
        text = compose(
            rng,
            ctx,
            thread.channel,
            outgoing,
            opener=i == 0 and not thread.messages,
            promise=promise,
            question=question,
        )
        thread.messages.append(
            Message(
                outgoing=outgoing,
                at=t,
                text=text,
                sender=None if outgoing else c.id,
                promise=promise,
                question=question,
            )
        )
        answer_p = REPLY_P[c.tier] if outgoing else (0.6 if recent and question else 0.9)
        if rng.random() > answer_p:
            return
        outgoing = not outgoing
        t += timedelta(hours=rng.expovariate(1 / GAP_HOURS[c.tier]) + 0.1)


def build_history(rng: random.Random, world: World) -> None:
    """Add every ordinary conversation (LinkedIn, email, X DMs) to ``world.threads``."""
    intros = [c for c in world.contacts if c.tier <= 3]
    mail_no = 0
    for c in world.contacts:
        if not c.channels:
            continue
        hi = world.now
        if c.drift_after:
            hi = datetime.combine(c.drift_after, world.now.timetz())
        lo = world.start
        if c.connected_on and c.channels == ("linkedin",):
            lo = max(lo, datetime.combine(c.connected_on, world.now.timetz()))
        window = (hi - lo).total_seconds()
        if window <= 0:
            continue
        count = poisson(rng, RATE[c.tier] * window / 86400 / 365.25)
        times = sorted(lo + timedelta(seconds=rng.random() * window) for _ in range(count))
        if c.tier == 0 or (c.tier == 1 and not c.drift_after and rng.random() < 0.6):
            times.append(world.now - timedelta(days=rng.uniform(0.5, 12 if c.tier == 0 else 30)))
        per_channel: dict[str, Thread] = {}
        channels = [c.channels[0] if rng.random() < 0.7 else rng.choice(c.channels) for _ in times]
        if c.email and "email" not in channels:  # everyone with an address is in the mailbox
            times.append(lo + timedelta(seconds=rng.random() * window))
            channels.append("email")
        for t, ch in zip(times, channels, strict=True):
            if ch == "email":
                mail_no += 1
                ctx = text_context(rng, world, c, t, intros)
                thread = Thread("email", f"mail-{mail_no}", [c.id], subject_for(rng, ctx))
                world.threads.append(thread)
            else:
                if ch not in per_channel:
                    per_channel[ch] = Thread(ch, f"{ch}-{c.id}", [c.id], "")
                    world.threads.append(per_channel[ch])
                thread = per_channel[ch]
            _exchange(rng, world, c, thread, t, intros)
    world.threads[:] = [th for th in world.threads if th.messages]
    add_groups(rng, world, intros)


def add_groups(rng: random.Random, world: World, intros: list[Contact]) -> None:
    """A few LinkedIn group conversations; one member shows credentials in the name."""
    linked = [c for c in world.contacts if c.connected_on and c.tier <= 3]
    phd = [c for c in linked if c.name_suffix == ", PhD"]
    titles = ("Berlin data meetup speakers", "PyData Berlin panel", "Fintech hiring roundtable")
    for title in titles:
        members = rng.sample(linked, 3)
        if phd and phd[0] not in members:
            members[0] = phd[0]
        thread = Thread("linkedin", f"group-{title}", [m.id for m in members], "", title=title)
        t = world.now - timedelta(days=rng.randint(5, 400))
        for i in range(rng.randint(4, 8)):
            speaker = rng.choice([None, *members])
            t = t + timedelta(hours=rng.uniform(0.2, 20))
            if t > world.now:
                break
            line = (
                f"Agenda for the {title.lower()}: 3 talks, 20 minutes each.\nWho takes the intro?"
                if i == 0
                else rng.choice(
                    (
                        "Works for me.",
                        "I can do the intro.",
                        "Can we move it to Thursday?",
                        "Slides are in the shared folder.",
                    )
                )
            )
            thread.messages.append(
                Message(
                    outgoing=speaker is None,
                    at=t,
                    text=line,
                    sender=None if speaker is None else speaker.id,
                )
            )
        world.threads.append(thread)


def add_intros(rng: random.Random, world: World) -> None:
    """Introduction emails: the user connects an engineer with a hiring manager (giving)."""
    mailable = [c for c in world.contacts if c.email and c.tier <= 3]
    engineers = [c for c in mailable if c.role == "engineer"]
    hirers = [c for c in mailable if c.role in ("hiring_manager", "founder")]
    for n in range(min(25, len(engineers), len(hirers))):
        a, b = engineers[n], rng.choice(hirers)
        t = working_time(rng, world.start + (world.now - world.start) * rng.random())
        if t > world.now:
            continue
        thread = Thread("email", f"intro-{n}", [a.id, b.id], f"Intro: {a.first} <> {b.first}")
        thread.messages.append(
            Message(
                outgoing=True,
                at=t,
                text=(
                    f"Hi {a.first} and {b.first},\n\n{a.first}, meet {b.first}: {b.title} at "
                    f"{b.company.name}, currently busy with {b.project}.\n"
                    f"{b.first}, {a.first} is a "
                    f"{a.title} at {a.company.name} and knows a lot about {a.project}.\n\n"
                    f"I'll let you two take it from here.\n\n{world.owner.first}"
                ),
            )
        )
        for speaker in rng.sample([a, b], rng.randint(0, 2)):
            t += timedelta(hours=rng.uniform(1, 40))
            if t > world.now:
                break
            thread.messages.append(
                Message(
                    outgoing=False,
                    at=t,
                    sender=speaker.id,
                    text=(
                        f"Thanks {world.owner.first}! (moving you to bcc)\n\nNice to meet you, "
                        f"happy to find a time next week.\n\n{speaker.first}"
                    ),
                )
            )
        world.threads.append(thread)
