"""slack_sdk's SQLAlchemy installation and install-state stores, with nothing secret stored in plaintext.

The library stores bot and user tokens as plain strings; this subclass encrypts them on the way in and
decrypts them on the way out, so the rest of the library (Bolt's OAuth flow, token rotation) is unchanged.
"""

from __future__ import annotations

import copy
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.sqlalchemy_utils import normalize_datetime_for_db
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine, RowMapping

from storage.crypto import TokenCipher, digest

SECRET_FIELDS = ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token")
# Marks a stored value as ours; a plaintext row written before encryption still reads back as it was.
PREFIX = "fernet:"

Entity = TypeVar("Entity", Bot, Installation)


class EncryptedInstallationStore(SQLAlchemyInstallationStore):
    def __init__(self, client_id: str, engine: Engine, cipher: TokenCipher):
        super().__init__(client_id=client_id, engine=engine)
        self._cipher = cipher

    def save(self, installation: Installation) -> None:
        # The library's save() calls save_bot(installation.to_bot()); the prefix stops a second encryption.
        super().save(self._sealed(installation))

    def save_bot(self, bot: Bot) -> None:
        super().save_bot(self._sealed(bot))

    def build_installation_entity(self, row: RowMapping) -> Installation:  # type: ignore[override]
        return self._opened(super().build_installation_entity(row))

    def build_bot_entity(self, row: RowMapping) -> Bot:  # type: ignore[override]
        return self._opened(super().build_bot_entity(row))

    def _sealed(self, entity: Entity) -> Entity:
        sealed = copy.copy(entity)
        for name in SECRET_FIELDS:
            value = getattr(sealed, name, None)
            if value and not value.startswith(PREFIX):
                setattr(sealed, name, PREFIX + self._cipher.encrypt(value))
        return sealed

    def _opened(self, entity: Entity) -> Entity:
        for name in SECRET_FIELDS:
            value = getattr(entity, name, None)
            if value and value.startswith(PREFIX):
                setattr(entity, name, self._cipher.decrypt(value[len(PREFIX):]))
        return entity


class HashedOAuthStateStore(SQLAlchemyOAuthStateStore):
    """slack_sdk's install-state store, keeping only a SHA-256 of each state.

    A state is a bearer value for its ten minutes; stored as is, anyone reading the table (or the library's
    warning when a lookup fails, which prints it) could finish an install in someone else's browser
    session. The hash is what the table holds and what the library may print.
    """

    def issue(self, *args: Any, **kwargs: Any) -> str:
        state = secrets.token_urlsafe(32)
        expires = datetime.now(UTC) + timedelta(seconds=self.expiration_seconds)
        with self.engine.begin() as connection:
            connection.execute(self.oauth_states.insert(),
                               {"state": digest(state), "expire_at": normalize_datetime_for_db(expires)})
        return state

    def consume(self, state: str) -> bool:
        if not state or len(state) > 200:
            return False
        return super().consume(digest(state))

