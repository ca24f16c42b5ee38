"""Triage labels: one table of cases per label, precedence, multi-label and reasons."""

from __future__ import annotations

import pytest

from warmly.triage import (
    InMemoryMassMailOracle,
    SpecialtyProfile,
    TieInfo,
    TriageConfig,
    triage,
)
from warmly.triage.types import InboundMessage

from .conftest import msg

EMPTY = InMemoryMassMailOracle()


def one(text: str, profile: SpecialtyProfile, **kw: object) -> tuple[str, tuple[str, ...]]:
    r = triage([msg(text, **kw)], profile, {}, EMPTY)[0]
    return r.label, r.labels


@pytest.mark.parametrize(
    "text",
    [
        "I'm a Django developer with six years in payments. Anything open in Berlin?",
        "We're a Series A fintech hiring two backend engineers (FastAPI, Postgres). Can you help?",
        "Seasoned engineering manager, led a payments team of 9. Open to new roles.",
        "Data engineer here: Airflow, dbt and Snowflake. Would love to chat about openings.",
        "Hey, Pyhton backend dev looking for my next role, remote EU preferred.",
    ],
)
def test_fit(text: str, profile: SpecialtyProfile) -> None:
    assert one(text, profile)[0] == "fit"


@pytest.mark.parametrize(
    "text",
    [
        "Do you place pediatric nurses in Lisbon?",
        "I'm after a sales role in SaaS, can you connect me with someone?",
        "Are you recruiting UX designers for agencies in Milan?",
        "Looking for warehouse jobs near Rotterdam, please help.",
        "We need a marketing lead for our consumer app. Can you run the search?",
    ],
)
def test_not_a_fit(text: str, profile: SpecialtyProfile) -> None:
    assert one(text, profile)[0] == "not_a_fit"


@pytest.mark.parametrize(
    "text",
    [
        "What positions do you usually fill?",
        "Which sectors are you focused on?",
        "Out of curiosity, what's your niche?",
        "Are you hiring?",
        "Do you work with engineers or mostly business people?",
    ],
)
def test_didnt_read_profile(text: str, profile: SpecialtyProfile) -> None:
    assert one(text, profile)[0] == "didnt_read_profile"


@pytest.mark.parametrize(
    "text",
    [
        "Hello %FIRSTNAME%, join our leadership webinar next week!",
        "Hi {{first_name}}, our payroll tool saves HR teams 10 hours a week.",
        "Dear [Name], congratulations on your work anniversary from all of us at Acme.",
    ],
)
def test_mass_mail_placeholder(text: str, profile: SpecialtyProfile) -> None:
    assert one(text, profile)[0] == "mass_mail"


def test_mass_mail_many_senders(profile: SpecialtyProfile) -> None:
    body = (
        "Hi {n}, we help recruiters automate outreach and double reply rates. "
        "Would a 15 minute demo this week work for you?"
    )
    names = ["Ann", "Bo", "Cy", "Di"]
    msgs = [msg(body.format(n=n), i=i, name=f"{n} X") for i, n in enumerate(names)]
    oracle = InMemoryMassMailOracle.from_messages((m.person_id, m.text) for m in msgs)
    results = triage(msgs, profile, {}, oracle)
    assert {r.label for r in results} == {"mass_mail"}
    assert "3 other senders" in results[0].reasons[0]


def test_short_identical_texts_are_not_mass_mail(profile: SpecialtyProfile) -> None:
    msgs = [msg("Hi there, are you hiring?", i=i) for i in range(5)]
    oracle = InMemoryMassMailOracle.from_messages((m.person_id, m.text) for m in msgs)
    assert {r.label for r in triage(msgs, profile, {}, oracle)} == {"didnt_read_profile"}


def test_sponsored_tag_is_mass_mail(profile: SpecialtyProfile) -> None:
    assert one("Grow your pipeline with us.", profile, tags=("sponsored",))[0] == "mass_mail"


