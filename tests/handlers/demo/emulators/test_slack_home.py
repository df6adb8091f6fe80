"""The Slack emulator's App Home: views.publish keeps one Home per user, app_home_opened bodies as Slack sends
them, and clicks in a view (the Home, or an open modal) as Slack sends those: no channel, no response_url."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from handlers.demo.emulators import SlackEmulator

ALICE, BOB = "U0ALICE", "U0BOB"


def home(*labels: str) -> dict:
    return {"type": "home", "blocks": [{"type": "actions", "block_id": f"b{i}", "elements": [
        {"type": "button", "text": {"type": "plain_text", "text": label}, "action_id": label, "value": "v"}]}
        for i, label in enumerate(labels)]}


@pytest.fixture
def slack():
    with SlackEmulator() as emulator:
        emulator.add_user(ALICE, name="alice")
        emulator.add_user(BOB, name="bob")
        yield emulator
        assert emulator.internal_errors == []


def test_a_user_has_one_home_republished_under_the_same_id(slack):
    client = WebClient(token=slack.bot_token, base_url=slack.api_url)
    assert slack.home_of(ALICE) is None
    first = client.views_publish(user_id=ALICE, view=home("one"))["view"]["id"]
    second = client.views_publish(user_id=ALICE, view=home("two"))["view"]["id"]
    assert first == second
    assert [b["elements"][0]["action_id"] for b in slack.home_of(ALICE)["blocks"]] == ["two"]
    assert slack.home_of(BOB) is None
    with pytest.raises(SlackApiError, match="invalid_arguments"):  # a modal cannot be published as a Home
        client.views_publish(user_id=ALICE, view={**home("x"), "type": "modal"})


def test_opening_the_home_is_an_app_home_opened_event_with_the_home_shown(slack):
    body = slack.open_home(ALICE)
    assert body["type"] == "event_callback"
    assert body["team_id"] == slack.team_id
    event = body["event"]
    assert (event["type"], event["user"], event["tab"]) == ("app_home_opened", ALICE, "home")
    assert event["channel"].startswith("D")
    assert "view" not in event  # nothing published yet
    WebClient(token=slack.bot_token, base_url=slack.api_url).views_publish(user_id=ALICE, view=home("one"))
    assert slack.open_home(ALICE)["event"]["view"]["blocks"][0]["block_id"] == "b0"
    assert "view" not in slack.open_home(ALICE, tab="messages")["event"]
    assert slack.open_home(ALICE)["event_id"] != body["event_id"]


def test_a_click_in_the_home_comes_from_a_view_without_channel_or_response_url(slack):
    WebClient(token=slack.bot_token, base_url=slack.api_url).views_publish(user_id=ALICE, view=home("go", "stop"))
    payload = slack.click_in_view("stop", user=ALICE)
    assert payload["type"] == "block_actions"
    assert payload["container"]["type"] == "view"
    assert payload["view"]["id"] == payload["container"]["view_id"]
    assert payload["view"]["type"] == "home"
    assert payload["actions"][0]["action_id"] == "stop"
    assert payload["actions"][0]["block_id"] == "b1"
    assert payload["trigger_id"]
    assert not {"channel", "response_url", "message"} & set(payload)
    with pytest.raises(LookupError):
        slack.click_in_view("nope", user=ALICE)
    with pytest.raises(LookupError):  # Bob's Home is his own, and he has none
        slack.click_in_view("stop", user=BOB)


def test_a_click_in_an_open_modal(slack):
    client = WebClient(token=slack.bot_token, base_url=slack.api_url)
    modal = {"type": "modal", "title": {"type": "plain_text", "text": "Connect"}, "blocks": home("link")["blocks"]}
    view_id = client.views_open(trigger_id=slack.new_trigger_id(ALICE), view=modal)["view"]["id"]
    payload = slack.click_in_view("link", user=ALICE, view_id=view_id)
    assert payload["container"] == {"type": "view", "view_id": view_id}
    assert payload["view"]["type"] == "modal"
    with pytest.raises(LookupError):
        slack.click_in_view("link", user=BOB, view_id=view_id)
