"""Inbound spray on LinkedIn: "am I a good fit?" from people who never read the profile.

Every spray thread carries the label the triage engine should reach:
``fit`` (matches the user's specialties), ``not_a_fit`` (asks for something the
user does not do), ``didnt_read_profile`` (asks what the profile already answers)
and ``mass_mail`` (sponsored InMail campaigns: identical text from several senders, an
unfilled ``%FIRSTNAME%``, no sender URL).
"""

from __future__ import annotations

import random
from datetime import timedelta

from warmly.demo.history import waking_time, working_time
from warmly.demo.spray_parts import DIDNT_READ_KINDS, NOT_FIT_KINDS
from warmly.demo.spray_text import (
    didnt_read_text,
    fit_text,
    not_fit_text,
)
from warmly.demo.world import Contact, Message, Thread, World

COUNTS = {"fit": 55, "not_a_fit": 45, "didnt_read_profile": 30}
CAMPAIGNS = 4
SENDERS_PER_CAMPAIGN = 5

# The kind of each message (fit track, not-a-fit trade, question family) is drawn
# from the world's random stream with these many outcomes, and the words from a
# separate stream (``_text_rng``): the rest of the world (tweets, notifications,
# invitations) does not depend on how the messages are worded.
KINDS = {"fit": 4, "not_a_fit": len(NOT_FIT_KINDS), "didnt_read_profile": len(DIDNT_READ_KINDS)}
FIT_TRACKS = ("backend", "data", "em", "backend")
INMAIL = (
    (
        "Scale your hiring with AI sourcing",
        '<p class="spinmail-quill-editor__spin-break">Hi %FIRSTNAME%,</p><p>Recruiters like you '
        "save 12 hours a week with TalentFlux AI sourcing.</p><ul><li>1-click outreach</li>"
        "<li>ATS sync</li></ul><p>Free demo this week?</p>",
    ),
    (
        "Your next role: Head of Talent (remote)",
        '<p class="spinmail-quill-editor__spin-break">Hi %FIRSTNAME%,</p><p>We are hiring a '
        "Head of Talent, fully remote, equity included.</p><ul><li>Remote</li><li>Senior</li></ul>",
    ),
    (
        "Webinar: the 2026 salary report",
        '<p class="spinmail-quill-editor__spin-break">Dear %FIRSTNAME%,</p><p>Join 3,000 HR '
        "leaders for our salary report webinar on Thursday.</p>",
    ),
    (
        "Executive MBA, Berlin cohort",
        '<p class="spinmail-quill-editor__spin-break">Hello %FIRSTNAME%,</p><p>Applications for '
        "our part-time Executive MBA close soon. Scholarships available.</p>",
    ),
)


def build_spray(rng: random.Random, world: World) -> None:
    """Add ~150 spray threads (and a few polite replies to old fit ones) to ``world.threads``."""
    strangers = [c for c in world.contacts if c.stranger]
    weak = [
        c
        for c in world.contacts
        if c.tier == 4
        and c.connected_on
        and not c.x_handle
        and not c.email
        and c.homonym_of is None
    ]
    pool_s = rng.sample(strangers, len(strangers) * 2 // 3)
    pool_w = rng.sample(weak, 200)
    senders: list[Contact] = []
    for i in range(sum(COUNTS.values())):
        from_strangers = i % 3 == 0 and pool_s
        senders.append(pool_s.pop() if from_strangers else pool_w.pop())
    labels = [label for label, n in COUNTS.items() for _ in range(n)]
    rng.shuffle(labels)
    words = _text_rng(world.seed)
    for label, c in zip(labels, senders, strict=True):
        days = rng.uniform(0, 30) if rng.random() < 0.7 else rng.uniform(30, 120)
        t = waking_time(rng, world.now - timedelta(days=days))
        if t > world.now:
            t -= timedelta(days=1)
        kind = rng.randrange(KINDS[label])
        years = rng.randint(4, 12)
        me = world.owner.first
        if label == "fit":
            text = fit_text(words, FIT_TRACKS[kind], me, c, years)
        elif label == "not_a_fit":
            text = not_fit_text(words, kind, me, c, years)
        else:
            text = didnt_read_text(words, kind, me, c, years)
        thread = Thread("linkedin", f"spray-{c.id}", [c.id], "", label=label)
        thread.messages.append(Message(outgoing=False, at=t, text=text, sender=c.id, question=True))
        if days > 30 and rng.random() < 0.3:
            reply_at = working_time(rng, t + timedelta(days=rng.randint(1, 4)))
            if reply_at <= world.now:
                thread.messages.append(
                    Message(
                        outgoing=True,
                        at=reply_at,
                        text=(
                            f"Hi {c.first}, thanks for reaching out! I focus on Python "
                            "backend, data engineering and fintech EMs in Berlin / remote "
                            "EU. Happy to keep in touch."
                        ),
                    )
                )
        elif rng.random() < 0.15 and days > 5:
            bump = t + timedelta(days=rng.randint(2, 5))
            if bump <= world.now:
                thread.messages.append(
                    Message(
                        outgoing=False, at=bump, sender=c.id, text="Just bumping this up, thanks!"
                    )
                )
        world.threads.append(thread)
    inmail_pool = pool_w  # what is left: weak connections who wrote nothing else
    for k, (subject, body) in enumerate(INMAIL[:CAMPAIGNS]):
        ago = rng.randint(1, 200)
        if k == 0:  # the newest campaign is recent: sponsored InMail never stops coming
            ago = 1 + ago // 5
        day = world.now - timedelta(days=ago)
        for j in range(SENDERS_PER_CAMPAIGN):
            c = inmail_pool[k * SENDERS_PER_CAMPAIGN + j]
            t = min(world.now, working_time(rng, day + timedelta(days=rng.randint(0, 9))))
            thread = Thread(
                "linkedin", f"inmail-{k}-{j}", [c.id], subject, title=subject, label="mass_mail"
            )
            thread.messages.append(Message(outgoing=False, at=t, text=body, sender=c.id))
            world.threads.append(thread)


def _text_rng(seed: int) -> random.Random:
    """The stream the spray's wording comes from: derived from the world's seed only."""
    return random.Random(f"warmly.demo.spray:{seed}")


def spray_counts(world: World) -> dict[str, int]:
    """Spray threads per intended triage label."""
    out: dict[str, int] = {}
    for th in world.threads:
        if th.label:
            out[th.label] = out.get(th.label, 0) + 1
    return out
