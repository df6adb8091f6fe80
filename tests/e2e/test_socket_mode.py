"""Socket Mode end to end: `python bot.py` with SLACK_APP_TOKEN and no signing secret takes Slack's traffic over a
real WebSocket from the Slack emulator, while its HTTP server keeps serving Zoom's OAuth callback.

Nothing is patched: the bot finds the emulators through SLACK_API_URL, ZOOM_OAUTH_URL and ZOOM_API_URL, and the
WebSocket through the URL that the emulator's `apps.connections.open` returns.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
import requests
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect as ws_connect

from handlers.demo.emulators import START_URL_MARKER, SlackEmulator, ZoomEmulator
from handlers.demo.emulators.signing import slash_command_form
from tests.harness import (
    ALICE_EMAIL,
    ROOT,
    add_alice,
    bot_environment,
    bot_process,
    button_urls,
    connect_links,
    free_port,
    open_like_a_browser,
    wait_for,
)

APP_TOKEN = "xapp-1-A0APP-1234567890123-" + "5ca1ab1e" * 8
ALICE, GENERAL = "U0ALICE", "C0GENERAL"
pytestmark = pytest.mark.slow


@pytest.fixture
def zoom():
    with ZoomEmulator() as emulator:
        yield emulator
        assert emulator.internal_errors == []


@pytest.fixture
def slack():
    with SlackEmulator() as emulator:
        emulator.add_app_token(APP_TOKEN)
        yield emulator
        assert emulator.internal_errors == []


@pytest.fixture
def socket_bot(zoom, slack, tmp_path: Path, database_url: str) -> Iterator[str]:
    """`python bot.py` in Socket Mode, on SQLite and on PostgreSQL; its URL once it answers /healthz."""
    add_alice(zoom, slack)
    log = tmp_path / "bot.log"
    env = bot_environment(zoom, slack, database_url, free_port(),
                          SLACK_SIGNING_SECRET="", SLACK_APP_TOKEN=APP_TOKEN)
    assert "SLACK_SIGNING_SECRET" not in env  # Socket Mode needs none
    with bot_process(env, tmp_path, log) as url:
        yield url
    logged = log.read_text()
    assert "Traceback" not in logged
    assert APP_TOKEN not in logged
    assert slack.socket_problems == []  # every ack was one Slack would take


def _slash(slack: SlackEmulator, text: str) -> str:
    """Alice types `/zoom <text>` in #general; Slack pushes it over the socket. The envelope id."""
    form = slash_command_form(text=text, team_id=slack.team_id, user_id=ALICE, channel_id=GENERAL,
                              response_url=slack.new_response_url())
    return slack.send_slash_command(form)


def _opens(slack: SlackEmulator) -> list:
    return [call for call in slack.calls if call.method == "apps.connections.open"]


def _announcements(slack: SlackEmulator) -> list[dict]:
    posted = [m.params for m in slack.messages_in(GENERAL) if "zoom_join" in json.dumps(m.params)]
    posted += [r.payload for r in slack.responses if r.payload.get("response_type") == "in_channel"]
    return posted


# -- the bot -----------------------------------------------------------------------------------------


