"""Generate the labelled evaluation sets bench/eval/triage.jsonl and bench/eval/promises.jsonl.

Written separately from the unit-test fixtures, with its own wording: typos,
casing, missing punctuation and phrasings the rules were not written against.
Gold due dates are computed here from the documented conventions (see
warmly/followthrough/defaults.toml), not by calling the engine.

    python bench/eval/make_triage_promises.py [--seed 7]
"""

from __future__ import annotations

import argparse
import calendar
import json
import random
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
TZ = "Europe/Berlin"
FIRST = ["Jordan", "jordan", "Jordan!", "there", "Jordan Avery"]
NAMES = [
    "Aisha Khan",
    "Tomás Ruiz",
    "Mei-Ling Chou",
    "Olu Adebayo",
    "Freya Lindqvist",
    "Rahul Mehta",
    "Sophie Dubois",
    "Yusuf Demir",
    "Ines Carvalho",
    "Piotr Nowak",
    "Hannah O'Neill",
    "Kenji Watanabe",
    "Lucía Pérez",
    "Ewa Kowalska",
    "Noah Fischer",
]
GREET = ["Hi {f},", "Hello {f},", "hey {f}", "Dear {f},", "Good morning {f},", "Hi {f} -", ""]

FIT_CAND = [
    "{sen} backend developer ({tools}), {n} years in, currently at a {dom} scale-up. "
    "{where} {close}",
    "I've spent {n} years building APIs in Python / {tool1} and I'm exploring a move. "
    "{where} {close}",
    "Analytics engineer here - mostly {dtool1} and {dtool2} on BigQuery. {where} {close}",
    "I lead a team of {n} engineers at a {dom} company (eng manager, hands-on in Python). {close}",
    "{sen} data platform engineer: {dtool1}, {dtool2}, some Terraform. {where} {close}",
    "Former head of engineering at a {dom} startup, now looking at my next leadership role. "
    "{close}",
    "We are a {dom} startup in {city} and need {k} {sen} Python engineers for our core API. {cq}",
    "Our {dom} team is growing: we need an engineering manager plus two data engineers. {cq}",
    "Pythonista with {n}yrs of Django + Celery, want to join a {dom} product. {close}",
]
NOT_FIT = [
    "I'm a {prof} with {n} years of experience. {askq}",
    "Looking for {prof} positions in {city2}, {askq2}",
    "Do you have anything for a {prof}? {n} years experience, ready to start.",
    "Are you recruiting {profs} for {city2}?",
    "We need a {prof} for our {biz} in {city2}. Can you take on the search?",
    "Hi, I need help finding a job as a {prof}. Can you assist?",
    "Any chance you place {profs}? I'd relocate to {city2}.",
]
PROFS = [
    ("ICU nurse", "ICU nurses"),
    ("pharmacist", "pharmacists"),
    ("primary school teacher", "teachers"),
    ("accountant", "accountants"),
    ("UX designer", "UX designers"),
    ("content marketer", "content marketers"),
    ("account executive", "sales reps"),
    ("truck driver", "truck drivers"),
    ("chef", "chefs"),
    ("SAP consultant", "SAP consultants"),
    ("Unity game developer", "game developers"),
    ("real estate agent", "estate agents"),
    ("HR generalist", "HR generalists"),
    ("paralegal", "paralegals"),
    ("social media manager", "social media managers"),
    ("dental hygienist", "hygienists"),
]
DIDNT = [
    "what kind of roles do you work on?",
    "Which areas do you specialise in",
    "do you only do tech?",
    "What industries are you recruiting in at the moment?",
    "Are you recruiting at the moment?",
    "whats your focus?",
    "Who do you usually place?",
    "What sort of candidates are you after?",
    "Where are your clients based?",
    "could you tell me which companies you work with?",
    "Just wondering what type of positions you handle.",
    "what do you recruit for exactly?",
    "Do you work on engineering roles or only leadership?",
    "What's your specialty?",
]
MASS = [
    "{g} we help teams like yours cut time-to-hire by 40% with AI screening. Worth a 15 min chat?",
    "{g} you're invited to our Future of Work summit on 12 June. Reserve your free seat today.",
    "{g} I noticed we share many connections. Our agency offers offshore developers from $25/h.",
    "{g} quick one: are you the right person to talk to about employer branding videos?",
    "{g} our payroll platform now supports 40 countries. Can I send you a one-pager?",
    "{g} Congrats on your work anniversary! Celebrate with 20% off our premium plan.",
]
PLACEHOLDER_GREETS = [
    "Hi %FIRSTNAME%,",
    "Hello {{first_name}},",
    "Dear [Name],",
    "Hi %FIRST_NAME%!",
]
PERSONAL = [
    "are we still on for dinner on saturday?",
    "Happy birthday!! Drinks on me next time",
    "my cousin is a data engineer moving to Berlin, could you have a chat with her?",
    "Can you send me that recipe you mentioned?",
    "The kids loved the gift, thank you so much",
    "what are you up to this weekend? hike?",
    "Could you look after the cat next week?",
]
NEEDS = [
    "Could you share the slides from your talk at PyCon?",
    "would you be up for a podcast episode",
    "Can we move our call to Thursday afternoon?",
    "Do you have 20 minutes next week for coffee?",
    "Would you mind introducing me to Anna from your network?",
    "Can you recommend a good co-working space in Kreuzberg?",
    "Would you fill in our 5-minute survey on remote onboarding?",
    "Are you going to the meetup tonight?",
]
FYI = [
    "Thanks for the quick reply!",
    "Great meeting you at the meetup yesterday.",
    "congrats on the new office",
    "Just bumping this up :)",
    "Noted, thank you.",
    "Loved your post about hiring loops.",
]
TOOLS = [
    "Django, Postgres",
    "FastAPI, Kafka",
    "Flask, SQLAlchemy",
    "Django REST, Celery",
    "FastAPI",
]
DTOOLS = ["dbt", "Airflow", "Spark", "Kafka", "Snowflake"]
DOMS = ["fintech", "payments", "neobank", "lending", "insurtech", "banking"]
CITIES = ["Berlin", "Hamburg", "Munich", "Lisbon", "Vienna"]
CITIES2 = ["Dubai", "Toronto", "Sydney", "Manila", "Lagos", "Houston"]
WHERE = [
    "Based in {c}, open to remote EU.",
    "Relocating to Berlin this summer.",
    "Remote from {c} would be ideal.",
    "",
    "Happy to move to Berlin.",
]
CLOSE = [
    "Any openings that could fit?",
    "would love to hear if you have something",
    "Let me know if anything comes up!",
    "Could we have a quick call?",
    "Do you have something for me?",
    "keen to chat if you're working on anything relevant",
]
CQ = [
    "Could you help with the search?",
    "Can you help?",
    "Would you take this on?",
    "Interested in working together?",
]


