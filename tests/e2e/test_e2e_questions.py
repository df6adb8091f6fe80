"""Questions, choices, Edit and recurring meetings end to end: signed requests into the real app over real
sockets, the strict Zoom and Slack emulators on 127.0.0.1, SQLite and PostgreSQL.

Two variants. The first drives the Slack side with a fixed reader (the app runs in this process, so
`handlers.flows.meet.read_meeting_text` can be replaced): it proves the buttons, the values, the modal and the
type 8 meetings whatever the command language says (Edit, which opens the scheduling form, is
tested with the form in test_e2e_schedule_form.py). The second types the real texts: it proves that the
two fit together.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import requests

from handlers.demo.emulators import START_URL_MARKER, SlackEmulator, ZoomEmulator
from handlers.demo.emulators._zoom_schema import create_meeting_error
from handlers.demo.emulators.slack import ShownMessage
from handlers.flows import meet
from handlers.language import MeetingDraft, MeetingQuestion, Refusal
from storage import SlackUserKey
from tests.harness import connect_links, running_bot, said_privately, seed_connection, wait_for
from zoom import Recurrence

ALICE, CARL = "U0ALICE", "U0CARL"
GENERAL, DM = "C0GENERAL", "D0ALICEBOB"
NEW_YORK, BERLIN = ZoneInfo("America/New_York"), ZoneInfo("Europe/Berlin")
CHOICE = "zoom_meet_choice_"
WEEKDAYS = Recurrence(type=Recurrence.WEEKLY, end_times=10, weekly_days=(2, 3, 4, 5, 6))


@pytest.fixture
def zoom():
    with ZoomEmulator() as emulator:
        emulator.add_user("alice@example.com", first_name="Alice")
        emulator.add_user("carl@example.com", first_name="Carl")
        emulator.login_as("alice@example.com")
        yield emulator
        assert emulator.internal_errors == []


@pytest.fixture
def slack():
    with SlackEmulator() as emulator:
        emulator.add_user(ALICE, name="alice", real_name="Alice Example", tz="America/New_York",
                          email="alice@example.com")
        emulator.add_user(CARL, name="carl", real_name="Carl", tz="Europe/Berlin", email="carl@example.com")
        emulator.add_channel(GENERAL, name="general")
        emulator.add_channel(DM, name="", is_im=True, bot_is_member=False)
        yield emulator
        assert emulator.internal_errors == []


@pytest.fixture
def bot(zoom, slack, database_url):
    with running_bot(zoom, slack, database_url) as running:
        yield running


@pytest.fixture
def connected(bot, zoom, slack):
    for user, email in ((ALICE, "alice@example.com"), (CARL, "carl@example.com")):
        seed_connection(bot.services.connections, zoom, SlackUserKey(team_id=slack.team_id, user_id=user), email)
    return bot


class FixedReader:
    """What the reader says for each text; anything else is refused (so a surprise shows)."""

    def __init__(self, answers: dict):
        self.answers = answers

    def __call__(self, text: str, *, now: datetime, tz: str, locale: str | None = None,
                 default_duration: int = 60):
        return self.answers.get(text) or Refusal(f"(fixed reader) nothing for {text!r}")


def next_at(hour: int, minute: int = 0, zone: ZoneInfo = NEW_YORK, *, weekdays_only: bool = False,
            weekday: int | None = None) -> datetime:
    """The first hour:minute on the wall clock of `zone` after now (on a weekday, or that weekday, if asked)."""
    now = datetime.now(zone)
    day = now.date()
    while True:
        moment = datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)
        if moment > now and (not weekdays_only or moment.weekday() < 5) and weekday in (None, moment.weekday()):
            return moment
        day += timedelta(days=1)


def reading(start: datetime, topic: str = "Sync", **fields) -> MeetingDraft:
    label = f"{start:%a} {start.day} {start:%b}, {start:%H:%M}"
    return MeetingDraft(topic=topic, start=start, duration_minutes=fields.pop("duration_minutes", 60),
                        timezone=fields.pop("timezone", "America/New_York"), label=label, **fields)


def at_seven() -> MeetingQuestion:
    choices = sorted([reading(next_at(7)), reading(next_at(19))], key=lambda d: d.start)
    return MeetingQuestion(message="`at 7`: in the morning or in the evening?", choices=tuple(choices),
                           text="Sync at 7")


@pytest.fixture
def fixed(monkeypatch):
    """Install a fixed reader; returns the function that sets its answers."""
    def install(answers: dict) -> FixedReader:
        reader = FixedReader(answers)
        monkeypatch.setattr(meet, "read_meeting_text", reader)
        return reader
    return install


# -- what the tests look at --------------------------------------------------------------------------


def question_for(slack: SlackEmulator, user: str = ALICE, count: int = 1) -> ShownMessage:
    """The `count`-th question shown to `user` that still has choice or Edit buttons."""
    def questions():
        return [m for m in slack.shown_to(user) if "zoom_meet_edit" in m.buttons()]
    return wait_for(lambda: questions()[count - 1:], what="a question")[0]


def choice_starting(question: ShownMessage, start: datetime) -> str:
    """The action_id of the question's button for `start`."""
    for action_id, button in question.buttons().items():
        if action_id.startswith(CHOICE) and json.loads(button["value"])["s"] == start.isoformat():
            return action_id
    raise AssertionError(f"no choice for {start} in {question.buttons()}")