@pytest.mark.parametrize(
    "tie", [TieInfo(strength=0.9), TieInfo(strength=0.1, layer=0), TieInfo(strength=0.2, layer=2)]
)
def test_personal_beats_everything(tie: TieInfo, profile: SpecialtyProfile) -> None:
    body = (
        "Hi {n}, a friend forwarded me your profile and I keep wondering about it: "
        "what roles do you recruit for these days, and in which cities?"
    )
    msgs = [msg(body.format(n=n), i=i, name=f"{n} X") for i, n in enumerate(["Jo", "Al", "Ed"])]
    oracle = InMemoryMassMailOracle.from_messages((m.person_id, m.text) for m in msgs)
    r = triage(msgs[:1], profile, {msgs[0].person_id: tie}, oracle)[0]
    assert r.label == "personal"
    assert r.labels[:3] == ("personal", "mass_mail", "didnt_read_profile")


def test_weak_tie_is_not_personal(profile: SpecialtyProfile) -> None:
    m = msg("Could you review my CV?")
    r = triage([m], profile, {m.person_id: TieInfo(strength=0.2, layer=4)}, EMPTY)[0]
    assert "personal" not in r.labels


@pytest.mark.parametrize(
    "text",
    [
        "Can we move our coffee to Thursday?",
        "Would you be up for speaking at our meetup in May?",
        "Could you share the slides from yesterday's talk?",
    ],
)
def test_needs_me(text: str, profile: SpecialtyProfile) -> None:
    assert one(text, profile)[0] == "needs_me"


@pytest.mark.parametrize(
    "text", ["Thanks a lot!", "Great meeting you today.", "Congrats on 5 years"]
)
def test_fyi_when_nothing_applies(text: str, profile: SpecialtyProfile) -> None:
    assert one(text, profile) == ("fyi", ("fyi",))


def test_multi_label_keeps_every_label(profile: SpecialtyProfile) -> None:
    label, labels = one("Python backend dev here. What roles do you recruit for?", profile)
    assert label == "didnt_read_profile"
    assert set(labels) >= {"didnt_read_profile", "fit", "needs_me"}


def test_scope_question_outside_profile_is_not_a_fit(profile: SpecialtyProfile) -> None:
    assert one("Do you recruit pharmacists?", profile)[0] == "not_a_fit"


def test_reasons_are_sentences(profile: SpecialtyProfile) -> None:
    r = triage([msg("Django and FastAPI developer, open to fintech roles")], profile, {}, EMPTY)[0]
    assert r.label == "fit"
    assert r.reasons[0].startswith("matches your specialty 'Python backend engineers' (score ")
    assert "Django" in r.draft or "FastAPI" in r.draft


def test_not_a_fit_reason_names_the_ask(profile: SpecialtyProfile) -> None:
    r = triage([msg("Do you hire nurses for clinics in Porto?")], profile, {}, EMPTY)[0]
    assert "nurses for clinics in Porto" in r.reasons[0]
    assert "healthcare staffing agency" in r.draft


def test_threshold_is_config(profile: SpecialtyProfile) -> None:
    text = "Senior dev, some Python, looking for a role"
    strict = triage([msg(text)], profile, {}, EMPTY, TriageConfig(fit_threshold=0.95))[0]
    assert "fit" not in strict.labels


def test_json_item_shape(profile: SpecialtyProfile) -> None:
    m: InboundMessage = msg("What roles do you cover?")
    item = triage([m], profile, {}, EMPTY)[0].to_json(m.text, {"id": 1, "name": "Priya"})
    assert {"message", "person", "label", "labels", "reasons", "draft"} <= set(item)
    assert item["message"] == {"id": 1, "text": m.text}


# A reply quotes the user's own earlier message: "Python backend" and the "?" in the
# quote are the user's words, so they must not make the reply a fit or a question.
_QUOTING = [
    "Hi Jordan,\n\nGreat, thank you!\n\nJuno\n\n"
    "On Fri, 09 Oct 2026 10:07:53 +0000, Jordan Avery wrote:\n"
    "> Hi Juno,\n> I'm working on a Senior Python Backend role. Interested?\n> Jordan",
    "Sounds good, thanks!\n\n-----Original Message-----\nFrom: Jordan Avery\n"
    "Subject: role\n\nAre you looking for a Python backend role in Berlin?",
    "Danke, passt!\n\nAm 09.10.2026 um 10:07 schrieb Jordan Avery <j@x.example>:\n"
    "> Suchst du eine Python Backend Rolle?",
]


