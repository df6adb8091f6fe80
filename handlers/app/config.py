"""Configuration from the environment (and a `.env` file): every problem reported at once, no traceback."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import overload
from urllib.parse import urlparse

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from storage.crypto import KeyConfigError, TokenCipher
from zoom.models import AUTO_RECORDING_CHOICES, MAX_DURATION_MINUTES, MIN_DURATION_MINUTES, MeetingSettings

log = logging.getLogger(__name__)

DEFAULT_DATABASE_URL = "sqlite:///zoombot.db"
SLACK_APP_CONFIG = "https://api.slack.com/apps > your app"
ZOOM_APP_CONFIG = "https://marketplace.zoom.us > Develop > your app"
MAKE_KEY = "make one with: python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"


class ConfigError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Settings:
    slack_signing_secret: str
    slack_bot_token: str
    slack_app_token: str
    slack_client_id: str
    slack_client_secret: str
    slack_api_url: str
    zoom_client_id: str
    zoom_client_secret: str
    zoom_account_id: str
    zoom_oauth_url: str
    zoom_api_url: str
    zoom_webhook_secret_token: str
    public_url: str
    port: int
    database_url: str
    token_encryption_keys: str = field(repr=False)
    meeting_settings: MeetingSettings = field(default_factory=MeetingSettings)
    default_duration_minutes: int = 60
    # The meeting defaults the workspace set explicitly (their variables in WORKSPACE_MEETING_VARIABLES): these
    # win over a user's own; the others are only where a user's choice starts from.
    workspace_fixed: frozenset[str] = frozenset()
    log_level: str = "INFO"
    # Zoom's per-account limit for Create Meeting (a "Medium" API): 20/s on Pro, 60/s on Business and up.
    zoom_rate_limit: int = 20
    command_workers: int = 64
    # "process": commands run in a process of its own beside each web process; "thread": in the web process.
    command_runner: str = "process"
    command_lease_seconds: int = 30
    database_pool_size: int = 10
    # Post a cloud recording's share link in its announcement's thread (recording.completed). Off by default:
    # recordings can be sensitive, and the workspace decides.
    zoom_post_recordings: bool = False
    # "text" (the default) or "json": one JSON object a line, with the context fields (handlers/app/log_context).
    log_format: str = "text"
    # When set, GET /metrics asks for "Authorization: Bearer <METRICS_TOKEN>"; unset, it is open.
    metrics_token: str = field(default="", repr=False)
    # What loading decided on its own and the operator should hear (a key file made): logged by
    # configure_logging, once the lines have their format.
    notices: tuple[str, ...] = ()

    @property
    def socket_mode(self) -> bool:
        return bool(self.slack_app_token)

    @property
    def account_mode(self) -> bool:
        """Server-to-Server OAuth: one account app instead of every user connecting."""
        return bool(self.zoom_account_id)

    @property
    def slack_oauth_install(self) -> bool:
        return bool(self.slack_client_id and self.slack_client_secret and not self.slack_bot_token)

    @property
    def zoom_redirect_uri(self) -> str:
        return f"{self.public_url}/zoom/oauth/callback"

    def __repr__(self) -> str:
        return f"Settings(public_url={self.public_url!r}, database={make_url(self.database_url)!r})"


# Each meeting default a user may choose for themselves (storage.preferences.MeetingDefaults), and the variable
# that fixes it for the whole workspace when set.
WORKSPACE_MEETING_VARIABLES = {
    "duration_minutes": "ZOOM_DEFAULT_DURATION",
    "waiting_room": "ZOOM_WAITING_ROOM",
    "mute_upon_entry": "ZOOM_MUTE_UPON_ENTRY",
    "require_passcode": "ZOOM_REQUIRE_PASSCODE",
    "auto_recording": "ZOOM_AUTO_RECORDING",
    "join_before_host": "ZOOM_JOIN_BEFORE_HOST",
}


def load_settings(environ: Mapping[str, str] | None = None, *, dotenv_path: str | None = ".env",
                  make_key: bool = True) -> Settings:
    """Read and check the settings. Raises ConfigError with one line per problem.

    With make_key=False nothing is written: the embedded SQLite's key file is read if it exists, and left
    unmade if not (token_encryption_keys is then "", which `python bot.py check` reports)."""
    env = dict(os.environ if environ is None else environ)
    if dotenv_path and Path(dotenv_path).is_file():
        from dotenv import dotenv_values

        for name, value in dotenv_values(dotenv_path).items():
            env.setdefault(name, value or "")
    reader = _Reader(env)

    port = reader.integer("PORT", 3000, 1, 65535)
    slack_app_token = reader.optional("SLACK_APP_TOKEN")
    slack_bot_token = reader.optional("SLACK_BOT_TOKEN")
    slack_client_id = reader.optional("SLACK_CLIENT_ID")
    slack_client_secret = reader.optional("SLACK_CLIENT_SECRET")
    if slack_app_token and not slack_app_token.startswith("xapp-"):
        reader.problem("SLACK_APP_TOKEN must be an app-level token starting with xapp- "
                       f"({SLACK_APP_CONFIG} > Basic Information > App-Level Tokens, scope connections:write)")
    signing_secret = reader.optional("SLACK_SIGNING_SECRET")
    if not signing_secret and not slack_app_token:
        reader.problem(f"set SLACK_SIGNING_SECRET ({SLACK_APP_CONFIG} > Basic Information > Signing Secret)")
    if slack_bot_token and not slack_bot_token.startswith("xoxb-"):
        reader.problem("SLACK_BOT_TOKEN must be a bot token starting with xoxb- "
                       f"({SLACK_APP_CONFIG} > OAuth & Permissions)")
    if not slack_bot_token and not (slack_client_id and slack_client_secret):
        reader.problem("set SLACK_BOT_TOKEN for one workspace "
                       f"({SLACK_APP_CONFIG} > OAuth & Permissions > Bot User OAuth Token), "
                       "or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET to install into many workspaces")
    elif bool(slack_client_id) != bool(slack_client_secret):
        reader.problem("set both SLACK_CLIENT_ID and SLACK_CLIENT_SECRET, or neither "
                       f"({SLACK_APP_CONFIG} > Basic Information > App Credentials)")

    public_url = reader.url("PUBLIC_URL", f"http://localhost:{port}")
    if is_placeholder_url(public_url, LIVE_PLACEHOLDER_HOSTS):
        # These names resolve to a real site (IANA's): Zoom would send people's OAuth codes there.
        reader.problem(f"PUBLIC_URL {public_url} is a placeholder: set it to the https address where Slack and "
                       "Zoom reach this bot (for a laptop, a tunnel such as `ngrok http 3000` gives one)")
    database_url = reader.optional("DATABASE_URL") or DEFAULT_DATABASE_URL
    sqlite_file = _check_database_url(reader, database_url)

    default_duration = reader.integer("ZOOM_DEFAULT_DURATION", 60, MIN_DURATION_MINUTES, MAX_DURATION_MINUTES)
    auto_recording = (reader.optional("ZOOM_AUTO_RECORDING") or "none").lower()
    if auto_recording not in AUTO_RECORDING_CHOICES:
        reader.problem(f"ZOOM_AUTO_RECORDING must be one of {', '.join(AUTO_RECORDING_CHOICES)}, "
                       f"not {auto_recording!r}")
    meeting_settings = MeetingSettings(
        waiting_room=reader.boolean("ZOOM_WAITING_ROOM", True),
        join_before_host=reader.boolean("ZOOM_JOIN_BEFORE_HOST", False),
        mute_upon_entry=reader.boolean("ZOOM_MUTE_UPON_ENTRY", True),
        auto_recording=auto_recording,
        require_passcode=reader.boolean("ZOOM_REQUIRE_PASSCODE", None),
    )

    settings = Settings(
        slack_signing_secret=signing_secret,
        slack_bot_token=slack_bot_token,
        slack_app_token=slack_app_token,
        slack_client_id=slack_client_id,
        slack_client_secret=slack_client_secret,
        slack_api_url=_with_trailing_slash(reader.url("SLACK_API_URL", "https://slack.com/api/")),
        zoom_client_id=reader.required("ZOOM_CLIENT_ID", f"the Client ID of your Zoom app ({ZOOM_APP_CONFIG} "
                                       "> App Credentials)"),
        zoom_client_secret=reader.required("ZOOM_CLIENT_SECRET", f"the Client Secret of your Zoom app "
                                           f"({ZOOM_APP_CONFIG} > App Credentials)"),
        zoom_account_id=reader.optional("ZOOM_ACCOUNT_ID"),
        zoom_oauth_url=reader.url("ZOOM_OAUTH_URL", "https://zoom.us"),
        zoom_api_url=reader.url("ZOOM_API_URL", "https://api.zoom.us/v2"),
        zoom_webhook_secret_token=reader.optional("ZOOM_WEBHOOK_SECRET_TOKEN"),
        public_url=public_url,
        port=port,
        database_url=database_url,
        token_encryption_keys=_configured_keys(reader, sqlite_file),
        meeting_settings=meeting_settings,
        default_duration_minutes=default_duration,
        workspace_fixed=frozenset(name for name, variable in WORKSPACE_MEETING_VARIABLES.items()
                                  if reader.optional(variable)),
        log_level=_log_level(reader),
        zoom_rate_limit=reader.integer("ZOOM_RATE_LIMIT", 20, 1, 1000),
        command_workers=reader.integer("COMMAND_WORKERS", 64, 1, 512),
        command_runner=_command_runner(reader),
        command_lease_seconds=reader.integer("COMMAND_LEASE_SECONDS", 30, 2, 600),
        database_pool_size=reader.integer("DATABASE_POOL_SIZE", 10, 2, 200),
        zoom_post_recordings=reader.boolean("ZOOM_POST_RECORDINGS", False),
        log_format=_log_format(reader),
        metrics_token=reader.optional("METRICS_TOKEN"),
    )
    if not reader.problems and not settings.token_encryption_keys and sqlite_file is not None:
        # Only a start that will go ahead makes the embedded key file: a failed one changes nothing.
        settings = replace(settings, token_encryption_keys=_embedded_key(reader, sqlite_file, make=make_key))
    if reader.problems:
        raise ConfigError(reader.problems)
    # Said once logging is set up (configure_logging), in LOG_FORMAT's shape: loading comes first.
    return replace(settings, notices=tuple(reader.notices))


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
# Domains reserved for examples (RFC 2606, RFC 6761): never anyone's bot. The first three resolve to a live site.
LIVE_PLACEHOLDER_HOSTS = ("example.com", "example.net", "example.org")
_PLACEHOLDER_SUFFIXES = (*LIVE_PLACEHOLDER_HOSTS, "example", "invalid", "test")


def is_placeholder_url(url: str, domains: tuple[str, ...] = _PLACEHOLDER_SUFFIXES) -> bool:
    """A URL on a domain reserved for examples (zoombot.example.com, bot.example, x.test...)."""
    host = (urlparse(url).hostname or "").rstrip(".").lower()
    return any(host == domain or host.endswith("." + domain) for domain in domains)


def embedded_database_file(database_url: str) -> Path | None:
    """The SQLite file of an embedded database URL; None for PostgreSQL, in-memory or unreadable URLs."""
    try:
        parsed = make_url(database_url)
    except ArgumentError:
        return None
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        return Path(parsed.database)
    return None


def embedded_key_file(database_file: Path) -> Path:
    """Where the embedded default keeps its key when TOKEN_ENCRYPTION_KEY is not set."""
    return database_file.with_name(database_file.name + ".key")


def _log_level(reader: _Reader) -> str:
    value = (reader.optional("LOG_LEVEL") or "INFO").upper()
    if value == "WARN":
        return "WARNING"
    if value not in LOG_LEVELS:
        reader.problem(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, not {value!r}")
        return "INFO"
    return value


def _log_format(reader: _Reader) -> str:
    value = (reader.optional("LOG_FORMAT") or "text").lower()
    if value not in ("text", "json"):
        reader.problem(f"LOG_FORMAT must be text or json, not {value!r}")
        return "text"
    return value


def _command_runner(reader: _Reader) -> str:
    value = (reader.optional("COMMAND_RUNNER") or "process").lower()
    if value not in ("process", "thread"):
        reader.problem(f"COMMAND_RUNNER must be process or thread, not {value!r}")
        return "process"
    return value


class _Reader:
    def __init__(self, env: dict[str, str]):
        self.env = env
        self.problems: list[str] = []
        self.notices: list[str] = []

    def problem(self, line: str) -> None:
        self.problems.append(line)

    def notice(self, line: str) -> None:
        self.notices.append(line)

    def optional(self, name: str) -> str:
        return (self.env.get(name) or "").strip()

    def required(self, name: str, what: str) -> str:
        value = self.optional(name)
        if not value:
            self.problem(f"set {name}: {what}")
        return value

    def integer(self, name: str, default: int, low: int, high: int) -> int:
        raw = self.optional(name)
        if not raw:
            return default
        try:
            value = int(raw)
        except ValueError:
            self.problem(f"{name} must be a whole number from {low} to {high}, not {raw!r}")
            return default
        if not low <= value <= high:
            self.problem(f"{name} must be from {low} to {high}, not {value}")
            return default
        return value

    # A default of True or False gives a bool; only a default of None can give None back.
    @overload
    def boolean(self, name: str, default: bool) -> bool: ...

    @overload
    def boolean(self, name: str, default: None) -> bool | None: ...

    def boolean(self, name: str, default: bool | None) -> bool | None:
        raw = self.optional(name).lower()
        if not raw:
            return default
        if raw in ("1", "true", "yes", "on"):
            return True
        if raw in ("0", "false", "no", "off"):
            return False
        self.problem(f"{name} must be true or false, not {raw!r}")
        return default

    def url(self, name: str, default: str) -> str:
        raw = self.optional(name) or default
        parsed = urlparse(raw)
        if parsed.scheme not in ("http", "https") or not parsed.netloc or parsed.query or parsed.fragment:
            self.problem(f"{name} must be an http(s) URL such as {default}, not {raw!r}")
        return raw.rstrip("/")


def _with_trailing_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def _check_database_url(reader: _Reader, url: str) -> Path | None:
    """Validate DATABASE_URL; return the SQLite file path when it is an embedded database."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        reader.problem("DATABASE_URL must be an SQLAlchemy URL such as sqlite:///zoombot.db or "
                       "postgresql+psycopg://user:password@host:5432/dbname")
        return None
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        reader.problem(f"DATABASE_URL: the {backend} database is not supported; use sqlite or postgresql+psycopg")
        return None
    if backend == "postgresql" and parsed.get_driver_name() not in ("psycopg", "psycopg2"):
        reader.problem("DATABASE_URL: use the psycopg driver, i.e. postgresql+psycopg://...")
    if backend == "sqlite" and parsed.database and parsed.database != ":memory:":
        return Path(parsed.database)
    return None


