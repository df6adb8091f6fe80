"""handlers.flows.list_meetings: `/zoom list` and its Show more button."""

from __future__ import annotations

from datetime import timedelta

import pytest

from handlers.app.durable import RetryLater
from handlers.flows import list_meetings
from storage import NotConnected
from tests.handlers.flows.fakes import EMAIL, FakeCommandRunner, FakeSlackClient, make_job, origin
from tests.handlers.flows.host_fakes import START, HostZoom, host_services, listed
from zoom import ZoomApiError, ZoomRateLimited, ZoomUnavailable

NOTHING = "You have no upcoming Zoom meetings."


def page_of(client: FakeSlackClient) -> dict:
    """The one private answer: its header text, and each entry's text and buttons."""
    [answer] = client.private_to()
    blocks = answer.kwargs["blocks"]
    shown = []
    for index, block in enumerate(blocks):
        text = block.get("text", {}).get("text", "")
        if " · ID " in text:
            after = blocks[index + 1] if index + 1 < len(blocks) else {}
            buttons = {e["action_id"]: e for e in after.get("elements", [])} \
                if after.get("block_id", "").startswith("zoom_list_") and after.get("block_id") != "zoom_list_more" \
                else {}
            shown.append({"text": text, "buttons": buttons})
    more = [e for b in blocks if b.get("block_id") == "zoom_list_more" for e in b["elements"]]
    return {"heading": blocks[0]["text"]["text"], "entries": shown, "more": more, "answer": answer}


def twelve(**options) -> list:
    return [listed(81000000000 + i, f"M{i}", START + timedelta(hours=i), **options) for i in range(12)]


def test_not_connected_gets_the_connect_prompt_and_zoom_is_not_asked():
    services, client = host_services(connected=False), FakeSlackClient()
    list_meetings.list_meetings(services, client, origin())

    [prompt] = client.private_to()
    assert prompt.text.startswith("Connect your Zoom account to see your meetings from Slack.")
    assert prompt.buttons()[0]["action_id"] == "zoom_connect"
    assert services.zoom_uses == []


def test_nothing_upcoming_says_so():
    services, client = host_services(), FakeSlackClient()
    list_meetings.list_meetings(services, client, origin())

    assert client.only_private_text().startswith(NOTHING)
    assert services.journal.of("zoom.upcoming_meetings") == [{"user_id": "me"}]


def test_the_first_page_is_ten_soonest_first_with_show_more_and_buttons_for_the_host():
    meetings = twelve()
    meetings[1] = listed(meetings[1].id, "<!here> & co", meetings[1].start_time, host_id="someone-else")
    meetings[2] = listed(meetings[2].id, "Series", meetings[2].start_time, recurring=True)
    services, client = host_services(zoom=HostZoom(listed=meetings)), FakeSlackClient()
    list_meetings.list_meetings(services, client, origin())

    page = page_of(client)
    assert page["heading"] == "*Your upcoming Zoom meetings* (12)"
    assert [e["text"].split("\n")[0] for e in page["entries"]] == [
        "*M0*", "*&lt;!here&gt; &amp; co*", "*Series*", *(f"*M{i}*" for i in range(3, 10))]
    first = page["entries"][0]
    assert f"<!date^{int(START.timestamp())}^" in first["text"]
    assert first["text"].endswith("· 30 min · ID 810 0000 0000")
    assert set(first["buttons"]) == {"zoom_join", "zoom_list_cancel", "zoom_list_move"}
    assert first["buttons"]["zoom_list_cancel"]["value"] == "81000000000"
    assert set(page["entries"][1]["buttons"]) == {"zoom_join"}  # hosted by someone else: Join only
    assert "recurring meeting" in page["entries"][2]["text"]
    assert "every occurrence" in page["entries"][2]["buttons"]["zoom_list_cancel"]["confirm"]["text"]["text"]
    assert [(b["action_id"], b["value"], b["text"]["text"]) for b in page["more"]] == [
        ("zoom_list_more", "10", "Show more (2 left)")]
    assert "<!here>" not in page["answer"].rendered


