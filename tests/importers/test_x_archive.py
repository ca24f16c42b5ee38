"""X / Twitter archive importer: detection, tweet classification, DMs, follows, blocks,
mutes, errors."""

from __future__ import annotations

import html
import json
import shutil
import zipfile
from collections import Counter
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from tests.importers.golden import DATA, check_golden
from warmly.errors import ImportFileError
from warmly.importers import detect_importer
from warmly.importers.base import ImportContext
from warmly.importers.golden import dump_records
from warmly.importers.records import (
    ContactRecord,
    IdentityRef,
    InteractionRecord,
    Known,
    OwnerRecord,
    Record,
    RecordError,
    Skipped,
)
from warmly.importers.source import ExportTree
from warmly.importers.x_archive import XArchiveImporter
from warmly.importers.x_archive_parse import (
    TWEET_DATE_FORMAT,
    parse_iso_date,
    parse_js_assignment,
    parse_tweet_date,
)
from warmly.importers.x_archive_people import ArchiveOwner, HandleBook
from warmly.importers.x_archive_tweets import learn_handles, read_tweets, tweet_records
from warmly.ledger.pipeline import import_path
from warmly.ledger.queries import identity_view
from warmly.store.models import Identity, ImportRun, Interaction, Person

X_DATA = DATA / "x_archive"
ARCHIVE = X_DATA / "archive"


def read(path: Path, ctx: ImportContext | None = None) -> list[Record]:
    with ExportTree(path) as tree:
        return list(XArchiveImporter().read(tree, ctx or ImportContext()))


def detect(path: Path) -> bool:
    with ExportTree(path) as tree:
        return XArchiveImporter().detect(tree)


