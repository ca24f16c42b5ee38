"""Message text for the demo world: specific to each person, with promises and questions.

A message is assembled from a role-specific core sentence (their company, their
project, a client), optionally a question (incoming) or a promise (outgoing)
that the follow-through engine should turn into a task, and a greeting and
sign-off shaped by the channel.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

CORE_OUT: dict[str, tuple[str, ...]] = {
    "engineer": (
        "I'm working on a Senior Python Backend role at {client} and thought of you because of "
        "{project}.",
        "Saw your update about {project} at {company}, congrats! Curious how it went.",
        "{client} is building out their data platform team (Airflow, dbt, Postgres). Would that "
        "be interesting for you?",
        "Quick market check: are you happy at {company} or open to a conversation in the next "
        "months?",
        "The {client} team loved your profile. They'd like a first call with their EM.",
    ),
    "hiring_manager": (
        "How is {project} going at {company}? I have two strong Python backend candidates free "
        "from next month.",
        "Following up on the Staff Data Engineer search: I have a shortlist of three for you.",
        "I spoke to a candidate from {client} who could be great for {project}.",
        "Any update on the interview feedback for last week's candidate?",
    ),
    "founder": (
        "Congrats on {project}! When you start hiring engineers in Berlin, I'd love to help.",
        "For {project} I'd start with a senior data engineer, then a backend generalist. Happy to "
        "share a plan.",
        "I have a founding-engineer profile in mind for {company}: Python, Kafka, fintech "
        "background.",
    ),
    "recruiter": (
        "Thanks for the heads-up about {project}. How is the market on your side?",
        "I have a candidate outside my niche (mobile, iOS) who might be perfect for {client}.",
        "Are you still seeing the slowdown in fintech hiring in Berlin?",
    ),
    "friend": (
        "How was {project}? Tell me everything.",
        "Coffee this week? I'm near Kottbusser Tor on Thursday.",
        "Thinking of you, how are things at {company}?",
    ),
    "ex_colleague": (
        "Good to hear from you! How is life at {company}?",
        "About {project}: I still have the notes from back then if that helps.",
        "We should do the team dinner again, it's been too long.",
    ),
}
CORE_IN: dict[str, tuple[str, ...]] = {
    "engineer": (
        "Thanks for reaching out. I'm at {company}, working on {project}, but I'd listen to "
        "something in Python backend.",
        "I'm not actively looking, {project} keeps me busy, but a fintech role in Berlin could "
        "tempt me.",
        "We just wrapped up {project} at {company}, so timing might actually be good.",
        "Happy to chat. My notice period at {company} is three months, just so you know.",
    ),
    "hiring_manager": (
        "We're still busy with {project} at {company} and need help with hiring.",
        "The last candidate for {project} was strong technically but we went with an internal "
        "move.",
        "Budget for the two backend roles on {project} is approved. Can you send profiles?",
    ),
    "founder": (
        "We're closing {project} and will need our first engineers soon.",
        "Honestly we're not sure whether {company} should hire a data engineer or a backend "
        "generalist first.",
    ),
    "recruiter": (
        "Market is slow here too, {project} aside. Are you seeing anything move in data "
        "engineering?",
        "I have a strong EM candidate in fintech, outside what my clients need. Maybe for "
        "{company}?",
    ),
    "friend": (
        "Long week! {project} is taking all my evenings.",
        "Yes please, let's catch up soon.",
    ),
    "ex_colleague": (
        "All good at {company}. {project} keeps me busy.",
        "Do you remember the ATS fiasco? Still makes me laugh.",
    ),
}
QUESTIONS = (
    "Could you share the salary range for the role?",
    "Would you be up for a quick call next week?",
    "Is the role open to remote from {city}?",
    "Do you know anyone strong in data engineering who might be open to a move?",
    "Any chance you could introduce me to someone at {client}?",
    "What does the interview process look like?",
    "Can you send me the job description?",
)
FRIEND_QUESTIONS = (
    "Are you coming on Saturday?",
    "How was the trip?",
    "Can I borrow your bike next weekend?",
)
PROMISES = (
    "I'll send you the job description on Friday.",
    "Let me get back to you next week.",
    "I'll introduce you to {intro} from {intro_company}.",
    "I'll share the interview feedback by Wednesday.",
    "I'll check with the hiring manager and come back to you tomorrow.",
    "Will send you the salary benchmark for {city} before the end of the month.",
    "I'll review your CV tonight and send you notes.",
)
CLOSINGS_OUT = ("Best,\n{me}", "Cheers,\n{me}", "Talk soon,\n{me}", "{me}")
CLOSINGS_IN = ("Best,\n{first}", "Thanks!\n{first}", "Cheers", "{first}")
REPLIES_IN = (
    "Thanks, that sounds good.",
    "Sure, makes sense.",
    "Great, thank you!",
    "Sounds good to me.",
    "Ok, noted.",
)
REPLIES_OUT = (
    "Thanks for getting back to me.",
    "Great to hear.",
    "Perfect, thank you.",
    "Got it, thanks!",
)


@dataclass(slots=True)
class TextContext:
    """What a message may talk about: who, where, which project, which client."""

    me: str
    first: str
    role: str
    company: str
    project: str
    client: str
    city: str
    intro: str
    intro_company: str

    def fill(self, template: str) -> str:
        return template.format(
            me=self.me,
            first=self.first,
            company=self.company,
            project=self.project,
            client=self.client,
            city=self.city,
            intro=self.intro,
            intro_company=self.intro_company,
        )


def compose(
    rng: random.Random,
    ctx: TextContext,
    channel: str,
    outgoing: bool,
    opener: bool,
    promise: bool = False,
    question: bool = False,
) -> str:
    """One message body. Multi-line on LinkedIn and email, short on X."""
    pool = (CORE_OUT if outgoing else CORE_IN)[ctx.role]
    core = (
        rng.choice(pool)
        if opener or rng.random() < 0.5
        else rng.choice(REPLIES_OUT if outgoing else REPLIES_IN)
    )
    parts = [ctx.fill(core)]
    if question:
        q = FRIEND_QUESTIONS if ctx.role == "friend" else QUESTIONS
        parts.append(ctx.fill(rng.choice(q)))
    if promise:
        parts.append(ctx.fill(rng.choice(PROMISES)))
    if channel == "x":
        return " ".join(parts)
    body = "\n\n".join(parts) if channel == "email" or rng.random() < 0.5 else " ".join(parts)
    if rng.random() < 0.3 and channel == "linkedin" and not opener:
        return body
    greeting = f"Hi {ctx.first}," if outgoing else f"Hi {ctx.me},"
    closing = rng.choice(CLOSINGS_OUT if outgoing else CLOSINGS_IN)
    return f"{greeting}\n\n{body}\n\n" + ctx.fill(closing)


def subject_for(rng: random.Random, ctx: TextContext) -> str:
    """An email subject fitting the person's role."""
    options = {
        "engineer": (
            "Senior Python Engineer at {client} (Berlin / remote EU)",
            "Data Engineer role – {client}",
            "Quick question about {project}",
        ),
        "hiring_manager": (
            "Candidates for {project}",
            "Shortlist: backend roles at {company}",
            "Interview feedback",
        ),
        "founder": ("Hiring plan for {company}", "Intro: {me} <> {first}"),
        "recruiter": ("Referral: candidate outside my niche", "Market notes"),
        "friend": ("Saturday?", "Photos!", "{project}"),
        "ex_colleague": ("Long time no see", "Reference request", "Team dinner?"),
    }[ctx.role]
    return ctx.fill(rng.choice(options))
