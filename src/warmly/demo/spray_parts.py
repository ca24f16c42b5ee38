"""The parts candidates' messages are assembled from (data for spray_text)."""

from __future__ import annotations

from collections.abc import Sequence

PartList = Sequence[str]

GREETINGS: PartList = (
    "Hi {me},",
    "Hi {me}!",
    "Hello {me},",
    "Hey {me},",
    "Dear {me},",
    "Good morning {me},",
    "Hi there,",
    "Hello,",
    "{me},",
    "Hey!",
    "Good afternoon {me},",
    "Hallo {me},",
)
OPENERS: PartList = (
    "hope your week is going well.",
    "thanks for accepting my connection request.",
    "I saw your post about the Berlin tech market and it resonated.",
    "a former colleague mentioned your name.",
    "I've been following your posts for a while.",
    "sorry for the cold message.",
    "I know you get a lot of these, so I'll keep it short.",
    "long-time reader of your hiring threads here.",
    "I found your profile through a search for Berlin recruiters.",
    "we met briefly at a meetup last year, not sure you remember.",
    "happy new month!",
    "quick intro from my side.",
)
SIGN_OFFS: PartList = (
    "Thanks,\n{first}",
    "Best,\n{first}",
    "Cheers, {first}",
    "Kind regards,\n{first} {last}",
    "Thank you in advance!",
    "Many thanks for your time.",
    "Best regards, {first}",
    "Thx!",
    "Looking forward to hearing from you.",
    "All the best,\n{first}",
)

# -- fit: the three tracks the demo user recruits for --------------------------------------

