"""Mastodon archive (zip, tar.gz, folder) and the CSV exports: follows, blocks, mutes."""

from __future__ import annotations

import json
import shutil
import tarfile
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.importers.golden import check_golden, read_records
from warmly.errors import ImportFileError
from warmly.importers import detect_importer, get_importer
from warmly.importers.base import ImportContext
from warmly.importers.records import (
    ContactRecord,
    InteractionRecord,
    OwnerRecord,
    Record,
    RecordError,
    Skipped,
)
from warmly.importers.source import ExportTree

DATA = Path(__file__).resolve().parent.parent / "data" / "mastodon"
ARCHIVE = DATA / "archive"
AS = "https://www.w3.org/ns/activitystreams"
PUBLIC = AS + "#Public"
ME = "https://social.example/users/ada"
FOLLOWERS = ME + "/followers"
BOB = "https://other.example/users/bob"


def read(path: Path, fmt: str = "mastodon", ctx: ImportContext | None = None) -> list[Record]:
    with ExportTree(path) as tree:
        return list(get_importer(fmt).read(tree, ctx or ImportContext()))


def make_zip(src: Path, dest: Path, prefix: str = "") -> Path:
    with zipfile.ZipFile(dest, "w") as z:
        for f in sorted(src.rglob("*")):
            if f.is_file():
                z.write(f, prefix + f.relative_to(src).as_posix())
    return dest


def make_targz(src: Path, dest: Path, prefix: str = "") -> Path:
    with tarfile.open(dest, "w:gz") as t:
        for f in sorted(src.rglob("*")):
            if f.is_file():
                t.add(f, prefix + f.relative_to(src).as_posix())
    return dest


def test_golden_archive_folder() -> None:
    check_golden("mastodon", ARCHIVE)


@pytest.mark.parametrize(
    "pack",
    [
        lambda tmp: make_zip(ARCHIVE, tmp / "archive.zip"),
        # old servers: archive-<stamp>-<hex>.tar.gz; here also wrapped in a folder
        lambda tmp: make_targz(ARCHIVE, tmp / "archive-20240101000000-abc.tar.gz", "export/"),
        lambda tmp: make_zip(ARCHIVE, tmp / "nested.zip", "takeout/mastodon/"),
    ],
    ids=["zip", "tar.gz", "zip-in-folder"],
)
def test_zip_and_tar_read_like_the_folder(tmp_path: Path, pack: Callable[[Path], Path]) -> None:
    path = pack(tmp_path)
    with ExportTree(path) as tree:
        assert get_importer("mastodon").detect(tree)
    assert read_records("mastodon", path) == read_records("mastodon", ARCHIVE)


def _with_outbox(tmp_path: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    folder = tmp_path / "archive"
    shutil.copytree(ARCHIVE, folder)
    outbox = json.loads((folder / "outbox.json").read_text())
    change(outbox)
    (folder / "outbox.json").write_text(json.dumps(outbox))
    return folder


@pytest.mark.parametrize("total", [0, 1, 16, 10_000, None])
def test_total_items_is_ignored(tmp_path: Path, total: int | None) -> None:
    def set_total(outbox: dict[str, Any]) -> None:
        if total is None:
            del outbox["totalItems"]
        else:
            outbox["totalItems"] = total

    assert read(_with_outbox(tmp_path, set_total)) == read(ARCHIVE)


def _where(records: list[Record]) -> dict[str, list[tuple[str, list[str | None]]]]:
    out: dict[str, list[tuple[str, list[str | None]]]] = {}
    for r in records:
        if isinstance(r, InteractionRecord):
            out.setdefault(r.location or "", []).append(
                (r.kind, [c.handle for c in r.counterparts])
            )
    return out


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        (1, None),  # public post, nobody involved
        (2, [("mention", ["bob@other.example"]), ("mention", ["carol@social.example"])]),
        (3, [("reply", ["bob@other.example"]), ("mention", ["dave@third.example"])]),
        (4, [("mention", ["bob@other.example"])]),  # reply to own status
        (5, [("message", ["bob@other.example", "erin@fourth.example"])]),  # direct
        (6, [("reply", ["bob@other.example"])]),  # followers-only reply: not a DM
        (7, [("share", ["bob@other.example"])]),  # boost
        (8, [("share", ["frank@new.example"])]),  # numeric id, known from a mention tag
        (9, None),  # numeric id nobody mentioned: Skipped
        (10, [("mention", ["frank@new.example"])]),  # numeric href, name has user@domain
        (11, None),  # boost of own post
        (12, [("reply", ["gina@gina.example"])]),  # WebFinger domain != server host
        (13, [("reply", ["hana@misskey.example"])]),  # Misskey note URI: author by host
        (14, None),  # no published: RecordError
        (15, [("share", ["ivy@quote.example"])]),  # 4.4+ quote post
        (16, None),  # mention of the owner's alsoKnownAs account
    ],
)
def test_outbox_items(item: int, expected: list[tuple[str, list[str]]] | None) -> None:
    assert _where(read(ARCHIVE)).get(f"outbox item {item}") == expected