def test_slash_commands_over_the_socket_and_connect_over_http(socket_bot, zoom, slack):
    connection = slack.wait_for_socket_connection()
    assert connection.app_token == APP_TOKEN
    assert [call.error for call in _opens(slack)] == [None]

    help_ack = slack.wait_for_ack(_slash(slack, "help"))
    assert help_ack["payload"]["response_type"] == "ephemeral"
    assert "`/zoom meet <topic> <time> [for <duration>]`" in help_ack["payload"]["text"]
    assert help_ack["payload"]["blocks"][0]["text"]["text"] == help_ack["payload"]["text"]

    envelope = _slash(slack, "meet Socket review 2027-05-05 10:00")
    assert slack.wait_for_ack(envelope) == {"envelope_id": envelope}  # an empty ack: the answer follows
    link = wait_for(lambda: connect_links(slack), what="a connect prompt")[0]
    prompt = next(r for r in slack.responses if "zoom_connect" in json.dumps(r.payload))
    assert prompt.payload.get("response_type", "ephemeral") == "ephemeral"  # privately, to Alice
    assert link.startswith(f"{zoom.oauth_url}/oauth/authorize?")
    assert parse_qs(urlparse(link).query)["redirect_uri"] == [f"{socket_bot}/zoom/oauth/callback"]
    assert zoom.meetings == []  # nothing is created before Alice connects

    at_zoom = requests.get(link, allow_redirects=False, timeout=10)
    assert at_zoom.status_code == 302, at_zoom.text
    callback = at_zoom.headers["Location"]
    assert callback.startswith(f"{socket_bot}/zoom/oauth/callback?")
    page = open_like_a_browser(callback)
    assert page.status_code == 200
    assert f"Connected as {ALICE_EMAIL}" in page.text

    meeting = wait_for(lambda: zoom.meetings, what="the meeting")[0]
    assert meeting.start_utc == datetime(2027, 5, 5, 14, 0, tzinfo=UTC)  # 10:00 EDT in New York
    assert meeting.request_body["topic"] == "Socket review"
    announcement = wait_for(lambda: _announcements(slack), what="the channel message")[0]
    assert button_urls(announcement["blocks"])["zoom_join"] == meeting.join_url
    assert f"<!date^{int(meeting.start_utc.timestamp())}^" in json.dumps(announcement)
    assert START_URL_MARKER not in json.dumps(_announcements(slack))
    assert len(zoom.meetings) == 1
    assert all(e.acked for e in slack.socket_envelopes)
    # The acks over the socket are timed too (HTTP mode times /slack/events): help and meet, as slash commands.
    acks = requests.get(f"{socket_bot}/metrics", timeout=10).text
    assert re.search(r'^zoombot_slack_ack_seconds_count\{kind="slash_command"\} 2\.0$', acks, re.MULTILINE), acks
    total = re.search(r'^zoombot_slack_ack_seconds_sum\{kind="slash_command"\} (\S+)$', acks, re.MULTILINE)
    assert total is not None
    assert float(total[1]) > 0.0005  # the dispatch itself, not a hook that runs before it
    assert [c.number for c in slack.socket_connections if c.open] == [connection.number]


