"""The Zoom emulator reads, updates, deletes and lists meetings as Zoom does: 404 with code 3001 for a meeting
that is gone or not the token's to see, Zoom's scopes, PATCH bodies checked against Zoom's own schema of
"Update a meeting", 204s, and the list paged by page_size and next_page_token. And the Slack emulator checks
the confirm dialog of a button."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import requests

from handlers.demo.emulators import ZoomEmulator
from handlers.demo.emulators._slack_blocks import block_errors
from tests.handlers.demo.emulators.zoom_calls import TIMEOUT, account_token, call, token_of

ALICE, BOB = "alice@example.com", "bob@example.com"


@pytest.fixture
def zoom():
    with ZoomEmulator(s2s_client_id="s2s", s2s_client_secret="s2s-secret") as emulator:
        emulator.add_user(ALICE, timezone="Europe/Paris")
        emulator.add_user(BOB)
        yield emulator
        assert emulator.internal_errors == []


def tomorrow(hour: int = 10) -> datetime:
    day = datetime.now(UTC).date() + timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def zulu(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_unknown_deleted_and_other_users_meetings_are_404_3001_for_every_method(zoom):
    alices = zoom.schedule_at_zoom(ALICE, topic="Alice's", start=tomorrow())
    bob = token_of(zoom, BOB)
    for method, body in (("GET", None), ("PATCH", {"duration": 30}), ("DELETE", None)):
        for meeting_id in (alices.id, 12345678901, "abc"):
            answer = call(zoom, method, f"/meetings/{meeting_id}", bob, json=body)
            assert (answer.status_code, answer.json()["code"]) == (404, 3001), (method, meeting_id)
    assert not alices.deleted
    assert alices.duration == 60

    alice = token_of(zoom, ALICE)
    assert call(zoom, "DELETE", f"/meetings/{alices.id}", alice).status_code == 204
    for method in ("GET", "PATCH", "DELETE"):
        answer = call(zoom, method, f"/meetings/{alices.id}", alice, json={"duration": 30})
        assert (answer.status_code, answer.json()["code"]) == (404, 3001), method


def test_an_account_token_reaches_every_meeting_of_its_account(zoom):
    bobs = zoom.schedule_at_zoom(BOB, topic="Bob's", start=tomorrow())
    token = account_token(zoom)
    read = call(zoom, "GET", f"/meetings/{bobs.id}", token)
    assert (read.status_code, read.json()["host_email"]) == (200, BOB)
    assert call(zoom, "PATCH", f"/meetings/{bobs.id}", token, json={"duration": 15}).status_code == 204
    assert bobs.duration == 15


def test_reading_needs_meeting_read_and_changing_needs_meeting_write(zoom):
    meeting = zoom.schedule_at_zoom(ALICE, topic="Sync", start=tomorrow())
    zoom.scopes = "meeting:read user:read"
    reader = token_of(zoom, ALICE)
    assert call(zoom, "GET", f"/meetings/{meeting.id}", reader).status_code == 200
    for method in ("PATCH", "DELETE"):
        answer = call(zoom, method, f"/meetings/{meeting.id}", reader, json={"duration": 30})
        assert (answer.status_code, answer.json()["code"]) == (400, 4711), method
        assert "meeting:write" in answer.json()["message"]
    zoom.scopes = "meeting:write user:read"
    answer = call(zoom, "GET", f"/meetings/{meeting.id}", token_of(zoom, ALICE))
    assert (answer.status_code, answer.json()["code"]) == (400, 4711)
    assert not meeting.deleted
    assert meeting.updates == []


def test_a_patch_moves_the_meeting_and_answers_204_with_no_body(zoom):
    meeting = zoom.schedule_at_zoom(ALICE, topic="Sync", start=tomorrow(), timezone="Europe/Paris")
    new = tomorrow(15) + timedelta(days=1)
    body = {"start_time": zulu(new), "timezone": "America/New_York", "duration": 45}
    answer = call(zoom, "PATCH", f"/meetings/{meeting.id}", token_of(zoom, ALICE), json=body)
    assert (answer.status_code, answer.content) == (204, b"")
    read = call(zoom, "GET", f"/meetings/{meeting.id}", token_of(zoom, ALICE)).json()
    assert (read["start_time"], read["timezone"], read["duration"]) == (zulu(new), "America/New_York", 45)
    assert meeting.updates == [body]

    local = {"start_time": (new + timedelta(hours=1)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S"),
             "timezone": "UTC"}  # a local time, read in the zone given
    assert call(zoom, "PATCH", f"/meetings/{meeting.id}", token_of(zoom, ALICE), json=local).status_code == 204
    assert meeting.start_utc == new + timedelta(hours=1)


@pytest.mark.parametrize(("body", "field"), [
    ({"duration": 5000}, "duration"),
    ({"duration": "45"}, "duration"),
    ({"start_time": 1700000000}, "start_time"),
    ({"type": 4}, "type"),
    ({"recurrence": {"end_times": 3}}, "recurrence"),
    ({"settings": {"waiting_room": "yes"}}, "settings.waiting_room"),
], ids=["too-long", "string-duration", "number-start", "no-such-type", "recurrence-without-type", "setting-type"])
def test_a_patch_body_outside_zooms_schema_is_refused_with_its_field(zoom, body, field):
    meeting = zoom.schedule_at_zoom(ALICE, topic="Sync", start=tomorrow())
    answer = call(zoom, "PATCH", f"/meetings/{meeting.id}", token_of(zoom, ALICE), json=body)
    assert (answer.status_code, answer.json()["code"]) == (400, 300)
    assert answer.json()["errors"][0]["field"] == field
    assert meeting.updates == []
    assert meeting.duration == 60


def test_a_patch_that_would_leave_the_meeting_elsewhere_is_refused(zoom):
    alice = token_of(zoom, ALICE)
    scheduled = zoom.schedule_at_zoom(ALICE, topic="Sync", start=tomorrow())
    past = call(zoom, "PATCH", f"/meetings/{scheduled.id}", alice,
                json={"start_time": zulu(datetime.now(UTC) - timedelta(hours=1))})
    assert past.status_code == 400
    assert "in the past" in past.json()["message"]
    not_json = requests.patch(f"{zoom.api_url}/meetings/{scheduled.id}", data="duration=30", timeout=TIMEOUT,
                              headers={"Authorization": f"Bearer {alice}",
                                       "Content-Type": "application/x-www-form-urlencoded"})
    assert not_json.status_code == 400
    assert scheduled.updates == []

    monday = tomorrow(9)
    while monday.weekday() != 0:
        monday += timedelta(days=1)
    series = zoom.schedule_at_zoom(ALICE, topic="Mondays", start=monday, timezone="UTC",
                                   recurrence={"type": 2, "weekly_days": "2", "end_times": 4})
    tuesday = call(zoom, "PATCH", f"/meetings/{series.id}", alice, json={"start_time": zulu(monday + timedelta(1))})
    assert tuesday.status_code == 400
    assert "not an occurrence" in tuesday.json()["message"]
    week_later = monday + timedelta(days=7, hours=2)
    assert call(zoom, "PATCH", f"/meetings/{series.id}", alice, json={"start_time": zulu(week_later)}).status_code \
        == 204
    assert series.occurrences == [week_later + timedelta(days=7 * k) for k in range(4)]

    one_occurrence = call(zoom, "PATCH", f"/meetings/{series.id}?occurrence_id=1", alice, json={"duration": 5})
    assert one_occurrence.status_code == 400  # not emulated: the bot changes whole meetings


def test_the_list_pages_by_page_size_and_next_page_token_and_includes_meetings_made_at_zoom(zoom):
    alice = token_of(zoom, ALICE)
    made = [zoom.schedule_at_zoom(ALICE, topic=f"M{i}", start=tomorrow() + timedelta(hours=i)) for i in range(12)]
    zoom.schedule_at_zoom(BOB, topic="Bob's", start=tomorrow())
    gone = zoom.schedule_at_zoom(ALICE, topic="Gone", start=tomorrow())
    assert call(zoom, "DELETE", f"/meetings/{gone.id}", alice).status_code == 204

    def pages(size: int) -> list[list[int]]:
        seen, token = [], ""
        while True:
            body = call(zoom, "GET", f"/users/me/meetings?type=upcoming&page_size={size}&next_page_token={token}",
                        alice).json()
            seen.append([m["id"] for m in body["meetings"]])
            token = body["next_page_token"]
            if not token:
                return seen

    assert pages(5) == [[m.id for m in made[i:i + 5]] for i in (0, 5, 10)]
    zoom.list_max_page_size = 4  # whatever the client asks for, a page holds at most this
    assert pages(300) == [[m.id for m in made[i:i + 4]] for i in (0, 4, 8)]
    wrong = call(zoom, "GET", "/users/me/meetings?type=upcoming&page_size=300&next_page_token=forged", alice)
    assert (wrong.status_code, wrong.json()["code"]) == (400, 300)


def test_a_recurring_meeting_is_listed_at_its_next_occurrence(zoom):
    start = datetime.now(UTC).replace(microsecond=0, second=0) - timedelta(days=2) + timedelta(hours=1)
    series = zoom.schedule_at_zoom(ALICE, topic="Daily", start=start, timezone="UTC",
                                   recurrence={"type": 1, "end_times": 3})  # two occurrences over, one to come
    listed = call(zoom, "GET", "/users/me/meetings?type=upcoming", token_of(zoom, ALICE)).json()["meetings"]
    assert [(m["id"], m["start_time"]) for m in listed] == [(series.id, zulu(series.occurrences[2]))]
    assert series.occurrences[2] > datetime.now(UTC)


def test_schedule_at_zoom_takes_only_what_zoom_takes(zoom):
    with pytest.raises(ValueError, match="duration"):
        zoom.schedule_at_zoom(ALICE, topic="Long", start=tomorrow(), duration=5000)
    with pytest.raises(ValueError, match="weekly_days"):
        zoom.schedule_at_zoom(ALICE, topic="Odd", start=tomorrow(), recurrence={"type": 2, "weekly_days": "9",
                                                                                 "end_times": 2})
    other_day = (tomorrow().weekday() + 1) % 7 + 1 + 1  # Zoom's number of the day after tomorrow (1 = Sunday)
    with pytest.raises(ValueError, match="not an occurrence"):
        zoom.schedule_at_zoom(ALICE, topic="Odd", start=tomorrow(), timezone="UTC",
                              recurrence={"type": 2, "weekly_days": str((other_day - 1) % 7 + 1), "end_times": 2})
    assert zoom.meetings == []


def test_the_slack_emulator_checks_a_buttons_confirm_dialog():
    def button(**fields):
        return [{"type": "actions", "elements": [{"type": "button", "action_id": "a",
                                                   "text": {"type": "plain_text", "text": "Cancel"}, **fields}]}]
    good = {"title": {"type": "plain_text", "text": "Sure?"}, "text": {"type": "plain_text", "text": "Really."},
            "confirm": {"type": "plain_text", "text": "Yes"}, "deny": {"type": "plain_text", "text": "No"},
            "style": "danger"}
    assert block_errors(button(style="danger", confirm=good)) == []
    assert block_errors(button(style="red"))
    assert block_errors(button(confirm={**good, "title": {"type": "mrkdwn", "text": "*Sure?*"}}))
    assert block_errors(button(confirm={**good, "confirm": {"type": "plain_text", "text": "x" * 31}}))
    assert block_errors(button(confirm={**good, "text": {"type": "plain_text", "text": "x" * 301}}))
    assert block_errors(button(confirm={key: value for key, value in good.items() if key != "deny"}))