def test_keys_owner_skips_and_errors() -> None:
    records = read(ARCHIVE)
    owner = records[0]
    assert isinstance(owner, OwnerRecord)
    assert [(i.platform, i.handle) for i in owner.identities] == [
        ("mastodon", "ada@social.example"),
        ("mastodon", "ada_old@old.example"),
        ("bluesky", "ada.example.com"),
        ("linkedin", "ada-example"),
        ("web", "ada.example.com"),
    ]
    assert owner.summary == "Tinkerer & gardener. Also @bob's friend\n\nshe/her"
    keys = [r.source_key for r in records if isinstance(r, InteractionRecord)]
    assert len(keys) == len(set(keys))
    # one record per activity keeps the bare id; several add ":<acct>"
    assert f"mastodon:{ME}/statuses/107/activity" in keys
    assert f"mastodon:{ME}/statuses/103/activity:dave@third.example" in keys
    skipped = [(s.location, s.reason.split(" ")[0]) for s in records if isinstance(s, Skipped)]
    assert skipped == [("outbox item 9", "boost"), ("likes.json", "2")]
    assert [e.location for e in records if isinstance(e, RecordError)] == ["outbox item 14"]


def _note(to: list[str], cc: list[str], tags: list[tuple[str, str]]) -> dict[str, Any]:
    obj = {
        "id": f"{ME}/statuses/1",
        "type": "Note",
        "content": "<p>hi</p>",
        "to": to,
        "cc": cc,
        "tag": [{"type": "Mention", "href": h, "name": n} for h, n in tags],
    }
    return {
        "id": f"{ME}/statuses/1/activity",
        "type": "Create",
        "published": "2024-02-01T12:00:00Z",
        "to": to,
        "cc": cc,
        "object": obj,
    }


ERIN = "https://fourth.example/users/erin"


@pytest.mark.parametrize(
    ("to", "cc", "tags", "expected"),
    [
        ([PUBLIC], [FOLLOWERS, BOB], [(BOB, "@bob@other.example")], "mention"),  # public
        ([FOLLOWERS], [PUBLIC, BOB], [(BOB, "@bob@other.example")], "mention"),  # unlisted
        ([FOLLOWERS], [BOB], [(BOB, "@bob@other.example")], "mention"),  # followers-only
        ([BOB], [], [(BOB, "@bob@other.example")], "message"),  # direct
        ([BOB], [ERIN], [(BOB, "@bob@other.example")], "message"),  # direct, no tag for erin
        ([BOB, ERIN], [], [], "message"),  # direct without tags: accounts from actor URIs
        ([], [], [(BOB, "@bob@other.example")], "mention"),  # no addressing at all
    ],
)
def test_visibility(
    tmp_path: Path, to: list[str], cc: list[str], tags: list[tuple[str, str]], expected: str
) -> None:
    folder = _with_outbox(tmp_path, lambda o: o.update(orderedItems=[_note(to, cc, tags)]))
    recs = [r for r in read(folder) if isinstance(r, InteractionRecord)]
    assert {r.kind for r in recs} == {expected}
    if expected == "message":
        # Mastodon addresses a DM to exactly its mentions; URIs only without any tag
        want = [t[1].lstrip("@") for t in tags] or ["bob@other.example", "erin@fourth.example"]
        assert [c.handle for c in recs[0].counterparts] == want


