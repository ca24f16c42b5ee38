"""A workspace: ``warmly.toml`` + the ledger database, found from ``--home`` or env.

``WARMLY_HOME`` (or ``--home``) names the folder; by default it is the user
data dir. ``WARMLY_DATABASE_URL`` replaces the SQLite file with any SQLAlchemy
URL, e.g. ``postgresql+psycopg://user@host/db``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import platformdirs
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from warmly.config import Settings, load_settings
from warmly.errors import WorkspaceError
from warmly.store.session import make_engine, migrate, session_factory, wait_to_write

CONFIG_NAME = "warmly.toml"
DB_NAME = "warmly.db"
TEMPLATES_FILE = "templates.toml"  # the user's own reply templates


def default_home() -> Path:
    return Path(platformdirs.user_data_dir("warmly", appauthor=False))


def demo_home() -> Path:
    """The separate workspace ``warmly demo`` uses when none is named."""
    return Path(platformdirs.user_data_dir("warmly-demo", appauthor=False))


def resolve_home(home: Path | str | None) -> Path:
    if home:
        return Path(home).expanduser()
    env = os.environ.get("WARMLY_HOME")
    return Path(env).expanduser() if env else default_home()


@dataclass
class Workspace:
    """A home folder with its settings and its (migrated) database."""

    home: Path
    database_url: str
    _engine: Engine | None = field(default=None, repr=False)
    # Called once when a write must wait for another warmly command (the CLI
    # tells the user; a library caller may leave it unset).
    on_wait: Callable[[], None] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def open(cls, home: Path | str | None = None, database_url: str | None = None) -> Workspace:
        path = resolve_home(home)
        url = database_url or os.environ.get("WARMLY_DATABASE_URL") or ""
        if not url:
            url = f"sqlite:///{path / DB_NAME}"
        return cls(home=path, database_url=url)

    @property
    def config_path(self) -> Path:
        return self.home / CONFIG_NAME

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @cached_property
    def settings(self) -> Settings:
        return load_settings(self.config_path)

    def reload_settings(self) -> Settings:
        self.__dict__.pop("settings", None)
        return self.settings

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            try:
                self.home.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise WorkspaceError(f"cannot create workspace {self.home}: {exc}") from exc
            engine = make_engine(self.database_url)
            migrate(engine)
            self._engine = engine
        return self._engine

    @cached_property
    def sessions(self) -> sessionmaker[Session]:
        return session_factory(self.engine)

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A transaction that commits at the end, for a command's writes.

        On SQLite it first waits for a running import (see
        :func:`~warmly.store.session.wait_to_write`), calling :attr:`on_wait`.
        """
        with self.sessions.begin() as s:
            wait_to_write(s, self.on_wait)
            yield s

    def close(self) -> None:
        """Release the database; the next use opens (and migrates) it again."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
        self.__dict__.pop("sessions", None)
