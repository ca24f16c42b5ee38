"""One tree of errors, rooted at :class:`WarmlyError`.

Each error says what was wrong, where (file, line, record) and, where it helps,
what to do. The CLI prints ``str(error)`` as one line and exits non-zero.
"""

from __future__ import annotations

from pathlib import Path


class WarmlyError(Exception):
    """Base of every error warmly raises on purpose."""


class ConfigError(WarmlyError):
    """The workspace configuration is missing, malformed or inconsistent."""


class WorkspaceError(WarmlyError):
    """The workspace cannot be used for what was asked (e.g. demo into real data)."""


class ImportFileError(WarmlyError):
    """A file (or archive) cannot be read at all; nothing of it is written."""

    def __init__(self, path: Path | str, reason: str, where: str | None = None) -> None:
        self.path = str(path)
        self.reason = reason
        self.where = where
        loc = f"{self.path}:{where}" if where else self.path
        super().__init__(f"{loc}: {reason}")


class UnknownFormatError(ImportFileError):
    """No importer recognises the path."""


class AmbiguousFormatError(ImportFileError):
    """Two or more importers claim the same path."""


class NotFoundError(WarmlyError):
    """A person, item or record named by the user does not exist."""


class MergeError(WarmlyError):
    """A merge or unmerge cannot be done as asked."""


def one_line(exc: BaseException) -> str:
    """An error's first line; for a database error, what the database said.

    SQLAlchemy wraps the driver's exception (``orig``) in text that adds the
    statement and a link: the user needs the reason.
    """
    text = str(getattr(exc, "orig", None) or exc)
    return text.splitlines()[0] if text else type(exc).__name__
