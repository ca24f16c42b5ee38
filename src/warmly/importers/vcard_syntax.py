"""vCard syntax: a file (bytes or text) -> cards of decoded properties, for every version seen.

This is warmly's own small reader rather than :mod:`vobject`. vobject 0.9.9 was tried
on every real sample (``shared/formats/samples/vcard``) and stops at the first bad
line of a file: it fails the whole Android export (a base64 PHOTO with bad padding)
and the whole iOS export (its ``CR CR LF`` line ends break the folded PHOTO), it
cannot report which card was truncated, and it leaves Google's ``http\\://`` in
place. Reading vCards needs only these rules, all handled here:

* lines end in CRLF, LF, or (iOS 5) CR CR LF; a line starting with a space or tab
  continues the previous one (RFC 6350 §3.2);
* a quoted-printable value (2.1) ending in ``=`` continues on the next line, which
  is *not* indented (RFC 2045 soft break);
* each value is decoded on its own, with its ``CHARSET`` param, else as UTF-8, else
  Windows-1252: a file may hold cards from several writers (see :func:`split_cards`);
* ``[group.]NAME *(;param) : value``, where 2.1 params may be bare (``TEL;CELL``)
  and 4.0 values may be quoted (``TYPE="work,voice"``);
* text escapes (``\\n \\, \\; \\\\``) are undone only where a value is used, since
  structured values (``N``, ``ORG``) must first be split on unescaped ``;``.
"""

from __future__ import annotations

import codecs
import quopri
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

# iOS 5 writes CR CR LF; old Mac files a lone CR. Never str.splitlines(): it also
# splits on U+2028, U+0085 and friends, which are ordinary characters in a value.
_LINE_BREAK = re.compile(r"\r*\n|\r+")
_NAME_RX = re.compile(r"^(?:([A-Za-z0-9-]+)\.)?([A-Za-z0-9-]+)$")
# "=" not followed by two hex digits (soft breaks are joined before this is read).
_BAD_QP_RX = re.compile(r"=(?![0-9A-Fa-f]{2}).{0,2}")
_BARE_ENCODINGS = {"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"}
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

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
    # Why the value could not be read as written (an invalid quoted-printable
    # escape, which also makes a soft break swallow the next line), else None.
    damaged: str | None = None

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
    those as cp1252 keeps names legible instead of rejecting the whole file. This
    chooses once per file (right for a CSV); vCards are read from bytes instead, see
    :func:`split_cards`.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    return text.replace("\x00", "")  # a NUL byte is never meant text


def has_card(data: str | bytes) -> bool:
    """True if the text (or a file's bytes) contains at least one ``BEGIN:VCARD`` line."""
    rx = r"(?:^|[\r\n])[ \t]*BEGIN[ \t]*:[ \t]*VCARD[ \t]*(?:[\r\n]|$)"
    return re.search(rx, _card_text(data)[0], re.I) is not None


def _card_text(data: str | bytes) -> tuple[str, bool]:
    """``(text, raw)`` to split into lines; ``raw`` says each character is still a byte.

    A file's bytes are mapped one byte to one character (Latin-1) so that lines can
    be split, unfolded and joined across QP soft breaks first (RFC 6350 §3.2 lets a
    fold split a UTF-8 sequence), and each value decoded after, with its own
    CHARSET. UTF-16 (with BOM) is decoded whole: no per-value charset applies then.
    """
    if isinstance(data, str):
        return data, False
    if data.startswith(_UTF16_BOMS):
        return data.decode("utf-16", errors="replace").replace("\x00", ""), False
    # A NUL byte is never meant text (dropping them also reads BOM-less UTF-16 ASCII).
    return data.removeprefix(b"\xef\xbb\xbf").replace(b"\x00", b"").decode("latin-1"), True


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


def parse_property(line: str | bytes, number: int) -> Property | None:
    """One unfolded content line as a :class:`Property`, or ``None`` if it is not one.

    A ``bytes`` line is decoded after parsing, with its ``CHARSET`` param if any.
    """
    if isinstance(line, bytes):
        return _parse(line.decode("latin-1"), number, raw=True)
    return _parse(line, number, raw=False)