def test_context_owner_is_not_a_counterpart() -> None:
    recs = read(ARCHIVE, ctx=ImportContext(owner={("mastodon", "bob@other.example")}))
    handles = {c.handle for r in recs if isinstance(r, InteractionRecord) for c in r.counterparts}
    assert "bob@other.example" not in handles and "erin@fourth.example" in handles


def test_malformed_uris_are_not_fatal(tmp_path: Path) -> None:
    # A bracketed host ("https://[oops") made urlsplit raise ValueError: a traceback.
    bad = "https://[oops/users/x"

    def change(outbox: dict[str, Any]) -> None:
        note = _note([PUBLIC], [FOLLOWERS], [(bad, "@x")])
        note["object"]["inReplyTo"] = bad + "/statuses/9"
        outbox["orderedItems"] = [note, _note([PUBLIC], [], [(BOB, "@bob@other.example")])]

    folder = _with_outbox(tmp_path, change)
    actor = json.loads((folder / "actor.json").read_text())
    actor["attachment"] = [{"type": "PropertyValue", "name": "Web", "value": "http://[oops"}]
    (folder / "actor.json").write_text(json.dumps(actor))
    records = read(folder)
    assert isinstance(records[0], OwnerRecord)
    mentions = [r for r in records if isinstance(r, InteractionRecord)]
    assert "bob@other.example" in [c.handle for r in mentions for c in r.counterparts]


def test_published_out_of_range_in_utc_is_a_record_error(tmp_path: Path) -> None:
    # Converting "0001-01-01T00:00:00+01:00" to UTC raised OverflowError: a traceback.
    def change(outbox: dict[str, Any]) -> None:
        note = _note([PUBLIC], [], [(BOB, "@bob@other.example")])
        note["published"] = "0001-01-01T00:00:00+01:00"
        outbox["orderedItems"] = [note]

    records = read(_with_outbox(tmp_path, change))
    errors = [r for r in records if isinstance(r, RecordError)]
    assert [e.location for e in errors] == ["outbox item 1"]


@pytest.mark.parametrize(
    ("member", "content", "reason"),
    [
        ("outbox.json", "{not json", "not valid JSON"),
        ("outbox.json", '{"type": "OrderedCollection"}', "no orderedItems"),
        ("outbox.json", "[]", "expected a JSON object"),
        ("actor.json", json.dumps({"@context": AS, "type": "Person"}), "user@host"),
    ],
)
def test_unreadable_archive(tmp_path: Path, member: str, content: str, reason: str) -> None:
    folder = tmp_path / "archive"
    shutil.copytree(ARCHIVE, folder)
    (folder / member).write_text(content)
    with pytest.raises(ImportFileError, match=reason):
        read(folder)


