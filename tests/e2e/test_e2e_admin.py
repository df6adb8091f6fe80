"""Admins: install into many workspaces, uninstall purges, Server-to-Server account mode, disconnect."""

from __future__ import annotations

import json
import re
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from html import unescape
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from sqlalchemy import text

from handlers.demo.emulators import SlackEmulator, ZoomEmulator
from handlers.demo.emulators.signing import signed_headers
from storage import SlackUserKey
from tests.harness import (
    SIGNING_SECRET,
    connect_links,
    dump_tables,
    private_texts,
    running_bot,
    said_privately,
    seed_connection,
    wait_for,
)

ALICE = "U0ALICE"


def _slack_event(bot, event: dict, *, team_id: str, event_id: str | None = None, retry: int = 0
                 ) -> requests.Response:
    body = json.dumps({"token": "x", "team_id": team_id, "api_app_id": "A0APP", "type": "event_callback",
                       "event": event, "event_id": event_id or f"Ev{time.time_ns()}", "event_time": int(time.time()),
                       "authorizations": [{"team_id": team_id, "user_id": "UBOT2", "is_bot": True,
                                           "is_enterprise_install": False}]}).encode()
    headers = signed_headers(SIGNING_SECRET, body)
    headers["Content-Type"] = "application/json"
    if retry:  # Slack sends an event again when it heard no 200 within 3 seconds
        headers.update({"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"})
    return requests.post(f"{bot.url}/slack/events", data=body, headers=headers, timeout=10)


# -- installing into many workspaces ------------------------------------------------------------------


@pytest.fixture
def multi_workspace(database_url):
    with ZoomEmulator() as zoom, SlackEmulator() as slack:
        zoom.add_user("carol@example.com")
        zoom.login_as("carol@example.com")
        slack.add_user("U0CAROL", team_id="T0002", name="carol", tz="Europe/Berlin", email="carol@example.com")
        slack.add_channel("C0OTHER", team_id="T0002")
        with running_bot(zoom, slack, database_url, SLACK_BOT_TOKEN="", SLACK_CLIENT_ID=slack.client_id,
                         SLACK_CLIENT_SECRET=slack.client_secret) as bot:
            yield bot


def _install(bot, team_id: str = "T0002", *, rotation: bool = False) -> requests.Response:
    browser = requests.Session()
    page = browser.get(f"{bot.url}/slack/install", timeout=10)
    assert page.status_code == 200
    authorize = unescape(re.search(r'href="([^"]*oauth/v2/authorize[^"]*)"', page.text).group(1))
    assert authorize.startswith(bot.slack.base_url)  # from SLACK_API_URL, not slack.com
    query = parse_qs(urlparse(authorize).query)
    state = query["state"][0]
    # Slack grants what the bot's own authorize link asks for, so a scope missing there is missing here.
    code = bot.slack.new_install_code(team_id=team_id, scopes=query["scope"][0], rotation=rotation)
    return browser.get(f"{bot.url}/slack/oauth_redirect", params={"code": code, "state": state},
                       cookies=_state_cookie(page), timeout=10)


def _installation_rows(bot) -> str:
    rows = dump_tables(bot.services.db.read_engine, ("slack_installations", "slack_bots"))
    assert rows
    return rows


def _state_cookie(install_page: requests.Response) -> dict[str, str]:
    # Bolt marks its state cookie Secure; browsers send it to http://127.0.0.1, requests does not.
    name, _, value = install_page.headers["Set-Cookie"].split(";")[0].partition("=")
    return {name: value}


