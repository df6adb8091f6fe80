"""Zoom for Slack: reads the configuration, wires the parts together and serves them.

    python bot.py                                  # one process, waitress, PORT (default 3000)
    gunicorn -w 4 --preload -b 0.0.0.0:3000 'bot:create_app()'   # several workers on one PostgreSQL
"""

from __future__ import annotations

import logging
import signal
import sys
from typing import NoReturn
from urllib.error import URLError

from flask import Flask
from slack_bolt.error import BoltError
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError

from handlers.app.config import ConfigError, Settings, load_settings
from handlers.app.durable import RunnerProcess
from handlers.app.log_safety import configure_logging
from handlers.app.runner_process import start_runner
from handlers.app.services import build_services
from handlers.app.web import build_bolt_app, build_flask_app

log = logging.getLogger("zoombot")


def create_app(settings: Settings | None = None) -> Flask:
    """The app factory: one Flask app serving Slack's requests and the bot's own routes."""
    if settings is None:
        settings = _settings_or_exit()
    configure_logging(settings)
    services = build_services(settings)
    app = build_flask_app(services, build_bolt_app(services))
    if settings.command_runner == "thread":
        start_runner(services)
    else:
        # The work after the ack runs in a process of its own beside this one (handlers/app/runner_process.py):
        # it never competes with the acks for this interpreter's lock.
        services.runner = RunnerProcess(services.commands)
    return app


def main() -> None:
    settings = _settings_or_exit()
    try:
        app = create_app(settings)
    except (BoltError, SlackApiError) as error:
        _exit_with(f"Slack refused SLACK_BOT_TOKEN ({_slack_reason(error)}); copy it again from "
                   "https://api.slack.com/apps > your app > OAuth & Permissions")
    except (URLError, OSError) as error:
        _exit_with(f"the Slack Web API at {settings.slack_api_url} could not be reached ({error}); "
                   "check SLACK_API_URL and the network")
    except SQLAlchemyError as error:
        _exit_with(f"the database could not be opened ({type(error).__name__}: {getattr(error, 'orig', error)}); "
                   "check DATABASE_URL and that the server is up")
    if settings.socket_mode:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        try:
            SocketModeHandler(app.extensions["zoombot.bolt"], settings.slack_app_token).connect()
        except SlackApiError as error:  # apps.connections.open refused the token
            _exit_with(f"Slack refused SLACK_APP_TOKEN ({_slack_reason(error)}); copy it again from "
                       "https://api.slack.com/apps > your app > Basic Information > App-Level Tokens "
                       "(scope connections:write)")
        log.info("Slack traffic over Socket Mode; HTTP still serves the Zoom callback")
    from waitress import serve

    # A deploy or restart sends SIGTERM. Waitress stops on SystemExit; then the commands Slack already
    # has an ack for finish (meeting created, message posted) before the process exits.
    signal.signal(signal.SIGTERM, _stop_serving)
    log.info("listening on port %s, public URL %s", settings.port, settings.public_url)
    try:
        # Waitress stops accepting at 100 open connections by default; Slack's bursts (and a keep-alive load
        # generator) go past that, and a connection left in the backlog waits for its ack until Slack gives up.
        serve(app, host="0.0.0.0", port=settings.port, threads=16, connection_limit=1000,  # noqa: S104
              ident="zoombot")
    finally:
        log.info("stopping: finishing acknowledged commands")
        app.extensions["zoombot.services"].close()


def _stop_serving(signum: int, frame: object) -> NoReturn:
    raise SystemExit(0)


def _settings_or_exit() -> Settings:
    try:
        return load_settings()
    except ConfigError as error:
        _exit_with(*error.problems)


def _exit_with(*problems: str) -> NoReturn:
    print("zoombot cannot start; fix the configuration (environment or .env):", file=sys.stderr)
    for problem in problems:
        print(f"  - {problem}", file=sys.stderr)
    raise SystemExit(2)


def _slack_reason(error: Exception) -> str:
    # Bolt wraps the SlackApiError of its start-up auth.test in a BoltError.
    for candidate in (error, error.__cause__, error.__context__):
        response = getattr(candidate, "response", None)
        if response is not None:
            return str(response.get("error", "error"))
    return type(error).__name__


if __name__ == "__main__":
    main()
