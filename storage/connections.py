"""Zoom connections and their rotating tokens, refreshed single-flight across threads and processes."""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.crypto import TokenCipher
from storage.db import Database
from storage.keys import SlackUserKey
from storage.models import ZoomConnection, utcnow
from storage.tokens import REFRESH_MARGIN, GrantLost, IssuedTokens, RefreshFunction, replacement_due


class NotConnected(Exception):
    """The Slack user has no (longer a) Zoom connection."""


@dataclass(frozen=True)
class ConnectionInfo:
    """A connection as the rest of the bot may see it: never with tokens."""

    key: SlackUserKey
    zoom_user_id: str
    zoom_email: str
    zoom_account_id: str
    connected_at: datetime
    expires_at: datetime


@dataclass(frozen=True)
class RemovedGrant:
    """Tokens of a deleted connection, handed back so the caller can revoke them at Zoom."""

    key: SlackUserKey
    zoom_user_id: str
    refresh_token: str
    access_token: str
    expires_at: datetime

    def __repr__(self) -> str:
        return f"RemovedGrant(key={self.key!r}, zoom_user_id={self.zoom_user_id!r})"


# Longer than one exchange at Zoom can take (connect and read timeouts), so a lease outlives a live refresh;
# short enough that a worker killed mid-refresh blocks its user for half a minute at most.
REFRESH_LEASE = timedelta(seconds=30)
REFRESH_POLL_SECONDS = 0.05


class RefreshBusy(Exception):
    """Another worker has been refreshing this user's token for longer than a refresh can take."""


