"""A question's choices travel in button values: written compactly, read back strictly (no sockets here)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handlers.language import MeetingDraft
from handlers.ui.choice_values import (
    MAX_NOTICES,
    ChoiceError,
    choice_value,
    read_choice_value,
    recurrence_fields,
    recurrence_from_fields,
    starts_on,
)
from handlers.ui.messages import slack_length
from zoom import Recurrence

NOW = datetime(2026, 12, 1, 22, 0, tzinfo=UTC)  # a Tuesday
NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")


def draft(**overrides) -> MeetingDraft:
    fields = {"topic": "Sync", "start": datetime(2026, 12, 3, 15, 0, tzinfo=NEW_YORK), "duration_minutes": 60,
              "timezone": "America/New_York", "notices": ("Read `Thursday` as Thu 3 Dec.",)}
    fields.update(overrides)
    return MeetingDraft(**fields)


def same(a: MeetingDraft, b: MeetingDraft) -> bool:
    return (a.topic, a.start, a.duration_minutes, a.timezone, a.notices, a.recurrence) == \
        (b.topic, b.start, b.duration_minutes, b.timezone, b.notices, b.recurrence)


WEEKDAYS = Recurrence(type=Recurrence.WEEKLY, end_times=10, weekly_days=(2, 3, 4, 5, 6))


@pytest.mark.parametrize("original", [
    draft(),
    draft(topic="", notices=()),
    draft(start=None, notices=()),  # an instant meeting among the readings
    draft(topic='"Q1 kickoff": 3 goals \\ <!channel> & more 🎉', duration_minutes=1440),
    draft(start=datetime(2026, 12, 4, 9, 30, tzinfo=NEW_YORK), recurrence=WEEKDAYS),
    draft(start=datetime(2026, 12, 4, 9, 30, tzinfo=NEW_YORK),
          recurrence=Recurrence(type=Recurrence.WEEKLY, end_times=6, repeat_interval=2, weekly_days=(6,))),
    draft(start=datetime(2026, 12, 15, 9, 0, tzinfo=BERLIN), timezone="Europe/Berlin",
          recurrence=Recurrence(type=Recurrence.MONTHLY, end_times=12, monthly_day=15)),
    draft(start=datetime(2026, 12, 1, 23, 30, tzinfo=BERLIN), timezone="Europe/Berlin",
          recurrence=Recurrence(type=Recurrence.MONTHLY, end_times=4, repeat_interval=3, monthly_week=1,
                                monthly_week_day=3)),
    draft(start=datetime(2026, 12, 25, 8, 0, tzinfo=NEW_YORK),
          recurrence=Recurrence(type=Recurrence.MONTHLY, end_times=3, monthly_week=-1, monthly_week_day=6)),
    draft(start=datetime(2026, 12, 2, 7, 0, tzinfo=NEW_YORK),
          recurrence=Recurrence(type=Recurrence.DAILY, end_times=60, repeat_interval=99)),
    # 01:30 on the night clocks go back happens twice; the value keeps which one (its offset)
    draft(start=datetime(2027, 11, 7, 1, 30, fold=1, tzinfo=NEW_YORK), notices=()),
    draft(start=datetime(2027, 11, 7, 1, 30, fold=0, tzinfo=NEW_YORK), notices=()),
])
def test_a_choice_reads_back_as_the_draft_it_was(original):
    value = choice_value(original)
    assert slack_length(value) <= 2000
    back = read_choice_value(value, now=NOW)
    assert same(back, original)
    if original.start is not None:
        assert back.start.utcoffset() == original.start.utcoffset()
        assert back.start.tzinfo == ZoneInfo(original.timezone)
    assert back.label


def test_the_value_is_compact_json_with_the_start_and_its_offset():
    value = choice_value(draft(recurrence=None, notices=()))
    assert json.loads(value) == {"v": 1, "t": "Sync", "s": "2026-12-03T15:00:00-05:00", "d": 60,
                                 "z": "America/New_York"}
    assert " " not in value.replace("Sync", "")


@pytest.mark.parametrize("topic", ['"' * 200, "\\" * 200, "🎉" * 200, "é" * 200])
def test_the_worst_topics_fit_and_long_notices_give_way(topic):
    many = tuple(f"{i} " + "x" * 298 for i in range(MAX_NOTICES))
    original = draft(topic=topic, notices=many, recurrence=WEEKDAYS,
                     start=datetime(2026, 12, 4, 9, 30, tzinfo=NEW_YORK))
    value = choice_value(original)
    assert slack_length(value) <= 2000  # Slack's limit on a button value, in UTF-16 units
    back = read_choice_value(value, now=NOW)
    assert back.topic == topic
    assert back.notices == many[:len(back.notices)]  # the last ones were dropped, not cut or reordered


zones = st.sampled_from(["America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe", "UTC",
                         "Pacific/Chatham", "America/St_Johns"])


@settings(max_examples=200, deadline=None)
@given(topic=st.text(st.characters(exclude_categories=("Cc", "Cf", "Cs", "Zl", "Zp")), max_size=200).map(str.strip),
       minutes=st.integers(1, 2 * 365 * 24 * 60), duration=st.integers(1, 1440), tz=zones,
       notices=st.lists(st.text(st.characters(exclude_categories=("Cc", "Cf", "Cs", "Zl", "Zp")), min_size=1,
                                max_size=300).map(str.strip).filter(bool), max_size=4))
def test_round_trip_property(topic, minutes, duration, tz, notices):
    start = (NOW + timedelta(minutes=minutes)).astimezone(ZoneInfo(tz))
    original = MeetingDraft(topic=topic, start=start, duration_minutes=duration, timezone=tz,
                            notices=tuple(notices))
    value = choice_value(original)
    assert slack_length(value) <= 2000
    back = read_choice_value(value, now=NOW)
    assert (back.topic, back.start, back.duration_minutes, back.timezone) == (topic, start, duration, tz)
    assert back.notices == tuple(notices)[:len(back.notices)]


def forged(**changes) -> str:
    data = json.loads(choice_value(draft(start=datetime(2026, 12, 4, 9, 30, tzinfo=NEW_YORK), recurrence=WEEKDAYS)))
    for key, value in changes.items():
        if value is ...:
            data.pop(key)
        else:
            data[key] = value
    return json.dumps(data)


def with_rule(**fields) -> str:
    rule = {"type": 2, "repeat_interval": 1, "end_times": 10, "weekly_days": [2, 3, 4, 5, 6], **fields}
    return forged(r={k: v for k, v in rule.items() if v is not ...})


@pytest.mark.parametrize(("value", "why"), [
    ("", "could not read"),
    ("{not json", "could not read"),
    ("[1, 2]", "could not read"),
    ("null", "could not read"),
    ("x" * 2001, "could not read"),
    (forged(v=2), "could not read"),
    (forged(v=...), "could not read"),
    (forged(extra=1), "could not read"),
    (forged(t=...), "could not read"),
    (forged(t="x" * 201), "topic"),
    (forged(t=5), "topic"),
    (forged(t="a\u202eb"), "topic"),  # a bidi override the reader would have removed
    (forged(d=5000), "1 to 1440"),
    (forged(d=0), "1 to 1440"),
    (forged(d="60"), "1 to 1440"),
    (forged(d=60.0), "1 to 1440"),
    (forged(d=True), "1 to 1440"),
    (forged(z="Mars/Olympus"), "time zone"),
    (forged(z=""), "time zone"),
    (forged(z="../../etc/passwd"), "time zone"),
    (forged(z=None), "time zone"),
    (forged(s="2026-11-30T09:30:00-05:00"), "already passed"),
    (forged(s="2026-12-01T17:00:00-05:00", r=None), "already passed"),  # exactly now
    (forged(s="2029-12-07T09:30:00-05:00"), "two years"),
    (forged(s="2026-12-04T09:30:00Z"), "cannot read"),
    (forged(s="2026-12-04T09:30:00"), "cannot read"),
    (forged(s="2026-12-04"), "cannot read"),
    (forged(s="tomorrow"), "cannot read"),
    (forged(s=1764861000), "cannot read"),
    (forged(s="2026-02-30T09:30:00-05:00"), "cannot read"),
    (forged(s="2026-12-04T09:30:00+01:00"), "does not match its time zone"),  # 09:30 Berlin is not New York
    (forged(s="2027-07-05T09:30:00-05:00"), "does not match its time zone"),  # July in New York is -04:00
    (forged(s=None), "repeats"),  # an instant meeting does not repeat
    (with_rule(type=4), "repeats"),
    (with_rule(type="2"), "repeats"),
    (with_rule(type=[2]), "repeats"),
    (with_rule(end_times=0), "repeats"),
    (with_rule(end_times=61), "repeats"),
    (with_rule(end_times=...), "repeats"),
    (with_rule(repeat_interval=51), "repeats"),
    (with_rule(repeat_interval=0), "repeats"),
    (with_rule(weekly_days=[]), "repeats"),
    (with_rule(weekly_days=[9]), "repeats"),
    (with_rule(weekly_days=[2, 2]), "repeats"),
    (with_rule(weekly_days="2,3"), "repeats"),
    (with_rule(weekly_days=[[2]]), "repeats"),
    (with_rule(monthly_day=4), "repeats"),
    (with_rule(colour="blue"), "repeats"),
    (with_rule(type=3, weekly_days=..., monthly_day=4, monthly_week=1, monthly_week_day=6), "repeats"),
    (with_rule(type=3, weekly_days=...), "repeats"),
    (with_rule(type=3, weekly_days=..., monthly_day=32), "repeats"),
    (with_rule(type=3, weekly_days=..., monthly_week=5, monthly_week_day=6), "repeats"),
    (with_rule(type=3, weekly_days=..., repeat_interval=11, monthly_day=4), "repeats"),
    (with_rule(type=1, weekly_days=..., repeat_interval=100), "repeats"),
    (with_rule(type=1), "repeats"),  # weekly_days on a daily rule
    (with_rule(weekly_days=[7]), "does not repeat on"),  # Friday 4 Dec is not a Saturday
    (with_rule(type=3, weekly_days=..., monthly_day=5), "does not repeat on"),
    (with_rule(type=3, weekly_days=..., monthly_week=-1, monthly_week_day=6), "does not repeat on"),
    (forged(n="a notice"), "could not read"),
    (forged(n=["x" * 301]), "could not read"),
    (forged(n=["a"] * 5), "could not read"),
    (forged(n=[1]), "could not read"),
])
def test_a_forged_or_stale_value_is_refused_with_a_reason(value, why):
    with pytest.raises(ChoiceError) as refused:
        read_choice_value(value, now=NOW)
    assert why in refused.value.message
    assert "Nothing was created" in refused.value.message


def test_a_value_that_was_fine_becomes_stale_once_its_time_has_passed():
    value = choice_value(draft())
    assert read_choice_value(value, now=NOW).start == draft().start
    with pytest.raises(ChoiceError, match="already passed"):
        read_choice_value(value, now=draft().start.astimezone(UTC))


@pytest.mark.parametrize(("rule", "day", "expected"), [
    (WEEKDAYS, datetime(2026, 12, 4), True),
    (WEEKDAYS, datetime(2026, 12, 5), False),
    (Recurrence(type=3, end_times=2, monthly_week=-1, monthly_week_day=6), datetime(2026, 12, 25), True),
    (Recurrence(type=3, end_times=2, monthly_week=-1, monthly_week_day=6), datetime(2026, 12, 18), False),
    (Recurrence(type=3, end_times=2, monthly_week=4, monthly_week_day=6), datetime(2026, 12, 25), True),
    (Recurrence(type=3, end_times=2, monthly_week=1, monthly_week_day=3), datetime(2026, 12, 1), True),
    (Recurrence(type=3, end_times=2, monthly_week=2, monthly_week_day=3), datetime(2026, 12, 1), False),
    (Recurrence(type=3, end_times=2, monthly_day=31), datetime(2026, 12, 31), True),
    (Recurrence(type=1, end_times=2, repeat_interval=3), datetime(2026, 12, 31), True),
])
def test_starts_on(rule, day, expected):
    assert starts_on(rule, day.replace(hour=9, tzinfo=NEW_YORK)) is expected


@pytest.mark.parametrize("rule", [
    Recurrence(type=1, end_times=5, repeat_interval=3),
    Recurrence(type=2, end_times=10, weekly_days=(2, 4, 6)),
    Recurrence(type=3, end_times=12, monthly_day=15),
    Recurrence(type=3, end_times=6, monthly_week=-1, monthly_week_day=6),
])
def test_a_recurrence_kept_in_a_command_row_comes_back_the_same(rule):
    assert recurrence_from_fields(json.loads(json.dumps(recurrence_fields(rule)))) == rule


# -- the people a question's text mentioned ----------------------------------------------------------------


def test_invitees_ride_in_the_value_and_come_back():
    original = draft(invitees=("U01BOB", "W02CAROL"))
    value = choice_value(original)
    assert json.loads(value)["i"] == ["U01BOB", "W02CAROL"]
    assert read_choice_value(value, now=NOW).invitees == ("U01BOB", "W02CAROL")
    assert "i" not in json.loads(choice_value(draft()))
    assert read_choice_value(choice_value(draft()), now=NOW).invitees == ()


def test_twenty_five_invitees_and_the_longest_topic_still_fit_a_button():
    original = draft(topic="x" * 200, invitees=tuple(f"U{n:020d}" for n in range(25)),
                     notices=("n" * 300,) * MAX_NOTICES)
    value = choice_value(original)
    assert slack_length(value) <= 2000
    assert len(read_choice_value(value, now=NOW).invitees) == 25


def test_more_invitees_than_a_meeting_takes_are_never_written():
    with pytest.raises(ValueError, match="invitees"):
        choice_value(draft(invitees=tuple(f"U0P{n:03d}" for n in range(26))))


@pytest.mark.parametrize("invitees", [
    "U01BOB", ["u01bob"], ["U01BOB", "U01BOB"], [7], ["<@U01BOB>"], ["C01GENERAL"], [f"U0P{n:03d}" for n in range(26)],
    None, {"U01BOB": 1},
])
def test_a_forged_invitee_list_is_refused(invitees):
    value = json.loads(choice_value(draft()))
    value["i"] = invitees
    with pytest.raises(ChoiceError, match="could not read"):
        read_choice_value(json.dumps(value), now=NOW)
