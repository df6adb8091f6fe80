"""LOG_LEVEL=DEBUG through a whole connect, meet, refresh and disconnect over real sockets: everything logged,
by every logger, is searched for every secret value the emulators issued or the bot was configured with.

Run twice: with the libraries held at the floors the bot sets, and with those floors lifted (every library
and its child loggers at DEBUG, request lines and bodies included), which only redaction can make safe.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Iterator

import pytest

from handlers.demo.emulators import SlackEmulator, ZoomEmulator
from tests.harness import (
    SIGNING_SECRET,
    LogCapture,
    add_alice,
    connect_links,
    running_bot,
    said_privately,
    wait_for,
)

# The libraries that log requests at DEBUG, and child loggers that would log past a parent's level.
# (Not SQLAlchemy's echo: no LOG_LEVEL turns it on, and it logs bound parameters, which have no shape.)
LIFTED = ("slack_sdk", "slack_sdk.web.base_client", "slack_sdk.webhook.client", "slack_bolt", "slack_bolt.App",
          "urllib3", "urllib3.connectionpool", "requests", "werkzeug", "waitress")


@pytest.fixture
def root_at_debug() -> Iterator[None]:
    root = logging.getLogger()
    before = root.level
    root.setLevel(logging.DEBUG)
    yield
    root.setLevel(before)


@pytest.fixture
def restored_levels() -> Iterator[None]:
    levels = {name: logging.getLogger(name).level for name in LIFTED}
    yield
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


class _Issued:
    """Every secret the emulators hand out during the test, recorded as they hand it out."""

    def __init__(self, zoom: ZoomEmulator, slack: SlackEmulator, monkeypatch: pytest.MonkeyPatch) -> None:
        self.zoom_tokens: list[str] = []
        self.code_verifiers: list[str] = []
        self.response_urls: list[str] = []
        issue, grant, new_url = zoom._issue_user_tokens, zoom._token_grant, slack.new_response_url

        def issue_user_tokens(*args, **kwargs):
            tokens = issue(*args, **kwargs)
            self.zoom_tokens += [tokens["access_token"], tokens["refresh_token"]]
            return tokens

        def token_grant(request, form, grant_type):
            if form is not None and form.get("code_verifier"):
                self.code_verifiers.append(form["code_verifier"])
            return grant(request, form, grant_type)

        def new_response_url(**kwargs):
            url = new_url(**kwargs)
            self.response_urls.append(url)
            return url

        monkeypatch.setattr(zoom, "_issue_user_tokens", issue_user_tokens)
        monkeypatch.setattr(zoom, "_token_grant", token_grant)
        monkeypatch.setattr(slack, "new_response_url", new_response_url)


def _secrets(bot, issued: _Issued) -> dict[str, list[str]]:
    zoom, slack = bot.zoom, bot.slack
    basic = base64.b64encode(f"{zoom.client_id}:{zoom.client_secret}".encode()).decode()
    return {
        "zoom access and refresh tokens": issued.zoom_tokens,
        "OAuth codes": [r.code for r in zoom.token_requests if r.code],
        "refresh tokens presented": [r.refresh_token for r in zoom.token_requests if r.refresh_token],
        "OAuth states": [r["state"] for r in zoom.authorize_requests if r.get("state")],
        "PKCE verifiers": issued.code_verifiers,
        "client secret": [zoom.client_secret, basic],
        "signing secret": [SIGNING_SECRET],
        "bot token": [slack.bot_token],
        "token encryption key": [bot.settings.token_encryption_keys],
        "response_urls": issued.response_urls,
        # the secret part of a response_url, should a log line show it decoded or split
        "response_url secrets": [url.rsplit("/", 1)[-1] for url in issued.response_urls],
        "start_urls": [m.start_url for m in zoom.meetings],
        "zak values": [m.start_secret for m in zoom.meetings],
        "passcodes": [m.password for m in zoom.meetings if m.password],
    }


@pytest.mark.parametrize("floors", ["as-set", "lifted"])
def test_a_debug_run_logs_no_secret(zoom_and_slack, database_url, floors, monkeypatch, root_at_debug,
                                    restored_levels, capfd):
    zoom, slack = zoom_and_slack
    issued = _Issued(zoom, slack, monkeypatch)
    early, late = LogCapture(), LogCapture()
    logging.getLogger().addHandler(early)  # present when the bot sets its logging up: gets its filter
    try:
        with running_bot(zoom, slack, database_url, LOG_LEVEL="DEBUG") as bot:
            logging.getLogger().addHandler(late)  # added afterwards, as gunicorn or a log config would
            if floors == "lifted":
                for name in LIFTED:
                    logging.getLogger(name).setLevel(logging.DEBUG)
            assert bot.slash("connect").status_code == 200
            page = bot.follow_connect_link(wait_for(lambda: connect_links(slack), what="connect link")[0])
            assert page.status_code == 200
            assert bot.slash("meet Design review 2027-01-12 14:30").status_code == 200
            meeting = wait_for(lambda: zoom.meetings, what="the meeting")[0]
            wait_for(lambda: said_privately(slack, meeting.start_url), what="the host's start link")
            zoom.expire_access_tokens()
            assert bot.slash("meet Follow-up 2027-01-13 10:00").status_code == 200
            wait_for(lambda: len(zoom.meetings) == 2, what="the meeting after a refresh")
            bot.settle()
            assert bot.slash("disconnect").status_code == 200
            wait_for(lambda: said_privately(slack, "revoked at Zoom and deleted"), what="the disconnect")
            bot.settle()
            secrets = _secrets(bot, issued)
    finally:
        logging.getLogger().removeHandler(early)
        logging.getLogger().removeHandler(late)
    assert zoom.refresh_count == 1
    assert [r.status for r in zoom.revocations] == [200]

    captured = capfd.readouterr()
    logged = "\n".join([*early.lines, *late.lines, captured.out, captured.err])
    assert "Slack user U0ALICE connected Zoom user" in logged  # the bot's own lines are there
    if floors == "lifted":  # and so are the libraries' request lines, where the secrets would be
        assert "/oauth/token" in logged
        assert "DEBUG slack_sdk.web.base_client" in logged
        assert "DEBUG urllib3.connectionpool" in logged
        assert "[redacted" in logged
    values = [(kind, value) for kind, found in secrets.items() for value in found]
    assert all(found for found in secrets.values()), {kind: len(found) for kind, found in secrets.items()}
    leaked = sorted({kind for kind, value in values if value in logged})
    assert leaked == [], f"{len(values)} secret values, leaked: {leaked}"


@pytest.fixture
def zoom_and_slack() -> Iterator[tuple[ZoomEmulator, SlackEmulator]]:
    with ZoomEmulator() as zoom, SlackEmulator() as slack:
        add_alice(zoom, slack)
        yield zoom, slack