def typo(rng: random.Random, text: str) -> str:
    """Swap two letters in one longer word, drop a '?', or lower-case it all (realistic noise)."""
    words = text.split(" ")
    if rng.random() < 0.25:
        idx = [i for i, w in enumerate(words) if len(w) > 5 and w.isalpha()]
        if idx:
            i = rng.choice(idx)
            w = words[i]
            j = rng.randrange(1, len(w) - 2)
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    text = " ".join(words)
    if rng.random() < 0.15:
        text = text.replace("?", "")
    if rng.random() < 0.2:
        text = text.lower()
    return text


EXTRA = [
    "",
    "",
    "Attaching my CV.",
    "Notice period is one month.",
    "My GitHub is linked on my profile.",
    "I speak English and some German.",
    "Salary expectations are flexible.",
    "A former colleague recommended you.",
    "Saw your post last week.",
    "Open to contract too.",
    "Currently on garden leave.",
    "Happy to share references.",
]


def _fill(rng: random.Random, tmpl: str) -> str:
    """One filled template plus an optional extra sentence (senders rarely write alike)."""
    body = _fill_one(rng, tmpl)
    extra = rng.choice(EXTRA)
    return f"{body} {extra}".strip() if rng.random() < 0.5 else f"{extra} {body}".strip()


