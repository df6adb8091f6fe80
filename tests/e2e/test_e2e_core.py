"""The product's spine end to end: signed slash commands into the real app, strict Zoom and Slack emulators.

Nothing is patched: the bot finds the emulators only through SLACK_API_URL, ZOOM_OAUTH_URL and ZOOM_API_URL.
"""

from __future__ import annotations

import json
import re
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlparse
from zoneinfo import ZoneInfo

import pytest
import requests

from handlers.demo.emulators import START_URL_MARKER, SlackEmulator, ZoomEmulator
from handlers.demo.emulators.signing import signed_headers
from tests.harness import (
    SIGNING_SECRET,
    button_urls,
    connect_links,
    dump_tables,
    open_like_a_browser,
    private_texts,
    running_bot,
    said_privately,
    wait_for,
)

ALICE, BOB = "U0ALICE", "U0BOB"
GENERAL, PRIVATE_NO_BOT, DM = "C0GENERAL", "G0SECRET", "D0ALICEBOB"
NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture
def zoom():
    with ZoomEmulator() as emulator:
        emulator.add_user("alice@example.com", first_name="Alice")
        emulator.login_as("alice@example.com")
        yield emulator


@pytest.fixture
def slack():
    with SlackEmulator() as emulator:
        emulator.add_user(ALICE, name="alice", real_name="Alice Example", tz="America/New_York",
                          email="alice@example.com")
        emulator.add_user(BOB, name="bob", real_name="Bob", tz="Asia/Kolkata", email="bob@example.com")
        emulator.add_channel(GENERAL, name="general")
        emulator.add_channel(PRIVATE_NO_BOT, name="secret", is_private=True, bot_is_member=False)
        emulator.add_channel(DM, name="", is_im=True, bot_is_member=False)
        yield emulator


@pytest.fixture
def bot(zoom, slack, database_url):
    with running_bot(zoom, slack, database_url) as running:
        yield running


def _connect_link(slack: SlackEmulator, count: int = 1) -> str:
    return wait_for(lambda: connect_links(slack)[count - 1:], what="a connect prompt")[-1]


def _connect(bot) -> requests.Response:
    """`/zoom connect` and the browser round trip; returns the callback page."""
    assert bot.slash("connect").status_code == 200
    return bot.follow_connect_link(_connect_link(bot.slack))


def _connected(bot) -> None:
    assert _connect(bot).status_code == 200
    assert bot.services.connections.get(bot_key(bot.slack)) is not None


def _announcements(slack: SlackEmulator) -> list[dict]:
    posted = [m.params for m in slack.messages if "zoom_join" in json.dumps(m.params)]
    posted += [r.payload for r in slack.responses if r.payload.get("response_type") == "in_channel"]
    return posted


def test_first_meet_connects_then_creates_and_announces(bot, zoom, slack):
    ack = bot.slash("meet Design review 2027-01-12 14:30")
    assert ack.status_code == 200
    link = _connect_link(slack)
    query = parse_qs(urlparse(link).query)
    assert link.startswith(f"{zoom.oauth_url}/oauth/authorize?")
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"]
    assert query["redirect_uri"] == [f"{bot.url}/zoom/oauth/callback"]
    assert zoom.meetings == []  # nothing is created before the user connects

    page = bot.follow_connect_link(link)
    assert page.status_code == 200
    assert "Connected as alice@example.com" in page.text

    meeting = wait_for(lambda: zoom.meetings, what="the meeting")[0]
    assert meeting.start_utc == datetime(2027, 1, 12, 19, 30, tzinfo=UTC)  # 14:30 EST
    assert meeting.request_body["topic"] == "Design review"
    assert meeting.request_body["settings"]["waiting_room"] is True
    announcement = wait_for(lambda: _announcements(slack), what="the channel message")[0]
    blob = json.dumps(announcement)
    assert meeting.join_url in blob
    assert button_urls(announcement["blocks"])["zoom_join"] == meeting.join_url
    assert f"<!date^{int(meeting.start_utc.timestamp())}^" in announcement["blocks"][1]["fields"][0]["text"]
    wait_for(lambda: said_privately(slack, meeting.start_url), what="host confirmation")
    # the host link and the passcode went privately to the host, and nowhere else
    assert START_URL_MARKER not in json.dumps(_announcements(slack))
    assert meeting.password
    assert said_privately(slack, meeting.password)
    assert meeting.password not in json.dumps(_announcements(slack)).replace(meeting.join_url, "")
    assert len(zoom.meetings) == 1


