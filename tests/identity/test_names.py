"""Name normalisation, nicknames and handle splitting."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warmly.identity.names import (
    clean_name,
    name_patterns,
    name_quality,
    nickname_equivalent,
    parse_name,
    split_handle,
)


@pytest.mark.parametrize(
    ("raw", "first", "last"),
    [
        ("Jane Doe", "jane", "doe"),
        ("Dr. Jane Q. Doe, PhD", "jane", "doe"),
        ("Jane Doe, Ph.D., MBA", "jane", "doe"),
        ("John Smith Jr.", "john", "smith"),
        ("DOE, Jane", "jane", "doe"),
        ("Priya Sharma 🇮🇳", "priya", "sharma"),
        ("Jane 🚀 | building things", "jane", ""),
        ("Sam Lee (they/them)", "sam", "lee"),
        ("Zoë Brandt-Øster | Hiring", "zoe", "brandt-oster"),
        ("Sarah O'Connor, CPA", "sarah", "oconnor"),
        ("Ludwig van Beethoven", "ludwig", "van beethoven"),
        ("J. Doe", "j", "doe"),
        ("jane doe - Recruiter at Acme", "jane", "doe"),
        ("María José García-López", "maria", "garcia-lopez"),
    ],
)
def test_parse_name(raw: str, first: str, last: str) -> None:
    n = parse_name(raw)
    assert n is not None
    assert (n.first, n.last) == (first, last)


@pytest.mark.parametrize("raw", ["", "🚀", "(she/her)", "| Hiring", "123"])
def test_no_name_left(raw: str) -> None:
    assert parse_name(raw) is None


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("bob", "robert", True),
        ("bill", "william", True),
        ("liz", "elizabeth", True),
        ("kate", "katherine", True),
        ("sasha", "alexander", True),
        ("chris", "christine", True),
        ("bob", "bill", False),
        ("jane", "jane", False),
        ("alex", "sasha", True),
        ("gosia", "malgorzata", True),
        ("seun", "oluwaseun", True),
        ("vik", "vikram", True),
        ("kasia", "katarzyna", True),
        ("kasia", "kate", False),  # each shares a group with Katarzyna, not with each other
    ],
)
def test_nicknames(a: str, b: str, same: bool) -> None:
    assert nickname_equivalent(a, b) is same
    assert nickname_equivalent(b, a) is same


@pytest.mark.parametrize(
    ("handle", "compact", "first", "last"),
    [
        ("jane_doe", "janedoe", "jane", "doe"),
        ("jane.doe@acme.com", "janedoe", "jane", "doe"),
        ("jdoe_dev", "jdoe", "", ""),
        ("jane_d42", "janed", "jane", "d"),
        ("jane-doe-3b2a91", "janedoe", "jane", "doe"),
        ("robertsmith", "robertsmith", "robert", "smith"),
        ("jane.doe+news@gmail.com", "janedoe", "jane", "doe"),
        ("jane.bsky.social", "jane", "", ""),
    ],
)
def test_split_handle(handle: str, compact: str, first: str, last: str) -> None:
    h = split_handle(handle)
    assert h is not None
    assert (h.compact, h.first, h.last) == (compact, first, last)


def test_did_has_no_name() -> None:
    assert split_handle("did:plc:abc123") is None


def test_name_patterns() -> None:
    n = parse_name("Jane Doe")
    assert n is not None
    pats = name_patterns(n)
    assert pats["janedoe"] == "full"
    assert pats["jdoe"] == "initial+last"
    assert pats["doejane"] == "reversed"
    assert pats["janed"] == "first+initial"


@given(st.text(max_size=40))
def test_normalisation_idempotent(raw: str) -> None:
    n = parse_name(raw)
    if n is not None:
        again = parse_name(n.display)
        assert again is not None
        assert (again.first, again.middle, again.last) == (n.first, n.middle, n.last)
        assert clean_name(clean_name(raw)) == clean_name(raw)


@pytest.mark.parametrize("raw", ["A0AA0V0JP", "John Smith V", "Dr. Jane van der Berg Jr."])
def test_a_parsed_name_reads_back_the_same(raw: str) -> None:
    # nameparser drops "JP" as a suffix, after which "V" would become one too.
    n = parse_name(raw)
    assert n is not None and parse_name(n.display) == n


@pytest.mark.parametrize(
    ("raw", "quality"),
    [
        ("", 0),
        ("Lorenzo | Data @ Juniper", 1),
        ("J. Doe", 1),
        ("Jane D.", 1),
        ("Doe, Jane", 2),
        ("Yu Hu 🌍", 2),
        ("jane doe", 2),
        ("Dr. Jane Doe, PhD", 2),
        ("Zoë Brandt-Øster", 3),
        ("Seán O'Brien", 3),
        ("Seán O’Brien", 3),
        ("María José García López", 3),
    ],
)
def test_name_quality(raw: str, quality: int) -> None:
    assert name_quality(raw) == quality