class ConnectionStore:
    def __init__(self, db: Database, cipher: TokenCipher, *,
                 refresh_margin: timedelta = REFRESH_MARGIN, clock: Callable[[], datetime] = utcnow):
        self._db = db
        self._cipher = cipher
        self._margin = refresh_margin
        self._clock = clock
        self._locks: weakref.WeakValueDictionary[SlackUserKey, threading.Lock] = weakref.WeakValueDictionary()
        self._locks_guard = threading.Lock()

    # -- reading and writing connections ---------------------------------------------------------------

    def get(self, key: SlackUserKey) -> ConnectionInfo | None:
        with self._db.reading() as session:
            row = session.execute(_by_key(key)).scalar_one_or_none()
            return _info(key, row) if row else None

    def save(self, key: SlackUserKey, *, zoom_user_id: str, zoom_email: str, zoom_account_id: str,
             tokens: IssuedTokens) -> ConnectionInfo:
        """Create or replace the user's connection (connecting again replaces the old grant)."""
        if not tokens.refresh_token:
            raise ValueError("a user connection needs a refresh token")
        try:
            return self._save(key, zoom_user_id, zoom_email, zoom_account_id, tokens)
        except IntegrityError:
            # Two connects of one user finished at once and both inserted; the second now updates.
            return self._save(key, zoom_user_id, zoom_email, zoom_account_id, tokens)

    def _save(self, key: SlackUserKey, zoom_user_id: str, zoom_email: str, zoom_account_id: str,
              tokens: IssuedTokens) -> ConnectionInfo:
        with self._db.writing() as session:
            row = session.execute(_by_key(key).with_for_update()).scalar_one_or_none()
            if row is None:
                row = ZoomConnection(workspace_key=key.workspace_key, slack_user_id=key.user_id)
                session.add(row)
            row.enterprise_id = key.enterprise_id
            row.team_id = key.team_id
            row.zoom_user_id = zoom_user_id
            row.zoom_email = zoom_email
            row.zoom_account_id = zoom_account_id
            row.connected_at = self._clock()
            row.refreshed_at = None
            row.refreshing_until = None
            self._store_tokens(row, tokens)
            session.flush()
            return _info(key, row)

    def delete(self, key: SlackUserKey) -> RemovedGrant | None:
        with self._db.writing() as session:
            rows = self._delete_rows(session, _by_key(key))
        return rows[0] if rows else None

    def keys_of_zoom_user(self, zoom_user_id: str) -> list[SlackUserKey]:
        """Every Slack user linked to this Zoom user."""
        with self._db.reading() as session:
            rows = session.execute(select(ZoomConnection).where(ZoomConnection.zoom_user_id == zoom_user_id))
            return [_key(row) for row in rows.scalars()]

    def delete_by_zoom_user(self, zoom_user_id: str) -> list[RemovedGrant]:
        with self._db.writing() as session:
            return self._delete_rows(
                session, select(ZoomConnection).where(ZoomConnection.zoom_user_id == zoom_user_id))

    def delete_workspace(self, *, team_id: str = "", enterprise_id: str = "") -> list[RemovedGrant]:
        query = select(ZoomConnection)
        if team_id:
            query = query.where(ZoomConnection.team_id == team_id)
        if enterprise_id:
            query = query.where(ZoomConnection.enterprise_id == enterprise_id)
        if not (team_id or enterprise_id):
            raise ValueError("a workspace needs a team id or an enterprise id")
        with self._db.writing() as session:
            return self._delete_rows(session, query)

    # -- tokens -----------------------------------------------------------------------------------------

    def access_token(self, key: SlackUserKey, refresh: RefreshFunction) -> str:
        """A usable access token, refreshed first if it expires within the margin."""
        with self._db.reading() as session:
            row = session.execute(_by_key(key)).scalar_one_or_none()
            if row is None:
                raise NotConnected
            if not self._expiring(row):
                return self._cipher.decrypt(row.access_token_enc)
        return self._refresh(key, refresh, rejected=None)

    def refresh_after_rejection(
        self, key: SlackUserKey, rejected_token: str, refresh: RefreshFunction
    ) -> str:
        """Zoom answered 401/124 for `rejected_token`: refresh unless another worker already has."""
        return self._refresh(key, refresh, rejected=rejected_token)

    def _refresh(self, key: SlackUserKey, refresh: RefreshFunction, *, rejected: str | None) -> str:
        # The in-process lock keeps this process's threads in line; across processes, the first to find the
        # token due takes a short lease on the row (`refreshing_until`) and the others wait for its result.
        # No transaction stays open while Zoom answers: on SQLite that would hold the whole database's write
        # lock, and every insert on the ack path would wait behind a slow Zoom.
        deadline = time.monotonic() + REFRESH_LEASE.total_seconds() + 5
        with self._key_lock(key):
            while True:
                taken = self._take_refresh_lease(key, rejected)
                if isinstance(taken, str):
                    return taken  # refreshed by someone else meanwhile
                if taken is not None:
                    break
                if time.monotonic() > deadline:
                    raise RefreshBusy("another worker is still refreshing this user's Zoom token")
                time.sleep(REFRESH_POLL_SECONDS)
            row_id, refresh_token = taken
            try:
                tokens = refresh(refresh_token)
            except GrantLost:
                # The grant is dead at Zoom: forget it, then say so.
                with self._db.writing() as session:
                    session.execute(delete(ZoomConnection).where(ZoomConnection.id == row_id))
                raise NotConnected from None
            except BaseException:
                # Zoom did not answer, or refused for a passing reason: the old refresh token may still be
                # good, and the next caller may try it.
                with self._db.writing() as session:
                    session.execute(update(ZoomConnection).where(ZoomConnection.id == row_id)
                                    .values(refreshing_until=None))
                raise
            with self._db.writing() as session:
                row = session.get(ZoomConnection, row_id)
                if row is None:  # disconnected while Zoom answered: the new tokens belong to nobody
                    raise NotConnected
                self._store_tokens(row, tokens)
                row.refreshed_at = self._clock()
                row.refreshing_until = None
            return tokens.access_token

    def _take_refresh_lease(self, key: SlackUserKey, rejected: str | None) -> str | tuple[int, str] | None:
        """The current token if no refresh is needed (any more); (row id, refresh token) if this caller now
        holds the refresh lease; None if another worker holds it."""
        now = self._clock()
        with self._db.writing() as session:
            row = session.execute(_by_key(key).with_for_update()).scalar_one_or_none()
            if row is None:
                raise NotConnected
            current = self._cipher.decrypt(row.access_token_enc)
            if rejected is None and not self._expiring(row):
                return current
            if rejected is not None and current != rejected:
                return current  # the rejected token was already replaced
            if row.refreshing_until is not None and row.refreshing_until > now:
                return None
            row.refreshing_until = now + REFRESH_LEASE
            return row.id, self._cipher.decrypt(row.refresh_token_enc)

    def _store_tokens(self, row: ZoomConnection, tokens: IssuedTokens) -> None:
        row.access_token_enc = self._cipher.encrypt(tokens.access_token)
        if tokens.refresh_token:
            row.refresh_token_enc = self._cipher.encrypt(tokens.refresh_token)
        row.expires_at = tokens.expires_at

    def _expiring(self, row: ZoomConnection) -> bool:
        return replacement_due(row.expires_at, row.refreshed_at or row.connected_at, self._clock(), self._margin)

    def _delete_rows(self, session: Session, query: Select[ZoomConnection]) -> list[RemovedGrant]:
        removed, ids = [], []
        for row in session.execute(query.with_for_update()).scalars():
            ids.append(row.id)
            removed.append(RemovedGrant(
                key=_key(row),
                zoom_user_id=row.zoom_user_id,
                refresh_token=self._cipher.decrypt(row.refresh_token_enc),
                access_token=self._cipher.decrypt(row.access_token_enc),
                expires_at=row.expires_at,
            ))
        if ids:
            session.execute(delete(ZoomConnection).where(ZoomConnection.id.in_(ids)))
        return removed

    @contextmanager
    def _key_lock(self, key: SlackUserKey) -> Iterator[None]:
        with self._locks_guard:
            lock = self._locks.get(key)
            if lock is None:
                lock = threading.Lock()
                self._locks[key] = lock
        with lock:
            yield


def _by_key(key: SlackUserKey) -> Select[ZoomConnection]:
    return select(ZoomConnection).where(
        ZoomConnection.workspace_key == key.workspace_key,
        ZoomConnection.slack_user_id == key.user_id,
    )


def _key(row: ZoomConnection) -> SlackUserKey:
    return SlackUserKey(team_id=row.team_id, user_id=row.slack_user_id, enterprise_id=row.enterprise_id)


def _info(key: SlackUserKey, row: ZoomConnection) -> ConnectionInfo:
    return ConnectionInfo(
        key=key,
        zoom_user_id=row.zoom_user_id,
        zoom_email=row.zoom_email,
        zoom_account_id=row.zoom_account_id,
        connected_at=row.connected_at,
        expires_at=row.expires_at,
    )
