"""Generate the labelled template-detection set ``bench/eval/templates.jsonl`` (fixed seed).

Positives: 40 outreach templates, each sent to 4-7 recipients with names, companies,
numbers and dates swapped and a light paraphrase (synonyms, an added or dropped
sentence, a typo). Negatives: the first copy of every template, and ~400 genuinely
personal messages built from independent parts that share the user's habitual opener and
sign-off and the odd phrase (hard negatives).
A message is labelled 1 when an earlier message of its template went to someone else.

    python bench/eval/gen_templates.py        # rewrites templates.jsonl (deterministic)
"""

from __future__ import annotations

import json
import random
from pathlib import Path

SEED = 20261101
OUT = Path(__file__).with_name("templates.jsonl")

FIRST = [
    "Jane",
    "Bob",
    "Carla",
    "Dmitri",
    "Aisha",
    "Tom",
    "Mei",
    "Lars",
    "Priya",
    "Diego",
    "Fatima",
    "Noah",
    "Olga",
    "Kenji",
    "Sara",
    "Amir",
    "Lucia",
    "Pieter",
    "Grace",
    "Hugo",
    "Zoe",
    "Omar",
    "Ines",
    "Felix",
    "Nadia",
    "Raj",
    "Elena",
    "Marco",
    "Yuki",
    "Ben",
]
LAST = [
    "Doe",
    "Smith",
    "Novak",
    "Ivanov",
    "Khan",
    "Berg",
    "Chen",
    "Larsen",
    "Patel",
    "Ruiz",
    "Haddad",
    "Weber",
    "Sato",
    "Costa",
    "Okafor",
    "Silva",
    "Jensen",
    "Moreau",
    "Kowalski",
    "Tanaka",
    "Murphy",
    "Rossi",
    "Nguyen",
    "Fischer",
]
COMPANIES = [
    "Acme",
    "Initech",
    "Globex",
    "Umbrella",
    "Hooli",
    "Vandelay",
    "Stark",
    "Wayne",
    "Tyrell",
    "Cyberdyne",
    "Soylent",
    "Wonka",
    "Gringotts",
    "Aperture",
    "Nakatomi",
    "Oscorp",
    "Pied-Piper",
    "Dunder-Mifflin",
    "Monarch",
    "Prestige",
]
ROLES = [
    "backend engineer",
    "data scientist",
    "product designer",
    "engineering manager",
    "SRE",
    "frontend developer",
    "ML engineer",
    "security engineer",
    "platform lead",
    "QA engineer",
]
TOPICS = [
    "observability",
    "vector search",
    "payments",
    "onboarding",
    "pricing",
    "hiring",
    "Kubernetes costs",
    "developer experience",
    "fraud detection",
    "search ranking",
    "accessibility",
    "caching",
]

OPENERS = ["Hi {name},", "Hello {name},", "Hey {name},", "Dear {name},", "{name},"]
CLOSERS = ["Best, Sam", "Cheers, Sam", "Thanks, Sam", "Best regards, Sam", "Sam"]
FILLERS = [
    "Hope you're well.",
    "Hope your week is going well.",
    "Quick one.",
    "Hope all is good at {company}.",
]
SYNONYMS = {
    "great": "excellent",
    "interested": "keen",
    "quick": "short",
    "chat": "call",
    "team": "group",
    "help": "support",
    "looking": "hoping",
    "happy": "glad",
    "building": "developing",
    "think": "believe",
    "noticed": "saw",
    "role": "position",
    "share": "send",
    "week": "fortnight",
    "love": "like",
    "really": "truly",
}

