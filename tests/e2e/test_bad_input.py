"""Every route stays boring under bad input (issue 9), on SQLite and PostgreSQL.

Unsigned requests get 401 (or 413 for a body over 1 MB): never a 500, never a traceback or an ERROR line in
the log, never a row written. Signed requests of a shape Slack or Zoom never sends get 400 and change nothing.
Each case the issue names is a test of its own below; the hypothesis tests at the end fuzz headers and bodies
on every route, unsigned and signed.
"""

from __future__ import annotations

import copy
import json
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import hypothesis
import pytest
import requests
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import inspect

from handlers.demo.emulators import SlackEmulator, ZoomEmulator
from handlers.demo.emulators.signing import signed_headers, slash_command_form
from handlers.flows.schedule_form import check_form
from handlers.listeners.commands.zoom import split_subcommand
from handlers.listeners.views.schedule_form import response_url_for
from handlers.ui.schedule_form import read_form
from storage import SlackUserKey
from tests.conftest import _postgres_schema_url
from tests.harness import SIGNING_SECRET, RunningBot, dump_tables, running_bot, seed_connection
from zoom.webhooks import WebhookVerifier

ZOOM_SECRET = "zoom-webhook-secret-token"
ALICE = "U0ALICE"
FORM = "application/x-www-form-urlencoded"


# -- one bot per database for the whole module, and what it logs ---------------------------------------------


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def alarming(self) -> list[str]:
        """Tracebacks and ERROR lines: what flooding the log with junk must never produce."""
        return [f"{r.levelname} {r.name}: {r.getMessage()}" for r in self.records
                if r.exc_info or r.levelno >= logging.ERROR]


@pytest.fixture(scope="module")
def records() -> Iterator[_Records]:
    handler = _Records()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def module_database_url(request, tmp_path_factory) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db')}/zoombot.db"
    else:
        yield from _postgres_schema_url(request.getfixturevalue("postgres_server"))


@pytest.fixture(scope="module")
def bot(module_database_url, records) -> Iterator[RunningBot]:
    """One workspace, Zoom webhooks on, Alice connected: something a bad request could damage."""
    with ZoomEmulator() as zoom, SlackEmulator() as slack:
        zoom.add_user("alice@example.com")
        slack.add_user(ALICE, email="alice@example.com")
        slack.add_channel("C0GENERAL")
        with running_bot(zoom, slack, module_database_url, ZOOM_WEBHOOK_SECRET_TOKEN=ZOOM_SECRET) as running:
            seed_connection(running.services.connections, zoom, SlackUserKey(slack.team_id, ALICE))
            yield running


@pytest.fixture(scope="module")
def multi(module_database_url, records) -> Iterator[RunningBot]:
    """Installs into many workspaces: /slack/install and /slack/oauth_redirect exist."""
    url = module_database_url.replace("zoombot.db", "multi.db")
    with ZoomEmulator() as zoom, SlackEmulator() as slack, running_bot(
            zoom, slack, url, SLACK_BOT_TOKEN="", SLACK_CLIENT_ID=slack.client_id,
            SLACK_CLIENT_SECRET=slack.client_secret) as running:
        yield running


_TABLE_NAMES: dict[str, list[str]] = {}


def _tables(bot: RunningBot) -> str:
    """Every row of every table of the bot's (and slack_sdk's) schema."""
    engine = bot.services.db.read_engine
    if bot.url not in _TABLE_NAMES:
        _TABLE_NAMES[bot.url] = sorted(set(inspect(engine).get_table_names()) - {"alembic_version"})
    return dump_tables(engine, _TABLE_NAMES[bot.url])


def _outside_world(bot: RunningBot) -> tuple[int, ...]:
    """What the bot has made the emulators do so far."""
    return (len(bot.slack.calls), len(bot.slack.responses), len(bot.zoom.api_calls), len(bot.zoom.token_requests),
            len(bot.zoom.revocations))


@contextmanager
def _changes_nothing(bot: RunningBot, records: _Records) -> Iterator[None]:
    """No row written or deleted, no call to Slack or Zoom, no traceback or ERROR line."""
    bot.settle()
    tables, world = _tables(bot), _outside_world(bot)
    records.records.clear()
    yield
    bot.settle()
    assert _tables(bot) == tables
    assert _outside_world(bot) == world
    assert records.alarming() == []


def _post(bot: RunningBot, path: str, body: bytes, headers: dict[str, Any]) -> requests.Response:
    return requests.post(f"{bot.url}{path}", data=body, headers=headers, timeout=20)


def _signed_slack(bot: RunningBot, body: bytes, content_type: str = FORM) -> requests.Response:
    headers = signed_headers(SIGNING_SECRET, body)
    headers["Content-Type"] = content_type
    return _post(bot, "/slack/events", body, headers)


def _zoom_headers(body: bytes, timestamp: str | None = None) -> dict[str, str]:
    ts = str(int(time.time())) if timestamp is None else timestamp
    return {"x-zm-request-timestamp": ts, "x-zm-signature": WebhookVerifier(ZOOM_SECRET).signature(ts, body),
            "Content-Type": "application/json"}


def _signed_zoom(bot: RunningBot, body: bytes) -> requests.Response:
    return _post(bot, "/zoom/webhooks", body, _zoom_headers(body))


# -- unsigned requests: 401, or 413 for a body over the limit ------------------------------------------------

