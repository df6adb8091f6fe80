"""Zoom for Slack: reads the configuration, wires the parts together and serves them.

    python bot.py                                  # serve: one process, waitress, PORT (default 3000)
    python bot.py check                            # the configuration checked, nothing served or written
    python bot.py demo                             # try it offline against built-in emulators
    python bot.py --help                           # the commands
    gunicorn -w 4 --preload -b 0.0.0.0:3000 'bot:create_app()'   # several workers on one PostgreSQL
"""

from __future__ import annotations

import logging
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn, Protocol
from urllib.error import URLError

import click
from flask import Flask
from slack_bolt.error import BoltError
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError

from handlers.app import metrics
from handlers.app.check import run_checks
from handlers.app.config import ConfigError, Settings, embedded_database_file, load_settings
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
    metrics.enable()  # before the runner process starts: it counts into the same folder (handlers/app/metrics.py)
    services = build_services(settings)
    app = build_flask_app(services, build_bolt_app(services))
    if settings.command_runner == "thread":
        start_runner(services)
    else:
        # The work after the ack runs in a process of its own beside this one (handlers/app/runner_process.py):
        # it never competes with the acks for this interpreter's lock.
        services.runner = RunnerProcess(services.commands)
    return app


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.pass_context
def cli(context: click.Context) -> None:
    """Zoom for Slack: /zoom meet in Slack makes a Zoom meeting at the time you say.

    Configuration comes from the environment and a .env file in the working directory (README.md,
    "Configuration"). Without a command, serve.
    """
    if context.invoked_subcommand is None:
        context.invoke(serve)


@cli.command(short_help="Serve HTTP on PORT (the default command).")
def serve() -> None:
    """Serve HTTP on PORT (default 3000) with waitress: Slack's requests, Zoom's callback and webhooks.

    Creates or upgrades the database schema first. A start that fails leaves no new database or key file.
    """
    with _undone_if_start_fails(_settings_or_exit(make_key=False)):
        settings = _settings_or_exit()
        app = _app_or_exit(settings)
        server = _listening_or_exit(app, settings)
    # A deploy or restart sends SIGTERM. Waitress stops on SystemExit; then the commands Slack already
    # has an ack for finish (meeting created, message posted) before the process exits.
    signal.signal(signal.SIGTERM, _stop_serving)
    log.info("listening on port %s, public URL %s", settings.port, settings.public_url)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        log.info("stopping: finishing acknowledged commands")
        app.extensions["zoombot.services"].close()


@cli.command(short_help="Check the configuration against the database, Slack and Zoom; serve nothing.")
@click.option("--migrate", is_flag=True,
              help="Also create or upgrade the database schema (the one thing check may write).")
def check(migrate: bool) -> None:
    """Check the configuration against the database, Slack and Zoom, without serving.

    One line per check, ok or FAIL with the fix, then the URLs to register in the Slack and Zoom apps.
    Exit code 0 only if every check passes. Writes nothing (no database, no key file) unless --migrate.
    """
    report = run_checks(migrate=migrate)
    for line in report.lines():
        click.echo(line)
    sys.exit(0 if report.passed else 1)


@cli.command(short_help="Try the bot offline against built-in Slack and Zoom emulators.")
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True,
              help="The playground's port on 127.0.0.1 (0: any free port).")
@click.option("--open", "open_browser", is_flag=True, help="Open the playground in your browser.")
def demo(port: int, open_browser: bool) -> None:
    """Try the bot offline: built-in Slack and Zoom emulators on 127.0.0.1, one local page to play with.

    Everything is written in a temporary folder, removed on Ctrl-C. Needs the demo extra (pip install -e ".[demo]").
    """
    from handlers.demo import missing_extra, run_demo

    missing = missing_extra()
    if missing:  # the emulators' own dependencies
        click.echo(f"python bot.py demo needs the demo extra ({', '.join(missing)} not installed): "
                   "pip install -e \".[demo]\"", err=True)
        sys.exit(1)
    run_demo(port=port, open_browser=open_browser)


def main() -> None:
    cli(prog_name="bot.py")


def _app_or_exit(settings: Settings) -> Flask:
    try:
        return create_app(settings)
    except (BoltError, SlackApiError) as error:
        _exit_with(f"Slack refused SLACK_BOT_TOKEN ({_slack_reason(error)}); copy it again from "
                   "https://api.slack.com/apps > your app > OAuth & Permissions")
    except (URLError, OSError) as error:
        _exit_with(f"the Slack Web API at {settings.slack_api_url} could not be reached ({error}); "
                   "check SLACK_API_URL and the network")
    except SQLAlchemyError as error:
        _exit_with(f"the database could not be opened ({type(error).__name__}: {getattr(error, 'orig', error)}); "
                   "check DATABASE_URL and that the server is up")


class _Server(Protocol):
    def run(self) -> None: ...


def _listening_or_exit(app: Flask, settings: Settings) -> _Server:
    """Socket Mode connected, the port bound: after this the start cannot fail any more."""
    from waitress import create_server

    try:
        if settings.socket_mode:
            from slack_bolt.adapter.socket_mode import SocketModeHandler

            try:
                SocketModeHandler(app.extensions["zoombot.bolt"], settings.slack_app_token).connect()
            except SlackApiError as error:  # apps.connections.open refused the token
                _exit_with(f"Slack refused SLACK_APP_TOKEN ({_slack_reason(error)}); copy it again from "
                           "https://api.slack.com/apps > your app > Basic Information > App-Level Tokens "
                           "(scope connections:write)")
            log.info("Slack traffic over Socket Mode; HTTP still serves the Zoom callback")
        try:
            # Waitress stops accepting at 100 open connections by default; Slack's bursts (and a keep-alive
            # load generator) go past that, and a connection left in the backlog waits for its ack until
            # Slack gives up.
            server: _Server = create_server(app, host="0.0.0.0", port=settings.port,  # noqa: S104
                                            threads=16, connection_limit=1000, ident="zoombot")
            return server
        except OSError as error:
            _exit_with(f"port {settings.port} cannot be opened ({error.strerror or error}); stop what is "
                       "listening there, or set PORT to another port")
    except BaseException:
        app.extensions["zoombot.services"].close()
        raise


@contextmanager
def _undone_if_start_fails(settings: Settings) -> Iterator[None]:
    """A first start on the embedded SQLite file that fails (Slack refuses the token, the port is taken...)
    removes what it made: the database, its key, its write-ahead log and its lock files. A database that
    existed before is never touched."""
    database = embedded_database_file(settings.database_url)
    if database is None or database.exists():
        yield
        return
    folder = database.resolve().parent
    before = set(folder.glob(f"{database.name}*"))
    try:
        yield
    except BaseException:
        for made in set(folder.glob(f"{database.name}*")) - before:
            made.unlink(missing_ok=True)
        raise


def _stop_serving(signum: int, frame: object) -> NoReturn:
    raise SystemExit(0)


def _settings_or_exit(*, make_key: bool = True) -> Settings:
    try:
        return load_settings(make_key=make_key)
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
