"""The shared import pipeline: idempotence, bad input, deterministic links, owner."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from warmly import importers
from warmly.errors import ImportFileError
from warmly.ledger.pipeline import import_path
from warmly.ledger.ties import rebuild_all
from warmly.ledger.tiestate import Tie
from warmly.store.models import Identity, ImportRun, Interaction, Person, ProfileFact, TieState


@pytest.fixture(autouse=True)
def fake_importer(monkeypatch: pytest.MonkeyPatch) -> None:
    # Only the fake format, so these tests do not depend on the real importers.
    monkeypatch.setattr(
        "warmly.importers.REGISTRY", {"fake": "tests.ledger.fake_importer:FakeImporter"}
    )


def write(tmp_path: Path, name: str, records: list[dict]) -> Path:
    p = tmp_path / name
    p.write_text(json.dumps(records))
    return p


JANE = ["linkedin", "jane-doe"]
JANE_MAIL = ["email", "jane@northwind.example"]
WORLD = [
    {
        "type": "owner",
        "ids": [["email", "me@example.org"]],
        "name": "Jordan Avery",
        "specialties": ["Python backend"],
    },
    {
        "type": "contact",
        "key": "c1",
        "ids": [JANE, JANE_MAIL],
        "name": "Jane Doe",
        "org": "Northwind",
    },
    {
        "type": "contact",
        "key": "c2",
        "ids": [["x", "bobk"]],
        "name": "Bob Kim",
        "tags": ["x:follower"],
    },
    {
        "type": "msg",
        "key": "m1",
        "at": "2025-01-02T10:00:00+00:00",
        "to": [JANE_MAIL],
        "text": "hi there",
    },
    {
        "type": "msg",
        "key": "m2",
        "at": "2025-02-02T10:00:00+00:00",
        "to": [JANE, ["x", "bobk"]],
        "dir": "out",
        "platform": "linkedin",
        "text": "group hello",
    },
    {
        "type": "msg",
        "key": "m3",
        "at": "2025-03-02T10:00:00+00:00",
        "to": [["email", "me@example.org"]],
    },
    {
        "type": "msg",
        "key": "m4",
        "at": "2025-03-03T10:00:00+00:00",
        "platform": "linkedin",
        "kind": "comment",
        "to": [["linkedin", None, "Jane Doe"]],
    },
    {"type": "error", "why": "bad date '31/31/2025'"},
    {"type": "skip", "why": "mailing list"},
]


def count(ws, model) -> int:
    with ws.sessions() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_import_then_reimport_adds_nothing(workspace, tmp_path):
    path = write(tmp_path, "world.fake", WORLD)
    first = import_path(workspace, path)
    assert (first.read, first.added, first.skipped, first.errors) == (8, 5, 2, 1)
    again = import_path(workspace, path)
    assert again.added == 0 and again.people_added == 0
    assert again.unchanged == 5
    assert count(workspace, Interaction) == 4  # m2 gives one row per recipient; m3 is with me


def test_problems_name_the_record(workspace, tmp_path):
    rep = import_path(workspace, write(tmp_path, "w.fake", WORLD))
    where = {(p["kind"], p["where"]): p["why"] for p in rep.problems}
    assert where[("error", "record 8")] == "bad date '31/31/2025'"
    assert where[("skipped", "record 9")] == "mailing list"
    assert any("yourself" in why for why in where.values())


def test_one_record_names_two_identities_links_them(workspace, tmp_path):
    import_path(
        workspace,
        write(
            tmp_path,
            "a.fake",
            [
                {"type": "contact", "key": "x1", "ids": [["x", "janed"]], "name": "Jane D"},
                {"type": "contact", "key": "l1", "ids": [JANE], "name": "Jane Doe"},
            ],
        ),
    )
    assert count(workspace, Person) == 3  # owner + two people not yet known to be one
    import_path(
        workspace,
        write(
            tmp_path,
            "b.fake",
            [
                {
                    "type": "contact",
                    "key": "v1",
                    "ids": [JANE, ["x", "janed"], JANE_MAIL],
                    "name": "Jane Doe",
                },
            ],
        ),
    )
    with workspace.sessions() as s:
        owners = {
            i.person_id for i in s.scalars(select(Identity).where(Identity.platform != "email"))
        }
        live = s.scalars(
            select(Person).where(Person.merged_into.is_(None), Person.is_owner.is_(False))
        ).all()
    assert len(live) == 1
    assert len(owners - {None}) >= 1


def test_name_only_reference_resolves_to_the_named_person(workspace, tmp_path):
    import_path(workspace, write(tmp_path, "w.fake", WORLD))
    with workspace.sessions() as s:
        jane = s.scalars(select(Identity.person_id).where(Identity.handle == "jane-doe")).one()
        kinds = set(s.scalars(select(Interaction.kind).where(Interaction.person_id == jane)))
        placeholders = s.scalars(select(Identity).where(Identity.handle.like("~%"))).all()
    assert "comment" in kinds
    assert placeholders == []


def test_owner_is_never_a_contact(workspace, tmp_path):
    import_path(workspace, write(tmp_path, "w.fake", WORLD))
    with workspace.sessions() as s:
        owner = s.scalars(select(Person).where(Person.is_owner.is_(True))).one()
        assert owner.display_name == "Jordan Avery"
        assert (
            s.scalar(
                select(func.count())
                .select_from(Interaction)
                .where(Interaction.person_id == owner.id)
            )
            == 0
        )
        assert s.scalars(
            select(ProfileFact.value).where(ProfileFact.kind == "specialty")
        ).all() == ["Python backend"]


def test_owner_learned_later_absorbs_the_contact_it_was(workspace, tmp_path):
    import_path(
        workspace,
        write(
            tmp_path,
            "a.fake",
            [
                {
                    "type": "msg",
                    "key": "k1",
                    "at": "2025-01-01T00:00:00+00:00",
                    "to": [["x", "me_x"]],
                },
                {
                    "type": "msg",
                    "key": "k2",
                    "at": "2025-01-01T00:00:00+00:00",
                    "to": [["x", "pal"]],
                },
            ],
        ),
    )
    import_path(workspace, write(tmp_path, "b.fake", [{"type": "owner", "ids": [["x", "me_x"]]}]))
    with workspace.sessions() as s:
        owner = s.scalars(select(Person.id).where(Person.is_owner.is_(True))).one()
        me = s.scalars(select(Identity.person_id).where(Identity.handle == "me_x")).one()
        assert me == owner
        assert (
            s.scalar(
                select(func.count()).select_from(Interaction).where(Interaction.person_id == owner)
            )
            == 0
        )


def test_a_file_that_fails_midway_writes_nothing_and_a_rerun_matches_a_clean_run(
    workspace, tmp_path
):
    bad = write(tmp_path, "bad.fake", [*WORLD[:5], {"type": "boom"}])
    with pytest.raises(ImportFileError, match="cannot go on"):
        import_path(workspace, bad)
    assert count(workspace, Interaction) == 0
    assert count(workspace, Person) == 1  # only the owner, created before the import
    with workspace.sessions() as s:
        assert s.scalars(select(ImportRun.status)).all() == ["failed"]
    good = import_path(workspace, write(tmp_path, "good.fake", WORLD))
    assert good.added == 5


def test_incremental_tie_state_equals_a_full_rebuild(workspace, tmp_path):
    msgs = [
        {
            "type": "msg",
            "key": f"k{i}",
            "at": f"2025-{1 + i % 12:02d}-{1 + i % 27:02d}T08:00:00+00:00",
            "to": [JANE_MAIL],
            "dir": "in" if i % 3 else "out",
            "text": "word " * (i % 7),
        }
        for i in range(40)
    ]
    import_path(workspace, write(tmp_path, "a.fake", msgs[20:]))  # newer half first
    import_path(workspace, write(tmp_path, "b.fake", msgs[:20]))
    with workspace.sessions() as s:
        before = {r.person_id: Tie.from_row(r) for r in s.scalars(select(TieState))}
    with workspace.sessions.begin() as s:
        rebuild_all(s, workspace.settings.ties)
    with workspace.sessions() as s:
        after = {r.person_id: Tie.from_row(r) for r in s.scalars(select(TieState))}
    assert before.keys() == after.keys()
    for pid, t in before.items():
        u = after[pid]
        assert (t.n_in, t.n_out, t.words_in, t.last_at, t.first_at) == (
            u.n_in,
            u.n_out,
            u.words_in,
            u.last_at,
            u.first_at,
        )
        assert t.decay_in == pytest.approx(u.decay_in, rel=1e-9)
        assert t.decay_out == pytest.approx(u.decay_out, rel=1e-9)


def test_unknown_and_ambiguous_formats_are_refused(workspace, tmp_path, monkeypatch):
    p = tmp_path / "mystery.bin"
    p.write_bytes(b"\x00\x01")
    with pytest.raises(ImportFileError, match="no importer recognises"):
        import_path(workspace, p)
    monkeypatch.setitem(importers.REGISTRY, "fake2", "tests.ledger.fake_importer:FakeImporter")
    with pytest.raises(ImportFileError, match="fake, fake"):
        import_path(workspace, write(tmp_path, "w.fake", WORLD))


def test_the_same_bytes_again_are_recognised_without_parsing(workspace, tmp_path, monkeypatch):
    clean = [r for r in WORLD if r["type"] != "error"]
    path = write(tmp_path, "w.fake", clean)
    first = import_path(workspace, path)
    calls = []
    monkeypatch.setattr(
        "tests.ledger.fake_importer.FakeImporter.read",
        lambda self, tree, ctx: calls.append(1) or iter(()),
    )
    again = import_path(workspace, path)
    assert calls == []  # not parsed at all
    assert (again.added, again.unchanged, again.read) == (0, first.added, first.read)
    assert again.message and "identical to import #1 " in again.message
    # A third time still names the import that read the bytes, not the no-op before it.
    third = import_path(workspace, path)
    assert third.message and "identical to import #1 " in third.message
    assert (third.unchanged, third.read) == (first.added, first.read)
    # changed bytes are parsed as usual
    write(tmp_path, "w.fake", [*clean, {"type": "skip", "why": "one more"}])
    import_path(workspace, path)
    assert calls == [1]


def test_a_file_with_bad_records_is_read_again(workspace, tmp_path):
    path = write(tmp_path, "w.fake", WORLD)  # holds one bad record
    import_path(workspace, path)
    again = import_path(workspace, path)
    assert again.message is None and again.errors == 1 and again.added == 0


def test_an_owner_address_learned_mid_file_is_the_owner_for_the_rest_of_it(workspace, tmp_path):
    # An mbox names a new owner address at its first Sent message: the rows
    # after it that name the address are the user's own, not a new contact.
    def msg(key: str, to: str) -> dict[str, object]:
        return {"type": "msg", "key": key, "at": "2025-01-01T00:00:00+00:00", "to": [to]}

    records = [
        msg("k1", ["email", "pal@example.org"]),
        {"type": "owner", "ids": [["email", "me@example.org"]], "name": "Me"},
        msg("k2", ["email", "me@example.org"]),
        msg("k3", ["email", "pal@example.org"]),
    ]
    rep = import_path(workspace, write(tmp_path, "a.fake", records))
    assert rep.added == 2 and rep.skipped == 1  # k2: an interaction with yourself
    with workspace.sessions() as s:
        owner = s.scalars(select(Person.id).where(Person.is_owner.is_(True))).one()
        holders = s.scalars(
            select(Identity.person_id).where(Identity.handle == "me@example.org")
        ).all()
        assert holders == [owner]


def test_a_contact_sets_its_person_s_job_and_birthday(workspace, tmp_path):
    long_org = "Northwind " * 40  # 400 characters: PostgreSQL refuses more than 300
    rows = [
        {"type": "contact", "key": "c1", "ids": [JANE], "name": "Jane Doe", "org": "Northwind"},
        {"type": "contact", "key": "c2", "ids": [["x", "bo"]], "name": "Bo", "title": "CTO"},
        {"type": "contact", "key": "c4", "ids": [["x", "di"]], "name": "Di", "born": "1990-02-03"},
        {"type": "contact", "key": "c3", "ids": [["x", "cy"]], "name": "Cy", "org": long_org},
    ]
    import_path(workspace, write(tmp_path, "jobs.fake", rows))
    with workspace.sessions() as s:
        got = {
            name: (org, title)
            for name, org, title in s.execute(
                select(Person.display_name, Person.organisation, Person.title)
            )
        }
        born = s.scalar(select(Person.birthday).where(Person.display_name == "Di"))
    assert got["Jane Doe"] == ("Northwind", None)
    assert got["Bo"] == (None, "CTO")
    assert got["Cy"] == (long_org[:300], None)
    assert born == date(1990, 2, 3)


@pytest.mark.parametrize("in_a_worker", [False, True], ids=["here", "worker"])
def test_an_import_reads_with_what_the_ledger_knows_of_the_user_once_it_holds_the_lock(
    workspace, tmp_path, monkeypatch, in_a_worker
):
    # What the user is known by is read before the ledger lock is taken; an
    # import that finished in between (here: the first one, naming the user's
    # address) must not leave this one parsing with the older picture.
    from warmly.importers.base import ImportContext
    from warmly.ledger import pipeline, worker

    import_path(workspace, write(tmp_path, "first.fake", WORLD))
    monkeypatch.setattr(pipeline, "build_context", lambda ws, options, on_wait: ImportContext())
    seen: list[set[tuple[str, str]]] = []
    if in_a_worker:
        monkeypatch.setattr(worker, "PARALLEL_MIN_BYTES", 0)
        monkeypatch.setattr(worker, "_spare_cores", lambda: 2.0)
        # as for a format new to the ledger, which is when a worker starts
        monkeypatch.setattr(pipeline, "_formats_imported", lambda ws: set())
        real_init = worker.ParseWorker.__init__

        def spy_init(self, path, importer, ctx, **kw):
            seen.append(set(ctx.owner))
            real_init(self, path, importer, ctx, **kw)

        monkeypatch.setattr(worker.ParseWorker, "__init__", spy_init)
    else:
        from tests.ledger.fake_importer import FakeImporter

        real_read = FakeImporter.read

        def spy_read(self, tree, ctx):
            seen.append(set(ctx.owner))
            return real_read(self, tree, ctx)

        monkeypatch.setattr(FakeImporter, "read", spy_read)
    msg = {"type": "msg", "key": "n1", "at": "2025-04-01T00:00:00+00:00", "to": [JANE_MAIL]}
    rep = import_path(workspace, write(tmp_path, "second.fake", [msg]))
    assert rep.added == 1
    assert ("email", "me@example.org") in seen[-1]
    if in_a_worker:
        assert seen[0] == set()  # the worker started with the stale picture was replaced


@pytest.mark.parametrize("error", ["attribute", "overflow"])
def test_an_importer_bug_refuses_the_file_in_one_line_and_keeps_the_traceback(
    workspace, tmp_path, error
):
    records = [WORLD[1], {"type": "bad", "error": error}]
    with pytest.raises(ImportFileError, match=r"unreadable \((AttributeError|OverflowError): "):
        import_path(workspace, write(tmp_path, "a.fake", records))
    with workspace.sessions() as s:
        assert s.scalars(select(Person.display_name).where(Person.is_owner.is_(False))).all() == []
        run = s.scalars(select(ImportRun)).one()
    assert run.status == "failed"
    trace = run.details["traceback"]
    assert "Traceback" in trace and "fake_importer.py" in trace


def test_an_interaction_dated_in_the_future_is_an_error_not_a_fresh_contact(
    workspace, tmp_path: Path
) -> None:
    from datetime import UTC, datetime, timedelta

    soon = (datetime.now(UTC) + timedelta(hours=12)).isoformat()  # a clock a little fast
    later = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    path = write(
        tmp_path,
        "future.fake",
        [
            {"type": "msg", "key": "f1", "at": "2099-01-01T00:00:00+00:00", "to": [JANE_MAIL]},
            {"type": "msg", "key": "f2", "at": later, "to": [JANE_MAIL]},
            {"type": "msg", "key": "f3", "at": soon, "to": [JANE_MAIL]},
        ],
    )
    rep = import_path(workspace, path)
    assert (rep.added, rep.errors) == (1, 2)
    assert rep.problems[0] == {
        "kind": "error",
        "where": "record 1",
        "why": "dated in the future (2099-01-01 00:00 UTC): a wrong clock or a forged date",
    }
    with workspace.sessions() as s:
        assert s.scalars(select(Interaction.source_key)).all() == ["f3"]