def test_install_then_use_then_uninstall_purges_the_workspace(multi_workspace):
    bot = multi_workspace
    assert _install(bot).status_code == 200
    bot_token = bot.services.installation_store.find_bot(enterprise_id=None, team_id="T0002").bot_token
    assert bot_token.startswith("xoxb-")
    assert bot_token not in _installation_rows(bot)  # encrypted at rest, like every other secret

    ack = bot.slash("meet Planning 2027-05-04 10:00", user="U0CAROL", channel="C0OTHER", team="T0002")
    assert ack.status_code == 200
    link = wait_for(lambda: connect_links(bot.slack), what="connect prompt")[0]
    assert bot.follow_connect_link(link).status_code == 200
    meeting = wait_for(lambda: bot.zoom.meetings, what="meeting")[0]
    assert meeting.start_utc == datetime(2027, 5, 4, 8, 0, tzinfo=UTC)  # 10:00 CEST
    wait_for(lambda: bot.slack.messages_in("C0OTHER"), what="announcement in the installed workspace")
    key = SlackUserKey(team_id="T0002", user_id="U0CAROL")
    assert bot.services.connections.get(key) is not None

    def auth_tests() -> int:
        return sum(1 for call in bot.slack.calls if call.method == "auth.test")

    before = auth_tests()
    for _ in range(3):
        assert bot.slash("status", user="U0CAROL", channel="C0OTHER", team="T0002").status_code == 200
    assert auth_tests() == before  # authorization is cached: acks do not wait on Slack's auth.test

    assert bot.services.meetings.for_user(key)
    assert _slack_event(bot, {"type": "app_uninstalled"}, team_id="T0002").status_code == 200
    assert bot.services.connections.get(key) is None
    assert bot.services.meetings.for_user(key) == []
    assert bot.services.installation_store.find_bot(enterprise_id=None, team_id="T0002") is None
    wait_for(lambda: bot.zoom.revocations, what="best-effort revocation at Zoom")
    assert [(r.token_kind, r.status) for r in bot.zoom.revocations] == [("access", 200)]
    assert bot.zoom.valid_refresh_tokens_for("carol@example.com") == 0


def test_rotating_slack_bot_tokens_are_refreshed_before_they_expire(multi_workspace):
    bot = multi_workspace
    assert _install(bot, rotation=True).status_code == 200
    first_token = bot.services.installation_store.find_bot(enterprise_id=None, team_id="T0002").bot_token
    assert first_token.startswith("xoxe.xoxb-")
    # Pretend the 12 hours have nearly passed: the token expires within Bolt's 10-minute margin.
    soon = datetime.now(UTC) + timedelta(minutes=3)
    with bot.services.db.write_engine.begin() as connection:
        for table in ("slack_bots", "slack_installations"):
            connection.execute(text(f"UPDATE {table} SET bot_token_expires_at = :soon"),  # noqa: S608
                               {"soon": soon.replace(tzinfo=None)})
    assert bot.slash("help", user="U0CAROL", channel="C0OTHER", team="T0002").status_code == 200
    assert bot.slack.refresh_count == 1
    rotated = bot.services.installation_store.find_bot(enterprise_id=None, team_id="T0002").bot_token
    assert rotated != first_token
    rows = _installation_rows(bot)
    assert first_token not in rows
    assert rotated not in rows
    assert "xoxe-1-" not in rows  # nor the refresh tokens
    # Slack no longer takes the first token; work that needs the bot token must use the rotated one.
    bot.slack.revoke_token(first_token)
    seed_connection(bot.services.connections, bot.zoom, SlackUserKey(team_id="T0002", user_id="U0CAROL"),
                    "carol@example.com")
    bot.slash("meet Rotated 2027-05-04 10:00", user="U0CAROL", channel="C0OTHER", team="T0002")
    posted = wait_for(lambda: bot.slack.messages_in("C0OTHER"), what="a post with the rotated token")
    assert "Rotated" in posted[0].text
    assert bot.slack.spent_refresh_token_uses == 0


def test_a_replayed_install_state_is_refused(multi_workspace):
    bot = multi_workspace
    browser = requests.Session()
    page = browser.get(f"{bot.url}/slack/install", timeout=10)
    authorize = unescape(re.search(r'href="([^"]*oauth/v2/authorize[^"]*)"', page.text).group(1))
    state = parse_qs(urlparse(authorize).query)["state"][0]
    cookie = _state_cookie(page)
    first = browser.get(f"{bot.url}/slack/oauth_redirect",
                        params={"code": bot.slack.new_install_code(), "state": state}, cookies=cookie, timeout=10)
    assert first.status_code == 200
    again = browser.get(f"{bot.url}/slack/oauth_redirect", cookies=cookie,
                        params={"code": bot.slack.new_install_code(team_id="T0009"), "state": state}, timeout=10)
    assert again.status_code >= 400
    assert bot.services.installation_store.find_bot(enterprise_id=None, team_id="T0009") is None