def test_connected_user_meets_at_the_right_instant_and_tokens_stay_secret(bot, zoom, slack):
    _connected(bot)
    now_ny = datetime.now(NEW_YORK)
    bot.slash("meet Sync tomorrow 3pm for 45m")
    meeting = wait_for(lambda: zoom.meetings, what="the meeting")[0]
    tomorrow = (now_ny + timedelta(days=1)).date()
    expected = datetime(tomorrow.year, tomorrow.month, tomorrow.day, 15, 0, tzinfo=NEW_YORK)
    assert meeting.start_utc == expected.astimezone(UTC)
    assert meeting.request_body["duration"] == 45
    wait_for(lambda: _announcements(slack), what="announcement")

    zoom.expire_access_tokens()
    bot.slash("meet Again tomorrow 4pm")  # forces a refresh, so a refresh token is presented and recorded
    wait_for(lambda: len(zoom.meetings) == 2, what="second meeting")
    dump = dump_tables(bot.services.db.read_engine)
    presented = [r.refresh_token for r in zoom.token_requests if r.refresh_token]
    current = bot.services.connections.access_token(bot_key(slack), refresh=lambda _: pytest.fail("fresh"))
    assert presented
    for secret in [*presented, current]:
        assert secret not in dump
    assert "alice@example.com" in dump
    assert START_URL_MARKER not in dump


def test_expired_access_token_is_refreshed_and_the_old_refresh_token_never_reused(bot, zoom, slack):
    _connected(bot)
    zoom.expire_access_tokens()
    bot.slash("meet First 2027-02-01 10:00")
    wait_for(lambda: len(zoom.meetings) == 1, what="first meeting")
    zoom.expire_access_tokens()
    bot.slash("meet Second 2027-02-01 11:00")
    wait_for(lambda: len(zoom.meetings) == 2, what="second meeting")
    assert zoom.refresh_count == 2
    assert zoom.spent_refresh_token_uses == 0


@pytest.mark.parametrize("channel", [PRIVATE_NO_BOT, DM])
def test_meeting_is_posted_where_the_bot_is_not_a_member(bot, zoom, slack, channel):
    _connected(bot)
    bot.slash("meet Secret plans 2027-03-01 09:00", channel=channel)
    meeting = wait_for(lambda: zoom.meetings, what="meeting")[0]
    posted = wait_for(lambda: [r for r in slack.responses if r.payload.get("response_type") == "in_channel"],
                      what="in_channel response")
    assert meeting.join_url in json.dumps(posted[0].payload)
    assert START_URL_MARKER not in json.dumps(posted[0].payload)


def test_mention_injection_in_the_topic_reaches_the_channel_escaped(bot, zoom, slack):
    _connected(bot)
    # What Slack sends (should_escape) for `@channel party @bob & more` typed, and for the same typed as
    # literal markup: the first becomes names and words, the second stays the text typed; neither pings.
    bot.slash("meet <!channel> party <@U0BOB|bob> &amp; more 2027-03-02 09:00")
    bot.slash("meet &lt;!channel&gt; party &lt;@U0BOB&gt; &amp; more 2027-03-02 10:00")
    posts = wait_for(lambda: [m.params for m in slack.messages_in(GENERAL)][1:] and slack.messages_in(GENERAL),
                     what="both announcements")
    blob = json.dumps([m.params for m in posts])
    assert "<!channel>" not in blob
    assert "<@U0BOB" not in blob
    assert "@channel party bob &amp; more" in blob  # Bob's display name is bob
    assert "&lt;!channel&gt; party &lt;@U0BOB&gt; &amp; more" in blob