# --- following_accounts.csv ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "following_accounts.csv",
            [
                ("bob@other.example", ["mastodon:following", "mastodon:notify"], "line 2"),
                ("carol@social.example", ["mastodon:following"], "line 3"),
                ("dave@third.example", ["mastodon:following"], "line 6"),
            ],
        ),
        (  # older servers: only "Account address,Show boosts"
            "following_accounts_old.csv",
            [
                ("bob@other.example", ["mastodon:following"], "line 2"),
                ("erin@fourth.example", ["mastodon:following"], "line 3"),
            ],
        ),
    ],
)
def test_following_csv(name: str, expected: list[tuple[str, list[str], str]]) -> None:
    recs = read(DATA / name, "mastodon-follows")
    contacts = [r for r in recs if isinstance(r, ContactRecord)]
    assert [(c.identities[0].handle, c.tags, c.location) for c in contacts] == expected
    assert all(c.source_key == f"mastodon:following:{c.identities[0].handle}" for c in contacts)
    assert all(c.identities[0].platform == "mastodon" for c in contacts)
    errors = [r for r in recs if isinstance(r, RecordError)]
    assert [e.location for e in errors] == (["line 5"] if name == "following_accounts.csv" else [])


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        # A vCard or a headerless blocked_accounts.csv: every line but the first
        # holding an "@" used to become a followed account.
        ("BEGIN:VCARD\nVERSION:3.0\nEMAIL:ada@inkwell.example\nEND:VCARD\n", "BEGIN:VCARD"),
        ("troll@spam.example\nbot@spam.example\n", "troll@spam.example"),
        (b"\x3a\xa2eroots\x81\xd8*", "not UTF-8"),
    ],
    ids=["vcard", "blocked-accounts", "binary"],
)
def test_following_forced_on_another_file_is_refused(
    tmp_path: Path, content: str | bytes, reason: str
) -> None:
    path = _file("export.csv", content)(tmp_path)
    with pytest.raises(ImportFileError) as err:
        read(path, "mastodon-follows")
    text = str(err.value)
    assert text.startswith(f"{path}:") and reason in text and "\n" not in text


@pytest.mark.parametrize(
    ("fmt", "text"),
    [
        (
            "mastodon-follows",
            "Account address,Show boosts,Notify on new posts,Languages\n"
            'bob@other.example,true,true,\n"cut@x.example,true\nzed@z.example,true,false,\n',
        ),
        # headerless: the quote opens on line 2 and swallows line 3
        ("mastodon-blocks", 'bob@other.example\n"cut@x.example\nzed@z.example\n'),
    ],
    ids=["following", "blocked"],
)
def test_an_unclosed_quote_is_reported_where_it_opens(tmp_path: Path, fmt: str, text: str) -> None:
    """The quote swallows the next line: said so, from its own line, both lines named."""
    name = "following_accounts.csv" if fmt == "mastodon-follows" else "blocked_accounts.csv"
    recs = read(_file(name, text)(tmp_path), fmt)
    assert [c.identities[0].handle for c in recs if isinstance(c, ContactRecord)] == [
        "bob@other.example"
    ]
    (error,) = [r for r in recs if isinstance(r, RecordError)]
    n = 3 if fmt == "mastodon-follows" else 2
    assert (error.location, error.reason) == (
        f"line {n}",
        f"unclosed quote: lines {n}-{n + 1} were read as one cell",
    )


# --- blocked_accounts.csv, blocked_domains.csv, muted_accounts.csv ---------------------


@pytest.mark.parametrize(
    ("name", "fmt", "expected"),
    [
        (  # headerless; "@user@host" and any case read as user@host
            "blocked_accounts.csv",
            "mastodon-blocks",
            [
                ("troll@spam.example", "line 1"),
                ("loud@other.example", "line 2"),
                ("ada@social.example", "line 5"),
            ],
        ),
        (  # "Account address,Hide notifications"; the second column says nothing to us
            "muted_accounts.csv",
            "mastodon-mutes",
            [("chatty@social.example", "line 2"), ("bob@other.example", "line 3")],
        ),
        ("muted_accounts_old.csv", "mastodon-mutes", [("chatty@social.example", "line 1")]),
    ],
)
def test_blocked_and_muted_accounts(name: str, fmt: str, expected: list[tuple[str, str]]) -> None:
    what = "blocked" if fmt == "mastodon-blocks" else "muted"
    recs = read(DATA / name, fmt)
    contacts = [r for r in recs if isinstance(r, ContactRecord)]
    assert [(c.identities[0].handle, c.location) for c in contacts] == expected
    for c in contacts:
        assert c.identities[0].platform == "mastodon"
        assert c.source_key == f"mastodon:{what}:{c.identities[0].handle}"
        assert c.tags == [f"mastodon:{what}"]
    errors = [(e.location, e.reason) for e in recs if isinstance(e, RecordError)]
    assert errors == (
        [("line 4", "not a user@host account address: 'not-an-account'")]
        if name == "blocked_accounts.csv"
        else []
    )