def test_no_slack_traffic_over_http_without_a_signing_secret(socket_bot, slack):
    """With no signing secret nothing could tell a forged POST from Slack's, and in Socket Mode Slack posts
    nothing: the route must not exist, or anyone reaching PUBLIC_URL could act as any user."""
    slack.wait_for_socket_connection()
    form = slash_command_form(text="disconnect", team_id=slack.team_id, user_id=ALICE, channel_id=GENERAL,
                              response_url=slack.new_response_url())
    forged = requests.post(f"{socket_bot}/slack/events", data=urlencode(form), timeout=10,
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert forged.status_code == 404
    assert requests.get(f"{socket_bot}/healthz", timeout=10).status_code == 200


def test_reconnects_when_slack_recycles_the_connection(socket_bot, slack):
    first = slack.wait_for_socket_connection()
    slack.send_socket_disconnect("refresh_requested")
    second = slack.wait_for_socket_connection(2)
    assert second.number != first.number
    assert [call.error for call in _opens(slack)] == [None, None]  # a new URL for the new connection

    envelope = _slash(slack, "help")
    assert slack.wait_for_ack(envelope)["payload"]["response_type"] == "ephemeral"
    assert envelope in next(c for c in slack.socket_connections if c.number == second.number).envelopes


def test_a_refused_app_token_stops_the_bot_with_one_line(zoom, slack, tmp_path):
    wrong = "xapp-1-A0APP-1234567890123-" + "0" * 64
    env = bot_environment(zoom, slack, f"sqlite:///{tmp_path}/zoombot.db", free_port(),
                          SLACK_SIGNING_SECRET="", SLACK_APP_TOKEN=wrong)
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ZOOM_", "DATABASE_", "PUBLIC_"))}
    run = subprocess.run([sys.executable, str(ROOT / "bot.py")], cwd=tmp_path, env={**clean, **env,
                         "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=60)
    assert run.returncode == 2, run.stderr
    assert "Slack refused SLACK_APP_TOKEN (invalid_auth)" in run.stderr
    assert "Traceback" not in run.stderr
    assert wrong not in run.stderr
    assert [(call.method, call.error) for call in _opens(slack)] == [("apps.connections.open", "invalid_auth")]


# -- the emulator is as strict as Slack -----------------------------------------------------------------


def test_apps_connections_open_takes_only_a_valid_app_level_token(slack):
    def opening(token: str) -> str:
        try:
            return WebClient(base_url=slack.api_url).apps_connections_open(app_token=token)["url"]
        except SlackApiError as error:
            return error.response["error"]

    assert opening("xapp-1-A0APP-0-wrong") == "invalid_auth"
    assert opening(slack.bot_token) == "not_allowed_token_type"
    assert opening(APP_TOKEN).startswith("ws://127.0.0.1:")
    unauthenticated = requests.post(f"{slack.api_url}apps.connections.open", timeout=10).json()
    assert unauthenticated == {"ok": False, "error": "not_authed"}
    with pytest.raises(SlackApiError, match="not_allowed_token_type"):
        WebClient(token=APP_TOKEN, base_url=slack.api_url).chat_postMessage(channel="C1", text="hi")


def test_socket_says_hello_pushes_envelopes_checks_acks_and_answers_pings(slack):
    url = WebClient(base_url=slack.api_url).apps_connections_open(app_token=APP_TOKEN)["url"]
    assert urlparse(url).path == "/link/"
    with ws_connect(url) as websocket:
        hello = json.loads(websocket.recv(timeout=10))
        assert hello["type"] == "hello"
        assert hello["connection_info"] == {"app_id": slack.app_id}
        assert hello["num_connections"] == 1
        assert websocket.ping().wait(10)  # a pong comes back

        form = {"command": "/zoom", "text": "help", "user_id": ALICE}
        command = slack.send_slash_command(form)
        assert json.loads(websocket.recv(timeout=10)) == {
            "envelope_id": command, "payload": form, "type": "slash_commands", "accepts_response_payload": True}
        event_body = {"type": "event_callback", "team_id": slack.team_id, "event": {"type": "app_home_opened"}}
        event = slack.send_event(event_body)
        assert json.loads(websocket.recv(timeout=10)) == {
            "envelope_id": event, "payload": event_body, "type": "events_api", "accepts_response_payload": False,
            "retry_attempt": 0, "retry_reason": ""}

        websocket.send(json.dumps({"envelope_id": command, "payload": {"text": "usage"}}))
        assert slack.wait_for_ack(command) == {"envelope_id": command, "payload": {"text": "usage"}}
        assert slack.socket_problems == []
        websocket.send("not json")
        websocket.send(json.dumps({"envelope_id": command}))  # twice
        websocket.send(json.dumps({"envelope_id": "no-such-envelope"}))
        websocket.send(json.dumps({"envelope_id": event, "payload": {"text": "events take no payload"}}))
        slack.wait_for_ack(event)  # acks are read in order: everything above has been judged
        problems = "\n".join(slack.socket_problems)
        assert "not JSON" in problems
        assert "acknowledged twice" in problems
        assert "unknown envelope no-such-envelope" in problems
        assert "takes no response payload" in problems

    with pytest.raises(InvalidStatus) as refused:  # a ticket opens one connection, once
        ws_connect(url, open_timeout=10)
    assert refused.value.response.status_code == 401
    wait_for(lambda: not any(c.open for c in slack.socket_connections), what="the connection to close")
    with pytest.raises(RuntimeError, match="no Socket Mode connection"):
        slack.send_slash_command(form)
