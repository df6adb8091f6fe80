"""handlers.ui.app_home and handlers.ui.meeting_defaults: the Home tab and the defaults modal as Slack would
take them, and a submission read as strictly as a button value."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from handlers.demo.emulators._slack_blocks import MAX_VIEW_BLOCKS, block_errors
from handlers.ui.app_home import HOME_BLOCK_PREFIX, HomeContent, connect_modal, home_view
from handlers.ui.meeting_defaults import (
    CHOICE,
    DURATION_PROBLEM,
    UNSET,
    Choices,
    DefaultsShown,
    defaults_lines,
    defaults_modal,
    read_defaults,
)
from handlers.ui.my_meetings import (
    CANCEL_ACTION,
    JOIN_ACTION,
    MOVE_ACTION,
    EditorTarget,
    ListEntry,
    move_modal,
    read_move_metadata,
)
from zoom.models import ListedMeeting

WORKSPACE = Choices(duration_minutes=60, waiting_room=True, mute_upon_entry=True, require_passcode=None,
                    auto_recording="none", join_before_host=False)
NOTHING_CHOSEN = DefaultsShown(own=Choices(), workspace=WORKSPACE)
START = datetime(2030, 6, 3, 13, 0, tzinfo=UTC)


def listed(index: int, *, host_id: str = "zu-ada") -> ListEntry:
    meeting = ListedMeeting(id=81000000000 + index, topic=f"<b>Sync</b> {index}", start_time=START
                            + timedelta(days=index), duration_minutes=30, timezone="Europe/Paris",
                            join_url=f"https://zoom.example/j/{index}", host_id=host_id)
    return ListEntry(meeting, hosted=host_id == "zu-ada")


def valid(view: dict) -> dict:
    assert block_errors(view["blocks"], max_blocks=MAX_VIEW_BLOCKS, pointer="/view/blocks") == []
    return view


def actions_of(view: dict) -> dict[str, dict]:
    found = {}
    for block in view["blocks"]:
        elements = block.get("elements", []) if block["type"] == "actions" else [block.get("accessory") or {}]
        for element in elements:
            if element.get("type") == "button":
                found[element["action_id"]] = {**element, "block_id": block.get("block_id")}
    return found


def test_not_connected_shows_connect_without_a_link_that_could_expire():
    view = valid(home_view(HomeContent(account_mode=False, defaults=NOTHING_CHOSEN,
                                       meetings_note="Connect Zoom to see your upcoming meetings here.")))
    assert view["type"] == "home"
    buttons = actions_of(view)
    assert "url" not in buttons["home_connect"]  # the Home may sit open for hours; a link lives 10 minutes
    assert "home_disconnect" not in buttons
    assert {"schedule_form_open", "booking_link_create", "home_defaults_edit"} <= set(buttons)
    assert "not connected" in json.dumps(view)
    assert "https://" not in json.dumps(view)


def test_connected_shows_who_with_disconnect_and_five_meetings_with_the_lists_buttons():
    entries = [listed(i, host_id="zu-ada" if i != 1 else "someone-else") for i in range(7)]
    view = valid(home_view(HomeContent(account_mode=False, defaults=NOTHING_CHOSEN, connected_as="ada<x>@zoom.example",
                                       meetings=entries, total=9, fallback_tz="Europe/Paris")))
    text = json.dumps(view)
    assert "Connected as *ada&lt;x&gt;@zoom.example*" in text  # escaped mrkdwn
    buttons = actions_of(view)
    assert buttons["home_disconnect"]["confirm"]["title"]["text"] == "Disconnect Zoom?"
    assert "home_connect" not in buttons
    meeting_blocks = [b for b in view["blocks"] if str(b.get("block_id", "")).startswith(HOME_BLOCK_PREFIX)
                      and b["type"] == "actions"]
    assert [b["block_id"] for b in meeting_blocks] == [f"{HOME_BLOCK_PREFIX}{i}" for i in range(5)]
    # Join for every one; Cancel and Edit only where the user hosts it (the second is someone else's).
    kinds = [{e["action_id"] for e in b["elements"]} for b in meeting_blocks]
    assert kinds[1] == {JOIN_ACTION}
    assert kinds[0] == {JOIN_ACTION, CANCEL_ACTION, MOVE_ACTION}
    assert "4 more: `/zoom list` shows them all." in text
    sections = json.dumps([b["text"] for b in view["blocks"] if b["type"] == "section"])
    assert "<b>" not in sections  # topics escaped where they are mrkdwn


def test_account_mode_names_the_zoom_user_and_offers_no_connect():
    view = valid(home_view(HomeContent(account_mode=True, defaults=NOTHING_CHOSEN, account_user="ada@example.com",
                                       meetings=[], total=0)))
    text = json.dumps(view)
    assert "created for the Zoom user *ada@example.com*" in text
    assert not {"home_connect", "home_disconnect"} & set(actions_of(view))
    assert "No upcoming meetings." in text


def test_defaults_lines_say_whose_each_value_is():
    shown = DefaultsShown(own=Choices(duration_minutes=25, waiting_room=False),
                          workspace=WORKSPACE, fixed=frozenset({"waiting_room", "auto_recording"}))
    lines = "\n".join(defaults_lines(shown))
    assert "*Length:* 25 min" in lines or "*Length:* 25" in lines
    assert "(yours)" in lines
    assert ":lock: *Waiting room:* On _(set by your workspace)_" in lines  # the workspace's wins
    assert "*Passcode:* As your Zoom account says _(workspace default)_" in lines


def test_the_modal_offers_only_what_the_workspace_leaves_and_starts_from_the_users_choices():
    shown = DefaultsShown(own=Choices(duration_minutes=25, auto_recording="cloud"), workspace=WORKSPACE,
                          fixed=frozenset({"waiting_room"}))
    view = valid(defaults_modal(shown))
    inputs = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    assert set(inputs) == {"duration_minutes", "mute_upon_entry", "require_passcode", "auto_recording",
                           "join_before_host"}
    assert inputs["duration_minutes"]["element"]["initial_value"] == "25"
    assert inputs["duration_minutes"]["optional"] is True
    assert inputs["auto_recording"]["element"]["initial_option"]["value"] == "cloud"
    assert inputs["mute_upon_entry"]["element"]["initial_option"]["value"] == UNSET
    assert inputs["mute_upon_entry"]["element"]["initial_option"]["text"]["text"] == "Workspace default (On)"
    context = json.dumps([b for b in view["blocks"] if b["type"] == "context"])
    assert "Waiting room:* On, set by your workspace" in context


def state(**values) -> dict:
    """A view as Slack submits it: `values` by block, a str for the length, an option value for the rest."""
    blocks = {}
    for block_id, value in values.items():
        if block_id == "duration_minutes":
            blocks[block_id] = {CHOICE: {"type": "plain_text_input", "value": value}}
        else:
            option = None if value is None else {"value": value, "text": {"type": "plain_text", "text": "x"}}
            blocks[block_id] = {CHOICE: {"type": "static_select", "selected_option": option}}
    return {"state": {"values": blocks}}


def test_a_submission_is_read_into_choices():
    chosen = read_defaults(state(duration_minutes=" 45 ", waiting_room="off", mute_upon_entry=UNSET,
                                 require_passcode="on", auto_recording="local", join_before_host="on"),
                           fixed=frozenset())
    assert chosen == Choices(duration_minutes=45, waiting_room=False, require_passcode=True,
                             auto_recording="local", join_before_host=True)
    # An emptied length and every option left on the workspace's: nothing of one's own.
    assert read_defaults(state(duration_minutes=None, waiting_room=UNSET), fixed=frozenset()) == Choices()


@pytest.mark.parametrize("length", ["0", "1441", "abc", "4 5", "٤٥", "-5", "45m"])
def test_a_bad_length_is_answered_on_its_field(length):
    assert read_defaults(state(duration_minutes=length), fixed=frozenset()) == {"duration_minutes": DURATION_PROBLEM}


def test_a_forged_option_is_refused_and_fixed_settings_are_never_read():
    problems = read_defaults(state(waiting_room="maybe", auto_recording="tape"), fixed=frozenset())
    assert set(problems) == {"waiting_room", "auto_recording"}
    # A fixed setting is not in the modal: whatever a forged submission says of it is ignored.
    assert read_defaults(state(waiting_room="off"), fixed=frozenset({"waiting_room"})) == Choices()
    assert read_defaults({"state": "nope"}, fixed=frozenset()) == Choices()
    assert read_defaults(None, fixed=frozenset()) == Choices()


def test_the_connect_modal_carries_the_fresh_link():
    view = connect_modal("https://zoom.example/oauth/authorize?state=s")
    assert block_errors(view["blocks"], max_blocks=MAX_VIEW_BLOCKS) == []
    assert actions_of(view)["zoom_connect"]["url"] == "https://zoom.example/oauth/authorize?state=s"
    assert "submit" not in view  # nothing to submit: the link is the action


def test_the_move_form_opened_from_the_home_has_no_channel_and_still_reads_back():
    view = move_modal(EditorTarget(81234567890, "Sync"), "")
    assert read_move_metadata(view["private_metadata"]) == ("", 81234567890)  # the answer goes by DM
    assert read_move_metadata('{"channel": "not one", "meeting": 81234567890}') is None
