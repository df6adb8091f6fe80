"""`/zoom link` and App Home's "Create a booking link" end to end: signed commands and clicks into the real app
over real sockets, the strict Zoom emulator's Scheduler endpoints (checked against Zoom's spec both ways) and
the Slack emulator, on SQLite and PostgreSQL: one schedule, several, none, a connection from before the app
asked for Scheduler (reconnect, then the link), no Scheduler, Share in channel, and account mode."""

from __future__ import annotations

import json
import threading

import pytest

from handlers.demo.emulators import SlackEmulator, ZoomEmulator
from handlers.demo.emulators.slack import ShownMessage
from storage import SlackUserKey
from tests.harness import connect_links, running_bot, said_privately, seed_connection, wait_for

ALICE, BOB = "U0ALICE", "U0BOB"
GENERAL = "C0GENERAL"
ALICE_EMAIL, BOB_EMAIL = "alice@example.com", "bob@example.com"
BEFORE_SCHEDULER = "meeting:write meeting:read user:read"  # the app's scopes before it asked for Scheduler
WITH_SCHEDULER = f"{BEFORE_SCHEDULER} scheduler:read scheduler:write"


@pytest.fixture
def zoom():
    with ZoomEmulator() as emulator:
        emulator.add_user(ALICE_EMAIL, first_name="Alice")
        emulator.add_user(BOB_EMAIL, first_name="Bob")
        emulator.login_as(ALICE_EMAIL)
        yield emulator
        assert emulator.internal_errors == []


@pytest.fixture
def slack():
    with SlackEmulator() as emulator:
        emulator.add_user(ALICE, name="alice", real_name="Alice Example", tz="America/New_York", email=ALICE_EMAIL)
        emulator.add_user(BOB, name="bob", real_name="Bob", email=BOB_EMAIL)
        emulator.add_channel(GENERAL, name="general")
        yield emulator
        assert emulator.internal_errors == []


@pytest.fixture
def bot(zoom, slack, database_url):
    with running_bot(zoom, slack, database_url) as running:
        for user, email in ((ALICE, ALICE_EMAIL), (BOB, BOB_EMAIL)):
            seed_connection(running.services.connections, zoom, SlackUserKey(team_id=slack.team_id, user_id=user),
                            email)
        yield running


def quick_ack(response) -> None:
    assert response.status_code == 200, response.text
    assert response.text == ""


def private_with(slack: SlackEmulator, needle: str, user: str = ALICE) -> list[ShownMessage]:
    return [m for m in slack.shown_to(user) if m.ephemeral and needle in json.dumps(m.blocks)]


def public_in(slack: SlackEmulator, channel: str = GENERAL) -> list[str]:
    return [json.dumps(m.blocks) for m in slack.shown if m.channel == channel and not m.ephemeral]


def test_one_schedule_gets_its_link_at_once_and_share_posts_it_once_for_its_owner_only(bot, zoom, slack):
    intro = zoom.add_schedule(ALICE_EMAIL, "Intro call", duration=30)
    quick_ack(bot.slash("link"))
    answer = wait_for(lambda: private_with(slack, "booking link"), what="the link")[0]
    [link] = zoom.single_use_links
    assert link.schedule_id == intro.schedule_id
    assert link.scheduling_url in json.dumps(answer.blocks)
    assert "Intro call (30 min)" in json.dumps(answer.blocks)
    assert public_in(slack) == []  # private until shared

    # Bob replays Alice's Share value as his own click: nothing is posted.
    forged = slack.click(answer.ts, "booking_link_share", user=ALICE)
    forged["user"] = {"id": BOB, "username": "bob", "name": "bob", "team_id": slack.team_id}
    quick_ack(bot.interact(forged))
    wait_for(lambda: said_privately(slack, "made for someone else"), what="the refusal")
    assert public_in(slack) == []

    share = slack.click(answer.ts, "booking_link_share", user=ALICE)
    quick_ack(bot.interact(share))
    wait_for(lambda: public_in(slack), what="the shared link")
    quick_ack(bot.interact(share))  # a second delivery of the same click
    bot.settle()
    [post] = public_in(slack)
    assert link.scheduling_url in post
    assert f"<@{ALICE}>" in post
    assert "booking_link_share" not in json.dumps(answer.blocks)  # the private answer now says where it went
    assert len(zoom.single_use_links) == 1


def test_several_schedules_are_offered_as_buttons_and_only_the_clickers_own_makes_a_link(bot, zoom, slack):
    zoom.add_schedule(ALICE_EMAIL, "Intro", duration=15)
    deep = zoom.add_schedule(ALICE_EMAIL, "Deep dive", duration=60)
    zoom.add_schedule(ALICE_EMAIL, "Paused", active=False)  # switched off at Zoom: not offered
    bobs = zoom.add_schedule(BOB_EMAIL, "Bob's hours")
    bot.slash("link")
    question = wait_for(lambda: private_with(slack, "Which of your"), what="the choice")[0]
    labels = {b["value"]: b["text"]["text"] for b in question.buttons().values()}
    assert sorted(labels.values()) == ["Deep dive (1 h)", "Intro (15 min)"]
    assert zoom.single_use_links == []

    # A forged value naming Bob's schedule makes nothing, and says so.
    forged = slack.click(question.ts, "booking_link_choose_0", user=ALICE)
    forged["actions"][0]["value"] = bobs.schedule_id
    quick_ack(bot.interact(forged))
    wait_for(lambda: said_privately(slack, "not one of yours"), what="the refusal")
    assert zoom.single_use_links == []

    bot.slash("link")
    fresh = wait_for(lambda: [m for m in private_with(slack, "Which of your") if m.ts != question.ts],
                     what="a fresh choice")[0]
    deep_action = next(a for a, b in fresh.buttons().items() if b["value"] == deep.schedule_id)
    quick_ack(bot.click(fresh.ts, deep_action))
    wait_for(lambda: zoom.single_use_links, what="the link")
    bot.settle()
    assert [link.schedule_id for link in zoom.single_use_links] == [deep.schedule_id]
    assert zoom.single_use_links[0].scheduling_url in json.dumps(fresh.blocks)  # the choice became the link


