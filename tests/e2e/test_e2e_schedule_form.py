"""The scheduling form end to end: opened from `/zoom meet` alone, the help's Schedule button, the global
shortcut and a question's Edit; each bad field answered inside the form; a valid submission creating one
meeting, posted where the form said. Signed requests into the real app over real sockets, the strict Zoom
emulator (every create body validated against Zoom's OpenAPI schema) and Slack emulator (views checked as
Slack checks them), on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import requests

from handlers.demo.emulators import START_URL_MARKER, SlackEmulator, ZoomEmulator
from handlers.demo.emulators._zoom_schema import create_meeting_error
from handlers.demo.emulators.slack import ViewRecord
from storage import SlackUserKey
from tests.harness import running_bot, said_privately, seed_connection, wait_for

ALICE, CARL = "U0ALICE", "U0CARL"
GENERAL, RANDOM, SECRET, ARCHIVE = "C0GENERAL", "C0RANDOM", "G0SECRET", "C0ARCHIVE"
NEW_YORK = ZoneInfo("America/New_York")
FORM = "zoom_schedule_form"


@pytest.fixture
def zoom():
    with ZoomEmulator() as emulator:
        emulator.add_user("alice@example.com", first_name="Alice")
        emulator.login_as("alice@example.com")
        yield emulator
        assert emulator.internal_errors == []


@pytest.fixture
def slack():
    with SlackEmulator() as emulator:
        emulator.add_user(ALICE, name="alice", real_name="Alice Example", tz="America/New_York",
                          email="alice@example.com")
        emulator.add_user(CARL, name="carl", real_name="Carl", display_name="Carl", tz="Europe/Berlin",
                          email="carl@example.com")
        emulator.add_channel(GENERAL, name="general")
        emulator.add_channel(RANDOM, name="random", bot_is_member=False)  # public: Slack answers through a URL
        emulator.add_channel(SECRET, name="secret", is_private=True, bot_is_member=False)
        emulator.add_channel(ARCHIVE, name="old", is_archived=True)
        yield emulator
        assert emulator.internal_errors == []


@pytest.fixture
def bot(zoom, slack, database_url):
    with running_bot(zoom, slack, database_url) as running:
        seed_connection(running.services.connections, zoom, SlackUserKey(team_id=slack.team_id, user_id=ALICE),
                        "alice@example.com")
        yield running


def forms(slack: SlackEmulator) -> list[ViewRecord]:
    return [v for v in slack.views if v.view["callback_id"] == FORM]


def open_form(bot, slack: SlackEmulator) -> ViewRecord:
    before = len(forms(slack))
    quick_ack(bot.slash("meet"))
    return wait_for(lambda: forms(slack)[before:], what="the form")[0]


def quick_ack(response: requests.Response) -> None:
    assert response.status_code == 200, response.text
    assert response.text == ""


def submit(bot, slack: SlackEmulator, view: ViewRecord, **values) -> requests.Response:
    return bot.interact(slack.submit_view(view.view_id, user=ALICE, values=values))


def errors_of(response: requests.Response) -> dict[str, str]:
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["response_action"] == "errors"
    return body["errors"]


def element(view: ViewRecord, block_id: str) -> dict:
    return next(b for b in view.view["blocks"] if b.get("block_id") == block_id)["element"]


def future_day(days: int = 3, *, weekday: int | None = None) -> date:
    day = datetime.now(NEW_YORK).date() + timedelta(days=days)
    while weekday is not None and day.weekday() != weekday:
        day += timedelta(days=1)
    return day


def nth_sunday(year: int, month: int, n: int) -> date:
    day = date(year, month, 1)
    day += timedelta(days=(6 - day.weekday()) % 7)
    return day + timedelta(weeks=n - 1)


def next_clock_change(month: int, n: int) -> date:
    """New York's next spring-forward (March, second Sunday) or fall-back (November, first Sunday) day."""
    today = datetime.now(NEW_YORK).date()
    for year in (today.year, today.year + 1):
        day = nth_sunday(year, month, n)
        if day > today + timedelta(days=1):
            return day
    raise AssertionError("no clock change ahead")


def shown_texts(slack: SlackEmulator) -> str:
    return json.dumps([m.params for m in slack.messages] + [r.payload for r in slack.responses]
                      + [e.params for e in slack.ephemerals])


# -- a valid form -------------------------------------------------------------------------------------------


