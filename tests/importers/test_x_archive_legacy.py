"""Legacy X archives (2012-2018, "Grailbird"): monthly JS files, tweets.csv, one key per tweet."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.importers.golden import DATA, check_golden
from warmly.errors import ImportFileError
from warmly.importers import detect_importer
from warmly.importers.base import ImportContext
from warmly.importers.records import InteractionRecord, OwnerRecord, Record, RecordError
from warmly.importers.source import ExportTree
from warmly.importers.x_archive_legacy import XLegacyArchiveImporter
from warmly.importers.x_archive_parse import parse_legacy_date
from warmly.ledger.pipeline import import_path
from warmly.store.models import Identity, ImportRun, Interaction, Person

LEGACY = DATA / "x_archive" / "grailbird"


def read(path: Path, ctx: ImportContext | None = None) -> list[Record]:
    with ExportTree(path) as tree:
        return list(XLegacyArchiveImporter().read(tree, ctx or ImportContext()))


def claimed_by(path: Path) -> str:
    with ExportTree(path) as tree:
        return detect_importer(tree, path).name


def keys(records: list[Record]) -> list[str]:
    return [r.source_key for r in records if isinstance(r, InteractionRecord)]


def test_golden() -> None:
    check_golden("x-legacy", LEGACY)


def test_the_folder_and_its_zip_are_claimed_by_this_importer_alone(tmp_path: Path) -> None:
    zpath = tmp_path / "twitter-archive-2014.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        for f in sorted(LEGACY.rglob("*")):
            if f.is_file():
                zf.write(f, "archive/" + f.relative_to(LEGACY).as_posix())
    assert claimed_by(LEGACY) == claimed_by(zpath) == "x-legacy"
    assert keys(read(zpath)) == keys(read(LEGACY))


def test_monthly_files_give_owner_replies_mentions_shares_and_skip_threads() -> None:
    recs = read(LEGACY)
    owner = recs[0]
    assert isinstance(owner, OwnerRecord)
    assert (owner.identities[0].handle, owner.identities[0].external_id) == ("rquayle", "1001")
    assert owner.name == "Robin Quayle"
    inter = {r.source_key: r for r in recs if isinstance(r, InteractionRecord)}
    assert set(inter) == {
        "x:tweet:9301:reply:2002",
        "x:tweet:9301:mention:3003",  # the reply target is not also mentioned
        "x:tweet:9250:share:3003",  # RT @tobias_lind
        "x:tweet:9240:share:jun_ito",  # a link to someone's status
        "x:tweet:9101:mention:2002",
    }
    # The thread (9299, 9300) is the owner talking to themselves: nothing.
    reply = inter["x:tweet:9301:reply:2002"]
    assert reply.text.startswith("@mira_okafor @tobias_lind Thanks both & see")  # &amp; undone
    assert reply.occurred_at.isoformat() == "2014-03-28T18:04:11+00:00"
    assert reply.counterparts[0].name == "Mira Okafor"
    errors = [r for r in recs if isinstance(r, RecordError)]
    assert [(e.location, e.reason) for e in errors] == [
        ("2014_03.js record 6", "tweet 9230: no created_at")
    ]


def test_tweets_csv_alone_is_read_with_ids_where_it_has_them(tmp_path: Path) -> None:
    shutil.copy(LEGACY / "tweets.csv", tmp_path / "tweets.csv")
    assert claimed_by(tmp_path / "tweets.csv") == "x-legacy"
    recs = read(tmp_path / "tweets.csv")
    owner = recs[0]
    # No user_details.js: the owner's own thread names their account id.
    assert isinstance(owner, OwnerRecord) and owner.identities[0].external_id == "1001"
    assert set(keys(recs)) == {
        "x:tweet:9301:reply:2002",  # the reply's user id: the same key as the JS files give
        "x:tweet:9301:mention:tobias_lind",  # mentions are only in the text: by handle
        "x:tweet:9250:share:3003",  # the retweeted author's id is a column
        "x:tweet:9240:share:jun_ito",
        "x:tweet:9101:mention:mira_o",  # not the address mira@example.org
    }
    errors = [r for r in recs if isinstance(r, RecordError)]
    assert [(e.location, e.reason) for e in errors] == [
        ("tweets.csv line 7", "tweet 9230: no created_at")
    ]


def test_the_monthly_files_win_over_tweets_csv() -> None:
    recs = read(LEGACY)
    assert not [r for r in recs if r.location and "tweets.csv" in r.location]


def test_a_csv_row_of_the_wrong_width_is_an_error_that_names_its_line(tmp_path: Path) -> None:
    text = (LEGACY / "tweets.csv").read_text(encoding="utf-8").splitlines()
    text.insert(2, '"9999","","","2014-03-27 10:00:00 +0000","web"')
    (tmp_path / "tweets.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    errors = [r for r in read(tmp_path / "tweets.csv") if isinstance(r, RecordError)]
    assert ("tweets.csv line 3", "5 fields where the header has 10") in [
        (e.location, e.reason) for e in errors
    ]


def test_legacy_dates() -> None:
    assert parse_legacy_date("2013-01-31 22:13:41 +0100").isoformat() == (
        "2013-01-31T21:13:41+00:00"
    )
    # Some archives of the last years wrote the API's own format.
    assert parse_legacy_date("Thu Jan 31 22:13:41 +0000 2013").isoformat() == (
        "2013-01-31T22:13:41+00:00"
    )
    with pytest.raises(ValueError):
        parse_legacy_date("31/01/2013")


@pytest.mark.parametrize(
    ("member", "content", "why"),
    [
        ("data/js/tweets/2014_03.js", "Grailbird.data.tweets_2014_03 = [ { ", "truncated JSON"),
        ("data/js/tweets/2014_02.js", "Grailbird.data.tweets_2014_02 = { }", "a JSON array"),
        ("data/js/user_details.js", "var user_details = [ ]", "a JSON object"),
    ],
)
def test_an_unreadable_file_fails_the_import_whole(
    workspace: Any, tmp_path: Path, member: str, content: str, why: str
) -> None:
    root = tmp_path / "legacy"
    shutil.copytree(LEGACY, root)
    (root / member).write_text(content, encoding="utf-8")
    with pytest.raises(ImportFileError, match=why) as err:
        import_path(workspace, root)
    assert Path(member).name in str(err.value)
    with workspace.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Interaction)) == 0
        assert s.scalars(select(ImportRun.status)).all() == ["failed"]


def test_not_claimed_without_grailbird_content(tmp_path: Path) -> None:
    month = tmp_path / "data" / "js" / "tweets" / "2014_03.js"
    month.parent.mkdir(parents=True)
    month.write_text("var somethingElse = [];\n", encoding="utf-8")
    (tmp_path / "tweets.csv").write_text("id,text\n1,hello\n", encoding="utf-8")
    with ExportTree(tmp_path) as tree:
        assert not XLegacyArchiveImporter().detect(tree)


def _modern_archive(root: Path) -> Path:
    """A current archive holding tweet 9301 again, as X exports it today."""
    tweet = {
        "tweet": {
            "id_str": "9301",
            "created_at": "Fri Mar 28 18:04:11 +0000 2014",
            "full_text": "@mira_okafor @tobias_lind Thanks both &amp; see you at the meetup!",
            "in_reply_to_user_id_str": "2002",
            "in_reply_to_status_id_str": "9100",
            "in_reply_to_screen_name": "mira_okafor",
            "entities": {
                "user_mentions": [
                    {"id_str": "2002", "screen_name": "mira_okafor", "name": "Mira Okafor"},
                    {"id_str": "3003", "screen_name": "tobias_lind", "name": "Tobias Lind"},
                ],
                "urls": [],
            },
        }
    }
    account = {"account": {"accountId": "1001", "username": "rquayle"}}
    data = root / "data"
    data.mkdir(parents=True)
    (data / "tweets.js").write_text("window.YTD.tweets.part0 = " + json.dumps([tweet]))
    (data / "account.js").write_text("window.YTD.account.part0 = " + json.dumps([account]))
    return root


def test_old_and_new_archives_of_one_account_add_each_tweet_once(
    workspace: Any, tmp_path: Path
) -> None:
    first = import_path(workspace, LEGACY)
    assert (first.format, first.added, first.errors) == ("x-legacy", 5, 1)
    again = import_path(workspace, _modern_archive(tmp_path / "x-2024"))
    assert again.format == "x" and again.added == 0
    with workspace.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Interaction)) == 5
        # The owner is the user, never a contact: the thread made no interaction.
        owner_handles = s.scalars(
            select(Identity.handle).join(Person).where(Person.is_owner.is_(True))
        ).all()
        assert "rquayle" in owner_handles
        # Mira renamed herself: both her screen names, one account id, one person.
        mira = s.execute(
            select(Identity.handle, Identity.person_id).where(Identity.external_id == "2002")
        ).all()
        assert sorted(h for h, _ in mira) == ["mira_o", "mira_okafor"]
        assert len({p for _, p in mira}) == 1


THREAD_CSV = (
    '"tweet_id","in_reply_to_status_id","in_reply_to_user_id","timestamp","source","text",'
    '"retweeted_status_id","retweeted_status_user_id","retweeted_status_timestamp",'
    '"expanded_urls"\n'
    '"501","","","2015-05-01 10:00:00 +0000","web","1/ notes from the meetup","","","",""\n'
    # The owner's own thread, starting with someone else's name.
    '"502","501","1001","2015-05-01 10:01:00 +0000","web","@bob_b 2/ and thanks","","","",""\n'
    # A reply to Alice (id 3003) that starts with Bob's name: no pair is sure.
    '"503","","3003","2015-05-02 09:00:00 +0000","web","@bob_b @alice_a agreed","","","",""\n'
    '"504","","3003","2015-05-03 09:00:00 +0000","web","@alice_a see you","","","",""\n'
)


def test_a_thread_starting_with_someones_name_gives_them_no_id_of_the_owner(
    workspace: Any, tmp_path: Path
) -> None:
    card = "BEGIN:VCARD\nVERSION:3.0\nFN:Bob Brandt\nX-TWITTER:bob_b\nEND:VCARD\n"
    (tmp_path / "bob.vcf").write_text(card)
    import_path(workspace, tmp_path / "bob.vcf")
    (tmp_path / "tweets.csv").write_text(THREAD_CSV)
    recs = read(tmp_path / "tweets.csv")
    owner = recs[0]
    assert isinstance(owner, OwnerRecord)
    assert (owner.identities[0].handle, owner.identities[0].external_id) == (None, "1001")
    refs = {
        r.source_key: (r.counterparts[0].handle, r.counterparts[0].external_id)
        for r in recs
        if isinstance(r, InteractionRecord)
    }
    assert refs["x:tweet:502:mention:bob_b"] == ("bob_b", None)  # not the owner's id
    # 503 and 504 disagree on whose id 3003 is: bob_b keeps none of it.
    assert refs["x:tweet:503:mention:bob_b"] == ("bob_b", None)
    assert refs["x:tweet:503:reply:3003"] == (None, "3003")
    import_path(workspace, tmp_path / "tweets.csv")
    with workspace.sessions() as s:
        bob = s.scalars(select(Person).where(Person.display_name == "Bob Brandt")).one()
        assert not bob.is_owner and bob.merged_into is None
