"""LinkedIn endorsements: received and given, both eras, statuses, stable keys, the ledger."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tests.importers.golden import DATA
from tests.importers.linkedin_read import csv_cell, read, write
from warmly.importers.linkedin import LinkedInImporter
from warmly.importers.records import (
    IdentityRef,
    InteractionRecord,
    Record,
    RecordError,
    Skipped,
)
from warmly.importers.source import ExportTree
from warmly.ledger.pipeline import import_path
from warmly.store.models import Identity, Interaction

RECEIVED = (
    "Endorsement Date,Skill Name,Endorser First Name,Endorser Last Name,"
    "Endorser Public Url,Endorsement Status\n"
)
GIVEN = (
    "Endorsement Date,Skill Name,Endorsee First Name,Endorsee Last Name,"
    "Endorsee Public Url,Endorsement Status\n"
)
# Before mid-2023 there is no Public Url column.
RECEIVED_2022 = (
    "Endorsement Date,Skill Name,Endorser First Name,Endorser Last Name,Endorsement Status\n"
)
OSKAR = "2024/03/05 10:11:12 UTC,Cartography,Oskar,Lind,www.linkedin.com/in/oskar-lind,ACCEPTED\n"


def endorsements(records: list[Record]) -> list[InteractionRecord]:
    return [r for r in records if isinstance(r, InteractionRecord) and "endorsement" in r.tags]


def test_an_accepted_endorsement_is_an_inbound_like_naming_the_skill(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Endorsement_Received_Info.csv",
        RECEIVED + "2024/03/05 10:11:12 UTC,Cartography,Oskar,Lind,"
        "www.linkedin.com/in/Oskar-Lind-42,ACCEPTED\n",
    )
    (got,) = read(path)
    assert isinstance(got, InteractionRecord)
    assert (got.platform, got.kind, got.direction) == ("linkedin", "like", "in")
    assert got.occurred_at == datetime(2024, 3, 5, 10, 11, 12, tzinfo=UTC)
    assert got.text == "Endorsed you for Cartography"
    assert got.tags == ["endorsement"]
    # The scheme-less URL gives the slug, and a link that opens.
    assert got.counterparts == [
        IdentityRef(
            "linkedin",
            "oskar-lind-42",
            "Oskar Lind",
            url="https://www.linkedin.com/in/Oskar-Lind-42",
        )
    ]
    assert got.location == "Endorsement_Received_Info.csv line 2"
    assert got.source_key.startswith("linkedin:endorse:in:")


@pytest.mark.parametrize(
    ("row", "cls", "reason"),
    [
        (",,,ACCEPTED", Skipped, "hidden profile: the row names no endorser"),
        ("Oskar,Lind,www.linkedin.com/in/oskar-lind,PENDING", Skipped, "not accepted yet"),
        ("Oskar,Lind,www.linkedin.com/in/oskar-lind,HIDDEN", Skipped, "hidden from the profile"),
        (
            "Oskar,Lind,www.linkedin.com/in/oskar-lind,REVOKED",
            RecordError,
            "unknown value 'REVOKED'",
        ),
        ("Oskar,Lind,www.linkedin.com/in/oskar-lind,", RecordError, "unknown value ''"),
    ],
    ids=["blank endorser", "pending", "hidden", "unknown status", "empty status"],
)
def test_only_accepted_endorsements_from_someone_are_imported(
    tmp_path: Path, row: str, cls: type[Skipped | RecordError], reason: str
) -> None:
    path = write(
        tmp_path,
        "Endorsement_Received_Info.csv",
        f"{RECEIVED}2024/03/05 10:11:12 UTC,Cartography,{row}\n",
    )
    (got,) = read(path)
    assert isinstance(got, cls) and reason in got.reason
    assert got.location == "Endorsement_Received_Info.csv line 2"


@pytest.mark.parametrize(
    ("date", "skill", "reason"),
    [
        ("2024-03-05 10:11:12 UTC", "Cartography", "Endorsement Date: unrecognised date"),
        ("05 Mar 2024", "Cartography", "Endorsement Date: unrecognised date"),
        ("2024/03/05 10:11:12 UTC", "", "Skill Name is empty"),
    ],
)
def test_a_bad_row_is_an_error_and_the_rest_imports(
    tmp_path: Path, date: str, skill: str, reason: str
) -> None:
    path = write(
        tmp_path,
        "Endorsement_Received_Info.csv",
        f"{RECEIVED}{date},{skill},Oskar,Lind,www.linkedin.com/in/oskar-lind,ACCEPTED\n"
        "2024/03/06 08:00:00 UTC,Surveying,Pia,Berg,www.linkedin.com/in/pia-berg,ACCEPTED\n",
    )
    bad, good = read(path)
    assert isinstance(bad, RecordError) and bad.reason.startswith(reason)
    assert isinstance(good, InteractionRecord) and good.text == "Endorsed you for Surveying"


def test_the_2022_layout_names_the_endorser_only_with_the_same_key(tmp_path: Path) -> None:
    (tmp_path / "2022").mkdir()
    old = write(
        tmp_path / "2022",
        "Endorsement_Received_Info.csv",
        RECEIVED_2022 + "2022/06/20 13:05:02 UTC,Cartography,Oskar,Lind,ACCEPTED\n",
    )
    new = write(
        tmp_path,
        "Endorsement_Received_Info.csv",
        RECEIVED + OSKAR.replace("2024/03/05 10:11:12", "2022/06/20 13:05:02"),
    )
    (before,) = endorsements(read(old))
    (after,) = endorsements(read(new))
    assert before.counterparts == [IdentityRef("linkedin", None, "Oskar Lind")]
    assert after.counterparts[0].handle == "oskar-lind"
    # A later export adds the URL column: the endorsement is still the same one.
    assert before.source_key == after.source_key


def test_given_endorsements_are_outbound_whatever_their_status(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Endorsement_Given_Info.csv",
        GIVEN
        + "2025/11/02 17:45:00 UTC,Bookbinding,Pia,Berg,www.linkedin.com/in/pia-berg,ACCEPTED\n"
        "2025/11/03 09:00:00 UTC,Typesetting,Oskar,Lind,www.linkedin.com/in/oskar-lind,PENDING\n"
        "2025/11/04 09:00:00 UTC,Typesetting,,,,ACCEPTED\n",
    )
    *got, hidden = read(path)
    assert [(r.direction, r.kind, r.counterparts[0].handle, r.text) for r in endorsements(got)] == [
        ("out", "like", "pia-berg", "You endorsed them for Bookbinding"),
        ("out", "like", "oskar-lind", "You endorsed them for Typesetting"),
    ]
    assert isinstance(hidden, Skipped) and "names no endorsee" in hidden.reason


def test_received_and_given_keys_are_unique_and_stable() -> None:
    first = endorsements(read(DATA / "linkedin" / "export_2026"))
    assert [r.direction for r in first] == ["in", "in", "out", "out"]
    keys = [r.source_key for r in first]
    assert len(set(keys)) == len(keys)
    assert keys == [r.source_key for r in endorsements(read(DATA / "linkedin" / "export_2026"))]


def test_a_reimport_adds_nothing_and_links_the_endorser_to_the_connection(
    workspace: Any, tmp_path: Path
) -> None:
    export = tmp_path / "export"
    export.mkdir()
    for name in ("Connections.csv", "Endorsement_Received_Info.csv", "Endorsement_Given_Info.csv"):
        (export / name).write_bytes((DATA / "linkedin" / "export_2026" / name).read_bytes())
    first = import_path(workspace, export)
    assert first.added > 0
    again = import_path(workspace, export)
    assert again.added == 0
    with workspace.sessions() as s:
        likes = s.scalars(select(Interaction).where(Interaction.kind == "like")).all()
        assert len(likes) == 4 and all(i.tags == "endorsement" for i in likes)
        dario = s.scalar(select(Identity).where(Identity.handle == "dario-fenwick-7c1"))
        assert dario is not None
        # The endorsement lands on the person the connection created, by the slug.
        assert any(i.person_id == dario.person_id and i.direction == "in" for i in likes)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "Endorsement_Received_Info.csv",
            RECEIVED + OSKAR,
        ),
        (
            "Endorsement Received Info.csv",
            RECEIVED_2022 + "2022/06/20 13:05:02 UTC,Cartography,Oskar,Lind,ACCEPTED\n",
        ),
        (
            "Endorsement_Given_Info.csv",
            GIVEN + "2025/11/02 17:45:00 UTC,Bookbinding,Pia,Berg,,ACCEPTED\n",
        ),
    ],
)
def test_an_endorsement_file_alone_is_detected(tmp_path: Path, name: str, text: str) -> None:
    path = write(tmp_path, name, text)
    with ExportTree(path) as tree:
        assert LinkedInImporter().detect(tree)
    with ExportTree(tmp_path) as tree:
        assert LinkedInImporter().detect(tree)


def test_a_foreign_file_by_that_name_is_not_claimed(tmp_path: Path) -> None:
    path = write(tmp_path, "Endorsement_Received_Info.csv", "when,who,what\n2024-01-01,Ann,SQL\n")
    with ExportTree(path) as tree:
        assert not LinkedInImporter().detect(tree)


def test_an_endorsement_file_with_another_name_is_read_by_its_header(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "endorsements_backup.csv",
        RECEIVED + OSKAR,
    )
    with ExportTree(path) as tree:
        assert not LinkedInImporter().detect(tree)  # name and header must both match
    assert len(endorsements(read(path))) == 1


# --- property: any skill or name survives the round trip, with a key of its own ------------

_cell = csv_cell(",\"'-&()")


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(_cell, _cell, _cell), min_size=1, max_size=5, unique=True))
def test_endorsements_round_trip(
    tmp_path_factory: pytest.TempPathFactory, rows: list[tuple[str, str, str]]
) -> None:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(next(csv.reader([RECEIVED])))
    for i, (skill, first, last) in enumerate(rows):
        w.writerow(
            [
                "2024/03/05 10:11:12 UTC",
                skill,
                first,
                last,
                f"www.linkedin.com/in/p-{i}",
                "ACCEPTED",
            ]
        )
    path = tmp_path_factory.mktemp("rt") / "Endorsement_Received_Info.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    got = endorsements(read(path))
    assert [r.text for r in got] == [f"Endorsed you for {skill}" for skill, _, _ in rows]
    assert [r.counterparts[0].name for r in got] == [f"{first} {last}" for _, first, last in rows]
    assert len({r.source_key for r in got}) == len(rows)