def test_no_schedules_from_app_home_answers_in_the_dm_with_how_to_create_one(bot, zoom, slack):
    # App Home's button: a block_actions from a view, with no channel and no response_url.
    payload = {"type": "block_actions", "team": {"id": slack.team_id, "domain": "example"},
               "user": {"id": ALICE, "username": "alice", "name": "alice", "team_id": slack.team_id},
               "api_app_id": slack.app_id, "token": "deprecated-verification-token",
               "container": {"type": "view", "view_id": "V0HOME"}, "trigger_id": slack.new_trigger_id(ALICE),
               "view": {"id": "V0HOME", "type": "home", "blocks": []},
               "actions": [{"action_id": "booking_link_create", "block_id": "home", "type": "button",
                            "text": {"type": "plain_text", "text": "Create a booking link"}, "value": "x",
                            "action_ts": "1"}]}
    quick_ack(bot.interact(payload))
    dm = wait_for(lambda: [m for m in slack.messages if m.requested_channel == ALICE], what="the DM")[0]
    assert "no Zoom Scheduler schedules yet" in json.dumps(dm.params)
    assert zoom.single_use_links == []


def test_a_connection_from_before_the_scheduler_scopes_is_offered_a_reconnect_then_gets_its_link(
        zoom, slack, database_url):
    zoom.add_schedule(ALICE_EMAIL, "Intro")
    zoom.scopes = BEFORE_SCHEDULER
    with running_bot(zoom, slack, database_url) as bot:
        seed_connection(bot.services.connections, zoom, SlackUserKey(team_id=slack.team_id, user_id=ALICE))
        zoom.scopes = WITH_SCHEDULER  # the app is given the Scheduler scopes; Alice's grant is as it was
        bot.slash("link")
        wait_for(lambda: connect_links(slack), what="the reconnect offer")
        assert said_privately(slack, "Connect Zoom again")
        assert zoom.single_use_links == []
        page = bot.follow_connect_link(connect_links(slack)[-1])
        assert page.status_code == 200
        wait_for(lambda: zoom.single_use_links, what="the link after reconnecting")
        bot.settle()
        assert said_privately(slack, zoom.single_use_links[0].scheduling_url)


def test_without_scheduler_the_user_is_told_what_an_admin_can_do(bot, zoom, slack):
    zoom.add_schedule(ALICE_EMAIL, "Intro")
    zoom.disable_scheduler_for(ALICE_EMAIL)
    bot.slash("link")
    wait_for(lambda: said_privately(slack, "Zoom Scheduler is not enabled for your account"), what="the answer")
    assert said_privately(slack, "Licenses and add-ons")
    assert not said_privately(slack, "Unauthorized")  # Zoom's words are not dumped on the user
    assert zoom.single_use_links == []


def test_account_mode_makes_the_link_for_the_slack_users_zoom_user(database_url):
    with ZoomEmulator(s2s_client_id="s2s-id", s2s_client_secret="s2s-secret") as zoom, SlackEmulator() as slack:
        zoom.add_user("owner@example.com")
        zoom.add_user(ALICE_EMAIL)
        alices = zoom.add_schedule(ALICE_EMAIL, "Intro")
        zoom.add_schedule("owner@example.com", "The owner's")
        slack.add_user(ALICE, name="alice", email=ALICE_EMAIL)
        slack.add_channel(GENERAL)
        zoom.scopes = f"{WITH_SCHEDULER} scheduler:read:admin scheduler:write:admin"
        with running_bot(zoom, slack, database_url, ZOOM_ACCOUNT_ID=zoom.account_id, ZOOM_CLIENT_ID="s2s-id",
                         ZOOM_CLIENT_SECRET="s2s-secret") as bot:
            bot.slash("link")
            wait_for(lambda: zoom.single_use_links, what="the link")
            bot.settle()
            [link] = zoom.single_use_links
            assert (link.schedule_id, link.owner_email, link.token_kind) == (alices.schedule_id, ALICE_EMAIL,
                                                                            "account")
            assert said_privately(slack, link.scheduling_url)
        assert zoom.internal_errors == []
        assert slack.internal_errors == []


def test_a_double_click_on_a_schedule_makes_one_single_use_link(bot, zoom, slack):
    zoom.add_schedule(ALICE_EMAIL, "Intro", duration=15)
    zoom.add_schedule(ALICE_EMAIL, "Deep dive", duration=60)
    bot.slash("link")
    question = wait_for(lambda: private_with(slack, "Which of your"), what="the choice")[0]
    clicks = [slack.click(question.ts, "booking_link_choose_0", user=ALICE) for _ in range(2)]  # two triggers
    start = threading.Barrier(2)

    def deliver(payload):
        start.wait()
        quick_ack(bot.interact(payload))

    threads = [threading.Thread(target=deliver, args=(payload,)) for payload in clicks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    bot.settle()
    assert len(zoom.single_use_links) == 1  # a second link would be live, single-use, and shown to nobody