def _fill_one(rng: random.Random, tmpl: str) -> str:
    prof, profs = rng.choice(PROFS)
    d1, d2 = rng.sample(DTOOLS, 2)
    return tmpl.format(
        sen=rng.choice(["Senior", "senior", "Lead", "Mid-level", ""]).strip() or "Experienced",
        tools=rng.choice(TOOLS),
        tool1=rng.choice(["Django", "FastAPI", "Flask"]),
        n=rng.randint(3, 14),
        dom=rng.choice(DOMS),
        where=rng.choice(WHERE).format(c=rng.choice(CITIES)),
        close=rng.choice(CLOSE),
        cq=rng.choice(CQ),
        k=rng.choice(["two", "3", "a couple of"]),
        city=rng.choice(CITIES),
        dtool1=d1,
        dtool2=d2,
        prof=prof,
        profs=profs,
        city2=rng.choice(CITIES2),
        askq=rng.choice(CLOSE),
        askq2=rng.choice(["any leads?", "can you help?"]),
        biz=rng.choice(["clinic", "hotel", "law firm", "retail chain", "school"]),
    )


def triage_set(rng: random.Random) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    mid = 0

    def add(
        label: str,
        body: str,
        name: str,
        strength: float = 0.05,
        layer: int | None = None,
        greet: bool = True,
    ) -> None:
        nonlocal mid
        mid += 1
        g = rng.choice(GREET).format(f=rng.choice(FIRST)) if greet else ""
        text = typo(rng, (g + ("\n" if rng.random() < 0.5 else " ") + body).strip())
        rows.append(
            {
                "id": mid,
                "person_id": mid,
                "sender": name,
                "text": text,
                "label": label,
                "tie": {"strength": strength, "layer": layer},
            }
        )

    for _ in range(220):
        add("fit", _fill(rng, rng.choice(FIT_CAND)), rng.choice(NAMES))
    for _ in range(180):
        add("not_a_fit", _fill(rng, rng.choice(NOT_FIT)), rng.choice(NAMES))
    for _ in range(140):
        add("didnt_read_profile", rng.choice(DIDNT), rng.choice(NAMES))
    for k, body in enumerate(MASS):
        for j in range(rng.randint(3, 6)):
            name = f"{rng.choice(NAMES)} {k}{j}"
            g = rng.choice(PLACEHOLDER_GREETS) if rng.random() < 0.4 else "Hi Jordan,"
            add("mass_mail", body.format(g=g), name, greet=False)
    for _ in range(20):
        add(
            "mass_mail",
            rng.choice(PLACEHOLDER_GREETS)
            + " "
            + rng.choice(
                ["new feature launch!", "your exclusive invite inside", "limited seats left"]
            ),
            rng.choice(NAMES),
            greet=False,
        )
    for _ in range(70):
        body = rng.choice([*PERSONAL, _fill(rng, rng.choice(NOT_FIT)), rng.choice(DIDNT)])
        add(
            "personal",
            body,
            rng.choice(NAMES),
            strength=rng.uniform(0.55, 0.95),
            layer=rng.choice([0, 1, 2, None]),
        )
    for _ in range(110):
        add(
            "needs_me",
            rng.choice(NEEDS),
            rng.choice(NAMES),
            strength=rng.uniform(0, 0.4),
            layer=rng.choice([3, 4, None]),
        )
    for _ in range(40):
        add("fyi", rng.choice(FYI), rng.choice(NAMES), strength=rng.uniform(0, 0.4))
    rng.shuffle(rows)
    return rows