def write_js(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def ytd(name: str, records: list[Any]) -> str:
    return f"window.YTD.{name}.part0 = " + json.dumps(records, indent=2, separators=(",", " : "))


# --- golden files ------------------------------------------------------------------


@pytest.mark.parametrize("sample", ["archive", "old_style", "blocks"])
def test_golden(sample: str) -> None:
    check_golden("x", X_DATA / sample)


def test_archive_drops_email_and_ignores_missing_manifest_files() -> None:
    dumped = json.dumps(dump_records(read(ARCHIVE)), ensure_ascii=False)
    assert "example.org" not in dumped  # account e-mail is never read
    # manifest.js lists block.js, which is absent: that is not an error.
    errors = [r for r in read(ARCHIVE) if isinstance(r, RecordError)]
    assert {e.location.split()[0] for e in errors} == {
        "tweets.js",
        "direct-messages.js",
        "follower.js",
    }


def test_blocks_and_mutes_are_contacts_tagged_blocked_and_muted() -> None:
    # block.js / mute.js wrap each account in "blocking" / "muting"; the type's own
    # name ("block", "mute", as in follower.js) is read too.
    records = read(X_DATA / "blocks")
    contacts = [r for r in records if isinstance(r, ContactRecord)]
    assert [(c.source_key, c.tags, c.identities[0].handle) for c in contacts] == [
        ("x:blocked:4100000050", ["x:blocked"], "rexloud"),  # the handle a tweet revealed
        ("x:blocked:4100000051", ["x:blocked"], None),
        ("x:blocked:4100000052", ["x:blocked"], None),
        ("x:muted:4100000060", ["x:muted"], None),
        ("x:muted:4100000061", ["x:muted"], None),
    ]
    assert all(c.identities[0].external_id == c.source_key.rsplit(":", 1)[1] for c in contacts)
    # The owner's own id is no block; an entry without an id is a record error.
    errors = [r for r in records if isinstance(r, RecordError)]
    assert [(e.location, e.reason) for e in errors] == [
        ("block.js record 4", "block without accountId")
    ]
    # smartblock.js (X's Safety mode blocked for the user, for days) is not read.
    assert not [r for r in records if "4100000070" in json.dumps(dump_records([r]))]


def test_blocks_listed_in_the_manifest_are_read_from_their_named_file(tmp_path: Path) -> None:
    manifest = {
        "userInfo": {"accountId": "1", "userName": "me"},
        "dataTypes": {
            "block": {"files": [{"fileName": "data/block.js", "globalName": "YTD.block.part0"}]},
            "mute": {"files": [{"fileName": "data/mute.js", "globalName": "YTD.mute.part0"}]},
        },
    }
    write_js(tmp_path / "data" / "manifest.js", "window.__THAR_CONFIG = " + json.dumps(manifest))
    write_js(tmp_path / "data" / "block.js", ytd("block", [{"blocking": {"accountId": "7"}}]))
    write_js(tmp_path / "data" / "mute.js", ytd("mute", []))  # what X ships for no mutes
    records = read(tmp_path)
    assert [r.source_key for r in records if isinstance(r, ContactRecord)] == ["x:blocked:7"]


def test_archive_group_dm_audience_follows_joins_and_leaves() -> None:
    by_key = {r.source_key: r for r in read(ARCHIVE) if isinstance(r, InteractionRecord)}

    def ids(key: str) -> list[str | None]:
        return [c.external_id for c in by_key[key].counterparts]

    # Before Ivy (…09) was added: Lea, Jonas and Kai (…08).
    assert ids("x:dm:1762600000000000009") == ["4100000008", "4100000003", "4100000002"]
    # After Kai left and Ivy joined.
    assert ids("x:dm:1762600000000000005") == ["4100000003", "4100000009", "4100000002"]
    assert by_key["x:dm:1762600000000000004"].direction == "in"


def test_zip_reads_like_the_folder(tmp_path: Path) -> None:
    zpath = tmp_path / "twitter-2024-03-02.zip"
    with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("twitter-2024-03-02-abc/Your archive.html", "<html></html>")
        for f in sorted((ARCHIVE / "data").iterdir()):
            zf.write(f, f"twitter-2024-03-02-abc/data/{f.name}")
    assert detect(zpath)
    assert dump_records(read(zpath)) == dump_records(read(ARCHIVE))
    with ExportTree(zpath) as tree:
        assert detect_importer(tree, zpath).name == "x"


# --- detection ---------------------------------------------------------------------


def test_detects_data_folder_alone_and_single_tweets_file(tmp_path: Path) -> None:
    assert detect(ARCHIVE)
    assert detect(X_DATA / "old_style")
    assert detect(ARCHIVE / "data")  # pointed at data/ itself
    single = shutil.copy(ARCHIVE / "data" / "tweets.js", tmp_path / "tweets.js")
    assert detect(Path(single))


@pytest.mark.parametrize(
    ("files", "reason"),
    [
        ({"Connections.csv": "First Name,Last Name\nJane,Doe\n"}, "LinkedIn CSV"),
        ({"outbox.json": '{"orderedItems": []}', "actor.json": "{}"}, "Mastodon export"),
        ({"data/tweets.js": "console.log('tweets = 1');"}, "some other tweets.js"),
        ({"data/like.js": ytd("like", [])}, "only like.js is no archive signature"),
        ({"data/tweets.js": '[{"tweet": {}}]'}, "JSON without the assignment"),
        ({"data/manifest.js": "window.YTD.manifest.part0 = []"}, "manifest without config"),
    ],
)
def test_does_not_claim_other_formats(tmp_path: Path, files: dict[str, str], reason: str) -> None:
    for name, text in files.items():
        write_js(tmp_path / name, text)
    assert not detect(tmp_path), reason


def _other_samples() -> list[Path]:
    return sorted(
        p
        for p in DATA.glob("*/*")
        if p.parent.name != "x_archive"
        and not p.name.endswith(".expected.json")
        and not p.name.startswith(".")
    )


@pytest.mark.parametrize("sample", _other_samples(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_does_not_claim_other_importers_samples(sample: Path) -> None:
    assert not detect(sample)


@pytest.mark.parametrize("sample", ["archive", "old_style", "blocks"])
def test_only_this_importer_claims_the_fixtures(sample: str) -> None:
    with ExportTree(X_DATA / sample) as tree:
        assert detect_importer(tree, X_DATA / sample).name == "x"


# --- tweet classification -------------------------------------------------------------

OWNER = ArchiveOwner(account_id="100", handle="me", name="Me")
ANN = {"id_str": "200", "screen_name": "Ann", "name": "Ann A."}
BOB = {"id_str": "300", "screen_name": "bob_b", "name": "Bob B."}
ME = {"id_str": "100", "screen_name": "Me", "name": "Me"}


def mk_tweet(
    text: str = "hello",
    mentions: tuple[dict[str, str], ...] = (),
    urls: tuple[str, ...] = (),
    extra: dict[str, str] | None = None,
) -> dict[str, Any]:
    return {
        "tweet": {
            "id_str": "1",
            "id": "1",
            "created_at": "Wed Nov 02 21:30:39 +0000 2022",
            "full_text": text,
            "entities": {
                "user_mentions": [
                    {**m, "id": m["id_str"], "indices": ["0", "4"]} for m in mentions
                ],
                "urls": [{"url": "https://t.co/x", "expanded_url": u} for u in urls],
            },
            **(extra or {}),
        }
    }


REPLY_ANN = {"in_reply_to_user_id_str": "200", "in_reply_to_screen_name": "Ann"}
REPLY_ME = {"in_reply_to_user_id_str": "100", "in_reply_to_screen_name": "me"}

CASES: list[tuple[str, dict[str, Any], list[tuple[str, str | None, str | None]]]] = [
    ("plain post", mk_tweet(), []),
    ("reply", mk_tweet("@Ann hi", (ANN,), extra=REPLY_ANN), [("reply", "200", "ann")]),
    ("reply to self (thread)", mk_tweet("2/ more", extra=REPLY_ME), []),
    ("reply to self by name only", mk_tweet("x", extra={"in_reply_to_screen_name": "ME"}), []),
    (
        "old-style reply: numeric id only",
        mk_tweet("@Ann hi", extra={"in_reply_to_user_id": "200"}),
        [("reply", "200", None)],
    ),
    (
        "reply without user id",
        mk_tweet("hi", extra={"in_reply_to_screen_name": "Ann"}),
        [("reply", None, "ann")],
    ),
    ("mention", mk_tweet("hi @Ann", (ANN,)), [("mention", "200", "ann")]),
    ("mention twice is one", mk_tweet("@Ann @Ann", (ANN, ANN)), [("mention", "200", "ann")]),
    ("mention of self", mk_tweet("I am @Me", (ME,)), []),
    (
        "reply with another participant",
        mk_tweet("@Ann @bob_b hi", (ANN, BOB), extra=REPLY_ANN),
        [("reply", "200", "ann"), ("mention", "300", "bob_b")],
    ),
    (
        "self-thread mentioning someone",
        mk_tweet("3/ thanks @bob_b", (BOB,), extra=REPLY_ME),
        [("mention", "300", "bob_b")],
    ),
    ("retweet", mk_tweet("RT @Ann: hey @bob_b", (ANN, BOB)), [("share", "200", "ann")]),
    ("retweet of self", mk_tweet("RT @Me: my words", (ME,)), []),
    ("retweet without entities", mk_tweet("RT @Old_One: hi"), [("share", None, "old_one")]),
    (
        "quote on twitter.com",
        mk_tweet("so true", urls=("https://twitter.com/Carla/status/123",)),
        [("share", None, "carla")],
    ),
    (
        "quote on x.com, www and mobile",
        mk_tweet(
            "so true",
            urls=(
                "https://x.com/carla/status/123",
                "https://mobile.twitter.com/Dan/status/9/photo/1",
            ),
        ),
        [("share", None, "carla"), ("share", None, "dan")],
    ),
    ("quote of own status", mk_tweet("still true", urls=("https://x.com/ME/status/5",)), []),
    ("status without author", mk_tweet("see", urls=("https://twitter.com/i/web/status/5",)), []),
    ("ordinary link", mk_tweet("see", urls=("https://example.org/status/5",)), []),
    (
        "reply that also quotes",
        mk_tweet("@Ann look", (ANN,), urls=("https://x.com/bob_b/status/7",), extra=REPLY_ANN),
        [("reply", "200", "ann"), ("share", None, "bob_b")],
    ),
]


@pytest.mark.parametrize(("tweet", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_tweet_classification(
    tweet: dict[str, Any], expected: list[tuple[str, str | None, str | None]]
) -> None:
    recs = tweet_records([tweet], "tweets.js", OWNER, HandleBook())
    assert all(isinstance(r, InteractionRecord) for r in recs)
    got = [
        (r.kind, r.counterparts[0].external_id, r.counterparts[0].handle)
        for r in recs
        if isinstance(r, InteractionRecord)
    ]
    assert got == expected
    for r in recs:
        assert isinstance(r, InteractionRecord)
        assert r.direction == "out" and r.platform == "x" and len(r.counterparts) == 1
        c = r.counterparts[0]
        assert r.source_key == f"x:tweet:1:{r.kind}:{c.external_id or c.handle}"


def test_owner_handles_from_context_count_as_self() -> None:
    owner = ArchiveOwner(ctx=ImportContext(owner={("x", "old_me")}))
    tweet = mk_tweet(
        "x", extra={"in_reply_to_user_id_str": "42", "in_reply_to_screen_name": "Old_Me"}
    )
    assert tweet_records([tweet], "tweets.js", owner, HandleBook()) == []


@pytest.mark.parametrize(
    ("tweet", "reason"),
    [
        ({"nottweet": {}}, "not a tweet record"),
        ([1, 2], "not a tweet record"),
        ({"tweet": {"created_at": "Wed Nov 02 21:30:39 +0000 2022"}}, "without an id"),
        ({"tweet": {"id_str": "1", "full_text": "x"}}, "no created_at"),
        ({"tweet": {"id_str": "1", "created_at": "yesterday", "full_text": "x"}}, "bad created_at"),
        ({"tweet": {"id_str": "1", "created_at": "Wed Nov 02 21:30:39 +0000 2022"}}, "full_text"),
        ({"tweet": {**mk_tweet()["tweet"], "entities": {"user_mentions": ["x"]}}}, "user_mentions"),
        ({"tweet": {**mk_tweet()["tweet"], "entities": {"user_mentions": {"a": "1"}}}}, "entities"),
        ({"tweet": {**mk_tweet()["tweet"], "entities": "none"}}, "entities"),
    ],
)
def test_bad_tweets_are_record_errors(tweet: Any, reason: str) -> None:
    recs = tweet_records([mk_tweet("RT @Ann: x", (ANN,)), tweet], "tweets.js", OWNER, HandleBook())
    assert isinstance(recs[0], InteractionRecord)  # the good one still comes through
    assert len(recs) == 2 and isinstance(recs[1], RecordError)
    assert recs[1].location == "tweets.js record 2"
    assert reason in recs[1].reason


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("Tea &amp; biscuits", "Tea & biscuits"),
        ("I &lt;3 this &gt; that", "I <3 this > that"),
        ("&amp;amp; is escaped once", "&amp; is escaped once"),
        ("AT&T and R&D", "AT&T and R&D"),
        ("no entities — ünïcödé 🎉", "no entities — ünïcödé 🎉"),
        ("quotes &quot;stay&quot;", 'quotes "stay"'),
    ],
)
def test_full_text_is_html_unescaped(raw: str, text: str) -> None:
    recs = tweet_records([mk_tweet("hi @Ann " + raw, (ANN,))], "t.js", OWNER, HandleBook())
    assert isinstance(recs[0], InteractionRecord)
    assert recs[0].text == "hi @Ann " + text


# --- handles learned from tweets --------------------------------------------------------


def test_handle_book_names_ids_and_keeps_first_handle() -> None:
    book = HandleBook()
    book.learn("200", "Ann_New", "Ann")
    book.learn("200", "ann_old", "Ann (old)")
    book.learn(None, "nobody")
    assert len(book) == 1
    assert book.ref("200").handle == "ann_new" and book.ref("200").name == "Ann"
    assert book.ref("999").handle is None and book.ref("999").external_id == "999"

    assert book.complete(IdentityRef("x", "ann_new")).external_id == "200"
    assert book.complete(IdentityRef("x", None, external_id="200")).handle == "ann_new"
    # A name seen with another handle is not attached to an old handle.
    assert book.complete(IdentityRef("x", "ann_old", external_id="200")).name is None


# --- dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Wed Nov 02 21:30:39 +0000 2022", datetime(2022, 11, 2, 21, 30, 39, tzinfo=UTC)),
        ("Sun Feb 25 07:00:00 -0130 2024", datetime(2024, 2, 25, 8, 30, tzinfo=UTC)),
        ("Thu Jan 01 01:00:00 +0530 2015", datetime(2014, 12, 31, 19, 30, tzinfo=UTC)),
        ("Thu Feb 29 23:59:59 +0000 2024", datetime(2024, 2, 29, 23, 59, 59, tzinfo=UTC)),
        ("wed nov 02 21:30:39 +0000 2022", datetime(2022, 11, 2, 21, 30, 39, tzinfo=UTC)),
        ("Wed Nov 2 21:30:39 +0000 2022", datetime(2022, 11, 2, 21, 30, 39, tzinfo=UTC)),
    ],
)
def test_parse_tweet_date(value: str, expected: datetime) -> None:
    got = parse_tweet_date(value)
    assert got == expected and got.tzinfo is UTC


@pytest.mark.parametrize(
    "value",
    [
        "2022-11-02T21:30:39Z",
        "Wed Feb 30 10:00:00 +0000 2022",
        "Wed Nov 02 24:00:00 +0000 2022",
        "Wed Nov 02 21:30:39 +0099 2022",
        "Wed Nov 02 21:30:39 2022",
        "",
    ],
)
def test_parse_tweet_date_rejects(value: str) -> None:
    with pytest.raises(ValueError):
        parse_tweet_date(value)


_DATE_LIKE = st.from_regex(
    r"(Mon|Tue|Wed|Sun|Xyz|wed) (Jan|Feb|Jun|Dec|Foo|nov) [0-3]\d [0-2]\d:[0-6]\d:[0-6]\d"
    r" [+-][0-3]\d[0-7]\d \d{4}",
    fullmatch=True,
)


@given(st.one_of(_DATE_LIKE, st.text(max_size=40)))
def test_parse_tweet_date_matches_strptime(value: str) -> None:
    try:
        expected: datetime | None = datetime.strptime(value, TWEET_DATE_FORMAT).astimezone(UTC)
    except ValueError:
        expected = None
    if expected is None:
        with pytest.raises(ValueError):
            parse_tweet_date(value)
    else:
        assert parse_tweet_date(value) == expected


@given(
    st.datetimes(
        min_value=datetime(1970, 1, 2), max_value=datetime(9998, 12, 30), timezones=st.just(None)
    ),
    st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1),
)
def test_parse_tweet_date_round_trips(when: datetime, offset_minutes: int) -> None:
    aware = when.replace(microsecond=0, tzinfo=timezone(timedelta(minutes=offset_minutes)))
    assert parse_tweet_date(aware.strftime(TWEET_DATE_FORMAT)) == aware


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-09-15T06:00:28.597Z", datetime(2021, 9, 15, 6, 0, 28, 597000, tzinfo=UTC)),
        ("2021-09-15T08:00:28+02:00", datetime(2021, 9, 15, 6, 0, 28, tzinfo=UTC)),
        ("2021-09-15T06:00:28", datetime(2021, 9, 15, 6, 0, 28, tzinfo=UTC)),
    ],
)
def test_parse_iso_date(value: str, expected: datetime) -> None:
    assert parse_iso_date(value) == expected