@pytest.mark.parametrize("text", _QUOTING)
def test_the_users_own_quoted_words_are_not_the_senders(
    text: str, profile: SpecialtyProfile
) -> None:
    r = triage([msg(text)], profile, {}, EMPTY, my_name="Jordan Avery")[0]
    assert (r.label, r.labels) == ("fyi", ("fyi",))


def test_a_question_above_the_quote_still_counts(profile: SpecialtyProfile) -> None:
    text = (
        "Thanks! Can you send me the job description?\n\n"
        "On Fri, 9 Oct 2026, Jordan Avery wrote:\n> I have a Senior Python Backend role."
    )
    r = triage([msg(text)], profile, {}, EMPTY, my_name="Jordan Avery")[0]
    assert r.labels == ("needs_me",)
    assert "Python" not in r.draft


def test_a_not_a_fit_draft_names_what_was_asked_without_an_ask_cue(
    profile: SpecialtyProfile,
) -> None:
    # A recruiter's spray with the user's name merged in, and no "looking for" to
    # take the ask from: the draft must name the role, not quote the opening line.
    text = (
        "Hi Jordan Avery, I came across your profile and think you'd be a great fit "
        "for our Senior Sales role at Acme. Are you open to a chat?"
    )
    r = triage([msg(text)], profile, {}, EMPTY, my_name="Jordan Avery")[0]
    assert r.label == "not_a_fit"
    assert "help with sales" in r.draft and "came across" not in r.draft


# Outlook and forwards mark other people's words with a header block, not "> ": an
# Outlook reply quoting the user's "are you hiring data engineers?" is not the
# sender asking, and a forwarded request is not what the forwarder wants.
@pytest.mark.parametrize(
    "text",
    [
        "Thanks, will do.\n\nFrom: Jordan Avery <jordan@example.com>\n"
        "Sent: Friday, December 4, 2026 3:00 PM\nTo: Kwame\nSubject: Data engineers\n\n"
        "Hi Kwame, are you hiring data engineers? Could you send me the job description?",
        "Danke, mache ich.\n\nVon: Jordan Avery <jordan@example.com>\n"
        "Gesendet: Freitag, 4. Dezember 2026 15:00\nAn: Kwame\n\n"
        "Are you hiring data engineers?",
        "FYI, passing this on.\n\n---------- Forwarded message ---------\n"
        "From: Ines <ines@example.com>\nSubject: Nursing jobs\n\n"
        "Do you place ICU nurses in Munich? I'm looking for a hospital job.",
        "FYI, passing this on.\n\nBegin forwarded message:\n\n"
        "From: Ines <ines@example.com>\nDo you place ICU nurses in Munich?",
    ],
)
def test_outlook_and_forwarded_blocks_are_not_the_senders_words(
    text: str, profile: SpecialtyProfile
) -> None:
    r = triage([msg(text)], profile, {}, EMPTY, my_name="Jordan Avery")[0]
    assert r.labels == ("fyi",), r.reasons


# "No need to reply" asks for nothing: it must not become the ask of a not-a-fit.
def test_no_need_is_not_an_ask(profile: SpecialtyProfile) -> None:
    text = "Hi Jordan, I know it's not your area, just passing it on. No need to reply if not."
    r = triage([msg(text)], profile, {}, EMPTY, my_name="Jordan Avery")[0]
    assert r.ask is None
    assert r.label == "fyi", r.reasons


# An ask with nothing specific in it ("remote from Madrid", "help with hiring") is
# no sign that it lies outside the user's specialties: a client or a candidate in
# process asking it must not be sent to "a recruiter who specialises in" it.
@pytest.mark.parametrize(
    "text",
    [
        "Is the role open to remote from Madrid?",
        "We're still building the platform team at Acme and need help with hiring.",
        "I'm looking for a new role. Can you help?",
        "We're closing the Berlin launch and will need our first engineers soon. "
        "What does the interview process look like?",
    ],
)
def test_an_ask_naming_nothing_specific_is_not_a_fit(text: str, profile: SpecialtyProfile) -> None:
    r = triage([msg(text)], profile, {}, EMPTY, my_name="Jordan Avery")[0]
    assert "not_a_fit" not in r.labels, r.reasons
    assert r.label == "needs_me"