def _install_state(bot) -> tuple[str, dict[str, str]]:
    page = requests.get(f"{bot.url}/slack/install", timeout=10)
    authorize = unescape(re.search(r'href="([^"]*oauth/v2/authorize[^"]*)"', page.text).group(1))
    return parse_qs(urlparse(authorize).query)["state"][0], _state_cookie(page)


def test_install_states_are_stored_hashed(multi_workspace):
    bot = multi_workspace
    state, _ = _install_state(bot)
    rows = dump_tables(bot.services.db.read_engine, ("slack_oauth_states",))
    assert rows
    assert state not in rows


def test_a_cancelled_or_refused_install_gets_a_4xx_page_and_the_code_is_not_logged(multi_workspace, caplog):
    bot = multi_workspace
    state, cookie = _install_state(bot)
    cancelled = requests.get(f"{bot.url}/slack/oauth_redirect", params={"error": "access_denied", "state": state},
                             cookies=cookie, timeout=10)
    assert cancelled.status_code == 400
    assert "Zoom was not installed" in cancelled.text
    state, cookie = _install_state(bot)
    refused = requests.get(f"{bot.url}/slack/oauth_redirect", params={"code": "1234.5678.not-a-real-code",
                                                                      "state": state}, cookies=cookie, timeout=10)
    assert refused.status_code == 401
    assert "Slack did not accept this install" in refused.text
    assert "Failed to fetch oauth.v2.access" in caplog.text  # Bolt did log the failure...
    assert "not-a-real-code" not in caplog.text  # ...without the code
    assert bot.services.installation_store.find_bot(enterprise_id=None, team_id="T0002") is None


# -- single workspace: uninstall and tokens_revoked -------------------------------------------------


@pytest.fixture
def single(database_url):
    with ZoomEmulator() as zoom, SlackEmulator() as slack:
        zoom.add_user("alice@example.com")
        zoom.login_as("alice@example.com")
        slack.add_user(ALICE, email="alice@example.com")
        slack.add_channel("C0GENERAL")
        with running_bot(zoom, slack, database_url) as bot:
            yield bot


def _seed(bot, key: SlackUserKey) -> None:
    seed_connection(bot.services.connections, bot.zoom, key)


def test_tokens_revoked_for_the_bot_purges_the_workspace(single):
    bot = single
    key = SlackUserKey(team_id=bot.slack.team_id, user_id=ALICE)
    _seed(bot, key)
    user_only = {"type": "tokens_revoked", "tokens": {"oauth": ["U0ALICE"], "bot": []}}
    assert _slack_event(bot, user_only, team_id=bot.slack.team_id).status_code == 200
    assert bot.services.connections.get(key) is not None
    bot_revoked = {"type": "tokens_revoked", "tokens": {"bot": ["UBOT"]}}
    assert _slack_event(bot, bot_revoked, team_id=bot.slack.team_id).status_code == 200
    assert bot.services.connections.get(key) is None


def test_a_retried_uninstall_event_is_harmless(single, caplog):
    bot = single
    key = SlackUserKey(team_id=bot.slack.team_id, user_id=ALICE)
    _seed(bot, key)
    for retry in (0, 1, 2):
        response = _slack_event(bot, {"type": "app_uninstalled"}, team_id=bot.slack.team_id, event_id="Ev0SAME",
                                retry=retry)
        assert response.status_code == 200
    assert bot.services.connections.get(key) is None
    wait_for(lambda: bot.zoom.revocations, what="the revocation")
    time.sleep(0.2)
    assert len(bot.zoom.revocations) == 1  # the grant was revoked once, not once per delivery
    assert not [r for r in caplog.records if r.exc_info]


