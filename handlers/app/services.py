"""The bot's parts, built once from the settings and handed to every listener and route."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta

import requests
import requests.adapters
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from handlers.app.config import Settings
from handlers.app.durable import CommandRunner, CommandSink
from handlers.app.installations import EncryptedInstallationStore
from handlers.app.zoom_tokens import AccountTokenSource, StaticTokenSource, UserTokenSource
from storage import (
    CommandStore,
    ConnectionStore,
    Database,
    MeetingLog,
    NotConnected,
    OAuthStateStore,
    PreferenceStore,
    RatePacer,
    SlackUserKey,
    TokenCipher,
)
from storage.account_tokens import AccountTokenCache
from zoom import ZoomApi, ZoomOAuthClient, ZoomRateLimited
from zoom.api import Pacer, TokenSource


@dataclass
class Services:
    settings: Settings
    db: Database
    cipher: TokenCipher
    connections: ConnectionStore
    states: OAuthStateStore
    meetings: MeetingLog
    preferences: PreferenceStore  # each user's meeting defaults, and who has opened the Home tab
    account_tokens: AccountTokenCache
    zoom_oauth: ZoomOAuthClient
    commands: CommandStore
    # The runner itself (in the runner's process, or with COMMAND_RUNNER=thread), or a RunnerProcess that
    # hands commands to one beside this process.
    runner: CommandSink
    pacer: RatePacer
    http: requests.Session
    slack_clients: SlackClients

    @property
    def slack_client(self) -> WebClient:
        """The client of the one workspace (SLACK_BOT_TOKEN), or a token-less one that Bolt completes."""
        return self.slack_clients.default

    @property
    def installation_store(self) -> EncryptedInstallationStore | None:
        return self.slack_clients.installations

    def slack_client_for(self, key: SlackUserKey) -> WebClient:
        return self.slack_clients.for_workspace(key)

    def zoom_as_user(self, key: SlackUserKey) -> ZoomApi:
        """The Zoom API with this Slack user's own grant (user OAuth mode); NotConnected without one."""
        connection = self.connections.get(key)
        if connection is None:
            raise NotConnected
        account = connection.zoom_account_id or f"user:{connection.zoom_user_id}"
        return self._zoom(UserTokenSource(self.connections, key, self.zoom_oauth), self._paced(account))

    def zoom_as_account(self) -> ZoomApi:
        """The Zoom API with the Server-to-Server account token (account mode)."""
        tokens = AccountTokenSource(self.account_tokens, self.zoom_oauth, self.settings.zoom_account_id)
        return self._zoom(tokens, self._paced(self.settings.zoom_account_id))

    def zoom_with_token(self, access_token: str) -> ZoomApi:
        return self._zoom(StaticTokenSource(access_token))

    def _zoom(self, tokens: TokenSource, pacer: Pacer | None = None) -> ZoomApi:
        return ZoomApi(self.settings.zoom_api_url, tokens, session=self.http, pacer=pacer)

    def _paced(self, account: str) -> AccountPacer:
        return AccountPacer(self.pacer, account, 1.0 / self.settings.zoom_rate_limit)

    def close(self) -> None:
        self.runner.close()
        self.db.dispose()


class SlackClients:
    """Web API clients: the one workspace's, or, installed into many (SLACK_CLIENT_ID and SECRET), each
    workspace's own, from its encrypted installation."""

    def __init__(self, settings: Settings, installations: EncryptedInstallationStore | None):
        self.default = slack_web_client(settings.slack_bot_token or None, settings.slack_api_url)
        self.installations = installations
        self._api_url = settings.slack_api_url

    def for_workspace(self, key: SlackUserKey) -> WebClient:
        """A client holding the bot token of that workspace."""
        if self.installations is None:
            return self.default
        bot = self.installations.find_bot(enterprise_id=key.enterprise_id or None, team_id=key.team_id or None,
                                          is_enterprise_install=False)
        if bot is None or not bot.bot_token:
            raise LookupError(f"no installation for team {key.team_id}")
        return slack_web_client(bot.bot_token, self._api_url)


# A worker thread waits its account's turn up to this long (a few intervals at the limit); longer, it lets go.
MAX_PACING_SLEEP_SECONDS = 3.0


class AccountPacer:
    """zoom.api's Pacer for one Zoom account, over the database-wide RatePacer."""

    def __init__(self, pacer: RatePacer, account: str, interval_seconds: float):
        self._pacer = pacer
        self._account = account
        self._interval = timedelta(seconds=interval_seconds)

    def wait_turn(self) -> None:
        wait = self._pacer.reserve(self._account, self._interval)
        if wait > MAX_PACING_SLEEP_SECONDS:
            # The account is paused (Zoom said 429) or its queue is long: give the worker thread back, so that
            # other accounts' commands are not stuck behind this one; the command comes back after the wait.
            raise ZoomRateLimited("this Zoom account is paused by its rate limit", retry_after=wait)
        if wait > 0:
            time.sleep(wait)

    def pause(self, seconds: float) -> None:
        self._pacer.pause(self._account, seconds)


def slack_web_client(token: str | None, api_url: str) -> WebClient:
    """A Web API client that waits out Slack's 429s (Retry-After) a couple of times before failing."""
    return WebClient(token=token, base_url=api_url, timeout=15,
                     retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=2)])


def build_services(settings: Settings, *, migrate: bool = True) -> Services:
    db = Database(settings.database_url, pool_size=settings.database_pool_size)
    if migrate:
        db.migrate()
    cipher = TokenCipher.from_setting(settings.token_encryption_keys)
    http = requests.Session()
    http.headers["User-Agent"] = "zoom-for-slack/0.1"
    # One pooled connection per worker thread, so a burst does not churn TCP connections to Zoom.
    adapter = requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=settings.command_workers)
    http.mount("https://", adapter)
    http.mount("http://", adapter)
    commands = CommandStore(db, cipher)
    slack_clients = SlackClients(settings, EncryptedInstallationStore(settings.slack_client_id, db.write_engine, cipher)
                                 if settings.slack_oauth_install else None)
    runner = CommandRunner[Services](commands, workers=settings.command_workers,
                                     lease=timedelta(seconds=settings.command_lease_seconds),
                                     slack_client_for=lambda origin: slack_clients.for_workspace(origin.key))
    return Services(
        settings=settings,
        db=db,
        cipher=cipher,
        connections=ConnectionStore(db, cipher),
        states=OAuthStateStore(db, cipher),
        meetings=MeetingLog(db, cipher),
        preferences=PreferenceStore(db),
        account_tokens=AccountTokenCache(db, cipher),
        zoom_oauth=ZoomOAuthClient(settings.zoom_oauth_url, settings.zoom_client_id, settings.zoom_client_secret,
                                   session=http),
        commands=commands,
        runner=runner,
        pacer=RatePacer(db),
        http=http,
        slack_clients=slack_clients,
    )