NOW = str(int(time.time()))
HEX = "0" * 64
UNSIGNED_SLACK_HEADERS = {
    "timestamp-400-digits": {"X-Slack-Request-Timestamp": "1" + "0" * 400, "X-Slack-Signature": "v0=" + HEX},
    "timestamp-5000-digits": {"X-Slack-Request-Timestamp": "9" * 5000, "X-Slack-Signature": "v0=" + HEX},
    "timestamp-not-a-number": {"X-Slack-Request-Timestamp": "soon", "X-Slack-Signature": "v0=" + HEX},
    "timestamp-negative": {"X-Slack-Request-Timestamp": "-1", "X-Slack-Signature": "v0=" + HEX},
    "timestamp-arabic-digits": {"X-Slack-Request-Timestamp": "١٧٠٠٠٠٠٠٠٠".encode(), "X-Slack-Signature": "v0=" + HEX},
    "signature-non-ascii-utf8": {"X-Slack-Request-Timestamp": NOW, "X-Slack-Signature": "v0=é".encode()},
    "signature-non-ascii-latin1": {"X-Slack-Request-Timestamp": NOW, "X-Slack-Signature": b"v0=\xe9" + b"0" * 63},
    "signature-other-version": {"X-Slack-Request-Timestamp": NOW, "X-Slack-Signature": "v1=" + HEX},
    "signature-missing": {"X-Slack-Request-Timestamp": NOW},
    "timestamp-missing": {"X-Slack-Signature": "v0=" + HEX},
    "no-headers": {},
}


@pytest.mark.parametrize("headers", UNSIGNED_SLACK_HEADERS.values(), ids=UNSIGNED_SLACK_HEADERS.keys())
def test_unsigned_slack_request_with_odd_headers_gets_401(bot, records, headers):
    body = urlencode(slash_command_form(text="disconnect", team_id=bot.slack.team_id, user_id=ALICE,
                                        channel_id="C0GENERAL", response_url=bot.slack.new_response_url())).encode()
    with _changes_nothing(bot, records):
        response = _post(bot, "/slack/events", body, {**headers, "Content-Type": FORM})
    assert response.status_code == 401
    assert bot.services.connections.get(SlackUserKey(bot.slack.team_id, ALICE)) is not None


UNSIGNED_ZOOM_HEADERS = {
    "timestamp-400-digits": {"x-zm-request-timestamp": "1" + "0" * 400, "x-zm-signature": "v0=" + HEX},
    "timestamp-5000-digits": {"x-zm-request-timestamp": "9" * 5000, "x-zm-signature": "v0=" + HEX},
    "timestamp-not-a-number": {"x-zm-request-timestamp": "soon", "x-zm-signature": "v0=" + HEX},
    "timestamp-negative": {"x-zm-request-timestamp": "-1", "x-zm-signature": "v0=" + HEX},
    "timestamp-non-ascii": {"x-zm-request-timestamp": b"17\xe9", "x-zm-signature": "v0=" + HEX},
    "signature-non-ascii-utf8": {"x-zm-request-timestamp": NOW, "x-zm-signature": "v0=é".encode()},
    "signature-non-ascii-latin1": {"x-zm-request-timestamp": NOW, "x-zm-signature": b"v0=\xe9" + b"0" * 63},
    "signature-missing": {"x-zm-request-timestamp": NOW},
    "timestamp-missing": {"x-zm-signature": "v0=" + HEX},
    "no-headers": {},
}


@pytest.mark.parametrize("headers", UNSIGNED_ZOOM_HEADERS.values(), ids=UNSIGNED_ZOOM_HEADERS.keys())
def test_unsigned_zoom_webhook_with_odd_headers_gets_401(bot, records, headers):
    zoom_user = bot.zoom.user("alice@example.com").id
    body = json.dumps({"event": "app_deauthorized", "payload": {"user_id": zoom_user}}).encode()
    with _changes_nothing(bot, records):
        response = _post(bot, "/zoom/webhooks", body, {**headers, "Content-Type": "application/json"})
    assert response.status_code == 401


@pytest.mark.parametrize("path", ["/slack/events", "/zoom/webhooks"])
@pytest.mark.parametrize("headers", [
    {}, {"X-Slack-Request-Timestamp": NOW, "X-Slack-Signature": "v0=" + HEX,
         "x-zm-request-timestamp": NOW, "x-zm-signature": "v0=" + HEX},
], ids=["no-signature", "signature-shaped"])
def test_an_unsigned_huge_body_gets_401_or_413(bot, records, path, headers):
    with _changes_nothing(bot, records):
        response = _post(bot, path, b"text=" + b"x" * (3 * 1024 * 1024), {**headers, "Content-Type": FORM})
    assert response.status_code in (401, 413)


@pytest.mark.parametrize("path", ["/slack/events", "/zoom/webhooks"])
@pytest.mark.parametrize(("content_type", "body"), [
    ("multipart/form-data; boundary=x", b"--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--x--\r\n"),
    ("text/plain", b"hello"),
    ("application/json", b"command=%2Fzoom"),
    ("application/x-www-form-urlencoded", b'{"event": "app_deauthorized"}'),
    ("", b"\xff\xfe\x00"),
], ids=["multipart", "text", "form-as-json", "json-as-form", "none"])
def test_an_unsigned_body_of_any_content_type_gets_401(bot, records, path, content_type, body):
    with _changes_nothing(bot, records):
        response = _post(bot, path, body, {"Content-Type": content_type})
    assert response.status_code == 401


# -- signed but malformed Slack requests: 400, nothing changes ------------------------------------------------


def _interaction(payload: Any) -> bytes:
    return urlencode({"payload": json.dumps(payload)}).encode()


