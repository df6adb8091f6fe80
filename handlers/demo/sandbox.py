"""The demo's world: the real bot (Flask + Bolt, embedded SQLite in a folder of its own) against the Slack and Zoom
emulators, everything on 127.0.0.1, wired by configuration only, as a deployed bot is wired to Slack and Zoom.

The playground (playground.py) drives it as Slack would: a slash command or a click is a form signed with the
app's signing secret and posted to the bot's /slack/events; what the bot says comes back through the Slack
emulator's Web API and response URLs, and what it asks of Zoom reaches the Zoom emulator's API.
"""

from __future__ import annotations

import logging
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from werkzeug.serving import BaseWSGIServer, make_server

from handlers.app.config import Settings, load_settings
from handlers.app.durable import CommandRunner
from handlers.app.log_safety import configure_logging
from handlers.app.runner_process import start_runner
from handlers.app.services import Services, build_services
from handlers.app.web import build_bolt_app, build_flask_app
from handlers.demo.emulators import SlackEmulator, ZoomEmulator
from handlers.demo.emulators.signing import (
    signed_interaction_headers_and_body,
    signed_slash_command_headers_and_body,
    slash_command_form,
)
from storage import TokenCipher

LOCALHOST = "127.0.0.1"


@dataclass(frozen=True)
class DemoUser:
    slack_id: str
    name: str
    real_name: str
    tz: str
    email: str  # the same address at Zoom: the bot matches people by it in account mode and shows it

    @property
    def first_name(self) -> str:
        return self.real_name.split()[0]


DEMO_USERS = (
    DemoUser("U0ALICE", "alice", "Alice Martin", "America/New_York", "alice@example.com"),
    DemoUser("U0BRUNO", "bruno", "Bruno Keller", "Europe/Berlin", "bruno@example.com"),
    DemoUser("U0CHIKA", "chika", "Chika Sato", "Asia/Tokyo", "chika@example.com"),
)
CHANNEL_ID = "C0DEMO"
CHANNEL_NAME = "design"


class Sandbox:
    """Emulators and bot, started by `start()` and stopped by `close()`; the database lives in `folder`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.signing_secret = secrets.token_hex(16)
        self.slack = SlackEmulator(bot_token=f"xoxb-demo-{secrets.token_hex(8)}", team_name="Demo workspace")
        self.zoom = ZoomEmulator(f"demo-{secrets.token_hex(6)}", secrets.token_hex(16))
        self.zoom.consent_page = True  # a person clicks Allow, as at Zoom
        self.bot_url = ""
        self._server: BaseWSGIServer | None = None
        self._services: Services | None = None
        self._lock = threading.Lock()  # one simulated Slack request at a time: the playground's clicks in order

    @property
    def services(self) -> Services:
        if self._services is None:
            raise RuntimeError("the sandbox is not started")
        return self._services

    def start(self) -> None:
        self.slack.start()
        self.zoom.start()
        self.slack.add_channel(CHANNEL_ID, name=CHANNEL_NAME)
        for user in DEMO_USERS:
            self.slack.add_user(user.slack_id, name=user.name, real_name=user.real_name, tz=user.tz,
                                email=user.email)
            self.zoom.add_user(user.email, first_name=user.first_name, last_name=user.real_name.split()[-1],
                               timezone=user.tz)
        # Port 0: the system picks a free one; the bot learns it before it is built (PUBLIC_URL names it).
        server = make_server(LOCALHOST, 0, _NotYet(), threaded=True)
        self.bot_url = f"http://{LOCALHOST}:{server.server_port}"
        settings = self._settings()
        configure_logging(settings)
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # request lines carry OAuth codes in the query
        self._services = build_services(settings)
        server.app = build_flask_app(self._services, build_bolt_app(self._services))
        start_runner(self._services)
        self._server = server
        threading.Thread(target=server.serve_forever, name="demo-bot", daemon=True).start()

    def _settings(self) -> Settings:
        environ = {
            "SLACK_SIGNING_SECRET": self.signing_secret,
            "SLACK_BOT_TOKEN": self.slack.bot_token,
            "SLACK_API_URL": self.slack.api_url,
            "ZOOM_CLIENT_ID": self.zoom.client_id,
            "ZOOM_CLIENT_SECRET": self.zoom.client_secret,
            "ZOOM_OAUTH_URL": self.zoom.oauth_url,
            "ZOOM_API_URL": self.zoom.api_url,
            "PUBLIC_URL": self.bot_url,
            "PORT": self.bot_url.rsplit(":", 1)[1],
            "DATABASE_URL": f"sqlite:///{self.folder / 'zoombot.db'}",
            "TOKEN_ENCRYPTION_KEY": TokenCipher.generate_key(),  # in memory: no key file written
            "COMMAND_RUNNER": "thread",  # one process: Ctrl-C stops everything
            "LOG_LEVEL": "WARNING",
        }
        # Like the Zoom app's OAuth allow list: only the bot's own callback may receive codes.
        self.zoom.allowed_redirect_uris = {f"{self.bot_url}/zoom/oauth/callback"}
        return load_settings(environ, dotenv_path=None)  # nothing from the environment or a .env file

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._services is not None:
            self._services.close()
        self.zoom.stop()
        self.slack.stop()

    # -- what Slack sends the bot ------------------------------------------------------------------

    def slash(self, user: DemoUser, text: str) -> requests.Response:
        """`/zoom <text>` typed by `user` in the demo channel, as Slack posts it to the bot."""
        # Slack escapes &, < and > in what people type before the bot sees it; the demo does as Slack does.
        escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        with self._lock:
            form = slash_command_form(
                text=escaped, team_id=self.slack.team_id, user_id=user.slack_id, channel_id=CHANNEL_ID,
                channel_name=CHANNEL_NAME, user_name=user.name,
                response_url=self.slack.new_response_url(channel_id=CHANNEL_ID, user_id=user.slack_id),
                trigger_id=self.slack.new_trigger_id(user.slack_id))
            headers, body = signed_slash_command_headers_and_body(self.signing_secret, form)
            ack = requests.post(f"{self.bot_url}/slack/events", data=body, headers=headers, timeout=10)
            if ack.status_code == 200 and ack.headers.get("Content-Type", "").startswith("application/json"):
                self.slack.show_ack(user.slack_id, CHANNEL_ID, ack.json())  # what Slack shows of the ack's body
            return ack

    def click(self, user: DemoUser, ts: str, action_id: str, block_id: str | None = None) -> requests.Response:
        """`user` clicks a button of message `ts` (LookupError when they cannot see it)."""
        with self._lock:
            payload: dict[str, Any] = self.slack.click(ts, action_id, user=user.slack_id, block_id=block_id)
            headers, body = signed_interaction_headers_and_body(self.signing_secret, payload)
            return requests.post(f"{self.bot_url}/slack/events", data=body, headers=headers, timeout=10)

    def settle(self, timeout: float) -> bool:
        """Until the bot's work after the acks is done (or `timeout` seconds): the page then shows its result."""
        runner = self.services.runner
        return isinstance(runner, CommandRunner) and runner.wait_idle(timeout)


class _NotYet:
    """The bot's server answers 503 for the moment between binding its port and building the app."""

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
        return [b"starting"]
