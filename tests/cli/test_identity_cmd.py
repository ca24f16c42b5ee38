"""``warmly review``: deciding items, in words or as JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.cli.helpers import NAMESAKES, invoke
from warmly.identity.resolve import resolve_identities
from warmly.ledger.pipeline import import_path


@pytest.fixture
def ws(workspace, tmp_path: Path):
    p = tmp_path / "people.vcf"
    p.write_text(NAMESAKES)
    import_path(workspace, p)
    assert resolve_identities(workspace).pending == 1
    return workspace


def _pending(ws) -> dict:
    [item] = json.loads(invoke(ws, "review", "--json").stdout)
    return item


@pytest.mark.parametrize("decision", ["--accept", "--reject"])
def test_review_decision_json_is_only_json(ws, decision):
    item = _pending(ws)
    r = invoke(ws, "review", decision, str(item["id"]), "--json")
    assert r.exit_code == 0, r.output
    [d] = json.loads(r.stdout)["decided"]
    a, b = sorted((item["a"]["id"], item["b"]["id"]))
    # in the words `warmly merge` uses: names and ids, so the user sees who
    name = "Teodor Brandt"
    if decision == "--accept":
        assert d["item"] == item["id"] and d["same"] is True
        assert re.fullmatch(rf"merged {name} \({b}\) into {name} \({a}\); merge #\d+", d["result"])
        people = json.loads(invoke(ws, "people", "--json").stdout)
        assert [p["id"] for p in people] == [a]
    else:
        result = f"{name} ({a}) and {name} ({b}) kept apart: not the same person"
        assert d == {"item": item["id"], "same": False, "result": result}
    assert json.loads(invoke(ws, "review", "--json").stdout) == []


def test_review_decision_in_words(ws):
    item = _pending(ws)
    r = invoke(ws, "review", "--accept", str(item["id"]))
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("merged ")


# -- merge and unmerge by hand: everything comes back exactly --------------------

# Two people who are one human: an X account with nothing else known, and a
# mail contact with a company, a title and a tag. The X person comes first, so
# it is the lower id and the one a merge keeps.
TWO_OF_ONE = """name,email,x,organisation,title,tags,date,kind,direction,platform,text
Ines D.,,inesd,,,,2026-03-01T10:00:00Z,message,in,x,hi from x
Ines Duarte,ines@duarte.example,,Lisbon Labs,CTO,friend,2026-01-05T10:00:00Z,email,in,email,hello
Ines Duarte,ines@duarte.example,,Lisbon Labs,CTO,friend,2026-02-05T10:00:00Z,email,out,email,re
"""
CSV_MAP = {
    k: k
    for k in (
        "name", "email", "x", "organisation", "title", "tags",
        "date", "kind", "direction", "platform", "text",
    )
}  # fmt: skip


@pytest.fixture
def two(workspace, tmp_path: Path) -> tuple:
    """The workspace and the ids of the X person and the mail person."""
    p = tmp_path / "two.csv"
    p.write_text(TWO_OF_ONE)
    import_path(workspace, p, fmt="csv", options={"mapping": CSV_MAP})
    people = json.loads(invoke(workspace, "people", "--json").stdout)
    assert [x["name"] for x in people] == ["Ines D.", "Ines Duarte"]
    return workspace, people[0]["id"], people[1]["id"]


def _show(ws, ref: object) -> dict:
    r = invoke(ws, "show", str(ref), "--json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    # what changes with the clock alone
    for key in ("circle", "strength"):
        d.pop(key, None)
    d["tie"].pop("decayed_in", None)
    d["tie"].pop("decayed_out", None)
    return d


def test_unmerge_gives_back_company_title_and_tags(two):
    ws, x_id, mail_id = two
    before = _show(ws, x_id), _show(ws, mail_id)
    assert invoke(ws, "merge", str(x_id), str(mail_id)).exit_code == 0
    merged = _show(ws, x_id)
    assert (merged["organisation"], merged["title"], merged["tags"]) == (
        "Lisbon Labs",
        "CTO",
        ["friend"],
    )
    r = invoke(ws, "unmerge", str(x_id))
    assert r.exit_code == 0, r.output
    assert (_show(ws, x_id), _show(ws, mail_id)) == before


def test_logged_interaction_follows_a_merge_and_comes_back(two):
    ws, x_id, mail_id = two
    assert invoke(ws, "log", str(mail_id), "--platform", "offline", "--kind", "call").exit_code == 0
    before = _show(ws, x_id), _show(ws, mail_id)
    assert before[1]["interactions"] == 3
    assert invoke(ws, "merge", str(x_id), str(mail_id)).exit_code == 0
    merged = _show(ws, x_id)
    assert merged["interactions"] == 4
    assert "offline" in merged["tie"]["networks"]
    assert invoke(ws, "unmerge", str(mail_id)).exit_code == 0
    assert (_show(ws, x_id), _show(ws, mail_id)) == before


def test_merge_by_hand_overrides_an_earlier_unmerge(two):
    ws, x_id, mail_id = two
    assert invoke(ws, "merge", str(x_id), str(mail_id)).exit_code == 0
    assert invoke(ws, "unmerge", str(x_id)).exit_code == 0
    # the user changes their mind: their explicit merge wins over their old "not the same"
    r = invoke(ws, "merge", str(mail_id), str(x_id))
    assert r.exit_code == 0, r.output
    assert [p["id"] for p in json.loads(invoke(ws, "people", "--json").stdout)] == [mail_id]
    # and undoing it again still keeps them apart from then on
    assert invoke(ws, "unmerge", str(mail_id)).exit_code == 0
    assert resolve_identities(ws).auto_merged == 0
    assert len(json.loads(invoke(ws, "people", "--json").stdout)) == 2


def test_unmerge_under_a_later_merge_says_what_to_undo_first(two, tmp_path: Path):
    ws, x_id, mail_id = two
    (tmp_path / "c.vcf").write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Carla\nEMAIL:c@c.example\nEND:VCARD\n"
    )
    import_path(ws, tmp_path / "c.vcf")
    carla = json.loads(invoke(ws, "people", "--json", "--search", "carla").stdout)[0]["id"]
    assert invoke(ws, "merge", str(x_id), str(mail_id)).exit_code == 0
    assert invoke(ws, "merge", str(carla), str(x_id)).exit_code == 0
    r = invoke(ws, "unmerge", str(mail_id))
    assert r.exit_code != 0
    assert f"warmly unmerge {x_id}" in str(r.exception)
    assert invoke(ws, "unmerge", str(x_id)).exit_code == 0
    assert invoke(ws, "unmerge", str(mail_id)).exit_code == 0
    assert len(json.loads(invoke(ws, "people", "--json").stdout)) == 3


# -- the review queue after decisions -----------------------------------------

FOUR_NAMESAKES = "".join(
    f"BEGIN:VCARD\nVERSION:3.0\nFN:Teodor Brandt\nEMAIL:{addr}\nEND:VCARD\n"
    for addr in ("teo@a.example", "teo@b.example", "teo@c.example", "teo@d.example")
)


@pytest.fixture
def four(workspace, tmp_path: Path):
    p = tmp_path / "four.vcf"
    p.write_text(FOUR_NAMESAKES)
    import_path(workspace, p)
    assert resolve_identities(workspace).pending == 6  # every pair of the four
    return workspace


def _queue(ws) -> list[dict]:
    r = invoke(ws, "review", "--json")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_queue_after_merges_shows_each_remaining_pair_once(four):
    first, second = _queue(four)[:2]
    assert invoke(four, "review", "--accept", str(first["id"]), "--accept", str(second["id"]))
    left = _queue(four)
    pairs = [(it["a"]["id"], it["b"]["id"]) for it in left]
    assert all(a != b for a, b in pairs), pairs  # nobody paired with themselves
    assert len(pairs) == len(set(pairs)) == 1, pairs
    # rejecting the one pair left settles it: the queue is empty
    assert invoke(four, "review", "--reject", str(left[0]["id"])).exit_code == 0
    assert _queue(four) == []
    assert len(json.loads(invoke(four, "people", "--json").stdout)) == 2


def test_same_item_accepted_and_rejected_is_refused_before_anything_changes(ws):
    item = _pending(ws)
    r = invoke(ws, "review", "--accept", str(item["id"]), "--reject", str(item["id"]), "--json")
    assert r.exit_code != 0
    assert r.stdout == ""
    assert _pending(ws) == item


def test_json_says_what_was_decided_before_a_failing_item(ws):
    item = _pending(ws)
    r = invoke(ws, "review", "--accept", str(item["id"]), "--accept", "999", "--json")
    assert r.exit_code != 0
    decided = json.loads(r.stdout)["decided"]
    assert decided[0]["item"] == item["id"] and decided[0]["same"] is True
    assert decided[1] == {
        "item": 999,
        "same": True,
        "error": "no pending review item 999; see `warmly review`",
    }


@pytest.mark.parametrize(
    "args",
    [("people", "--limit", "-1"), ("review", "--limit", "-1"), ("show", "1", "--timeline", "-1")],
)
def test_negative_limits_are_a_usage_error_not_a_database_error(ws, args):
    r = invoke(ws, *args)
    assert r.exit_code == 2, r.output
    assert "LIMIT" not in r.output


def test_show_says_why_a_merged_person_was_merged(ws):
    item = _pending(ws)
    assert invoke(ws, "review", "--accept", str(item["id"])).exit_code == 0
    a, b = sorted((item["a"]["id"], item["b"]["id"]))
    [merge] = _show(ws, a)["merges"]
    assert merge["person"] == b and merge["name"] == "Teodor Brandt"
    assert (merge["decided_by"], merge["confidence"]) == ("user", item["confidence"])
    assert (merge["rule"], merge["reasons"]) == (item["rule"], item["reasons"])
    shown = invoke(ws, "show", str(a)).stdout
    assert f"{item['confidence']:.2f}" in shown and item["reasons"][0] in shown


def test_show_lists_only_merges_still_in_force(two):
    ws, x_id, mail_id = two
    assert invoke(ws, "merge", str(x_id), str(mail_id)).exit_code == 0
    [merge] = _show(ws, x_id)["merges"]
    assert (merge["person"], merge["decided_by"], merge["confidence"]) == (mail_id, "user", None)
    assert invoke(ws, "unmerge", str(x_id)).exit_code == 0
    assert _show(ws, x_id)["merges"] == []


def test_review_sides_list_their_handles_and_fit_80_columns(ws):
    item = _pending(ws)
    handles = {i["handle"] for side in ("a", "b") for i in item[side]["identities"]}
    assert handles == {"teo@brandt.example", "t.brandt@otherco.example"}
    assert {i["platform"] for i in item["a"]["identities"]} == {"email"}
    lines = invoke(ws, "review").stdout.splitlines()
    # one side a line, each whole: a wrap would cut through a name or an id
    a, b = item["a"], item["b"]
    assert any(f"{a['name']} (id {a['id']}; {a['networks']})" in line for line in lines)
    assert any(f"~  {b['name']} (id {b['id']}; {b['networks']})" in line for line in lines)
    assert all(len(line) <= 80 for line in lines)


def test_people_counts_one_person_in_the_singular(two):
    ws = two[0]
    r = invoke(ws, "people", "--search", "duarte")
    assert r.stdout.split("\n", 1)[0].strip() == "1 person", r.stdout


def test_show_lists_times_in_the_users_zone_and_cuts_text_at_a_word(workspace, tmp_path):
    from tests.conftest import write_config

    write_config(workspace, '[profile]\ntimezone = "America/New_York"\n')
    long = "Thanks for the intro to the platform team, " + "really appreciated " * 8
    mbox = tmp_path / "in.mbox"
    mbox.write_text(
        "From ada@inkwell.example Mon Mar 09 14:30:00 2026\n"
        "From: Ada Quill <ada@inkwell.example>\nTo: me@home.example\n"
        "Date: Mon, 09 Mar 2026 14:30:00 +0000\nSubject: intro\nMessage-ID: <a1@inkwell>\n\n"
        f"{long}\n\n"
    )
    import_path(workspace, mbox)
    r = invoke(workspace, "show", "ada@inkwell.example")
    assert r.exit_code == 0, r.output
    flat = " ".join(r.output.split())
    assert "when (America/New_York)" in flat
    assert "2026-03-09 10:30" in flat  # 14:30 UTC, in the profile's zone (EDT)
    assert re.search(r"\b(really|appreciated) …", flat)  # a whole word, then the ellipsis


def test_a_person_no_source_named_is_shown_by_their_account(workspace):
    # follower.js names an account by its id only: no number for a name, no blank
    from tests.conftest import DATA

    import_path(workspace, DATA / "x_archive" / "archive")
    people = json.loads(invoke(workspace, "people", "--json").stdout)
    (p,) = [p for p in people if any(i["handle"] == "id:4100000006" for i in p["identities"])]
    assert p["name"] == ""
    r = invoke(workspace, "people")
    assert "id:4100000006)" in r.output  # "(x id:…)", which may wrap in its cell
    r = invoke(workspace, "show", str(p["id"]))
    assert r.output.startswith(f"(x id:4100000006) (id {p['id']})")


def test_what_stands_for_a_nameless_person():
    from warmly.cli.people_cmd import _unnamed
    from warmly.ledger.queries import IdentityView

    assert _unnamed([IdentityView("linkedin", "id:hidden:113475eca9")]) == (
        "(a hidden LinkedIn member)"
    )
    assert _unnamed([IdentityView("x", "id:41")]) == "(x id:41)"
    assert _unnamed([IdentityView("email", "")]) == "(no name)"


def test_a_review_confidence_is_rounded_down_never_up_to_the_threshold():
    from warmly.cli.identity_cmd import _floor2

    assert (_floor2(0.917), _floor2(0.92), _floor2(0.5)) == ("0.91", "0.92", "0.50")


def test_a_birthday_without_a_year_is_not_shown_in_1604():
    from warmly.cli.people_cmd import _birthday

    assert _birthday("1604-03-15") == "15 March (no year given)"
    assert _birthday("1990-07-02") == "02 July 1990"


def test_show_says_a_person_blocked_on_x_is_never_suggested_after_a_merge(workspace, tmp_path):
    # Rex is blocked on X (block.js, id 4100000050) and writes by mail: once the two
    # are one person, `show` on the mail address says why no plan names him.
    from tests.conftest import DATA

    import_path(workspace, DATA / "x_archive" / "blocks")
    mbox = tmp_path / "in.mbox"
    mbox.write_text(
        "From rex@loud.example Mon Mar 09 14:30:00 2026\n"
        "From: Rex Loud <rex@loud.example>\nTo: me@home.example\n"
        "Date: Mon, 09 Mar 2026 14:30:00 +0000\nSubject: hello\nMessage-ID: <r1@loud>\n\n"
        "Can we talk?\n\n"
    )
    import_path(workspace, mbox)
    shown = invoke(workspace, "show", "rex@loud.example")
    assert shown.exit_code == 0, shown.output
    assert "do not contact" not in shown.output
    x_id, mail_id = _show(workspace, "rexloud")["id"], _show(workspace, "rex@loud.example")["id"]
    assert invoke(workspace, "merge", str(x_id), str(mail_id)).exit_code == 0
    shown = invoke(workspace, "show", "rex@loud.example")
    assert shown.exit_code == 0, shown.output
    flat = " ".join(shown.output.split())
    assert "do not contact: blocked on X — `warmly plan` never suggests them" in flat
    assert _show(workspace, "rex@loud.example")["do_not_contact"] == [
        {"tag": "x:blocked", "platform": "x", "what": "blocked", "why": "blocked on X"}
    ]


def test_show_reads_in_the_users_zone_and_says_why_someone_is_outside_the_circles(
    workspace, tmp_path
):
    from tests.conftest import write_config

    write_config(workspace, '[profile]\ntimezone = "America/Los_Angeles"\n')
    card = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ines Ortega\nEMAIL:ines@ortega.example\n"
        "ORG:Ortega Looms\nEND:VCARD\n"
    )
    (tmp_path / "i.vcf").write_text(card)
    import_path(workspace, tmp_path / "i.vcf")
    mbox = tmp_path / "in.mbox"
    # 03:30 UTC on 10 March is the evening of 9 March in Los Angeles.
    mbox.write_text(
        "From ines@ortega.example Tue Mar 10 03:30:00 2026\n"
        "From: Ines Ortega <ines@ortega.example>\nTo: me@home.example\n"
        "Date: Tue, 10 Mar 2026 03:30:00 +0000\nSubject: hi\nMessage-ID: <i1@o>\n\n"
        "Hello there\n\n"
    )
    import_path(workspace, mbox)
    shown = invoke(workspace, "show", "ines@ortega.example")
    assert shown.exit_code == 0, shown.output
    flat = " ".join(shown.output.split())
    assert "last 2026-03-09, first 2026-03-09" in flat
    assert "job: Ortega Looms" in flat  # no title: no dangling "at"
    # One message from a stranger is too weak for a circle, and says so.
    assert re.search(r"circle: outside — strength 0\.\d{3} is under 0\.20", flat)
    assert "keep in touch" not in flat


def test_a_linkedin_connection_keeps_its_day_and_shows_no_made_up_time(workspace, tmp_path):
    from tests.conftest import write_config

    write_config(workspace, '[profile]\ntimezone = "America/Los_Angeles"\n')
    (tmp_path / "Connections.csv").write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ada,Quill,https://www.linkedin.com/in/ada-quill,,Inkwell,Editor,14 Jan 2026\n"
    )
    import_path(workspace, tmp_path / "Connections.csv")
    shown = invoke(workspace, "show", "linkedin:ada-quill")
    assert shown.exit_code == 0, shown.output
    assert re.search(r"│ 2026-01-14 +│ linkedin │ connection", shown.output)
    assert "first 2026-01-14" in " ".join(shown.output.split())


def test_unblock_lifts_a_block_and_the_person_is_no_longer_held(workspace, tmp_path):
    from tests.conftest import DATA

    import_path(workspace, DATA / "x_archive" / "blocks")
    held = [p for p in json.loads(invoke(workspace, "people", "--json").stdout) if p["id"]]
    rex = next(p["id"] for p in held if _show(workspace, str(p["id"]))["do_not_contact"])
    shown = " ".join(invoke(workspace, "show", str(rex)).output.split())
    assert f"(`warmly unblock {rex}` lifts it)" in shown
    r = invoke(workspace, "unblock", str(rex), "--network", "mastodon")
    assert r.exit_code == 0 and "is not blocked or muted on mastodon: nothing to lift" in r.output
    r = invoke(workspace, "unblock", str(rex))
    assert r.exit_code == 0, r.output
    assert "lifted " in r.output and "`warmly plan` may suggest them again" in r.output
    assert _show(workspace, str(rex))["do_not_contact"] == []
    # Importing the same export again does not bring the block back.
    import_path(workspace, DATA / "x_archive" / "blocks")
    assert _show(workspace, str(rex))["do_not_contact"] == []