def _message_action(**fields: Any) -> dict[str, Any]:
    """A "Zoom about this" shortcut on a message, with `fields` changed."""
    return {"type": "message_action", "callback_id": "zoom_about_this", "team": {"id": "T0001"},
            "user": {"id": ALICE, "team_id": "T0001"}, "channel": {"id": "C0GENERAL"}, "trigger_id": "1.2.3",
            "response_url": "http://127.0.0.1:9/response", "message": {"ts": "1.1", "text": "hi", "user": ALICE},
            **fields}


def _block_actions(**fields: Any) -> dict[str, Any]:
    return {"type": "block_actions", "team": {"id": "T0001"}, "user": {"id": ALICE, "team_id": "T0001"},
            "api_app_id": "A0APP", "trigger_id": "1.2", "container": {"type": "message", "message_ts": "1.1"},
            "actions": [{"action_id": "zoom_join", "block_id": "b", "type": "button"}], **fields}


def _view_submission(**view: Any) -> dict[str, Any]:
    return {"type": "view_submission", "team": {"id": "T0001"}, "user": {"id": ALICE, "team_id": "T0001"},
            "view": view}


def _event(event: Any, team_id: Any = "T0001", **fields: Any) -> bytes:
    return json.dumps({"token": "x", "team_id": team_id, "api_app_id": "A0APP", "type": "event_callback",
                       "event": event, "event_id": "Ev1", "event_time": 1, **fields}).encode()


def _command(**fields: Any) -> dict[str, Any]:
    form = slash_command_form(text="disconnect", team_id="T0001", user_id=ALICE, channel_id="C0GENERAL",
                              response_url="http://127.0.0.1:9/response")
    form.update(fields)
    return {k: v for k, v in form.items() if v is not None}


NESTED = "[" * 1000 + "]" * 1000
SIGNED_MALFORMED_SLACK = {
    # interactivity
    "block-actions-without-actions": (_interaction({k: v for k, v in _block_actions().items() if k != "actions"}),
                                      FORM),
    "block-actions-actions-not-a-list": (_interaction(_block_actions(actions={"action_id": "zoom_join"})), FORM),
    "block-actions-actions-a-string": (_interaction(_block_actions(actions="zoom_join")), FORM),
    "block-actions-actions-empty": (_interaction(_block_actions(actions=[])), FORM),
    "block-actions-action-null": (_interaction(_block_actions(actions=[None])), FORM),
    "block-actions-action-without-id": (_interaction(_block_actions(actions=[{"value": "x"}])), FORM),
    "block-actions-action-id-a-number": (_interaction(_block_actions(actions=[{"action_id": 5}])), FORM),
    "block-actions-action-id-a-list": (_interaction(_block_actions(actions=[{"action_id": ["zoom_join"]}])), FORM),
    "block-actions-without-user": (_interaction({**_block_actions(), "user": None}), FORM),
    "block-actions-user-a-number": (_interaction(_block_actions(user=7)), FORM),
    "block-actions-team-an-object-id": (_interaction(_block_actions(team={"id": {"x": 1}})), FORM),
    "view-null": (_interaction({**_view_submission(), "view": None}), FORM),
    "view-a-string": (_interaction({**_view_submission(), "view": "zoom_meet_edit"}), FORM),
    "view-submission-without-state": (_interaction(_view_submission(
        type="modal", callback_id="zoom_meet_edit", private_metadata=json.dumps({"channel": "C0GENERAL"}))), FORM),
    "view-submission-state-values-a-list": (_interaction(_view_submission(
        type="modal", callback_id="zoom_meet_edit", state={"values": []})), FORM),
    "view-without-type": (_interaction(_view_submission(callback_id="zoom_meet_edit", state={"values": {}})), FORM),
    "view-callback-id-a-number": (_interaction(_view_submission(type="modal", callback_id=3,
                                                                state={"values": {}})), FORM),
    "view-closed-view-null": (_interaction({**_view_submission(), "type": "view_closed", "view": None}), FORM),
    "type-a-number": (_interaction({"type": 3}), FORM),
    "shortcut-callback-id-null": (_interaction({"type": "shortcut", "callback_id": None}), FORM),
    "shortcut-without-user": (_interaction({"type": "shortcut", "callback_id": "zoom_schedule",
                                             "team": {"id": "T0001"}, "trigger_id": "1.2.3"}), FORM),
    "message-action-without-message": (_interaction(_message_action(message=None)), FORM),
    "message-action-message-without-ts": (_interaction(_message_action(message={"text": "hi"})), FORM),
    "message-action-text-an-object": (_interaction(_message_action(message={"ts": "1.1", "text": {"a": 1}})), FORM),
    "message-action-reply-users-not-ids": (_interaction(_message_action(
        message={"ts": "1.1", "reply_users": [{"id": ALICE}]})), FORM),
    "message-action-without-channel": (_interaction(_message_action(channel=None)), FORM),
    "payload-a-json-array": (_interaction([1, 2]), FORM),
    "payload-a-json-string": (_interaction("block_actions"), FORM),
    "payload-not-json": (b"payload=%7Bnot+json", FORM),
    "payload-nested-1000-levels": (urlencode({"payload": NESTED}).encode(), FORM),
    "payload-repeated": (b"payload=%7B%7D&payload=%7B%7D", FORM),
    # slash commands
    "command-text-an-object-as-json": (json.dumps(_command(text={"a": 1})).encode(), "application/json"),
    "command-text-a-list-as-json": (json.dumps(_command(text=["help"])).encode(), "application/json"),
    "command-text-repeated": (urlencode([*_command().items(), ("text", "help")]).encode(), FORM),
    "command-user-id-repeated": (urlencode([*_command().items(), ("user_id", "U0BOB")]).encode(), FORM),
    "command-without-user-id": (urlencode(_command(user_id=None)).encode(), FORM),
    "command-without-team-id": (urlencode(_command(team_id=None)).encode(), FORM),
    "command-empty-team-id": (urlencode(_command(team_id="")).encode(), FORM),
    "command-without-channel-id": (urlencode(_command(channel_id=None)).encode(), FORM),
    "command-nul-in-user-id": (urlencode(_command(user_id="U0\x00ALICE")).encode(), FORM),
    "command-user-id-not-an-id": (urlencode(_command(user_id="U0 ALICE; DROP")).encode(), FORM),
    # events
    "event-null": (_event(None), "application/json"),
    "event-a-string": (_event("app_uninstalled"), "application/json"),
    "event-type-a-number": (_event({"type": 5}), "application/json"),
    "tokens-revoked-tokens-a-list": (_event({"type": "tokens_revoked", "tokens": ["UBOT"]}), "application/json"),
    "authorizations-a-string": (_event({"type": "app_uninstalled"}, authorizations="x"), "application/json"),
    "authorizations-of-null": (_event({"type": "app_uninstalled"}, authorizations=[None]), "application/json"),
    "team-id-an-object": (_event({"type": "app_uninstalled"}, team_id={"id": "T0001"}), "application/json"),
    "enterprise-id-an-object": (_event({"type": "app_uninstalled"}, enterprise_id={"id": "E1"},
                                       is_enterprise_install=True), "application/json"),
    "team-id-lone-surrogate": (_event({"type": "app_uninstalled"}, team_id="T\ud800"), "application/json"),
    "team-id-nul": (_event({"type": "app_uninstalled"}, team_id="T0001\x00"), "application/json"),
    "url-verification-without-challenge": (json.dumps({"type": "url_verification"}).encode(), "application/json"),
    # any body
    "json-nested-1000-levels": (NESTED.encode(), "application/json"),
    "json-object-nested-1000-levels": (b'{"a":' * 1000 + b"1" + b"}" * 1000, "application/json"),
    "json-nested-100000-levels": (b"[" * 100_000 + b"]" * 100_000, "application/json"),
    "json-nested-200-levels-in-an-event": (_event({"type": "app_uninstalled", "x": json.loads("[" * 200 + "]" * 200)}),
                                           "application/json"),
    "json-an-array": (b'[{"type": "event_callback"}]', "application/json"),
    "json-null": (b"null", "application/json"),
    "json-broken": (b'{"type": ', "application/json"),
    "form-as-json": (urlencode(_command()).encode(), "application/json"),
    "neither-command-event-nor-interaction": (b"token=x&team_id=T0001", FORM),
    "empty-body": (b"", FORM),
    "enormous-string": (json.dumps({"type": "event_callback", "team_id": "T" * 900_000,
                                    "event": {"type": "app_uninstalled"}}).encode(), "application/json"),
}


