"""The X archive: JS assignments of JSON, numbers as strings, X's date formats."""

from __future__ import annotations

import json
import re
import zipfile
from datetime import datetime
from typing import Any

from warmly.demo import DEFAULT_NOW, DemoFiles
from warmly.identity.keys import snowflake_ms


def _load(demo: DemoFiles, member: str) -> Any:
    with zipfile.ZipFile(demo.x) as zf:
        text = zf.read(member).decode("utf-8")
    return text, json.loads(text[text.index("=") + 1 :])


def _numbers(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [n for v in value.values() for n in _numbers(v)]
    if isinstance(value, list):
        return [n for v in value for n in _numbers(v)]
    return [value] if isinstance(value, int | float) and not isinstance(value, bool) else []


def test_every_data_file_is_a_js_assignment(demo: DemoFiles) -> None:
    _, manifest = _load(demo, "data/manifest.js")
    assert manifest["userInfo"]["userName"] == demo.profile["handles"]["x"]
    for dtype in manifest["dataTypes"].values():
        for f in dtype["files"]:
            text, data = _load(demo, f["fileName"])
            assert text.startswith(f"window.{f['globalName']} = [")
            assert len(data) == int(f["count"])
            assert _numbers(data) == []
            assert " : " in text or text.endswith("[ ]")


def test_tweets(demo: DemoFiles) -> None:
    text, tweets = _load(demo, "data/tweets.js")
    assert "&amp;" in text and "&lt;3" in text
    kinds = {"reply": 0, "rt": 0, "mention": 0}
    for rec in tweets:
        tw = rec["tweet"]
        at = datetime.strptime(tw["created_at"], "%a %b %d %H:%M:%S %z %Y")
        assert at <= DEFAULT_NOW
        assert abs(snowflake_ms(tw["id_str"]) - at.timestamp() * 1000) < 1000
        if "in_reply_to_user_id_str" in tw:
            kinds["reply"] += 1
        if tw["full_text"].startswith("RT @"):
            kinds["rt"] += 1
        for m in tw["entities"]["user_mentions"]:
            kinds["mention"] += 1
            assert m["id_str"] and m["screen_name"] and m["name"]
            start, end = map(int, m["indices"])
            full = tw["full_text"].replace("&amp;", "&").replace("&lt;", "<")
            assert full[start:end].lower() == "@" + m["screen_name"].lower()
    assert all(v > 50 for v in kinds.values()), kinds


def test_direct_messages_newest_first(demo: DemoFiles) -> None:
    _, convs = _load(demo, "data/direct-messages.js")
    me = demo.profile["handles"]["x"]
    assert convs
    for conv in convs:
        c = conv["dmConversation"]
        assert re.fullmatch(r"\d+-\d+", c["conversationId"])
        times = [m["messageCreate"]["createdAt"] for m in c["messages"]]
        assert times == sorted(times, reverse=True)
        assert all(t.endswith("Z") and len(t) == 24 for t in times)
    assert me


def test_followers_are_ids_only(demo: DemoFiles) -> None:
    _, followers = _load(demo, "data/follower.js")
    assert followers and set(followers[0]["follower"]) == {"accountId", "userLink"}
