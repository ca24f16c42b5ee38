"""Names read out of handles, and what a shared handle alone is worth."""

from __future__ import annotations

import pytest

from tests.identity.background import BACKGROUND as _BACKGROUND
from warmly.identity.match import PersonFacts, find_candidates, score_pair
from warmly.identity.match_features import org_key
from warmly.identity.match_handles import Vocabulary, read_handle
from warmly.identity.names import split_handle


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
    [
        ("akrirdev", {"a krir"}),
        ("realjdoe", {"j doe"}),
        ("realjdoedev", {"j doe"}),
        ("jdoe", {"j doe"}),
    ],
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
    assert "same handle on Mastodon and X ('maplewave579')" in c.reasons


def test_a_short_word_handle_alone_is_only_a_hint() -> None:
    x = PersonFacts(1, [], [("x", "pixelfox")], [])
    masto = PersonFacts(2, [], [("mastodon", "pixelfox@mas.to")], [])
    assert score_pair(x, masto, [x, masto, *_BACKGROUND]).confidence < 0.92


def test_different_given_names_outweigh_a_shared_handle() -> None:
    x = PersonFacts(1, ["Kadie 🚀"], [("x", "kbarnes_dev")], [])
    sky = PersonFacts(2, ["Ked Barnes"], [("bluesky", "kbarnesdev.bsky.social")], [])
    kadie = PersonFacts(3, ["Kadie Olsen"], [("linkedin", "kadie-olsen")], [])  # a given name
    c = score_pair(x, sky, [x, sky, kadie, *_BACKGROUND])
    assert c.confidence < 0.5
    assert "different given names (kadie ~ ked): against" in c.reasons


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Katherine 🌍", "Kathrine Berg"),  # a spelling variant
        ("Haddad", "Omar Haddad"),  # one word, a surname in this ledger
        ("Bob ✨", "Robert Berg"),  # a nickname
    ],
)
def test_no_given_name_conflict_for_variants_surnames_and_nicknames(a: str, b: str) -> None:
    x = PersonFacts(1, [a], [("x", "maplewave579")], [])
    li = PersonFacts(2, [b], [("mastodon", "maplewave579@mas.to")], [])
    c = score_pair(x, li, [x, li, *_BACKGROUND])
    assert not any("different given names" in r for r in c.reasons), c


def test_a_handle_read_given_name_says_where_it_was_read() -> None:
    li = PersonFacts(1, ["Sena Dullstealridge"], [("linkedin", "sena-d")], ["Lynxfalcon"])
    mail = PersonFacts(2, [], [("email", "sena@lynxfalcon.com")], [])
    c = score_pair(li, mail, [li, mail, *_BACKGROUND])
    assert any("'sena dullstealridge' ~ '@sena@lynxfalcon.com'" in r for r in c.reasons), c


@pytest.mark.parametrize("handle", ["coffeelover", "bitcoin2024", "jdoe1985"])
def test_a_word_or_a_year_is_not_a_distinctive_handle(handle: str) -> None:
    x = PersonFacts(1, [], [("x", handle)], [])
    sky = PersonFacts(2, [], [("bluesky", f"{handle}.bsky.social")], [])
    assert score_pair(x, sky, [x, sky, *_BACKGROUND]).confidence < 0.92


def test_role_addresses_sharing_a_local_part_are_no_evidence() -> None:
    shop = PersonFacts(1, [], [("email", "donotreply@shop.com")], [])
    bank = PersonFacts(2, [], [("email", "donotreply@bank.com")], [])
    assert score_pair(shop, bank, [shop, bank, *_BACKGROUND]).confidence < 0.5


def test_one_handle_on_three_networks_is_one_person() -> None:
    people = [
        PersonFacts(1, [], [("x", "maplewave579")], []),
        PersonFacts(2, [], [("mastodon", "maplewave579@mas.to")], []),
        PersonFacts(3, [], [("bluesky", "maplewave579.bsky.social")], []),
    ]
    # The third holder is the same human's third account, not a stranger.
    population = [*people, *_BACKGROUND]
    for a, b in ((0, 1), (0, 2), (1, 2)):
        assert score_pair(people[a], people[b], population).confidence >= 0.95


def test_emails_are_never_read_as_cut_handles() -> None:
    # X cuts handles at 15 characters; an address of that length is whole.
    li = PersonFacts(1, ["Christopher Walker"], [("linkedin", "christopher-walker")], [])
    other = PersonFacts(3, ["Christopher Walkerson"], [("linkedin", "c-walkerson")], [])
    mail = PersonFacts(2, [], [("email", "christopher.walk@gmail.com")], [])
    c = score_pair(li, mail, [li, mail, other, *_BACKGROUND])
    assert c.confidence < 0.92 and not any("same name" in r for r in c.reasons), c


def test_a_patronymic_surname_is_not_a_given_name_and_initial() -> None:
    evan = PersonFacts(1, ["Evan Smith"], [("linkedin", "evan-smith")], ["Acme"])
    mail = PersonFacts(2, [], [("email", "evans@acme.com")], [])
    assert score_pair(evan, mail, [evan, mail, *_BACKGROUND]).confidence < 0.92
    assert not _read("evans@acme.com", {"evan"}, set()).partial


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


@pytest.mark.parametrize(
    ("handle", "inits"),
    [("whitej", {"j white"}), ("mercierq", {"q mercier"}), ("rahmana", {"a rahman"})],
)
def test_a_surname_and_the_given_names_initial(handle: str, inits: set[str]) -> None:
    assert _read(handle, {"jorg", "quinn"}, {"white", "mercier", "rahman"}).inits >= inits


def test_a_surname_that_is_also_a_given_name_is_not_read_backwards() -> None:
    # "jamesa": James is a given name first; no "a james" initial is made up.
    assert "a james" not in _read("jamesa", {"james"}, {"james"}).inits


def test_a_cut_handle_may_end_in_part_of_a_junk_word() -> None:
    # joannamuldercodes, cut at X's 15 characters.
    r = _read("joannamuldercod", {"joanna"}, {"mulder"}, cut=True)
    assert ("joanna", "mulder") in r.pairs
    assert not _read("joannamuldercod", {"joanna"}, {"mulder"}).pairs  # uncut: no


def test_an_x_headline_names_the_employer_a_profile_shows() -> None:
    from warmly.identity.match_features import headline_employer

    assert headline_employer("Beatriz | Data @ Skyward") == "Skyward"
    assert headline_employer("Lee - CTO at Northwind Traders") == "Northwind Traders"
    assert headline_employer("Joe | building @acme") is None  # a handle, not a company
    assert headline_employer("Sam | ML at scale") is None
    assert headline_employer("Ana Berg") is None
    li = PersonFacts(
        1, ["Beatriz Rodrigues"], [("linkedin", "beatriz-rodrigues")], ["Skyward Analytics"]
    )
    x = PersonFacts(2, ["Beatriz | Data @ Skyward"], [("x", "thebeatrizr")], [])
    c = score_pair(li, x, [*_BACKGROUND, li, x])
    assert "org" in c.rule and any("Skyward" in r for r in c.reasons)