@pytest.mark.parametrize(("body", "content_type"), SIGNED_MALFORMED_SLACK.values(), ids=SIGNED_MALFORMED_SLACK.keys())
def test_a_signed_but_malformed_slack_request_gets_400_and_changes_nothing(bot, records, body, content_type):
    with _changes_nothing(bot, records):
        response = _signed_slack(bot, body, content_type)
    assert response.status_code == 400, response.text
    assert "Traceback" not in response.text
    assert bot.services.connections.get(SlackUserKey(bot.slack.team_id, ALICE)) is not None


@pytest.mark.parametrize("path", ["/slack/events", "/zoom/webhooks"])
def test_a_signed_body_over_a_megabyte_gets_413(bot, records, path):
    body = json.dumps({"type": "event_callback", "event": {"type": "x", "text": "x" * (2 * 1024 * 1024)}}).encode()
    headers = _zoom_headers(body) if path == "/zoom/webhooks" else signed_headers(SIGNING_SECRET, body)
    with _changes_nothing(bot, records):
        response = _post(bot, path, body, {**headers, "Content-Type": "application/json"})
    assert response.status_code == 413


def test_a_signed_body_that_is_not_utf8_gets_401(bot, records):
    """Slack signs UTF-8 text; slack_sdk's verifier cannot even read anything else."""
    with _changes_nothing(bot, records):
        assert _signed_slack(bot, b'{"type": "\xff"}', "application/json").status_code == 401


@pytest.mark.parametrize("event", [
    {"type": "app_uninstalled"},
    {"type": "tokens_revoked", "tokens": {"bot": ["UBOT"]}},
], ids=["app-uninstalled", "tokens-revoked"])
def test_an_uninstall_event_without_a_team_is_acknowledged_and_deletes_nothing(bot, records, event):
    """Slack retries an event that gets no 200, so it is acknowledged; naming no workspace, it deletes none."""
    with _changes_nothing(bot, records):
        response = _signed_slack(bot, _event(event, team_id=None), "application/json")
    assert response.status_code == 200
    assert any("names no team or enterprise" in r.getMessage() for r in records.records)
    assert bot.services.connections.get(SlackUserKey(bot.slack.team_id, ALICE)) is not None


@pytest.mark.parametrize("form", [
    {"text": "help payload"}, {"channel_name": "payload-team", "text": "help"}, {"user_name": "payloader"},
], ids=["in-the-text", "in-the-channel-name", "in-the-user-name"])
def test_a_command_that_mentions_payload_is_answered(bot, records, form):
    """Bolt's parser took any form body containing the word "payload" for an interactivity payload, found no
    `payload` field and read the command as empty: it was lost (404)."""
    body = urlencode(_command(**{"text": "help", **form})).encode()
    with _changes_nothing(bot, records):
        response = _signed_slack(bot, body)
    assert response.status_code == 200
    assert "/zoom meet" in response.text


