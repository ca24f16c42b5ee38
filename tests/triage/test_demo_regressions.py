"""Regressions found by triaging the `warmly demo` world: one table per engine issue."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warmly.triage import (
    InMemoryMassMailOracle,
    SpecialtyProfile,
    TieInfo,
    TriageConfig,
    build_profile,
    triage,
)
from warmly.triage.signals import fix_trigger_typos, request_cue
from warmly.triage.text import stem, tokens, word_list

from .conftest import msg

EMPTY = InMemoryMassMailOracle()
ME = "Jordan Avery"


def run(
    text: str,
    profile: SpecialtyProfile,
    tie: TieInfo | None = None,
    tags: tuple[str, ...] = (),
) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    m = msg(text, tags=tags)
    ties = {m.person_id: tie} if tie is not None else {}
    r = triage([m], profile, ties, EMPTY, my_name=ME)[0]
    return r.label, r.labels, r.reasons


@pytest.fixture(scope="module")
def fintech_skill_profile() -> SpecialtyProfile:
    """The demo owner's shape: a one-word LinkedIn skill "Fintech" among the rest."""
    return build_profile(
        specialties=[
            "Python backend engineers",
            "data engineering",
            "engineering managers in fintech",
            "Berlin and remote EU",
        ],
        skills=["Technical Recruiting", "Fintech", "Data Engineering"],
        headline="Tech Recruiter | Python backend · Data engineering · Fintech EMs | Berlin",
        summary="I do not recruit for sales, marketing, healthcare or non-tech roles.",
    )


# 1. Not written by the person: never personal, however close the sender.
@pytest.mark.parametrize(
    ("text", "tags"),
    [
        ("Hi %FIRSTNAME%,\nRecruiters like you save 12 hours a week. Free demo this week?", ()),
        ("Hi {{first_name}}, our payroll tool saves HR teams 10 hours a week.", ()),
        ("Dear [Name], congratulations on your work anniversary from all of us at Acme.", ()),
        ("Grow your pipeline with TalentFlux. Book a demo today.", ("sponsored",)),
    ],
)
@pytest.mark.parametrize("tie", [TieInfo(strength=0.9), TieInfo(strength=0.3, layer=0)])
def test_machine_written_message_is_never_personal(
    text: str, tags: tuple[str, ...], tie: TieInfo, profile: SpecialtyProfile
) -> None:
    label, labels, _ = run(text, profile, tie, tags)
    assert label == "mass_mail"
    assert "personal" not in labels


# 2. Fillers, greetings and the user's own name are not "something specific".
@pytest.mark.parametrize(
    "text",
    [
        "May I ask: are you recruiting at the moment?",
        "Hey! May I ask: are you hiring right now? And for what kind of roles?",
        "Hallo Jordan, Quick question: are you recruiting at the moment?",
        "Jordan, So are you recruiting right now?",
        "Hola Jordan, are you hiring these days?",
        "Bonjour Jordan: are you currently recruiting?",
        "Ciao Jordan, are you recruiting at the moment?",
        "Moin Jordan, are you hiring at the moment?",
        "Servus Jordan - are you recruiting at the moment?",
        "Hej Jordan Avery, are you hiring right now?",
    ],
)
def test_filler_scope_question_is_didnt_read_profile(text: str, profile: SpecialtyProfile) -> None:
    label, labels, reasons = run(text, profile)
    assert label == "didnt_read_profile", reasons
    assert "not_a_fit" not in labels


# 3. The stemmer: idempotent, "opening(s)" a scope word, "marketing" is not "market".
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", max_size=14))
def test_stem_is_idempotent(word: str) -> None:
    assert stem(stem(word)) == stem(word)


@pytest.mark.parametrize(
    ("words", "same"),
    [
        (("openings", "opening"), True),
        (("marketing", "market"), False),
        (("banking", "bank"), False),
        (("opening", "open"), False),
        (("recruiting", "recruit"), True),
        (("engineering", "engineer"), True),
        (("hiring", "hire"), True),
        (("companies", "company"), True),
    ],
)
def test_stem_conflates_only_the_same_word(words: tuple[str, str], same: bool) -> None:
    assert (stem(words[0]) == stem(words[1])) is same


def test_opening_is_a_scope_word() -> None:
    assert stem("openings") in word_list("words.toml", "scope")


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Do you have any openings?", "didnt_read_profile"),
        ("Hej Jordan, do you have any openings at the moment?", "didnt_read_profile"),
        ("I saw your post about the Berlin tech market. Could you tell me more?", "needs_me"),
    ],
)
def test_stemming_cases(text: str, label: str, profile: SpecialtyProfile) -> None:
    got, _, reasons = run(text, profile)
    assert got == label, reasons
    assert not any("marketing" in r for r in reasons)


# 4. An employer's name is not what the sender asks for or does.
@pytest.mark.parametrize(
    "text",
    [
        "Hi Jordan, I'm an iOS developer at Goldcrest Bank. Are you hiring iOS developers in Doha?",
        "Android developer at Goldcrest Banking Group here. Anything for me in Warsaw?",
        "I work at Blue Heron Payments as a UX designer. Do you hire designers?",
    ],
)
def test_employer_name_is_not_a_fit_signal(
    text: str, fintech_skill_profile: SpecialtyProfile
) -> None:
    _, labels, reasons = run(text, fintech_skill_profile)
    assert "fit" not in labels, reasons


