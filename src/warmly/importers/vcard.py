"""vCard importer: ``.vcf`` files from phones, Google, iCloud and Outlook -> contacts.

Each card becomes one :class:`~warmly.importers.records.ContactRecord`. Every
email, phone number and profile on a card is an identity of the same person,
which is how a vCard ties e.g. an address book entry to a LinkedIn profile.

* name: ``FN``, else ``N`` assembled (prefix given additional family suffix);
  ``first_name``/``last_name`` from ``N``; organisation: first ``ORG`` component.
* birthday: a ``date``; a birthday without a year (``--0203``) gets year 1604,
  Apple's convention (see :data:`~warmly.importers.vcard_syntax.NO_YEAR`).
* identities: ``EMAIL``; ``TEL`` (E.164, ``ctx.default_region`` for local numbers);
  ``URL``, ``X-SOCIALPROFILE``/``SOCIALPROFILE``, ``IMPP`` and ``X-TWITTER``-style
  properties that point to LinkedIn, X, Mastodon or Bluesky; other URLs as ``web``.
  An Apple item-group label (``item1.X-ABLabel:Mastodon``) or a service-type
  parameter names the network when the value is a bare handle.
* not a person: a group card (4.0 ``KIND:group``, Apple's
  ``X-ADDRESSBOOKSERVER-KIND:group``, an Evolution list) is skipped; an
  organisation card (``KIND:org``, Apple's ``X-ABSHOWAS:COMPANY``) is kept only
  with an email, phone or profile.
* source key: ``vcard:<UID>``, else ``vcard:<sha1>`` of the card's decoded
  properties (sorted, without PRODID/REV/PHOTO...), so the same card gives the
  same key in any file, line-ending or folding.

The syntax (folding, quoted-printable, escapes) lives in
:mod:`warmly.importers.vcard_syntax`, which explains why it is not vobject.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from typing import ClassVar, TypeVar

from warmly.errors import ImportFileError
from warmly.identity import keys
from warmly.importers.base import ImportContext
from warmly.importers.records import (
    ContactRecord,
    IdentityRef,
    Record,
    RecordError,
    Skipped,
    add_identity,
)
from warmly.importers.source import ExportTree, is_hidden
from warmly.importers.vcard_syntax import (
    Property,
    RawCard,
    decode_export_text,
    has_card,
    parse_birthday,
    split_cards,
    split_raw,
    split_value,
    unescape,
)

_T = TypeVar("_T")
_EXTENSIONS = (".vcf", ".vcard")
# Pages an export adds beside its data for viewing in a browser (Google Takeout's
# archive_browser.html, older Takeouts' index.html): a folder of .vcf files plus
# these is still only contacts. Any other file means another importer's export.
_INDEX_PAGES = {"archive_browser.html", "index.html", "index.htm"}
# What a card describes: RFC 6350 KIND (4.0), whose value is the kind, and 3.0
# extensions that say the same with a marker value: Apple's (iCloud, macOS) group
# and company cards, Evolution's contact lists (whose EMAILs are the members').
_KIND_PROPS: dict[str, tuple[str, str] | None] = {
    "KIND": None,
    "X-ADDRESSBOOKSERVER-KIND": None,
    "X-EVOLUTION-LIST": ("true", "group"),
    "X-ABSHOWAS": ("company", "org"),
}
# KIND values (RFC 6350 §6.1.4, RFC 6473) for cards that are no person but still a
# contact to write to when they carry an email, phone or profile; "group" is skipped.
_NOT_PEOPLE = {"org": "an organisation", "location": "a location", "application": "an application"}

# Service name (lower case, as in X-SOCIALPROFILE;TYPE=, IMPP;X-SERVICE-TYPE= or an
# Apple label) -> platform and the key function for a bare handle.
_SERVICES: dict[str, tuple[str, Callable[[str | None], str | None]]] = {
    "twitter": ("x", keys.x_handle),
    "x": ("x", keys.x_handle),
    "linkedin": ("linkedin", keys.linkedin_slug),
    "mastodon": ("mastodon", keys.mastodon_acct),
    "bluesky": ("bluesky", keys.bluesky_key),
    "bsky": ("bluesky", keys.bluesky_key),
}
# Non-standard one-network properties written by Android/Evolution/Thunderbird.
_SERVICE_PROPS = {
    "X-TWITTER": "twitter",
    "X-LINKEDIN": "linkedin",
    "X-MASTODON": "mastodon",
    "X-BLUESKY": "bluesky",
}
# Left out of the content hash: they change on every export, not with the person.
_VOLATILE = {"VERSION", "PRODID", "REV", "PHOTO", "LOGO", "SOUND", "KEY", "X-MS-OL-DESIGN"}
_APPLE_LABEL_RX = re.compile(r"^_\$!<(.*)>!\$_$")
_URLISH_RX = re.compile(r"^(?:https?://|www\.)|^[\w.-]+\.[a-z]{2,}/", re.I)


class VCardImporter:
    """vCard 2.1, 3.0 and 4.0 files, or a folder/zip of them."""

    name: ClassVar[str] = "vcard"
    description: ClassVar[str] = "vCard contacts (.vcf) from phones, Google, iCloud, Outlook"

    def detect(self, tree: ExportTree) -> bool:
        """A ``.vcf``/``.vcard`` file, a file starting with BEGIN:VCARD, or a folder of them."""
        if tree.is_file:
            member = tree.members()[0]
            if member.lower().endswith(_EXTENSIONS):
                return True
            with tree.open_bytes(member) as f:
                return _starts_with_card(f.read(4096))
        # Every data file must be a vCard: an export that also holds an mbox (a
        # Takeout of Mail and Contacts) belongs to that importer, which reads its .vcf.
        data = [m for m in tree.members() if not is_hidden(m) and not _is_index_page(m)]
        return bool(data) and all(m.lower().endswith(_EXTENSIONS) for m in data)

    def read(self, tree: ExportTree, ctx: ImportContext) -> Iterator[Record]:
        """One record per card; unreadable cards become RecordError, the rest still import."""
        members = _members(tree)
        # Read and check every file first, so a non-vCard fails before any record.
        # Bytes, not text: each value is decoded with its own charset (split_cards).
        contents = []
        for member in members:
            data = tree.read_bytes(member)
            if not has_card(data):
                raise ImportFileError(
                    tree.display(member), "no BEGIN:VCARD line: this is not a vCard file"
                )
            contents.append((member, data))
        seen: dict[str, str] = {}
        for member, data in contents:
            prefix = f"{member}: " if len(members) > 1 else ""
            yield from cards_of_file(data, prefix, ctx, seen)


# Properties a card is read by: garbled, they would make a wrong person.
_VITAL = frozenset({"FN", "N", "EMAIL", "TEL", "ORG"})


def cards_of_file(
    data: bytes, prefix: str, ctx: ImportContext, seen: dict[str, str]
) -> Iterator[Record]:
    """The records of one vCard file's bytes, located as ``<prefix>card N (line L)``.

    ``seen`` (source key -> location) spans the files of one export: a card met
    again (Takeout's "All Contacts" repeats every group's) is Skipped.
    """
    for raw in split_cards(data):
        location = f"{prefix}card {raw.number} (line {raw.line})"
        if not raw.closed:
            yield RecordError(location, "card not closed: END:VCARD missing")
            continue
        if damaged := next((p for p in raw.properties if p.damaged and p.name in _VITAL), None):
            # Read anyway, the value would be garbage (and, after a broken soft break,
            # hold the next line too: a person named "…EMAIL:ann@…" with no email).
            # A note or a URL with a stray "=" (sloppy writers) keeps its card.
            yield RecordError(location, f"line {damaged.line}: {damaged.damaged}")
            continue
        record = card_to_record(raw, ctx, location)
        if isinstance(record, ContactRecord):
            if first := seen.get(record.source_key):
                yield Skipped(location, f"duplicate of {first}")
                continue
            seen[record.source_key] = location
        yield record


def card_to_record(card: RawCard, ctx: ImportContext, location: str) -> ContactRecord | Skipped:
    """Map one closed card to a contact, or Skipped when it names nobody or is a group."""
    version = card.version
    kind = _kind(card)
    if kind == "group":
        # A group's FN is the group's name ("Book club") and its MEMBERs are other
        # cards: imported, it would be a person of that name.
        return Skipped(location, "a group card, not a person")

    def text(value: str) -> str:
        return unescape(value, version).strip()

    n_raw = split_raw(card.all("N")[0].value, ";") if card.all("N") else []
    family, given, additional, prefix, suffix = (
        _words(part, version) for part in (n_raw + [""] * 5)[:5]
    )
    name = _first(text(p.value) for p in card.all("FN")) or _join(
        prefix, given, additional, family, suffix
    )
    identities = _identities(card, ctx, name)
    if not name and not identities:
        return Skipped(location, "card has no name, email, phone or profile")
    if kind in _NOT_PEOPLE and not identities:
        # An organisation with an email or phone is someone to write to (a supplier,
        # a shared inbox) and links mail to a contact; without one it is only an
        # address-book entry that would become a person named after a company.
        return Skipped(location, f"{_NOT_PEOPLE[kind]} card with no email, phone or profile")
    orgs = [split_value(p.value, ";", version)[0].strip() for p in card.all("ORG")]
    notes = [text(p.value).replace("\r\n", "\n").strip() for p in card.all("NOTE")]
    tags: list[str] = []
    for prop in card.all("CATEGORIES"):
        tags.extend(t.strip() for t in split_value(prop.value, ",;", version))
    return ContactRecord(
        source_key=_source_key(card),
        identities=identities,
        name=name,
        first_name=given,
        last_name=family,
        organisation=_first(orgs),
        title=_first(text(p.value) for p in card.all("TITLE")),
        birthday=_first(parse_birthday(text(p.value)) for p in card.all("BDAY")),
        note="\n\n".join(n for n in notes if n) or None,
        tags=list(dict.fromkeys(t for t in tags if t)),
        location=location,
    )


def _kind(card: RawCard) -> str:
    """What the card describes, lower case: ``individual`` (the default), ``group``, ``org``..."""
    for prop in card.properties:
        if prop.name in _KIND_PROPS:
            value = unescape(prop.value, card.version).strip().lower()
            marker = _KIND_PROPS[prop.name]
            if marker is None and value:
                return value
            if marker is not None and value == marker[0]:
                return marker[1]
    return "individual"


def _identities(card: RawCard, ctx: ImportContext, name: str | None) -> list[IdentityRef]:
    version = card.version
    labels = {
        p.group: _label(unescape(p.value, version))
        for p in card.properties
        if p.name == "X-ABLABEL" and p.group
    }
    found: list[IdentityRef] = []
    for prop in card.properties:
        value = unescape(prop.value, version).strip()
        if not value:
            continue
        label = labels.get(prop.group) if prop.group else None
        ident: IdentityRef | None = None
        if prop.name == "EMAIL":
            handle = keys.email_key(value)
            ident = IdentityRef("email", handle, name) if handle else None
        elif prop.name == "TEL":
            handle = keys.phone_key(value, ctx.default_region)
            ident = IdentityRef("phone", handle, name) if handle else None
        elif prop.name == "URL":
            ident = _profile(
                value, label, name, web=not _company_site(value, prop, card), is_url=True
            )
        elif prop.name in ("X-SOCIALPROFILE", "SOCIALPROFILE"):
            service = prop.param("SERVICE-TYPE") or prop.param("TYPE") or label
            ident = _profile(value, service, name, web=True, user=prop.param("X-USER"))
        elif prop.name == "IMPP":
            ident = _profile(value, prop.param("X-SERVICE-TYPE") or label, name, web=False)
        elif prop.name in _SERVICE_PROPS:
            ident = _profile(value, _SERVICE_PROPS[prop.name], name, web=False)
        add_identity(found, ident)
    return found


def _profile(
    value: str,
    service: str | None,
    name: str | None,
    *,
    web: bool,
    user: str | None = None,
    is_url: bool = False,
) -> IdentityRef | None:
    """A network identity from a URL or handle; ``service`` names the network if known.

    ``web`` says whether an unrecognised URL still counts (it does for URL and
    social profiles, not for chat addresses such as ``xmpp:``); ``is_url`` that
    the value is a URL even without a scheme (a ``URL`` property).
    """
    url = value if is_url or _URLISH_RX.match(value) else None
    ident = keys.identity_from_url(url, name) if url else None
    if ident is not None and ident.platform != "web":
        return ident
    known = _SERVICES.get((service or "").strip().lower())
    if known is not None:
        platform, key = known
        # iOS writes handles as ``x-apple:jdoe``; X-USER carries the bare handle.
        for candidate in (re.sub(r"^x-apple:", "", value, flags=re.I), user):
            if handle := key(candidate):
                return IdentityRef(platform, handle, name, url=url)
    return ident if web else None


def _company_site(url: str, prop: Property, card: RawCard) -> bool:
    """The ``URL`` ``prop`` (its value ``url``) is the card's employer's site (see
    :func:`keys.company_front_page`)."""
    types = {t.lower() for v in prop.params.get("TYPE", []) for t in v.split(",")}
    domains = {
        e.rpartition("@")[2]
        for p in card.all("EMAIL")
        if (e := keys.email_key(unescape(p.value, card.version)))
    }
    return keys.company_front_page(url, "work" in types, domains)


def _source_key(card: RawCard) -> str:
    uid = _first(unescape(p.value, card.version).strip() for p in card.all("UID"))
    if uid:
        return f"vcard:{uid}"
    # Decoded values, groups and params dropped, sorted: a card's identity should not
    # depend on its version, line ends, folding, property order or export time.
    lines = sorted(
        f"{p.name}:{unescape(p.value, card.version).strip()}"
        for p in card.properties
        if p.name not in _VOLATILE
    )
    return "vcard:" + hashlib.sha1("\n".join(lines).encode("utf-8")).hexdigest()


def _label(value: str) -> str:
    """``_$!<HomePage>!$_`` -> ``HomePage``; a custom label is kept as written."""
    m = _APPLE_LABEL_RX.match(value.strip())
    return m.group(1) if m else value.strip()


def _words(component: str, version: str) -> str | None:
    """An ``N`` component: a comma list (``Richter,James``) joined by spaces; ``\\,``
    stays a literal comma."""
    words = [w.strip() for w in split_value(component, ",", version) if w.strip()]
    return " ".join(words) or None


def _join(*parts: str | None) -> str | None:
    return " ".join(p for p in parts if p) or None


def _first(values: Iterable[_T | None]) -> _T | None:
    """The first truthy value (empty strings count as missing)."""
    for value in values:
        if value:
            return value
    return None


def _starts_with_card(head: bytes) -> bool:
    text = decode_export_text(head)
    for line in text.splitlines():
        if line.strip():
            return line.strip().upper().replace(" ", "") == "BEGIN:VCARD"
    return False


def _is_index_page(member: str) -> bool:
    return member.rsplit("/", 1)[-1].lower() in _INDEX_PAGES


def _members(tree: ExportTree) -> list[str]:
    if tree.is_file:
        return tree.members()  # chosen with --format vcard: read it whatever its name
    members = [m for m in tree.members() if m.lower().endswith(_EXTENSIONS) and not is_hidden(m)]
    if not members:
        raise ImportFileError(tree.path, "no .vcf or .vcard files in this folder or archive")
    return members