# -- signed but malformed Zoom webhooks ----------------------------------------------------------------------

SIGNED_MALFORMED_ZOOM = {
    "user-id-with-a-nul": json.dumps({"event": "app_deauthorized", "payload": {"user_id": "KDcu\x00GIm1"}}),
    "user-id-a-lone-surrogate": '{"event": "app_deauthorized", "payload": {"user_id": "\\ud800"}}',
    "user-id-enormous": json.dumps({"event": "app_deauthorized", "payload": {"user_id": "x" * 900_000}}),
    "user-id-a-number": json.dumps({"event": "app_deauthorized", "payload": {"user_id": 5}}),
    "user-id-missing": json.dumps({"event": "app_deauthorized", "payload": {}}),
    "payload-null": json.dumps({"event": "app_deauthorized", "payload": None}),
    "plain-token-with-a-nul": json.dumps({"event": "endpoint.url_validation", "payload": {"plainToken": "a\x00"}}),
    "nested-1000-levels": NESTED,
    "nested-200-levels-in-the-payload": json.dumps({"event": "x", "payload": {"y": json.loads("[" * 200 + "]" * 200)}}),
    "an-array": "[]",
    "not-utf8": b'{"event": "\xff"}',
}


@pytest.mark.parametrize("body", SIGNED_MALFORMED_ZOOM.values(), ids=SIGNED_MALFORMED_ZOOM.keys())
def test_a_signed_but_malformed_zoom_webhook_gets_400_and_changes_nothing(bot, records, body):
    raw = body if isinstance(body, bytes) else body.encode()
    with _changes_nothing(bot, records):
        response = _signed_zoom(bot, raw)
    assert response.status_code == 400, response.text
    assert bot.services.connections.get(SlackUserKey(bot.slack.team_id, ALICE)) is not None


def test_a_zoom_timestamp_in_milliseconds_still_verifies(bot, records):
    body = json.dumps({"event": "meeting.started", "payload": {}}).encode()
    response = _post(bot, "/zoom/webhooks", body, _zoom_headers(body, str(int(time.time() * 1000))))
    assert response.status_code == 200


# -- browser routes ------------------------------------------------------------------------------------------


def test_the_install_page_is_never_stored(multi, records):
    """Its link carries a fresh OAuth state, and the response sets the state's cookie."""
    response = requests.get(f"{multi.url}/slack/install", timeout=10)
    assert response.status_code == 200
    assert "state=" in response.text
    assert response.headers["Cache-Control"] == "no-store"
    redirect = requests.get(f"{multi.url}/slack/oauth_redirect", params={"error": "access_denied"}, timeout=10)
    assert redirect.status_code >= 400
    assert redirect.headers["Cache-Control"] == "no-store"


def test_zoom_callback_pages_are_never_stored(bot, records):
    response = requests.get(f"{bot.url}/zoom/oauth/callback", params={"state": "x", "code": "y"}, timeout=10)
    assert response.status_code == 400
    assert response.headers["Cache-Control"] == "no-store"


@contextmanager
def _wsgi_client(running: RunningBot) -> Iterator[FlaskClient]:
    """The same app on the same database, called as a WSGI server calls it. Waitress and gunicorn pass the
    query string's raw bytes on (as latin-1 text); werkzeug's development server, under the other tests,
    re-encodes them as UTF-8 first, so only here does a query that is not UTF-8 reach the app as sent."""
    from bot import create_app

    app = create_app(running.settings)
    try:
        yield app.test_client()
    finally:
        app.extensions["zoombot.services"].close()


@pytest.fixture(scope="module")
def multi_wsgi(multi) -> Iterator[FlaskClient]:
    with _wsgi_client(multi) as client:
        yield client


@pytest.mark.parametrize("path", ["/slack/install", "/slack/oauth_redirect", "/zoom/oauth/callback",
                                  "/zoom/oauth/finish", "/healthz"])
def test_a_query_string_that_is_not_utf8_gets_400(multi, multi_wsgi, records, path):
    with _changes_nothing(multi, records):
        response = multi_wsgi.get(path, environ_overrides={"QUERY_STRING": "code=\xff&state=\xfe"})
    assert response.status_code == 400
    assert response.headers["Cache-Control"] == "no-store"


# -- fuzzing -------------------------------------------------------------------------------------------------

FUZZ = settings(max_examples=150, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
# Where no value of the request reaches SQL (refused before any query, or answered in the ack), one database is
# enough to fuzz on; the others run on both.
sqlite_only = pytest.mark.parametrize("module_database_url", ["sqlite"], indirect=True)

# Header values as an HTTP client can send them: any byte but CR, LF and NUL, no surrounding spaces.
header_values = st.binary(min_size=0, max_size=60).map(
    lambda raw: raw.replace(b"\r", b"").replace(b"\n", b"").replace(b"\x00", b"").strip())
timestamps = st.one_of(st.integers(min_value=-10**20, max_value=10**500).map(lambda n: str(n).encode()),
                       header_values, st.just(NOW.encode()))
signatures = st.one_of(header_values, st.text(alphabet="0123456789abcdefv=", max_size=70).map(str.encode),
                       st.just(("v0=" + HEX).encode()))
content_types = st.sampled_from(["", FORM, "application/json", "text/plain", "multipart/form-data",
                                 "application/json; charset=utf-8", "application/x-www-form-urlencoded;q=\xe9"])
bodies = st.one_of(st.binary(max_size=2000), st.text(max_size=500).map(str.encode),
                   st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                                lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
                                    st.text(max_size=10), inner, max_size=4), max_leaves=20
                                ).map(lambda value: json.dumps(value).encode()))


