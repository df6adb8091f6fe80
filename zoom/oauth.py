"""Zoom's OAuth server: authorize URLs with PKCE, code exchange, refresh, revoke, account credentials."""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import requests

from zoom._http import DEFAULT_TIMEOUT, json_or_empty, readable, timed_request
from zoom.errors import ZoomApiError, ZoomBadResponse, ZoomGrantRevoked, ZoomUnavailable
from zoom.models import TokenSet

# An access token this close to expiring may be dead by the time Zoom reads the revoke request.
REVOKE_MARGIN = timedelta(minutes=1)


@dataclass(frozen=True)
class PkcePair:
    verifier: str
    challenge: str

    @classmethod
    def generate(cls) -> PkcePair:
        # 64 url-safe bytes of entropy; RFC 7636 allows 43..128 characters.
        verifier = secrets.token_urlsafe(64)[:128]
        digest = hashlib.sha256(verifier.encode("ascii")).digest()
        challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
        return cls(verifier=verifier, challenge=challenge)

    def __repr__(self) -> str:
        return "PkcePair(...)"


class ZoomOAuthClient:
    def __init__(
        self,
        oauth_url: str,
        client_id: str,
        client_secret: str,
        *,
        session: requests.Session | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    ):
        self._base = oauth_url.rstrip("/")
        self._client_id = client_id
        self._client_secret = client_secret
        self._session = session or requests.Session()
        self._timeout = timeout

    def authorize_url(self, *, redirect_uri: str, state: str, code_challenge: str) -> str:
        query = urlencode(
            {
                "response_type": "code",
                "client_id": self._client_id,
                "redirect_uri": redirect_uri,
                "state": state,
                "code_challenge": code_challenge,
                "code_challenge_method": "S256",
            }
        )
        return f"{self._base}/oauth/authorize?{query}"

    def exchange_code(self, *, code: str, redirect_uri: str, code_verifier: str) -> TokenSet:
        tokens = self._tokens({
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": code_verifier,
        })
        if not tokens.refresh_token:
            # A connection without a refresh token would stop working within the hour.
            raise ZoomBadResponse("Zoom sent user tokens without a refresh token", status=200)
        return tokens

    def refresh(self, refresh_token: str) -> TokenSet:
        # Should Zoom ever leave the refresh token out, the caller keeps the one it has.
        return self._tokens({"grant_type": "refresh_token", "refresh_token": refresh_token})

    def account_token(self, account_id: str) -> TokenSet:
        return self._tokens({"grant_type": "account_credentials", "account_id": account_id})

    def _tokens(self, form: dict[str, str]) -> TokenSet:
        return readable(TokenSet.from_response, self._token_request(form), "token")

    def revoke(self, token: str) -> None:
        """Revoke the grant behind an access token. An already-dead token is not an error: same outcome."""
        response = self._post("/oauth/revoke", {"token": token})
        if response.status_code >= 500:
            raise ZoomUnavailable(f"Zoom revoke answered {response.status_code}", status=response.status_code)

    def revoke_grant(self, tokens: TokenSet, *, now: datetime | None = None) -> None:
        """End a user's grant, whatever state its access token is in.

        Zoom's revoke takes an access token (not a refresh token), and revoking it ends the whole grant. An
        expired one is first exchanged, with the refresh token, for one that Zoom accepts. A grant that is
        already gone at Zoom counts as revoked; ZoomUnavailable means Zoom could not be asked.
        """
        access_token = tokens.access_token
        if tokens.expires_at - REVOKE_MARGIN <= (now or datetime.now(UTC)) and tokens.refresh_token:
            try:
                access_token = self.refresh(tokens.refresh_token).access_token
            except ZoomGrantRevoked:
                return
        self.revoke(access_token)

    def _token_request(self, form: dict[str, str]) -> dict[str, Any]:
        response = self._post("/oauth/token", form)
        if response.status_code >= 500:
            raise ZoomUnavailable(f"Zoom token endpoint answered {response.status_code}",
                                  status=response.status_code)
        body = json_or_empty(response)
        if response.status_code != 200 or "access_token" not in body:
            error = str(body.get("error", ""))
            reason = str(body.get("reason", "")) or f"HTTP {response.status_code}"
            if error == "invalid_grant" or (
                form["grant_type"] == "refresh_token" and error in ("invalid_request", "invalid_token")
            ):
                raise ZoomGrantRevoked(f"Zoom refused the grant: {reason}", status=response.status_code)
            raise ZoomApiError(f"Zoom token request failed ({error or 'error'}): {reason}",
                               status=response.status_code)
        return body

    def _post(self, path: str, form: dict[str, str]) -> requests.Response:
        try:
            return timed_request(
                self._session,
                "POST",
                f"{self._base}{path}",
                endpoint=path,  # /oauth/token, /oauth/revoke: no ids in them
                data=form,
                auth=(self._client_id, self._client_secret),
                headers={"Accept": "application/json"},
                timeout=self._timeout,
            )
        except requests.RequestException as exc:
            # The exception text can hold the request URL, never the form: safe, but keep it short.
            raise ZoomUnavailable(f"Zoom OAuth server unreachable: {type(exc).__name__}") from None