# --- the JS-assignment parser -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("window.YTD.note_tweet.part0 = [ ]", []),
        ('window.YTD.tweet.part0 = [ {\n "a" : "1"\n} ];\n', [{"a": "1"}]),
        ('window.__THAR_CONFIG = {"userInfo" : {}}', {"userInfo": {}}),
        ("window.YTD.x.part12=[1,2]  ;;", [1, 2]),
        ('window.YTD.x.part0 = ["a = b"]', ["a = b"]),
    ],
)
def test_parse_js_assignment(text: str, value: Any) -> None:
    assert parse_js_assignment(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "",
        "[1, 2]",
        '{"a": "="}',
        "var x = [1]",
        "window.YTD.x.part0 = [ {",
        "window.YTD.x.part0 = [1] trailing",
        "window.YTD.x.part0 = ",
        "<html>= nope</html>",
    ],
)
def test_parse_js_assignment_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_js_assignment(text)


_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)
_NAME = st.from_regex(r"window\.(YTD\.[a-z_]{1,20}\.part[0-9]{1,2}|__THAR_CONFIG)", fullmatch=True)
_WS = st.text(alphabet=" \t\r\n", max_size=3)


@given(
    _NAME, st.lists(_JSON, max_size=5), _WS, _WS, st.sampled_from(["", ";", ";\n"]), st.booleans()
)
def test_parse_js_assignment_round_trips(
    name: str, value: list[Any], ws1: str, ws2: str, tail: str, pretty: bool
) -> None:
    body = json.dumps(value, indent=2 if pretty else None, separators=(",", " : "))
    assert parse_js_assignment(f"{name}{ws1}={ws2}{body}{tail}") == _without_nul(value)


