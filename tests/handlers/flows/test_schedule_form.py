"""The scheduling form's own rules, without Slack: the default time, what a question's text prefills, and
every check a submission goes through before the ack."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from handlers.demo.emulators._slack_blocks import block_errors
from handlers.flows.schedule_form import (
    OPEN_SCHEDULE_FORM,
    FormCheck,
    check_form,
    next_half_hour,
    open_schedule_form,
    prefilled,
    repeat_key,
)
from handlers.ui.choice_values import choice_value, read_choice_value
from handlers.ui.schedule_form import FormDefaults, FormFields, read_form, schedule_form
from tests.handlers.flows.fakes import FakeCommandRunner, FakeSlackClient, default_profile, make_job, make_services
from zoom.models import Recurrence

NEW_YORK = ZoneInfo("America/New_York")
USER = "U0ALICE"
# A Thursday morning in New York; the spring change is on Sunday 14 March 2027, the autumn one on 7 November.
NOW = datetime(2027, 3, 11, 10, 7, tzinfo=NEW_YORK).astimezone(UTC)


def fields(**changes) -> FormFields:
    base = {"topic": "Design review", "day": "2027-03-12", "at": "15:00", "duration": "45", "repeat": "none",
            "invitees": (), "channel_id": "C0GENERAL", "tz": "America/New_York", "tz_known": True}
    return FormFields(**{**base, **changes})


def only_draft(check: FormCheck):
    assert check.errors is None, check.errors
    [draft] = check.drafts
    return draft


@pytest.mark.parametrize(("now", "expected"), [
    (datetime(2027, 3, 11, 10, 7), (date(2027, 3, 11), time(10, 30))),
    (datetime(2027, 3, 11, 10, 30), (date(2027, 3, 11), time(11, 0))),
    (datetime(2027, 3, 11, 10, 29, 59), (date(2027, 3, 11), time(10, 30))),
    (datetime(2027, 3, 11, 23, 45), (date(2027, 3, 12), time(0, 0))),
])
def test_the_form_opens_at_the_next_half_hour_on_the_users_clock(now, expected):
    assert next_half_hour(now.replace(tzinfo=NEW_YORK).astimezone(UTC), "America/New_York") == expected


def test_a_valid_form_is_one_draft_at_that_instant_in_the_users_zone_that_the_runner_reads_back_alike():
    draft = only_draft(check_form(fields(invitees=("U0CARL", USER, "U0CARL")), user_id=USER, now=NOW))
    assert draft.start == datetime(2027, 3, 12, 15, 0, tzinfo=NEW_YORK)
    assert (draft.topic, draft.duration_minutes, draft.timezone, draft.recurrence) == (
        "Design review", 45, "America/New_York", None)
    assert draft.invitees == ("U0CARL",)  # the user is the host, and each person once
    assert replace(read_choice_value(choice_value(draft), now=NOW), label="") == draft


@pytest.mark.parametrize(("repeat", "rule"), [
    ("daily", Recurrence(type=1, end_times=60)),
    ("weekdays", Recurrence(type=2, end_times=60, weekly_days=(2, 3, 4, 5, 6))),
    ("weekly", Recurrence(type=2, end_times=26, weekly_days=(6,))),  # Friday, the date's weekday
    ("biweekly", Recurrence(type=2, end_times=13, repeat_interval=2, weekly_days=(6,))),
    ("monthly", Recurrence(type=3, end_times=12, monthly_day=12)),
])
def test_each_repeat_is_the_rule_the_command_language_writes_for_the_same_words(repeat, rule):
    assert only_draft(check_form(fields(repeat=repeat), user_id=USER, now=NOW)).recurrence == rule


@pytest.mark.parametrize(("changes", "block", "words"), [
    ({"day": "2027-03-10"}, "day", "has passed"),
    ({"day": "2027-03-11", "at": "10:00"}, "time", "has passed"),
    ({"day": "2027-03-14", "at": "02:30"}, "time", "does not exist"),
    ({"day": "2029-06-01"}, "day", "two years"),
    ({"day": None}, "day", "Pick a date"),
    ({"at": "7pm"}, "time", "Pick a start time"),
    ({"duration": "0"}, "duration", "how long"),
    ({"duration": "1441"}, "duration", "how long"),
    ({"duration": None}, "duration", "how long"),
    ({"repeat": "hourly"}, "repeat", "one of the repeats"),
    ({"day": "2027-03-13", "repeat": "weekdays"}, "repeat", "Saturday is not a weekday"),
    ({"topic": "x" * 201}, "topic", "at most 200"),
    ({"topic": "Sync\u202e"}, "topic", "topic"),
    ({"invitees": ("not-a-user",)}, "invitees", "at most 25"),
    ({"invitees": tuple(f"U{n:04d}" for n in range(26))}, "invitees", "at most 25"),
    ({"tz": "Mars/Olympus"}, "time", "time zone"),
    ({"day": "9999-12-31", "at": "23:30"}, "day", "two years"),  # the calendar's ends: no overflow, no 500
    ({"day": "0001-01-01", "at": "00:00", "tz": "Asia/Tokyo"}, "day", "has passed"),
    ({"duration": "\u00b2"}, "duration", "how long"),  # "²".isdigit(), yet no number of minutes
    ({"duration": "\u0664\u0665"}, "duration", "how long"),  # Arabic-Indic digits
])
def test_each_bad_field_is_named_with_why(changes, block, words):
    check = check_form(fields(**changes), user_id=USER, now=NOW)
    assert check.drafts == ()
    assert words in (check.errors or {}).get(block, ""), check.errors


def test_the_hour_the_clocks_go_back_gives_both_readings_and_one_once_the_first_has_passed():
    check = check_form(fields(day="2027-11-07", at="01:30"), user_id=USER, now=NOW)
    assert [d.start.astimezone(UTC).hour for d in check.drafts] == [5, 6]  # 01:30 EDT, then 01:30 EST
    between = datetime(2027, 11, 7, 5, 45, tzinfo=UTC)  # the first 01:30 has just gone by
    assert [d.start.astimezone(UTC).hour for d in check_form(fields(day="2027-11-07", at="01:30"), user_id=USER,
                                                             now=between).drafts] == [6]


def test_a_zone_slack_did_not_give_is_noticed_on_the_meeting():
    draft = only_draft(check_form(fields(tz="UTC", tz_known=False), user_id=USER, now=NOW))
    assert any("UTC" in notice for notice in draft.notices)


def test_forms_alike_in_every_field_share_a_repeat_key_and_any_difference_parts_them():
    one = check_form(fields(), user_id=USER, now=NOW).drafts
    assert repeat_key(fields(), one, "C1") == repeat_key(fields(), one, "C1")
    other = check_form(fields(topic="Other"), user_id=USER, now=NOW).drafts
    assert len({repeat_key(fields(), one, "C1"), repeat_key(fields(), one, "C2"),
                repeat_key(fields(topic="Other"), other, "C1")}) == 3


def test_a_questions_text_prefills_what_it_said_and_leaves_the_time_to_pick():
    defaults = FormDefaults(tz="America/New_York", tz_known=True, duration_minutes=60, channel_id="C1")
    form = prefilled(defaults, "Sync with <@U0CARL|carl> at 7 every weekday for 30m", now=NOW, locale="en-US",
                     user_id=USER)
    assert (form.topic, form.duration_minutes, form.repeat, form.invitees) == (
        "Sync with carl", 30, "weekdays", ("U0CARL",))  # names as Slack wrote them into the mentions
    assert (form.day, form.at, form.note) == (None, None, "")
    odd = prefilled(defaults, "Sync at 7 every Tuesday and Thursday", now=NOW, locale="en-US", user_id=USER)
    assert (odd.repeat, "does not offer" in odd.note) == ("none", True)  # said, not dropped silently
    nothing = prefilled(defaults, "", now=NOW, locale="en-US", user_id=USER)
    assert "fill in each field" in nothing.note


def test_the_form_is_a_modal_slack_accepts_and_reads_back_what_it_shows():
    defaults = FormDefaults(tz="America/New_York", tz_known=True, duration_minutes=50, day=date(2027, 3, 12),
                            at=time(15, 0), topic="Sync", repeat="weekly", invitees=("U0CARL",), channel_id="C1",
                            note="A *note*")
    view = schedule_form(defaults)
    assert block_errors(view["blocks"], max_blocks=100, pointer="/view/blocks") == []
    durations = next(b for b in view["blocks"] if b.get("block_id") == "duration")["element"]
    assert "50" in [option["value"] for option in durations["options"]]  # a personal default not in the list
    state = {"values": {
        "topic": {"value": {"type": "plain_text_input", "value": "Sync"}},
        "day": {"value": {"type": "datepicker", "selected_date": "2027-03-12"}},
        "time": {"value": {"type": "timepicker", "selected_time": "15:00"}},
        "duration": {"value": {"type": "static_select", "selected_option": {"value": "50"}}},
        "repeat": {"value": {"type": "static_select", "selected_option": {"value": "weekly"}}},
        "invitees": {"value": {"type": "multi_users_select", "selected_users": ["U0CARL"]}},
        "channel": {"value": {"type": "conversations_select", "selected_conversation": "C1"}},
    }}
    read = read_form({**view, "state": state})
    assert read == FormFields(topic="Sync", day="2027-03-12", at="15:00", duration="50", repeat="weekly",
                              invitees=("U0CARL",), channel_id="C1", tz="America/New_York", tz_known=True)
    assert read_form({"state": "junk", "private_metadata": "{not json"}) == FormFields(
        topic="", day=None, at=None, duration=None, repeat=None, invitees=(), channel_id=None, tz="", tz_known=False)


def test_the_form_does_not_open_when_slack_could_not_say_the_users_zone():
    # Its times would be read in UTC: a New York user picking 15:00 would meet at 10:00 (as /zoom meet refuses).
    client = FakeSlackClient(users_info_error="internal_error")
    job = make_job(FakeCommandRunner(client), kind=OPEN_SCHEDULE_FORM, payload={"trigger_id": "1.2.3"})
    open_schedule_form(make_services(), job)
    assert client.calls_to("views_open") == []
    assert "did not tell me your time zone just now" in client.only_private_text()


def test_the_form_opens_in_utc_only_when_slack_has_no_zone_for_the_user_and_says_so():
    client = FakeSlackClient(profile={**default_profile(), "tz": None})
    job = make_job(FakeCommandRunner(client), kind=OPEN_SCHEDULE_FORM, payload={"trigger_id": "1.2.3"})
    open_schedule_form(make_services(), job)
    [opened] = client.calls_to("views_open")
    at = next(b for b in opened.kwargs["view"]["blocks"] if b.get("block_id") == "time")
    assert at["element"]["timezone"] == "UTC"
    assert "Slack did not tell me your time zone" in at["hint"]["text"]
