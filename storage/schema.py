"""Where a database's schema stands against this code's migrations, read without writing anything.

`python bot.py check` asks this before the bot has ever started: it must create no database file, no lock
file, no Alembic version table. (Database.migrate() is what brings the schema up to date.)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

from storage.db import MIGRATIONS_DIR


@dataclass(frozen=True)
class SchemaState:
    """`current`: the revisions the database is at (empty: no schema yet). `head`: this code's newest.
    `pending`: the revisions a migrate would apply, oldest first; `unknown`: revisions this code has never heard
    of (a database migrated by a newer version of the bot)."""

    current: tuple[str, ...]
    head: str
    pending: tuple[str, ...]
    unknown: tuple[str, ...]

    @property
    def up_to_date(self) -> bool:
        return not self.pending and not self.unknown


def migrations() -> ScriptDirectory:
    return ScriptDirectory(str(MIGRATIONS_DIR))


def schema_state(database_url: str, *, connect_timeout: int = 5) -> SchemaState:
    """Read the schema's revision. Raises sqlalchemy's errors when the database cannot be read.

    An SQLite file that does not exist is not opened (opening would create it): it reads as an empty schema.
    """
    url = make_url(database_url)
    scripts = migrations()
    head = scripts.get_current_head() or ""
    current = _current_revisions(url, connect_timeout)
    known = {script.revision for script in scripts.walk_revisions()}
    unknown = tuple(sorted(set(current) - known))
    if unknown:
        return SchemaState(current=current, head=head, pending=(), unknown=unknown)
    applied: set[str] = set()
    for revision in current:
        applied.update(script.revision for script in scripts.iterate_revisions(revision, "base"))
    pending = tuple(reversed([script.revision for script in scripts.walk_revisions()
                              if script.revision not in applied]))
    return SchemaState(current=current, head=head, pending=pending, unknown=())


def _current_revisions(url: URL, connect_timeout: int) -> tuple[str, ...]:
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            return ()
        path = Path(url.database)
        if not path.exists():
            return ()
        # Read-only, and no lock or shared-memory files made beside it: `immutable` when no write-ahead log
        # exists (nothing is running on it); when one does, the bot is running or stopped hard, its -shm is
        # there already, and the log may hold the newest revision, so it is read the ordinary way, read-only.
        mode = "ro" if path.with_name(path.name + "-wal").exists() else "ro&immutable=1"
        engine = create_engine(f"sqlite:///file:{path.resolve()}?mode={mode}&uri=true", poolclass=NullPool)
    else:
        engine = create_engine(url, connect_args={"connect_timeout": connect_timeout}, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            # Reads alembic_version if it exists; creates nothing (only a stamp or a migrate would).
            return tuple(sorted(MigrationContext.configure(connection).get_current_heads()))
    finally:
        engine.dispose()
