"""Who is in the demo world: the user and ~2,000 contacts with their network presence."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from warmly.demo.handles import assign_presence
from warmly.demo.names import CompanyInfo, NameBank, load_names
from warmly.demo.world import Contact, Owner, OwnerPosition

# Planted layers (Dunbar): counts of tiers 0..3; everyone else is weak.
TIER_SIZES = (5, 15, 50, 150)
N_CONTACTS = 2000
N_STRANGERS = 70  # cold senders / pending invitations, not connections
HOMONYMS = (
    ("Daniel", "Kim"),
    ("Anna", "Schmidt"),
    ("Sarah", "Johnson"),
    ("David", "Nguyen"),
    ("Maria", "Garcia"),
    ("Priya", "Sharma"),
)
SUFFIXES = (", PhD", ", MBA", ", CFA", " 🇮🇳", ", PMP")

ROLES: dict[str, tuple[str, ...]] = {
    "engineer": (
        "Senior Backend Engineer",
        "Python Developer",
        "Data Engineer",
        "Staff Software Engineer",
        "Site Reliability Engineer",
        "Machine Learning Engineer",
        "Senior Data Engineer",
        "Backend Engineer (Python)",
        "Analytics Engineer",
        "Frontend Engineer",
    ),
    "hiring_manager": (
        "Engineering Manager",
        "Head of Data",
        "VP Engineering",
        "Director of Engineering",
        "CTO",
        "Head of Platform",
        "Engineering Lead, Payments",
    ),
    "founder": ("Founder & CEO", "Co-founder & CTO", "Co-Founder", "Founder"),
    "recruiter": (
        "Technical Recruiter",
        "Talent Partner",
        "Senior Talent Acquisition Partner",
        "Head of Talent",
        "Director of People Ops",
    ),
    "friend": (
        "Product Designer",
        "Product Manager",
        "UX Researcher",
        "Teacher",
        "Architect",
        "Photographer",
    ),
    "ex_colleague": (
        "Talent Acquisition Lead",
        "People Partner",
        "Sourcer",
        "Recruitment Consultant",
        "HR Business Partner",
    ),
}
ROLE_WEIGHTS = {
    "engineer": 48,
    "hiring_manager": 20,
    "founder": 8,
    "recruiter": 10,
    "friend": 6,
    "ex_colleague": 8,
}

PROJECTS: dict[str, tuple[str, ...]] = {
    "engineer": (
        "the Kafka migration",
        "their FastAPI plugin on GitHub",
        "the payments reconciliation service",
        "the dbt rewrite",
        "the Postgres sharding work",
        "the fraud-scoring pipeline",
        "their PyCon talk on async Python",
        "the move to Kubernetes",
        "the data contracts initiative",
        "their Rust side project",
    ),
    "hiring_manager": (
        "hiring a Staff Data Engineer",
        "building the platform team",
        "the new Lisbon office",
        "two senior Python backend roles",
        "an engineering manager search",
        "the payments team rebuild",
    ),
    "founder": (
        "the seed round",
        "hiring their first data engineer",
        "the Series A hiring plan",
        "the pivot to B2B",
        "the Berlin launch",
    ),
    "recruiter": (
        "a candidate they could not place",
        "the referral split",
        "the EU remote market",
        "salary benchmarks for Berlin",
    ),
    "friend": (
        "the half marathon",
        "the new flat in Kreuzberg",
        "the baby",
        "the trip to Lisbon",
        "the climbing gym",
        "the book club",
    ),
    "ex_colleague": (
        "the old team reunion",
        "a reference check",
        "their new agency",
        "the ATS migration we did together",
    ),
}


def build_owner() -> Owner:
    """The fixed, invented user: the same for every seed so that docs can name her."""
    specialties = [
        "Python backend engineers",
        "data engineering",
        "engineering managers in fintech",
        "Berlin and remote EU",
    ]
    summary = (
        "I help fintech and data-heavy startups hire Python backend engineers, data "
        "engineers and engineering managers.\n\n"
        "Focus: Berlin and remote within the EU. I do not recruit for sales, marketing, "
        "healthcare or non-tech roles.\n"
        "If you are a backend or data engineer, tell me your stack and where you want to "
        "work; I read every message."
    )
    positions = [
        OwnerPosition(
            "Avery Talent",
            "Founder & Tech Recruiter",
            "Independent recruiting for Python, data and engineering leadership roles.",
            "Berlin, Germany",
            date(2022, 4, 1),
        ),
        OwnerPosition(
            "Marlowe Talent",
            "Senior Technical Recruiter",
            "Backend and data hiring for fintech clients in DACH.",
            "Berlin, Germany",
            date(2018, 9, 1),
            date(2022, 3, 31),
        ),
        OwnerPosition(
            "Stellwerk Software GmbH",
            "Talent Acquisition Specialist",
            "In-house hiring for engineering.",
            "Hamburg, Germany",
            date(2016, 2, 1),
            date(2018, 8, 31),
        ),
    ]
    return Owner(
        first="Jordan",
        last="Avery",
        headline=(
            "Tech Recruiter | Python backend · Data engineering · Fintech EMs | Berlin & remote EU"
        ),
        summary=summary,
        location="Berlin, Germany",
        specialties=specialties,
        skills=[
            "Technical Recruiting",
            "Python (Programming Language)",
            "Data Engineering",
            "Sourcing",
            "Fintech",
            "Engineering Management",
            "Interviewing",
            "Employer Branding",
        ],
        positions=positions,
        linkedin_slug="jordan-avery-talent",
        x_handle="jordanhires",
        x_id="1021554889",
        x_display="Jordan Avery 🐍 hiring Python folks",
        emails=["jordan@averytalent.de", "jordan.avery.hires@gmail.com"],
        mastodon="jordanavery@hachyderm.io",
        bluesky="jordanavery.bsky.social",
        website="https://averytalent.de",
    )


def _pick_company(rng: random.Random, bank: NameBank, role: str) -> CompanyInfo:
    if role == "recruiter" and rng.random() < 0.5:
        return rng.choice([c for c in bank.companies if c.sector == "recruiting"])
    return rng.choice(bank.companies)


def _new_contact(
    rng: random.Random, bank: NameBank, cid: int, first: str, last: str, tier: int, now: datetime
) -> Contact:
    role = _role_for(rng, tier)
    city, country = rng.choice(bank.cities)
    c = Contact(
        id=cid,
        first=first,
        last=last,
        role=role,
        title=rng.choice(ROLES[role]),
        company=_pick_company(rng, bank, role),
        city=city,
        country=country,
        tier=tier,
        project=rng.choice(PROJECTS[role]),
    )
    if rng.random() < 0.01:
        c.name_suffix = rng.choice(SUFFIXES)
    if rng.random() < 0.09:
        old = _pick_company(rng, bank, role)
        if old != c.company:
            c.old_company = old
            c.changed_jobs_on = (now - timedelta(days=rng.randint(20, 540))).date()
    return c


def _role_for(rng: random.Random, tier: int) -> str:
    if tier == 0:
        return rng.choice(("friend", "friend", "ex_colleague", "hiring_manager", "founder"))
    if tier == 1 and rng.random() < 0.4:
        return rng.choice(("friend", "ex_colleague"))
    roles = list(ROLE_WEIGHTS)
    return rng.choices(roles, weights=[ROLE_WEIGHTS[r] for r in roles])[0]


def build_contacts(rng: random.Random, now: datetime) -> list[Contact]:
    """About 2,000 contacts: tiers, roles, companies, job changes, homonyms, presence."""
    bank = load_names()
    tiers = [t for t, n in enumerate(TIER_SIZES) for _ in range(n)]
    tiers += [4] * (N_CONTACTS - len(tiers))
    used: dict[tuple[str, str], int] = {}
    contacts: list[Contact] = []
    for tier in tiers:
        while True:
            first, last = rng.choice(bank.first), rng.choice(bank.last)
            if (first, last) not in used and (first, last) not in HOMONYMS:
                break
        used[(first, last)] = len(contacts)
        contacts.append(_new_contact(rng, bank, len(contacts), first, last, tier, now))
    # Homonyms: two different people with one very common name, never to be merged.
    for first, last in HOMONYMS:
        pair = [rng.choice((2, 3, 4)), 4]
        ids = []
        for tier in pair:
            c = _new_contact(rng, bank, len(contacts), first, last, tier, now)
            contacts.append(c)
            ids.append(c.id)
        b = contacts[ids[1]]
        while b.company == contacts[ids[0]].company:
            b.company = rng.choice(bank.companies)
        b.homonym_of = ids[0]
        contacts[ids[0]].homonym_of = ids[1]
    # Strangers: weak, LinkedIn only, not connected.
    strangers = rng.sample(
        [c for c in contacts if c.tier == 4 and c.homonym_of is None], N_STRANGERS
    )
    stranger_ids = {c.id for c in strangers}
    taken: set[str] = set()
    for c in contacts:
        assign_presence(rng, c, now, stranger=c.id in stranger_ids, taken=taken)
    for c in contacts:  # Wren Hale-style credentials on the LinkedIn name
        if c.tier <= 2 and c.role == "engineer" and c.linkedin_slug and not c.name_suffix:
            c.name_suffix = ", PhD"
            break
    return contacts
