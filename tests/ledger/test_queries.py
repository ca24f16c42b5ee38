"""Finding people by what users type: ids, handles, names; and searching the list."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from warmly.errors import NotFoundError, WarmlyError
from warmly.identity.namekey import name_key
from warmly.ledger.identity_ops import merge_by_ref, unmerge_by_ref
from warmly.ledger.queries import find_person, list_people
from warmly.store.models import Identity, Person

NOW = datetime(2026, 1, 1, tzinfo=UTC)
PEOPLE = [  # name, identities
    ("Kim Park", [("x", "kpark")]),
    ("Kyle Parkes", [("linkedin", "kpark")]),
    ("12345", [("x", "12345fan")]),  # an X account whose display name is digits
    ("Ana_Lima", [("email", "ana%lima@example.org")]),
    ("Bo Chen", [("x", "bochen")]),
    ("Cy Rowe", [("x", "cyrowe")]),
]


@pytest.fixture
def ws(workspace):
    with workspace.sessions.begin() as s:
        for name, idents in PEOPLE:
            p = Person(display_name=name, name_key=name_key(name), created_at=NOW)
            s.add(p)
            s.flush()
            for platform, handle in idents:
                s.add(Identity(person_id=p.id, platform=platform, handle=handle, created_at=NOW))
    return workspace


def _find(ws, ref: str) -> str:
    with ws.sessions() as s:
        return find_person(s, ref).display_name


def test_a_handle_two_people_hold_on_different_networks_is_ambiguous(ws):
    with pytest.raises(NotFoundError, match=r"2 people hold '@kpark'.*x:kpark.*linkedin:kpark"):
        _find(ws, "@kpark")
    assert _find(ws, "x:kpark") == "Kim Park"
    assert _find(ws, "linkedin:@kpark") == "Kyle Parkes"


def test_a_name_of_digits_is_found_when_no_id_is_that_number(ws):
    assert _find(ws, "12345") == "12345"
    with pytest.raises(NotFoundError, match="no person with id 99999"):
        _find(ws, "99999")


def test_an_empty_name_is_refused_not_matched_with_everyone(ws):
    with pytest.raises(NotFoundError, match="name a person"):
        _find(ws, "  ")


@pytest.mark.parametrize(("typed", "expected"), [("%", {"Ana_Lima"}), ("_", set())])
def test_search_takes_wildcards_literally(ws, typed, expected):
    # "%" is in Ana's address; "_" is in no handle (names are searched without it)
    with ws.sessions() as s:
        assert {p.name for p in list_people(s, search=typed)} == expected


def test_unmerge_by_handle_undoes_the_merge_that_brought_it(ws):
    merge_by_ref(ws, "Kim Park", "Bo Chen")
    merge_by_ref(ws, "Kim Park", "Cy Rowe")
    # @bochen now belongs to Kim Park, whose latest merge took Cy Rowe
    assert "Bo Chen" in unmerge_by_ref(ws, "@bochen")
    with ws.sessions() as s:
        bo = s.scalars(select(Person).where(Person.display_name == "Bo Chen")).one()
        cy = s.scalars(select(Person).where(Person.display_name == "Cy Rowe")).one()
        assert bo.merged_into is None and cy.merged_into is not None


@pytest.mark.parametrize("typed", ["⁹⁹", "2147483648", "99999999999999999999"])
def test_digits_that_are_no_id_are_not_found_rather_than_crashing(ws, typed):
    # "⁹⁹" is digits to str.isdigit but not to int(); ids are 32-bit on PostgreSQL
    with pytest.raises(NotFoundError):
        _find(ws, typed)
    with pytest.raises(WarmlyError):
        unmerge_by_ref(ws, typed)


def test_a_number_that_is_no_id_is_not_matched_inside_a_name(ws):
    # "234" is inside the name "12345": taking it for that person would let a
    # mistyped id show, or merge, someone else entirely
    with pytest.raises(NotFoundError, match="no person with id 234"):
        _find(ws, "234")
    with pytest.raises(WarmlyError):
        merge_by_ref(ws, "Kim Park", "234")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("x:kpark", {"Kim Park"}),
        ("linkedin:@kpark", {"Kyle Parkes"}),
        ("kpark", {"Kim Park", "Kyle Parkes"}),
    ],
)
def test_search_takes_a_network_prefix_as_show_does(ws, typed, expected):
    with ws.sessions() as s:
        assert {p.name for p in list_people(s, search=typed)} == expected


def test_a_profile_url_copied_from_a_browser_finds_its_person(workspace, tmp_path) -> None:
    from warmly.ledger.pipeline import import_path
    from warmly.ledger.queries import find_person

    (tmp_path / "Connections.csv").write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Zoë,Brandt,https://www.linkedin.com/in/zo%C3%AB-brandt,,Ink,Editor,14 Jan 2026\n",
        encoding="utf-8",
    )
    import_path(workspace, tmp_path / "Connections.csv")
    with workspace.sessions() as s:
        for ref in (
            "https://www.linkedin.com/in/zo%C3%AB-brandt",
            "https://www.linkedin.com/in/zoë-brandt/",
            "www.linkedin.com/in/zo%C3%AB-brandt?trk=public",
        ):
            assert find_person(s, ref).display_name == "Zoë Brandt", ref


def test_a_limited_list_says_how_many_there_are(workspace, tmp_path) -> None:
    from tests.cli.helpers import invoke
    from warmly.ledger.pipeline import import_path
    from warmly.ledger.queries import count_people, list_people

    cards = "".join(
        f"BEGIN:VCARD\nVERSION:3.0\nFN:Ana Ruiz {n}\nEMAIL:ana{n}@example.org\nEND:VCARD\n"
        for n in ("Uno", "Dos", "Tres")
    )
    (tmp_path / "c.vcf").write_text(cards)
    import_path(workspace, tmp_path / "c.vcf")
    with workspace.sessions() as s:
        assert count_people(s) == len(list_people(s)) == 3
        assert count_people(s, "ana2") == 0 and count_people(s, "tres") == 1
    shown = " ".join(invoke(workspace, "people", "--limit", "2").stdout.split())
    assert shown.startswith("3 people, the first 2 shown (`--limit 0` lists all)")
