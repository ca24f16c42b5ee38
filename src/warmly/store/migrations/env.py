"""Alembic environment: runs on the engine warmly hands over (no alembic.ini)."""

from __future__ import annotations

from alembic import context

from warmly.store.schema import metadata
from warmly.store.session import lock_for_writing

config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    # Two warmly commands opening a new (or older) workspace at once would both
    # create or alter the schema: the second waits, then finds it current.
    lock_for_writing(connection, "schema", wait_s=120.0)
    context.configure(
        connection=connection,
        target_metadata=metadata(),
        # SQLite cannot ALTER most things; batch mode rebuilds tables instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    context.run_migrations()
