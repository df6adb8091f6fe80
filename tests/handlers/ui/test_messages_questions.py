"""Recurrence rules in words, the question message and the Edit modal, as Slack would take them (no sockets)."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.demo.emulators._slack_blocks import block_errors
from handlers.listeners.actions.link_buttons import LINK_BUTTONS
from handlers.listeners.actions.meet_choices import CHOICE_ACTIONS, question_key
from handlers.ui.messages import (
    EDIT_ACTION,
    HostSecrets,
    MeetingSummary,
    QuestionChoice,
    choice_label,
    creating_message,
    host_confirmation,
    meeting_announcement,
    meeting_question,
    plain,
    recurrence_text,
    slack_length,
)
from zoom import Recurrence

WEEKLY, DAILY, MONTHLY = Recurrence.WEEKLY, Recurrence.DAILY, Recurrence.MONTHLY
SUN, MON, TUE, WED, THU, FRI, SAT = range(1, 8)


@pytest.mark.parametrize(("rule", "words"), [
    (Recurrence(WEEKLY, 10, weekly_days=(MON, TUE, WED, THU, FRI)), "Every weekday (10 times)"),
    (Recurrence(WEEKLY, 10, weekly_days=(FRI, WED, MON, TUE, THU)), "Every weekday (10 times)"),
    (Recurrence(WEEKLY, 4, weekly_days=(MON,)), "Every Monday (4 times)"),
    (Recurrence(WEEKLY, 8, weekly_days=(WED, MON)), "Every Monday and Wednesday (8 times)"),
    (Recurrence(WEEKLY, 8, weekly_days=(SUN, MON, FRI)), "Every Monday, Friday and Sunday (8 times)"),
    (Recurrence(WEEKLY, 6, repeat_interval=2, weekly_days=(FRI,)), "Every other Friday (6 times)"),
    (Recurrence(WEEKLY, 5, repeat_interval=3, weekly_days=(TUE,)), "Every 3 weeks on Tuesday (5 times)"),
    (Recurrence(WEEKLY, 5, repeat_interval=3, weekly_days=(TUE, THU)),
     "Every 3 weeks on Tuesday and Thursday (5 times)"),
    (Recurrence(WEEKLY, 5, repeat_interval=2, weekly_days=(MON, TUE, WED, THU, FRI)),
     "Every other week on weekdays (5 times)"),
    (Recurrence(WEEKLY, 7, weekly_days=(SUN, MON, TUE, WED, THU, FRI, SAT)), "Every day (7 times)"),
    (Recurrence(DAILY, 30), "Daily (30 times)"),
    (Recurrence(DAILY, 15, repeat_interval=2), "Every 2 days (15 times)"),
    (Recurrence(MONTHLY, 12, monthly_day=15), "Monthly on day 15 (12 times)"),
    (Recurrence(MONTHLY, 12, monthly_week=1, monthly_week_day=TUE), "Monthly on the first Tuesday (12 times)"),
    (Recurrence(MONTHLY, 12, monthly_week=-1, monthly_week_day=FRI), "Monthly on the last Friday (12 times)"),
    (Recurrence(MONTHLY, 4, repeat_interval=3, monthly_week=1, monthly_week_day=TUE),
     "Every 3 months on the first Tuesday (4 times)"),
    (Recurrence(MONTHLY, 6, repeat_interval=2, monthly_day=1), "Every 2 months on day 1 (6 times)"),
    (Recurrence(MONTHLY, 3, monthly_week=3, monthly_week_day=SUN), "Monthly on the third Sunday (3 times)"),
    (Recurrence(DAILY, 1), "Daily (once)"),
    (Recurrence(WEEKLY, 0, weekly_days=(MON,)), "Every Monday"),  # Zoom's "no end"
])
def test_recurrence_in_words(rule, words):
    assert recurrence_text(rule) == words


NEW_YORK = ZoneInfo("America/New_York")


def summary(**overrides) -> MeetingSummary:
    fields = {"topic": "Standup", "start": datetime(2026, 12, 4, 9, 30, tzinfo=NEW_YORK), "duration_minutes": 15,
              "timezone": "America/New_York", "join_url": "https://zoom.example.test/j/1", "host_user_id": "U1",
              "meeting_id": 12345678901, "recurrence": Recurrence(WEEKLY, 10, weekly_days=(2, 3, 4, 5, 6))}
    fields.update(overrides)
    return MeetingSummary(**fields)


def test_the_announcement_of_a_recurring_meeting_says_the_rule():
    message = meeting_announcement(summary())
    assert "*Repeats*\nEvery weekday (10 times)" in json.dumps(message.blocks, ensure_ascii=False).replace("\\n", "\n")
    assert "every weekday (10 times)" in message.text
    assert block_errors(message.blocks) == []
    assert "Repeats" not in json.dumps(meeting_announcement(summary(recurrence=None)).blocks)


def choices(n: int = 2) -> list[QuestionChoice]:
    return [QuestionChoice(label=f"Tue 24 Nov, {7 + 12 * i:02d}:00", value=json.dumps({"i": i})) for i in range(n)]


def test_a_question_has_one_button_per_choice_and_an_edit_button():
    message = meeting_question("`at 7`: morning or evening? <!channel> & co", choices(), "Sync at 7")
    assert block_errors(message.blocks) == []
    buttons = [e for b in message.blocks if b["type"] == "actions" for e in b["elements"]]
    assert [b["action_id"] for b in buttons] == ["zoom_meet_choice_0", "zoom_meet_choice_1", EDIT_ACTION]
    assert [b["text"]["text"] for b in buttons] == ["Tue 24 Nov, 07:00", "Tue 24 Nov, 19:00", "Edit"]
    assert buttons[2]["value"] == "Sync at 7"
    blob = json.dumps(message.blocks) + message.text
    assert "<!channel>" not in blob
    assert "&lt;!channel&gt; &amp; co" in blob
    assert all(CHOICE_ACTIONS.match(b["action_id"]) for b in buttons[:2])


def test_a_question_without_choices_offers_edit_only():
    message = meeting_question("I did not understand `blorp`.", [], "Sync blorp")
    buttons = [e for b in message.blocks if b["type"] == "actions" for e in b["elements"]]
    assert [b["action_id"] for b in buttons] == [EDIT_ACTION]


def test_long_labels_and_texts_are_cut_to_slacks_limits():
    long_label = "🎉" * 80
    message = meeting_question("?", [QuestionChoice(label=long_label, value="v")], "x" * 5000)
    assert block_errors(message.blocks) == []
    buttons = [e for b in message.blocks if b["type"] == "actions" for e in b["elements"]]
    assert slack_length(buttons[0]["text"]["text"]) <= 75
    assert buttons[0]["text"]["text"].endswith("…")
    assert slack_length(buttons[1]["value"]) == 2000
    with pytest.raises(ValueError, match="2000"):
        meeting_question("?", [QuestionChoice(label="x", value="v" * 2001)], "")


def test_the_link_button_acknowledger_leaves_the_question_buttons_alone():
    for action_id in ("zoom_meet_choice_0", "zoom_meet_choice_3", EDIT_ACTION):
        assert LINK_BUTTONS.match(action_id) is None
    for action_id in ("zoom_join", "zoom_connect", "zoom_start_as_host"):
        assert LINK_BUTTONS.match(action_id)
        assert CHOICE_ACTIONS.match(action_id) is None
    assert CHOICE_ACTIONS.match("zoom_meet_choice_") is None
    assert CHOICE_ACTIONS.match("zoom_meet_choice_0x") is None


def test_a_question_is_known_by_its_message_not_by_the_button():
    body = {"team": {"id": "T1"}, "user": {"id": "U1"}, "container": {"message_ts": "1.2", "channel_id": "C1"}}
    assert question_key(body, "a") == question_key(body, "b")
    assert question_key(body, "a") != question_key({**body, "container": {"message_ts": "1.3", "channel_id": "C1"}},
                                                   "a")
    assert question_key({**body, "user": {"id": "U2"}}, "a") != question_key(body, "a")
    bare = {"team": {"id": "T1"}, "user": {"id": "U1"}}
    assert question_key(bare, "a") != question_key(bare, "b")


def test_creating_says_what_and_when_in_the_meetings_zone():
    message = creating_message("<b>", datetime(2026, 11, 24, 15, 0, tzinfo=NEW_YORK), "America/New_York",
                               Recurrence(WEEKLY, 10, weekly_days=(3,)))
    assert message.text == ":hourglass_flowing_sand: Creating *&lt;b&gt;*, Tue 24 Nov 2026, 3:00 PM EST, " \
                           "every Tuesday (10 times)…"
    assert "actions" not in json.dumps(message.blocks)


def test_choice_label():
    assert choice_label(datetime(2026, 11, 24, 15, 0, tzinfo=NEW_YORK), "America/New_York") == "Tue 24 Nov, 15:00"
    assert choice_label(datetime(2026, 11, 24, 15, 0, tzinfo=NEW_YORK), "Europe/Berlin") == "Tue 24 Nov, 21:00"
    assert choice_label(None, "UTC") == "Now"


def test_long_texts_still_reach_slack():
    long = "Read `<@U1>` " * 400
    assert block_errors(meeting_question(long, choices(), "x").blocks) == []
    assert block_errors(creating_message("t" * 200, None, "UTC", None).blocks) == []
    assert block_errors(plain("x" * 5000).blocks) == []
    confirmation = host_confirmation(summary(), HostSecrets("https://zoom.example.test/s/1", "abc"), ("n" * 900,) * 4)
    assert block_errors(confirmation.blocks) == []
    assert "<@U1>" not in json.dumps(meeting_question(long, choices(), "x").blocks)