def _tally(response: Any) -> None:
    """Which answers the examples got (pytest --hypothesis-show-statistics): a fuzzer that only ever
    meets the first 400 explores nothing behind it."""
    hypothesis.event(f"status {response.status_code}")


def _headers(draw_pairs: list[tuple[str, bytes]], content_type: str) -> dict[str, Any]:
    headers: dict[str, Any] = dict(draw_pairs)
    if content_type:
        headers["Content-Type"] = content_type
    return headers


@sqlite_only
@FUZZ
@given(timestamp=st.none() | timestamps, signature=st.none() | signatures, content_type=content_types, body=bodies,
       retry=st.none() | header_values)
def test_fuzz_unsigned_slack_events(bot, records, timestamp, signature, content_type, body, retry):
    pairs = [(name, value) for name, value in (("X-Slack-Request-Timestamp", timestamp),
                                               ("X-Slack-Signature", signature), ("X-Slack-Retry-Num", retry))
             if value is not None]
    with _changes_nothing(bot, records):
        response = _post(bot, "/slack/events", body, _headers(pairs, content_type))
        _tally(response)
    assert response.status_code == 401


@sqlite_only
@FUZZ
@given(timestamp=st.none() | timestamps, signature=st.none() | signatures, content_type=content_types, body=bodies)
def test_fuzz_unsigned_zoom_webhooks(bot, records, timestamp, signature, content_type, body):
    pairs = [(name, value) for name, value in (("x-zm-request-timestamp", timestamp), ("x-zm-signature", signature))
             if value is not None]
    with _changes_nothing(bot, records):
        response = _post(bot, "/zoom/webhooks", body, _headers(pairs, content_type))
        _tally(response)
    assert response.status_code == 401


ROUTES = ["/slack/events", "/zoom/webhooks", "/zoom/oauth/callback", "/zoom/oauth/finish", "/healthz",
          "/slack/install", "/slack/oauth_redirect", "/", "/slack/events/x"]


@sqlite_only
@FUZZ
@given(method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "OPTIONS", "HEAD"]), path=st.sampled_from(ROUTES),
       query=st.dictionaries(st.sampled_from(["code", "state", "error", "team", "x"]), st.text(max_size=300),
                             max_size=3),
       extra=st.lists(st.tuples(st.sampled_from(["Cookie", "Accept", "X-Forwarded-For", "Content-Encoding",
                                                 "Transfer-Encoding-X", "X-Slack-Signature", "User-Agent"]),
                                header_values), max_size=3),
       content_type=content_types, body=bodies)
def test_fuzz_every_route_unsigned(bot, records, method, path, query, extra, content_type, body):
    with _changes_nothing(bot, records):
        response = requests.request(method, f"{bot.url}{path}", params=query, data=body,
                                    headers=_headers(extra, content_type), timeout=20)
        _tally(response)
    assert response.status_code < 500 or (path == "/healthz" and response.status_code == 503)


# Values Slack's fields could be given by someone holding the signing secret.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner, max_size=3),
    max_leaves=12)


def _paths(value: Any, prefix: tuple = ()) -> Iterator[tuple]:
    yield prefix
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in children:
        yield from _paths(child, (*prefix, key))


def _mutate(base: Any, mutations: list[tuple[tuple, str, Any]]) -> Any:
    value = copy.deepcopy(base)
    for path, how, new in mutations:
        if not path:
            value = new if how == "replace" else value
            continue
        parent = value
        try:
            for key in path[:-1]:
                parent = parent[key]
            if how == "delete":
                del parent[path[-1]]
            else:
                parent[path[-1]] = new
        except (KeyError, IndexError, TypeError):
            pass  # an earlier mutation took this path away
    return value


def mutants(*bases: Any, values: st.SearchStrategy = json_values) -> st.SearchStrategy:
    """A well-formed body as Slack sends it, then up to three of its fields deleted or given another value:
    near misses reach deeper than random bodies, which mostly stop at the first check."""
    def of(base: Any) -> st.SearchStrategy:
        changes = st.tuples(st.sampled_from(list(_paths(base))), st.sampled_from(["delete", "replace"]), values)
        return st.lists(changes, max_size=3).map(lambda mutations: _mutate(base, mutations))
    return st.one_of(*[of(base) for base in bases])


def _starts_a_job(payload: Any) -> bool:
    """A click on a reading, Edit or Schedule, or a scheduling form that holds up: their work (reading a time,
    opening a form, creating a meeting) runs after the ack and is tested elsewhere; here every example ends
    with its request."""
    if not isinstance(payload, dict):
        return False
    actions = payload.get("actions")
    first = actions[0] if isinstance(actions, list) and actions and isinstance(actions[0], dict) else {}
    if payload.get("type") == "block_actions" and isinstance(first.get("action_id"), str):
        return first["action_id"].startswith(("zoom_meet_", "schedule_form_open"))
    view = payload.get("view")
    if payload.get("type") != "view_submission" or not isinstance(view, dict):
        return False
    fields = read_form(view)
    return check_form(fields, user_id=ALICE, now=datetime.now(UTC)).errors is None \
        and bool(response_url_for(payload, fields.channel_id))


