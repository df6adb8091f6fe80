"""handlers.ui.my_meetings: the list, the move form and question, the answers; values read back strictly."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from handlers.demo.emulators._slack_blocks import MAX_VIEW_BLOCKS, block_errors
from handlers.language import MeetingDraft, MeetingQuestion
from handlers.ui.choice_values import ChoiceError
from handlers.ui.my_meetings import (
    CANCEL_ACTION,
    MOVE_ACTION,
    EditorTarget,
    ListEntry,
    editor_value,
    invitee_moved,
    meeting_list,
    move_choice_value,
    move_modal,
    move_question,
    read_editor_value,
    read_move_choice,
    read_move_metadata,
)
from zoom.models import ListedMeeting

START = datetime(2030, 6, 3, 13, 0, tzinfo=UTC)
NOW = datetime(2030, 6, 1, tzinfo=UTC)


def entry(i: int, topic: str = "Sync", *, hosted: bool = True, recurring: bool = False) -> ListEntry:
    return ListEntry(ListedMeeting(id=81000000000 + i, topic=topic, start_time=START + timedelta(hours=i),
                                   duration_minutes=30, timezone="Europe/Paris",
                                   join_url=f"https://zoom.example/j/{81000000000 + i}?pwd=x", recurring=recurring),
                     hosted=hosted)


@pytest.mark.parametrize("topic", ["Sync", "<!channel> *bold* & `code`", "🎉" * 200, "x" * 200, ""])
def test_a_full_page_is_block_kit_slack_accepts_whatever_the_topics(topic):
    message = meeting_list([entry(i, topic, recurring=i % 2 == 0) for i in range(10)], offset=10, total=35,
                           fallback_tz="UTC", note="Cancelled *x*.")
    assert block_errors(message.blocks) == []
    assert "<!channel>" not in json.dumps([b.get("text", {}).get("text", "") for b in message.blocks])
    assert message.blocks[-2]["elements"][0]["value"] == "20"


def test_join_only_when_the_user_does_not_host_it_and_no_join_without_a_link():
    not_mine = meeting_list([entry(0, hosted=False)], offset=0, total=1, fallback_tz="UTC")
    actions = [b for b in not_mine.blocks if b["type"] == "actions"]
    assert [e["action_id"] for a in actions for e in a["elements"]] == ["zoom_join"]
    no_link = ListEntry(ListedMeeting(id=81000000000, topic="x", start_time=None, duration_minutes=0, timezone="",
                                      join_url="javascript:alert(1)"), hosted=False)
    message = meeting_list([no_link], offset=0, total=1, fallback_tz="UTC")
    assert not [b for b in message.blocks if b["type"] == "actions"]
    assert "no fixed time" in json.dumps(message.blocks)
    assert message.blocks[0]["text"]["text"] == "*Your upcoming Zoom meeting*"


def test_an_editor_value_reads_back_and_nothing_else_does():
    assert read_editor_value(editor_value(81234567890, "Design review", "at 7")) == EditorTarget(
        81234567890, "Design review", "at 7")
    long_emoji = editor_value(81234567890, "🎉" * 200, "x" * 5000)
    assert len(long_emoji.encode("utf-16-le")) // 2 <= 2000
    assert read_editor_value(long_emoji).meeting_id == 81234567890
    for text in ("🎉" * 1000, '"\\' * 500, "\u2028" * 1000):  # emoji count twice; quotes and backslashes escape
        value = editor_value(81234567890, "Sync", text)
        assert len(value.encode("utf-16-le")) // 2 <= 2000
        assert read_editor_value(value).text == text[:len(read_editor_value(value).text)]
    for forged in (None, 5, "", "{}", "[]", '{"m": 81234567890, "t": "", "x": ""', '{"m": 12, "t": "", "x": ""}',
                   '{"m": true, "t": "", "x": ""}', '{"m": 81234567890, "t": 1, "x": ""}',
                   '{"m": 81234567890, "t": "", "x": "", "z": 1}', '{"m": 81234567890.0, "t": "", "x": ""}'):
        assert read_editor_value(forged) is None, forged


def test_the_move_form_carries_its_channel_and_meeting_and_nothing_else_passes():
    view = move_modal(EditorTarget(81234567890, "<b>Review</b>", "at 7"), "C0GENERAL")
    assert block_errors(view["blocks"], max_blocks=MAX_VIEW_BLOCKS) == []
    assert view["blocks"][0]["text"]["type"] == "plain_text"  # a topic shown as it is, never as mrkdwn
    assert read_move_metadata(view["private_metadata"]) == ("C0GENERAL", 81234567890)
    for forged in ('{"channel": "#general", "meeting": 81234567890}', '{"channel": "C0GENERAL"}',
                   '{"channel": "C0GENERAL", "meeting": "81234567890"}', "nope", None):
        assert read_move_metadata(forged) is None, forged


def draft(start: datetime, **fields) -> MeetingDraft:
    return MeetingDraft(topic="", start=start, duration_minutes=30, timezone="UTC", label="Tue 4 Jun, 13:00",
                        **fields)


def test_a_move_choice_reads_back_as_the_meeting_and_the_reading():
    value = move_choice_value(81234567890, draft(START, notices=("x" * 300,) * 4))
    meeting_id, reading = read_move_choice(value, now=NOW)
    assert meeting_id == 81234567890
    assert replace(reading, label="") == replace(draft(START, notices=("x" * 300,) * 4), label="")
    huge = move_choice_value(81234567890, draft(START, notices=("🎉" * 300,) * 4))
    assert len(huge.encode("utf-16-le")) // 2 <= 2000  # notices dropped, last first, to fit
    with pytest.raises(ChoiceError, match="Nothing was moved; run `/zoom move` again"):
        read_move_choice(value, now=START + timedelta(hours=1))  # passed since
    for forged in ("", value.replace("81234567890", "0"), value.split(":", 1)[1], "81234567890:{}", None):
        with pytest.raises(ChoiceError, match="Nothing was moved"):
            read_move_choice(forged, now=NOW)


def test_the_move_question_is_the_meet_question_with_its_own_buttons():
    question = MeetingQuestion("`at 7`: morning or evening?", (draft(START), draft(START + timedelta(hours=12))),
                               "at 7")
    message = move_question(81234567890, "Sync", question)
    assert block_errors(message.blocks) == []
    actions = message.blocks[1]
    assert actions["block_id"] == "zoom_move_question"
    assert [e["action_id"] for e in actions["elements"]] == ["zoom_move_choice_0", "zoom_move_choice_1",
                                                             "zoom_move_edit"]


def test_an_invitee_hears_the_new_time_and_the_join_link_only():
    message = invitee_moved("U0HOST", "<!here> Sync", START, "Europe/Paris", 45, "https://zoom.example/j/1?pwd=x")
    assert block_errors(message.blocks) == []
    assert "&lt;!here&gt; Sync" in message.text
    assert "<!here>" not in json.dumps(message.blocks)
    assert [e["url"] for b in message.blocks if b["type"] == "actions" for e in b["elements"]] == [
        "https://zoom.example/j/1?pwd=x"]


def test_a_meeting_with_no_time_to_move_has_cancel_but_no_edit():
    instant = ListEntry(ListedMeeting(id=81000000001, topic="Now", start_time=START, duration_minutes=30,
                                      timezone="UTC", join_url="https://zoom.example/j/81000000001", movable=False),
                        hosted=True)
    message = meeting_list([instant, entry(2)], offset=0, total=2, fallback_tz="UTC")
    ids = [[e["action_id"] for e in b["elements"]] for b in message.blocks if b["type"] == "actions"]
    assert ids[0] == ["zoom_join", CANCEL_ACTION]
    assert ids[1] == ["zoom_join", CANCEL_ACTION, MOVE_ACTION]
    assert ListedMeeting.from_response({"id": 1, "type": 1}).movable is False
    assert ListedMeeting.from_response({"id": 1, "type": 3}).movable is False
    assert ListedMeeting.from_response({"id": 1, "type": 8}).movable is True
