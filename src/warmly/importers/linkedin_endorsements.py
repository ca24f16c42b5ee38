"""LinkedIn Endorsement_Received_Info.csv and Endorsement_Given_Info.csv -> interactions.

An endorsement is a one-click, public vouching for one skill of a person. Of
warmly's interaction kinds the nearest is ``like`` (a light signal, weighed as
one in ``[ties.weights]``); the tag ``endorsement`` and a text naming the skill
keep it apart from a like of a post.

Received: only ``ACCEPTED`` endorsements count. ``PENDING`` ones the user has
not accepted and ``HIDDEN`` ones the user hid from the profile are skipped with
that reason. Given: every row counts whatever its status, which is the other
person's choice; the endorsing was the user's own act.

``Endorser Public Url`` (no scheme: ``www.linkedin.com/in/<slug>``) arrived in
mid-2023; older exports name the person only. So the source key is built from
what every era has (the date, the skill, the names), as Invitations.csv's is.
"""

from __future__ import annotations

from collections.abc import Iterator

from warmly.importers.linkedin_csv import (
    Row,
    full_name,
    iter_rows,
    parse_endorsement_date,
    stable_key,
)
from warmly.importers.linkedin_network import linkedin_ref
from warmly.importers.records import (
    Direction,
    InteractionRecord,
    Record,
    RecordError,
    Skipped,
)
from warmly.importers.source import ExportTree

# Endorsement Status values (docs/formats.md); a received one is imported only if accepted.
_SKIP_RECEIVED = {
    "PENDING": "endorsement not accepted yet (status PENDING)",
    "HIDDEN": "endorsement hidden from the profile (status HIDDEN)",
}
_STATUSES = {"ACCEPTED", *_SKIP_RECEIVED}


def is_received_header(cols: set[str]) -> bool:
    return {"endorsementdate", "skillname", "endorserfirstname", "endorserlastname"} <= cols


def is_given_header(cols: set[str]) -> bool:
    return {"endorsementdate", "skillname", "endorseefirstname", "endorseelastname"} <= cols


def _with_scheme(url: str) -> str:
    """``www.linkedin.com/in/x`` -> ``https://www.linkedin.com/in/x`` (a link that opens)."""
    return f"https://{url}" if url and "://" not in url else url


def read_endorsements(tree: ExportTree, member: str, direction: Direction) -> Iterator[Record]:
    """One ``like`` InteractionRecord tagged ``endorsement`` per endorsement.

    ``direction`` is ``in`` for Endorsement_Received_Info.csv (the endorser is
    the counterpart), ``out`` for Endorsement_Given_Info.csv (the endorsee).
    """
    role = "endorser" if direction == "in" else "endorsee"
    test = is_received_header if direction == "in" else is_given_header
    expected = f"Endorsement Date, Skill Name, {role.title()} First Name, {role.title()} Last Name"
    for row in iter_rows(tree, member, test, expected):
        if not isinstance(row, Row):
            yield row
            continue
        loc = row.location
        first, last = row.get(f"{role}firstname"), row.get(f"{role}lastname")
        name = full_name(first, last)
        url = _with_scheme(row.get(f"{role}publicurl"))
        if name is None and not url:
            # As in Connections.csv: a hidden or closed profile leaves only the rest.
            yield Skipped(loc, f"hidden profile: the row names no {role}")
            continue
        if direction == "in" and (problem := _received_status(row)) is not None:
            yield problem
            continue
        skill = row.get("skillname")
        if not skill:
            yield RecordError(loc, "Skill Name is empty")
            continue
        raw_date = row.get("endorsementdate")
        try:
            when = parse_endorsement_date(raw_date)
        except ValueError as exc:
            yield RecordError(loc, f"Endorsement Date: {exc}")
            continue
        yield InteractionRecord(
            # The parsed time and folded skill: " UTC" or spacing drifting
            # between export eras must not make the same endorsement new.
            source_key=stable_key(
                f"linkedin:endorse:{direction}:",
                when.isoformat(),
                skill.casefold(),
                first.casefold(),
                last.casefold(),
            ),
            platform="linkedin",
            kind="like",
            direction=direction,
            occurred_at=when,
            counterparts=[linkedin_ref(url, name)],
            text=f"Endorsed you for {skill}"
            if direction == "in"
            else f"You endorsed them for {skill}",
            location=loc,
            tags=["endorsement"],
        )


def _received_status(row: Row) -> Skipped | RecordError | None:
    """Why a received endorsement is not imported, or None if it is accepted.

    A file without the column (no export is known to lack it) counts as accepted.
    """
    if "endorsementstatus" not in row.cells:
        return None
    status = row.get("endorsementstatus").upper()
    if status not in _STATUSES:
        return RecordError(
            row.location, f"Endorsement Status: unknown value {row.get('endorsementstatus')!r}"
        )
    reason = _SKIP_RECEIVED.get(status)
    return Skipped(row.location, reason) if reason else None