def _parse(line: str, number: int, *, raw: bool) -> Property | None:
    """:func:`parse_property`; ``raw``: ``line`` holds bytes as Latin-1 characters."""
    colon = _head_end(line)
    if colon <= 0:
        return None  # e.g. an unindented base64 continuation: nothing we need
    head, value = line[:colon], line[colon + 1 :]
    name_part, *param_parts = _split_outside_quotes(head, ";")
    m = _NAME_RX.match(name_part.strip())
    if not m:
        return None
    params: dict[str, list[str]] = {}
    for part in param_parts:
        key, eq, val = part.partition("=")
        key = key.strip().upper()
        if not eq:
            # vCard 2.1 bare parameter: ``TEL;CELL;PREF`` / ``NOTE;QUOTED-PRINTABLE``.
            params.setdefault("ENCODING" if key in _BARE_ENCODINGS else "TYPE", []).append(key)
            continue
        values = [v.strip().strip('"') for v in _split_outside_quotes(val, ",")]
        params.setdefault(key, []).extend(v for v in values if v)
    charsets = params.get("CHARSET")
    charset = charsets[0] if charsets else None
    if raw and not line.isascii():
        params = {
            k: [_decode_value(v.encode("latin-1"), charset) for v in vs] for k, vs in params.items()
        }
    encoding = (params.get("ENCODING") or [""])[0].upper()
    damaged = None
    if encoding == "QUOTED-PRINTABLE":
        if bad := _BAD_QP_RX.search(value):
            damaged = f"invalid quoted-printable {bad[0]!r} in {m.group(2).upper()}"
        data = quopri.decodestring(value.encode("latin-1" if raw else "utf-8"))
        value = _decode_value(data, charset)
    elif encoding in ("B", "BASE64"):
        value = ""  # photos, keys, sounds: never used, and large
    elif raw:
        value = _decode_value(value.encode("latin-1"), charset)
    group = m.group(1).lower() if m.group(1) else None
    return Property(m.group(2).upper(), group, params, value, number, damaged)


def _decode_value(data: bytes, charset: str | None = None) -> str:
    """A value's bytes as text: its ``CHARSET``, else UTF-8, else Windows-1252.

    Outlook and old phones write their code page unlabelled. A declared charset is
    kept even for a stray bad byte (Android ends a UTF-8 ORG with ``=80``): one
    U+FFFD beats reading the whole value as cp1252 mojibake.
    """
    if data.isascii():
        return data.decode("ascii")
    codec = _codec(charset)
    if codec is not None:
        try:
            return data.decode(codec, errors="replace")
        except LookupError:  # a codec but no text encoding (CHARSET=hex): guess
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _codec(charset: str | None) -> str | None:
    """Python's codec for a ``CHARSET`` value; ``None`` if absent or unknown (``X-NONE``)."""
    if not charset:
        return None
    try:
        name = codecs.lookup(charset).name
    except LookupError:
        return None
    # As browsers do (WHATWG Encoding Standard), ISO-8859-1 means Windows-1252:
    # writers that say Latin-1 use cp1252's 0x80-0x9F (``€``, ``–``), never C1 controls.
    return "cp1252" if name == "iso8859-1" else name


def split_cards(data: str | bytes) -> Iterator[RawCard]:
    """Every card of a file in order, closed or not (an unclosed card has ``closed=False``).

    Given the file's bytes, each value is decoded on its own (:func:`_decode_value`):
    one Latin-1 card must not turn the UTF-8 cards around it into mojibake. Given
    text, it is used as decoded.

    A ``BEGIN:VCARD`` inside an open card starts a new card, and the open one is
    reported unclosed, except right after an empty ``AGENT`` property, where vCard
    2.1 embeds the agent's own card: that one is skipped whole.
    """
    text, raw = _card_text(data)
    current: RawCard | None = None
    count, nested = 0, 0
    for number, line in _logical_lines(text):
        prop = _parse(line, number, raw=raw)
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