def test_callback_rejects_replayed_forged_and_incomplete_requests(bot, zoom, slack):
    bot.slash("connect")
    link = _connect_link(slack)
    callback = requests.get(link, allow_redirects=False, timeout=10).headers["Location"]
    assert open_like_a_browser(callback).status_code == 200
    assert requests.get(callback, timeout=10).status_code == 400  # replayed: the state is spent
    assert bot.follow_connect_link(link).status_code == 400  # a new code cannot revive a spent state
    bot.services.connections.delete(bot_key(slack))
    state = parse_qs(urlparse(callback).query)["state"][0]
    # A code Zoom would accept, on its own: only the state can make it count.
    bot.slash("connect")
    fresh = requests.get(_connect_link(slack, count=2), allow_redirects=False, timeout=10).headers["Location"]
    valid_code = parse_qs(urlparse(fresh).query)["code"][0]
    cases = {
        "missing state": f"{bot.url}/zoom/oauth/callback?code={valid_code}",
        "forged state": f"{bot.url}/zoom/oauth/callback?code={valid_code}&state=forged{state}",
        "spent state": f"{bot.url}/zoom/oauth/callback?code={valid_code}&state={state}",
        "nothing": f"{bot.url}/zoom/oauth/callback",
        "script": f"{bot.url}/zoom/oauth/callback?state=<script>alert(1)</script>&code=<b>x</b>",
    }
    for name, url in cases.items():
        response = requests.get(url, timeout=10)
        assert 400 <= response.status_code < 500, name
        assert "<script>alert" not in response.text, name
        assert "Traceback" not in response.text, name
    assert bot.services.connections.get(bot_key(slack)) is None
    assert open_like_a_browser(fresh).status_code == 200  # the fresh link itself still works, once


@pytest.mark.parametrize(("path", "body"), [
    ("/oauth/token", {"access_token": "no-refresh-token", "token_type": "bearer", "expires_in": 3600}),
    ("/v2/users/me", {"email": "alice@example.com"}),
], ids=["tokens-without-refresh-token", "user-without-id"])
def test_an_unreadable_answer_from_zoom_connects_nothing(bot, zoom, slack, path, body):
    zoom.garble_next(path, body)
    page = _connect(bot)
    assert page.status_code == 502
    assert "could not be read" in page.text
    assert "Traceback" not in page.text
    assert bot.services.connections.get(bot_key(slack)) is None


def test_an_unreadable_meeting_answer_is_explained_privately(bot, zoom, slack):
    _connected(bot)
    zoom.garble_next("/v2/users/me/meetings", {"id": 123, "topic": "Sync"})
    bot.slash("meet Sync tomorrow 3pm")
    wait_for(lambda: said_privately(slack, "could not read"), what="the explanation")
    assert _announcements(slack) == []


def test_a_fresh_link_works_once_and_a_denied_consent_changes_nothing(bot, zoom, slack):
    zoom.deny_next_authorize()
    denied = _connect(bot)
    assert denied.status_code == 400
    assert bot.services.connections.get(bot_key(slack)) is None
    bot.slash("connect")
    link = _connect_link(slack, count=2)
    assert bot.follow_connect_link(link).status_code == 200
    assert bot.services.connections.get(bot_key(slack)).zoom_email == "alice@example.com"


def test_unsigned_and_stale_requests_are_refused(bot, zoom, slack):
    assert bot.slash("meet x tomorrow 3pm", secret="wrong-secret").status_code == 401
    assert bot.slash("meet x tomorrow 3pm", timestamp=int(time.time()) - 3600).status_code == 401
    time.sleep(0.3)
    assert slack.responses == []
    assert zoom.meetings == []


@pytest.mark.parametrize(("body", "content_type", "signed_status"), [
    (b"payload=x", "application/x-www-form-urlencoded", 400),
    (b"payload=null", "application/x-www-form-urlencoded", 400),
    (b"{bad", "application/json", 400),
    (b"[1]", "application/json", 400),
    (b"\xff\xfe", "application/x-www-form-urlencoded", 401),  # Slack signs UTF-8 text only
], ids=["payload-x", "payload-null", "broken-json", "json-list", "not-utf8"])
@pytest.mark.parametrize("signed", [False, True], ids=["unsigned", "signed"])
def test_junk_on_slack_events_gets_a_4xx_and_changes_nothing(bot, zoom, slack, body, content_type, signed_status,
                                                             signed, caplog):
    headers = signed_headers(SIGNING_SECRET, body) if signed else {}
    headers["Content-Type"] = content_type
    response = requests.post(f"{bot.url}/slack/events", data=body, headers=headers, timeout=10)
    assert response.status_code == (signed_status if signed else 401), response.text
    assert "Traceback" not in response.text
    assert not [r for r in caplog.records if r.exc_info]
    assert slack.responses == []
    assert zoom.meetings == []


