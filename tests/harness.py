"""The bot under test: the real Flask app on a real socket, wired to the emulators by configuration only."""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import requests
from sqlalchemy import Engine, text
from werkzeug.serving import make_server

from handlers.app.config import Settings, load_settings
from handlers.app.services import Services
from handlers.demo.emulators import SlackEmulator, ZoomEmulator
from handlers.demo.emulators.signing import (
    signed_interaction_headers_and_body,
    signed_slash_command_headers_and_body,
    slash_command_form,
)
from storage import ConnectionStore, SlackUserKey, TokenCipher
from zoom import TokenSet

SIGNING_SECRET = "test-signing-secret"
ROOT = Path(__file__).resolve().parents[1]
T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def bot_environment(zoom: ZoomEmulator, slack: SlackEmulator, database_url: str, port: int,
                    **overrides: str) -> dict[str, str]:
    env = {
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_BOT_TOKEN": slack.bot_token,
        "SLACK_API_URL": slack.api_url,
        "ZOOM_CLIENT_ID": zoom.client_id,
        "ZOOM_CLIENT_SECRET": zoom.client_secret,
        "ZOOM_OAUTH_URL": zoom.oauth_url,
        "ZOOM_API_URL": zoom.api_url,
        "PUBLIC_URL": f"http://127.0.0.1:{port}",
        "PORT": str(port),
        "DATABASE_URL": database_url,
        "TOKEN_ENCRYPTION_KEY": TokenCipher.generate_key(),
    }
    env.update(overrides)
    # Like the Zoom app's OAuth allow list: only the bot's own callback may receive codes.
    zoom.allowed_redirect_uris = {f"{env['PUBLIC_URL']}/zoom/oauth/callback"}
    return {k: v for k, v in env.items() if v != ""}


@dataclass
class RunningBot:
    url: str
    settings: Settings
    services: Services
    zoom: ZoomEmulator
    slack: SlackEmulator

    def slash(self, text: str = "", *, user: str = "U0ALICE", channel: str = "C0GENERAL",
              team: str | None = None, secret: str = SIGNING_SECRET, timestamp: int | None = None,
              enterprise_id: str | None = None) -> requests.Response:
        form = slash_command_form(
            text=text, team_id=team or self.slack.team_id, user_id=user, channel_id=channel,
            response_url=self.slack.new_response_url(channel_id=channel, user_id=user),
            trigger_id=self.slack.new_trigger_id(user, team), enterprise_id=enterprise_id)
        headers, body = signed_slash_command_headers_and_body(secret, form, timestamp=timestamp)
        return requests.post(f"{self.url}/slack/events", data=body, headers=headers, timeout=10)

    def interact(self, payload: dict[str, Any], *, secret: str = SIGNING_SECRET) -> requests.Response:
        """A block_actions or view_submission payload (see SlackEmulator.click / submit_view), signed and
        posted as Slack posts it."""
        headers, body = signed_interaction_headers_and_body(secret, payload)
        return requests.post(f"{self.url}/slack/events", data=body, headers=headers, timeout=10)

    def click(self, ts: str, action_id: str, *, user: str = "U0ALICE") -> requests.Response:
        """`user` clicks a button they can see now (LookupError if they cannot)."""
        return self.interact(self.slack.click(ts, action_id, user=user))

    def message_shortcut(self, ts: str, *, user: str = "U0ALICE", callback_id: str = "zoom_about_this"
                         ) -> requests.Response:
        """`user` picks the message shortcut on message `ts` (SlackEmulator.message_shortcut), signed and posted."""
        return self.interact(self.slack.message_shortcut(ts, user=user, callback_id=callback_id))

    def global_shortcut(self, *, user: str = "U0ALICE", callback_id: str = "zoom_schedule") -> requests.Response:
        return self.interact(self.slack.global_shortcut(user=user, callback_id=callback_id))

    def settle(self, timeout: float = 30.0) -> None:
        """Until every background job the bot has started has finished."""
        assert self.services.runner.wait_idle(timeout), "commands still pending"

    def follow_connect_link(self, authorize_url: str) -> requests.Response:
        """What the user's browser does: Zoom's authorize page, then the redirect to our callback, and the page
        it leads to until that page stops refreshing itself."""
        at_zoom = requests.get(authorize_url, allow_redirects=False, timeout=10)
        assert at_zoom.status_code == 302, at_zoom.text
        return open_like_a_browser(at_zoom.headers["Location"])


@contextmanager
def running_bot(zoom: ZoomEmulator, slack: SlackEmulator, database_url: str, **overrides: str
                ) -> Iterator[RunningBot]:
    from bot import create_app

    # The server takes its port first (port 0: the system picks a free one) and gets the app once the app
    # knows its URL: a port found free and bound later can be taken meanwhile by another test worker.
    server = make_server("127.0.0.1", 0, _not_ready, threaded=True)
    port = server.server_port
    # In this test process, so that tests can wait for its commands and look inside its services.
    overrides.setdefault("COMMAND_RUNNER", "thread")
    try:
        settings = load_settings(bot_environment(zoom, slack, database_url, port, **overrides), dotenv_path=None)
        app = create_app(settings)
    except BaseException:
        server.server_close()
        raise
    server.app = app
    # The development server logs every request line, query strings included; the bot's own logs suffice.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    services = app.extensions["zoombot.services"]
    if settings.zoom_webhook_secret_token:  # the Zoom app's event subscription points at this bot
        zoom.subscribe(f"http://127.0.0.1:{port}/zoom/webhooks", settings.zoom_webhook_secret_token)
    try:
        yield RunningBot(url=f"http://127.0.0.1:{port}", settings=settings, services=services, zoom=zoom,
                         slack=slack)
    finally:
        server.shutdown()
        server.server_close()
        services.close()