FIT_ROLES: dict[str, PartList] = {
    "backend": (
        "backend engineer",
        "Python developer",
        "backend dev",
        "Python backend engineer",
        "software engineer on the backend side",
        "server-side Python engineer",
        "senior Python dev",
    ),
    "data": (
        "data engineer",
        "analytics engineer",
        "data platform engineer",
        "senior data engineer",
        "data engineer (mostly batch, some streaming)",
    ),
    "em": (
        "engineering manager",
        "team lead",
        "tech lead who moved into management",
        "engineering manager (EM)",
        "head of engineering at a small startup",
    ),
}
FIT_SKILLS: dict[str, PartList] = {
    "backend": (
        "Django",
        "FastAPI",
        "Flask",
        "Postgres",
        "SQLAlchemy",
        "Celery",
        "Redis",
        "asyncio",
        "pydantic",
        "Docker",
        "Kubernetes",
        "AWS",
        "gRPC",
        "REST APIs",
    ),
    "data": (
        "Airflow",
        "dbt",
        "Spark",
        "PySpark",
        "Kafka",
        "Snowflake",
        "BigQuery",
        "Python",
        "SQL",
        "Dagster",
        "Flink",
        "Databricks",
        "Terraform",
    ),
    "em": (
        "Python",
        "Django",
        "hiring",
        "1:1s and career ladders",
        "OKRs",
        "incident response",
        "Postgres",
        "team topologies",
        "on-call rotations",
    ),
}
FIT_SELF: PartList = (
    "I'm a {role} with {years} years of {skills}, based in {city}.",
    "I'm a {role} at {company} in {city} ({years} yrs, mostly {skills}).",
    "{Role} here, {years} years in, currently at {company}. My day to day is {skills}.",
    "I've been a {role} for {years} years; right now I'm at {company}, working with {skills}.",
    "Short version: {role}, {years} years, {skills}, living in {city}.",
    "I work as a {role} at {company} ({city}), {years} years of experience with {skills}.",
    "My name is {first}, {role} from {city} with {years} years behind me ({skills}).",
    "Currently {role} at {company}. Stack: {skills}. {Years} years in total.",
)
FIT_DEEDS: dict[str, PartList] = {
    "backend": (
        "Last year I rebuilt our payments API in FastAPI and cut p95 latency in half.",
        "I led the split of a Django monolith into a handful of services.",
        "I own the Postgres schema of a ledger that books a few million transactions a month.",
        "Most recently I built the card-authorisation service at {company}.",
        "I also maintain a small open-source Django package on the side.",
        "I've done a lot of work on reconciliation and idempotent payment flows.",
    ),
    "data": (
        "I built the ETL that feeds our credit-risk models.",
        "I migrated about {n} Airflow DAGs to dbt and Dagster last year.",
        "I run a Kafka to Snowflake pipeline with roughly {n} million events a day.",
        "At {company} I set up the whole data platform from scratch.",
        "I care a lot about data quality: tests, contracts, lineage.",
        "My last project was a fraud-detection feature store in PySpark.",
    ),
    "em": (
        "I currently lead {n} Python engineers across two squads in payments.",
        "The last three years I've been running the lending platform team at {company}.",
        "I grew my team from 3 to {n} engineers and kept attrition at zero.",
        "Before that I was a backend engineer for six years, so I still review code.",
        "My team owns the banking integrations at a neobank.",
        "I've hired about {n} engineers myself, so I know how your side works.",
    ),
}
FIT_WANTS: dict[str, PartList] = {
    "backend": (
        "I'm looking for a Python backend role in fintech, Berlin or remote EU.",
        "Next I'd love to work on payments or banking backend systems.",
        "I'm open to a senior backend position from next quarter, ideally remote within the EU.",
        "I'm planning to relocate to Berlin and want to stay in Python backend work.",
        "Ideally my next step is a staff-level Python role at a fintech.",
        "I'd like to move closer to fintech, still hands-on with Django or FastAPI.",
    ),
    "data": (
        "I'm looking for a data engineering role, remote EU or Berlin.",
        "I'd like my next job to be on a data platform team at a fintech.",
        "I'm open to new data engineering roles from {month}.",
        "Ideally I'd join a company where dbt and Airflow are already in place.",
        "I want to move from consulting into an in-house data engineering team.",
    ),
    "em": (
        "I'm looking for my next engineering manager role in fintech.",
        "I'm relocating to Berlin in {month} and looking for an EM position.",
        "I'd like to lead a Python team again, payments or lending ideally.",
        "I'm open to engineering manager roles, remote EU or Berlin.",
        "Next step for me would be head of engineering at a fintech scale-up.",
    ),
}
FIT_ASKS: PartList = (
    "Would I be a good fit for any of your searches?",
    "Do you have anything open that could match?",
    "Am I a fit for something you're working on?",
    "Could we set up a short call?",
    "Would you have 15 minutes for a call in the next weeks?",
    "Can I send you my CV?",
    "Any chance one of your searches fits?",
    "Let me know if any of your searches could fit.",
    "Are you working on any searches where I could fit?",
    "Happy to share my CV if it helps. Would that be useful?",
    "Is it worth us having a chat?",
    "Would you be open to a quick intro call?",
)
MONTHS: PartList = ("January", "February", "March", "April", "May", "June", "September", "October")

# -- not a fit: work the demo user does not recruit for ---------------------------------------