# ---- promises ------------------------------------------------------------------------------
SUBJ = ["I'll", "I will", "Ill", "I’m going to", "i'll", "Will", "I am going to", "Let me"]
OBJ = {
    "send": [
        "send you the job description",
        "forward the salary bands",
        "share the interview guide",
        "email you the offer details",
        "get you the contract",
        "send over the deck",
    ],
    "intro": [
        "introduce you to Priya from Stripe",
        "put you in touch with their CTO",
        "connect you with Marco",
        "make an intro to the hiring manager",
    ],
    "follow_up": [
        "get back to you",
        "follow up with the team",
        "check with the client",
        "let you know how it went",
        "circle back on the feedback",
    ],
    "call": ["call you", "give you a ring", "set up a call with the founders", "schedule a chat"],
}
DAYN = ["monday", "tuesday", "wednesday", "thursday", "friday"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _wd(d: date, wd: int) -> date:
    return d + timedelta(days=(wd - d.weekday() - 1) % 7 + 1)


def _phrase(rng: random.Random, d: date) -> tuple[str, date]:
    kind = rng.randrange(14)
    if kind == 0:
        wd = rng.randrange(5)
        return rng.choice(["by ", "on ", "", "before "]) + rng.choice(
            [DAYN[wd], DAYN[wd].title()]
        ), _wd(d, wd)
    if kind == 1:
        wd = rng.randrange(5)
        return f"next {DAYN[wd].title()}", d - timedelta(days=d.weekday()) + timedelta(
            weeks=1, days=wd
        )
    if kind == 2:
        return rng.choice(["tomorrow", "Tomorrow", "tmrw"]), d + timedelta(days=1)
    if kind == 3:
        return rng.choice(["today", "by end of day", "EOD", "later today"]), d
    if kind == 4:
        n = rng.randint(2, 5)
        return rng.choice([f"in {n} days", f"within {n} days"]), d + timedelta(days=n)
    if kind == 5:
        return rng.choice(["next week", "sometime next week"]), d - timedelta(
            days=d.weekday()
        ) + timedelta(days=11)
    if kind == 6:
        return "by the end of the month", d.replace(day=calendar.monthrange(d.year, d.month)[1])
    if kind == 7:
        day = rng.randint(d.day + 1, 28) if d.day < 27 else 28
        if day <= d.day:
            return "tomorrow", d + timedelta(days=1)
        sfx = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd"}.get(day, "th")
        return f"by the {day}{sfx}", d.replace(day=day)
    if kind == 8:
        t = d + timedelta(days=rng.randint(5, 40))
        return rng.choice(
            [f"on {MONTHS[t.month - 1]} {t.day}", f"by {t.day} {MONTHS[t.month - 1]}"]
        ), t
    if kind == 9:
        t = d + timedelta(days=rng.randint(3, 30))
        return f"by {t.isoformat()}", t
    if kind == 10:
        return rng.choice(["soon", "very soon"]), d + timedelta(days=3)
    if kind == 11:
        return rng.choice(["asap", "ASAP", "right away"]), d + timedelta(days=1)
    if kind == 12:
        return rng.choice(["later", "when I can"]), d + timedelta(days=7)
    return "", d + timedelta(days=3)


NEGATIVE = [
    "I won't be able to {o} this week.",
    "Sorry, I can't {o}.",
    "If you want, I can {o}.",
    "Happy to {o} if that helps.",
    "Do you want me to {o}?",
    "Should I {o} tomorrow?",
    "I could {o} next week if useful.",
    "Thanks again for your time!",
    "I already sent it yesterday.",
    "Let me know if you'd like me to {o}.",
    "Maria will {o} on Friday.",
    "Not sure I'll manage to {o}.",
    "Great chatting today, speak soon.",
    "No rush on your side.",
]


def promise_set(rng: random.Random) -> list[dict[str, object]]:
    tz = ZoneInfo(TZ)
    rows: list[dict[str, object]] = []
    for i in range(450):
        day = date(2026, 1, 5) + timedelta(days=rng.randrange(120))
        if day.weekday() >= 4:
            day -= timedelta(days=3)  # Mon-Thu: keeps "end of week" and "today" unambiguous
        sent = datetime(
            day.year, day.month, day.day, rng.randint(8, 15), rng.choice([0, 20, 45]), tzinfo=tz
        )
        promises: list[dict[str, str]] = []
        if rng.random() < 0.62:
            kind = rng.choice(list(OBJ))
            phrase, due = _phrase(rng, day)
            subj = rng.choice(SUBJ)
            body = f"{subj} {rng.choice(OBJ[kind])} {phrase}".strip() + rng.choice(
                [".", "!", "", " :)"]
            )
            pre = rng.choice(["", "Thanks for the chat. ", "Great to meet you! ", "Sounds good - "])
            text = typo(rng, pre + body) if rng.random() < 0.3 else pre + body
            promises.append({"kind": kind, "due": due.isoformat()})
        else:
            kind = rng.choice(list(OBJ))
            text = rng.choice(NEGATIVE).format(o=rng.choice(OBJ[kind]))
        rows.append(
            {"id": i, "sent_at": sent.isoformat(), "tz": TZ, "text": text, "promises": promises}
        )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    for name, rows in (("triage.jsonl", triage_set(rng)), ("promises.jsonl", promise_set(rng))):
        with (HERE / name).open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"wrote {len(rows)} rows to {HERE / name}")


if __name__ == "__main__":
    main()