BODIES = [  # one outreach purpose per template: the part a mail merge keeps
    "I noticed {company} is hiring a {role} and thought of you given your background.",
    "We are building a tool that cuts {topic} work by {num} percent for teams like {company}.",
    "I run a small community of {num} people working on {topic} and would love you to join.",
    "Our client, a Series B startup, is looking for a {role} with your exact experience.",
    "I am writing a report on {topic} and would really value {num} minutes of your time.",
    "We just launched a free audit of {topic} for companies the size of {company}.",
    "Would you be open to a quick chat about how {company} handles {topic} today?",
    "I help teams like yours ship faster by fixing {topic} bottlenecks in under {num} days.",
    "Our webinar on {topic} is on {date} and I saved a seat for you.",
    "I think {company} could save {num} hours a week with our {topic} platform.",
    "We are hosting a dinner for {role}s in your city on {date}, would you come?",
    "I would love to feature {company} in our newsletter about {topic}.",
    "Could you point me to whoever owns {topic} at {company}?",
    "We are piloting a new approach to {topic} and are looking for {num} design partners.",
    "Your experience as a {role} makes you a perfect speaker for our meetup on {date}.",
    "Our open-source library for {topic} just passed {num} stars, feedback welcome.",
    "I am raising a pre-seed round for a {topic} company and would value your advice.",
    "We are offering {company} a {num} day free trial of our {topic} service.",
    "I am a {role} moving to your city and would love to hear how {company} works.",
    "Thanks for accepting my invitation, I would love to learn what you do at {company}.",
    "Our agency placed {num} {role}s last quarter; can I send you some profiles?",
    "I saw your team grew to {num} people, congratulations on the momentum.",
    "We wrote a guide to {topic} for {role}s and I think you would enjoy it.",
    "Are you the right person to talk to about {topic} tooling at {company}?",
    "I am collecting stories from {role}s about {topic}; could I interview you?",
    "Our survey of {num} engineering teams found surprising things about {topic}.",
    "We help {company} sized companies hire a {role} in {num} weeks, not months.",
    "Would {company} be interested in sponsoring our {topic} conference on {date}?",
    "I am looking for a mentor in {topic} and your path as a {role} inspires me.",
    "We have an opening for a senior {role} with equity and a remote-first team.",
    "Can I send you a {num} minute demo video of our {topic} product?",
    "Your post about {topic} resonated, we are solving exactly that at our startup.",
    "I would love to introduce you to a founder who needs a {role} advisor.",
    "We are running a {num} week bootcamp on {topic} and have scholarships left.",
    "Following up on my last note about {topic}, did you get a chance to look?",
    "Our customers in {company}'s industry cut {topic} incidents by {num} percent.",
    "I am organising a panel on {topic} for {date} and need one more {role}.",
    "We are doing free {topic} office hours on {date}, bring your hardest question.",
    "Is {company} still struggling with {topic}? We fixed it for {num} teams.",
    "I would love your opinion on our {topic} roadmap, it takes {num} minutes.",
]
SECOND = [  # a second sentence keeps each template's text distinct from every other one
    "It takes {num} minutes to set up and there is nothing to install.",
    "Happy to share references from teams we already work with.",
    "No pressure at all, I know inboxes are busy this time of year.",
    "Let me know a time that works and I will send an invite.",
    "The details are in the one-pager I can send over.",
    "Several of your former colleagues are already involved.",
    "If it is not for you, a pointer to the right person would be amazing.",
    "We keep it small, usually around {num} people.",
]

