"""Pending Zoom connects: random, single-use, bound to one Slack user, expiring after ten minutes."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select

from storage.crypto import TokenCipher, digest
from storage.db import Database, rowcount
from storage.keys import SlackUserKey
from storage.models import OAuthState, utcnow

STATE_TTL = timedelta(minutes=10)


@dataclass(frozen=True)
class PendingConnect:
    key: SlackUserKey
    code_verifier: str
    resume: dict[str, Any] | None

    def __repr__(self) -> str:
        return f"PendingConnect(key={self.key!r}, resume={'yes' if self.resume else 'no'})"


class OAuthStateStore:
    def __init__(self, db: Database, cipher: TokenCipher, *, ttl: timedelta = STATE_TTL,
                 clock: Callable[[], datetime] = utcnow):
        self._db = db
        self._cipher = cipher
        self._ttl = ttl
        self._clock = clock

    def create(self, key: SlackUserKey, *, code_verifier: str, resume: dict[str, Any] | None = None) -> str:
        state = secrets.token_urlsafe(32)
        now = self._clock()
        with self._db.writing() as session:
            # Expired states are useless; sweeping them here keeps the table small without a cron job.
            session.execute(delete(OAuthState).where(OAuthState.expires_at < now))
            session.add(OAuthState(
                state_hash=digest(state),
                enterprise_id=key.enterprise_id,
                team_id=key.team_id,
                slack_user_id=key.user_id,
                code_verifier_enc=self._cipher.encrypt(code_verifier),
                resume_enc=self._cipher.encrypt(json.dumps(resume)) if resume else None,
                created_at=now,
                expires_at=now + self._ttl,
            ))
        return state

    def consume(self, state: str) -> PendingConnect | None:
        """Return the pending connect once; None for unknown, used or expired states."""
        if not state or len(state) > 200:
            return None
        with self._db.writing() as session:
            row = session.execute(
                select(OAuthState).where(OAuthState.state_hash == digest(state)).with_for_update()
            ).scalar_one_or_none()
            if row is None:
                return None
            # Deleting by id and checking the count makes the use single even if two callbacks race.
            deleted = rowcount(session.execute(delete(OAuthState).where(OAuthState.id == row.id)))
            if deleted != 1 or row.expires_at <= self._clock():
                return None
            return PendingConnect(
                key=SlackUserKey(team_id=row.team_id, user_id=row.slack_user_id,
                                 enterprise_id=row.enterprise_id),
                code_verifier=self._cipher.decrypt(row.code_verifier_enc),
                resume=json.loads(self._cipher.decrypt(row.resume_enc)) if row.resume_enc else None,
            )

