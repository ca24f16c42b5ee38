"""vCard syntax: text -> cards of decoded properties, for every version seen in the wild.

This is warmly's own small reader rather than :mod:`vobject`. vobject 0.9.9 was tried
on every real sample (``shared/formats/samples/vcard``) and stops at the first bad
line of a file: it fails the whole Android export (a base64 PHOTO with bad padding)
and the whole iOS export (its ``CR CR LF`` line ends break the folded PHOTO), it
cannot report which card was truncated, and it leaves Google's ``http\\://`` in
place. Reading vCards needs only four rules, all handled here:

* lines end in CRLF, LF, or (iOS 5) CR CR LF; a line starting with a space or tab
  continues the previous one (RFC 6350 §3.2);
* a quoted-printable value (2.1) ending in ``=`` continues on the next line, which
  is *not* indented (RFC 2045 soft break); bytes decode with the ``CHARSET`` param;
* ``[group.]NAME *(;param) : value``, where 2.1 params may be bare (``TEL;CELL``)
  and 4.0 values may be quoted (``TYPE="work,voice"``);
* text escapes (``\\n \\, \\; \\\\``) are undone only where a value is used, since
  structured values (``N``, ``ORG``) must first be split on unescaped ``;``.
"""

from __future__ import annotations

import quopri
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

# iOS 5 writes CR CR LF; old Mac files a lone CR. Never str.splitlines(): it also
# splits on U+2028, U+0085 and friends, which are ordinary characters in a value.
_LINE_BREAK = re.compile(r"\r*\n|\r+")
_NAME_RX = re.compile(r"^(?:([A-Za-z0-9-]+)\.)?([A-Za-z0-9-]+)$")
_BARE_ENCODINGS = {"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"}

# Apple's year for a birthday without a year (``BDAY;X-APPLE-OMIT-YEAR=1604:1604-03-15``).
# warmly uses the same: 1604 is a leap year, so 29 February survives.
NO_YEAR = 1604


@dataclass(frozen=True, slots=True)
class Property:
    """One content line, unfolded and transfer-decoded; ``value`` is still escaped."""

    name: str  # upper case, without group
    group: str | None  # lower case (``item1``)
    params: dict[str, list[str]]  # upper-case keys; bare 2.1 params are TYPE values
    value: str
    line: int  # physical line where the property starts

    def types(self) -> set[str]:
        """The TYPE values, lower-cased (``TEL;CELL;PREF`` -> ``{"cell", "pref"}``)."""
        return {t.lower() for t in self.params.get("TYPE", [])}

    def param(self, key: str) -> str | None:
        """The first value of parameter ``key``, if any."""
        values = self.params.get(key.upper())
        return values[0] if values else None


@dataclass(slots=True)
class RawCard:
    """The properties between one ``BEGIN:VCARD`` and its ``END:VCARD``."""

    number: int  # 1-based position in the file
    line: int  # line of BEGIN:VCARD
    properties: list[Property] = field(default_factory=list)
    closed: bool = False

    @property
    def version(self) -> str:
        for prop in self.properties:
            if prop.name == "VERSION":
                return prop.value.strip()
        return "3.0"

    def all(self, name: str) -> list[Property]:
        return [p for p in self.properties if p.name == name]


