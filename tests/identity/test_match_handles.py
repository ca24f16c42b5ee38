"""Names read out of handles, and what a shared handle alone is worth."""

from __future__ import annotations

import pytest

from warmly.identity.match import PersonFacts, find_candidates, score_pair
from warmly.identity.match_features import org_key
from warmly.identity.match_handles import Vocabulary, read_handle
from warmly.identity.names import split_handle

# Background people so that name frequencies look like a real ledger's.
_BACKGROUND = [
    PersonFacts(1000 + i, [f"{f} {last}"], [("linkedin", f"{f}-{last}-{i}")], [])
    for i, (f, last) in enumerate(
        (f, last)
        for f in ("anna", "omar", "lena", "yusuf", "mia", "kofi")
        for last in ("berg", "okafor", "novak", "haddad", "silva", "tanaka")
    )
]


def _read(handle: str, firsts: set[str], lasts: set[str], cut: bool = False):  # type: ignore[no-untyped-def]
    split = split_handle(handle)
    assert split is not None
    return read_handle(split, Vocabulary(firsts), Vocabulary(lasts), cut)


def test_a_cut_surname_keeps_every_reading_it_can_have() -> None:
    r = _read("besjoserrayckda", {"besjoser"}, {"rayckdayswood", "rayckdale", "okafor"}, cut=True)
    assert r.pairs == {("besjoser", "rayckdayswood"), ("besjoser", "rayckdale")}


def test_a_prefix_of_a_crowd_of_surnames_reads_as_nothing() -> None:
    lasts = {f"rodrigue{end}" for end in ("s", "z", "zchisado", "zlopez", "zmora")}
    assert not _read("forela_rodrigue", {"forela"}, lasts, cut=True).pairs


def test_a_cut_given_name_completes_in_a_surname_first_handle() -> None:
    r = _read("martinezmurdone", {"murdonel"}, {"martinez"}, cut=True)
    assert ("murdonel", "martinez") in r.pairs


def test_uncut_handles_are_not_completed() -> None:
    assert not _read("jane_rayck", {"jane"}, {"rayckdayswood"}).pairs


@pytest.mark.parametrize(
    ("handle", "inits"),
    [("akrirdev", {"a krir"}), ("realjdoe", {"j doe"}), ("jdoe", {"j doe"})],
)
def test_glued_junk_words_are_cut_off(handle: str, inits: set[str]) -> None:
    assert _read(handle, {"ahmed"}, {"krir", "doe"}).inits == inits


def test_a_handle_that_is_a_given_name_spells_it_alone() -> None:
    assert _read("dmitri@willowcloud.de", set(), {"mansour"}).given_alone == {"dmitri"}
    assert _read("anna91@gmail.com", {"anna"}, set()).given_alone == {"anna"}
    assert _read("amandak@greensilver.com", {"amanda"}, set()).partial == {"amanda k"}


def test_given_name_at_the_employer_domain_meets_the_profile() -> None:
    li = PersonFacts(1, ["Sena Dullstealridge"], [("linkedin", "sena-d")], ["Lynxfalcon Software"])
    mail = PersonFacts(2, [], [("email", "sena@lynxfalcon.com")], [])
    found = {(c.a, c.b): c for c in find_candidates([li, mail, *_BACKGROUND])}
    assert (1, 2) in found, found
    c = found[(1, 2)]
    assert "first-name" in c.rule and "domain" in c.rule
    assert any("lynxfalcon" in r for r in c.reasons)


def test_a_distinctive_handle_on_two_networks_is_one_person() -> None:
    x = PersonFacts(1, ["Rela 🌍"], [("x", "maplewave579")], [])
    masto = PersonFacts(2, [], [("mastodon", "maplewave579@fosstodon.org")], [])
    c = score_pair(x, masto, [x, masto, *_BACKGROUND])
    assert c.confidence >= 0.92 and c.rule == "same-handle", c
    assert any("same handle on two networks" in r for r in c.reasons)


def test_a_short_word_handle_alone_is_only_a_hint() -> None:
    x = PersonFacts(1, [], [("x", "pixelfox")], [])
    masto = PersonFacts(2, [], [("mastodon", "pixelfox@mas.to")], [])
    assert score_pair(x, masto, [x, masto, *_BACKGROUND]).confidence < 0.92


def test_different_given_names_outweigh_a_shared_handle() -> None:
    x = PersonFacts(1, ["Kadie 🚀"], [("x", "kbarnes_dev")], [])
    sky = PersonFacts(2, ["Ked Barnes"], [("bluesky", "kbarnesdev.bsky.social")], [])
    c = score_pair(x, sky, [x, sky, *_BACKGROUND])
    assert c.confidence < 0.5
    assert any("different given names" in r for r in c.reasons)


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Cedardeep Partners S.A.", "cedardeep partners"),
        ("Foxfirst S.p.A.", "foxfirst"),
        ("Acme N.V.", "acme"),
        ("Booking.com", "booking com"),
    ],
)
def test_dotted_legal_forms_are_dropped_from_organisations(raw: str, key: str) -> None:
    found = org_key(raw)
    assert found is not None and found[0] == key
