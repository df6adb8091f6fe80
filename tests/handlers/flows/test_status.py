"""handlers.flows.status: `/zoom status` in user mode and in account mode."""

from __future__ import annotations

import pytest

from handlers.flows import status
from handlers.flows.account_mode import ACCOUNT_MODE_NOTE
from tests.handlers.flows.fakes import (
    EMAIL,
    KEY,
    FakeSlackClient,
    FakeZoom,
    connection,
    default_profile,
    make_services,
    origin,
)
from zoom import ZoomApiError, ZoomUnavailable, ZoomUser, ZoomUserNotFound

MODE_LINE = "*Mode:* organisation account (Server-to-Server OAuth)."


def test_connected_says_as_whom_and_since_when():
    services, client = make_services(), FakeSlackClient()
    services.connections.connected[KEY] = connection(email="ada*@zoom.example<x>")
    status.status(services, client, origin())

    text = client.only_private_text()
    assert text.startswith("*Mode:* each user connects their own Zoom account.\nYou are *connected* as "
                           "*ada*@zoom.example&lt;x&gt;* since <!date^1767605400^")
    assert services.journal.names() == ["connections.get"]
    assert client.calls_to("users_info") == []


def test_not_connected_offers_a_link():
    services, client = make_services(connected=False), FakeSlackClient()
    status.status(services, client, origin())

    [prompt] = client.private_to()
    assert "You are *not connected*" in prompt.text
    assert prompt.buttons()[0]["url"].startswith("https://zoom.example/oauth/authorize?state=")
    assert services.journal.names() == ["connections.get", "states.create", "zoom_oauth.authorize_url"]


def account_status(zoom: FakeZoom, client: FakeSlackClient | None = None):
    services, client = make_services(account_mode=True, zoom=zoom), client or FakeSlackClient()
    status.status(services, client, origin())
    text = client.only_private_text()
    assert text.startswith(MODE_LINE)
    assert text.endswith(ACCOUNT_MODE_NOTE)
    assert services.journal.of("connections.get") == []
    return services, text


def test_account_mode_names_the_zoom_user_found():
    services, text = account_status(FakeZoom(user=ZoomUser(id="zu1", email="Ada@Example.com")))

    assert "Your meetings are created for the Zoom user *Ada@Example.com*." in text
    assert services.journal.of("zoom.get_user") == [{"user_id": EMAIL}]
    assert services.zoom_uses == [("account",)]


def test_account_mode_with_no_such_zoom_user():
    services, text = account_status(FakeZoom(user_error=ZoomUserNotFound("1001", status=404, code=1001)))

    assert f"has *no Zoom user* with your Slack email `{EMAIL}`." in text
    assert services.journal.of("zoom.get_user") == [{"user_id": EMAIL}]


@pytest.mark.parametrize("error", [ZoomUnavailable("timed out"), ZoomApiError("nope", status=400)])
def test_account_mode_with_zoom_down(error):
    services, text = account_status(FakeZoom(user_error=error))

    assert services.journal.names() == ["zoom.get_user"]
    assert f"Your meetings are created for the Zoom user `{EMAIL}` (Zoom could not be asked just now)." in text


def test_account_mode_without_an_email_asks_for_the_permission_and_never_asks_zoom():
    client = FakeSlackClient(profile=default_profile(profile={"display_name": "Ada"}))
    services, text = account_status(FakeZoom(), client)

    assert "the app needs the `users:read.email` permission" in text
    assert services.journal.of("zoom.get_user") == []


def test_account_mode_escapes_the_email():
    client = FakeSlackClient(profile=default_profile(profile={"email": "a<!channel>@example.com"}))
    _, text = account_status(FakeZoom(user_error=ZoomUserNotFound("x", status=404)), client)

    assert "`a&lt;!channel&gt;@example.com`" in text
    assert "<!channel>" not in text


def test_account_mode_with_slack_briefly_unavailable_says_try_again_not_a_missing_permission():
    services = make_services(account_mode=True)
    client = FakeSlackClient(users_info_error="ratelimited")
    status.status(services, client, origin())
    text = client.only_private_text()
    assert "try again in a minute" in text
    assert "users:read.email" not in text