def choice_at_hour(question: ShownMessage, hour: int) -> tuple[str, datetime]:
    for action_id, button in question.buttons().items():
        if action_id.startswith(CHOICE):
            start = datetime.fromisoformat(json.loads(button["value"])["s"])
            if start.hour == hour:
                return action_id, start
    raise AssertionError(f"no choice at {hour}:00 in {question.buttons()}")


def announcements(slack: SlackEmulator) -> list[dict]:
    posted = [m.params for m in slack.messages if "zoom_join" in json.dumps(m.params)]
    posted += [r.payload for r in slack.responses if r.payload.get("response_type") == "in_channel"]
    return posted


def quick_ack(response: requests.Response) -> None:
    assert response.status_code == 200, response.text
    assert response.text == ""  # an empty ack: nothing for Slack to show, the work goes on in the background


# -- a question answered by a click --------------------------------------------------------------------


def check_one_click_one_meeting(bot, slack, zoom, question: ShownMessage, action_id: str, start: datetime) -> None:
    assert zoom.meetings == []  # asking creates nothing
    payload = slack.click(question.ts, action_id, user=ALICE)
    quick_ack(bot.interact(payload))
    meeting = wait_for(lambda: zoom.meetings, what="the meeting")[0]
    assert meeting.start_utc == start.astimezone(UTC)
    assert meeting.request_body["topic"] == "Sync"
    bot.settle()
    now_shown = next(m for m in slack.shown_to(ALICE) if m.ts == question.ts)
    assert not any(a.startswith(CHOICE) for a in now_shown.buttons())  # the question gave way...
    assert "zoom_start_as_host" in now_shown.buttons()  # ...to the host's confirmation
    assert any("Creating *Sync*" in (v["text"] or "") for v in now_shown.versions)
    assert meeting.join_url in json.dumps(announcements(slack))
    assert START_URL_MARKER not in json.dumps(announcements(slack))
    with pytest.raises(LookupError):  # the buttons are gone: nobody can click them again
        slack.click(question.ts, action_id, user=ALICE)
    # The same click delivered again (Slack does not, but a proxy might), and once more at the same time as
    # another: this process remembers which question was answered. (Across gunicorn workers only the replaced
    # message stands in the way until commands are durable; see handlers.ui.choice_values.ClaimedQuestions.)
    quick_ack(bot.interact(payload))
    bot.settle()
    assert len(zoom.meetings) == 1


def test_a_clicked_reading_creates_one_meeting_at_that_instant(connected, zoom, slack, fixed):
    question = at_seven()
    fixed({"Sync at 7": question})
    connected.slash("meet Sync at 7")
    shown = question_for(slack)
    assert shown.ephemeral
    labels = [b["text"]["text"] for a, b in shown.buttons().items() if a.startswith(CHOICE)]
    assert labels == [c.label for c in question.choices]
    evening = next_at(19)
    check_one_click_one_meeting(connected, slack, zoom, shown, choice_starting(shown, evening), evening)


def test_real_text_sync_at_7_asks_and_the_evening_is_created(connected, zoom, slack):
    connected.slash("meet Sync at 7")
    shown = question_for(slack)
    morning, _ = choice_at_hour(shown, 7)
    evening, start = choice_at_hour(shown, 19)
    assert start == next_at(19)
    assert morning != evening
    check_one_click_one_meeting(connected, slack, zoom, shown, evening, start)


