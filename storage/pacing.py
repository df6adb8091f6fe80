"""Pacing calls to an outside account across every worker of a deployment, through the database.

Each call reserves the next free slot of its account (one short write: `next_at` moves on by one
interval), then waits until that slot: calls leave at most `rate` a second, whichever process makes them.
A pause (the service answered 429 with Retry-After) moves every later slot of that account past it,
without touching other accounts.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.crypto import digest
from storage.db import Database
from storage.models import RatePace, utcnow


class RatePacer:
    def __init__(self, db: Database, *, clock: Callable[[], datetime] = utcnow):
        self._db = db
        self._clock = clock

    def reserve(self, account: str, interval: timedelta) -> float:
        """Take the account's next slot; the seconds to wait before using it (0 when it is free now)."""
        key = digest(account)
        now = self._clock()
        with self._db.writing() as session:
            self._ensure_row(session, key, now)
            row = session.execute(select(RatePace).where(RatePace.pace_key == key).with_for_update()).scalar_one()
            start = max(now, row.next_at, row.paused_until or now)
            row.next_at = start + interval
        return max(0.0, (start - now).total_seconds())

    def pause(self, account: str, seconds: float) -> None:
        """No slot of this account before `seconds` from now."""
        key = digest(account)
        now = self._clock()
        until = now + timedelta(seconds=seconds)
        with self._db.writing() as session:
            self._ensure_row(session, key, now)
            row = session.execute(select(RatePace).where(RatePace.pace_key == key).with_for_update()).scalar_one()
            if row.paused_until is None or row.paused_until < until:
                row.paused_until = until

    def _ensure_row(self, session: Session, key: str, now: datetime) -> None:
        dialect = sqlite if self._db.is_sqlite else postgresql
        session.execute(dialect.insert(RatePace).values(pace_key=key, next_at=now, paused_until=None)
                        .on_conflict_do_nothing(index_elements=["pace_key"]))
