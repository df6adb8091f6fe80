"""One command, one meeting: Slack's retries, Enter pressed twice, a Slack outage after Zoom's 201, and the
OAuth callback that never waits on Zoom. The real Flask app over real sockets, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import time

import pytest
import requests

from handlers.demo.emulators import SlackEmulator, ZoomEmulator
from handlers.demo.emulators.signing import signed_slash_command_headers_and_body, slash_command_form
from storage import SlackUserKey
from tests.harness import (
    ALICE_EMAIL,
    SIGNING_SECRET,
    add_alice,
    connect_links,
    open_like_a_browser,
    running_bot,
    said_privately,
    seed_connection,
    wait_for,
)

ALICE = "U0ALICE"
GENERAL = "C0GENERAL"


@pytest.fixture
def bot(database_url):
    with ZoomEmulator() as zoom, SlackEmulator() as slack:
        add_alice(zoom, slack)
        with running_bot(zoom, slack, database_url) as running:
            seed_connection(running.services.connections, zoom, SlackUserKey(team_id=slack.team_id, user_id=ALICE))
            yield running


def _signed_command(bot, text: str) -> tuple[dict[str, str], bytes]:
    form = slash_command_form(text=text, team_id=bot.slack.team_id, user_id=ALICE, channel_id=GENERAL,
                              response_url=bot.slack.new_response_url(channel_id=GENERAL, user_id=ALICE),
                              trigger_id=bot.slack.new_trigger_id(ALICE))
    return signed_slash_command_headers_and_body(SIGNING_SECRET, form)


def _posts(slack: SlackEmulator) -> list[str]:
    return [json.dumps(m.params) for m in slack.messages if "zoom_join" in json.dumps(m.params)]


def test_slack_retries_of_one_command_make_one_meeting(bot):
    headers, body = _signed_command(bot, "meet Retried review 2027-03-01 10:00")
    assert requests.post(f"{bot.url}/slack/events", data=body, headers=headers, timeout=10).status_code == 200
    for attempt in (1, 2):  # Slack re-sends the same request (same trigger_id) when an ack seemed late
        retry = {**headers, "X-Slack-Retry-Num": str(attempt), "X-Slack-Retry-Reason": "http_timeout"}
        response = requests.post(f"{bot.url}/slack/events", data=body, headers=retry, timeout=10)
        assert response.status_code == 200
        assert response.text == ""  # answered quietly: the stored row is already doing the work
    bot.settle()
    assert [m.request_body["topic"] for m in bot.zoom.meetings] == ["Retried review"]
    assert len(_posts(bot.slack)) == 1


def test_enter_pressed_twice_makes_one_meeting_and_says_where_it_is(bot):
    first = bot.slash("meet Design review 2027-03-02 15:00")
    second = bot.slash("meet  design review 2027-03-02 15:00 ")  # the same text, typed again a moment later
    assert first.status_code == second.status_code == 200
    bot.settle()
    assert len(bot.zoom.meetings) == 1
    meeting = bot.zoom.meetings[0]
    assert len(_posts(bot.slack)) == 1
    assert said_privately(bot.slack, "twice within a minute")
    assert said_privately(bot.slack, meeting.join_url)


def test_a_different_time_or_quotes_make_a_second_meeting(bot):
    bot.slash("meet Design review 2027-03-02 15:00")
    bot.slash("meet Design review 2027-03-02 16:00")
    bot.slash('meet "Design review" 2027-03-02 15:00')
    bot.settle()
    assert len(bot.zoom.meetings) == 3
    assert not said_privately(bot.slack, "twice within a minute")


def test_the_same_text_in_another_channel_is_another_meeting(bot):
    bot.slack.add_channel("C0OTHER", name="other")
    bot.slash("meet Standup 2027-03-03 09:00")
    bot.slash("meet Standup 2027-03-03 09:00", channel="C0OTHER")
    bot.settle()
    assert len(bot.zoom.meetings) == 2


def test_a_slack_outage_after_zooms_answer_still_posts_the_meeting_once(bot):
    # chat.postMessage answers 429 for longer than the Web API client's own retries wait: the command goes back
    # to the queue with the meeting recorded, and posts it once Slack takes posts again.
    bot.slack.rate_limit_next(4, retry_after=1, target="chat.postMessage")
    bot.slash("meet Outage review 2027-03-04 11:00")
    wait_for(lambda: _posts(bot.slack), timeout=30, what="the announcement after the outage")
    bot.settle()
    assert len(bot.zoom.meetings) == 1
    assert len(_posts(bot.slack)) == 1
    assert bot.zoom.meetings[0].join_url in _posts(bot.slack)[0]
    rows = bot.services.commands.counts()
    assert rows == {"done": 1}


def test_a_command_that_cannot_be_stored_is_refused_in_the_ack(bot, monkeypatch):
    from sqlalchemy.exc import OperationalError

    def unavailable(command):
        raise OperationalError("INSERT", {}, Exception("database is away"))

    monkeypatch.setattr(bot.services.runner.store, "add", unavailable)
    response = bot.slash("meet Lost 2027-03-05 10:00")
    assert response.status_code == 200
    assert "cannot reach my database" in response.json()["text"]
    assert response.json()["response_type"] == "ephemeral"


def test_the_oauth_callback_answers_before_zoom_does(database_url):
    with ZoomEmulator() as zoom, SlackEmulator() as slack:
        add_alice(zoom, slack)
        with running_bot(zoom, slack, database_url) as bot:
            zoom.token_latency = 3.0  # Zoom's token endpoint is slow
            bot.slash("connect")
            link = wait_for(lambda: connect_links(slack), what="connect prompt")[0]
            callback = requests.get(link, allow_redirects=False, timeout=10).headers["Location"]
            started = time.monotonic()
            answered = requests.get(callback, allow_redirects=False, timeout=10)
            assert answered.status_code == 303  # to the page that follows the exchange, without waiting for it
            assert "code=" not in answered.headers["Location"]
            assert not [r for r in zoom.token_requests if r.code]  # Zoom has not even answered the exchange yet
            assert time.monotonic() - started < zoom.token_latency
            waiting = requests.get(f"{bot.url}{answered.headers['Location']}", timeout=10)
            assert waiting.status_code == 202
            assert 'http-equiv="refresh"' in waiting.text
            final = open_like_a_browser(f"{bot.url}{answered.headers['Location']}")
            assert final.status_code == 200
            assert f"Connected as {ALICE_EMAIL}" in final.text
            assert bot.services.connections.get(SlackUserKey(team_id=slack.team_id, user_id=ALICE)) is not None


@pytest.mark.parametrize("ticket", ["", "x", "A" * 32, "A" * 5000, "%00", "<script>"])
def test_a_wrong_finish_ticket_gets_a_404_page(bot, ticket):
    response = requests.get(f"{bot.url}/zoom/oauth/finish", params={"ticket": ticket}, timeout=10)
    assert response.status_code == 404
    assert "<script>" not in response.text


def test_try_again_after_a_busy_zoom_is_not_taken_for_enter_pressed_twice(bot):
    # An hour-long limit (one user's, so the account is not paused): the user is told when to try again.
    bot.zoom.rate_limit_next(1, retry_after=50 * 60, target="/v2/users/me/meetings")
    bot.slash("meet Busy review 2027-03-06 10:00")
    wait_for(lambda: said_privately(bot.slack, "Please try again in 50 minutes"), what="the busy answer")
    bot.zoom.advance_time(50 * 60 + 1)  # the limit has lifted; the user sends the same text again at once
    bot.slash("meet Busy review 2027-03-06 10:00")
    bot.settle()
    assert [m.request_body["topic"] for m in bot.zoom.meetings] == ["Busy review"]
    assert not said_privately(bot.slack, "twice within a minute")


def test_a_question_sent_twice_is_answered_once(bot):
    bot.slash("meet Sync at 7")
    bot.slash("meet Sync at 7")
    bot.settle()
    assert said_privately(bot.slack, "my answer to the first one stands")
    assert bot.zoom.meetings == []


def test_a_connect_that_fails_unexpectedly_shows_an_error_page_not_an_expired_link(database_url, monkeypatch):
    with ZoomEmulator() as zoom, SlackEmulator() as slack:
        add_alice(zoom, slack)
        with running_bot(zoom, slack, database_url) as bot:
            def broken(*args, **kwargs):
                raise RuntimeError("a bug")

            monkeypatch.setattr(bot.services.connections, "save", broken)
            bot.slash("connect")
            link = wait_for(lambda: connect_links(slack), what="connect prompt")[0]
            page = bot.follow_connect_link(link)
            assert page.status_code == 500
            assert "Something went wrong" in page.text
            assert "expired" not in page.text


def test_a_paused_account_lets_go_of_the_worker_thread(db):
    from handlers.app.services import MAX_PACING_SLEEP_SECONDS, AccountPacer
    from storage import RatePacer
    from zoom import ZoomRateLimited

    pacer = AccountPacer(RatePacer(db), "acct-busy", 0.05)
    pacer.pause(MAX_PACING_SLEEP_SECONDS + 20)
    started = time.monotonic()
    with pytest.raises(ZoomRateLimited) as refused:
        pacer.wait_turn()
    assert time.monotonic() - started < 1.0  # no sleeping through another account's pause
    assert refused.value.retry_after > MAX_PACING_SLEEP_SECONDS
    AccountPacer(RatePacer(db), "acct-free", 0.05).wait_turn()  # another account goes at once


def test_a_command_that_waited_past_slacks_30_minutes_is_given_up_by_direct_message(bot):
    from datetime import UTC, datetime, timedelta

    from storage import CommandStore, NewCommand

    # As if the bot had been down since the command was acknowledged, 31 minutes ago.
    long_ago = CommandStore(bot.services.db, bot.services.cipher,
                            clock=lambda: datetime.now(UTC) - timedelta(minutes=31))
    origin = {"team_id": bot.slack.team_id, "user_id": ALICE, "channel_id": GENERAL,
              "response_url": bot.slack.new_response_url(channel_id=GENERAL, user_id=ALICE)}
    long_ago.add(NewCommand(kind="meet", owner=SlackUserKey(team_id=bot.slack.team_id, user_id=ALICE),
                            channel_id=GENERAL, payload={"origin": origin, "text": "Late review 2027-03-07 10:00"}))
    bot.services.runner.wake()
    bot.settle()
    assert bot.zoom.meetings == []  # nothing made half an hour late
    direct = [json.dumps(m.params) for m in bot.slack.messages if m.requested_channel == ALICE]
    assert any("could not finish" in text and "Late review" in text for text in direct)
    assert bot.services.commands.counts() == {"failed": 1}