@pytest.mark.parametrize(
    "text",
    [
        "I've spent 6 years in banking and payments, now looking for a fintech role in Berlin.",
        "EM at a neobank, led a payments team of 9. Open to new roles.",
        "I'm good at Python and Django, looking for a backend role.",
    ],
)
def test_what_the_sender_does_still_fits(
    text: str, fintech_skill_profile: SpecialtyProfile
) -> None:
    assert run(text, fintech_skill_profile)[0] == "fit"


def test_employer_span_is_left_out_of_terms(fintech_skill_profile: SpecialtyProfile) -> None:
    p = fintech_skill_profile
    assert "fintech" not in p.terms("iOS developer at Goldcrest Banking Group")
    assert "python" in p.terms("I'm good at Python")
    assert "berlin" in p.terms("I would love to work at Berlin startups")


# 5. Typos in trigger words keep the request.
@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("I'm lookng for opportunities in Dubai", "looking for"),
        ("I'm intrested in finance jobs", "interested in"),
        ("Any chnace you place truck drivers", "any chance"),
        ("I'm serching for a chef job", "searching for"),
    ],
)
def test_trigger_typo_keeps_the_request(text: str, cue: str, profile: SpecialtyProfile) -> None:
    assert request_cue(text) == cue
    label, _, reasons = run(text, profile)
    assert label == "not_a_fit", reasons


@pytest.mark.parametrize(
    "text",
    ["I'm seeing great results.", "Any change in plans?", "Booking for the team offsite."],
)
def test_real_words_near_triggers_stay(text: str) -> None:
    assert fix_trigger_typos(text) == text
    assert request_cue(text) in (None, "?")


# 6. Places in scope questions: outside the user's locations is not answered by the profile.
@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Can you help me find a job in Toronto?", "not_a_fit"),
        ("Do you have jobs in Dubai?", "not_a_fit"),
        ("Can you help me find a job in Berlin?", "didnt_read_profile"),
        ("Do you place engineers in Lisbon?", "didnt_read_profile"),  # inside remote EU
        ("Can you help me find a new job?", "didnt_read_profile"),  # "new" is no place
    ],
)
def test_place_in_scope_question(text: str, label: str, profile: SpecialtyProfile) -> None:
    got, _, reasons = run(text, profile)
    assert got == label, reasons


def test_place_reason_names_the_place(profile: SpecialtyProfile) -> None:
    _, _, reasons = run("Can you help me find a job in Toronto?", profile)
    assert "Toronto is outside your locations" in reasons[0]


def test_no_place_in_profile_answers_no_where(profile: SpecialtyProfile) -> None:
    nowhere = build_profile(["Python backend engineers"], headline="Python recruiter")
    m = msg("Can you help me find a job in Toronto?")
    assert triage([m], nowhere, {}, EMPTY)[0].label == "didnt_read_profile"


# 7. Work words: a project, a contract, a gig or freelance work is about work.
@pytest.mark.parametrize(
    "text",
    [
        "I'm seeking an SAP project in Mexico City. Can you help me?",
        "I'm looking for a Salesforce contract in Madrid, can you help?",
        "Looking for a freelance gig as a wedding photographer. Can you help?",
    ],
)
def test_project_work_is_not_a_fit(text: str, profile: SpecialtyProfile) -> None:
    label, _, reasons = run(text, profile)
    assert label == "not_a_fit", reasons


# Personal: a weak tie (a 2022 connection, one message each way) is not personal.
@pytest.mark.parametrize(
    ("tie", "personal"),
    [
        (TieInfo(strength=0.52), False),
        (TieInfo(strength=0.59), False),
        (TieInfo(strength=0.6), True),
        (TieInfo(strength=0.52, layer=2), True),  # the layer rule stays
    ],
)
def test_personal_strength_bar(tie: TieInfo, personal: bool, profile: SpecialtyProfile) -> None:
    assert TriageConfig().personal_min_strength == 0.6
    _, labels, _ = run("Could you review my CV?", profile, tie)
    assert ("personal" in labels) is personal


def test_tokens_are_stable_under_restemming() -> None:
    text = "Openings in marketing, banking and engineering; hiring recruiters"
    assert [stem(t) for t in tokens(text)] == tokens(text)


# 4. Asking the user for a person is a referral request, not an unread profile.
@pytest.mark.parametrize(
    "text",
    [
        "Hi Jordan, Great, thank you! Do you know anyone strong in data engineering who "
        "might be open to a move? Rania",
        "Could you recommend a Python backend engineer for our payments team?",
        "Jordan, would you happen to know a good data engineer in Berlin?",
    ],
)
def test_referral_request_is_not_didnt_read_profile(text: str, profile: SpecialtyProfile) -> None:
    label, labels, reasons = run(text, profile)
    assert "didnt_read_profile" not in labels, reasons
    assert label in ("fit", "needs_me"), reasons  # in the user's specialties: their business


# 8. A recruiter's own craft skill ("Interviewing") is how they work, not whom they
# place: "what does the interview process look like?" is a question, not a fit.
def test_interview_question_is_not_a_fit() -> None:
    profile = build_profile(
        ["Python backend engineers"], skills=["Interviewing", "Sourcing", "Fintech"]
    )
    label, labels, reasons = run("What does the interview process look like?", profile)
    assert (label, labels) == ("needs_me", ("needs_me",)), reasons
