"""Where the Zoom client's access tokens come from: the one module that joins Zoom's OAuth to the stores.

Each class is a zoom.api TokenSource. Storage keeps the tokens (encrypted) and makes sure one worker at a
time refreshes a user's grant; this module supplies the refresh itself, and turns Zoom's "the grant is gone"
into storage's GrantLost, so that storage deletes the dead connection without knowing Zoom's errors.
"""

from __future__ import annotations

from handlers.app import metrics
from storage import ConnectionStore, GrantLost, SlackUserKey
from storage.account_tokens import AccountTokenCache
from zoom import TokenSet, ZoomGrantRevoked, ZoomOAuthClient


class UserTokenSource:
    """One Slack user's own Zoom grant (user OAuth mode)."""

    def __init__(self, connections: ConnectionStore, key: SlackUserKey, oauth: ZoomOAuthClient):
        self._connections = connections
        self._key = key
        self._oauth = oauth

    def access_token(self) -> str:
        return self._connections.access_token(self._key, self._refresh)

    def refresh_after_rejection(self, rejected_token: str) -> str:
        return self._connections.refresh_after_rejection(self._key, rejected_token, self._refresh)

    def _refresh(self, refresh_token: str) -> TokenSet:
        try:
            tokens = self._oauth.refresh(refresh_token)
        except ZoomGrantRevoked:
            metrics.token_refreshed("user", "revoked")
            raise GrantLost from None
        except Exception:
            metrics.token_refreshed("user", "failed")
            raise
        metrics.token_refreshed("user", "ok")
        return tokens


class AccountTokenSource:
    """The Server-to-Server account token (account mode), shared by every thread and worker."""

    def __init__(self, cache: AccountTokenCache, oauth: ZoomOAuthClient, account_id: str):
        self._cache = cache
        self._oauth = oauth
        self._account_id = account_id

    def access_token(self) -> str:
        return self._cache.access_token(self._account_id, self._fetch)

    def refresh_after_rejection(self, rejected_token: str) -> str:
        return self._cache.replace_rejected(self._account_id, rejected_token, self._fetch)

    def _fetch(self) -> TokenSet:
        try:
            tokens = self._oauth.account_token(self._account_id)
        except Exception:
            metrics.token_refreshed("account", "failed")
            raise
        metrics.token_refreshed("account", "ok")
        return tokens


class StaticTokenSource:
    """A token just obtained (a connect reads /users/me with it before anything is stored)."""

    def __init__(self, token: str):
        self._token = token

    def access_token(self) -> str:
        return self._token

    def refresh_after_rejection(self, rejected_token: str) -> str:
        return self._token