# Genuine notes are built from independent parts (lead, subject, comment, question), so two
# of them rarely share more than a phrase: unlike a template, nothing is reused wholesale.
LEADS = [
    "Congrats on",
    "I keep thinking about",
    "Thanks again for",
    "Quick question about",
    "Loved hearing about",
    "Still laughing about",
    "Sorry for the slow reply on",
    "Good luck with",
    "I told my team about",
    "Curious how it went with",
    "Big fan of",
    "Just saw the news about",
    "I owe you one for",
    "My partner still talks about",
    "Finally caught up on",
    "So glad you told me about",
    "Wild timing on",
    "No rush on",
    "I was impressed by",
    "Can't stop recommending",
]
SUBJECTS = [
    "your {proj} launch",
    "the {feat} rewrite",
    "your talk at {conf}",
    "the trip to {city}",
    "your daughter's {hobby} race",
    "the {book} tip",
    "your new {tech} setup",
    "the offsite in {city}",
    "the {doc} you sent",
    "your {hobby} photos",
    "the dinner at the {place}",
    "your move to {city}",
    "the {feat} bug you chased",
    "{first}'s wedding",
    "the {tech} migration",
    "your podcast episode on {feat}",
    "the hackathon at {conf}",
    "your promotion",
    "the {month} retreat",
    "your garden project",
    "the puppy",
    "your marathon in {city}",
]
COMMENTS = [
    ", the {feat} part looked really hard.",
    " and it cut our build from {num} to {num2} minutes.",
    ", we should grab coffee at the {place} soon.",
    "; {first} says hi too.",
    ", I did not expect {tech} to hold up that well.",
    " - it made my whole {month}.",
    ", which reminded me of our chat in {city}.",
    ", and I am stealing your trick with {feat}.",
    ", my kids asked about it twice.",
    ". You were right about {tech} all along.",
    ", even though the weather in {city} was awful.",
    ", I bookmarked page {num}.",
    ". The part about {feat} is going in my notes.",
    ", I laughed out loud at the {place} story.",
    ". It sounds like {first} finally came around.",
]
QUESTIONS = [
    "Did you end up choosing {tech} over {tech2}?",
    "How is {city} treating you?",
    "Is the {hobby} season over already?",
    "Want me to send the {doc} again?",
    "Are you still at the {place} on weekends?",
    "Shall we do {month} for that hike?",
    "Did {first} ever answer you about {feat}?",
    "Is {book} worth a second read?",
    "Any luck with the {feat} numbers?",
    "Are you going to {conf} again?",
    "",
]
FILL = {
    "proj": [
        "Kestrel",
        "Bramble",
        "Lighthouse",
        "Orca",
        "Mosaic",
        "Tern",
        "Juniper",
        "Quill",
        "Harbor",
        "Sundial",
    ],
    "feat": [
        "schema migration",
        "offline sync",
        "rate limiting",
        "query planner",
        "image pipeline",
        "access control",
        "retry logic",
        "billing export",
        "search index",
        "diff viewer",
    ],
    "conf": [
        "PyCon",
        "RustConf",
        "KubeCon",
        "StrangeLoop",
        "FOSDEM",
        "QCon",
        "JSConf",
        "DevOpsDays",
    ],
    "tech": [
        "Postgres",
        "Kafka",
        "DuckDB",
        "Rust",
        "Elixir",
        "Terraform",
        "htmx",
        "SQLite",
        "Flink",
        "Zig",
    ],
    "city": [
        "Lisbon",
        "Berlin",
        "Toronto",
        "Nairobi",
        "Osaka",
        "Austin",
        "Tallinn",
        "Porto",
        "Lyon",
        "Seoul",
    ],
    "place": ["harbour", "old town", "botanical garden", "river", "market hall", "climbing gym"],
    "book": [
        "Designing Data-Intensive Applications",
        "The Goal",
        "Shape Up",
        "Thinking in Systems",
    ],
    "illness": ["the flu", "chickenpox", "a stomach bug", "a fever"],
    "doc": ["job description", "slide deck", "reading list", "budget sheet", "interview notes"],
    "hobby": ["sailing", "bouldering", "running", "cycling", "skiing", "chess"],
    "month": ["March", "June", "September", "November"],
}


def _date(rng: random.Random) -> str:
    return rng.choice(["May 5", "June 12th", "2026-03-04", "Friday", "3/14", "October 2"])


