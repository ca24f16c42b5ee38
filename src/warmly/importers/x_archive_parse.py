"""Low-level parsing for X archives: the JS-assignment files and the two date formats.

Every ``data/*.js`` file of an X archive is one JavaScript assignment of a JSON
value (``window.YTD.tweets.part0 = [ … ]``, ``window.__THAR_CONFIG = { … }``).
"""

from __future__ import annotations

import json
import re
import zlib
from datetime import UTC, datetime, timedelta
from typing import Any

from warmly.errors import ImportFileError
from warmly.gc_pause import gc_paused
from warmly.importers.source import READ_ERRORS, ExportTree, unreadable

_DECODER = json.JSONDecoder()
_WS = re.compile(r"[ \t\n\r]*")
# The assigned name: ``window.YTD.direct_messages_group.part0``, ``window.__THAR_CONFIG``.
_TARGET = re.compile(r"[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*")

TWEET_DATE_FORMAT = "%a %b %d %H:%M:%S %z %Y"
LEGACY_DATE_FORMAT = "%Y-%m-%d %H:%M:%S %z"  # archives of 2012-2018 ("Grailbird")
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}
_WEEKDAYS = frozenset(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"))


def parse_js_assignment(text: str) -> Any:
    """The JSON value of ``<target> = <json>`` (a trailing ``;`` is allowed).

    Raises :class:`ValueError` saying what is wrong when ``text`` is not such an
    assignment or the JSON is invalid or truncated.
    """
    eq = text.find("=")
    if eq < 0 or not _TARGET.fullmatch(text[:eq].strip()):
        raise ValueError("not an X archive data file (expected 'window.YTD.<name>.partN = [ … ]')")
    start = _WS.match(text, eq + 1).end()  # type: ignore[union-attr]  # `*` always matches
    try:
        # raw_decode parses in place: no copy of a 100 MB string.
        value, end = _DECODER.raw_decode(text, start)
    except json.JSONDecodeError as exc:
        raise ValueError(f"invalid or truncated JSON at line {exc.lineno}: {exc.msg}") from exc
    if text[end:].strip(" \t\r\n;"):
        raise ValueError("unexpected text after the JSON value")
    # A NUL byte is dropped as the file is read, but the escape \u0000 only
    # becomes one here, and PostgreSQL's text cannot hold it. The search costs
    # 3% of the decoding; a hook on every object would cost far more.
    if "\\u0000" in text:
        _drop_nul(value)
    return value


def _drop_nul(value: Any) -> None:
    """Remove NUL from every string in a decoded JSON value (keys too), in place."""
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            for i, item in enumerate(node):
                if isinstance(item, str):
                    if "\x00" in item:
                        node[i] = item.replace("\x00", "")
                elif isinstance(item, (list, dict)):
                    stack.append(item)
        elif isinstance(node, dict):
            if any("\x00" in k for k in node):
                items = list(node.items())
                node.clear()
                node.update((k.replace("\x00", ""), v) for k, v in items)
            for k, item in node.items():
                if isinstance(item, str):
                    if "\x00" in item:
                        node[k] = item.replace("\x00", "")
                elif isinstance(item, (list, dict)):
                    stack.append(item)


def load_js(tree: ExportTree, member: str) -> Any:
    """Parse one archive member; an unreadable file is an :class:`ImportFileError`."""
    try:
        text = tree.read_text(member)
    except zlib.error as exc:  # a corrupt zip member; ExportTree lets this through
        raise ImportFileError(tree.display(member), f"cannot read: {exc}") from exc
    try:
        with gc_paused():
            return parse_js_assignment(text)
    except ValueError as exc:
        raise ImportFileError(tree.display(member), str(exc)) from exc


def load_js_array(tree: ExportTree, member: str) -> list[Any]:
    """Parse a ``window.YTD.…`` member, which must hold a JSON array."""
    value = load_js(tree, member)
    if not isinstance(value, list):
        raise ImportFileError(tree.display(member), "expected a JSON array of records")
    return value


def parse_tweet_date(value: str) -> datetime:
    """``Wed Nov 02 21:30:39 +0000 2022`` -> aware UTC datetime.

    Same result as ``strptime`` with :data:`TWEET_DATE_FORMAT`, but the
    canonical shape takes a fast path (strptime costs ~10 µs a call, a second
    per 100,000 tweets); anything else falls back to strptime.
    """
    digits = value[8:10] + value[11:13] + value[14:16] + value[17:19] + value[21:25] + value[26:30]
    if (
        len(value) == 30
        and value.isascii()
        and value[3] == value[7] == value[10] == value[19] == value[25] == " "
        and value[13] == value[16] == ":"
        and value[:3] in _WEEKDAYS
        and (month := _MONTHS.get(value[4:7])) is not None
        and digits.isdigit()
        and value[20] in "+-"
        # strptime rejects offsets of a day or more and offset minutes over 59.
        and value[21:23] < "24"
        and value[23] < "6"
    ):
        dt = datetime(
            int(value[26:30]),
            month,
            int(value[8:10]),
            int(value[11:13]),
            int(value[14:16]),
            int(value[17:19]),
            tzinfo=UTC,
        )
        if value[21:25] != "0000":
            delta = timedelta(hours=int(value[21:23]), minutes=int(value[23:25]))
            dt = dt - delta if value[20] == "+" else dt + delta
        return dt
    return datetime.strptime(value, TWEET_DATE_FORMAT).astimezone(UTC)


def parse_legacy_date(value: str) -> datetime:
    """``2013-01-31 22:13:41 +0000`` -> aware UTC datetime (the current format is accepted too)."""
    try:
        return datetime.strptime(value, LEGACY_DATE_FORMAT).astimezone(UTC)
    except ValueError:
        return parse_tweet_date(value)


def parse_iso_date(value: str) -> datetime:
    """``2021-09-15T06:00:28.597Z`` -> aware UTC datetime (naive values are taken as UTC)."""
    dt = datetime.fromisoformat(value)
    if dt.tzinfo is None:
        return dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def member_head(tree: ExportTree, member: str, size: int = 64) -> str:
    """The first characters of a member, for detection without reading it whole."""
    with tree.open_bytes(member) as f:  # an unopenable member: ImportFileError naming it
        try:
            raw = f.read(size)
        except READ_ERRORS as exc:
            raise ImportFileError(tree.path, unreadable(member, exc)) from exc
    return raw.decode("utf-8", "replace").lstrip("\ufeff \t\r\n")


def base_name(member: str) -> str:
    """A member's file name, without its folders."""
    return member.rsplit("/", 1)[-1]


def account_id(value: Any) -> str | None:
    """An account id as a string (archives write them as strings; tolerate numbers)."""
    if isinstance(value, str):
        return value or None
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else None


def screen_name(value: Any) -> str | None:
    """A screen name, lower-cased; None unless a non-empty string."""
    return value.lower() if isinstance(value, str) and value else None


def text_value(value: Any) -> str | None:
    """A non-empty string, else None."""
    return value if isinstance(value, str) and value else None
