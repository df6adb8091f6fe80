"""Calling the Zoom emulator's API as a client would, for the emulator's own tests: with a user's token, or an
account token from its Server-to-Server app (client "s2s", secret "s2s-secret")."""

from __future__ import annotations

import requests

from handlers.demo.emulators import ZoomEmulator

TIMEOUT = 5
S2S_CLIENT = ("s2s", "s2s-secret")


def call(zoom: ZoomEmulator, method: str, path: str, token: str, **kwargs) -> requests.Response:
    return requests.request(method, f"{zoom.api_url}{path}", headers={"Authorization": f"Bearer {token}"},
                            timeout=TIMEOUT, **kwargs)


def token_of(zoom: ZoomEmulator, email: str) -> str:
    return zoom.issue_tokens_for(email)["access_token"]


def account_token(zoom: ZoomEmulator) -> str:
    answer = requests.post(f"{zoom.oauth_url}/oauth/token", auth=S2S_CLIENT, timeout=TIMEOUT,
                           data={"grant_type": "account_credentials", "account_id": zoom.account_id})
    return answer.json()["access_token"]