def _fill(frame: str, rng: random.Random, slots: dict[str, str]) -> str:
    values = dict(slots)
    for key, pool in FILL.items():
        values.setdefault(key, rng.choice(pool))
    values.setdefault("tech2", rng.choice(FILL["tech"]))
    values.setdefault("first", rng.choice(FIRST))
    values.setdefault("num", str(rng.randint(2, 500)))
    values.setdefault("num2", str(rng.randint(2, 60)))
    values.setdefault("date", _date(rng))
    return frame.format(**values)


def _paraphrase(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    for _ in range(rng.randint(0, 2)):
        idx = [i for i, w in enumerate(words) if w.lower().strip(".,?!") in SYNONYMS]
        if idx:
            i = rng.choice(idx)
            bare = words[i].strip(".,?!")
            words[i] = words[i].replace(bare, SYNONYMS[bare.lower()])
    if rng.random() < 0.2:  # a typo
        i = rng.randrange(len(words))
        if len(words[i]) > 4:
            j = rng.randrange(1, len(words[i]) - 1)
            words[i] = words[i][:j] + words[i][j + 1 :]
    return " ".join(words)


def _recipient(rng: random.Random, used: set[str]) -> tuple[str, str, str]:
    while True:
        name, last, company = rng.choice(FIRST), rng.choice(LAST), rng.choice(COMPANIES)
        key = f"{name} {last}"
        if key not in used:
            used.add(key)
            return name, last, company


def generate(seed: int = SEED) -> list[dict[str, object]]:
    """All rows in send order; deterministic for a seed."""
    rng = random.Random(seed)
    used: set[str] = set()
    rows: list[dict[str, object]] = []
    for t, body in enumerate(BODIES):
        second = SECOND[t] if t < len(SECOND) else ""  # never shared between templates
        for _ in range(rng.randint(4, 7)):
            name, last, company = _recipient(rng, used)
            slots = {
                "name": name,
                "company": company,
                "role": rng.choice(ROLES),
                "topic": TOPICS[t % len(TOPICS)],
            }
            parts = [rng.choice(OPENERS)]
            if rng.random() < 0.4:
                parts.append(rng.choice(FILLERS))
            parts += [body, second, rng.choice(CLOSERS)]
            text = _paraphrase(_fill(" ".join(p for p in parts if p), rng, slots), rng)
            rows.append(_row(rng, f"t{t}", name, last, company, text))
    for i in range(400):
        name, last, company = _recipient(rng, used) if i < 300 else (rng.choice(FIRST), "", "")
        sentences = [
            rng.choice(LEADS) + " " + rng.choice(SUBJECTS) + rng.choice(COMMENTS)
            for _ in range(rng.randint(1, 2))
        ]
        frames = [*sentences, rng.choice(QUESTIONS)]
        parts = [rng.choice(OPENERS), *[_fill(f, rng, {}) for f in frames], rng.choice(CLOSERS)]
        text = " ".join(parts).format(name=name, company=company)
        rows.append(_row(rng, None, name, last, company, text))
    rng.shuffle(rows)
    seen: dict[str, set[str]] = {}
    for n, row in enumerate(rows):
        row["seq"] = n
        fam, who = row["family"], str(row["recipient"])
        if isinstance(fam, str):
            row["label"] = int(bool(seen.get(fam, set()) - {who}))
            seen.setdefault(fam, set()).add(who)
        else:
            row["label"] = 0
    return rows


def _row(
    rng: random.Random, family: str | None, name: str, last: str, company: str, text: str
) -> dict[str, object]:
    known_company = rng.random() < 0.7  # the ledger does not always know the employer
    return {
        "family": family,
        "recipient": f"{name} {last}".strip() + f"#{rng.randrange(10**6)}",
        "names": [f"{name} {last}".strip()],
        "companies": [company] if known_company else [],
        "text": text,
    }


if __name__ == "__main__":
    data = generate()
    with OUT.open("w", encoding="utf-8") as fh:
        for row in data:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    pos = sum(int(r["label"]) for r in data)  # type: ignore[call-overload]
    print(f"wrote {len(data)} messages ({pos} positives) to {OUT}")
