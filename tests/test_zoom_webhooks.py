"""Zoom webhooks: signatures, replays, URL validation, and deauthorization purging every row of the user."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from datetime import UTC, datetime, timedelta

import pytest
import requests

from storage import SlackUserKey
from tests.emulators import SlackEmulator, ZoomEmulator
from tests.harness import running_bot
from zoom import TokenSet
from zoom.webhooks import WebhookVerifier

SECRET = "zoom-webhook-secret-token"


def _signed(body: dict, *, secret: str = SECRET, timestamp: int | None = None) -> tuple[bytes, dict[str, str]]:
    raw = json.dumps(body).encode()
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = "v0=" + hmac.new(secret.encode(), f"v0:{ts}:".encode() + raw, hashlib.sha256).hexdigest()
    return raw, {"x-zm-signature": signature, "x-zm-request-timestamp": ts, "Content-Type": "application/json"}


def test_verifier_accepts_only_a_fresh_correct_signature():
    verifier = WebhookVerifier(SECRET)
    raw, headers = _signed({"event": "x"})
    ok = {"signature": headers["x-zm-signature"], "timestamp": headers["x-zm-request-timestamp"], "body": raw}
    assert verifier.is_valid(**ok)
    assert not verifier.is_valid(**{**ok, "body": raw + b" "})
    flipped = ok["signature"][:-1] + ("1" if ok["signature"].endswith("0") else "0")
    assert not verifier.is_valid(**{**ok, "signature": flipped})
    assert not verifier.is_valid(**{**ok, "signature": ""})
    assert not verifier.is_valid(**ok, now=time.time() + 301)
    assert verifier.is_valid(**ok, now=time.time() + 200)
    assert not WebhookVerifier("").is_valid(**ok)


@pytest.fixture
def bot(database_url):
    with ZoomEmulator() as zoom, SlackEmulator() as slack, \
            running_bot(zoom, slack, database_url, ZOOM_WEBHOOK_SECRET_TOKEN=SECRET) as running:
        yield running


def _post(bot, raw: bytes, headers: dict[str, str]) -> requests.Response:
    return requests.post(f"{bot.url}/zoom/webhooks", data=raw, headers=headers, timeout=5)


def test_url_validation(bot):
    raw, headers = _signed({"event": "endpoint.url_validation", "payload": {"plainToken": "qgg8vlvZRS6UYooatFL8Aw"},
                            "event_ts": 1})
    response = _post(bot, raw, headers)
    assert response.status_code == 200
    expected = hmac.new(SECRET.encode(), b"qgg8vlvZRS6UYooatFL8Aw", hashlib.sha256).hexdigest()
    assert response.json() == {"plainToken": "qgg8vlvZRS6UYooatFL8Aw", "encryptedToken": expected}


def _seed(bot, zoom_user_id: str, *keys: SlackUserKey) -> None:
    for key in keys:
        bot.services.connections.save(
            key, zoom_user_id=zoom_user_id, zoom_email=f"{zoom_user_id}@x", zoom_account_id="a",
            tokens=TokenSet(access_token=f"a-{key.user_id}", refresh_token=f"r-{key.user_id}",
                            expires_at=datetime.now(UTC) + timedelta(hours=1)))


def test_deauthorization_deletes_every_connection_of_that_zoom_user(bot):
    gone = [SlackUserKey("T1", "U1"), SlackUserKey("T2", "U7")]
    stays = SlackUserKey("T1", "U2")
    _seed(bot, "zoomuser1", *gone)
    _seed(bot, "zoomuser2", stays)
    raw, headers = _signed({"event": "app_deauthorized", "event_ts": 1, "payload": {
        "account_id": "AAAAAABBBB", "user_id": "zoomuser1", "signature": "827edc", "client_id": "cid",
        "deauthorization_time": "2026-11-22T13:52:28.632Z"}})
    response = _post(bot, raw, headers)
    assert response.status_code == 200
    assert all(bot.services.connections.get(key) is None for key in gone)
    assert bot.services.connections.get(stays) is not None
    assert bot.services.connections.delete_by_zoom_user("zoomuser1") == []  # zero rows left


@pytest.mark.parametrize("tamper", ["unsigned", "forged", "stale", "other-secret"])
def test_bad_signatures_get_401_and_change_nothing(bot, tamper):
    key = SlackUserKey("T1", "U1")
    _seed(bot, "zoomuser1", key)
    body = {"event": "app_deauthorized", "payload": {"user_id": "zoomuser1"}}
    raw, headers = _signed(body, secret="other" if tamper == "other-secret" else SECRET,
                           timestamp=int(time.time()) - 600 if tamper == "stale" else None)
    if tamper == "unsigned":
        headers = {"Content-Type": "application/json"}
    if tamper == "forged":
        raw = json.dumps({"event": "app_deauthorized", "payload": {"user_id": "zoomuser2"}}).encode()
    assert _post(bot, raw, headers).status_code == 401
    assert bot.services.connections.get(key) is not None


def test_a_replayed_request_outside_the_window_is_refused(bot):
    raw, headers = _signed({"event": "meeting.started", "payload": {}}, timestamp=int(time.time()) - 301)
    assert _post(bot, raw, headers).status_code == 401


def test_unknown_events_are_acknowledged(bot):
    raw, headers = _signed({"event": "meeting.participant_joined", "payload": {"object": {}}})
    response = _post(bot, raw, headers)
    assert response.status_code == 200
