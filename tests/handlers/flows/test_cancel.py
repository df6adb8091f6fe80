"""handlers.flows.cancel: `/zoom cancel <id>` and the Cancel button of `/zoom list`."""

from __future__ import annotations

import pytest

from handlers.app.durable import RetryLater
from handlers.flows import cancel
from storage import NotConnected, SlackUserKey
from storage.meetings import CANCELLED
from tests.handlers.flows.fakes import MEETING_ID, TEAM, USER, FakeCommandRunner, FakeSlackClient, make_job
from tests.handlers.flows.host_fakes import START, HostZoom, announced, host_services, hosted, listed
from zoom import ZoomApiError, ZoomMeetingNotFound, ZoomRateLimited, ZoomUnavailable

SPACED = "812 3456 7890"


def run(services, text: str = SPACED, *, client: FakeSlackClient | None = None, **job_fields):
    client = client or FakeSlackClient()
    runner = FakeCommandRunner(client)
    payload = {"text": text, **job_fields.pop("payload", {})}
    job = make_job(runner, kind="cancel", payload=payload, **job_fields)
    cancel.cancel(services, job)
    return client, runner, job


@pytest.mark.parametrize("text", ["", "abc", "12345", "812 3456", "0812345678", f"{SPACED} now", "812_3456_7890",
                                  "٨١٢٣٤٥٦٧٨٩٠"])
def test_a_bad_id_gets_the_usage_line_and_nothing_is_asked(text):
    services = host_services(zoom=HostZoom(meetings=[hosted()]))
    client, _, _ = run(services, text)

    assert client.only_private_text().startswith("Usage: `/zoom cancel <meeting ID>`")
    assert services.zoom_uses == []
    assert services.journal.of("meetings.set_status") == []


@pytest.mark.parametrize("text", [SPACED, "81234567890", "812-3456-7890", " 812 3456 7890 "])
def test_the_host_cancels_every_announcement_says_so(text):
    zoom = HostZoom(meetings=[hosted()])
    services = host_services(zoom=zoom, announcements=[announced(announcement_id=4), announced(announcement_id=5)])
    client, runner, _ = run(services, text)

    names = [n for n in services.journal.names() if n.startswith(("zoom.", "meetings.set", "runner"))]
    assert names == ["zoom.get_meeting", "zoom.delete_meeting", "meetings.set_status", "runner.submit",
                     "runner.submit"]
    [status] = services.journal.of("meetings.set_status")
    assert (status["zoom_meeting_id"], status["status"], status["changed_by"]) == (MEETING_ID, CANCELLED, USER)
    assert [c.payload["announcement"] for c in services.runner.submitted] == [4, 5]
    assert all(c.kind == "redraw_announcement" and c.not_before is None for c in services.runner.submitted)
    text_ = client.only_private_text()
    assert text_.startswith(":no_entry_sign: Cancelled *Design review* (<!date^")
    assert "Its message in Slack now says so." in text_
    assert runner.steps == ["cancelled"]
    assert MEETING_ID not in zoom.meetings


def test_a_recurring_meeting_is_cancelled_with_every_occurrence():
    services = host_services(zoom=HostZoom(meetings=[hosted(type=8)]))
    client, _, _ = run(services)

    assert "every occurrence of it" in client.only_private_text()


def test_someone_elses_meeting_is_refused_and_nothing_is_deleted():
    zoom = HostZoom(meetings=[hosted(host_id="zu-somebody-else")])
    services = host_services(zoom=zoom, announcements=[announced()])
    client, runner, _ = run(services)

    assert client.only_private_text().startswith(f"Only the host of meeting {SPACED} can cancel it")
    assert services.journal.of("zoom.delete_meeting") == []
    assert services.journal.of("meetings.set_status") == []
    assert runner.steps == []


def test_account_mode_compares_the_hosts_email_with_the_slack_email():
    zoom = HostZoom(meetings=[hosted(host_id="any", host_email="ADA@example.com")])
    services = host_services(account_mode=True, connected=False, zoom=zoom)
    client, _, _ = run(services)
    assert services.journal.of("zoom.delete_meeting") == [{"meeting_id": MEETING_ID}]
    assert services.zoom_uses == [("account",)]

    zoom = HostZoom(meetings=[hosted(host_email="someone@example.com")])
    services = host_services(account_mode=True, connected=False, zoom=zoom)
    client, _, _ = run(services)
    assert "Only the host" in client.only_private_text()
    assert services.journal.of("zoom.delete_meeting") == []