def test_clicks_racing_on_one_question_create_one_meeting(connected, zoom, slack, fixed):
    fixed({"Sync at 7": at_seven()})
    connected.slash("meet Sync at 7")
    shown = question_for(slack)
    # Both buttons, and the first one twice, all sent before any is answered.
    payloads = [slack.click(shown.ts, a, user=ALICE) for a in sorted(shown.buttons()) if a.startswith(CHOICE)]
    payloads.append(payloads[0])
    zoom.hold_api()
    try:
        threads = [threading.Thread(target=lambda p=p: quick_ack(connected.interact(p))) for p in payloads]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=10)
    finally:
        zoom.release_api()
    connected.settle()
    assert len(zoom.meetings) == 1


def test_a_click_before_connecting_resumes_with_that_reading(bot, zoom, slack, fixed):
    fixed({"Sync at 7": at_seven()})
    bot.slash("meet Sync at 7")
    shown = question_for(slack)
    morning = next_at(7)
    quick_ack(bot.click(shown.ts, choice_starting(shown, morning)))
    link = wait_for(lambda: connect_links(slack), what="the connect prompt")[0]
    assert zoom.meetings == []
    prompt = next(m for m in slack.shown_to(ALICE) if m.ts == shown.ts)
    assert "zoom_connect" in prompt.buttons()  # the prompt took the question's place
    assert bot.follow_connect_link(link).status_code == 200
    meeting = wait_for(lambda: zoom.meetings, what="the meeting after connecting")[0]
    assert meeting.start_utc == morning.astimezone(UTC)
    bot.settle()
    assert "zoom_start_as_host" in next(m for m in slack.shown_to(ALICE) if m.ts == shown.ts).buttons()
    assert len(zoom.meetings) == 1


def test_the_meet_resume_still_works(bot, zoom, slack, fixed):
    fixed({"Design review tomorrow 3pm": reading(next_at(15), topic="Design review")})
    bot.slash("meet Design review tomorrow 3pm")
    assert bot.follow_connect_link(wait_for(lambda: connect_links(slack), what="prompt")[0]).status_code == 200
    assert wait_for(lambda: zoom.meetings, what="meeting")[0].request_body["topic"] == "Design review"


# -- forged or stale values -------------------------------------------------------------------------------


def forgeries(value: str) -> dict[str, str]:
    data = json.loads(value)
    past = (datetime.now(NEW_YORK) - timedelta(hours=2)).replace(second=0, microsecond=0)
    return {
        "already passed": json.dumps({**data, "s": past.isoformat()}),
        "could not read": "{'not': json",
        "1 to 1440": json.dumps({**data, "d": 5000}),
        "time zone I do not know": json.dumps({**data, "z": "Mars/Olympus"}),
        "repeats in a way": json.dumps({**data, "r": {"type": 2, "end_times": 10, "weekly_days": [9]}}),
        "does not match its time zone": json.dumps({**data, "s": data["s"][:-6] + "+09:00"}),
    }


def check_forgeries_change_nothing(bot, zoom, slack, question: ShownMessage) -> None:
    action_id = next(a for a in sorted(question.buttons()) if a.startswith(CHOICE))
    for reason, value in forgeries(question.buttons()[action_id]["value"]).items():
        payload = slack.click(question.ts, action_id, user=ALICE)
        payload["actions"][0]["value"] = value
        quick_ack(bot.interact(payload))
        bot.settle()
        assert said_privately(slack, reason), reason
        assert zoom.meetings == [], reason
        assert action_id in next(m for m in slack.shown_to(ALICE) if m.ts == question.ts).buttons(), reason
    assert announcements(slack) == []
    assert START_URL_MARKER not in slack.all_text()


def test_forged_values_create_nothing_and_are_explained(connected, zoom, slack, fixed):
    fixed({"Sync at 7": at_seven()})
    connected.slash("meet Sync at 7")
    check_forgeries_change_nothing(connected, zoom, slack, question_for(slack))


def test_real_text_forged_values_create_nothing_and_are_explained(connected, zoom, slack):
    connected.slash("meet Sync at 7")
    check_forgeries_change_nothing(connected, zoom, slack, question_for(slack))


# -- recurring meetings and other zones ------------------------------------------------------------------