ALICE_CLICK = {
    "type": "block_actions", "user": {"id": ALICE, "username": "alice", "name": "alice", "team_id": "T0001"},
    "api_app_id": "A0APP", "token": "x", "trigger_id": "1.2.3",
    "container": {"type": "message", "message_ts": "1.000001", "channel_id": "C0GENERAL", "is_ephemeral": False},
    "team": {"id": "T0001", "domain": "example"}, "enterprise": None, "is_enterprise_install": False,
    "channel": {"id": "C0GENERAL", "name": "general"}, "state": {"values": {}},
    "response_url": "http://127.0.0.1:9/response",
    "message": {"type": "message", "ts": "1.000001", "text": "Sync", "user": "UBOT", "blocks": []},
    "actions": [{"action_id": "zoom_join", "block_id": "links", "type": "button", "url": "https://zoom.us/j/1",
                 "text": {"type": "plain_text", "text": "Join"}, "action_ts": "2.0"}],
}
FORM_MODAL = {"id": "V1", "type": "modal", "callback_id": "zoom_schedule_form", "team_id": "T0001",
              "private_metadata": json.dumps({"tz": "America/New_York", "tz_known": True}), "hash": "h", "blocks": [],
              "state": {"values": {
                  "topic": {"value": {"type": "plain_text_input", "value": "Sync"}},
                  "day": {"value": {"type": "datepicker", "selected_date": "2020-01-01"}},  # passed: refused
                  "time": {"value": {"type": "timepicker", "selected_time": "10:00"}},
                  "duration": {"value": {"type": "static_select", "selected_option": {"value": "60"}}},
                  "repeat": {"value": {"type": "static_select", "selected_option": {"value": "none"}}},
                  "invitees": {"value": {"type": "multi_users_select", "selected_users": []}},
                  "channel": {"value": {"type": "conversations_select", "selected_conversation": "C0GENERAL"}}}}}
