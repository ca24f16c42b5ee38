"""Column mapping of the generic CSV importer: fields, header synonyms, validation.

See :mod:`warmly.importers.generic_csv` for the mapping format users write.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from warmly.errors import ImportFileError

# Fields that hold one value per row.
SINGLE_FIELDS = (
    "name",
    "first_name",
    "last_name",
    "organisation",
    "title",
    "birthday",
    "note",
    "tags",
)
# Fields that may span several columns (``E-mail 1 - Value``, ``E-mail 2 - Value``...).
IDENTITY_FIELDS = ("email", "phone", "linkedin", "x", "mastodon", "bluesky", "url")
# Interactions mode: only used when mapped explicitly, never guessed, since a
# contacts file's ``Date Added`` column must not turn its rows into interactions.
INTERACTION_FIELDS = ("date", "kind", "direction", "platform", "text")
FIELDS = SINGLE_FIELDS + IDENTITY_FIELDS + INTERACTION_FIELDS

# Field -> header patterns, tried in order against the header folded by
# :func:`header_key` (``"E-mail 1 - Value"`` -> ``"email1value"``). Order matters
# where exports disagree: Outlook's ``Title`` is Mr./Ms., its ``Job Title`` the job.
# Identity fields come first so that ``LinkedIn URL`` is not taken as a plain URL.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "email": (r"e?mail(address)?", r"emails|emailaddresses", r"e?mail\d+(value|address)?"),
    "phone": (
        r"phone|telephone|tel|mobile|cell|cellphone|phonenumber|mobilenumber|phonenumbers",
        r"phone\d+value",
        r"(primary|home|business|work|mobile|other|car|companymain)phone\d*",
    ),
    "linkedin": (r"linkedin(url|profile|profileurl|handle)?",),
    "x": (r"(twitter|x)(handle|url|profile|username)?",),
    "mastodon": (r"(mastodon|fediverse)(handle|url|profile|account)?",),
    "bluesky": (r"(bluesky|bsky)(handle|url|profile)?",),
    "url": (r"url|website|web|webpage|homepage|site|blog", r"website\d+value", r"\w+webpage"),
    "name": (r"name|fullname|displayname|contactname|contact",),
    "first_name": (r"firstname|givenname|first|forename",),
    "last_name": (r"lastname|familyname|surname|last",),
    "organisation": (
        r"company|companyname|organi[sz]ation|org|employer",
        r"organi[sz]ation\d*name",
    ),
    "title": (r"jobtitle|position|role", r"organi[sz]ation\d*title", r"title"),
    "birthday": (r"birthday|birthdate|dateofbirth|dob|bday",),
    "note": (r"notes?|comments?|description",),
    "tags": (r"tags?|labels|groups|groupmembership|categories|category",),
}


@dataclass(frozen=True, slots=True)
class Columns:
    """Field -> indexes of the header columns it reads."""

    by_field: dict[str, list[int]]

    def has(self, field: str) -> bool:
        return bool(self.by_field.get(field))


def header_key(header: str) -> str:
    """A header folded for matching: lower case, letters and digits only."""
    return re.sub(r"[^0-9a-z]+", "", header.casefold())


def resolve(header: list[str], mapping: Mapping[str, object], where: str) -> Columns:
    """Columns for every field: the explicit ``mapping`` first, then guesses.

    Raises :class:`ImportFileError` (naming the column and listing the header)
    when the mapping names a column that is not in the header, for an unknown
    field, and when no column holds a name or an identity (not a contacts file).
    """
    by_field: dict[str, list[int]] = {}
    used: set[int] = set()
    for field, spec in mapping.items():
        if field not in FIELDS:
            raise ImportFileError(
                where, f"unknown mapping field {field!r}; fields are: {', '.join(FIELDS)}"
            )
        names = _column_names(spec)
        if names is None:
            raise ImportFileError(
                where, f"mapping for {field!r} must be a column name or a list of them"
            )
        indexes = [i for n in names if n.strip() for i in _find(header, n, field, where)]
        by_field[field] = list(dict.fromkeys(indexes))
        used.update(indexes)
    keys = [header_key(h) for h in header]
    for field, patterns in SYNONYMS.items():
        if field in mapping:
            continue  # named (or switched off with None) by the user
        for pattern in patterns:
            hits = [i for i, k in enumerate(keys) if i not in used and re.fullmatch(pattern, k)]
            if hits:
                chosen = hits if field in IDENTITY_FIELDS else hits[:1]
                by_field[field] = chosen
                used.update(chosen)
                break
    columns = Columns(by_field)
    if not any(columns.has(f) for f in ("name", "first_name", "last_name", *IDENTITY_FIELDS)):
        # Every row would be "no name and no email": say why once, and how to go on.
        shown = ", ".join(repr(h) for h in header[:6]) + (", …" if len(header) > 6 else "")
        raise ImportFileError(
            where,
            f"no column holds a name, email, phone or profile (header: {shown}); "
            'name them with --mapping, e.g. \'{"name": "Full name", "email": "Mail"}\'',
        )
    return columns


def _column_names(spec: object) -> list[str] | None:
    """A mapping value as column names (``None`` switches a field off: ``[]``)."""
    if spec is None:
        return []
    if isinstance(spec, str):
        return [spec]
    if isinstance(spec, list | tuple) and all(isinstance(s, str) for s in spec):
        return [str(s) for s in spec]
    return None


def _find(header: list[str], column: str, field: str, where: str) -> list[int]:
    """Indexes of ``column``: exact matches first, then ignoring case and spacing.

    A header may repeat a name (two ``Email`` columns): every copy is read, as
    guessing does, rather than losing the second one's values.
    """
    if exact := [i for i, h in enumerate(header) if h == column]:
        return exact
    folded = " ".join(column.split()).casefold()
    if loose := [i for i, h in enumerate(header) if " ".join(h.split()).casefold() == folded]:
        return loose
    listed = ", ".join(repr(h) for h in header)
    raise ImportFileError(
        where, f"mapping names column {column!r} for {field!r}, but the header has: {listed}"
    )