def check_recurring(bot, zoom, slack, rule_words: str, start: datetime) -> None:
    meeting = wait_for(lambda: zoom.meetings, what="the meeting")[0]
    assert meeting.type == 8
    assert create_meeting_error(meeting.request_body) is None  # Zoom's own schema (weekly_days as described)
    assert meeting.start_utc == start.astimezone(UTC)
    token = zoom.issue_tokens_for("alice@example.com")["access_token"]
    read_back = requests.get(f"{zoom.api_url}/meetings/{meeting.id}", headers={"Authorization": f"Bearer {token}"},
                             timeout=10).json()
    assert read_back["recurrence"]["type"] == 2
    assert read_back["timezone"] == "America/New_York"
    assert read_back["occurrences"][0]["start_time"] == meeting.start_time
    announcement = wait_for(lambda: announcements(slack), what="the announcement")[0]
    assert rule_words in json.dumps(announcement)
    wait_for(lambda: said_privately(slack, rule_words), what="the host confirmation with the rule")


def test_a_recurring_draft_creates_a_type_8_meeting_that_says_its_rule(connected, zoom, slack, fixed):
    start = next_at(9, 30, weekdays_only=True)
    fixed({"Standup every weekday 9:30am": reading(start, topic="Standup", recurrence=WEEKDAYS)})
    connected.slash("meet Standup every weekday 9:30am")
    check_recurring(connected, zoom, slack, "Every weekday (10 times)", start)
    assert zoom.meetings[0].request_body["recurrence"] == {"type": 2, "repeat_interval": 1, "end_times": 10,
                                                           "weekly_days": "2,3,4,5,6"}


def test_real_text_every_weekday(connected, zoom, slack):
    connected.slash("meet Standup every weekday 9:30am")
    check_recurring(connected, zoom, slack, "Every weekday", next_at(9, 30, weekdays_only=True))
    assert zoom.meetings[0].request_body["recurrence"]["weekly_days"] == "2,3,4,5,6"


def test_a_recurring_choice_is_created_as_chosen(connected, zoom, slack, fixed):
    friday = next_at(16, weekday=4)
    every_other = Recurrence(type=Recurrence.WEEKLY, end_times=6, repeat_interval=2, weekly_days=(6,))
    every = Recurrence(type=Recurrence.WEEKLY, end_times=6, repeat_interval=1, weekly_days=(6,))
    choices = (reading(friday, recurrence=every_other), reading(friday, recurrence=every))
    fixed({"Sync fridays 4pm": MeetingQuestion("Every Friday, or every other?", choices, "Sync fridays 4pm")})
    connected.slash("meet Sync fridays 4pm")
    shown = question_for(slack)
    quick_ack(connected.click(shown.ts, f"{CHOICE}0"))
    meeting = wait_for(lambda: zoom.meetings, what="the meeting")[0]
    assert meeting.request_body["recurrence"] == {"type": 2, "repeat_interval": 2, "end_times": 6, "weekly_days": "6"}
    assert meeting.start_utc == friday.astimezone(UTC)
    wait_for(lambda: "Every other Friday (6 times)" in json.dumps(announcements(slack)), what="the rule")


def test_a_time_in_another_zone_keeps_that_zone(connected, zoom, slack, fixed):
    start = next_at(15, zone=NEW_YORK)
    fixed({"Sync 3pm ET": reading(start)})  # read in New York although Carl is in Berlin
    connected.slash("meet Sync 3pm ET", user=CARL)
    meeting = wait_for(lambda: zoom.meetings, what="the meeting")[0]
    assert (meeting.start_utc, meeting.timezone) == (start.astimezone(UTC), "America/New_York")
    assert meeting.host_email == "carl@example.com"


def test_real_text_3pm_et_for_a_user_in_berlin(connected, zoom, slack):
    connected.slash("meet Sync 3pm ET", user=CARL)
    wait_for(lambda: zoom.meetings or said_privately(slack, "Sync"), what="an answer")
    meeting = zoom.meetings[0]
    start = next_at(15, zone=NEW_YORK)
    assert meeting.start_utc == start.astimezone(UTC)
    assert meeting.start_utc.hour == (20 if start.utcoffset() == timedelta(hours=-5) else 19)
    assert meeting.timezone == "America/New_York"


def test_real_text_a_range_is_a_start_and_a_length(connected, zoom, slack):
    connected.slash("meet Sync tomorrow 3-4pm")
    wait_for(lambda: zoom.meetings or said_privately(slack, "Sync"), what="an answer")
    meeting = zoom.meetings[0]
    tomorrow = datetime.now(NEW_YORK).date() + timedelta(days=1)
    assert meeting.start_utc == datetime(tomorrow.year, tomorrow.month, tomorrow.day, 15, 0,
                                         tzinfo=NEW_YORK).astimezone(UTC)
    assert meeting.duration == 60