def test_blocked_domains_are_servers_not_people() -> None:
    recs = read(DATA / "blocked_domains.csv", "mastodon-blocks")
    assert recs == [
        Skipped("line 1", "a blocked server (spam.example), not a person"),
        Skipped("line 2", "a blocked server (badplace.example), not a person"),
    ]


@pytest.mark.parametrize(
    ("fmt", "content", "reason"),
    [
        ("mastodon-blocks", "BEGIN:VCARD\nEMAIL:ada@inkwell.example\nEND:VCARD\n", "BEGIN:VCARD"),
        ("mastodon-mutes", "Account address,Show boosts\nbob@other.example,true\n", "Show boosts"),
        ("mastodon-mutes", "spam.example\n", "spam.example"),  # domains are blocks only
        ("mastodon-blocks", b"\x3a\xa2eroots\x81\xd8*", "not UTF-8"),
    ],
    ids=["vcard-as-blocks", "follows-as-mutes", "domains-as-mutes", "binary"],
)
def test_blocks_or_mutes_forced_on_another_file_are_refused(
    tmp_path: Path, fmt: str, content: str | bytes, reason: str
) -> None:
    path = _file("export.csv", content)(tmp_path)
    with pytest.raises(ImportFileError) as err:
        read(path, fmt)
    text = str(err.value)
    assert text.startswith(f"{path}:") and reason in text and "\n" not in text


@pytest.mark.parametrize(
    ("name", "claimant"),
    [
        ("blocked_accounts.csv", "mastodon-blocks"),
        ("blocked_domains.csv", "mastodon-blocks"),
        ("muted_accounts.csv", "mastodon-mutes"),
        ("muted_accounts_old.csv", "mastodon-mutes"),
        ("following_accounts.csv", "mastodon-follows"),
    ],
)
def test_each_csv_export_is_claimed_by_one_importer_of_all(name: str, claimant: str) -> None:
    with ExportTree(DATA / name) as tree:
        assert detect_importer(tree, DATA / name).name == claimant


# --- detection: each input claimed by exactly the right importer -------------------------


def _file(name: str, content: str | bytes) -> Callable[[Path], Path]:
    def make(tmp: Path) -> Path:
        path = tmp / name
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        return path

    return make


def _only_outbox(tmp: Path) -> Path:
    (tmp / "x").mkdir()
    shutil.copy(ARCHIVE / "outbox.json", tmp / "x" / "outbox.json")
    return tmp / "x"


def _not_activitystreams(tmp: Path) -> Path:
    (tmp / "y").mkdir()
    (tmp / "y" / "outbox.json").write_text("{}")
    (tmp / "y" / "actor.json").write_text('{"name": "not ActivityPub"}')
    return tmp / "y"