INTERACTIONS = [
    ALICE_CLICK,
    {"type": "view_submission", "team": {"id": "T0001", "domain": "example"}, "api_app_id": "A0APP",
     "user": {"id": ALICE, "username": "alice", "name": "alice", "team_id": "T0001"}, "trigger_id": "1.2.4",
     "view": FORM_MODAL, "is_enterprise_install": False, "enterprise": None,
     "response_urls": [{"block_id": "channel", "action_id": "value", "channel_id": "C0GENERAL",
                        "response_url": "http://127.0.0.1:9/response"}]},
    {"type": "view_closed", "team": {"id": "T0001"}, "user": {"id": ALICE, "team_id": "T0001"}, "view": FORM_MODAL,
     "is_cleared": False},
    {"type": "shortcut", "callback_id": "x", "team": {"id": "T0001"}, "user": {"id": ALICE}, "trigger_id": "1"},
    {"type": "message_action", "callback_id": "x", "team": {"id": "T0001"}, "user": {"id": ALICE},
     "channel": {"id": "C0GENERAL"}, "message": {"ts": "1.1", "text": "hi"}, "response_url": "http://x/"},
    {"type": "block_suggestion", "action_id": "x", "block_id": "b", "value": "v", "team": {"id": "T0001"},
     "user": {"id": ALICE}},
    {"type": "url_verification", "token": "x", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"},
]


@sqlite_only
@FUZZ
@given(payload=mutants(*INTERACTIONS), in_form=st.booleans())
def test_fuzz_signed_interactivity_payloads(bot, records, payload, in_form):
    hypothesis.assume(not _starts_a_job(payload))
    body = _interaction(payload) if in_form else json.dumps(payload).encode()
    records.records.clear()
    response = _signed_slack(bot, body, FORM if in_form else "application/json")
    _tally(response)
    assert response.status_code in (200, 400, 404), response.text
    bot.settle()
    assert records.alarming() == []


# Texts whose /zoom answer comes in the ack: no background job, so each example ends with its request.
ack_only_texts = st.text(max_size=200).map(lambda text: f"help {text}") | st.sampled_from(
    ["help", "frobnicate", "HELP me", "payload"])


@sqlite_only
@FUZZ
@given(text=ack_only_texts, mutations=st.lists(st.tuples(
    st.sampled_from(["delete", "replace", "repeat", "add"]),
    st.sampled_from([*slash_command_form(team_id="T", user_id="U", channel_id="C", response_url="r"), "payload",
                     "ssl_check", "enterprise_id", "x"]),
    st.text(max_size=30)), max_size=2), as_json=st.booleans(), json_text=st.none() | json_values)
def test_fuzz_signed_slash_command_forms(bot, records, text, mutations, as_json, json_text):
    form: dict[str, Any] = slash_command_form(text=text, team_id="T0001", user_id=ALICE, channel_id="C0GENERAL",
                                              response_url="http://127.0.0.1:9/response")
    repeated = []
    for how, name, value in mutations:
        if how == "delete" and name != "text":  # without a text, /zoom makes an instant meeting after the ack
            form.pop(name, None)
        elif how == "repeat":
            repeated.append((name, value))
        elif name != "text" or split_subcommand(value)[0] == "help":  # the text stays one answered in the ack
            form[name] = value
    if as_json:
        if json_text is not None and not isinstance(json_text, str):
            form["text"] = json_text
        body, content_type = json.dumps(form).encode(), "application/json"
    else:
        body, content_type = urlencode([*form.items(), *repeated]).encode(), FORM
    records.records.clear()
    response = _signed_slack(bot, body, content_type)
    _tally(response)
    assert response.status_code in (200, 400, 404), response.text
    bot.settle()
    assert records.alarming() == []


def _event_body(event: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"token": "x", "team_id": "T0OTHER", "api_app_id": "A0APP", "type": "event_callback", "event": event,
            "event_id": "Ev1", "event_time": 1, "is_ext_shared_channel": False,
            "authorizations": [{"enterprise_id": None, "team_id": "T0OTHER", "user_id": "UBOT", "is_bot": True,
                                "is_enterprise_install": False}], **fields}


# Other workspaces than Alice's: whatever an example deletes, her connection must stay.
EVENTS = [
    _event_body({"type": "app_uninstalled"}),
    _event_body({"type": "tokens_revoked", "tokens": {"oauth": ["U0OTHER"], "bot": ["UBOT"]}}),
    _event_body({"type": "app_uninstalled"}, team_id=None, enterprise_id="E0ORG", is_enterprise_install=True),
    _event_body({"type": "app_mention", "user": "U0OTHER", "text": "<@UBOT> hi", "ts": "1.1", "channel": "C0X",
                 "event_ts": "1.1"}, is_ext_shared_channel=True),
]


@FUZZ
@given(body=mutants(*EVENTS))
def test_fuzz_signed_events_api(bot, records, body):
    records.records.clear()
    response = _signed_slack(bot, json.dumps(body).encode(), "application/json")
    _tally(response)
    assert response.status_code in (200, 400, 404), response.text
    bot.settle()
    assert records.alarming() == []
    assert bot.services.connections.get(SlackUserKey(bot.slack.team_id, ALICE)) is not None


@FUZZ
@given(name=st.sampled_from(["app_deauthorized", "endpoint.url_validation", "meeting.started"]) | json_values,
       payload=st.fixed_dictionaries({}, optional={
           "user_id": st.text(max_size=40) | json_values, "plainToken": st.text(max_size=40) | json_values,
           "account_id": json_values, "object": json_values}) | json_values,
       extra=st.dictionaries(st.text(max_size=8), json_values, max_size=2))
def test_fuzz_signed_zoom_webhooks(bot, records, name, payload, extra):
    records.records.clear()
    response = _signed_zoom(bot, json.dumps({**extra, "event": name, "payload": payload}).encode())
    _tally(response)
    assert response.status_code in (200, 400), response.text
    assert records.alarming() == []
    assert bot.services.connections.get(SlackUserKey(bot.slack.team_id, ALICE)) is not None


@sqlite_only
@FUZZ
@given(method_path=st.sampled_from([("GET", path) for path in ("/slack/install", "/slack/oauth_redirect",
                                                                "/zoom/oauth/callback", "/zoom/oauth/finish",
                                                                "/healthz")]
                                   + [("POST", "/slack/events"), ("POST", "/zoom/webhooks")]),
       raw=st.binary(max_size=300))
def test_fuzz_raw_query_strings(multi, multi_wsgi, records, method_path, raw):
    """Query strings byte for byte, as waitress and gunicorn hand them to the app (latin-1 text)."""
    method, path = method_path
    records.records.clear()
    response = multi_wsgi.open(path, method=method, environ_overrides={"QUERY_STRING": raw.decode("latin-1")})
    _tally(response)
    assert response.status_code < 500
    assert records.alarming() == []


oauth_values = st.one_of(st.text(max_size=250), st.sampled_from(["", "access_denied", "x" * 201]))


@FUZZ
@given(ticket=st.one_of(st.text(max_size=300), st.sampled_from(["", "A" * 32, "A" * 101])), repeated=st.booleans())
def test_fuzz_zoom_oauth_finish(bot, records, ticket, repeated):
    params = [("ticket", ticket)] * (2 if repeated else 1)
    with _changes_nothing(bot, records):
        response = requests.get(f"{bot.url}/zoom/oauth/finish", params=params, timeout=20)
        _tally(response)
    assert response.status_code == 404
    assert response.headers["Cache-Control"] == "no-store"


@FUZZ
@given(query=st.fixed_dictionaries({}, optional={"code": oauth_values, "state": oauth_values,
                                                 "error": oauth_values}),
       repeated=st.booleans())
def test_fuzz_zoom_oauth_callback(bot, records, query, repeated):
    params = list(query.items()) * (2 if repeated else 1)
    with _changes_nothing(bot, records):
        response = requests.get(f"{bot.url}/zoom/oauth/callback", params=params, timeout=20)
        _tally(response)
    assert 400 <= response.status_code < 500
    assert response.headers["Cache-Control"] == "no-store"


@FUZZ
@given(query=st.fixed_dictionaries({}, optional={"code": oauth_values, "state": oauth_values,
                                                 "error": oauth_values}),
       cookie=st.none() | st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E,
                                                          exclude_characters=';,"\\'), max_size=250),
       same_as_state=st.booleans())
def test_fuzz_slack_oauth_redirect(multi, records, query, cookie, same_as_state):
    state = query.get("state", "")
    if same_as_state and state.isascii() and state.isprintable() and not set(state) & set(' ;,"\\'):
        cookie = state  # what Bolt compares the state with: the cookie its install page set (a cookie-safe value)
    cookies = {"slack-app-oauth-state": cookie} if cookie else {}
    with _changes_nothing(multi, records):
        response = requests.get(f"{multi.url}/slack/oauth_redirect", params=query, cookies=cookies, timeout=20)
        _tally(response)
    assert 400 <= response.status_code < 500
    assert response.headers["Cache-Control"] == "no-store"


@sqlite_only
@settings(FUZZ, max_examples=50)
@given(query=st.dictionaries(st.text(max_size=10), st.text(max_size=100), max_size=3))
def test_fuzz_slack_install(multi, records, query):
    records.records.clear()
    response = requests.get(f"{multi.url}/slack/install", params=query, timeout=20)
    _tally(response)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert records.alarming() == []