def test_show_more_asks_zoom_again_and_shows_the_rest_in_place():
    services, client = host_services(zoom=HostZoom(listed=twelve())), FakeSlackClient()
    job = make_job(FakeCommandRunner(client), kind="list_more", payload={"offset": "10"})
    list_meetings.show_more(services, job)

    page = page_of(client)
    assert page["heading"] == "*Your upcoming Zoom meetings*, 11–12 of 12"
    assert [e["text"].split("\n")[0] for e in page["entries"]] == ["*M10*", "*M11*"]
    assert page["more"] == []
    assert len(services.journal.of("zoom.upcoming_meetings")) == 1


@pytest.mark.parametrize(("offset", "first"), [("30", "*M10*"), ("abc", "*M0*"), ("99999999", "*M0*"), ("-1", "*M0*"),
                                               ("１０", "*M0*")])
def test_an_offset_past_the_end_shows_the_last_page_and_a_forged_one_the_first(offset, first):
    services, client = host_services(zoom=HostZoom(listed=twelve())), FakeSlackClient()
    list_meetings.show_more(services, make_job(FakeCommandRunner(client), kind="list_more", payload={"offset": offset}))

    assert page_of(client)["entries"][0]["text"].startswith(first)


def test_account_mode_lists_the_zoom_user_with_the_slack_email():
    meetings = [listed(81000000000, "Mine", START, host_id="any")]
    services = host_services(account_mode=True, connected=False, zoom=HostZoom(listed=meetings))
    client = FakeSlackClient()
    list_meetings.list_meetings(services, client, origin())

    assert services.journal.of("zoom.upcoming_meetings") == [{"user_id": EMAIL}]
    assert set(page_of(client)["entries"][0]["buttons"]) == {"zoom_join", "zoom_list_cancel", "zoom_list_move"}


def test_account_mode_without_an_email_or_while_slack_is_away_says_why():
    services = host_services(account_mode=True, connected=False)
    client = FakeSlackClient(profile={"id": "U0HOST", "tz": "UTC", "profile": {}})
    list_meetings.list_meetings(services, client, origin())
    assert "`users:read.email`" in client.only_private_text()

    client = FakeSlackClient(users_info_error="ratelimited")
    list_meetings.list_meetings(services, client, origin())
    assert "try again in a minute" in client.only_private_text()
    assert services.journal.of("zoom.upcoming_meetings") == []


def test_zoom_refusing_is_worded_and_passing_trouble_is_retried():
    refused = ZoomApiError("Invalid field", status=400, code=300)
    services, client = host_services(zoom=HostZoom(errors={"upcoming_meetings": refused})), FakeSlackClient()
    list_meetings.list_meetings(services, client, origin())
    assert client.only_private_text() == "Zoom refused to list your meetings (400: Invalid field)."

    for error in (ZoomRateLimited("slow down", retry_after=2), ZoomUnavailable("down")):
        services = host_services(zoom=HostZoom(errors={"upcoming_meetings": error}))
        with pytest.raises(RetryLater):
            list_meetings.list_meetings(services, FakeSlackClient(), origin())

    services, client = host_services(zoom=HostZoom(errors={"upcoming_meetings": ZoomUnavailable("down")})), \
        FakeSlackClient()
    list_meetings.show_more(services, make_job(FakeCommandRunner(client), kind="list_more", attempts=3,
                                               payload={"offset": "0"}))
    assert client.only_private_text() == ("Zoom could not be reached, or did not answer in time, so I cannot show "
                                          "your meetings now. Please try again in a minute.")


def test_a_grant_lost_while_listing_asks_to_connect_again():
    services, client = host_services(zoom=HostZoom(errors={"upcoming_meetings": NotConnected()})), FakeSlackClient()
    list_meetings.list_meetings(services, client, origin())

    [prompt] = client.private_to()
    assert "Connect it again" in prompt.text
    assert prompt.buttons()[0]["action_id"] == "zoom_connect"