@pytest.mark.parametrize(
    ("make", "claimant"),
    [
        (lambda tmp: ARCHIVE, "mastodon"),
        (lambda tmp: make_zip(ARCHIVE, tmp / "a.zip"), "mastodon"),
        (lambda tmp: make_targz(ARCHIVE, tmp / "a.tar.gz"), "mastodon"),
        (lambda tmp: DATA / "following_accounts.csv", "mastodon-follows"),
        (lambda tmp: DATA / "following_accounts_old.csv", "mastodon-follows"),
        (
            _file("following.csv", "\ufeffAccount address,Show boosts\nx@y.z,true\n"),
            "mastodon-follows",
        ),
        (
            _file("muted_accounts.csv", "Account address,Hide notifications\nx@y.z,true\n"),
            "mastodon-mutes",
        ),
        (_file("mutes.csv", "\ufeffAccount address,Hide notifications\n"), "mastodon-mutes"),
        (_file("muted_accounts.csv", "x@y.z\n"), "mastodon-mutes"),  # before the header
        (_file("blocked_accounts.csv", "x@y.z\n"), "mastodon-blocks"),
        (_file("blocked_accounts (1).csv", "\n@x@y.z\n"), "mastodon-blocks"),  # downloaded twice
        (_file("blocked_domains.csv", "spam.example\n"), "mastodon-blocks"),
        # A headerless column of addresses under another name could be anything.
        (_file("export.csv", "x@y.z\n"), None),
        (_file("blocked_accounts.txt", "x@y.z\n"), None),
        (_file("blocked_accounts.csv", "BEGIN:VCARD\nVERSION:3.0\n"), None),
        (_file("muted_accounts.csv", "spam.example\n"), None),
        (_file("outbox.json", (ARCHIVE / "outbox.json").read_text()), None),
        (_only_outbox, None),
        (_not_activitystreams, None),
    ],
)
def test_detect(tmp_path: Path, make: Callable[[Path], Path], claimant: str | None) -> None:
    with ExportTree(make(tmp_path)) as tree:
        claims = [
            n
            for n in (
                "mastodon",
                "mastodon-follows",
                "mastodon-blocks",
                "mastodon-mutes",
                "bluesky",
            )
            if get_importer(n).detect(tree)
        ]
    assert claims == ([claimant] if claimant else [])


# --- the real samples ---------------------------------------------------------------------


def _counts(records: list[Record]) -> Counter[str]:
    return Counter(
        r.kind if isinstance(r, InteractionRecord) else type(r).__name__ for r in records
    )


def test_real_fossilizer_zip(samples: Path, tmp_path: Path) -> None:
    src = samples / "mastodon"
    path = tmp_path / "archive.zip"
    with zipfile.ZipFile(path, "w") as z:
        for part in ("outbox", "actor", "likes"):
            z.write(src / f"{part}.fossilizer-zip-export.json", f"{part}.json")
    with ExportTree(path) as tree:
        assert get_importer("mastodon").detect(tree)
    recs = read(path)
    counts = _counts(recs)
    print("mastodon fossilizer zip:", dict(counts))
    assert counts["RecordError"] == 0
    # 18 items (totalItems says 19): 13 mention 18 accounts (several are the owner's own
    # accounts elsewhere, which the archive cannot tell), 1 replies to testbot.
    assert counts == {"OwnerRecord": 1, "mention": 18, "reply": 1, "Skipped": 1}
    owner = recs[0]
    assert isinstance(owner, OwnerRecord) and owner.name == "Les Orchard"
    assert owner.identities[0].handle == "lmorchard@toot.lmorchard.com"
    by_loc = _where(recs)
    assert by_loc["outbox item 11"] == [("reply", ["testbot@toot.lmorchard.com"])]


def test_real_fedi_archive_tool(samples: Path, tmp_path: Path) -> None:
    src = samples / "mastodon"
    for part in ("outbox", "actor", "likes"):
        shutil.copy(src / f"{part}.fedi-archive-tool.json", tmp_path / f"{part}.json")
    recs = read(tmp_path)
    counts = _counts(recs)
    print("mastodon fedi-archive-tool:", dict(counts))
    assert counts["RecordError"] == 0
    by_loc = _where(recs)
    assert by_loc["outbox item 4"] == [("reply", ["mx123@example.net"])]  # followers-only
    assert by_loc["outbox item 5"] == [("message", ["mx123@example.net"])]  # direct


def test_real_following_excerpt(samples: Path) -> None:
    path = samples / "mastodon" / "following_accounts.excerpt.csv"
    with ExportTree(path) as tree:
        assert get_importer("mastodon-follows").detect(tree)
    recs = read(path, "mastodon-follows")
    print("mastodon following_accounts.excerpt.csv:", dict(_counts(recs)))
    assert all(isinstance(r, ContactRecord) for r in recs) and len(recs) == 10
