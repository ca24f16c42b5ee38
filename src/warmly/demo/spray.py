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
from warmly.demo.world import Contact, Message, Thread, World

COUNTS = {"fit": 55, "not_a_fit": 45, "didnt_read_profile": 30}
CAMPAIGNS = 4
SENDERS_PER_CAMPAIGN = 5

FIT = (
    "Hi {me}, I'm a backend engineer with {years} years of Python (Django, FastAPI, Postgres) "
    "based in {city}. I'm looking for a fintech role in Berlin or remote EU. Would I be a good "
    "fit for any of your searches?",
    "Hello {me},\nI'm a data engineer ({years} yrs: Airflow, dbt, Spark, Kafka) open to new "
    "roles from next quarter. Remote within the EU would be ideal.\nAre you working on "
    "anything that fits?",
    "Hi {me}! Engineering manager here, {years} years leading Python teams, the last three in "
    "payments. Relocating to Berlin in spring. Could we talk about your EM searches?",
    "Hey {me}, senior Python dev, currently at {company}. A friend said you place backend "
    "people in fintech. Am I a fit for something you have open?",
)
NOT_FIT = (
    "Hi {me}, do you hire nurses for hospitals in Tokyo? I have 8 years of ICU experience.",
    "Hello, I'm looking for a marketing internship in Tokyo or Singapore. Can you help me?",
    "Dear {me}, I am an SAP FICO consultant looking for opportunities in Dubai. Please advise.",
    "Hi! Do you have any sales development roles? I'm great with people and cold calls.",
    "Hi {me}, I'm a graphic designer (Figma, branding). Are you recruiting designers in Paris?",
    "Good day, I'm looking for truck driver jobs in Canada with visa sponsorship.",
    "Hi, are you hiring iOS developers in São Paulo? Onsite only for me.",
)
DIDNT_READ = (
    "Hi {me}, what roles do you recruit for?",
    "Hello {me}, which industries do you cover? I'd like to know if you could help me.",
    "Hi, are you hiring? What kind of positions do you usually work on?",
    "Hi {me}, do you work with engineers, or only business roles? And which locations?",
    "Hey, quick question: what's your focus area as a recruiter?",
)
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
    for label, c in zip(labels, senders, strict=True):
        days = rng.uniform(0, 30) if rng.random() < 0.7 else rng.uniform(30, 120)
        t = waking_time(rng, world.now - timedelta(days=days))
        if t > world.now:
            t -= timedelta(days=1)
        template = rng.choice(
            {"fit": FIT, "not_a_fit": NOT_FIT, "didnt_read_profile": DIDNT_READ}[label]
        )
        text = template.format(
            me=world.owner.first, years=rng.randint(4, 12), city=c.city, company=c.company.name
        )
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
        day = world.now - timedelta(days=rng.randint(1, 200))
        for j in range(SENDERS_PER_CAMPAIGN):
            c = inmail_pool[k * SENDERS_PER_CAMPAIGN + j]
            t = min(world.now, working_time(rng, day + timedelta(days=rng.randint(0, 9))))
            thread = Thread(
                "linkedin", f"inmail-{k}-{j}", [c.id], subject, title=subject, label="mass_mail"
            )
            thread.messages.append(Message(outgoing=False, at=t, text=body, sender=c.id))
            world.threads.append(thread)


def spray_counts(world: World) -> dict[str, int]:
    """Spray threads per intended triage label."""
    out: dict[str, int] = {}
    for th in world.threads:
        if th.label:
            out[th.label] = out.get(th.label, 0) + 1
    return out