def test_disconnect_revokes_at_zoom_and_deletes(single):
    bot = single
    key = SlackUserKey(team_id=bot.slack.team_id, user_id=ALICE)
    _seed(bot, key)
    bot.slash("disconnect")
    wait_for(lambda: said_privately(bot.slack, "revoked at Zoom and deleted"), what="confirmation")
    assert bot.services.connections.get(key) is None
    assert bot.zoom.valid_refresh_tokens_for("alice@example.com") == 0
    assert [(r.token_kind, r.status) for r in bot.zoom.revocations] == [("access", 200)]


def test_disconnect_with_an_expired_access_token_still_revokes_the_grant(single):
    bot = single
    key = SlackUserKey(team_id=bot.slack.team_id, user_id=ALICE)
    seed_connection(bot.services.connections, bot.zoom, key, expires_in=timedelta(minutes=-5))
    bot.zoom.expire_access_tokens()
    bot.slash("disconnect")
    wait_for(lambda: said_privately(bot.slack, "revoked at Zoom and deleted"), what="confirmation")
    assert bot.services.connections.get(key) is None
    assert bot.zoom.valid_refresh_tokens_for("alice@example.com") == 0
    assert bot.zoom.refresh_count == 1  # exchanged for an access token that Zoom's revoke accepts
    assert [(r.token_kind, r.status) for r in bot.zoom.revocations] == [("access", 200)]


def test_disconnect_while_zoom_is_down_still_deletes_and_says_so(single):
    bot = single
    key = SlackUserKey(team_id=bot.slack.team_id, user_id=ALICE)
    _seed(bot, key)
    bot.zoom.unreachable = True
    bot.slash("disconnect")
    wait_for(lambda: said_privately(bot.slack, "could not be reached"), what="confirmation")
    assert bot.services.connections.get(key) is None


def test_the_ack_never_waits_for_zoom(single):
    bot = single
    _seed(bot, SlackUserKey(team_id=bot.slack.team_id, user_id=ALICE))
    burst = bot.settings.command_workers + 8
    bot.zoom.hold_api()  # Zoom answers nothing until released: more commands than the worker pool has threads
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            acks = list(pool.map(lambda i: bot.slash(f"meet Burst {i} 2027-06-01 10:00"), range(burst)))
        assert [ack.status_code for ack in acks] == [200] * burst
        assert bot.zoom.meetings == []  # every ack came back while Zoom had answered nothing
    finally:
        bot.zoom.release_api()
    wait_for(lambda: len(bot.zoom.meetings) == burst, timeout=60, what="all meetings")


# -- Server-to-Server account mode ------------------------------------------------------------------


@pytest.fixture
def account_mode(database_url):
    with ZoomEmulator(s2s_client_id="s2s-id", s2s_client_secret="s2s-secret") as zoom, SlackEmulator() as slack:
        zoom.token_latency = 0.2  # a slow grant makes a race for the account token show up
        zoom.add_user("owner@example.com")
        for i in range(10):
            zoom.add_user(f"user{i}@example.com")
            slack.add_user(f"U{i:04d}", name=f"user{i}", email=f"user{i}@example.com", tz="Asia/Kolkata")
        slack.add_user("U0STRANGER", email="stranger@example.com")
        slack.add_user("U0NOEMAIL", email=None)
        slack.add_channel("C0GENERAL")
        with running_bot(zoom, slack, database_url, ZOOM_ACCOUNT_ID=zoom.account_id, ZOOM_CLIENT_ID="s2s-id",
                         ZOOM_CLIENT_SECRET="s2s-secret") as bot:
            yield bot


@pytest.mark.parametrize("token_lifetime", [3600, 60], ids=["zoom-hour", "one-minute"])
def test_account_mode_shares_one_grant_for_fifty_meetings(account_mode, token_lifetime):
    bot = account_mode
    bot.zoom.access_token_ttl = token_lifetime
    with ThreadPoolExecutor(max_workers=10) as pool:
        list(pool.map(lambda i: bot.slash(f"meet Sync {i} 2027-07-01 10:00", user=f"U{i % 10:04d}"), range(50)))
    meetings = wait_for(lambda: len(bot.zoom.meetings) == 50 and bot.zoom.meetings, timeout=60, what="50 meetings")
    assert bot.zoom.account_grant_count == 1
    assert {m.host_email for m in meetings} == {f"user{i}@example.com" for i in range(10)}
    assert {m.start_utc for m in meetings} == {datetime(2027, 7, 1, 4, 30, tzinfo=UTC)}  # 10:00 IST


