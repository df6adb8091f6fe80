"""The Server-to-Server account token: one per account, shared by threads and, through the database, workers."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import text
from sqlalchemy.orm import Session

from storage.crypto import TokenCipher, digest
from storage.db import Database
from storage.models import AccountToken, utcnow
from storage.tokens import REFRESH_MARGIN, FetchFunction, IssuedTokens, replacement_due


class AccountTokenCache:
    def __init__(self, db: Database, cipher: TokenCipher, *, margin: timedelta = REFRESH_MARGIN,
                 clock: Callable[[], datetime] = utcnow):
        self._db = db
        self._cipher = cipher
        self._margin = margin
        self._clock = clock
        self._lock = threading.Lock()
        self._memory: dict[str, _Cached] = {}

    def access_token(self, account_id: str, fetch: FetchFunction) -> str:
        key = _account_key(account_id)
        cached = self._memory.get(key)
        if cached and self._fresh(cached.expires_at, cached.obtained_at):
            return cached.token
        return self._obtain(key, fetch, rejected=None)

    def replace_rejected(self, account_id: str, rejected: str, fetch: FetchFunction) -> str:
        return self._obtain(_account_key(account_id), fetch, rejected=rejected)

    def _obtain(self, key: str, fetch: FetchFunction, *, rejected: str | None) -> str:
        if self._db.is_sqlite:
            with self._lock, self._db.sidecar_lock("account-token"):
                return self._obtain_outside_a_transaction(key, fetch, rejected)
        with self._lock, self._db.writing() as session:
            # No row to lock before the first grant: an advisory lock serialises workers instead. On
            # PostgreSQL this holds one connection, and blocks nobody else's writes, while Zoom answers.
            session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": key})
            current = self._current(session.get(AccountToken, key), key, rejected)
            if current is not None:
                return current
            obtained_at = self._clock()
            return self._store(session, key, fetch(), obtained_at)

    def _obtain_outside_a_transaction(self, key: str, fetch: FetchFunction, rejected: str | None) -> str:
        # On SQLite a write transaction holds the whole database: the fetch waits on a lock file instead (one
        # fetch at a time across processes), and only the final write takes the database's write lock, so no
        # insert on the ack path ever waits on Zoom's token endpoint.
        with self._db.reading() as session:
            current = self._current(session.get(AccountToken, key), key, rejected)
        if current is not None:
            return current
        obtained_at = self._clock()
        tokens = fetch()
        with self._db.writing() as session:
            return self._store(session, key, tokens, obtained_at)

    def _current(self, row: AccountToken | None, key: str, rejected: str | None) -> str | None:
        if row is None:
            return None
        current = self._cipher.decrypt(row.access_token_enc)
        if current == rejected or not self._fresh(row.expires_at, row.obtained_at):
            return None
        self._memory[key] = _Cached(current, row.expires_at, row.obtained_at)
        return current

    def _store(self, session: Session, key: str, tokens: IssuedTokens, obtained_at: datetime) -> str:
        row = session.get(AccountToken, key)
        if row is None:
            row = AccountToken(account_key=key)
            session.add(row)
        row.access_token_enc = self._cipher.encrypt(tokens.access_token)
        row.expires_at = tokens.expires_at
        row.obtained_at = obtained_at
        self._memory[key] = _Cached(tokens.access_token, tokens.expires_at, obtained_at)
        return tokens.access_token

    def _fresh(self, expires_at: datetime, obtained_at: datetime | None) -> bool:
        return not replacement_due(expires_at, obtained_at, self._clock(), self._margin)


@dataclass(frozen=True)
class _Cached:
    token: str = field(repr=False)
    expires_at: datetime
    obtained_at: datetime | None


def _account_key(account_id: str) -> str:
    return digest(account_id)  # the same 64 hex characters the column has always held
