from __future__ import annotations

import pytest

from warmly.guard.mask import RecipientTokens, canonical, mask, shingles

JANE = RecipientTokens(names=("Jane Doe",), companies=("Acme Corp",), handles=("@janed",))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hi Jane, yes Acme Corp looks great", "yes <name> looks great"),
        ("see https://acme.com/jobs or www.x.org", "see <url> or <url>"),
        ("mail jane@acme.com today", "mail <email> today"),
        ("thanks @someone for the share", "thanks <handle> for the share"),
        ("we raised $5M from 12 investors", "we raised <num> from <num> investors"),
        ("meet on May 5th 2026 or 2026-05-07", "meet on <date> or <date>"),
        ("Hello %FIRSTNAME%, grow your network", "grow your network"),
        ("Dear Dr. Smith, about the grant", "about the grant"),
        ("we met at FOSDEM in Brussels last", "we met at <name> in <name> last"),
        ("We think you are great. We mean it", "we think you are great we mean it"),
    ],
)
def test_canonical_masks_recipient_tokens(text: str, expected: str) -> None:
    assert canonical(text, JANE) == expected


def test_mail_merge_copies_are_identical_once_masked() -> None:
    a = canonical("Hi Jane, I saw Acme Corp is hiring. 15 min chat?", JANE)
    b = canonical(
        "Hello Bob, I saw Initech is hiring. 20 min chat?",
        RecipientTokens(names=("Bob",), companies=("Initech",)),
    )
    assert a == b


def test_accented_names_are_folded() -> None:
    assert mask("Hi Zoë, hi", RecipientTokens(names=("Zoë",))) == "Hi <name>, hi"


def test_short_texts_still_shingle() -> None:
    assert shingles("ok") == ["ok"]
    assert shingles("") == []
    assert shingles("thanks a lot", "word3") == ["thanks", "a", "lot"]