def test_account_mode_names_the_email_it_tried(account_mode):
    bot = account_mode
    bot.slash("meet Hello 2027-07-01 10:00", user="U0STRANGER")
    wait_for(lambda: said_privately(bot.slack, "stranger@example.com"), what="the answer")
    assert bot.zoom.meetings == []


def test_account_mode_without_a_slack_email_says_which_permission_is_missing(account_mode):
    bot = account_mode
    bot.slash("meet Hello 2027-07-01 10:00", user="U0NOEMAIL")
    wait_for(lambda: said_privately(bot.slack, "users:read.email"), what="the answer")
    assert bot.zoom.meetings == []


def test_account_mode_status_names_the_zoom_user(account_mode):
    bot = account_mode
    for user in ("U0001", "U0STRANGER", "U0NOEMAIL"):
        bot.slash("status", user=user)
    wait_for(lambda: said_privately(bot.slack, "Zoom user *user1@example.com*")
             and said_privately(bot.slack, "no Zoom user* with your Slack email `stranger@example.com`")
             and said_privately(bot.slack, "does not share your email"), what="three status answers")
    assert bot.zoom.account_grant_count == 1
    assert bot.zoom.meetings == []


def test_account_mode_has_nothing_to_connect(account_mode):
    bot = account_mode
    bot.slash("connect", user="U0001")
    bot.slash("disconnect", user="U0001")
    wait_for(lambda: sum(t.count("organisation's Zoom account") for t in private_texts(bot.slack)) >= 2, what="answers")
    assert connect_links(bot.slack) == []  # no link to connect anything was offered


def test_admin_meeting_defaults_reach_zoom(database_url):
    with ZoomEmulator() as zoom, SlackEmulator() as slack:
        zoom.add_user("alice@example.com")
        slack.add_user(ALICE, email="alice@example.com")
        slack.add_channel("C0GENERAL")
        overrides = {"ZOOM_DEFAULT_DURATION": "25", "ZOOM_WAITING_ROOM": "false", "ZOOM_JOIN_BEFORE_HOST": "true",
                     "ZOOM_MUTE_UPON_ENTRY": "false", "ZOOM_AUTO_RECORDING": "cloud", "ZOOM_REQUIRE_PASSCODE": "false"}
        with running_bot(zoom, slack, database_url, **overrides) as bot:
            _seed(bot, SlackUserKey(team_id=slack.team_id, user_id=ALICE))
            bot.slash("meet Defaults 2027-08-01 10:00")
            meeting = wait_for(lambda: zoom.meetings, what="meeting")[0]
    body = meeting.request_body
    assert body["duration"] == 25
    assert body["default_password"] is False
    assert meeting.password is None
    assert {k: body["settings"][k] for k in ("waiting_room", "join_before_host", "mute_upon_entry",
                                             "auto_recording")} == {
        "waiting_room": False, "join_before_host": True, "mute_upon_entry": False, "auto_recording": "cloud"}


def test_account_token_rejected_early_is_replaced_once(account_mode):
    bot = account_mode
    bot.slash("meet First 2027-07-02 10:00", user="U0001")
    wait_for(lambda: len(bot.zoom.meetings) == 1, what="first meeting")
    bot.zoom.expire_access_tokens()  # Zoom says 401/124 although the cached token looks fresh
    with ThreadPoolExecutor(max_workers=5) as pool:
        list(pool.map(lambda i: bot.slash(f"meet After {i} 2027-07-02 11:00", user=f"U{i:04d}"), range(5)))
    wait_for(lambda: len(bot.zoom.meetings) == 6, what="meetings after the rejection")
    assert bot.zoom.account_grant_count == 2
