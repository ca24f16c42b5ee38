"""CSVs of a LinkedIn export that warmly does not read: reported once each, never per row."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.importers.golden import DATA
from tests.importers.linkedin_read import read
from warmly.importers.linkedin_unread import what_it_holds
from warmly.importers.records import NotRead, Record
from warmly.ledger.pipeline import import_path

CONNECTIONS = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Runa,Vik,https://www.linkedin.com/in/runa-vik,,,,01 Jan 2026\n"
)
UNREAD = {
    "Shares.csv": "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n"
    "2026-02-09 01:21:47,https://example.org/s/1,Hello,,,MEMBER_NETWORK\n"
    "2026-02-10 01:21:47,https://example.org/s/2,Again,,,MEMBER_NETWORK\n",
    "Comments_34875879.csv": "Date,Link,Message\n2026-02-09 01:21:47,https://example.org/c/1,Nice\n",
    "Jobs/Saved Jobs.csv": "Saved Date,Job Url,Job Title,Company Name\n2/1/26,https://example.org/j,Cook,Inn\n",
    "Mystery_Table.csv": "a,b\n1,2\n",
}
NOTHING_IN_THEM = {
    "guide_messages.csv": '"CONVERSATION ID","FROM","DATE","CONTENT"\n',
    "LearningCoachMessages.csv": "No conversations found\n",
    "Votes.csv": "",
    "Articles/Articles/a-post.html": "<html><body>not a CSV</body></html>\n",
    # What a Mac adds when it zips a folder again.
    "__MACOSX/._Shares.csv": "\x00\x05\x16\x07 resource fork\n\x00\x00\n",
    ".hidden.csv": "a,b\n1,2\n",
}


def export(root: Path, files: dict[str, str]) -> Path:
    for name, text in {"Connections.csv": CONNECTIONS, **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def unread(records: list[Record]) -> dict[str, str]:
    return {r.location: r.reason for r in records if isinstance(r, NotRead)}


def test_each_unread_csv_with_rows_is_reported_once_with_what_it_holds(tmp_path: Path) -> None:
    records = read(export(tmp_path, {**UNREAD, **NOTHING_IN_THEM}))
    assert unread(records) == {
        "Shares.csv": "your posts",
        "Comments_34875879.csv": "your comments; the posts' authors are not named",
        "Saved Jobs.csv": "jobs you saved",
        "Mystery_Table.csv": "a file warmly does not know",
    }
    # Once per file, not per row (Shares.csv has two).
    assert len([r for r in records if isinstance(r, NotRead)]) == 4


def test_files_that_are_read_are_not_reported(tmp_path: Path) -> None:
    assert unread(read(DATA / "linkedin" / "export_2023")) == {}
    assert set(unread(read(DATA / "linkedin" / "export_2026"))) == {
        "Comments_34875879.csv",
        "Company Follows.csv",
    }


def test_a_single_csv_reports_nothing_else(tmp_path: Path) -> None:
    path = export(tmp_path, {})
    assert unread(read(path / "Connections.csv")) == {}


def test_a_zip_reports_the_same_as_its_folder(tmp_path: Path) -> None:
    folder = export(tmp_path / "export", UNREAD)
    zpath = tmp_path / "Complete_LinkedInDataExport_03-01-2026.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        for f in sorted(folder.rglob("*")):
            if f.is_file():
                zf.write(f, f"Complete_LinkedInDataExport_03-01-2026/{f.relative_to(folder)}")
    assert unread(read(zpath)) == unread(read(folder))


@pytest.mark.parametrize(
    ("name", "holds"),
    [
        ("Ad_Targeting.csv", "what LinkedIn targets ads at you by"),
        ("Company Follows.csv", "companies you follow"),
        ("Company_Follows.csv", "companies you follow"),
        ("Reactions_123.csv", "your reactions to posts; the posts' authors are not named"),
        ("Receipts_v2.csv", "your payments to LinkedIn"),
        (
            "learning_role_play_messages.csv",
            "conversations with LinkedIn's assistants, not with people",
        ),
        ("Recommendations_Given.csv", "recommendations you wrote"),
        ("Whatever.csv", "a file warmly does not know"),
    ],
)
def test_what_a_file_holds_is_known_by_its_normalised_name(name: str, holds: str) -> None:
    assert what_it_holds(name) == holds


def test_the_import_lists_unread_files_beside_its_counts(workspace: Any, tmp_path: Path) -> None:
    folder = export(tmp_path / "export", UNREAD)
    report = import_path(workspace, folder)
    # Connections.csv: a contact and a connection. The files left alone are no
    # records read or skipped, and push no bad row out of the problems shown.
    assert (report.read, report.added, report.skipped, report.errors) == (2, 2, 0, 0)
    assert report.problems == []
    assert report.not_read == [
        {
            "file": "Comments_34875879.csv",
            "holds": "your comments; the posts' authors are not named",
        },
        {"file": "Saved Jobs.csv", "holds": "jobs you saved"},
        {"file": "Mystery_Table.csv", "holds": "a file warmly does not know"},
        {"file": "Shares.csv", "holds": "your posts"},
    ]
