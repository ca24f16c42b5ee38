"""The CLI from the outside: help, docs, --home, JSON shapes, clean errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.cli.helpers import NAMESAKES, one_line_error, run
from warmly.cli import app

REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()
COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands)  # type: ignore[union-attr]


def test_every_command_has_help_and_is_documented():
    docs = (REPO / "docs" / "commands.md").read_text()
    for name in COMMANDS:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, name
        cmd = next(c for c in app.registered_commands if c.name == name)
        assert (cmd.callback.__doc__ or "").strip(), f"{name} has no help text"
        assert f"warmly {name}" in docs, f"`warmly {name}` is missing from docs/commands.md"


def test_every_option_says_what_it_does():
    import typer.main

    for name in COMMANDS:
        cmd = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
        for param in cmd.params:
            assert getattr(param, "help", None), f"warmly {name} {param.opts[0]} has no help"


def test_every_command_accepts_home():
    for name in COMMANDS:
        result = runner.invoke(app, [name, "--help"])
        assert "--home" in result.output, f"{name} does not take --home"


def test_startup_does_not_import_the_database_layer():
    code = "import sys, warmly.cli; print('sqlalchemy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


VCARDS = (
    """BEGIN:VCARD
VERSION:3.0
FN:Ines Okafor-Lindqvist
N:Okafor-Lindqvist;Ines;;;
EMAIL;TYPE=INTERNET:ines@northwind.example
URL:https://www.linkedin.com/in/ines-okafor-l-3b2a91
ORG:Northwind Analytics
END:VCARD
"""
    + NAMESAKES
)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    h = tmp_path / "home"
    (tmp_path / "people.vcf").write_text(VCARDS)
    r = run(h, "import", str(tmp_path / "people.vcf"), "--json", "--no-match")
    assert r.returncode == 0, r.stderr
    return h


def test_people_json_has_ids_names_and_identities(home: Path):
    r = run(home, "people", "--json")
    people = json.loads(r.stdout)
    assert len(people) == 3
    ines = next(p for p in people if p["name"].startswith("Ines"))
    assert {"platform": "linkedin", "handle": "ines-okafor-l-3b2a91"}.items() <= next(
        i for i in ines["identities"] if i["platform"] == "linkedin"
    ).items()
    assert {i["platform"] for i in ines["identities"]} == {"email", "linkedin"}


def test_show_by_name_and_json(home: Path):
    r = run(home, "show", "ines", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["name"] == "Ines Okafor-Lindqvist"
    amb = run(home, "show", "Teodor Brandt")
    assert amb.returncode == 1 and "2 people match" in amb.stderr
    assert "Traceback" not in amb.stderr


def test_merge_unmerge_and_not_the_same_person_survives_reimport(home: Path, tmp_path: Path):
    ids = [p["id"] for p in json.loads(run(home, "people", "--json", "--search", "teodor").stdout)]
    assert len(ids) == 2
    r = run(home, "merge", str(ids[0]), str(ids[1]))
    assert r.returncode == 0, r.stderr
    assert len(json.loads(run(home, "people", "--json", "--search", "teodor").stdout)) == 1
    r = run(home, "unmerge", str(ids[0]))
    assert r.returncode == 0, r.stderr
    assert "not be merged again" in r.stdout
    after = json.loads(run(home, "people", "--json", "--search", "teodor").stdout)
    assert sorted(p["id"] for p in after) == sorted(ids)
    # a later file that names both addresses in one card must not re-link them
    (tmp_path / "both.vcf").write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Teodor Brandt\nEMAIL:teo@brandt.example\n"
        "EMAIL:t.brandt@otherco.example\nEND:VCARD\n"
    )
    assert run(home, "import", str(tmp_path / "both.vcf")).returncode == 0
    assert len(json.loads(run(home, "people", "--json", "--search", "teodor").stdout)) == 2


def test_broken_file_exits_nonzero_with_one_line(home: Path, tmp_path: Path):
    bad = tmp_path / "Basic_LinkedInDataExport_01-01-2026.zip"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip" * 10)
    r = run(home, "import", str(bad))
    assert r.returncode != 0
    assert "Traceback" not in r.stderr
    assert str(bad.name) in r.stderr


def test_unknown_person_is_a_clean_error(home: Path):
    r = run(home, "show", "nobody-at-all")
    assert r.returncode == 1
    assert r.stderr.strip().startswith("warmly:") and "Traceback" not in r.stderr


def test_several_exports_in_one_command_and_a_broken_one_between(home: Path, tmp_path: Path):
    data = Path(__file__).resolve().parent.parent / "data"
    bad = tmp_path / "broken.vcf"
    bad.write_bytes(b"\xff\xfe not a card")
    linkedin, x = data / "linkedin" / "export_2026", data / "x_archive" / "archive"
    r = run(home, "import", str(linkedin), str(bad), str(x), "--json", "--no-match")
    assert r.returncode != 0 and "Traceback" not in r.stderr
    reports = json.loads(r.stdout)["files"]
    assert [(rep["status"], rep["added"] > 0) for rep in reports] == [
        ("ok", True),
        ("failed", False),
        ("ok", True),
    ]


def test_import_options_reach_the_importer(tmp_path: Path):
    calls = tmp_path / "calls.csv"
    calls.write_text("Name,Email,When,Note\nAda Quill,ada@example.org,01/02/2026 10:00,call\n")
    home = tmp_path / "csv-home"
    mapping = '{"date": "When", "text": "Note"}'
    plain = run(home, "import", str(calls), "--format", "csv", "--mapping", mapping, "--json")
    assert json.loads(plain.stdout)["files"][0]["errors"] == 1  # not ISO 8601
    r = run(
        home, "import", str(calls), "--format", "csv", "--mapping", mapping,
        "-o", "date_format=%d/%m/%Y %H:%M", "--option", "timezone=Europe/Paris", "--json",
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["files"][0]["added"] == 1  # the call (the contact came first)
    shown = json.loads(run(home, "show", "ada", "--json").stdout)
    assert shown["timeline"][0]["at"] == "2026-02-01T09:00:00+00:00"  # 10:00 in Paris


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ("bogus=1", "unknown option 'bogus'; known: delimiter"),
        ("include_bulk=maybe", "takes true or false"),
        ("no-equals", "is not KEY=VALUE"),
    ],
)
def test_a_bad_import_option_is_refused_before_anything_is_read(
    tmp_path: Path, given: str, says: str
):
    (tmp_path / "people.vcf").write_text(VCARDS)
    r = run(tmp_path / "h", "import", str(tmp_path / "people.vcf"), "-o", given)
    assert r.returncode == 2 and says in " ".join(r.stderr.split())
    assert not (tmp_path / "h" / "warmly.db").exists()


def test_help_texts_keep_their_square_brackets():
    result = runner.invoke(app, ["sync", "--help"], terminal_width=200)
    assert "[connectors.*]" in result.output  # Rich would read it as markup


@pytest.mark.parametrize("name", COMMANDS)
def test_no_bracketed_text_in_a_help_is_eaten_as_markup(name: str):
    """``[your answer]`` in a docstring is Rich markup unless escaped: it would vanish."""
    import re

    cmd = next(c for c in app.registered_commands if c.name == name)
    doc = " ".join((cmd.callback.__doc__ or "").split()).replace("\\[", "[")  # type: ignore[union-attr]
    shown = " ".join(runner.invoke(app, [name, "--help"], terminal_width=200).output.split())
    for bracketed in re.findall(r"\[[^\]]*\]", doc):
        assert bracketed in shown, f"{name} --help lost {bracketed!r}"


def test_approving_an_unknown_item_points_to_the_command_that_lists_them(tmp_path: Path):
    r = run(tmp_path / "h", "approve", "zzzzzz")
    assert r.returncode == 1
    assert "see `warmly plan` for today's item ids" in r.stderr


def _damaged_linkedin_zip(path: Path) -> Path:
    """A LinkedIn export whose Connections.csv has broken deflate data mid-file."""
    import zipfile

    rows = "".join(f"Ada{i},Quill{i},https://www.linkedin.com/in/ada-{i},,Co{i},CTO,01 Jan 2024\n"
                   for i in range(3000))  # fmt: skip
    text = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" + rows
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("Connections.csv", text)
    data = bytearray(path.read_bytes())
    mid = len(data) // 2
    data[mid : mid + 64] = bytes(64)  # zeroes inside the compressed stream
    path.write_bytes(bytes(data))
    return path


def test_a_damaged_archive_fails_alone_and_the_rest_still_imports(tmp_path: Path):
    bad = _damaged_linkedin_zip(tmp_path / "Basic_LinkedInDataExport_01-01-2026.zip")
    (tmp_path / "people.vcf").write_text(VCARDS)
    r = run(tmp_path / "h", "import", str(bad), str(tmp_path / "people.vcf"), "--json")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "Connections.csv" in r.stderr and bad.name in r.stderr
    files = json.loads(r.stdout)["files"]
    assert [f["status"] for f in files] == ["failed", "ok"]
    assert files[1]["added"] == 3  # the three cards
    assert set(files[0]) == set(files[1])  # one shape for every file


def test_a_pipe_is_refused_rather_than_imported_as_empty(tmp_path: Path):
    import os

    fifo = tmp_path / "mail.mbox"
    os.mkfifo(fifo)
    r = run(tmp_path / "h", "import", str(fifo), "--format", "mbox")
    assert r.returncode == 1
    assert "not a regular file or folder (a pipe?)" in r.stderr


def test_an_encrypted_archive_member_fails_that_file_with_one_line(tmp_path: Path):
    import zipfile

    path = tmp_path / "Basic_LinkedInDataExport_01-01-2026.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("Connections.csv", "First Name,Last Name,URL,Company,Position,Connected On\n")
    data = bytearray(path.read_bytes())
    central = data.rindex(b"PK\x01\x02")
    data[central + 8] |= 0x01  # "encrypted", as a zip made with a password says
    path.write_bytes(bytes(data))
    for forced in ([], ["--format", "linkedin"]):
        r = run(tmp_path / "h", "import", str(path), *forced)
        assert r.returncode == 1 and "Traceback" not in r.stderr
        assert "Connections.csv" in r.stderr and "encrypted" in r.stderr


def test_ctrl_c_while_waiting_for_another_import_stops_at_once(tmp_path: Path):
    import signal
    import sqlite3
    import time

    (tmp_path / "people.vcf").write_text(VCARDS)
    home = tmp_path / "h"
    assert run(home, "people").returncode == 0  # the ledger exists
    other = sqlite3.connect(home / "warmly.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another import holds the write lock
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "warmly", "--home", str(home), "import",
             str(tmp_path / "people.vcf")],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        time.sleep(3)  # long enough to be waiting
        proc.send_signal(signal.SIGINT)
        t = time.monotonic()
        _, stderr = proc.communicate(timeout=30)
        assert time.monotonic() - t < 5
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert proc.returncode == 130 and "Traceback" not in stderr
    assert "interrupted: nothing of people.vcf was written" in stderr


EMPTY_WORKSPACE = [
    (("people",), 0, "No people yet"),
    (("people", "--search", "kim"), 0, "Nobody matches 'kim'"),
    (("show", "1"), 1, "no person with id 1; see `warmly people`"),
    (("review",), 0, "Nothing to review."),
    (("merge", "a", "b"), 1, "nobody matches 'a'"),
    (("unmerge", "1"), 1, "no person with id 1; see `warmly people`"),
    (("plan",), 0, "Nothing needs you today."),
    (("done", "x"), 1, "see `warmly plan`"),
    (("skip", "x"), 1, "see `warmly plan`"),
    (("log", "x"), 1, "nobody matches 'x'"),
    (("triage",), 0, "No unanswered messages"),
    (("tasks",), 0, "No open tasks."),
    (("check", "--to", "x", "hi"), 1, "nobody matches 'x'"),
    (("limits",), 0, "linkedin"),
    (("approve", "x"), 1, "see `warmly plan`"),
    (("send",), 0, "Nothing to send"),
    (("send", "--dry-run"), 0, "Nothing would be sent"),
    (("simulate", "--days", "3"), 0, "0 violations"),
    (("sync",), 0, "no [connectors.bluesky]"),
]


@pytest.mark.parametrize(("args", "code", "says"), EMPTY_WORKSPACE, ids=lambda v: str(v))
def test_every_command_on_an_empty_workspace_says_something_useful(
    tmp_path: Path, args: tuple[str, ...], code: int, says: str
):
    """A first run: a friendly result, or one line with the reason and a hint."""
    r = run(tmp_path / "h", *args)
    assert r.returncode == code, r.stderr
    if code:
        assert says in one_line_error(r)
    else:
        assert "Traceback" not in r.stderr
        assert says in " ".join(r.stdout.split()), r.stdout


def test_people_leaves_out_accounts_known_only_by_an_id_and_says_so(tmp_path: Path):
    """An X archive's blocks (like its followers) name accounts by id alone: the table
    counts them on one line; --all, --search and --json still list them."""
    from tests.conftest import DATA

    home = tmp_path / "home"
    assert run(home, "import", str(DATA / "x_archive" / "blocks")).returncode == 0
    table = run(home, "people").stdout
    assert "1 person" in table and "Rex Loud" in table and "id:4100000051" not in table
    assert "Not listed: 4 accounts known only by an id" in " ".join(table.split())
    assert "`--all` lists them" in " ".join(table.split())
    everyone = run(home, "people", "--all").stdout
    assert "5 people" in everyone and "Not listed" not in everyone
    assert len(json.loads(run(home, "people", "--json").stdout)) == 5
    found = run(home, "people", "--search", "4100000051").stdout
    assert "1 person" in found and "Not listed" not in found


def test_show_says_a_connection_went_both_ways(tmp_path: Path):
    from tests.conftest import DATA

    home = tmp_path / "home"
    assert run(home, "import", str(DATA / "linkedin" / "export_2026")).returncode == 0
    shown = run(home, "show", "Dario Fenwick").stdout
    (row,) = [line for line in shown.splitlines() if "connection" in line]
    assert "both" in row


def test_an_import_that_adds_nothing_does_not_match_the_whole_ledger_again(tmp_path: Path):
    from tests.conftest import DATA

    home = tmp_path / "home"
    sample = str(DATA / "linkedin" / "export_2026")
    first = run(home, "import", sample, "--json")
    assert json.loads(first.stdout)["matching"] is not None
    again = run(home, "import", sample)
    assert again.returncode == 0
    assert "nothing new to link" in " ".join(again.stdout.split())
    assert json.loads(run(home, "import", sample, "--json").stdout)["matching"] is None


def test_a_rerun_matches_what_a_stopped_import_never_matched(tmp_path: Path):
    """Killed after its files were in and before linking people, an import leaves
    matching due: the re-run (which adds nothing) matches, and only then stops doing so."""
    from tests.conftest import DATA
    from warmly.ledger.pipeline import import_path
    from warmly.workspace import Workspace

    home = tmp_path / "home"
    sample = DATA / "linkedin" / "export_2026"
    ws = Workspace.open(home)
    assert import_path(ws, sample).added  # the files are in; the matcher never ran
    ws.close()
    rerun = json.loads(run(home, "import", str(sample), "--json").stdout)
    assert rerun["files"][0]["added"] == 0
    assert rerun["matching"] is not None
    assert json.loads(run(home, "import", str(sample), "--json").stdout)["matching"] is None
