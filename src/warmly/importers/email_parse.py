"""Lenient, fast parsing of raw email bytes: headers, addresses, dates, body text.

Messages are parsed here rather than by :mod:`email.parser`: headers are
split and unfolded by hand and only the text part of the body is cut out and
decoded (base64 / quoted-printable, declared charset, bad bytes replaced).
The stdlib feed parser handles every line of every part in Python: on 2.7 kB
multipart messages, ``policy.default`` managed about 750 messages a second and
``compat32`` about 3,000 end to end, short of the 5,000/s a multi-GB Takeout
needs; this module does about 9,500/s (CPU time). Address, RFC 2047 and date decoding still use the
stdlib (:func:`email.utils.getaddresses`, :func:`email.header.decode_header`,
:func:`email.utils.parsedate_to_datetime`), wrapped so they never raise.
"""

from __future__ import annotations

import binascii
import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.errors import HeaderParseError
from email.header import decode_header
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser

from warmly.identity import keys

TEXT_CAP = 20_000  # characters of body kept per message

# Charsets mislabelled in the wild, mapped to a superset that decodes them.
_CHARSET_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "ks_c_5601-1987": "cp949",
    "iso-8859-8-i": "iso-8859-8",
}
# Labels that say nothing true about 8-bit bytes ("ascii" mail that is really
# UTF-8 or Windows-1252 is common): such bytes are guessed like unlabelled ones.
_NO_CHARSET = frozenset({"", "unknown-8bit", "x-unknown", "us-ascii", "ascii"})


# "Name <addr>" or a bare address. The name may hold an "@": in the phishing form
# "notifications@linkedin.com <x@evil.example>" the sender is the bracketed one.
_SIMPLE_ADDR_RX = re.compile(r"\s*(?:([^<>]*?)\s*<([^<>\s]+)>|([^<>\s]+))\s*$")
_QUOTED_RX = re.compile(r'"(?:[^"\\]|\\.)*"')
_LAST_BRACKETED_RX = re.compile(r"<([^<>\s]+@[^<>\s]+)>\s*$")
_MSGID_RX = re.compile(r"<([^<>\s]+)>")
_ENVELOPE_DATE_RX = re.compile(
    r"(?P<mon>[A-Z][a-z]{2}) +(?P<day>\d{1,2}) +(?P<time>\d{1,2}:\d\d(?::\d\d)?)"
    r"(?: +(?P<tz1>[+-]\d{4}|[A-Z]{2,5}))? +(?P<year>\d{4})(?: +(?P<tz2>[+-]\d{4}))?"
)
_PROFILE_HREF_RX = re.compile(r"linkedin\.com/|(?:x|twitter)\.com/|bsky\.app/profile/|/@\w", re.I)
_BLANK_LINE_RX = re.compile(rb"\r?\n\r?\n")
# A header field with its folded continuation lines.
_FIELD_RX = re.compile(rb"^([!-9;-~]+)[ \t]*:(.*(?:\r?\n[ \t].*)*)", re.M)
_FOLD_RX = re.compile(rb"\r?\n(?=[ \t])")
_BOUNDARY_RX = re.compile(r'boundary\s*=\s*(?:"([^"]+)"|([^\s;"]+))', re.I)
_CHARSET_RX = re.compile(r'charset\s*=\s*"?([^\s;"]+)', re.I)


@dataclass(slots=True)
class ParsedMessage:
    """A message split into decoded headers and the raw (still encoded) body."""

    headers: Headers
    body: bytes


def parse_message(raw: bytes) -> ParsedMessage:
    """Split raw RFC 822 bytes (LF or CRLF); never raises."""
    head, body = split_head(raw)
    return ParsedMessage(Headers.parse(head), body)


def split_head(raw: bytes) -> tuple[bytes, bytes]:
    """Header block and body, split at the first empty line."""
    if raw.startswith((b"\n", b"\r\n")):
        return b"", raw
    m = _BLANK_LINE_RX.search(raw)
    return (raw[: m.start()], raw[m.end() :]) if m else (raw, b"")


# --- headers ---------------------------------------------------------------


