"""The CSVs of a LinkedIn export that warmly does not read, each reported once.

A Complete export holds some fifty CSVs; warmly reads a dozen. The others are
not silently dropped: each one that holds rows becomes one :class:`NotRead`
saying what it holds, so the user can see what stayed behind. Empty and
header-only files (LinkedIn writes several for its assistants' chats) hold
nothing and are not reported. Non-CSV members (``Articles/*.html``) are not
reported either, nor hidden files (a Mac's ``__MACOSX/._*.csv``).

The notices are listed beside the import's numbers, not counted in them: a
file left alone is no record read or skipped, and its notice must not push a
bad row out of the problems shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from warmly.errors import ImportFileError
from warmly.importers.linkedin_csv import where
from warmly.importers.records import NotRead
from warmly.importers.source import READ_ERRORS, ExportTree, is_hidden, norm_name

_ASSISTANTS = "conversations with LinkedIn's assistants, not with people"
_WITHOUT_AUTHORS = "the posts' authors are not named"

# Normalised file name (see norm_name) without ".csv" -> what the file holds.
HOLDS: dict[str, str] = {
    "adsclicked": "ads you clicked",
    "adtargeting": "what LinkedIn targets ads at you by",
    "lanadsengagement": "ads you saw on other sites",
    "articles": "your articles",
    "causesyoucareabout": "causes on your profile",
    "certifications": "certifications on your profile",
    "coachmessages": _ASSISTANTS,
    "comments": f"your comments; {_WITHOUT_AUTHORS}",
    "companyfollows": "companies you follow",
    "courses": "courses on your profile",
    "education": "education on your profile",
    "events": "events you joined",
    "guidemessages": _ASSISTANTS,
    "hashtagfollows": "hashtags you follow",
    "honors": "honours on your profile",
    "inferencesaboutyou": "what LinkedIn infers about you",
    "instantreposts": f"your reposts; {_WITHOUT_AUTHORS}",
    "jobapplicantsavedanswers": "answers you saved for job applications",
    "jobapplicantsavedscreeningquestionresponses": "answers you saved for job applications",
    "jobapplications": "your job applications",
    "jobseekerpreferences": "your job-seeking preferences",
    "languages": "languages on your profile",
    "learning": "LinkedIn Learning courses you watched",
    "learningcoachmessages": _ASSISTANTS,
    "learningroleplaymessages": _ASSISTANTS,
    "logins": "your sign-ins",
    "memberfollows": "people you follow, by name only (no profile URL)",
    "organizations": "organisations on your profile",
    "patents": "patents on your profile",
    "phonenumbers": "your own phone numbers",
    "profilesummary": "your profile summary",
    "projects": "projects on your profile",
    "publications": "publications on your profile",
    "reactions": f"your reactions to posts; {_WITHOUT_AUTHORS}",
    "receipts": "your payments to LinkedIn",
    "receiptsv2": "your payments to LinkedIn",
    "recommendationsgiven": "recommendations you wrote",
    "recommendationsreceived": "recommendations written for you",
    "registration": "when and how you signed up",
    "richmedia": "photos and media you uploaded",
    "saveditems": "posts you saved",
    "savedjobalerts": "your job alerts",
    "savedjobs": "jobs you saved",
    "searchqueries": "your searches",
    "securitychallenges": "security checks on your account",
    "shares": "your posts",
    "verifications": "verifications of your identity",
    "volunteering": "volunteering on your profile",
    "votes": "your votes in polls",
}
_PEEK_ERRORS: tuple[type[Exception], ...] = (ImportFileError, *READ_ERRORS)
# Enough of a member to tell whether it holds a row below its header.
_PEEK = 1 << 16


def what_it_holds(member: str) -> str:
    """What a LinkedIn CSV holds, from its name: ``Comments_34875879.csv`` -> "your comments…"."""
    stem = norm_name(member).removesuffix(".csv")
    # 2026 Complete archives number some files: Comments_34875879.csv.
    found = HOLDS.get(stem) or HOLDS.get(stem.rstrip("0123456789"))
    return found or "a file warmly does not know"


def _holds_rows(tree: ExportTree, member: str) -> bool:
    """True unless the member is empty or has one line only (a header, "No conversations found").

    A member that cannot be read counts as holding rows: it is reported rather than passed over.
    """
    try:
        with tree.open_bytes(member) as f:
            head = f.read(_PEEK)
    except _PEEK_ERRORS:
        return True
    lines = [line for line in head.splitlines() if line.strip()]
    return len(lines) > 1 or len(head) == _PEEK


def unread_csvs(tree: ExportTree, read: Iterable[str]) -> Iterator[NotRead]:
    """One NotRead per CSV of the export that is not in ``read`` and holds rows."""
    done = set(read)
    for member in tree.members():
        if member in done or not member.lower().endswith(".csv") or is_hidden(member):
            continue
        if _holds_rows(tree, member):
            yield NotRead(where(member), what_it_holds(member))