def test_meet_alone_opens_the_form_in_the_users_zone_and_a_submission_makes_one_meeting_posted_there(bot, zoom,
                                                                                                    slack):
    view = open_form(bot, slack)
    assert (view.method, view.user_id) == ("views.open", ALICE)
    now = datetime.now(NEW_YORK)
    opened_at = datetime.combine(date.fromisoformat(element(view, "day")["initial_date"]),
                                 datetime.strptime(element(view, "time")["initial_time"], "%H:%M").time(),
                                 tzinfo=NEW_YORK)
    assert timedelta(0) < opened_at - now <= timedelta(minutes=31)  # the next half hour on Alice's clock
    assert opened_at.minute in (0, 30)
    assert element(view, "time")["timezone"] == "America/New_York"
    assert element(view, "channel")["initial_conversation"] == GENERAL
    assert element(view, "duration")["initial_option"]["value"] == "60"

    day = future_day(weekday=1)  # a Tuesday
    payload = slack.submit_view(view.view_id, user=ALICE, values={
        "topic": "Design review", "day": day.isoformat(), "time": "15:00", "duration": "45", "repeat": "weekly",
        "invitees": [CARL, ALICE]})
    quick_ack(bot.interact(payload))
    quick_ack(bot.interact(payload))  # Slack retried the same submission: still one meeting
    meeting = wait_for(lambda: zoom.meetings, what="the meeting")[0]
    bot.settle()
    assert len(zoom.meetings) == 1
    assert create_meeting_error(meeting.request_body) is None
    assert meeting.start_utc == datetime.combine(day, datetime.min.time().replace(hour=15), NEW_YORK).astimezone(UTC)
    assert (meeting.duration, meeting.type, meeting.request_body["timezone"]) == (45, 8, "America/New_York")
    assert meeting.recurrence["type"] == 2
    assert meeting.recurrence["weekly_days"] == "3"
    assert [i["email"] for i in meeting.request_body["settings"]["meeting_invitees"]] == ["carl@example.com"]

    [announcement] = [m for m in slack.messages if m.channel == GENERAL]
    assert meeting.join_url in json.dumps(announcement.params)
    assert "Design review" in json.dumps(announcement.params)
    assert START_URL_MARKER not in json.dumps([m.params for m in slack.messages if m.channel != ALICE])
    assert said_privately(slack, meeting.start_url)  # the host link only to Alice
    assert any(meeting.join_url in json.dumps(m.params) for m in slack.messages if m.requested_channel == CARL)


def test_the_same_form_submitted_twice_within_a_minute_makes_one_meeting(bot, zoom, slack):
    fields = {"topic": "Standup", "day": future_day().isoformat(), "time": "09:30"}
    quick_ack(submit(bot, slack, open_form(bot, slack), **fields))
    wait_for(lambda: zoom.meetings, what="the meeting")
    quick_ack(submit(bot, slack, open_form(bot, slack), **fields))  # a second form, alike in every field
    bot.settle()
    assert len(zoom.meetings) == 1
    assert said_privately(slack, "You submitted the same form twice within a minute, so I made one meeting")


def test_a_public_channel_the_bot_is_not_in_gets_the_meeting_through_slacks_response_url(bot, zoom, slack):
    quick_ack(submit(bot, slack, open_form(bot, slack), topic="Retro", day=future_day().isoformat(), time="16:00",
                     channel=RANDOM))
    meeting = wait_for(lambda: zoom.meetings, what="the meeting")[0]
    bot.settle()
    posted = [r for r in slack.responses if r.payload.get("response_type") == "in_channel"]
    assert [r.channel_id for r in posted] == [RANDOM]
    assert meeting.join_url in json.dumps(posted[0].payload)
    assert START_URL_MARKER not in json.dumps(posted[0].payload)


# -- each entry point -----------------------------------------------------------------------------------------


def test_the_help_buttons_schedule_opens_the_form(bot, slack):
    answer = bot.slash("help")
    assert answer.status_code == 200
    # Slack shows the ack's message to the user; show it in the emulator the same way, then click its button.
    shown = requests.post(slack.new_response_url(channel_id=GENERAL, user_id=ALICE),
                          json={**answer.json(), "response_type": "ephemeral"}, timeout=10)
    assert shown.status_code == 200
    help_message = next(m for m in slack.shown_to(ALICE) if "schedule_form_open" in m.buttons())
    quick_ack(bot.click(help_message.ts, "schedule_form_open"))
    view = wait_for(lambda: forms(slack), what="the form")[0]
    assert element(view, "channel")["initial_conversation"] == GENERAL


def test_the_global_shortcut_opens_the_form_without_a_conversation_and_it_must_be_picked(bot, zoom, slack):
    quick_ack(bot.global_shortcut())
    view = wait_for(lambda: forms(slack), what="the form")[0]
    channel = element(view, "channel")
    assert "initial_conversation" not in channel
    assert channel["response_url_enabled"] is True
    with pytest.raises(ValueError, match="required"):
        slack.submit_view(view.view_id, user=ALICE)  # Slack's client insists on a conversation
    quick_ack(submit(bot, slack, view, channel=GENERAL))
    meeting = wait_for(lambda: zoom.meetings, what="the meeting")[0]
    assert meeting.topic == "alice's Zoom meeting"  # no topic: named after the host (display name), as `/zoom` does


