"""handlers.flows.app_home and home_refresh: what the Home shows in each case (not connected, connected,
account mode, Zoom away, no Zoom user), who is republished, and the Connect button's fresh link."""

from __future__ import annotations

import json
from typing import Any

from handlers.flows import app_home
from handlers.flows.home_refresh import PUBLISH_HOME, republish_home
from storage import NotConnected
from tests.handlers.flows.fakes import KEY, FakeCommandRunner, FakeSlackClient, make_job, origin
from tests.handlers.flows.host_fakes import START, HostZoom, host_services, listed
from zoom import ZoomUnavailable, ZoomUserNotFound


class HomeClient(FakeSlackClient):
    def views_publish(self, **kwargs: Any) -> dict[str, Any]:
        self._record("views_publish", kwargs)
        return {"ok": True, "view": {"id": "V0HOME", **kwargs["view"]}}


def published(services, client: HomeClient | None = None, kind: str = "home_opened") -> tuple[dict, HomeClient]:
    client = client or HomeClient()
    job = make_job(FakeCommandRunner(client), kind=kind, payload={}, command_origin=origin(channel_id=""))
    (app_home.home_opened if kind == "home_opened" else app_home.publish)(services, job)
    [call] = client.calls_to("views_publish")
    assert call.kwargs["user_id"] == job.origin.user_id
    return call.kwargs["view"], client


def buttons(view: dict) -> set[str]:
    found = set()
    for block in view["blocks"]:
        elements = block.get("elements", []) if block["type"] == "actions" else [block.get("accessory") or {}]
        found |= {e["action_id"] for e in elements if e.get("type") == "button"}
    return found


def test_opening_marks_the_home_and_publishes_connect_for_someone_not_connected():
    services = host_services(connected=False)
    view, _ = published(services)
    assert services.journal.of("preferences.note_home_opened") == [{"key": KEY}]
    assert "home_connect" in buttons(view)
    assert "Connect Zoom to see your upcoming meetings here." in json.dumps(view)
    assert services.zoom_uses == []  # nobody to ask Zoom as
    assert services.journal.of("states.create") == []  # no connect link made for a Home that may sit for hours


def test_connected_shows_the_next_meetings_from_zoom():
    zoom = HostZoom(listed=[listed(81000000000 + i, f"M{i}", START) for i in range(7)])
    services = host_services(zoom=zoom)
    view, _ = published(services, kind="publish_home")
    text = json.dumps(view)
    assert "Connected as *ada@zoom.example*" in text
    assert "home_disconnect" in buttons(view)
    assert "2 more" in text
    assert services.journal.of("zoom.upcoming_meetings") == [{"user_id": "me"}]
    assert services.journal.of("preferences.note_home_opened") == []  # a republish is not an opening


def test_zoom_away_still_publishes_the_rest():
    services = host_services(zoom=HostZoom(errors={"upcoming_meetings": ZoomUnavailable("down")}))
    view, _ = published(services)
    text = json.dumps(view)
    assert app_home.ZOOM_AWAY.split(";")[0] in text
    assert "Connected as" in text
    assert "home_defaults_edit" in buttons(view)


def test_a_grant_gone_meanwhile_shows_connect():
    services = host_services(zoom=HostZoom(errors={"upcoming_meetings": NotConnected()}))
    view, _ = published(services)
    assert "home_connect" in buttons(view)


def test_account_mode_names_the_zoom_user_by_the_slack_email():
    services = host_services(account_mode=True, zoom=HostZoom(listed=[listed(81000000001, "Standup", START)]))
    view, _ = published(services)
    text = json.dumps(view)
    assert "created for the Zoom user *ada@example.com*" in text
    assert not {"home_connect", "home_disconnect"} & buttons(view)
    assert services.journal.of("zoom.upcoming_meetings") == [{"user_id": "ada@example.com"}]
    assert "zoom_list_cancel" in buttons(view)  # the Zoom user's own list: theirs to change


def test_account_mode_without_a_zoom_user_says_so():
    services = host_services(account_mode=True, zoom=HostZoom(errors={"upcoming_meetings": ZoomUserNotFound("x")}))
    view, _ = published(services)
    text = json.dumps(view)
    assert "no Zoom user with the email `ada@example.com`" in text
    assert "created for the Zoom user *" not in text


def test_account_mode_when_slack_shares_no_email():
    services = host_services(account_mode=True)
    client = HomeClient(profile={"id": "U0HOST", "name": "ada", "tz": "Europe/Paris", "profile": {}})
    view, _ = published(services, client)
    assert services.zoom_uses == []
    assert "created for the Zoom user *" not in json.dumps(view)
    assert "did not share your email" in json.dumps(view)


def test_republish_only_for_someone_who_opened_the_home():
    services = host_services()
    republish_home(services, KEY)
    assert services.runner.submitted == []
    services.preferences.opened.add(KEY)
    republish_home(services, KEY)
    [command] = services.runner.submitted
    assert command.kind == PUBLISH_HOME
    assert command.owner == KEY
    assert command.payload["origin"]["channel_id"] == ""


def test_connect_opens_a_fresh_link_in_a_modal_and_falls_back_to_a_dm():
    services, client = host_services(connected=False), HomeClient()
    job = make_job(FakeCommandRunner(client), kind="home_connect", payload={"trigger_id": "t-1"},
                   command_origin=origin(channel_id=""))
    app_home.connect_from_home(services, job)
    [opened] = client.calls_to("views_open")
    assert "state=state-1" in json.dumps(opened.kwargs["view"])  # made at the click, valid 10 minutes from now

    client = HomeClient(failures={"views_open": "expired_trigger_id"})
    job = make_job(FakeCommandRunner(client), kind="home_connect", payload={"trigger_id": "t-2"},
                   command_origin=origin(channel_id=""))
    app_home.connect_from_home(services, job)
    [dm] = client.calls_to("chat_postMessage")
    assert dm.channel == job.origin.user_id
    assert "state=state-2" in dm.rendered


def test_connect_in_account_mode_says_there_is_nothing_to_connect():
    services, client = host_services(account_mode=True), HomeClient()
    job = make_job(FakeCommandRunner(client), kind="home_connect", payload={"trigger_id": "t"},
                   command_origin=origin(channel_id=""))
    app_home.connect_from_home(services, job)
    assert client.calls_to("views_open") == []
    assert "nothing to connect" in client.calls_to("chat_postMessage")[0].text
