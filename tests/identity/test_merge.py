"""Merge and unmerge in the library: what a merge records so that it can be undone."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from warmly.identity.merge import merge_people, unmerge
from warmly.ledger.pipeline import import_path
from warmly.store.models import MergeEvent, Person, Tag

CARDS = """BEGIN:VCARD
VERSION:3.0
FN:Odile Marchetti
EMAIL:odile@one.example
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Odile Marchetti
EMAIL:odile@two.example
ORG:Verdant Looms
CATEGORIES:weaver
END:VCARD
"""


@pytest.fixture
def ids(workspace, tmp_path: Path) -> tuple[int, int]:
    (tmp_path / "o.vcf").write_text(CARDS)
    import_path(workspace, tmp_path / "o.vcf")
    with workspace.sessions() as s:
        found = list(s.scalars(select(Person.id).where(Person.is_owner.is_(False))))
    assert len(found) == 2
    return found[0], found[1]


def _state(s, pid: int) -> tuple:
    p = s.get(Person, pid)
    tags = sorted(s.scalars(select(Tag.tag).where(Tag.person_id == pid)))
    return p.organisation, p.merged_into, tags


def test_merge_records_what_it_filled_and_unmerge_takes_it_back(workspace, ids):
    keep, gone = ids
    with workspace.sessions.begin() as s:
        before = _state(s, keep), _state(s, gone)
        ev = merge_people(s, keep, gone, decided_by="user", reasons=["by hand"])
        assert ev.reasons == ["by hand"]
        assert ev.undo["filled"] == ["organisation"]
        assert ev.undo["tags"] == ["weaver"]
        assert _state(s, keep) == ("Verdant Looms", None, ["weaver"])
    with workspace.sessions.begin() as s:
        unmerge(s, keep)
        assert (_state(s, keep), _state(s, gone)) == before


def test_a_merge_recorded_before_undo_records_still_unmerges(workspace, ids):
    keep, gone = ids
    with workspace.sessions.begin() as s:
        ev = merge_people(s, keep, gone, decided_by="auto", reasons=["same name"])
        ev.undo = None  # as merges were recorded before
    with workspace.sessions.begin() as s:
        [undo] = unmerge(s, gone)
        assert s.get(Person, gone).merged_into is None
        assert s.scalars(select(MergeEvent).where(MergeEvent.id == undo.id)).one().action == (
            "unmerge"
        )
