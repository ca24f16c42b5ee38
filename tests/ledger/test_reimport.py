"""Re-importing a newer export that overlaps an earlier one (real LinkedIn and X importers)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.importers.golden import DATA
from warmly.errors import ImportFileError
from warmly.importers import email_message as em
from warmly.ledger import pipeline
from warmly.ledger.pipeline import import_path
from warmly.store.models import Interaction
from warmly.workspace import Workspace

NEW_MESSAGE = (
    '"9-bmV3","","Dario Fenwick","https://www.linkedin.com/in/dario-fenwick-7c1",'
    '"Maren Solberg","https://www.linkedin.com/in/maren-solberg","2026-03-01 10:00:00 UTC",'
    '"","One more thing: the brief is attached.","INBOX","","No","No"\n'
)


def _keys(ws: Workspace) -> set[str]:
    with ws.sessions() as s:
        return set(s.scalars(select(Interaction.source_key)))


@pytest.mark.parametrize("cap", [pipeline.KNOWN_MAX, 1], ids=["keys known", "too many keys"])
def test_a_newer_linkedin_export_adds_only_its_new_message(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cap: int
) -> None:
    old = shutil.copytree(DATA / "linkedin" / "export_2026", tmp_path / "old")
    first = import_path(workspace, old)
    same = import_path(workspace, old)  # identical bytes: recognised by fingerprint
    before = _keys(workspace)

    newer = shutil.copytree(old, tmp_path / "newer")
    with (newer / "messages.csv").open("a", encoding="utf-8") as f:
        f.write(NEW_MESSAGE)
    told: list[frozenset[str]] = []

    def spy(s: object, prefixes: tuple[str, ...]) -> frozenset[str]:
        told.append(real(s, prefixes))  # type: ignore[arg-type]
        return told[-1]

    real = pipeline.known_keys
    monkeypatch.setattr(pipeline, "known_keys", spy)
    monkeypatch.setattr(pipeline, "KNOWN_MAX", cap)
    rep = import_path(workspace, newer)

    assert rep.message is None
    assert (rep.added, rep.unchanged, rep.errors) == (1, same.unchanged, first.errors)
    assert rep.read == first.read + 1 and rep.skipped == first.skipped
    added = _keys(workspace) - before
    assert len(added) == 1 and added.pop().startswith("linkedin:msg:")
    # The importer was told every message already in the ledger, unless there were too many.
    # Rows of a group message (``<key>|<identity>``) are not: it is built again.
    expected = (
        {k for k in before if k.startswith("linkedin:msg:") and "|" not in k} if cap > 1 else set()
    )
    assert any("|" in k for k in before)  # the export has a group message
    assert told == [expected]


def test_a_newer_x_archive_adds_nothing_it_already_has(
    workspace: Workspace, tmp_path: Path
) -> None:
    old = shutil.copytree(DATA / "x_archive" / "archive", tmp_path / "old")
    first = import_path(workspace, old)
    before = _keys(workspace)
    newer = shutil.copytree(old, tmp_path / "newer")
    with (newer / "data" / "tweets.js").open("a", encoding="utf-8") as f:
        f.write("\n")  # other bytes, same tweets: parsed again, every interaction known
    rep = import_path(workspace, newer)
    assert rep.message is None  # not short-circuited by the fingerprint
    assert rep.added == 0 and rep.unchanged == first.added + first.unchanged
    assert rep.read == first.read and _keys(workspace) == before


def test_after_a_failed_import_the_next_one_is_a_first_import(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = shutil.copytree(DATA / "linkedin" / "export_2026", tmp_path / "broken")
    (broken / "messages.csv").write_bytes(b"\xff\xfe not UTF-8")
    with pytest.raises(ImportFileError):
        import_path(workspace, broken)

    def never(*_: object) -> frozenset[str]:
        raise AssertionError("nothing of this format is in the ledger yet")

    monkeypatch.setattr(pipeline, "known_keys", never)
    rep = import_path(workspace, DATA / "linkedin" / "export_2026")
    assert rep.added > 0


NEW_MAIL = b"""From 1773664405479700000@xxx Thu Aug 10 09:00:00 +0000 2023
X-Gmail-Labels: Posteingang
Date: Thu, 10 Aug 2023 09:00:00 GMT
Message-ID: <CAJane-0099@mail.example.org>
Subject: Re: Coffee next week?
From: Jane Roe <jane.roe@example.org>
To: Sam Owner <sam.owner@gmail.com>

Thursday works. See you at Linde.

"""


def test_a_newer_takeout_decodes_only_its_new_mail(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = tmp_path / "old.mbox"
    shutil.copy(DATA / "email" / "takeout_small.mbox", old)
    first = import_path(workspace, old)
    same = import_path(workspace, old)
    before = _keys(workspace)
    newer = tmp_path / "newer.mbox"
    newer.write_bytes(old.read_bytes().rstrip(b"\n") + b"\n\n" + NEW_MAIL)
    decoded: list[str] = []
    real = em.message_record

    def spy(msg: Any, **kwargs: Any) -> Any:
        decoded.append(kwargs["location"])
        return real(msg, **kwargs)

    monkeypatch.setattr(em, "message_record", spy)
    rep = import_path(workspace, newer)
    assert rep.message is None and (rep.added, rep.unchanged) == (1, same.unchanged)
    assert (rep.read, rep.errors) == (first.read + 1, first.errors)
    assert _keys(workspace) - before == {"email:cajane-0099@mail.example.org"}
    # Mail already in the ledger is recognised by its Message-ID, not decoded again:
    # Jane's first mail (message 1) was not; the new one (the last) was.
    assert "message 1" not in decoded and decoded[-1] == f"message {rep.read}"
