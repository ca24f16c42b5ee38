"""The LinkedIn export: parses with the csv module and carries the 2026 quirks."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from datetime import UTC, datetime

from tests.demo.conftest import read_member
from warmly.demo import DEFAULT_NOW, DemoFiles
from warmly.demo.spray_parts import DIDNT_READ_KINDS

HEADER = (
    '"CONVERSATION ID","CONVERSATION TITLE","FROM","SENDER PROFILE URL","TO",'
    '"RECIPIENT PROFILE URLS","DATE","SUBJECT","CONTENT","FOLDER","ATTACHMENTS",'
    '"IS MESSAGE DRAFT","IS CONVERSATION DRAFT"'
)


def _text(demo: DemoFiles, name: str) -> str:
    return read_member(demo.linkedin, name).decode("utf-8")


def test_connections_preamble_hidden_rows_and_no_final_newline(demo: DemoFiles) -> None:
    text = _text(demo, "Connections.csv")
    lines = text.split("\n")
    assert lines[0] == "Notes:" and lines[1].startswith('"When exporting') and lines[2] == ""
    assert not text.endswith("\n")
    rows = list(csv.DictReader(io.StringIO(text.split("\n\n", 1)[1])))
    assert list(rows[0]) == [
        "First Name",
        "Last Name",
        "URL",
        "Email Address",
        "Company",
        "Position",
        "Connected On",
    ]
    assert len(rows) > 1800
    hidden = [r for r in rows if not r["First Name"] and not r["URL"]]
    assert 1 <= len(hidden) <= 20 and all(r["Connected On"] for r in hidden)
    assert any("," in r["Company"] for r in rows)  # quoted commas
    assert sum(bool(r["Email Address"]) for r in rows) > 100
    for r in rows:
        assert re.fullmatch(r"\d\d [A-Z][a-z]{2} \d{4}", r["Connected On"])
        assert datetime.strptime(r["Connected On"], "%d %b %Y").date() <= DEFAULT_NOW.date()


def _messages(demo: DemoFiles) -> list[dict[str, str]]:
    text = _text(demo, "messages.csv")
    assert text.split("\n", 1)[0] == HEADER
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_messages_quirks(demo: DemoFiles) -> None:
    rows = _messages(demo)
    assert len(rows) > 3000
    for r in rows:
        at = datetime.strptime(r["DATE"], "%Y-%m-%d %H:%M:%S UTC").replace(tzinfo=UTC)
        assert at <= DEFAULT_NOW
    assert any("\n" in r["CONTENT"] for r in rows)
    assert any(", PhD" in r["TO"] and "," in r["RECIPIENT PROFILE URLS"] for r in rows)
    spin = [r for r in rows if r["CONTENT"].startswith('<p class="spinmail-quill-editor')]
    assert spin and all(r["SENDER PROFILE URL"] == "" for r in spin)
    assert all("%FIRSTNAME%" in r["CONTENT"] for r in spin)
    same_text = Counter(r["CONTENT"] for r in spin)
    assert max(same_text.values()) >= 3  # one campaign, several senders
    assert len({r["FROM"] for r in spin}) >= 3


def test_messages_contain_promises_spray_and_open_questions(demo: DemoFiles) -> None:
    rows = _messages(demo)
    me = demo.profile["name"]
    out = [r["CONTENT"] for r in rows if r["FROM"] == me]
    inbound = [r["CONTENT"] for r in rows if r["FROM"] != me]
    assert sum("I'll send you the job description" in t for t in out) >= 5
    assert any("I'll introduce you to" in t for t in out)
    assert any("nurses" in t for t in inbound)  # not a fit
    # didn't read the profile: one of the planted question families, in whatever wording
    questions = {q.lower() for fam in DIDNT_READ_KINDS for q in fam if "{" not in q}
    assert any(q in t.lower() for t in inbound for q in questions)
    assert any("good fit" in t for t in inbound)
    assert sum(t.rstrip().endswith("?") or "?\n" in t for t in inbound) > 100


def test_invitations_and_profile(demo: DemoFiles) -> None:
    inv = list(csv.DictReader(io.StringIO(_text(demo, "Invitations.csv"))))
    assert inv and {r["Direction"] for r in inv} == {"INCOMING", "OUTGOING"}
    for r in inv:
        assert re.fullmatch(r"\d{1,2}/\d{1,2}/\d\d, \d{1,2}:\d\d [AP]M", r["Sent At"])
    (profile,) = csv.DictReader(io.StringIO(_text(demo, "Profile.csv")))
    assert profile["Websites"].startswith("[PERSONAL:")
    assert "\n" in profile["Summary"]
    positions = list(csv.DictReader(io.StringIO(_text(demo, "Positions.csv"))))
    assert positions[0]["Finished On"] == "" and re.fullmatch(
        r"[A-Z][a-z]{2} \d{4}", positions[0]["Started On"]
    )
    skills = list(csv.DictReader(io.StringIO(_text(demo, "Skills.csv"))))
    assert any(s["Name"] == "Python (Programming Language)" for s in skills)
