"""`python bot.py check`: the configuration checked against the real world, without serving and without writing.

Each check is one line, ok or FAIL, and a failure says what to do. Then the URLs to register in the Slack and
Zoom apps, in full. Nothing is written (no key file, no database, no lock file) unless `--migrate` asks for the
schema to be created or upgraded. Outside calls are read-only: Slack's auth.test, and requests to Zoom's OAuth
server that carry no grant it could act on (a made-up refresh token; in account mode, an account token that is
thrown away).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlparse

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from handlers.app.config import (
    SLACK_APP_CONFIG,
    ZOOM_APP_CONFIG,
    ConfigError,
    Settings,
    embedded_database_file,
    embedded_key_file,
    is_placeholder_url,
    load_settings,
)
from storage import Database
from storage.schema import schema_state
from zoom import ZoomOAuthClient
from zoom.errors import ZoomApiError, ZoomGrantRevoked, ZoomUnavailable

LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
# Refreshing a token Zoom never issued: Zoom must answer, and tells an unknown client (401 invalid_client)
# apart from an unknown token (400), without any grant being touched.
PROBE_REFRESH_TOKEN = "zoombot-check-not-a-token"  # noqa: S105 - not a secret: a token that does not exist
PROBE_SLACK_CODE = "zoombot-check-not-a-code"
TIMEOUT_SECONDS = 10


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""

    def line(self) -> str:
        mark = "ok  " if self.ok else "FAIL"
        fix = f" -> fix: {self.fix}" if self.fix and not self.ok else ""
        return f"{mark}  {self.name}: {self.detail}{fix}"


@dataclass(frozen=True)
class Report:
    checks: list[Check]
    # (where to paste it, the URL): what the Slack and Zoom apps must be told, in full.
    urls: list[tuple[str, str]] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(check.ok for check in self.checks)

    def lines(self) -> list[str]:
        lines = [check.line() for check in self.checks]
        if self.urls:
            lines += ["", "Register these URLs (copy them exactly):"]
            lines += [f"  {where}: {url}" for where, url in self.urls]
        failed = sum(not check.ok for check in self.checks)
        if any(check.name == "configuration" and not check.ok for check in self.checks):
            summary = (f"The configuration has {failed} problem{'s' if failed != 1 else ''}; once it loads, "
                       "check again for the database, Slack and Zoom.")
        elif failed:
            summary = f"{failed} of {len(self.checks)} checks failed."
        else:
            summary = f"All {len(self.checks)} checks passed."
        return [*lines, "", summary]


def run_checks(environ: Mapping[str, str] | None = None, *, dotenv_path: str | None = ".env",
               migrate: bool = False) -> Report:
    try:
        # --migrate makes the embedded database, so its key with it, as the first start would: a database
        # without its key file is what the key check warns about.
        settings = load_settings(environ, dotenv_path=dotenv_path, make_key=migrate)
    except ConfigError as error:
        # Every other check needs a configuration that loads: they run once these are fixed.
        return Report([Check("configuration", False, problem) for problem in error.problems])
    checks = [
        Check("configuration", True, f"every variable present and well-formed ({describe_modes(settings)})"),
        check_public_url(settings),
        check_encryption_key(settings),
        check_database(settings, migrate=migrate),
        *check_slack(settings),
        *check_zoom(settings),
    ]
    return Report(checks, urls_to_register(settings))


def describe_modes(settings: Settings) -> str:
    slack = "Socket Mode" if settings.socket_mode else "HTTP"
    if settings.slack_oauth_install:
        slack += ", installed into many workspaces"
    zoom = "Zoom account mode (Server-to-Server)" if settings.account_mode else "each user connects Zoom"
    return f"Slack over {slack}; {zoom}"


def check_public_url(settings: Settings) -> Check:
    url = settings.public_url
    host = urlparse(url).hostname or ""
    if is_placeholder_url(url):
        return Check("PUBLIC_URL", False, f"{url} is a placeholder (a domain reserved for examples)",
                     "set PUBLIC_URL to the https address where Slack and Zoom reach this bot; for a laptop, a "
                     "tunnel such as `ngrok http 3000` gives one")
    if host in LOCAL_HOSTS:
        return Check("PUBLIC_URL", True, f"{url} is this machine: fine for trying the bot here; Slack and Zoom "
                     "reach it only through a tunnel")
    if urlparse(url).scheme != "https":
        return Check("PUBLIC_URL", False, f"{url} is not https: Slack and Zoom send requests and browsers "
                     "only to https addresses", "put the bot behind TLS (a reverse proxy or a tunnel) and set "
                     "PUBLIC_URL to its https:// address")
    return Check("PUBLIC_URL", True, f"{url} (https)")


def check_encryption_key(settings: Settings) -> Check:
    name = "TOKEN_ENCRYPTION_KEY"
    database_file = embedded_database_file(settings.database_url)
    key_file = embedded_key_file(database_file) if database_file is not None else None
    if settings.token_encryption_keys:
        if (key_file is not None and key_file.exists()
                and settings.token_encryption_keys == key_file.read_text().strip()):
            return Check(name, True, f"the embedded database's key, read from {key_file}")
        count = len([key for key in settings.token_encryption_keys.split(",") if key.strip()])
        return Check(name, True, f"{count} well-formed Fernet key{'s' if count != 1 else ''}")
    # Only the embedded SQLite default loads without a key.
    assert database_file is not None
    assert key_file is not None
    if database_file.exists():
        return Check(name, False, f"not set, and the database {database_file} exists without its key file "
                     f"{key_file}: the tokens stored in it cannot be decrypted",
                     f"restore {key_file} from the backup of the database, or set TOKEN_ENCRYPTION_KEY to the "
                     "key it was made with")
    return Check(name, True, f"not set: the first start generates {key_file.resolve()} (mode 0600); back it up "
                 "with the database, and set TOKEN_ENCRYPTION_KEY in production")


def check_database(settings: Settings, *, migrate: bool = False) -> Check:
    shown = make_url(settings.database_url).render_as_string(hide_password=True)
    name = f"database {shown}"
    database_file = embedded_database_file(settings.database_url)
    if database_file is not None and not database_file.exists() and not migrate:
        folder = database_file.resolve().parent
        if not folder.is_dir():
            return Check(name, False, f"the folder {folder} does not exist",
                         "create it, or point DATABASE_URL at a folder that exists")
        if not os.access(folder, os.W_OK):
            return Check(name, False, f"the folder {folder} is not writable: the database cannot be created",
                         "make it writable by this user, or point DATABASE_URL elsewhere")
        return Check(name, True, f"not created yet; the first start creates {database_file.resolve()} "
                     "(or run `python bot.py check --migrate`)")
    try:
        if migrate:
            database = Database(settings.database_url, pool_size=2)
            try:
                database.migrate()
            finally:
                database.dispose()
        state = schema_state(settings.database_url)
    except SQLAlchemyError as error:
        reason = getattr(error, "orig", None) or error
        return Check(name, False, f"cannot be reached ({type(reason).__name__}: {_first_line(reason)})",
                     "check DATABASE_URL, that the server is up and that it accepts this user")
    if state.unknown:
        return Check(name, False, f"is at revision {', '.join(state.unknown)}, which this version of the bot "
                     "does not know (a newer version migrated it)",
                     "run the newer version, or restore the database from before it")
    if migrate:
        return Check(name, True, f"migrated: at revision {state.head}, the newest")
    if state.up_to_date:
        return Check(name, True, f"reachable, at revision {state.head}, the newest")
    if not state.current:
        return Check(name, True, f"reachable, no schema yet; the first start creates it (revisions "
                     f"{state.pending[0]} to {state.pending[-1]}), or run `python bot.py check --migrate`")
    return Check(name, True, f"reachable, at revision {', '.join(state.current)}; the first start applies "
                 f"{', '.join(state.pending)} (or run `python bot.py check --migrate`)")


def check_slack(settings: Settings) -> list[Check]:
    checks = []
    if settings.slack_bot_token:
        checks.append(_slack_auth_test(settings))
    else:
        checks.append(_slack_app_credentials(settings))
    if settings.socket_mode:
        checks.append(_slack_socket_mode(settings))
    return checks


def _slack_auth_test(settings: Settings) -> Check:
    name = "Slack bot token"
    client = WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url, timeout=TIMEOUT_SECONDS)
    try:
        answer = client.auth_test()
    except SlackApiError as error:
        return Check(name, False, f"auth.test refused SLACK_BOT_TOKEN ({error.response.get('error', 'error')})",
                     f"copy it again from {SLACK_APP_CONFIG} > OAuth & Permissions > Bot User OAuth Token "
                     "(install the app to the workspace first)")
    except (SlackClientError, OSError) as error:
        return _slack_unreachable(name, settings, error)
    team = f"{answer.get('team', '')} ({answer.get('team_id', '')})"
    return Check(name, True, f"auth.test: workspace {team}, {answer.get('url', '')}; bot @{answer.get('user', '')} "
                 f"({answer.get('user_id', '')})")


def _slack_app_credentials(settings: Settings) -> Check:
    # oauth.v2.access with a code Slack never issued: the client's credentials are checked before the code.
    name = "Slack app credentials"
    client = WebClient(base_url=settings.slack_api_url, timeout=TIMEOUT_SECONDS)
    try:
        client.oauth_v2_access(client_id=settings.slack_client_id, client_secret=settings.slack_client_secret,
                               code=PROBE_SLACK_CODE)
    except SlackApiError as error:
        reason = str(error.response.get("error", "error"))
        if reason in ("invalid_client_id", "bad_client_secret"):
            return Check(name, False, f"Slack refused SLACK_CLIENT_ID or SLACK_CLIENT_SECRET ({reason})",
                         f"copy both again from {SLACK_APP_CONFIG} > Basic Information > App Credentials")
        if reason != "invalid_code":  # the one answer that says the credentials passed and only the code did not
            return Check(name, False, f"oauth.v2.access answered {reason}, so the credentials could not be checked",
                         "run the check again in a minute; if it persists, check SLACK_API_URL")
    except (SlackClientError, OSError) as error:
        return _slack_unreachable(name, settings, error)
    return Check(name, True, "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET accepted by oauth.v2.access; workspaces "
                 f"install from {settings.public_url}/slack/install")


def _slack_socket_mode(settings: Settings) -> Check:
    name = "Slack app-level token"
    client = WebClient(token=settings.slack_app_token, base_url=settings.slack_api_url, timeout=TIMEOUT_SECONDS)
    try:
        client.apps_connections_open(app_token=settings.slack_app_token)
    except SlackApiError as error:
        return Check(name, False, f"apps.connections.open refused SLACK_APP_TOKEN "
                     f"({error.response.get('error', 'error')})",
                     f"copy it again from {SLACK_APP_CONFIG} > Basic Information > App-Level Tokens (scope "
                     "connections:write), and turn Socket Mode on in the app")
    except (SlackClientError, OSError) as error:
        return _slack_unreachable(name, settings, error)
    return Check(name, True, "SLACK_APP_TOKEN opens a Socket Mode connection")


def _slack_unreachable(name: str, settings: Settings, error: Exception) -> Check:
    return Check(name, False, f"the Slack Web API at {settings.slack_api_url} could not be reached "
                 f"({type(error).__name__})", "check SLACK_API_URL and this machine's network")


def check_zoom(settings: Settings) -> list[Check]:
    oauth = ZoomOAuthClient(settings.zoom_oauth_url, settings.zoom_client_id, settings.zoom_client_secret,
                            timeout=(5.0, float(TIMEOUT_SECONDS)))
    server = f"Zoom OAuth server {settings.zoom_oauth_url}"
    unreachable = Check(server, False, "could not be reached",
                        "check ZOOM_OAUTH_URL (https://zoom.us, or https://zoomgov.com) and this machine's network")
    refused = Check(server, False, "refused ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET (invalid_client)",
                    f"copy both again from {ZOOM_APP_CONFIG} > App Credentials")
    if settings.account_mode:
        token = "Zoom account token"  # noqa: S105 - a check's name
        try:
            tokens = oauth.account_token(settings.zoom_account_id)
        except ZoomUnavailable:
            return [unreachable, Check(token, False, "not tried: the OAuth server could not be reached",
                                       "fix the line above")]
        except ZoomApiError as error:
            if error.status == 401:
                return [refused, Check(token, False, "not obtained", "fix the line above; the credentials must be "
                                       "a Server-to-Server OAuth app's")]
            return [Check(server, True, "answers"),
                    Check(token, False, f"Zoom refused an account token for ZOOM_ACCOUNT_ID ({error})",
                          f"copy ZOOM_ACCOUNT_ID from {ZOOM_APP_CONFIG} > App Credentials (a Server-to-Server "
                          "OAuth app, activated)")]
        scopes = f", scopes {tokens.scope}" if getattr(tokens, "scope", "") else ""
        return [Check(server, True, "answers and accepts the app's credentials"),
                Check(token, True, f"obtained for ZOOM_ACCOUNT_ID {settings.zoom_account_id}{scopes}")]
    try:
        oauth.refresh(PROBE_REFRESH_TOKEN)
    except ZoomUnavailable:
        return [unreachable]
    except ZoomGrantRevoked:
        pass  # the made-up token refused, as it should be: the client was accepted
    except ZoomApiError as error:
        if error.status == 401:
            return [refused]
        # Only "that refresh token is no good" says the client passed: anything else checked nothing.
        return [Check(server, False, f"answered the probe with {error.status} ({error.code or 'no code'}), so "
                      "the credentials could not be checked",
                      "run the check again in a minute; if it persists, check ZOOM_OAUTH_URL")]
    else:
        return [Check(server, False, "accepted a refresh token it never issued",
                      "check that ZOOM_OAUTH_URL is Zoom's OAuth server (https://zoom.us or https://zoomgov.com)")]
    return [Check(server, True, "answers, and accepts ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET")]


def urls_to_register(settings: Settings) -> list[tuple[str, str]]:
    public = settings.public_url
    urls = []
    if not settings.account_mode:
        urls.append(("Zoom app > OAuth Redirect URL, and the OAuth Allow List", settings.zoom_redirect_uri))
    webhook_note = "" if settings.zoom_webhook_secret_token else \
        " (then set ZOOM_WEBHOOK_SECRET_TOKEN to its Secret Token)"
    urls.append((f"Zoom app > Access > Event Subscription > endpoint URL{webhook_note}", f"{public}/zoom/webhooks"))
    if settings.socket_mode:
        urls.append(("Slack app > Socket Mode", "on: Slack needs no request URL (in manifest.yml, "
                     "settings.socket_mode_enabled: true)"))
    else:
        for where in ("Slash Commands > /zoom > Request URL", "Interactivity & Shortcuts > Request URL",
                      "Event Subscriptions > Request URL"):
            urls.append((f"Slack app > {where}", f"{public}/slack/events"))
    if settings.slack_oauth_install:
        urls.append(("Slack app > OAuth & Permissions > Redirect URLs", f"{public}/slack/oauth_redirect"))
        urls.append(("Workspaces install the app from", f"{public}/slack/install"))
    return urls


def _first_line(error: object) -> str:
    return (str(error).strip().splitlines() or [""])[0][:200]