def test_help_and_unknown_subcommands_answer_in_the_ack(bot, zoom, slack):
    for command_text in ("help", "frobnicate now"):  # `meet` alone opens the form: test_e2e_schedule_form.py
        ack = bot.slash(command_text)
        assert ack.status_code == 200
        body = ack.json()
        assert body["response_type"] == "ephemeral"
        assert "/zoom meet" in json.dumps(body)
    assert "frobnicate" in json.dumps(bot.slash("frobnicate").json())


def test_status_reports_the_connection(bot, zoom, slack):
    bot.slash("status")
    wait_for(lambda: said_privately(slack, "not connected"), what="not connected status")
    assert connect_links(slack)  # with the link to connect right there
    _connected(bot)
    bot.slash("status")
    wait_for(lambda: said_privately(slack, "connected* as *alice@example.com"),
             what="connected status")


def test_healthz(bot):
    response = requests.get(f"{bot.url}/healthz", timeout=5)
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


@pytest.mark.parametrize(("method", "path", "status"), [
    ("GET", "/nothing-here", 404), ("GET", "/slack/events", 405), ("POST", "/zoom/oauth/callback", 405),
])
def test_a_browser_gets_a_small_page_for_wrong_addresses(bot, method, path, status):
    response = requests.request(method, f"{bot.url}{path}", timeout=5)
    assert response.status_code == status
    assert response.headers["Content-Type"].startswith("text/html")
    assert "Zoom for Slack" in response.text
    assert "Traceback" not in response.text


def bot_key(slack: SlackEmulator):
    from storage import SlackUserKey

    return SlackUserKey(team_id=slack.team_id, user_id=ALICE)


def test_a_grant_revoked_at_zoom_answers_with_a_reconnect_link(bot, zoom, slack):
    _connected(bot)
    zoom.revoke_all_grants_for("alice@example.com")
    zoom.expire_access_tokens()
    bot.slash("meet After revocation 2027-02-03 10:00")
    wait_for(lambda: len(connect_links(slack)) == 2, what="reconnect prompt")
    assert bot.services.connections.get(bot_key(slack)) is None
    assert zoom.meetings == []
    # following the new link finishes the meeting that prompted it
    assert bot.follow_connect_link(_connect_link(slack, count=2)).status_code == 200
    meeting = wait_for(lambda: zoom.meetings, what="meeting after reconnect")[0]
    assert meeting.request_body["topic"] == "After revocation"


MEETINGS_PATH = "/v2/users/me/meetings"


def test_short_zoom_rate_limits_are_waited_out_and_long_ones_explained(bot, zoom, slack):
    _connected(bot)
    zoom.rate_limit_next(1, retry_after=1, target=MEETINGS_PATH)  # a retry within the second is refused
    bot.slash("meet Patient 2027-02-04 10:00")
    wait_for(lambda: len(zoom.meetings) == 1, what="meeting after a short 429")
    zoom.rate_limit_next(1, retry_after=None, target=MEETINGS_PATH)  # no Retry-After: a per-second limit
    bot.slash("meet Headerless 2027-02-04 10:30")
    wait_for(lambda: len(zoom.meetings) == 2, what="meeting after a 429 without Retry-After")
    zoom.rate_limit_next(1, retry_after=60, target=MEETINGS_PATH)
    bot.slash("meet Impatient 2027-02-04 11:00")
    wait_for(lambda: said_privately(slack, "Please try again in 60 seconds"), what="busy answer")
    assert len(zoom.meetings) == 2