def test_a_meeting_already_gone_is_said_so_and_its_announcement_marked_cancelled():
    services = host_services(zoom=HostZoom(), announcements=[announced()])
    client, runner, _ = run(services)

    assert client.only_private_text().startswith(":information_source: *Design review* (ID 812 3456 7890) was "
                                                 "already gone at Zoom")
    assert services.journal.of("meetings.set_status")[0]["changed_by"] == USER
    assert len(services.runner.submitted) == 1
    assert services.journal.of("zoom.delete_meeting") == []
    assert runner.steps == ["cancelled"]


@pytest.mark.parametrize("announcement", [
    announced(owner=SlackUserKey(team_id=TEAM, user_id="U0OTHER")),  # somebody else announced it
    announced(host_zoom_user_id="zu-an-account-left-since"),  # by a Zoom account the user no longer uses
], ids=["someone-elses", "another-zoom-account"])
def test_a_meeting_zoom_does_not_show_this_user_changes_nothing_else(announcement):
    services = host_services(zoom=HostZoom(), announcements=[announcement])
    client, runner, _ = run(services)

    assert client.only_private_text().startswith(f"I found no meeting {SPACED} that you host at Zoom")
    assert services.journal.of("meetings.set_status") == []
    assert runner.steps == []


def test_deleted_by_someone_else_meanwhile_is_already_gone():
    gone = ZoomMeetingNotFound(f"Meeting does not exist: {MEETING_ID}.", status=404, code=3001)
    zoom = HostZoom(meetings=[hosted()], errors={"delete_meeting": gone})  # found, then 404 at the delete
    services = host_services(zoom=zoom, announcements=[announced()])
    client, _, _ = run(services)

    assert "was already gone at Zoom" in client.only_private_text()


def test_zoom_refusing_the_delete_changes_nothing_and_says_why():
    error = ZoomApiError("Not allowed to delete PMI", status=400, code=3018)
    services = host_services(zoom=HostZoom(meetings=[hosted()], errors={"delete_meeting": error}),
                             announcements=[announced()])
    client, runner, _ = run(services)

    assert client.only_private_text() == ("Zoom refused to cancel the meeting (400: Not allowed to delete PMI). "
                                          "Nothing was cancelled.")
    assert services.journal.of("meetings.set_status") == []
    assert runner.steps == []


@pytest.mark.parametrize("error", [ZoomRateLimited("slow", retry_after=1), ZoomUnavailable("down")])
def test_passing_trouble_at_zoom_is_tried_again(error):
    services = host_services(zoom=HostZoom(meetings=[hosted()], errors={"get_meeting": error}))
    with pytest.raises(RetryLater):
        run(services)


def test_not_connected_gets_the_connect_prompt_and_a_lost_grant_too():
    services = host_services(connected=False)
    client, _, _ = run(services)
    assert client.private_to()[0].text.startswith("Connect your Zoom account to cancel your meetings from Slack.")

    services = host_services(zoom=HostZoom(meetings=[hosted()], errors={"get_meeting": NotConnected()}))
    client, _, _ = run(services)
    assert "Connect it again to cancel" in client.private_to()[0].text


def test_resumed_after_zoom_deleted_it_only_updates_and_answers():
    done = cancel.Cancelled(MEETING_ID, topic="Design review", start=START, timezone="Europe/Paris")
    services = host_services(zoom=HostZoom(), announcements=[announced()])
    client, _, _ = run(services, step="cancelled", result=done.to_result())

    assert services.zoom_uses == []
    assert [n for n in services.journal.names() if n.startswith("zoom.")] == []
    assert services.journal.of("meetings.set_status")[0]["status"] == CANCELLED
    assert client.only_private_text().startswith(":no_entry_sign: Cancelled *Design review*")


def test_clicked_in_the_list_the_list_is_redrawn_in_place_under_what_happened():
    others = [listed(81000000000 + i, f"M{i}", START) for i in range(12)]
    zoom = HostZoom(meetings=[hosted()], listed=others)
    services = host_services(zoom=zoom, announcements=[announced()])
    client, _, _ = run(services, payload={"list_offset": "10"})

    [answer] = client.private_to()
    blocks = answer.kwargs["blocks"]
    assert blocks[0]["text"]["text"].startswith(":no_entry_sign: Cancelled *Design review*")
    assert blocks[1]["text"]["text"] == "*Your upcoming Zoom meetings*, 11–12 of 12"  # the page it was on


def test_clicked_in_the_list_while_zoom_cannot_list_still_says_what_happened():
    zoom = HostZoom(meetings=[hosted()], errors={"upcoming_meetings": ZoomUnavailable("down")})
    services = host_services(zoom=zoom)
    client, _, _ = run(services, payload={"list_offset": "0"})

    assert client.only_private_text().startswith(":no_entry_sign: Cancelled *Design review*")
