"""Engine, sessions and schema upgrades. SQLite is the embedded default; PostgreSQL scales out."""

from __future__ import annotations

import fcntl
import functools
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any, cast

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import CursorResult, Result, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Any constant works: it only has to be the same in every worker running migrations.
MIGRATION_LOCK_ID = 7_261_903_115
SQLITE_BUSY_TIMEOUT_SECONDS = 30
DEFAULT_POOL_SIZE = 10


class Database:
    """Two engines on one database: `read` for plain transactions, `write` for ones that must lock.

    On PostgreSQL they are the same engine and locking is `SELECT ... FOR UPDATE`. On SQLite a write
    transaction starts with BEGIN IMMEDIATE so it holds the database's write lock from its first read:
    the only way SQLite can make read-then-write atomic across processes.
    """

    def __init__(self, url: str, *, echo: bool = False, pool_size: int = DEFAULT_POOL_SIZE):
        self.url = make_url(url)
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        if self.is_sqlite:
            self.read_engine = _sqlite_engine(url, echo=echo, begin="BEGIN")
            self.write_engine = _sqlite_engine(url, echo=echo, begin="BEGIN IMMEDIATE")
        else:
            # Every web process and every runner has a pool: 4 gunicorn workers and their 4 runners at 10
            # connections each stay under PostgreSQL's default max_connections (100). A thread that finds the
            # pool busy waits for a connection (transactions here last milliseconds) instead of failing.
            self.read_engine = create_engine(url, echo=echo, pool_pre_ping=True, pool_size=max(1, pool_size // 2),
                                             max_overflow=pool_size - max(1, pool_size // 2), pool_timeout=60)
            self.write_engine = self.read_engine
        self._read_sessions = sessionmaker(self.read_engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(self.write_engine, expire_on_commit=False)
        # SQLite has one writer at a time, and a connection that finds the write lock taken sleeps in growing
        # steps (up to 100 ms) before it looks again: under load, a quick insert on the ack path waited most of
        # a second behind other threads' quick writes, and a process whose writers handed the lock on among
        # themselves starved another process's for half a minute. So writers queue on a lock of this process
        # and then on a file lock shared by every process (a waiter is woken the moment it is released); by
        # the time SQLite is asked, the write lock is free.
        self._write_turn = threading.RLock() if self.is_sqlite else None
        self._write_depth = 0
        self._write_file = None
        if self.is_sqlite and self.url.database and self.url.database != ":memory:":
            self._write_file = open(f"{self.url.database}.lock", "a")  # noqa: SIM115 - open while the engine is
        # gunicorn --preload builds the app, and so this object, before it forks the workers: a forked worker
        # must not share the parent's pooled connections, nor its open file (a flock belongs to the open file,
        # so parent and child would hold it as one).
        os.register_at_fork(after_in_child=self._after_fork)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._read_sessions() as session, session.begin():
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A transaction that commits on success and rolls back on any exception."""
        if self._write_turn is None:
            with self._write_sessions() as session, session.begin():
                yield session
            return
        with self._write_turn, self._writers_file_lock(), self._write_sessions() as session, session.begin():
            yield session

    @contextmanager
    def writing_connection(self) -> Iterator[Connection]:
        """As writing(), a bare Core connection: for the one statement on the ack path, where the ORM's
        session costs more than the insert itself."""
        if self._write_turn is None:
            with self.write_engine.begin() as connection:
                yield connection
            return
        with self._write_turn, self._writers_file_lock(), self.write_engine.begin() as connection:
            yield connection

    @contextmanager
    def _writers_file_lock(self) -> Iterator[None]:
        # Held by this thread already (the RLock admits it): only the outermost transaction takes the file.
        self._write_depth += 1
        handle = self._write_file  # the one this thread locks is the one it unlocks, whatever dispose() does
        try:
            if handle is not None and self._write_depth == 1:
                fcntl.flock(handle, fcntl.LOCK_EX)
                try:
                    yield
                finally:
                    fcntl.flock(handle, fcntl.LOCK_UN)
            else:
                yield
        finally:
            self._write_depth -= 1

    def ping(self) -> bool:
        try:
            with self.read_engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return False
        return True

    def migrate(self) -> None:
        """Bring the schema to the newest revision; safe when several workers start at once."""
        config = _alembic_config()
        with self._migration_lock(), self.write_engine.begin() as connection:
            if not self.is_sqlite:
                connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": MIGRATION_LOCK_ID})
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def schema_is_current(self) -> bool:
        """Whether the database's schema is at this code's newest revision (what `migrate` would bring it to).

        False when it is behind (never migrated, or an older deploy's) or elsewhere (a newer deploy's); raises
        SQLAlchemyError when the database cannot be reached."""
        with self.read_engine.connect() as connection:
            current = set(MigrationContext.configure(connection).get_current_heads())
        return current == _newest_revisions()

    @contextmanager
    def _migration_lock(self) -> Iterator[None]:
        database = self.url.database
        if not self.is_sqlite or not database or database == ":memory:":
            yield
            return
        lock_path = Path(f"{database}.lock")
        with _process_lock, open(lock_path, "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    @contextmanager
    def sidecar_lock(self, name: str) -> Iterator[None]:
        """SQLite: one holder at a time, across threads and processes, of a lock file beside the database, for
        work that must be single-flight without holding the database's write lock (an outside call)."""
        database = self.url.database
        if not self.is_sqlite or not database or database == ":memory:":
            yield
            return
        with open(f"{database}.{name}.lock", "a") as handle:  # an open of its own: flock excludes other opens
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _after_fork(self) -> None:
        self.read_engine.dispose(close=False)
        if self.write_engine is not self.read_engine:
            self.write_engine.dispose(close=False)
        if self._write_file is not None:
            self._write_file = open(self._write_file.name, "a")  # noqa: SIM115

    def dispose(self) -> None:
        if self._write_file is not None:
            # Not under a writer's feet: a thread mid-transaction holds the turn (and the file's lock).
            with self._write_turn if self._write_turn is not None else nullcontext():
                self._write_file.close()
                self._write_file = None
        self.read_engine.dispose()
        if self.write_engine is not self.read_engine:
            self.write_engine.dispose()


_process_lock = threading.Lock()


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


@functools.cache
def _newest_revisions() -> frozenset[str]:
    """The heads of the migration scripts shipped with this code (read once: they do not change while running)."""
    return frozenset(ScriptDirectory.from_config(_alembic_config()).get_heads())


def rowcount(result: Result[*tuple[Any, ...]]) -> int:
    """How many rows the UPDATE or DELETE that gave this result matched.

    Session.execute() is typed to return a plain Result whatever the statement; what it returns for DML is a
    CursorResult, the class that declares rowcount, so the cast only names the type it already has."""
    return cast("CursorResult[*tuple[Any, ...]]", result).rowcount


def _sqlite_engine(url: str, *, echo: bool, begin: str) -> Engine:
    engine = create_engine(
        url,
        echo=echo,
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
        # Take transaction control from the driver so our BEGIN is the one that counts.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # In WAL mode NORMAL survives any crash of the process (kill -9 included) and skips an fsync per
        # commit; only a power cut can lose the last commits.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_SECONDS * 1000}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql(begin)

    return engine