class Headers:
    """Lower-cased, unfolded header fields; 8-bit values read as UTF-8, else Latin-1."""

    __slots__ = ("_h",)

    def __init__(self, fields: dict[str, list[str]]) -> None:
        self._h = fields

    @classmethod
    def parse(cls, head: bytes) -> Headers:
        """Read a header block; lines that are not ``Name: value`` are ignored."""
        fields: dict[str, list[str]] = {}
        for m in _FIELD_RX.finditer(head):
            value = m.group(2)
            if b"\n" in value:
                value = _FOLD_RX.sub(b"", value)  # unfolding drops only the line break
            name = m.group(1).lower().decode("latin-1")
            fields.setdefault(name, []).append(_text(value).strip())
        return cls(fields)

    def __contains__(self, name: str) -> bool:
        return name in self._h

    def __len__(self) -> int:
        return len(self._h)

    def raw(self, name: str) -> str | None:
        """First value, unfolded; RFC 2047 encoded words left as they are."""
        values = self._h.get(name)
        return values[0] if values else None

    def raw_all(self, name: str) -> list[str]:
        return self._h.get(name, [])

    def text(self, name: str) -> str | None:
        """First value with RFC 2047 encoded words decoded."""
        value = self.raw(name)
        return decode_words(value) if value is not None else None


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def decode_bytes(data: bytes, charset: str | None) -> str:
    """Decode with a declared charset, never raising (bad bytes -> U+FFFD).

    With no charset, a vague one or one Python does not know: UTF-8 if the
    bytes are valid UTF-8, else Windows-1252 (the usual mislabelled 8-bit mail).
    """
    cs = (charset or "").strip().strip('"').lower()
    cs = _CHARSET_ALIASES.get(cs, cs)
    if cs not in _NO_CHARSET:
        try:
            return data.decode(cs, "replace")
        except LookupError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def decode_words(value: str) -> str:
    """Decode RFC 2047 encoded words (``=?gb2312?B?…?=``) leniently."""
    if "=?" not in value:
        return value
    if not value.isascii():
        # decode_header turns raw 8-bit text beside encoded words into
        # raw-unicode-escape bytes ("王" -> b"\\u738b"): keep that text as it is.
        return _decode_words_one_by_one(value)
    try:
        parts = decode_header(value)
    except (HeaderParseError, ValueError, LookupError):
        # One bad word (base64 cut short) fails the whole header: decode word by word.
        return _decode_words_one_by_one(value)
    return "".join(
        chunk if isinstance(chunk, str) else decode_bytes(chunk, charset)
        for chunk, charset in parts
    )


# An RFC 2047 encoded word, and the blank between two of them (which RFC 2047 drops).
_WORD_RX = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=")
_BETWEEN_WORDS_RX = re.compile(r"(?<=\?=)[ \t]+(?==\?)")


def _decode_words_one_by_one(value: str) -> str:
    def word(m: re.Match[str]) -> str:
        charset, encoding, text = m.group(1).split("*")[0], m.group(2), m.group(3)
        if encoding in "bB":
            data = _b64decode(text.encode("ascii", "replace"))
        else:
            data = binascii.a2b_qp(text.encode("ascii", "replace"), header=True)
        return decode_bytes(data, charset)

    return _WORD_RX.sub(word, _BETWEEN_WORDS_RX.sub("", value))


def addresses(headers: Headers, *names: str) -> list[tuple[str, str]]:
    """``(display name, normalised address)`` pairs of address headers; invalid ones dropped."""
    out: list[tuple[str, str]] = []
    for name in names:
        for value in headers.raw_all(name):
            pairs = _simple_addresses(value)
            if pairs is None:
                pairs = _one_mailbox(value, getaddresses([value]))
            if not any(keys.email_key(a) for _, a in pairs) and "=?" in value:
                # Some senders encode the whole address as an encoded word.
                pairs = getaddresses([decode_words(value)])
            for display, addr in pairs:
                key = keys.email_key(addr)
                if key:
                    label = decode_words(display).strip().strip("\"'").strip()
                    out.append((label if label and label.lower() != key else "", key))
    return out