@pytest.mark.parametrize(
    "text",
    ["Is the role open to remote from Toronto?", "I'm looking for a Java role. Can you help?"],
)
def test_an_ask_naming_something_else_stays_not_a_fit(text: str, profile: SpecialtyProfile) -> None:
    assert one(text, profile)[0] == "not_a_fit"


# A signature is who the sender is, not what they ask for: "Head of Sales" under a
# Python backend opening must not make it not-a-fit.
@pytest.mark.parametrize(
    "sig",
    [
        "-- \nAnna Berg\nHead of Sales, Finch Payments",
        "--\nAnna Berg | VP Sales & Marketing\n+49 30 1234567",
        "Best,\nAnna Berg\nHead of Sales, Finch Payments",
        "Viele Grüße\nAnna Berg\nLeitung Vertrieb (Sales)",
    ],
)
def test_signature_is_not_what_the_sender_asks(sig: str, profile: SpecialtyProfile) -> None:
    text = f"Hi Jordan,\n\nwe have two Python backend openings in Berlin.\n\n{sig}"
    r = triage([msg(text)], profile, {}, EMPTY, my_name="Jordan Avery")[0]
    assert r.labels == ("fit",), r.reasons
    assert "Anna" not in r.draft and "Sales" not in r.draft


def test_a_question_after_the_signoff_still_counts(profile: SpecialtyProfile) -> None:
    text = "Thanks for the call.\n\nBest,\nAnna\n\nP.S. could you send me the job description?"
    assert one(text, profile)[0] == "needs_me"


# The sign-off and the sender's name are not words of the body: three clients
# sending the same eleven-word request are not a mail merge because they sign it.
def test_signoff_does_not_count_towards_mass_mail_words(profile: SpecialtyProfile) -> None:
    body = "Hi Jordan,\n\nBudget for both backend roles is approved. Can you send profiles?"
    signed = [("Best,\nJoão", "João Silva"), ("Cheers", "Ann Lee"), ("Marco", "Marco Rossi")]
    msgs = [msg(f"{body}\n\n{s}", i=i, name=n) for i, (s, n) in enumerate(signed)]
    oracle = InMemoryMassMailOracle.from_messages((m.person_id, m.text) for m in msgs)
    results = triage(msgs, profile, {}, oracle, my_name="Jordan Avery")
    assert all("mass_mail" not in r.labels for r in results), [r.reasons for r in results]


# "hey Jordan Avery What industries ..." greets without punctuation: the greeting and
# the user's name still say nothing about templating.
def test_unpunctuated_greeting_does_not_count_towards_mass_mail_words(
    profile: SpecialtyProfile,
) -> None:
    text = "hey Jordan Avery Could you share the slides from your talk at PyCon?"
    msgs = [msg(text, i=i) for i in range(4)]
    oracle = InMemoryMassMailOracle.from_messages((m.person_id, m.text) for m in msgs)
    results = triage(msgs, profile, {}, oracle, my_name="Jordan Avery")
    assert {r.label for r in results} == {"needs_me"}, results[0].reasons


# German mail: a nurse asking for a hospital job is as much not-a-fit as in English.
def test_german_healthcare_request_is_not_a_fit(profile: SpecialtyProfile) -> None:
    text = (
        "Hallo Herr Avery,\n\nich bin Krankenschwester und suche eine Stelle in einem "
        "Krankenhaus in Hamburg. Können Sie mir helfen?\n\nMit freundlichen Grüßen\nSabine Kurz"
    )
    r = triage([msg(text, name="Sabine Kurz")], profile, {}, EMPTY, my_name="Jordan Avery")[0]
    assert r.label == "not_a_fit", r.reasons
    assert "healthcare staffing agency" in r.draft