def _without_nul(value: Any) -> Any:
    """``value`` with NUL removed from its strings, as the parser hands JSON on."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_without_nul(v) for v in value]
    if isinstance(value, dict):
        return {_without_nul(k): _without_nul(v) for k, v in value.items()}
    return value


@given(_NAME, st.lists(_JSON, min_size=1, max_size=5), st.data())
def test_parse_js_assignment_rejects_truncation(name: str, value: list[Any], data: Any) -> None:
    text = f"{name} = {json.dumps(value)}"
    cut = data.draw(st.integers(min_value=0, max_value=len(text) - 1))
    with pytest.raises(ValueError):
        parse_js_assignment(text[:cut])


# --- whole-file errors ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("member", "content"),
    [
        ("tweets.js", b'window.YTD.tweets.part0 = [ { "tweet" : { '),
        ("direct-messages.js", b"\x00\x01garbage"),
        ("follower.js", b"window.YTD.follower.part0 = { }"),
        ("direct-messages.js", "window.YTD.direct_messages.part0 = [ ]".encode("utf-16")),
        ("manifest.js", b"window.__THAR_CONFIG = [ ]"),
    ],
)
def test_unreadable_file_fails_the_import(
    workspace: Any, tmp_path: Path, member: str, content: bytes
) -> None:
    root = tmp_path / "arch"
    shutil.copytree(ARCHIVE, root)
    (root / "data" / member).write_bytes(content)
    with ExportTree(root) as tree, pytest.raises(ImportFileError) as err:
        list(XArchiveImporter().read(tree, ImportContext()))
    assert member in str(err.value)
    # DMs, follows and likes are read after the tweets' records are handed on;
    # the import's one transaction still writes nothing of the file.
    with pytest.raises(ImportFileError, match=member.replace(".", r"\.")):
        import_path(workspace, root)
    with workspace.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Interaction)) == 0
        assert s.scalars(select(ImportRun.status)).all() == ["failed"]


def test_truncated_or_corrupt_zip_fails(tmp_path: Path) -> None:
    zpath = tmp_path / "x.zip"
    with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in sorted((ARCHIVE / "data").iterdir()):
            zf.write(f, f"data/{f.name}")
    raw = zpath.read_bytes()
    (tmp_path / "cut.zip").write_bytes(raw[: len(raw) // 2])
    with pytest.raises(ImportFileError):
        read(tmp_path / "cut.zip")
    # Flip bytes inside the compressed tweets.js: the member is unreadable.
    with zipfile.ZipFile(zpath) as zf:
        info = zf.getinfo("data/tweets.js")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 20
    broken = bytearray(raw)
    broken[start : start + 40] = b"\xff" * 40
    (tmp_path / "bad.zip").write_bytes(bytes(broken))
    with pytest.raises(ImportFileError) as err:
        read(tmp_path / "bad.zip")
    assert "tweets.js" in str(err.value)


def test_owner_unknown_skips_direct_messages_with_one_error(tmp_path: Path) -> None:
    msg = {"senderId": "7", "recipientId": "8", "id": "1", "createdAt": "2024-01-01T00:00:00.000Z"}
    conv = {"dmConversation": {"conversationId": "7-8", "messages": [{"messageCreate": msg}]}}
    write_js(tmp_path / "data" / "tweets.js", ytd("tweets", []))
    write_js(tmp_path / "data" / "direct-messages.js", ytd("direct_messages", [conv]))
    records = read(tmp_path)
    assert len(records) == 1 and isinstance(records[0], RecordError)
    assert "which account is yours" in records[0].reason


def test_dm_edge_cases(tmp_path: Path) -> None:
    write_js(tmp_path / "data" / "account.js", ytd("account", [{"account": {"accountId": "1"}}]))

    def m(mid: str, sender: str, recipient: str | None = None) -> dict[str, Any]:
        body = {"senderId": sender, "id": mid, "createdAt": "2024-01-01T00:00:00.000Z"}
        return {"messageCreate": {**body, **({"recipientId": recipient} if recipient else {})}}

    convs = [
        {"dmConversation": {"conversationId": "1-2", "messages": [m("a", "1"), m("b", "2")]}},
        {"dmConversation": {"conversationId": "3-4", "messages": [m("c", "3", "4")]}},
        {"dmConversation": {"messages": []}},
    ]
    group = [{"dmConversation": {"conversationId": "99", "messages": [m("d", "1")]}}]
    write_js(tmp_path / "data" / "direct-messages.js", ytd("direct_messages", convs))
    write_js(tmp_path / "data" / "direct-messages-group.js", ytd("direct_messages_group", group))
    records = read(tmp_path)
    assert isinstance(records[0], OwnerRecord) and records[0].identities[0].handle is None
    kinds = [(type(r).__name__, getattr(r, "direction", None)) for r in records[1:]]
    assert kinds == [
        ("InteractionRecord", "out"),  # recipient taken from the conversation id
        ("InteractionRecord", "in"),
        ("RecordError", None),  # neither party is the owner
        ("RecordError", None),  # conversation without id
        ("Skipped", None),  # group message with nobody else known
    ]
    out = records[1]
    assert isinstance(out, InteractionRecord) and out.counterparts[0].external_id == "2"


# --- real samples ---------------------------------------------------------------------------


def _sample_archive(src: Path, dest: Path, names: list[str]) -> Path:
    """Copy real sample files into ``dest/data/<name>.js`` (excerpts renamed)."""
    data = dest / "data"
    data.mkdir(parents=True)
    for name in names:
        path = src / f"{name}.excerpt.js"
        shutil.copy(path if path.exists() else src / f"{name}.js", data / f"{name}.js")
    return dest


def test_real_samples(samples: Path, tmp_path: Path) -> None:
    src = samples / "x_archive"
    names = ["account", "manifest", "tweets", "follower", "following", "like", "tweet-headers"]
    root = _sample_archive(src, tmp_path / "x", names)
    records = read(root)
    assert not [r for r in records if isinstance(r, RecordError)]
    counts = Counter(getattr(r, "kind", type(r).__name__) for r in records)
    assert counts["OwnerRecord"] == 1
    owner = records[0]
    assert isinstance(owner, OwnerRecord) and owner.identities[0].handle == "andreruffert"
    assert counts["ContactRecord"] == 20  # 10 followers + 10 followings
    assert counts["Skipped"] == 10  # likes
    assert 5 <= counts["reply"] <= 20 and counts["mention"] >= 1 and counts["share"] >= 3
    interactions = [r for r in records if isinstance(r, InteractionRecord)]
    assert all(r.occurred_at.tzinfo is UTC for r in interactions)
    assert all(c.external_id != "112769581" for r in interactions for c in r.counterparts)
    keys = [r.source_key for r in records if isinstance(r, InteractionRecord | ContactRecord)]
    assert len(keys) == len(set(keys))
    assert all("&amp;" not in (r.text or "") for r in interactions)


def test_real_sample_direct_messages(samples: Path, tmp_path: Path) -> None:
    # The DM excerpt comes from another account (759720) than the other samples.
    root = _sample_archive(samples / "x_archive", tmp_path / "dm", ["direct-messages"])
    account = {"account": {"username": "dm_owner", "accountId": "759720"}}
    write_js(root / "data" / "account.js", ytd("account", [account]))
    records = read(root)
    messages = [r for r in records if isinstance(r, InteractionRecord)]
    assert len(records) == 3 and len(messages) == 2
    assert {r.direction for r in messages} == {"in"}
    assert {r.counterparts[0].external_id for r in messages} == {"3128746474"}
    assert messages[0].occurred_at > messages[1].occurred_at  # newest first, as listed


def test_read_without_archive_raises(tmp_path: Path) -> None:
    write_js(tmp_path / "notes.txt", "hello")
    with ExportTree(tmp_path) as tree, pytest.raises(ImportFileError):
        list(XArchiveImporter().read(tree, ImportContext()))


def test_accounts_known_only_by_id_get_no_name() -> None:
    # follower.js / following.js give ids only: a number is no one's name.
    follows = [r for r in read(ARCHIVE) if isinstance(r, ContactRecord)]
    unnamed = [r for r in follows if r.identities[0].handle is None]
    assert unnamed, "the fixture has a follower no tweet names"
    for r in unnamed:
        (ref,) = r.identities
        assert ref.external_id and (r.name, ref.name) == (None, None)


def test_accounts_known_only_by_id_stay_nameless_in_the_ledger(workspace: Any) -> None:
    import_path(workspace, ARCHIVE)
    with workspace.sessions() as s:
        q = select(Identity, Person).join(Person, Person.id == Identity.person_id)
        rows = s.execute(q.where(Identity.handle == "#4100000006")).one()
        ident, person = rows
        assert identity_view(ident).handle == "id:4100000006"  # how it is shown
        assert (person.display_name, person.name_key) == ("", "")
    # Nothing new on a second import, nameless or not.
    assert import_path(workspace, ARCHIVE).added == 0


def test_skipped_and_html_in_fixture() -> None:
    records = read(ARCHIVE)
    assert [r.reason for r in records if isinstance(r, Skipped)] == [
        "likes carry no author and no date"
    ] * 2
    first = next(r for r in records if isinstance(r, InteractionRecord))
    assert first.text == html.unescape("@jonas_p Tea &amp; biscuits at 4? &lt;3")


def test_the_handle_book_learns_from_readable_tweets_only_newest_first() -> None:
    # Newest first: Ann as ann_new, then an older reply naming her old handle.
    renamed = {**ANN, "screen_name": "ann_new"}
    broken = [
        {"tweet": "not a tweet"},
        mk_tweet("no date", (BOB,), extra={"created_at": "yesterday"}),
        mk_tweet("no text", (BOB,), extra={"full_text": None}),  # type: ignore[dict-item]
        {"tweet": {**mk_tweet("bad", (BOB,))["tweet"], "entities": {"user_mentions": [BOB, 7]}}},
    ]
    tweets: list[Any] = [
        *broken,
        mk_tweet("hi @ann_new", (renamed,)),
        mk_tweet("old", extra={"in_reply_to_user_id_str": "200", "in_reply_to_screen_name": "ann"}),
        mk_tweet(
            "RT @x: y", extra={"in_reply_to_user_id_str": "400", "in_reply_to_screen_name": "z"}
        ),
    ]
    book = HandleBook()
    recs = tweet_records(tweets, "tweets.js", OWNER, book)
    assert [type(r).__name__ for r in recs[:4]] == ["RecordError"] * 4
    assert book.complete(IdentityRef("x", None, external_id="200")).handle == "ann_new"
    assert book.complete(IdentityRef("x", "ann")).external_id == "200"  # every handle worn
    # Broken records and a retweet's reply fields teach nothing.
    assert book.complete(IdentityRef("x", None, external_id="300")).handle is None
    assert book.complete(IdentityRef("x", None, external_id="400")).handle is None
    # The importer's two passes teach the same book.
    two_pass = HandleBook()
    learn_handles(read_tweets(tweets, "tweets.js"), two_pass)
    for ref in (IdentityRef("x", None, external_id=i) for i in ("200", "300", "400")):
        assert two_pass.complete(ref) == book.complete(ref)


def test_tweets_and_dms_already_in_the_ledger_are_only_recognised() -> None:
    first = read(ARCHIVE)
    built = [r for r in first if isinstance(r, InteractionRecord)]
    known = frozenset(r.source_key for r in built if r.source_key.startswith(("x:tweet:", "x:dm:")))
    assert any(k.startswith("x:tweet:") for k in known) and any(
        k.startswith("x:dm:") for k in known
    )
    again = read(ARCHIVE, ImportContext(known=known))
    assert sorted(k.source_key for k in again if isinstance(k, Known)) == sorted(known)
    # In the same places, and everything else (follows, errors, skipped likes) as before.
    assert [r.source_key if isinstance(r, Known) else r for r in again] == [
        r.source_key if isinstance(r, InteractionRecord) and r.source_key in known else r
        for r in first
    ]


def _tweet(tid: str, text: str, **reply: str) -> dict[str, Any]:
    t = mk_tweet(text, extra=reply)
    t["tweet"]["id_str"] = t["tweet"]["id"] = tid
    return t


def test_tweets_alone_learn_their_owner_from_the_owners_own_threads(tmp_path: Path) -> None:
    # No account.js: a reply to one of the archive's own tweets is a reply to its owner.
    tweets = [
        _tweet("10", "1/ a thread"),
        _tweet(
            "11",
            "2/ more",
            in_reply_to_status_id_str="10",
            in_reply_to_user_id_str="100",
            in_reply_to_screen_name="Me_X",
        ),
        _tweet(
            "12",
            "@ann hi",
            in_reply_to_status_id_str="900",
            in_reply_to_user_id_str="200",
            in_reply_to_screen_name="ann",
        ),
    ]
    path = write_js(tmp_path / "data" / "tweets.js", ytd("tweets", tweets))
    records = read(path.parent)
    (owner,) = [r for r in records if isinstance(r, OwnerRecord)]
    assert [(i.handle, i.external_id) for i in owner.identities] == [("me_x", "100")]
    replies = [r for r in records if isinstance(r, InteractionRecord)]
    assert [[c.external_id for c in r.counterparts] for r in replies] == [["200"]]


def test_threads_naming_two_accounts_teach_no_owner(tmp_path: Path) -> None:
    tweets = [
        _tweet("10", "a"),
        _tweet("11", "b", in_reply_to_status_id_str="10", in_reply_to_user_id_str="100"),
        _tweet("12", "c", in_reply_to_status_id_str="11", in_reply_to_user_id_str="101"),
    ]
    path = write_js(tmp_path / "data" / "tweets.js", ytd("tweets", tweets))
    assert not [r for r in read(path.parent) if isinstance(r, OwnerRecord)]
