"""Namesake estimates, handle readings and the ledger-wide cap on wrong merges."""

from __future__ import annotations

import pytest

from warmly.identity.match import MatchConfig, PersonFacts, find_candidates, prepare
from warmly.identity.match_features import extract
from warmly.identity.match_handles import read_handle
from warmly.identity.match_select import MatchCandidate, hold_for_precision
from warmly.identity.names import split_handle

_SYL = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "de", "fu", "go", "ha", "je", "pi", "zo"]
# 225 names, each given name and each surname used once: one human per name.
_NAMES = [
    (f"{a}{b}na", f"{b}{a}vik") for i, a in enumerate(_SYL) for j, b in enumerate(_SYL) if i != j
][:200]


def _ledger(copies: int, start: int = 1) -> list[PersonFacts]:
    """Every name on ``copies`` networks, one account each."""
    out: list[PersonFacts] = []
    plats = [("linkedin", "{f}-{l}"), ("x", "{f}_{l}_x"), ("email", "{f}.{l}@gmail.com")]
    for f, last in _NAMES:
        for p, h in plats[:copies]:
            pid = start + len(out)
            out.append(PersonFacts(pid, [f"{f} {last}"], [(p, h.format(f=f, l=last))]))
    return out


_BACKGROUND = _ledger(1, start=10_000)


def test_persons_per_human_is_not_read_from_its_own_name() -> None:
    # A human seen three times must not make his own name look three times
    # commoner: the persons-per-human law comes out at three.
    _feats, fq = prepare(_ledger(3), MatchConfig(min_population=10))
    assert fq.rho == pytest.approx(3.0)


def test_one_account_per_network_reads_as_one_human() -> None:
    # Three persons with one name on three networks merge; with two LinkedIn
    # profiles among them they are at least two humans and nothing merges.
    people = _ledger(3)
    found = {(c.a, c.b) for c in find_candidates(people) if c.confidence >= 0.92}
    assert {(1, 2), (1, 3), (2, 3)} <= found
    f, last = _NAMES[0]
    rivals = [
        PersonFacts(1, [f"{f} {last}"], [("linkedin", "one")]),
        PersonFacts(2, [f"{f} {last}"], [("linkedin", "two")]),
        PersonFacts(3, [f"{f} {last}"], [("x", "someone")]),
        *_ledger(1, start=10)[1:],
    ]
    assert all(c.confidence < 0.92 for c in find_candidates(rivals) if c.b <= 3)


@pytest.mark.parametrize(
    ("handle", "spelled"),
    [
        ("santiago98", set()),  # a given name alone, not Go Santia
        ("lanon89", set()),  # two-letter pieces: chance, not a name
        ("weili", {("wei", "li")}),  # Li is a real two-letter surname
        ("janedoe", {("jane", "doe")}),
    ],
)
def test_compact_handles_split_only_at_real_names(
    handle: str, spelled: set[tuple[str, str]]
) -> None:
    split = split_handle(handle)
    assert split is not None
    firsts = {"santiago", "go", "la", "wei", "jane"}
    lasts = {"santia", "non", "li", "doe"}
    assert read_handle(split, firsts, lasts).pairs == spelled


def test_a_handle_cannot_rename_a_person_who_shows_a_name() -> None:
    # kallen read as "Kal Len" must not pair Krzysztof Allen with a stranger.
    a = PersonFacts(1, ["Krzysztof Allen"], [("email", "kallen@gmail.com")])
    b = PersonFacts(2, ["Kal Len"], [("linkedin", "kal-len")])
    found = find_candidates([a, b, *_BACKGROUND])
    assert not [c for c in found if c.confidence >= 0.92 and c.b <= 2]


def test_given_name_and_initial_are_blocked_together() -> None:
    # "Ottilie V." with an unrelated handle still meets Ottilie Vandermeer.
    a = PersonFacts(1, ["Ottilie Vandermeer"], [("linkedin", "ottilie-vandermeer")])
    b = PersonFacts(2, ["Ottilie V."], [("x", "pixelfox42")])
    found = {(c.a, c.b): c for c in find_candidates([a, b, *_BACKGROUND])}
    assert (1, 2) in found and found[(1, 2)].rule == "first+initial"


def test_a_given_name_alone_never_merges() -> None:
    a = PersonFacts(1, ["Ottilie Vandermeer"], [("linkedin", "ottilie-vandermeer")])
    b = PersonFacts(2, ["Ottilie 🚀"], [("x", "pixelfox42")])
    assert all(c.confidence < 0.92 for c in find_candidates([a, b, *_BACKGROUND]))


def test_mastodon_shortcodes_are_not_names() -> None:
    assert extract(PersonFacts(1, ["Karen Smith :blobcat:"])).full == {"karen smith"}


def test_hold_for_precision_keeps_the_expected_error_share() -> None:
    cfg = MatchConfig(max_false_merges=0.01)
    sure = [MatchCandidate(i, i + 1000, 0.999, [], "r") for i in range(10)]
    weak = [MatchCandidate(i + 100, i + 2000, 0.93, [], "r") for i in range(10)]
    out = hold_for_precision([*weak, *sure], cfg)
    merged = [c for c in out if c.confidence >= cfg.auto_merge]
    assert len(merged) == 11  # ten sure ones buy room for one at 7 % risk
    assert sum(1 - c.confidence for c in merged) / len(merged) <= 0.01
    held = [c for c in out if c.confidence < cfg.auto_merge]
    assert all(any("held for review" in r for r in c.reasons) for c in held)
