"""Each branch of `python bot.py check`'s checks (handlers/app/check.py), against the emulators on real sockets
and real databases. The whole command, as a process, is in tests/e2e/test_cli_process.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from handlers.app.check import (
    Check,
    Report,
    check_database,
    check_encryption_key,
    check_public_url,
    check_slack,
    check_zoom,
    run_checks,
    urls_to_register,
)
from handlers.app.config import Settings, load_settings
from handlers.demo.emulators import SlackEmulator, ZoomEmulator
from storage import TokenCipher
from tests.harness import free_port
from zoom import ZoomApiError, ZoomOAuthClient

KEY = TokenCipher.generate_key()


@pytest.fixture(scope="module")
def zoom() -> Iterator[ZoomEmulator]:
    with ZoomEmulator(s2s_client_id="s2s-id", s2s_client_secret="s2s-secret") as emulator:
        yield emulator


@pytest.fixture(scope="module")
def slack() -> Iterator[SlackEmulator]:
    with SlackEmulator(team_name="Acme") as emulator:
        emulator.add_app_token("xapp-1-good")
        yield emulator


def environ(zoom: ZoomEmulator, slack: SlackEmulator, **overrides: str) -> dict[str, str]:
    env = {
        "SLACK_SIGNING_SECRET": "signing-secret",
        "SLACK_BOT_TOKEN": slack.bot_token,
        "SLACK_API_URL": slack.api_url,
        "ZOOM_CLIENT_ID": zoom.client_id,
        "ZOOM_CLIENT_SECRET": zoom.client_secret,
        "ZOOM_OAUTH_URL": zoom.oauth_url,
        "PUBLIC_URL": "https://bot.acme.io",
        "DATABASE_URL": "sqlite:///:memory:",
        "TOKEN_ENCRYPTION_KEY": KEY,
        **overrides,
    }
    return {name: value for name, value in env.items() if value}


def settings(zoom: ZoomEmulator, slack: SlackEmulator, **overrides: str) -> Settings:
    return load_settings(environ(zoom, slack, **overrides), dotenv_path=None, make_key=False)


def closed_url() -> str:
    return f"http://127.0.0.1:{free_port()}"


# -- PUBLIC_URL -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("url", "ok", "words"), [
    ("https://bot.acme.io", True, "(https)"),
    ("http://localhost:3000", True, "this machine"),
    ("http://127.0.0.1:3000", True, "this machine"),
    ("http://bot.acme.io", False, "not https"),
    ("https://zoombot.example", False, "placeholder"),
    ("https://bot.test", False, "placeholder"),
    ("https://ZoomBot.Example.", False, "placeholder"),
])
def test_public_url(zoom, slack, url, ok, words):
    result = check_public_url(settings(zoom, slack, PUBLIC_URL=url))
    assert result.ok is ok
    assert words in result.detail
    assert bool(result.fix) is not ok


def test_a_live_placeholder_is_refused_at_start(zoom, slack):
    # zoombot.example.com resolves to a real site: serving with it would send Zoom's redirects there.
    from handlers.app.config import ConfigError

    with pytest.raises(ConfigError) as refused:
        settings(zoom, slack, PUBLIC_URL="https://zoombot.example.com")
    assert any("PUBLIC_URL https://zoombot.example.com is a placeholder" in p for p in refused.value.problems)


# -- TOKEN_ENCRYPTION_KEY -------------------------------------------------------------------------------------

def test_encryption_key_configured(zoom, slack):
    result = check_encryption_key(settings(zoom, slack, TOKEN_ENCRYPTION_KEY=f"{KEY},{TokenCipher.generate_key()}"))
    assert result.ok
    assert result.detail == "2 well-formed Fernet keys"


def test_embedded_key_not_made_yet_is_reported_and_not_made(zoom, slack, tmp_path):
    database = tmp_path / "zoombot.db"
    result = check_encryption_key(settings(zoom, slack, TOKEN_ENCRYPTION_KEY="", DATABASE_URL=f"sqlite:///{database}"))
    assert result.ok
    assert f"the first start generates {database}.key" in result.detail
    assert list(tmp_path.iterdir()) == []


def test_embedded_key_read_from_its_file(zoom, slack, tmp_path):
    (tmp_path / "zoombot.db.key").write_text(KEY + "\n")
    result = check_encryption_key(settings(zoom, slack, TOKEN_ENCRYPTION_KEY="",
                                           DATABASE_URL=f"sqlite:///{tmp_path}/zoombot.db"))
    assert result.ok
    assert "read from" in result.detail


def test_a_database_without_its_key_file_fails(zoom, slack, tmp_path):
    (tmp_path / "zoombot.db").write_bytes(b"")
    result = check_encryption_key(settings(zoom, slack, TOKEN_ENCRYPTION_KEY="",
                                           DATABASE_URL=f"sqlite:///{tmp_path}/zoombot.db"))
    assert not result.ok
    assert "cannot be decrypted" in result.detail
    assert "restore" in result.fix


# -- database ---------------------------------------------------------------------------------------------------

def test_sqlite_not_created_yet(zoom, slack, tmp_path):
    result = check_database(settings(zoom, slack, DATABASE_URL=f"sqlite:///{tmp_path}/zoombot.db"))
    assert result.ok
    assert "not created yet" in result.detail
    assert list(tmp_path.iterdir()) == []


def test_sqlite_in_a_folder_that_does_not_exist(zoom, slack, tmp_path):
    result = check_database(settings(zoom, slack, DATABASE_URL=f"sqlite:///{tmp_path}/gone/zoombot.db"))
    assert not result.ok
    assert "does not exist" in result.detail


def test_schema_states_and_migrate(zoom, slack, database_url):
    config = settings(zoom, slack, DATABASE_URL=database_url)
    if database_url.startswith("sqlite"):
        Path(database_url.removeprefix("sqlite:///")).touch()  # the file exists, with no schema
    empty = check_database(config)
    assert empty.ok
    assert "no schema yet" in empty.detail

    migrated = check_database(config, migrate=True)
    assert migrated.ok
    assert "migrated: at revision" in migrated.detail
    current = check_database(config)
    assert current.ok
    assert "the newest" in current.detail

    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0004'"))
    behind = check_database(config)
    assert behind.ok
    assert "at revision 0004; the first start applies 0005" in behind.detail
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    ahead = check_database(config)
    assert not ahead.ok
    assert "9999, which this version of the bot does not know" in ahead.detail


def test_database_unreachable(zoom, slack):
    port = free_port()
    result = check_database(settings(zoom, slack, DATABASE_URL=f"postgresql+psycopg://bot:pw-secret@127.0.0.1:{port}/x"))
    assert not result.ok
    assert "cannot be reached (OperationalError" in result.detail
    assert "pw-secret" not in result.line()
    assert "check DATABASE_URL" in result.fix


# -- Slack ------------------------------------------------------------------------------------------------------

def test_slack_bot_token_shows_workspace_and_bot(zoom, slack):
    [result] = check_slack(settings(zoom, slack))
    assert result.ok
    assert result.detail.startswith("auth.test: workspace Acme (T")
    assert "bot @zoombot" in result.detail


def test_slack_bot_token_refused(zoom, slack):
    [result] = check_slack(settings(zoom, slack, SLACK_BOT_TOKEN="xoxb-unknown"))
    assert not result.ok
    assert "(invalid_auth)" in result.detail
    assert "OAuth & Permissions" in result.fix
    assert "xoxb-unknown" not in result.line()


def test_slack_unreachable(zoom, slack):
    [result] = check_slack(settings(zoom, slack, SLACK_API_URL=closed_url() + "/api/"))
    assert not result.ok
    assert "could not be reached" in result.detail


def test_slack_install_credentials(zoom, slack):
    install = {"SLACK_BOT_TOKEN": "", "SLACK_CLIENT_ID": slack.client_id, "SLACK_CLIENT_SECRET": slack.client_secret}
    [good] = check_slack(settings(zoom, slack, **install))
    assert good.ok
    assert "accepted by oauth.v2.access" in good.detail
    [bad] = check_slack(settings(zoom, slack, **{**install, "SLACK_CLIENT_SECRET": "wrong"}))
    assert not bad.ok
    assert "(bad_client_secret)" in bad.detail


def test_slack_answering_the_probe_with_anything_else_checks_nothing(zoom, slack, monkeypatch):
    # Only invalid_code (the made-up code refused after the credentials passed) is a pass; Slack's own trouble
    # (internal_error, ratelimited) has checked nothing.
    from slack_sdk import WebClient
    from slack_sdk.errors import SlackApiError

    def trouble(self, **kwargs):
        raise SlackApiError("trouble", {"ok": False, "error": "internal_error"})

    monkeypatch.setattr(WebClient, "oauth_v2_access", trouble)
    install = {"SLACK_BOT_TOKEN": "", "SLACK_CLIENT_ID": slack.client_id, "SLACK_CLIENT_SECRET": slack.client_secret}
    [unsure] = check_slack(settings(zoom, slack, **install))
    assert not unsure.ok
    assert "answered internal_error" in unsure.detail


def test_socket_mode_app_token(zoom, slack):
    _, good = check_slack(settings(zoom, slack, SLACK_APP_TOKEN="xapp-1-good"))
    assert good.ok
    _, bad = check_slack(settings(zoom, slack, SLACK_APP_TOKEN="xapp-1-unknown"))
    assert not bad.ok
    assert "apps.connections.open refused SLACK_APP_TOKEN (invalid_auth)" in bad.detail


# -- Zoom -------------------------------------------------------------------------------------------------------

def test_zoom_oauth_server_answers(zoom, slack):
    [result] = check_zoom(settings(zoom, slack))
    assert result.ok


@pytest.mark.parametrize(("answer", "words"), [
    (ZoomApiError("Bad Request", status=400, code=300), "could not be checked"),
    (None, "never issued"),  # a made-up refresh token accepted: that is no Zoom OAuth server
])
def test_zoom_answering_the_probe_unlike_zoom_checks_nothing(zoom, slack, monkeypatch, answer, words):
    def probe(self, refresh_token):
        if answer is not None:
            raise answer
        return

    monkeypatch.setattr(ZoomOAuthClient, "refresh", probe)
    [result] = check_zoom(settings(zoom, slack))
    assert not result.ok
    assert words in result.detail


def test_zoom_refuses_the_client(zoom, slack):
    [result] = check_zoom(settings(zoom, slack, ZOOM_CLIENT_SECRET="wrong"))
    assert not result.ok
    assert "invalid_client" in result.detail


def test_zoom_unreachable(zoom, slack):
    [result] = check_zoom(settings(zoom, slack, ZOOM_OAUTH_URL=closed_url()))
    assert not result.ok
    assert result.detail == "could not be reached"


def test_account_mode(zoom, slack):
    account = {"ZOOM_CLIENT_ID": "s2s-id", "ZOOM_CLIENT_SECRET": "s2s-secret", "ZOOM_ACCOUNT_ID": zoom.account_id}
    server, token = check_zoom(settings(zoom, slack, **account))
    assert server.ok
    assert token.ok
    _, wrong_account = check_zoom(settings(zoom, slack, **{**account, "ZOOM_ACCOUNT_ID": "other"}))
    assert not wrong_account.ok
    assert "Invalid account_id" in wrong_account.detail
    # A General app's credentials: Zoom does not give them an account token.
    server, user_app = check_zoom(settings(zoom, slack, **{**account, "ZOOM_CLIENT_ID": zoom.client_id,
                                                           "ZOOM_CLIENT_SECRET": zoom.client_secret}))
    assert not user_app.ok
    refused, not_tried = check_zoom(settings(zoom, slack, **{**account, "ZOOM_CLIENT_SECRET": "wrong"}))
    assert not refused.ok
    assert not not_tried.ok
    unreachable, _ = check_zoom(settings(zoom, slack, **account, ZOOM_OAUTH_URL=closed_url()))
    assert unreachable.detail == "could not be reached"


# -- the URLs, the report ---------------------------------------------------------------------------------------

def test_urls_in_each_mode(zoom, slack):
    http = dict(urls_to_register(settings(zoom, slack)))
    assert http["Zoom app > OAuth Redirect URL, and the OAuth Allow List"] == "https://bot.acme.io/zoom/oauth/callback"
    assert http["Slack app > Slash Commands > /zoom > Request URL"] == "https://bot.acme.io/slack/events"
    assert "https://bot.acme.io/zoom/webhooks" in http.values()
    account = dict(urls_to_register(settings(zoom, slack, ZOOM_ACCOUNT_ID="a")))
    assert not any("Redirect" in where for where in account)
    socket = dict(urls_to_register(settings(zoom, slack, SLACK_APP_TOKEN="xapp-1-good")))
    assert "https://bot.acme.io/slack/events" not in socket.values()
    assert "socket_mode_enabled: true" in socket["Slack app > Socket Mode"]
    install = dict(urls_to_register(settings(zoom, slack, SLACK_BOT_TOKEN="", SLACK_CLIENT_ID="c",
                                             SLACK_CLIENT_SECRET="s")))
    assert install["Slack app > OAuth & Permissions > Redirect URLs"] == "https://bot.acme.io/slack/oauth_redirect"
    assert install["Workspaces install the app from"] == "https://bot.acme.io/slack/install"


def test_report_lines_and_verdict():
    report = Report([Check("a", True, "fine"), Check("b", False, "broken", "mend it")], [("Zoom app", "https://x")])
    assert report.lines() == ["ok    a: fine", "FAIL  b: broken -> fix: mend it", "",
                              "Register these URLs (copy them exactly):", "  Zoom app: https://x", "",
                              "1 of 2 checks failed."]
    assert not report.passed
    assert Report([Check("a", True, "fine")]).passed


def test_configuration_problems_are_each_a_failed_check(zoom, slack):
    report = run_checks(environ(zoom, slack, LOG_LEVEL="LOUD", PORT="0"), dotenv_path=None)
    assert [check.name for check in report.checks] == ["configuration", "configuration"]
    assert not report.passed
    assert "once it loads" in report.lines()[-1]