def _configured_keys(reader: _Reader, sqlite_file: Path | None) -> str:
    """TOKEN_ENCRYPTION_KEY, checked; "" when the embedded SQLite default may make its own key."""
    configured = reader.optional("TOKEN_ENCRYPTION_KEY")
    if configured:
        try:
            TokenCipher.from_setting(configured)
        except KeyConfigError as error:
            reader.problem(f"TOKEN_ENCRYPTION_KEY: {error}; {MAKE_KEY}")
        return configured
    if sqlite_file is None:
        reader.problem(f"set TOKEN_ENCRYPTION_KEY (comma-separated Fernet keys, newest first); {MAKE_KEY}")
    return ""


def _embedded_key(reader: _Reader, sqlite_file: Path, *, make: bool) -> str:
    """The embedded default keeps its key in a 0600 file beside the database, made on first start."""
    key_file = embedded_key_file(sqlite_file)
    try:
        if key_file.exists():
            key = key_file.read_text().strip()
            TokenCipher.from_setting(key)
            return key
        if not make:
            return ""
        key = TokenCipher.generate_key()
        key_file.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, stat.S_IRUSR | stat.S_IWUSR)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(key + "\n")
    except FileExistsError:
        return key_file.read_text().strip()  # another worker made it a moment ago
    except (OSError, KeyConfigError) as error:
        reader.problem(f"TOKEN_ENCRYPTION_KEY is not set and the key file {key_file} is unusable ({error}); "
                       "set TOKEN_ENCRYPTION_KEY")
        return ""
    reader.notice(f"TOKEN_ENCRYPTION_KEY is not set: generated one into {key_file} (mode 0600). Back it up with "
                  "the database; set TOKEN_ENCRYPTION_KEY in production.")
    return key