def test_a_questions_edit_opens_the_form_with_what_the_text_said_and_the_time_left_to_pick(bot, zoom, slack):
    quick_ack(bot.slash(f"meet Sync at 7 with <@{CARL}|carl> for 30m"))
    question = wait_for(lambda: [m for m in slack.shown_to(ALICE) if "zoom_meet_edit" in m.buttons()],
                        what="the question")[0]
    quick_ack(bot.click(question.ts, "zoom_meet_edit"))
    view = wait_for(lambda: forms(slack), what="the form")[0]
    assert element(view, "topic")["initial_value"].startswith("Sync")
    assert element(view, "duration")["initial_option"]["value"] == "30"
    assert element(view, "invitees")["initial_users"] == [CARL]
    assert "initial_date" not in element(view, "day")
    assert "initial_time" not in element(view, "time")
    with pytest.raises(ValueError, match="required"):
        slack.submit_view(view.view_id, user=ALICE)  # the unclear part is the user's to pick
    day = future_day()
    quick_ack(submit(bot, slack, view, day=day.isoformat(), time="19:00"))
    meeting = wait_for(lambda: zoom.meetings, what="the meeting")[0]
    assert meeting.start_utc == datetime.combine(day, datetime.min.time().replace(hour=19), NEW_YORK).astimezone(UTC)
    assert meeting.duration == 30


def test_a_form_that_cannot_open_in_time_is_explained(bot, slack):
    slack.fail_calls("views.open", "expired_trigger_id")  # the runner reached it after Slack's three seconds
    quick_ack(bot.slash("meet"))
    wait_for(lambda: said_privately(slack, "did not let me open the form in time"), what="the explanation")
    assert [c.error for c in slack.calls if c.method == "views.open"] == ["expired_trigger_id"]


# -- bad fields, answered in the form ----------------------------------------------------------------------


def test_each_bad_field_is_answered_beside_it_and_nothing_is_created(bot, zoom, slack):
    view = open_form(bot, slack)
    today = datetime.now(NEW_YORK)
    earlier = (today - timedelta(hours=1)).replace(second=0, microsecond=0)
    spring = next_clock_change(3, 2)
    cases = [
        ({"day": (today.date() - timedelta(days=1)).isoformat()}, "day", "has passed"),
        ({"day": earlier.date().isoformat(), "time": f"{earlier:%H:%M}"}, "time" if earlier.date() == today.date()
         else "day", "has passed"),
        ({"day": spring.isoformat(), "time": "02:30"}, "time", "does not exist"),
        ({"day": future_day(weekday=5).isoformat(), "repeat": "weekdays"}, "repeat", "is not a weekday"),
        ({"day": (today.date() + timedelta(days=800)).isoformat()}, "day", "within the next two years"),
        ({"channel": SECRET}, "channel", "I cannot post in that conversation"),
        ({"channel": ARCHIVE}, "channel", "I cannot post in that conversation"),
    ]
    for values, block, words in cases:
        errors = errors_of(submit(bot, slack, view, **values))
        assert words in errors.get(block, ""), (values, errors)
    forged = slack.submit_view(view.view_id, user=ALICE)
    forged["view"]["private_metadata"] = '{"tz": "Mars/Olympus"}'
    assert "time zone" in errors_of(bot.interact(forged))["time"]
    forged = slack.submit_view(view.view_id, user=ALICE)
    forged["view"]["state"]["values"]["duration"]["value"]["selected_option"]["value"] = "5000"
    assert "duration" in errors_of(bot.interact(forged))
    bot.settle()
    assert zoom.meetings == []
    assert slack.messages == []
    assert slack.responses == []


def test_a_time_the_clocks_pass_twice_is_asked_about_with_a_button_for_each(bot, zoom, slack):
    autumn = next_clock_change(11, 1)
    quick_ack(submit(bot, slack, open_form(bot, slack), topic="Night shift", day=autumn.isoformat(), time="01:30"))
    question = wait_for(lambda: [m for m in slack.shown_to(ALICE) if "zoom_meet_choice_1" in m.buttons()],
                        what="the question")[0]
    assert "happens twice" in (question.text or "")
    assert zoom.meetings == []
    labels = {b["text"]["text"]: action for action, b in question.buttons().items() if action != "zoom_meet_edit"}
    assert {label[-9:] for label in labels} == {"01:30 EDT", "01:30 EST"}
    quick_ack(bot.click(question.ts, next(action for label, action in labels.items() if label.endswith("EST"))))
    meeting = wait_for(lambda: zoom.meetings, what="the meeting")[0]
    assert meeting.start_utc == datetime.combine(autumn, datetime.min.time().replace(hour=6, minute=30), UTC)