def _not_ready(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
    start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
    return [b"starting\n"]


@contextmanager
def bot_process(env: dict[str, str], workdir: Path, log: Path, command: list[str] | None = None) -> Iterator[str]:
    """`python bot.py` (or `command`) as a real process with only `env` for configuration; yields its URL
    once /healthz answers, and stops it afterwards. Its output goes to `log`."""
    with bot_process_handle(env, workdir, log, command) as (url, _process):
        yield url


@contextmanager
def bot_process_handle(env: dict[str, str], workdir: Path, log: Path, command: list[str] | None = None
                       ) -> Iterator[tuple[str, subprocess.Popen]]:
    """As bot_process, with the process itself, for tests that kill it (`kill -9`) mid-work."""
    # Not PROMETHEUS_MULTIPROC_DIR either: a bot in this test process may have set it, and each bot counts apart.
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("SLACK_", "ZOOM_", "DATABASE_", "PUBLIC_", "PROMETHEUS_"))}
    clean["PYTHONPATH"] = str(ROOT)
    with open(log, "ab") as output:
        process = subprocess.Popen(command or [sys.executable, str(ROOT / "bot.py")], cwd=workdir,
                                   env={**clean, **env}, stdout=output, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    url = f"http://127.0.0.1:{env['PORT']}"
    try:
        wait_for(lambda: _healthy(url) or process.poll() is not None, timeout=30, what="bot start")
        assert process.poll() is None, log.read_text()
        yield url, process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=30)


def kill_hard(process: subprocess.Popen) -> None:
    """kill -9 the process and everything it started (gunicorn's workers, the Duckling helper)."""
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def open_like_a_browser(url: str, *, timeout: float = 30.0) -> requests.Response:
    """GET `url`, following redirects and `<meta http-equiv="refresh">` as a browser would, until a page that
    does not refresh itself (the OAuth callback's "Connecting Zoom" page refreshes until the exchange is done)."""
    deadline = time.monotonic() + timeout
    while True:
        response = requests.get(url, timeout=10)
        if 'http-equiv="refresh"' not in response.text:
            return response
        assert response.status_code == 202, response.status_code
        if time.monotonic() > deadline:
            raise AssertionError("the page kept refreshing itself")
        url = response.url
        time.sleep(0.05)


def _healthy(url: str) -> bool:
    try:
        return requests.get(f"{url}/healthz", timeout=2).status_code == 200
    except requests.RequestException:  # not listening yet, or workers still booting
        return False


def wait_for(condition: Callable[[], T], *, timeout: float = 15.0, what: str = "condition") -> T:
    """Poll until `condition()` is truthy; background jobs finish on their own schedule."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def button_urls(blocks: list[dict[str, Any]] | None) -> dict[str, str]:
    urls = {}
    for block in blocks or []:
        for element in block.get("elements", []):
            if element.get("type") == "button" and element.get("url"):
                urls[element.get("action_id", "")] = element["url"]
    return urls


ALICE_EMAIL = "alice@example.com"


def add_alice(zoom: ZoomEmulator, slack: SlackEmulator, *, tz: str = "America/New_York",
              user_id: str = "U0ALICE", channel_id: str = "C0GENERAL") -> None:
    """The usual cast: Alice, signed in to Zoom in her browser, in a channel the bot is in."""
    zoom.add_user(ALICE_EMAIL, first_name="Alice")
    zoom.login_as(ALICE_EMAIL)
    slack.add_user(user_id, name="alice", real_name="Alice Example", tz=tz, email=ALICE_EMAIL)
    slack.add_channel(channel_id, name="general")


def connect_links(slack: SlackEmulator) -> list[str]:
    """Every Connect Zoom link the bot has sent so far, oldest first."""
    return [button_urls(r.payload.get("blocks"))["zoom_connect"] for r in slack.responses
            if "zoom_connect" in json.dumps(r.payload)]


# The bot's own tables that can hold anything secret.
BOT_TABLES = ("zoom_connections", "zoom_oauth_states", "zoom_account_tokens", "meetings", "commands")


def dump_tables(engine: Engine, tables: Sequence[str] = BOT_TABLES) -> str:
    """Every value of every row, as text: what someone holding a copy of the database would read."""
    with engine.connect() as connection:
        return "\n".join(str(row) for table in tables
                         for row in connection.execute(text(f"SELECT * FROM {table}")))  # noqa: S608


def private_texts(slack: SlackEmulator) -> list[str]:
    """Everything the bot said to one person only: ephemerals and non-channel response_url posts."""
    texts = [json.dumps(r.payload) for r in slack.responses if r.payload.get("response_type") != "in_channel"]
    texts += [json.dumps(e.params) for e in slack.ephemerals]
    return texts


def said_privately(slack: SlackEmulator, needle: str) -> bool:
    return any(needle in text_ for text_ in private_texts(slack))


def seed_connection(store: ConnectionStore, zoom: ZoomEmulator, key: SlackUserKey, email: str = ALICE_EMAIL, *,
                    expires_in: timedelta = timedelta(hours=1)) -> None:
    """A stored connection holding a real grant of the emulator, as if `email` had completed the OAuth flow;
    a negative `expires_in` makes the bot believe the access token has already expired."""
    issued = zoom.issue_tokens_for(email)
    store.save(key, zoom_user_id=zoom.user(email).id, zoom_email=email, zoom_account_id=zoom.account_id,
               tokens=TokenSet(access_token=issued["access_token"], refresh_token=issued["refresh_token"],
                               expires_at=datetime.now(UTC) + expires_in))


class LogCapture(logging.Handler):
    """Every log line, at DEBUG and as written, for tests that look for secrets in them."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))