def _one_mailbox(value: str, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    # Lenient getaddresses (CVE-2023-27043) splits "a@b.c (x) <y@z>" into two
    # addresses; with no comma the field names one mailbox, the bracketed one,
    # as mail clients show it. Otherwise a spoofer's fake address came first.
    if (
        len(pairs) > 1
        and "," not in _QUOTED_RX.sub("", value)
        and (m := _LAST_BRACKETED_RX.search(value))
    ):
        return [("", m.group(1))]
    return pairs


def _simple_addresses(value: str) -> list[tuple[str, str]] | None:
    # Fast path for the common "Name <addr>, addr" forms; getaddresses is slow
    # pure Python and only needed for quoting, comments and groups.
    if '"' in value or "(" in value or ";" in value or "\\" in value:
        return None
    pairs = []
    for piece in value.split(","):
        m = _SIMPLE_ADDR_RX.match(piece)
        if m is None:
            return None
        pairs.append((m.group(1) or "", m.group(2) or m.group(3)))
    return pairs


def message_ids(value: str | None) -> list[str]:
    """All ``<…>`` message ids in a header value (References), lower-cased."""
    return [str(m).lower() for m in _MSGID_RX.findall(value or "")]


def normalise_message_id(value: str | None) -> str | None:
    """``<ABC@Example.org>`` -> ``abc@example.org`` (first id if several)."""
    if not value:
        return None
    m = _MSGID_RX.search(value)
    mid = (m.group(1) if m else value.strip().split()[0] if value.strip() else "").lower()
    return mid or None


def gmail_labels(headers: Headers) -> list[str]:
    """``X-Gmail-Labels`` as lower-cased label names; quoted labels may hold commas."""
    value = headers.text("x-gmail-labels")
    if not value:
        return []
    # csv.reader raises on a line break outside quotes (a stray CR, an encoded word).
    value = value.replace("\r", " ").replace("\n", " ")
    row = next(csv.reader([value], skipinitialspace=True), [])
    return [label.strip().lower() for label in row if label.strip()]


# --- dates -----------------------------------------------------------------


def parse_date(value: str | None) -> datetime | None:
    """An RFC 2822 date as aware UTC, or None if unusable."""
    if not value:
        return None
    try:
        dt = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if dt.tzinfo is None:  # "-0000": UTC with no claim about local time
        return dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def envelope_date(line: str) -> datetime | None:
    """Date of an mbox ``From_`` line; Takeout puts the zone before the year."""
    m = _ENVELOPE_DATE_RX.search(line)
    if not m:
        return None
    zone = m.group("tz1") or m.group("tz2") or "+0000"
    if zone[0] not in "+-":
        zone = "+0000"  # zone names in From_ lines are ambiguous; asctime is UTC
    text = f"{m.group('day')} {m.group('mon')} {m.group('year')} {m.group('time')} {zone}"
    return parse_date(text)


def received_date(headers: Headers) -> datetime | None:
    # The topmost Received header carries the date the final server took the mail.
    for value in headers.raw_all("received"):
        _, _, tail = value.rpartition(";")
        if dt := parse_date(tail.strip()):
            return dt
    return None


# --- body ------------------------------------------------------------------


class _HtmlText(HTMLParser):
    """Crude HTML to text: drop scripts and styles, break lines at blocks."""

    _BLOCKS = frozenset({"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "table"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head"):
            self._skip += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")
        if tag == "a" and not self._skip:
            # Keep profile links: notification bodies may name people only there.
            href = dict(attrs).get("href")
            if href and _PROFILE_HREF_RX.search(href):
                self.parts.append(f" <{href}> ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head") and self._skip:
            self._skip -= 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _HtmlText()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):  # html.parser gives up on some broken markup
        pass
    text = "".join(parser.parts)
    text = re.sub(r"[ \t\xa0]+", " ", text)
    return re.sub(r"\s*\n\s*(?:\n\s*)+", "\n\n", text).strip()


def body_text(msg: ParsedMessage, cap: int = TEXT_CAP) -> str:
    """The plain-text body (first text/plain part, else text/html stripped), capped."""
    plain, html = _find_text(msg.headers, msg.body, 0)
    if plain is not None and plain.strip():
        text = plain[: cap + 1000]
    elif html is not None:
        text = html_to_text(html[: cap * 4])
    else:
        return ""
    return text.replace("\r\n", "\n").strip()[:cap]


def _find_text(headers: Headers, body: bytes, depth: int) -> tuple[str | None, str | None]:
    """Depth-first: the first text/plain part, and the first text/html as a fallback."""
    content_type = headers.raw("content-type") or "text/plain"
    ctype = content_type.split(";", 1)[0].strip().lower() or "text/plain"
    if ctype == "text/plain":
        return _decode_part(headers, body, content_type), None
    if ctype == "text/html":
        return None, _decode_part(headers, body, content_type)
    m = _BOUNDARY_RX.search(content_type)
    if not ctype.startswith("multipart/") or not m or depth > 8:
        return None, None
    html: str | None = None
    for part in _parts(body, (m.group(1) or m.group(2)).encode("latin-1", "replace")):
        head, part_body = split_head(part)
        part_headers = Headers.parse(head)
        if (part_headers.raw("content-disposition") or "").lower().startswith("attachment"):
            continue
        plain, part_html = _find_text(part_headers, part_body, depth + 1)
        if plain is not None and plain.strip():  # an empty plain part defers to HTML
            return plain, None
        html = html or part_html
    return None, html


def _parts(body: bytes, boundary: bytes) -> Iterator[bytes]:
    """The parts of a multipart body; a missing closing delimiter is tolerated."""
    delimiter = re.compile(rb"(?:^|\n)--" + re.escape(boundary) + rb"(--)?[ \t]*\r?(?:\n|$)")
    start: int | None = None
    for m in delimiter.finditer(body):
        if start is not None:
            end = m.start() - 1 if body[m.start() - 1 : m.start()] == b"\r" else m.start()
            yield body[start:end]
        if m.group(1):
            return
        start = m.end()
    if start is not None:
        yield body[start:]


def _decode_part(headers: Headers, body: bytes, content_type: str) -> str:
    encoding = (headers.raw("content-transfer-encoding") or "").strip().lower()
    data = body
    if encoding == "base64":
        data = _b64decode(body)
    elif encoding == "quoted-printable":
        data = binascii.a2b_qp(body)
    charset = m.group(1) if (m := _CHARSET_RX.search(content_type)) else None
    return decode_bytes(data, charset)


def _b64decode(data: bytes) -> bytes:
    try:
        return binascii.a2b_base64(data)
    except binascii.Error:  # bad padding: keep what decodes
        clean = re.sub(rb"[^A-Za-z0-9+/]", b"", data)
        clean = clean[: len(clean) - len(clean) % 4]
        try:
            return binascii.a2b_base64(clean)
        except binascii.Error:
            return b""