# Each kind: (what they are, what they want, how they ask). {place} is a far-away city.
NOT_FIT_KINDS: tuple[tuple[PartList, PartList, PartList], ...] = (
    (  # healthcare
        (
            "an ICU nurse with {years} years of experience",
            "a registered nurse",
            "a pharmacist",
            "a physiotherapist",
            "a pediatric nurse",
            "a care worker",
        ),
        (
            "I'm looking for a hospital job in {place}.",
            "I'm hoping to find work in a clinic in {place}.",
            "I'm interested in nursing jobs abroad, {place} ideally.",
            "I'm searching for a healthcare position with visa sponsorship.",
        ),
        (
            "Do you hire nurses for hospitals in {place}?",
            "Do you recruit for hospitals?",
            "Can you help me find a nursing job?",
            "Do you place healthcare staff in {place}?",
        ),
    ),
    (  # marketing
        (
            "a marketing graduate",
            "a social media manager",
            "a content marketer",
            "an SEO specialist",
            "a brand manager",
            "a growth marketer",
        ),
        (
            "I'm looking for a marketing internship in {place}.",
            "I'm hoping to find a marketing role at a consumer brand.",
            "I'm searching for a job in digital marketing, {place} preferred.",
        ),
        (
            "Can you help me?",
            "Do you have any marketing positions?",
            "Are you recruiting marketing people in {place}?",
            "Could you help me land a marketing job?",
        ),
    ),
    (  # sales
        (
            "great with people and cold calls",
            "an account executive with a strong quota record",
            "a business development rep",
            "in customer success for SaaS",
            "a sales manager for industrial equipment",
        ),
        (
            "I'm looking for a sales development role.",
            "I'm open to sales jobs where I can keep growing.",
            "I'm searching for an account executive job in sales, {place} or remote.",
        ),
        (
            "Do you have any sales development roles?",
            "Do you hire sales people?",
            "Are you recruiting for sales teams in {place}?",
            "Can you help me find a sales job?",
        ),
    ),
    (  # ERP and finance
        (
            "an SAP FICO consultant",
            "an SAP ABAP developer",
            "a chartered accountant",
            "a tax advisor",
            "a financial controller",
            "an internal auditor",
        ),
        (
            "I'm looking for opportunities in {place}.",
            "I'm seeking a new role in {place}, ideally with relocation.",
            "I'm interested in finance jobs in {place}, my family is moving there.",
            "I'm searching for a contract position in {place}.",
        ),
        (
            "Please advise.",
            "Can you help me?",
            "Do you recruit SAP consultants?",
            "Do you have any accounting openings in {place}?",
        ),
    ),
    (  # design
        (
            "a graphic designer (Figma, Illustrator)",
            "a UX/UI designer",
            "an illustrator",
            "a motion designer",
            "an interior designer",
            "a product designer for mobile apps",
        ),
        (
            "I'm looking for a design job in {place}.",
            "I'm hoping to find a position at an agency in {place}.",
            "I'm searching for freelance design work.",
        ),
        (
            "Are you recruiting designers in {place}?",
            "Do you hire designers?",
            "Do you have any design openings?",
            "Can you help me find a design job?",
        ),
    ),
    (  # trades, logistics, hospitality, teaching
        (
            "a truck driver with a C+E licence",
            "a certified electrician",
            "a chef",
            "a hotel receptionist",
            "a primary school teacher",
            "a welder with {years} years",
            "a warehouse supervisor",
        ),
        (
            "I'm looking for work in {place} with visa sponsorship.",
            "I'm interested in relocating to {place} for a job in my trade.",
            "I'm searching for a job abroad, {place} ideally.",
        ),
        (
            "Can you help me?",
            "Do you recruit tradespeople for {place}?",
            "Do you have any driving jobs abroad?",
            "Could you help me with the visa too?",
        ),
    ),
    (  # off-stack tech
        (
            "an iOS developer (Swift)",
            "a Java Spring developer",
            "a .NET developer",
            "an embedded C engineer",
            "a Unity game developer",
            "a QA tester",
            "a React Native developer",
            "a civil engineer",
        ),
        (
            "I'm looking for an onsite job in {place}.",
            "I'm open to mobile roles in {place}.",
            "I'm seeking a job in game studios, {place} or anywhere.",
            "I'm looking for a position in {place} only, no remote for me.",
        ),
        (
            "Are you hiring iOS developers in {place}?",
            "Do you have Java roles?",
            "Do you hire .NET developers?",
            "Can you help me find a mobile dev job in {place}?",
            "Do you place mobile developers?",
        ),
    ),
)
FAR_PLACES: PartList = (
    "Tokyo",
    "Singapore",
    "Dubai",
    "Toronto",
    "Sydney",
    "São Paulo",
    "Doha",
    "Riyadh",
    "Mumbai",
    "Johannesburg",
    "Auckland",
    "Mexico City",
    "Manila",
    "Nairobi",
    "Seoul",
)
NOT_FIT_SELF: PartList = (
    "I am {what}.",
    "I'm {what}, based in {city}.",
    "I'm {what} currently at {company}.",
    "About me: {what}, {years} years in the field.",
    "My name is {first} and I'm {what}.",
    "I'm {what} from {city}.",
    "Let me introduce myself: {what}, {years} years of work behind me.",
    "I've been working as {what} at {company} for a while now.",
)
NOT_FIT_EXTRAS: PartList = (
    "I speak English, {lang} and a bit of German.",
    "I can start immediately.",
    "My CV is ready to send.",
    "My notice period is one month.",
    "I've applied to {n} jobs already without luck.",
    "I have good references from {company}.",
    "My English is fluent.",
    "I'm flexible on salary.",
)
LANGUAGES: PartList = (
    "Spanish",
    "Portuguese",
    "Hindi",
    "Arabic",
    "French",
    "Polish",
    "Tagalog",
    "Yoruba",
    "Italian",
    "Turkish",
)

