"""Style learning, template validation and drafts."""

from __future__ import annotations

from pathlib import Path

import pytest

from warmly.triage import (
    SpecialtyProfile,
    Style,
    TemplateError,
    check_template,
    default_templates,
    draft_reply,
    learn_style,
    load_templates,
)


@pytest.mark.parametrize(
    ("sent", "greeting", "signoff"),
    [
        (
            ["Hi Sam,\nsure thing.\nBest,\nJordan", "Hi Li,\nyes.\nBest,\nJordan"],
            "Hi {first_name},",
            "Best,\nJordan",
        ),
        (
            ["Hey Sam — works for me.\nCheers", "Hey Ana — great!\nCheers"],
            "Hey {first_name} —",
            "Cheers",
        ),
        (["Sounds good.", "Yes, Tuesday.", "Done"], "{first_name},", ""),
        ([], "Hi {first_name},", ""),
    ],
)
def test_learn_greeting_and_signoff(sent: list[str], greeting: str, signoff: str) -> None:
    style = learn_style(sent)
    assert (style.greeting, style.signoff) == (greeting, signoff)


def test_one_odd_message_does_not_set_the_tone() -> None:
    sent = ["Hi A,\nok"] * 4 + ["Dear B,\nok"]
    assert learn_style(sent).greeting == "Hi {first_name},"


def test_length_and_emoji() -> None:
    style = learn_style(["Hi A, great 🎉", "Hi B, thanks 🎉 see you", "Hi C, no"])
    assert style.emoji == "🎉"
    assert style.median_words == 4  # words by whitespace, emoji included


@pytest.mark.parametrize(
    "text",
    [
        "Thanks for your message!",
        "Hi {first_name}, thanks!",
        "Thanks for asking about {topic}.",
    ],
)
def test_template_without_personal_slots_is_rejected(text: str) -> None:
    with pytest.raises(TemplateError, match="personal slots"):
        check_template("t", text)


@pytest.mark.parametrize(
    "text",
    [
        "Hi {first_name}, about {topic}: yes.",
        "{greeting} you asked for {their_ask}.",
    ],
)
def test_template_with_personal_slots_is_accepted(text: str) -> None:
    check_template("t", text)


def test_unknown_slot_is_rejected() -> None:
    with pytest.raises(TemplateError, match=r"unknown slot\(s\) \{nickname\}"):
        check_template("t", "Hi {nickname}, about {topic}")


def test_user_templates_override_defaults(tmp_path: Path) -> None:
    path = tmp_path / "templates.toml"
    path.write_text('[templates.fit]\ntext = "Yo {first_name}! {topic} sounds great."\n')
    tmpl = load_templates(path)
    assert tmpl.for_label("fit").text.startswith("Yo")
    assert tmpl.for_label("not_a_fit") == default_templates().for_label("not_a_fit")
    path.write_text('[templates.fit]\ntext = "Thanks for writing!"\n')
    with pytest.raises(TemplateError, match=r"templates.toml: \[templates.fit\].text"):
        load_templates(path)


def test_draft_uses_style_and_names_sender(profile: SpecialtyProfile) -> None:
    style = Style(greeting="Hey {first_name} —", signoff="Cheers,\nJordan", median_words=80)
    draft = draft_reply(
        "needs_me",
        "Could you share the deck from the panel?",
        "Dr. Mei Chen",
        style,
        default_templates(),
        profile,
    )
    assert draft.startswith("Hey Mei —")
    assert draft.endswith("Cheers,\nJordan")
    assert "share the deck from the panel" in draft


def test_short_writer_gets_short_variant(profile: SpecialtyProfile) -> None:
    long = draft_reply(
        "not_a_fit",
        "Do you hire nurses?",
        "Ann Lee",
        Style(median_words=90),
        default_templates(),
        profile,
        ask="nurses",
    )
    short = draft_reply(
        "not_a_fit",
        "Do you hire nurses?",
        "Ann Lee",
        Style(median_words=12),
        default_templates(),
        profile,
        ask="nurses",
    )
    assert len(short) < len(long)
    assert "nurses" in short and "Ann" in short


# A draft's topic is the sender's own words: "Python-Backend-Entwickler" holds
# "Python" and "Backend", so the draft names them, not the subject line.
def test_draft_topic_found_inside_a_hyphenated_compound(profile: SpecialtyProfile) -> None:
    text = "ich bin Python-Backend-Entwickler und suche eine neue Stelle in Berlin."
    out = draft_reply(
        "fit", text, "Lukas Brenner", Style(), default_templates(), profile,
        topic_words=("python", "backend"), subject="Anfrage: Backend-Stelle",
    )  # fmt: skip
    assert "Python and Backend" in out and "Anfrage" not in out


# A subject as topic: without "Re:"/"AW:"/"Fwd:", and never one with no words at all.
@pytest.mark.parametrize(
    ("subject", "topic"),
    [
        ("Re: Reference request", "about Reference request"),
        ("AW: WG: Team dinner", "about Team dinner"),
        ("RE: Fwd: Intro", "about Intro"),
        ("?", 'about "Quick one"'),
    ],
)
def test_draft_subject_topic_is_cleaned(
    subject: str, topic: str, profile: SpecialtyProfile
) -> None:
    out = draft_reply(
        "needs_me", "Quick one. Ping me.", "Sana Lewis", Style(), default_templates(), profile,
        subject=subject,
    )  # fmt: skip
    assert topic in out, out


@pytest.mark.parametrize(
    ("text", "client"),
    [
        ("Budget for the two backend roles on Atlas is approved. Can you send profiles?", True),
        ("We're hiring two Python backend engineers in Berlin, can you help?", True),
        ("Could you share a shortlist for the data platform lead?", True),
        ("I'm a Python backend engineer, open to a move in Berlin.", False),
        ("Happy to chat. My notice period is three months.", False),
    ],
)
def test_a_client_asking_for_candidates_is_not_asked_what_they_are_after_next(
    profile: SpecialtyProfile, text: str, client: bool
) -> None:
    out = draft_reply(
        "fit", text, "Ria Okoye", Style(median_words=12), default_templates(), profile,
        topic_words=("python", "backend"),
    )  # fmt: skip
    assert ("must-haves" in out) is client
    assert ("What are you after next" in out) is not client
    assert "Ria" in out