def test_zoom_daily_limit_names_when_it_lifts(bot, zoom, slack):
    _connected(bot)
    lifts = (datetime.now(UTC) + timedelta(hours=7)).replace(microsecond=0)
    zoom.rate_limit_next(1, retry_after=lifts.strftime("%Y-%m-%dT%H:%M:%SZ"), target=MEETINGS_PATH)
    bot.slash("meet Over the limit 2027-02-04 11:00")
    answer = wait_for(lambda: [t for t in private_texts(slack) if "limit for your account lifts" in t],
                      what="daily limit answer")[0]
    stamp = int(re.search(r"<!date\^(\d+)\^", answer).group(1))
    assert abs(stamp - lifts.timestamp()) <= 5
    assert zoom.meetings == []


def test_slack_rate_limits_on_posting_are_waited_out(bot, zoom, slack):
    _connected(bot)
    slack.rate_limit_next(1, retry_after=1, target="chat.postMessage")
    bot.slash("meet Posted anyway 2027-02-05 10:00")
    announcement = wait_for(lambda: _announcements(slack), what="announcement after a Slack 429")[0]
    assert "Posted anyway" in json.dumps(announcement)
    assert [c.error for c in slack.calls if c.method == "chat.postMessage"][:1] == ["ratelimited"]
    assert zoom.meetings[0].start_utc == datetime(2027, 2, 5, 15, 0, tzinfo=UTC)  # 10:00 in New York


def test_a_rate_limited_time_zone_lookup_is_waited_out_not_guessed(bot, zoom, slack):
    _connected(bot)
    slack.rate_limit_next(1, retry_after=1, target="users.info")
    bot.slash("meet Right zone 2027-02-05 10:00")
    meeting = wait_for(lambda: zoom.meetings, what="the meeting")[0]
    assert meeting.start_utc == datetime(2027, 2, 5, 15, 0, tzinfo=UTC)  # New York, not UTC
    slack.rate_limit_next(3, retry_after=1, target="users.info")  # more than the bot's two retries
    bot.slash("meet Wrong zone 2027-02-05 11:00")
    wait_for(lambda: said_privately(slack, "did not tell me your time zone just now"), what="the refusal")
    assert len(zoom.meetings) == 1  # no meeting at a guessed hour


def test_list_shows_upcoming_meetings_from_zoom(bot, zoom, slack):
    bot.slash("list")
    wait_for(lambda: said_privately(slack, "Connect your Zoom account to see your meetings"), what="the prompt")
    assert len(connect_links(slack)) == 1  # not connected yet: the answer carries the link
    _connected(bot)
    bot.slash("meet Later one 2027-06-02 10:00")
    bot.slash("meet Sooner one 2027-06-01 10:00")
    wait_for(lambda: len(zoom.meetings) == 2 and len(bot.services.meetings.for_user(bot_key(slack))) == 2,
             what="two meetings")
    bot.slash("list")
    listing = wait_for(lambda: [t for t in private_texts(slack) if "Your upcoming Zoom meetings" in t],
                       what="list")[0]
    assert listing.index("Sooner one") < listing.index("Later one")
    assert START_URL_MARKER not in listing


def test_without_a_slack_time_zone_the_time_is_read_as_utc_and_the_reply_says_so(bot, zoom, slack):
    _connected(bot)
    # Same Zoom user, but a Slack user the API cannot describe (e.g. the users:read scope was removed)
    bot.services.connections.save(
        bot_key(slack).__class__(team_id=slack.team_id, user_id="U0GHOST"), zoom_user_id="z", zoom_email="g@x",
        zoom_account_id="", tokens=_current_tokens(bot, slack))
    bot.slash("meet Zoneless 2027-02-06 10:00", user="U0GHOST")
    meeting = wait_for(lambda: zoom.meetings, what="meeting")[0]
    assert meeting.start_utc == datetime(2027, 2, 6, 10, 0, tzinfo=UTC)
    wait_for(lambda: said_privately(slack, "read the time as UTC"), what="the notice")


def _current_tokens(bot, slack):
    from zoom import TokenSet

    removed = bot.services.connections.delete(bot_key(slack))
    return TokenSet(access_token=removed.access_token, refresh_token=removed.refresh_token,
                    expires_at=datetime.now(UTC) + timedelta(hours=1))
