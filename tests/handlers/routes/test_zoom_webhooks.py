"""Zoom webhooks: signatures, replays, URL validation, and deauthorization purging every row of the user."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from datetime import UTC, datetime, timedelta

import jsonschema
import pytest
import requests

from handlers.demo import specs
from handlers.demo.emulators import SlackEmulator, ZoomEmulator
from storage import MeetingRecord, SlackUserKey
from tests.harness import dump_tables, running_bot
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


def _deauthorized_event(zoom_user_id: str) -> dict:
    """Zoom's own example of the event, from its published webhook spec, for this Zoom user."""
    operation = specs.load("zoom_marketplace_webhooks.json")["webhooks"]["app_deauthorized"]["post"]
    content = operation["requestBody"]["content"]["application/json"]
    event = json.loads(content["examples"]["json-example"]["value"])
    event["payload"]["user_id"] = zoom_user_id
    event["payload"]["event_ts"] = 1_700_000_000_000  # the example has a string where its schema says number
    jsonschema.Draft7Validator(specs.to_json_schema(content["schema"])).validate(event)
    return event


def _record_meeting(bot, key: SlackUserKey, zoom_meeting_id: int) -> None:
    bot.services.meetings.record(MeetingRecord(
        zoom_meeting_id=zoom_meeting_id, owner=key, topic=f"Topic of {key.user_id}",
        start_time=datetime.now(UTC) + timedelta(days=1), duration_minutes=30, timezone="UTC"))


def test_deauthorization_deletes_every_row_of_that_zoom_user(bot):
    gone = [SlackUserKey("T1", "U0GONEONE"), SlackUserKey("T2", "U0GONETWO")]
    stays = SlackUserKey("T1", "U0STAYS")
    _seed(bot, "zoomuser1", *gone)
    _seed(bot, "zoomuser2", stays)
    for number, key in enumerate([*gone, stays]):
        _record_meeting(bot, key, 90_000_000_000 + number)
    raw, headers = _signed(_deauthorized_event("zoomuser1"))
    response = _post(bot, raw, headers)
    assert response.status_code == 200
    assert all(bot.services.connections.get(key) is None for key in gone)
    assert bot.services.connections.get(stays) is not None
    assert [m.owner for m in bot.services.meetings.for_user(stays)] == [stays]
    left = dump_tables(bot.services.db.read_engine)
    for trace in ("zoomuser1", "U0GONEONE", "U0GONETWO", "a-U0GONE", "r-U0GONE"):
        assert trace not in left  # zero rows left for that Zoom user, in any table
    assert "U0STAYS" in left


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


@pytest.mark.parametrize("raw", [
    b'{"event": "endpoint.url_validation", "payload": {"plainToken": "\\ud800"}}',
    b"[" * 100_000 + b"]" * 100_000,
    b"not json",
    b'{"event": "app_deauthorized", "payload": ["user_id"]}',
], ids=["lone-surrogate", "deeply-nested", "not-json", "payload-not-object"])
def test_signed_but_malformed_events_get_400(bot, raw):
    _, headers = _signed({})
    ts = headers["x-zm-request-timestamp"]
    headers["x-zm-signature"] = WebhookVerifier(SECRET).signature(ts, raw)
    response = _post(bot, raw, headers)
    assert response.status_code == 400
    assert "Traceback" not in response.text
