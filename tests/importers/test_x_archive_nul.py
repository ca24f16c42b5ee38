"""X archive: NUL characters written as JSON escapes (``\\u0000``) never leave the importer.

A NUL byte in a file is dropped as the text is read; the escape only turns
into one as the JSON is decoded, and PostgreSQL refuses NUL in text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from warmly.importers.base import ImportContext
from warmly.importers.records import InteractionRecord, OwnerRecord
from warmly.importers.source import ExportTree
from warmly.importers.x_archive import XArchiveImporter
from warmly.importers.x_archive_parse import parse_js_assignment


def ytd(name: str, records: list[Any]) -> str:
    # json.dumps writes "\x00" as the escape \u0000, as X's own files would.
    return f"window.YTD.{name}.part0 = " + json.dumps(records, indent=2, separators=(",", " : "))


def test_nul_escapes_are_dropped_from_names_texts_handles_and_ids(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    account = {"accountId": "1\x00", "username": "o\x00wen", "accountDisplayName": "Ow\x00en Er"}
    (data / "account.js").write_text(ytd("account", [{"account": account}]))
    tweet = {
        "id_str": "5\x005",
        "created_at": "Wed Nov 02 21:30:39 +0000 2022",
        "full_text": "@Ann hi\x00 there",
        "in_reply_to_user_id_str": "200",
        "in_reply_to_screen_name": "A\x00nn",
        "entities": {
            "user_mentions": [
                {"id_str": "200", "screen_name": "A\x00nn", "name": "Ann\x00 Lee", "indices": []}
            ]
        },
    }
    (data / "tweets.js").write_text(ytd("tweets", [{"tweet": tweet}]))
    message = {
        "senderId": "200",
        "recipientId": "1",
        "id": "9\x009",
        "text": "hel\x00lo",
        "createdAt": "2024-01-01T00:00:00.000Z",
    }
    conv = {"dmConversation": {"conversationId": "1-200", "messages": [{"messageCreate": message}]}}
    (data / "direct-messages.js").write_text(ytd("direct_messages", [conv]))
    assert "\\u0000" in (data / "direct-messages.js").read_text()

    with ExportTree(tmp_path) as tree:
        records = list(XArchiveImporter().read(tree, ImportContext()))
    assert "\\x00" not in repr(records)
    owner = records[0]
    assert isinstance(owner, OwnerRecord)
    assert owner.name == "Owen Er"
    assert (owner.identities[0].external_id, owner.identities[0].handle) == ("1", "owen")
    reply, dm = (r for r in records if isinstance(r, InteractionRecord))
    assert (reply.kind, reply.text, reply.source_key) == (
        "reply",
        "@Ann hi there",
        "x:tweet:55:reply:200",
    )
    assert reply.counterparts[0].handle == "ann"
    assert (dm.direction, dm.text, dm.source_key) == ("in", "hello", "x:dm:99")
    assert dm.counterparts[0].handle == "ann"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (
            'w = {"a\\u0000b": ["x\\u0000", {"k": "\\u0000\\u0000y"}], "n": 1}',
            {"ab": ["x", {"k": "y"}], "n": 1},
        ),
        # An escaped backslash before "u0000" is the text \u0000, not a NUL: kept.
        ('w = ["\\\\u0000", "\\u0000"]', ["\\u0000", ""]),
        ('w = ["plain"]', ["plain"]),
    ],
    ids=["nested", "escaped-backslash", "none"],
)
def test_parse_js_assignment_drops_decoded_nul(text: str, value: Any) -> None:
    assert parse_js_assignment(text) == value