# -- didn't read the profile: asks what the profile already says -------------------------------

DIDNT_READ_KINDS: tuple[PartList, ...] = (
    (
        "what roles do you recruit for?",
        "what kind of roles do you usually work on?",
        "which positions are you hiring for at the moment?",
        "what type of jobs do you handle?",
        "what roles do you fill?",
    ),
    (
        "which industries do you cover?",
        "what sectors do your clients come from?",
        "which companies do you recruit for?",
        "what's your niche?",
        "which industry do you focus on?",
    ),
    (
        "are you hiring? What kind of positions do you usually work on?",
        "are you hiring right now? And for what kind of roles?",
        "are you recruiting at the moment? Which positions?",
        "are you hiring at the moment? If so, for which roles?",
    ),
    (
        "do you work with engineers, or only business roles?",
        "do you place junior people or only senior ones?",
        "do you recruit for tech or non-tech?",
        "do you handle permanent roles or contracts as well?",
    ),
    (
        "what's your focus area as a recruiter?",
        "which locations do you cover?",
        "where are most of your clients based?",
        "what's your specialisation?",
        "which regions do you recruit in?",
    ),
)
DIDNT_READ_SELF: PartList = (
    "I'm exploring my next move after {years} years at {company}.",
    "I'm based in {city} and starting to look around.",
    "I'm finishing my degree this summer and building my network.",
    "I work at {company} and I'm curious about the market.",
    "I'm considering a career change this year.",
    "I'm {first}, currently in {city}.",
    "I'm thinking about my next step.",
    "I'm trying to figure out which recruiters to talk to.",
    "I've just been laid off from {company}, so I'm reaching out to a few people.",
    "We haven't spoken before, I'm {first} from {city}.",
    "I have {years} years of experience and I'm open to opportunities.",
    "A friend at {company} follows you.",
)
DIDNT_READ_ASK_PREFIX: PartList = (
    "Quick question: {q}",
    "May I ask: {q}",
    "One question: {q}",
    "Just curious: {q}",
    "{Q}",
    "{Q}",
    "So {q}",
)
DIDNT_READ_AFTER: PartList = (
    "I'd like to know if you could help me.",
    "Trying to see if it makes sense to send you my CV.",
    "Sorry if this is obvious!",
    "Would be great to know before I send anything.",
    "Thanks for any pointers.",
)

# -- surface noise ----------------------------------------------------------------------------

TYPOS: dict[str, str] = {
    "experience": "experiance",
    "really": "realy",
    "would": "woudl",
    "because": "becuase",
    "currently": "curently",
    "engineer": "enginer",
    "opportunities": "oportunities",
    "definitely": "definately",
    "Python": "Pyhton",
    "position": "postion",
    "recruit": "recuit",
    "message": "mesage",
}