def decode_export_text(data: bytes) -> str:
    """Text of an exported file: UTF-8 (BOM optional), UTF-16 with BOM, else Windows-1252.

    Outlook and old phones write their local code page without saying so; reading
    those as cp1252 keeps names legible instead of rejecting the whole file.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    return text.replace("\x00", "")  # a NUL byte is never meant text


def has_card(text: str) -> bool:
    """True if the text contains at least one ``BEGIN:VCARD`` line."""
    rx = r"(?:^|[\r\n])[ \t]*BEGIN[ \t]*:[ \t]*VCARD[ \t]*(?:[\r\n]|$)"
    return re.search(rx, text, re.I) is not None


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """``(first physical line number, unfolded line)`` for each content line."""
    start, buf, qp = 0, "", False
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        if buf and qp and buf.endswith("="):
            # QP soft break: the next line continues the value even when not indented.
            # Some writers also indent it, so one leading blank is dropped.
            buf = buf[:-1] + (line[1:] if line[:1] in (" ", "\t") else line)
        elif buf and line[:1] in (" ", "\t"):
            buf += line[1:]
        else:
            if buf:
                yield start, buf
            start, buf = number, line
            head = line.split(":", 1)[0].upper()
            qp = "QUOTED-PRINTABLE" in head
    if buf:
        yield start, buf


def _split_outside_quotes(text: str, sep: str) -> list[str]:
    parts: list[str] = []
    cur: list[str] = []
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif ch == sep and not quoted:
            parts.append("".join(cur))
            cur = []
            continue
        cur.append(ch)
    parts.append("".join(cur))
    return parts


def _head_end(line: str) -> int:
    """Index of the ``:`` that ends name and params (a quoted param may hold one)."""
    quoted = False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == ":" and not quoted:
            return i
    return -1


def parse_property(line: str, number: int) -> Property | None:
    """One unfolded content line as a :class:`Property`, or ``None`` if it is not one."""
    colon = _head_end(line)
    if colon <= 0:
        return None  # e.g. an unindented base64 continuation: nothing we need
    head, value = line[:colon], line[colon + 1 :]
    name_part, *param_parts = _split_outside_quotes(head, ";")
    m = _NAME_RX.match(name_part.strip())
    if not m:
        return None
    params: dict[str, list[str]] = {}
    for raw in param_parts:
        key, eq, val = raw.partition("=")
        key = key.strip().upper()
        if not eq:
            # vCard 2.1 bare parameter: ``TEL;CELL;PREF`` / ``NOTE;QUOTED-PRINTABLE``.
            params.setdefault("ENCODING" if key in _BARE_ENCODINGS else "TYPE", []).append(key)
            continue
        values = [v.strip().strip('"') for v in _split_outside_quotes(val, ",")]
        params.setdefault(key, []).extend(v for v in values if v)
    encoding = (params.get("ENCODING") or [""])[0].upper()
    if encoding == "QUOTED-PRINTABLE":
        charsets = params.get("CHARSET")
        value = _decode_qp(value, charsets[0] if charsets else None)
    elif encoding in ("B", "BASE64"):
        value = ""  # photos, keys, sounds: never used, and large
    group = m.group(1).lower() if m.group(1) else None
    return Property(m.group(2).upper(), group, params, value, number)


def _decode_qp(value: str, charset: str | None) -> str:
    data = quopri.decodestring(value.encode("utf-8"))
    if charset:
        try:
            return data.decode(charset, errors="replace")
        except LookupError:  # an unknown CHARSET name: guess as below
            pass
    # No (known) CHARSET: Outlook and old phones write their code page unlabelled.
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def split_cards(text: str) -> Iterator[RawCard]:
    """Every card of a file in order, closed or not (an unclosed card has ``closed=False``).

    A ``BEGIN:VCARD`` inside an open card starts a new card, and the open one is
    reported unclosed, except right after an empty ``AGENT`` property, where vCard
    2.1 embeds the agent's own card: that one is skipped whole.
    """
    current: RawCard | None = None
    count, nested = 0, 0
    for number, line in _logical_lines(text):
        prop = parse_property(line, number)
        if prop is None:
            continue
        marker = prop.value.strip().upper()
        if prop.name == "BEGIN" and marker == "VCARD":
            if current is not None:
                last = current.properties[-1] if current.properties else None
                if nested or (last is not None and last.name == "AGENT" and not last.value):
                    nested += 1
                    continue
                yield current
            count += 1
            current = RawCard(count, number)
        elif prop.name == "END" and marker == "VCARD":
            if nested:
                nested -= 1
            elif current is not None:
                current.closed = True
                yield current
                current = None
        elif current is not None and not nested:
            current.properties.append(prop)
    if current is not None:
        yield current


def _escape_pairs(value: str) -> Iterator[tuple[str, bool]]:
    """Characters of ``value`` as ``(text, escaped)``; ``\\x`` comes out as ``("x", True)``."""
    i = 0
    while i < len(value):
        if value[i] == "\\" and i + 1 < len(value):
            yield value[i + 1], True
            i += 2
        else:
            yield value[i], False
            i += 1


def unescape(value: str, version: str = "3.0") -> str:
    """Undo text escapes (``\\n \\, \\; \\\\``, and Google's ``\\:`` and ``\\"``).

    2.1 only escapes ``;`` (and Outlook notes hold raw Windows paths), so there
    only ``\\; \\, \\:`` are undone.
    """
    if version.startswith("2"):
        return re.sub(r"\\([;,:])", r"\1", value)
    out = []
    for ch, escaped in _escape_pairs(value):
        if escaped and ch in "nN":
            out.append("\n")
        elif escaped and ch.isalnum():
            out.append("\\" + ch)  # not an escape (``C:\\temp`` written raw): keep it
        else:
            out.append(ch)
    return "".join(out)


def split_raw(value: str, seps: str) -> list[str]:
    """Split on unescaped ``seps``, keeping escapes in the parts (for a second split)."""
    parts: list[str] = []
    cur: list[str] = []
    for ch, escaped in _escape_pairs(value):
        if ch in seps and not escaped:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append("\\" + ch if escaped else ch)
    parts.append("".join(cur))
    return parts


def split_value(value: str, seps: str, version: str = "3.0") -> list[str]:
    """Split on unescaped ``seps`` and unescape each part (``ORG``, ``CATEGORIES``)."""
    return [unescape(p, version) for p in split_raw(value, seps)]


_DATE_RX = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:T.*)?$")
_NO_YEAR_RX = re.compile(r"^--(\d{2})-?(\d{2})$")


def parse_birthday(value: str | None) -> date | None:
    """``1980-03-22``, ``19800322``, ``1980-03-22T00:00:00Z`` -> that date;
    ``--0203`` / ``--02-03`` (no year) -> 3 Feb :data:`NO_YEAR`; anything else -> ``None``.

    Year ``0000``, which some phones write for "no year", also maps to :data:`NO_YEAR`.
    """
    if not value:
        return None
    v = value.strip()
    if m := _DATE_RX.match(v):
        year, month, day = (int(g) for g in m.groups())
    elif m := _NO_YEAR_RX.match(v):
        year, month, day = NO_YEAR, int(m.group(1)), int(m.group(2))
    else:
        return None
    try:
        return date(year or NO_YEAR, month, day)
    except ValueError:
        return None
