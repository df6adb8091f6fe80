"""The App Home end to end: signed app_home_opened events and clicks in the published Home and its modals into
the real app over real sockets, the strict Slack and Zoom emulators (every create body checked against Zoom's
own schema), on SQLite and PostgreSQL.

A click in the Home comes as Slack sends it from a view: no channel, no response_url
(SlackEmulator.click_in_view), so whatever the bot has to say goes to the user's DM with the app.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import requests

from handlers.demo.emulators import SlackEmulator, ZoomEmulator
from handlers.demo.emulators.signing import signed_headers
from handlers.ui.my_meetings import CANCEL_ACTION, MOVE_ACTION, MOVE_TIME_BLOCK, MOVE_VIEW
from storage import SlackUserKey
from tests.harness import SIGNING_SECRET, button_urls, running_bot, seed_connection, wait_for

ALICE, ALICE_EMAIL = "U0ALICE", "alice@example.com"
GENERAL = "C0GENERAL"
NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture
def zoom():
    with ZoomEmulator(s2s_client_id="s2s-id", s2s_client_secret="s2s-secret") as emulator:
        emulator.add_user(ALICE_EMAIL, first_name="Alice", timezone="America/New_York")
        emulator.login_as(ALICE_EMAIL)
        yield emulator
        assert emulator.internal_errors == []


@pytest.fixture
def slack():
    with SlackEmulator() as emulator:
        emulator.add_user(ALICE, name="alice", real_name="Alice Example", tz="America/New_York", email=ALICE_EMAIL)
        emulator.add_channel(GENERAL, name="general")
        yield emulator
        assert emulator.internal_errors == []


def open_home(bot, user: str = ALICE, *, event: dict | None = None, retry: int = 0) -> None:
    """`user` opens the app's Home tab (or `event` is delivered): Slack's signed event, acknowledged at once."""
    body = json.dumps(event or bot.slack.open_home(user)).encode()
    headers = {**signed_headers(SIGNING_SECRET, body), "Content-Type": "application/json"}
    if retry:  # Slack sends an event again when it heard no 200 within 3 seconds
        headers.update({"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"})
    response = requests.post(f"{bot.url}/slack/events", data=body, headers=headers, timeout=10)
    assert response.status_code == 200, response.text


def home_text(slack: SlackEmulator, user: str = ALICE) -> str:
    return json.dumps(slack.home_of(user) or {})


def home_buttons(slack: SlackEmulator, user: str = ALICE) -> set[str]:
    found = set()
    for block in (slack.home_of(user) or {}).get("blocks", []):
        elements = block.get("elements", []) if block["type"] == "actions" else [block.get("accessory") or {}]
        found |= {e["action_id"] for e in elements if e.get("type") == "button"}
    return found


def publishes(slack: SlackEmulator, user: str = ALICE) -> int:
    return sum(1 for v in slack.views if v.method == "views.publish" and v.user_id == user)


def dm_texts(slack: SlackEmulator, user: str = ALICE) -> list[str]:
    return [m.text or "" for m in slack.messages_in(user)]


def quick_ack(response) -> None:
    assert response.status_code == 200, response.text
    assert response.text == ""


def tomorrow_at(hour: int) -> datetime:
    day = datetime.now(NEW_YORK).date() + timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, tzinfo=NEW_YORK)


def test_an_unconnected_user_connects_from_the_home_hours_after_it_was_published(zoom, slack, database_url):
    with running_bot(zoom, slack, database_url) as bot:
        open_home(bot)
        wait_for(lambda: "home_connect" in home_buttons(slack), what="the Home")
        assert "not connected" in home_text(slack)
        assert "https://" not in home_text(slack)  # nothing in the Home that could expire while it stays open

        # Whenever the click comes, the link is made then: a modal, where the user is, with a fresh link.
        quick_ack(bot.interact(slack.click_in_view("home_connect", user=ALICE)))
        modal = wait_for(lambda: [v for v in slack.views if v.method == "views.open"], what="the connect modal")[0]
        link = button_urls(modal.view["blocks"])["zoom_connect"]
        before = publishes(slack)
        page = bot.follow_connect_link(link)
        assert page.status_code == 200
        assert "Connected as alice@example.com" in page.text

        # The Home follows: connected, with Disconnect, and no Connect.
        wait_for(lambda: publishes(slack) > before and "Connected as *alice@example.com*" in home_text(slack),
                 what="the Home republished after the connect")
        assert "home_disconnect" in home_buttons(slack)
        assert "home_connect" not in home_buttons(slack)
        bot.settle()

        # Disconnect from the Home: the grant is revoked, she hears it by DM, and the Home offers Connect again.
        before = publishes(slack)
        quick_ack(bot.interact(slack.click_in_view("home_disconnect", user=ALICE)))
        wait_for(lambda: any(t.startswith("Disconnected") for t in dm_texts(slack)), what="the DM")
        wait_for(lambda: publishes(slack) > before and "home_connect" in home_buttons(slack),
                 what="the Home republished after the disconnect")
        assert bot.services.connections.get(SlackUserKey(team_id=slack.team_id, user_id=ALICE)) is None


def test_a_connected_users_home_lists_and_cancels_from_the_home(zoom, slack, database_url):
    with running_bot(zoom, slack, database_url) as bot:
        seed_connection(bot.services.connections, zoom, SlackUserKey(team_id=slack.team_id, user_id=ALICE))
        soon = zoom.schedule_at_zoom(ALICE_EMAIL, topic="Design <review>", start=tomorrow_at(10), duration=30,
                                     timezone="America/New_York")
        later = zoom.schedule_at_zoom(ALICE_EMAIL, topic="Retro", start=tomorrow_at(15), timezone="America/New_York")
        open_home(bot)
        wait_for(lambda: "Retro" in home_text(slack), what="the Home with the meetings")
        text = home_text(slack)
        assert "Connected as *alice@example.com*" in text
        assert text.index("Design &lt;review&gt;") < text.index("Retro")  # soonest first, topics escaped

        # Cancel in the Home: no channel, no response_url. Zoom deletes it; she is told by DM; the Home
        # is published again without it.
        before = publishes(slack)
        quick_ack(bot.interact(slack.click_in_view(CANCEL_ACTION, user=ALICE, block_id="zoom_home_0")))
        wait_for(lambda: zoom.meeting(soon.id).deleted, what="the meeting deleted at Zoom")
        wait_for(lambda: any("Cancelled *Design &lt;review&gt;*" in t for t in dm_texts(slack)), what="the DM")
        wait_for(lambda: publishes(slack) > before and "Design" not in home_text(slack),
                 what="the Home without it")
        assert "Retro" in home_text(slack)
        assert not zoom.meeting(later.id).deleted

        # Edit in the Home: the move form, with no conversation behind it; the move is told by DM and shown.
        bot.settle()
        before = publishes(slack)
        quick_ack(bot.interact(slack.click_in_view(MOVE_ACTION, user=ALICE, block_id="zoom_home_0")))
        form = wait_for(lambda: [v for v in slack.views if v.view.get("callback_id") == MOVE_VIEW], what="the form")[0]
        new_start = tomorrow_at(17)
        quick_ack(bot.interact(slack.submit_view(form.view_id, user=ALICE, values={
            MOVE_TIME_BLOCK: f"{new_start:%Y-%m-%d} 17:00"})))
        wait_for(lambda: zoom.meeting(later.id).start_utc == new_start, what="the move at Zoom")
        wait_for(lambda: any(t.startswith(":arrows_counterclockwise: Moved *Retro*") for t in dm_texts(slack)),
                 what="the DM")
        wait_for(lambda: publishes(slack) > before, what="the Home republished after the move")
        bot.settle()
        assert slack.ephemerals == []  # nothing was tried in a channel the click never came from
        assert slack.responses == []


def test_an_account_mode_users_home_names_their_zoom_user(zoom, slack, database_url):
    with running_bot(zoom, slack, database_url, ZOOM_ACCOUNT_ID=zoom.account_id, ZOOM_CLIENT_ID="s2s-id",
                     ZOOM_CLIENT_SECRET="s2s-secret") as bot:
        zoom.schedule_at_zoom(ALICE_EMAIL, topic="Standup", start=tomorrow_at(9), timezone="America/New_York")
        open_home(bot, event=slack.open_home(ALICE, tab="messages"))  # the Messages tab: nothing to publish
        event = slack.open_home(ALICE)
        open_home(bot, event=event)
        open_home(bot, event=event, retry=1)  # the same delivery again: published once
        wait_for(lambda: "Standup" in home_text(slack), what="the Home")
        bot.settle()
        assert publishes(slack) == 1
        assert "created for the Zoom user *alice@example.com*" in home_text(slack)
        assert not {"home_connect", "home_disconnect"} & home_buttons(slack)
        assert {"schedule_form_open", "booking_link_create", "home_defaults_edit", CANCEL_ACTION} \
            <= home_buttons(slack)


def test_personal_defaults_change_the_next_meeting_within_what_the_workspace_fixes(zoom, slack, database_url):
    # The workspace fixes mute on entry; the rest is each user's to choose.
    with running_bot(zoom, slack, database_url, ZOOM_MUTE_UPON_ENTRY="true") as bot:
        seed_connection(bot.services.connections, zoom, SlackUserKey(team_id=slack.team_id, user_id=ALICE))
        open_home(bot)
        wait_for(lambda: "home_defaults_edit" in home_buttons(slack), what="the Home")
        assert "Mute people as they join:* On _(set by your workspace)_" in home_text(slack)

        quick_ack(bot.interact(slack.click_in_view("home_defaults_edit", user=ALICE)))
        modal = wait_for(lambda: [v for v in slack.views if v.method == "views.open"], what="the modal")[0]
        inputs = {b["block_id"] for b in modal.view["blocks"] if b["type"] == "input"}
        assert "mute_upon_entry" not in inputs  # not hers to change: shown, not offered
        assert "set by your workspace" in json.dumps(modal.view)

        # A length that is not one is answered on its field, and nothing is stored.
        refused = bot.interact(slack.submit_view(modal.view_id, user=ALICE, values={"duration_minutes": "an hour"}))
        assert refused.status_code == 200
        assert refused.json()["response_action"] == "errors"
        assert set(refused.json()["errors"]) == {"duration_minutes"}

        before = publishes(slack)
        saved = bot.interact(slack.submit_view(modal.view_id, user=ALICE, values={
            "duration_minutes": "25", "waiting_room": "off", "auto_recording": "cloud", "join_before_host": "on",
            "require_passcode": "on"}))
        quick_ack(saved)
        wait_for(lambda: publishes(slack) > before and "25 min" in home_text(slack), what="the Home with them")
        assert "*Waiting room:* Off _(yours)_" in home_text(slack)

        bot.slash("meet Design review tomorrow 3pm", user=ALICE, channel=GENERAL)
        created = wait_for(lambda: zoom.meetings, what="the meeting")[0]
        body = created.request_body  # Zoom's schema took it (the emulator refuses what it would not)
        assert body["duration"] == 25
        assert body["settings"]["waiting_room"] is False
        assert body["settings"]["auto_recording"] == "cloud"
        assert body["settings"]["join_before_host"] is True
        assert body["settings"]["mute_upon_entry"] is True  # the workspace's, whatever she might prefer
        assert body["default_password"] is True
        # A meeting created is news for the Home too.
        wait_for(lambda: "Design review" in home_text(slack), what="the Home with the new meeting")
