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


def test_notes_snoozes_tasks_pins_actions_and_planned_items_follow_the_human(workspace, ids):
    from datetime import UTC, date, datetime

    from warmly.store.models import Note
    from warmly.store.models_agenda import AgendaItem, Pin, Snooze, Task
    from warmly.store.models_outbox import Action

    keep, gone = ids
    now = datetime(2026, 3, 1, tzinfo=UTC)
    item = dict(reason="reply", action="message", platform="email", minutes=3.0, value=1.0)
    with workspace.sessions.begin() as s:
        s.add(Note(person_id=gone, text="met at the loom fair", created_at=now))
        s.add(Snooze(person_id=gone, until=now, created_at=now))
        s.add(Task(person_id=gone, kind="promise", text="send the pattern", created_at=now))
        s.add(Pin(person_id=gone, layer=0, created_at=now))
        s.add(Action(key="a1", person_id=gone, platform="email", kind="message", created_at=now))
        s.add(
            AgendaItem(
                id="i1",
                day=date(2026, 3, 1),
                key="k1",
                person_id=gone,
                people=[gone],
                why="owes a reply",
                created_at=now,
                **item,
            )
        )
        s.add(
            AgendaItem(
                id="i0",
                day=date(2026, 2, 1),
                key="k0",
                person_id=gone,
                people=[gone],
                why="done before",
                status="done",
                created_at=now,
                **item,
            )
        )

    def holders(s) -> dict[str, object]:
        return {
            "note": s.scalars(select(Note.person_id)).one(),
            "snooze": s.scalars(select(Snooze.person_id)).one(),
            "task": s.scalars(select(Task.person_id)).one(),
            "pin": s.scalars(select(Pin.person_id)).one(),
            "action": s.scalars(select(Action.person_id)).one(),
            "planned": s.get(AgendaItem, "i1").people,
            "history": s.get(AgendaItem, "i0").person_id,  # a past day's plan stays as it was
        }

    with workspace.sessions.begin() as s:
        merge_people(s, keep, gone, decided_by="user")
    with workspace.sessions() as s:
        assert holders(s) == {
            **dict.fromkeys(("note", "snooze", "task", "pin", "action"), keep),
            "planned": [keep],
            "history": gone,
        }
    with workspace.sessions.begin() as s:
        unmerge(s, gone)
    with workspace.sessions() as s:
        assert holders(s) == {
            **dict.fromkeys(("note", "snooze", "task", "pin", "action"), gone),
            "planned": [gone],
            "history": gone,
        }


THREE = """BEGIN:VCARD
VERSION:3.0
FN:Ines Ferro
EMAIL:ines@one.example
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Ines Ferro
EMAIL:ines@two.example
ORG:Verdant Looms
CATEGORIES:weaver
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Ines Ferro
EMAIL:ines@three.example
ORG:Dye Works
CATEGORIES:weaver
END:VCARD
"""


def test_undoing_an_earlier_merge_keeps_what_a_later_one_also_brought(workspace, tmp_path):
    from warmly.store.models_agenda import Pin

    (tmp_path / "i.vcf").write_text(THREE)
    import_path(workspace, tmp_path / "i.vcf")
    with workspace.sessions.begin() as s:
        a, b, c = s.scalars(
            select(Person.id).where(Person.is_owner.is_(False)).order_by(Person.id)
        ).all()
        now = s.get(Person, a).created_at
        s.add_all(
            [Pin(person_id=b, layer=0, created_at=now), Pin(person_id=c, layer=1, created_at=now)]
        )
    with workspace.sessions.begin() as s:
        merge_people(s, a, b, decided_by="user")  # takes b's tag, org and pin
        merge_people(s, a, c, decided_by="user")  # c's are there already
    with workspace.sessions.begin() as s:
        unmerge(s, b)
    with workspace.sessions() as s:
        # a and c together, as if b had never been merged
        assert _state(s, a) == ("Dye Works", None, ["weaver"])
        assert s.get(Pin, a).layer == 1
    with workspace.sessions.begin() as s:
        unmerge(s, c)
    with workspace.sessions() as s:
        assert _state(s, a) == (None, None, [])
        assert s.get(Pin, a) is None
        assert (_state(s, b), _state(s, c)) == (
            ("Verdant Looms", None, ["weaver"]),
            ("Dye Works", None, ["weaver"]),
        )
        assert (s.get(Pin, b).layer, s.get(Pin, c).layer) == (0, 1)


def test_the_better_name_of_the_two_names_the_human_until_unmerged(workspace, ids):
    keep, gone = ids
    with workspace.sessions.begin() as s:
        s.get_one(Person, keep).display_name = "Odile | Weaving @ Verdant"
    with workspace.sessions.begin() as s:
        ev = merge_people(s, keep, gone, decided_by="auto", reasons=["same address"])
        assert s.get_one(Person, keep).display_name == "Odile Marchetti"
        assert ev.undo["renamed"][0] == "Odile | Weaving @ Verdant"
    with workspace.sessions.begin() as s:
        unmerge(s, gone)
        assert s.get_one(Person, keep).display_name == "Odile | Weaving @ Verdant"
        assert s.get_one(Person, gone).display_name == "Odile Marchetti"


def test_a_name_no_better_than_the_survivors_leaves_it(workspace, ids):
    keep, gone = ids
    with workspace.sessions.begin() as s:
        s.get_one(Person, gone).display_name = "odile marchetti 🧶"
        ev = merge_people(s, keep, gone, decided_by="auto", reasons=["same address"])
        assert s.get_one(Person, keep).display_name == "Odile Marchetti"
        assert "renamed" not in ev.undo
