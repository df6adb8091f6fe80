"""`/zoom list`, `/zoom cancel` and `/zoom move` end to end: signed commands and clicks into the real app over
real sockets, the strict Zoom and Slack emulators, on SQLite and PostgreSQL.

The list comes from Zoom (all of its pages), so some meetings here are scheduled at Zoom directly
(`ZoomEmulator.schedule_at_zoom`), never seen by the bot. Every PATCH body is checked against Zoom's own
schema by the emulator, and again here.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from handlers.demo.emulators import START_URL_MARKER, SlackEmulator, ZoomEmulator
from handlers.demo.emulators._zoom_schema import update_meeting_error
from handlers.demo.emulators.slack import ShownMessage
from storage import SlackUserKey
from tests.harness import running_bot, said_privately, seed_connection, wait_for

ALICE, BOB = "U0ALICE", "U0BOB"
GENERAL = "C0GENERAL"
NEW_YORK = ZoneInfo("America/New_York")
ALICE_EMAIL, BOB_EMAIL = "alice@example.com", "bob@example.com"
WEBHOOK_SECRET = "zoom-webhook-secret-token"


@pytest.fixture
def zoom():
    with ZoomEmulator() as emulator:
        emulator.add_user(ALICE_EMAIL, first_name="Alice", timezone="America/New_York")
        emulator.add_user(BOB_EMAIL, first_name="Bob")
        emulator.login_as(ALICE_EMAIL)
        yield emulator
        assert emulator.internal_errors == []


@pytest.fixture
def slack():
    with SlackEmulator() as emulator:
        emulator.add_user(ALICE, name="alice", real_name="Alice Example", tz="America/New_York", email=ALICE_EMAIL)
        emulator.add_user(BOB, name="bob", real_name="Bob", tz="Europe/Berlin", email=BOB_EMAIL)
        emulator.add_channel(GENERAL, name="general")
        yield emulator
        assert emulator.internal_errors == []


@pytest.fixture
def bot(zoom, slack, database_url):
    # Zoom's event subscription points at the bot: a meeting started, ended or moved at Zoom is told to it.
    with running_bot(zoom, slack, database_url, ZOOM_WEBHOOK_SECRET_TOKEN=WEBHOOK_SECRET) as running:
        for user, email in ((ALICE, ALICE_EMAIL), (BOB, BOB_EMAIL)):
            seed_connection(running.services.connections, zoom, SlackUserKey(team_id=slack.team_id, user_id=user),
                            email)
        yield running


# -- helpers -------------------------------------------------------------------------------------------


def day_at(days: int, hour: int, minute: int = 0, zone: ZoneInfo = NEW_YORK) -> datetime:
    day = datetime.now(zone).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


def spaced(meeting_id: int) -> str:
    """As Zoom prints an ID: 812 3456 7890."""
    digits = str(meeting_id)
    cut = 7 if len(digits) == 11 else 6
    return f"{digits[:3]} {digits[3:cut]} {digits[cut:]}"


def meet(bot, zoom, text_: str, *, user: str = ALICE) -> object:
    """`/zoom meet <text>` and the meeting it made, once it is announced."""
    before = {m.id for m in zoom.meetings}
    bot.slash(f"meet {text_}", user=user)
    meeting = wait_for(lambda: [m for m in zoom.meetings if m.id not in before], what="the meeting")[0]
    wait_for(lambda: announcement_of(bot.slack, meeting.id), what="the announcement")
    bot.settle()
    return meeting


def announcement_of(slack: SlackEmulator, meeting_id: int) -> ShownMessage | None:
    number = spaced(meeting_id)
    return next((m for m in slack.shown if m.user is None and m.via == "chat.postMessage"
                 and number in json.dumps(m.blocks or [])), None)


def lists_shown(slack: SlackEmulator, user: str = ALICE) -> list[ShownMessage]:
    return [m for m in slack.shown_to(user) if m.ephemeral and "Your upcoming Zoom meeting" in json.dumps(m.blocks)]


def entries(message: ShownMessage) -> list[dict]:
    """Each listed meeting: its text, and its buttons by action id."""
    blocks = message.blocks or []
    found = []
    for index, block in enumerate(blocks):
        text_ = block.get("text", {}).get("text", "") if block["type"] == "section" else ""
        if " · ID " not in text_:
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else {}
        buttons = {e["action_id"]: e for e in following.get("elements", [])} if following.get("type") == "actions" \
            and following.get("block_id", "").startswith("zoom_list_") else {}
        found.append({"text": text_, "buttons": buttons, "block_id": following.get("block_id")})
    return found


def entry_for(message: ShownMessage, meeting_id: int) -> dict:
    return next(e for e in entries(message) if f"ID {spaced(meeting_id)}" in e["text"])


def date_token(moment: datetime) -> str:
    return f"<!date^{int(moment.timestamp())}^"


def meeting_calls(zoom: ZoomEmulator) -> list:
    return [c for c in zoom.api_calls if c.path.startswith("/v2/meetings/")]


def quick_ack(response) -> None:
    assert response.status_code == 200, response.text
    assert response.text == ""


# -- /zoom list ------------------------------------------------------------------------------------------


def test_list_follows_zoom_across_three_pages_and_shows_more(bot, zoom, slack):
    zoom.list_max_page_size = 12  # the bot asks for 300 a page: 35 meetings then take three pages
    made = [meet(bot, zoom, f"Bot meeting {i} {day_at(3 + i, 15):%Y-%m-%d} 15:00") for i in range(3)]
    at_zoom = [zoom.schedule_at_zoom(ALICE_EMAIL, topic=f"Portal <meeting> {i}", duration=30,
                                     start=day_at(1, 8, 10) + timedelta(hours=5 * i), timezone="America/New_York")
               for i in range(31)]
    series = zoom.schedule_at_zoom(ALICE_EMAIL, topic="Weekly 1:1", start=day_at(2, 9, 30, ZoneInfo("UTC")),
                                   timezone="UTC", recurrence={"type": 1, "repeat_interval": 7, "end_times": 5})
    zoom.schedule_at_zoom(BOB_EMAIL, topic="Bob's own", start=day_at(1, 10))  # not Alice's: never listed
    alices = sorted([*made, *at_zoom, series], key=lambda m: m.start_utc)
    assert len(alices) == 35

    calls_before = len(zoom.api_calls)
    quick_ack(bot.slash("list"))
    first = wait_for(lambda: lists_shown(slack), what="the list")[0]
    listing = [c for c in zoom.api_calls[calls_before:] if c.path == "/v2/users/me/meetings"]
    assert len(listing) == 3  # every page of Zoom's, before anything was shown
    assert "*Your upcoming Zoom meetings* (35)" in json.dumps(first.blocks)

    seen = []
    message = first
    for page in range(4):
        shown = entries(message)
        assert len(shown) == (10 if page < 3 else 5)
        for entry, meeting in zip(shown, alices[page * 10:page * 10 + 10], strict=True):
            assert f"ID {spaced(meeting.id)}" in entry["text"]
            assert entry["buttons"]["zoom_join"]["url"] == meeting.join_url
            assert {"zoom_list_cancel", "zoom_list_move"} <= set(entry["buttons"])  # she hosts them all
            seen.append(meeting.id)
        if page < 3:
            assert f"Show more ({35 - 10 * (page + 1)} left)" in json.dumps(message.blocks)
            quick_ack(bot.click(message.ts, "zoom_list_more"))
            wait_for(lambda n=page: f"{10 * (n + 1) + 1}–" in json.dumps(
                next(m for m in slack.shown if m.ts == first.ts).blocks, ensure_ascii=False), what=f"page {page + 2}")
            message = next(m for m in slack.shown if m.ts == first.ts)  # the same message, replaced
        else:
            assert "zoom_list_more" not in message.buttons()
    assert seen == [m.id for m in alices]
    assert len(lists_shown(slack)) == 1  # Show more replaced the list, never added one

    everything = json.dumps([v["blocks"] for v in message.versions] + [message.blocks])
    mrkdwn = [t for t in re.findall(r'"type": "mrkdwn", "text": ("(?:[^"\\]|\\.)*")', everything)]
    assert any("Portal &lt;meeting&gt; 0" in t for t in mrkdwn)
    assert not any("<meeting>" in t for t in mrkdwn)  # topics escaped wherever Slack reads mrkdwn
    assert date_token(at_zoom[0].start_utc) in everything
    series_entry = next(e for v in [*message.versions, {"blocks": message.blocks}]
                        for e in entries(ShownMessage(first.ts, GENERAL, ALICE, "", v["blocks"], "x"))
                        if "Weekly 1:1" in e["text"])
    assert "recurring meeting" in series_entry["text"]
    assert START_URL_MARKER not in everything  # the list never carries a host link


def test_list_with_nothing_upcoming_says_so_and_not_connected_gets_the_connect_prompt(bot, zoom, slack):
    bot.slash("list")
    wait_for(lambda: said_privately(slack, "You have no upcoming Zoom meetings."), what="the empty list")
    bot.services.connections.delete(SlackUserKey(team_id=slack.team_id, user_id=BOB))
    bot.slash("list", user=BOB)
    wait_for(lambda: any("zoom_connect" in m.buttons() for m in slack.shown_to(BOB)), what="the connect prompt")


def test_list_shows_cancel_and_edit_only_for_meetings_the_user_hosts(bot, zoom, slack):
    mine = zoom.schedule_at_zoom(ALICE_EMAIL, topic="Mine", start=day_at(1, 10))
    bot.slash("list")
    listed = wait_for(lambda: lists_shown(slack), what="the list")[0]
    entry = entry_for(listed, mine.id)
    cancel = entry["buttons"]["zoom_list_cancel"]
    assert cancel["style"] == "danger"
    assert cancel["confirm"]["confirm"]["text"] == "Cancel meeting"  # a dialog before anything is deleted
    assert "Mine will be deleted at Zoom" in cancel["confirm"]["text"]["text"]


# -- cancel --------------------------------------------------------------------------------------------------


def test_the_host_cancels_with_the_id_as_zoom_prints_it(bot, zoom, slack):
    meeting = meet(bot, zoom, f"Design review {day_at(2, 14):%Y-%m-%d} 14:00")
    quick_ack(bot.slash(f"cancel {spaced(meeting.id)}"))
    wait_for(lambda: said_privately(slack, "Cancelled *Design review*"), what="the answer")
    assert zoom.meeting(meeting.id).deleted
    channel_message = wait_for(lambda: (m := announcement_of(slack, meeting.id)) and m.versions and m,
                               what="the announcement updated")
    shown = json.dumps(channel_message.blocks)
    assert f"*Cancelled* by <@{ALICE}>" in shown
    assert "zoom_join" not in channel_message.buttons()
    assert meeting.join_url not in shown
    assert [u.ts for u in slack.updates] == [channel_message.ts]


def test_the_cancel_button_deletes_and_the_list_redraws_without_it(bot, zoom, slack):
    keep = zoom.schedule_at_zoom(ALICE_EMAIL, topic="Keep", start=day_at(1, 9))
    meeting = meet(bot, zoom, f"Retro {day_at(2, 16):%Y-%m-%d} 16:00")
    bot.slash("list")
    listed = wait_for(lambda: lists_shown(slack), what="the list")[0]
    block = entry_for(listed, meeting.id)["block_id"]
    quick_ack(bot.interact(slack.click(listed.ts, "zoom_list_cancel", user=ALICE, block_id=block)))
    wait_for(lambda: zoom.meeting(meeting.id).deleted, what="the delete")
    redrawn = wait_for(lambda: (m := next(x for x in slack.shown if x.ts == listed.ts)).versions and m,
                       what="the list redrawn")
    assert "Cancelled *Retro*" in json.dumps(redrawn.blocks)
    assert [e["text"].split("\n")[0] for e in entries(redrawn)] == ["*Keep*"]
    assert not zoom.meeting(keep.id).deleted
    wait_for(lambda: "*Cancelled* by" in json.dumps(announcement_of(slack, meeting.id).blocks), what="the update")


def test_someone_else_cannot_cancel_by_command_or_by_a_forged_click(bot, zoom, slack):
    meeting = meet(bot, zoom, f"Design review {day_at(2, 14):%Y-%m-%d} 14:00")
    quick_ack(bot.slash(f"cancel {meeting.id}", user=BOB))
    wait_for(lambda: any("only its host can" in json.dumps(m.blocks) for m in slack.shown_to(BOB) if m.ephemeral),
             what="Bob's refusal")
    # The Cancel button of Bob's own list, its value altered on the way to name Alice's meeting.
    zoom.schedule_at_zoom(BOB_EMAIL, topic="Bob's", start=day_at(1, 10))
    bot.slash("list", user=BOB)
    listed = wait_for(lambda: lists_shown(slack, BOB), what="Bob's list")[0]
    payload = slack.click(listed.ts, "zoom_list_cancel", user=BOB)
    payload["actions"][0]["value"] = str(meeting.id)
    quick_ack(bot.interact(payload))
    bot.settle()
    assert not zoom.meeting(meeting.id).deleted
    assert slack.updates == []  # the channel message never changed
    assert [c.method for c in meeting_calls(zoom)].count("DELETE") == 0
    assert sum("only its host can" in json.dumps(r.payload) for r in slack.responses if r.user_id == BOB) >= 1


def test_cancelling_a_meeting_already_gone_says_so_and_updates_its_message(bot, zoom, slack):
    meeting = meet(bot, zoom, f"Design review {day_at(2, 14):%Y-%m-%d} 14:00")
    zoom.meeting(meeting.id).deleted = True  # deleted in Zoom's own web portal
    bot.slash(f"cancel {meeting.id}")
    wait_for(lambda: said_privately(slack, "was already gone at Zoom"), what="the answer")
    wait_for(lambda: "*Cancelled* by" in json.dumps(announcement_of(slack, meeting.id).blocks), what="the update")
    assert [c.method for c in meeting_calls(zoom)] == ["GET"]


@pytest.mark.parametrize("command", ["cancel", "cancel abc", "cancel 12345", "cancel 812 3456 7890 now please",
                                     "move", "move 812", "move 81234567890", "move tomorrow 3pm"])
def test_a_bad_id_gets_the_usage_line_and_changes_nothing(bot, zoom, slack, command):
    quick_ack(bot.slash(command))
    word = command.split()[0]
    wait_for(lambda: said_privately(slack, f"Usage: `/zoom {word} <meeting ID>"), what="the usage line")
    bot.settle()
    assert meeting_calls(zoom) == []


# -- move ------------------------------------------------------------------------------------------------


def test_the_host_moves_a_meeting_its_message_shows_it_and_invitees_are_told(bot, zoom, slack):
    meeting = meet(bot, zoom, f"Design review <@{BOB}|bob> {day_at(2, 14):%Y-%m-%d} 14:00 for 45m")
    invited = wait_for(lambda: [m for m in slack.messages if m.requested_channel == BOB], what="Bob's invitation")
    old_start, new_start = meeting.start_utc, day_at(3, 16, 30)  # (the emulator's record changes in place)
    quick_ack(bot.slash(f"move {spaced(meeting.id)} {new_start:%Y-%m-%d} 16:30 for 30m"))
    wait_for(lambda: said_privately(slack, "Moved *Design review bob*"), what="the answer")  # (names in topics)

    moved = zoom.meeting(meeting.id)
    assert moved.start_utc == new_start.astimezone(UTC)
    assert moved.duration == 30
    [body] = moved.updates
    assert update_meeting_error(body) is None
    assert body == {"start_time": new_start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "timezone": "America/New_York", "duration": 30}

    channel_message = wait_for(lambda: (m := announcement_of(slack, meeting.id)) and m.versions and m,
                               what="the announcement updated")
    shown = json.dumps(channel_message.blocks)
    assert date_token(new_start) in shown
    assert date_token(old_start) not in shown
    assert f"*Moved* by <@{ALICE}>" in shown
    assert "zoom_join" in channel_message.buttons()

    dm = wait_for(lambda: [m for m in slack.messages if m.requested_channel == BOB][len(invited):], what="Bob's DM")
    assert len(dm) == 1
    said = json.dumps(dm[0].params)
    assert date_token(new_start) in said
    assert meeting.join_url in said
    assert "Design review" in said
    assert START_URL_MARKER not in said
    assert meeting.password not in said.replace(meeting.join_url, "")
    assert said_privately(slack, "I told the 1 person you invited")


def test_moving_someone_elses_meeting_is_refused(bot, zoom, slack):
    meeting = meet(bot, zoom, f"Design review {day_at(2, 14):%Y-%m-%d} 14:00")
    quick_ack(bot.slash(f"move {meeting.id} {day_at(3, 10):%Y-%m-%d} 10:00", user=BOB))
    wait_for(lambda: any("only the host" in json.dumps(m.blocks).lower() for m in slack.shown_to(BOB) if m.ephemeral),
             what="the refusal")
    bot.settle()
    assert zoom.meeting(meeting.id).updates == []
    assert zoom.meeting(meeting.id).start_utc == meeting.start_utc
    assert slack.updates == []


def test_an_ambiguous_new_time_asks_with_buttons_and_a_click_moves(bot, zoom, slack):
    meeting = meet(bot, zoom, f"Sync {day_at(2, 14):%Y-%m-%d} 14:00")
    bot.slash(f"move {meeting.id} at 7")
    question = wait_for(lambda: [m for m in slack.shown_to(ALICE) if "zoom_move_edit" in m.buttons()],
                        what="the question")[0]
    choices = {a: json.loads(b["value"].partition(":")[2]) for a, b in question.buttons().items()
               if a.startswith("zoom_move_choice_")}
    assert len(choices) == 2
    assert zoom.meeting(meeting.id).updates == []  # asking moves nothing
    evening = next(a for a, v in choices.items() if datetime.fromisoformat(v["s"]).hour == 19)
    start = datetime.fromisoformat(choices[evening]["s"])
    quick_ack(bot.click(question.ts, evening))
    wait_for(lambda: zoom.meeting(meeting.id).updates, what="the move")
    assert zoom.meeting(meeting.id).start_utc == start.astimezone(UTC)
    bot.settle()
    now_shown = next(m for m in slack.shown if m.ts == question.ts)
    assert "Moved *Sync*" in json.dumps(now_shown.blocks)  # the question gave way to the outcome
    assert any("Moving *Sync*" in json.dumps(v["blocks"]) for v in now_shown.versions)
    with pytest.raises(LookupError):
        slack.click(question.ts, evening, user=ALICE)


def test_edit_in_the_list_opens_the_form_and_submitting_moves(bot, zoom, slack):
    meeting = zoom.schedule_at_zoom(ALICE_EMAIL, topic="Portal sync", start=day_at(1, 11), timezone="America/New_York")
    bot.slash("list")
    listed = wait_for(lambda: lists_shown(slack), what="the list")[0]
    quick_ack(bot.click(listed.ts, "zoom_list_move"))
    view = wait_for(lambda: slack.views, what="the form")[0]
    assert view.view["callback_id"] == "zoom_move_edit"
    assert "Portal sync" in json.dumps(view.view["blocks"])
    new_start = day_at(4, 9, 15)
    submitted = bot.interact(slack.submit_view(view.view_id, user=ALICE,
                                               values={"zoom_move_time": f"{new_start:%Y-%m-%d} 9:15"}))
    quick_ack(submitted)
    wait_for(lambda: zoom.meeting(meeting.id).updates, what="the move")
    assert zoom.meeting(meeting.id).start_utc == new_start.astimezone(UTC)
    assert zoom.meeting(meeting.id).duration == 60  # no length given: it keeps its own
    wait_for(lambda: said_privately(slack, "Moved *Portal sync*"), what="the answer")


def test_a_topic_word_after_the_id_moves_nothing(bot, zoom, slack):
    meeting = meet(bot, zoom, f"Sync {day_at(2, 14):%Y-%m-%d} 14:00")
    bot.slash(f"move {meeting.id} Retro tomorrow 3pm")
    wait_for(lambda: said_privately(slack, "expected only the new time"), what="the refusal")
    bot.settle()
    assert zoom.meeting(meeting.id).updates == []


def test_a_recurring_meeting_moves_as_a_series(bot, zoom, slack):
    start = day_at(1, 9, 0, ZoneInfo("UTC"))
    series = zoom.schedule_at_zoom(ALICE_EMAIL, topic="Daily", start=start, timezone="UTC",
                                   recurrence={"type": 1, "repeat_interval": 1, "end_times": 5})
    bot.slash(f"move {series.id} {day_at(2, 0, 0, ZoneInfo('UTC')):%Y-%m-%d} 10:00 UTC")
    wait_for(lambda: said_privately(slack, "every occurrence moved with it"), what="the answer")
    moved = zoom.meeting(series.id)
    assert moved.type == 8
    assert len(moved.occurrences) == 5
    assert moved.occurrences[0] == day_at(2, 10, 0, ZoneInfo("UTC"))


# -- a move and the meeting's live state ----------------------------------------------------------------------


def shown_now(slack: SlackEmulator, meeting_id: int) -> tuple[str, str, dict]:
    """The channel message of the meeting as it is now: its text, its blocks (JSON) and its buttons."""
    message = announcement_of(slack, meeting_id)
    assert message is not None
    return message.text or "", json.dumps(message.blocks), message.buttons()


@pytest.mark.parametrize("where", ["slack", "zoom"])
def test_a_meeting_moved_after_it_ended_is_scheduled_again_with_its_join_button(bot, zoom, slack, where):
    meeting = meet(bot, zoom, f"Design review {day_at(2, 14):%Y-%m-%d} 14:00")
    zoom.start_meeting(meeting.id)
    zoom.advance_time(10 * 60)
    end = zoom.end_meeting(meeting.id)[-1]
    bot.settle()
    text_, blocks, buttons = shown_now(slack, meeting.id)
    assert "Ended, lasted 10 min" in text_
    assert "zoom_join" not in buttons

    new_start = day_at(4, 10)
    if where == "slack":  # /zoom move
        quick_ack(bot.slash(f"move {meeting.id} {new_start:%Y-%m-%d} 10:00"))
        wait_for(lambda: said_privately(slack, "Moved *Design review*"), what="the answer")
    else:  # moved on Zoom's web portal: meeting.updated
        assert zoom.reschedule_at_zoom(meeting.id, new_start).answer == {"status": "applied"}
    bot.settle()
    text_, blocks, buttons = shown_now(slack, meeting.id)
    assert "zoom_join" in buttons
    assert meeting.join_url in blocks
    assert date_token(new_start) in blocks
    assert "Ended" not in blocks
    assert (f"*Moved* by <@{ALICE}>" if where == "slack" else ':arrows_counterclockwise: *Moved*"') in blocks
    assert text_.startswith("Moved")

    # Zoom's retry of the end, delivered after the move: older than it, it changes nothing.
    assert zoom.send_event(end.body).answer == {"status": "unchanged"}
    bot.settle()
    assert "zoom_join" in shown_now(slack, meeting.id)[2]


def test_a_live_meeting_moved_stays_live_then_is_scheduled_at_its_new_time_once_it_ends(bot, zoom, slack):
    meeting = meet(bot, zoom, f"Design review {day_at(2, 14):%Y-%m-%d} 14:00")
    zoom.start_meeting(meeting.id)
    zoom.join(meeting.id, "Ada")
    bot.settle()
    new_start = day_at(4, 10)
    quick_ack(bot.slash(f"move {meeting.id} {new_start:%Y-%m-%d} 10:00"))
    wait_for(lambda: said_privately(slack, "Moved *Design review*"), what="the answer")
    bot.settle()
    text_, blocks, buttons = shown_now(slack, meeting.id)
    assert text_.startswith("Live now, 1 in the meeting. ")  # Zoom keeps a running meeting going
    assert "zoom_join" in buttons
    assert date_token(new_start) in blocks

    zoom.advance_time(20 * 60)
    zoom.end_meeting(meeting.id)
    bot.settle()
    text_, blocks, buttons = shown_now(slack, meeting.id)
    assert "zoom_join" in buttons
    assert f"*Moved* by <@{ALICE}>" in blocks
    assert "Ended" not in blocks


# -- a move's invitees, each told once -------------------------------------------------------------------------


def dms_to(slack: SlackEmulator, user: str) -> list:
    return [m for m in slack.messages if m.requested_channel == user]


def failed_posts(slack: SlackEmulator, error: str) -> int:
    return sum(1 for call in slack.calls if call.method == "chat.postMessage" and call.error == error)


def test_an_invitee_slack_fails_to_reach_once_is_told_once_after_a_wait(bot, zoom, slack):
    meeting = meet(bot, zoom, f"Design review <@{BOB}|bob> {day_at(2, 14):%Y-%m-%d} 14:00")
    invited = len(wait_for(lambda: dms_to(slack, BOB), what="Bob's invitation"))
    slack.fail_calls("chat.postMessage", "internal_error", times=1)  # the move's DM to Bob, the first time
    quick_ack(bot.slash(f"move {meeting.id} {day_at(3, 10):%Y-%m-%d} 10:00"))
    wait_for(lambda: said_privately(slack, "Moved *Design review bob*"), what="the answer", timeout=30)
    bot.settle()

    assert failed_posts(slack, "internal_error") == 1
    assert len(dms_to(slack, BOB)) == invited + 1
    assert said_privately(slack, "I told the 1 person you invited")
    assert len(zoom.meeting(meeting.id).updates) == 1


def test_an_invitee_slack_will_not_reach_is_named_to_the_host(bot, zoom, slack):
    meeting = meet(bot, zoom, f"Design review <@{BOB}|bob> {day_at(2, 14):%Y-%m-%d} 14:00")
    invited = len(wait_for(lambda: dms_to(slack, BOB), what="Bob's invitation"))
    slack.fail_calls("chat.postMessage", "channel_not_found", times=1)
    quick_ack(bot.slash(f"move {meeting.id} {day_at(3, 10):%Y-%m-%d} 10:00"))
    wait_for(lambda: said_privately(slack, "Moved *Design review bob*"), what="the answer", timeout=30)
    bot.settle()

    assert failed_posts(slack, "channel_not_found") == 1
    assert len(dms_to(slack, BOB)) == invited  # not tried again
    assert said_privately(slack, "I could not send bob a direct message: share the join link with them yourself.")
    assert not said_privately(slack, "I told the")


def test_a_connection_reset_while_telling_invitees_tells_nobody_twice(bot, zoom, slack, monkeypatch):
    from slack_sdk import WebClient

    people = (BOB, "U0CAROL", "U0DAN")
    for user in people[1:]:
        slack.add_user(user, name=user[2:].lower(), real_name=user[2:].title(), email=f"{user[2:].lower()}@example.com")
    meeting = meet(bot, zoom, f"Design review <@{BOB}> <@U0CAROL> <@U0DAN> {day_at(2, 14):%Y-%m-%d} 14:00")
    invited = {user: len(dms_to(slack, user)) for user in people}
    assert invited == {user: 1 for user in people}

    post = WebClient.chat_postMessage
    resets = []

    def reset_once_for_dan(self, **kwargs):
        if kwargs.get("channel") == "U0DAN" and not resets:
            resets.append(kwargs["channel"])
            raise ConnectionResetError("connection reset by peer")  # Bob and Carol are told by then
        return post(self, **kwargs)

    monkeypatch.setattr(WebClient, "chat_postMessage", reset_once_for_dan)
    quick_ack(bot.slash(f"move {meeting.id} {day_at(3, 10):%Y-%m-%d} 10:00"))
    wait_for(lambda: said_privately(slack, "Moved *Design review"), what="the answer", timeout=30)
    bot.settle()

    assert resets == ["U0DAN"]
    assert {user: len(dms_to(slack, user)) for user in people} == {user: 2 for user in people}
    assert said_privately(slack, "I told the 3 people you invited")
    assert len(zoom.meeting(meeting.id).updates) == 1


# -- account mode ------------------------------------------------------------------------------------------


@pytest.fixture
def account_bot(database_url):
    with ZoomEmulator(s2s_client_id="s2s-id", s2s_client_secret="s2s-secret") as zoom, SlackEmulator() as slack:
        zoom.add_user("owner@example.com")
        zoom.add_user(ALICE_EMAIL, timezone="America/New_York")
        zoom.add_user(BOB_EMAIL)
        slack.add_user(ALICE, name="alice", email=ALICE_EMAIL, tz="America/New_York")
        slack.add_user(BOB, name="bob", email=BOB_EMAIL, tz="Europe/Berlin")
        slack.add_channel(GENERAL)
        with running_bot(zoom, slack, database_url, ZOOM_ACCOUNT_ID=zoom.account_id, ZOOM_CLIENT_ID="s2s-id",
                         ZOOM_CLIENT_SECRET="s2s-secret") as bot:
            yield bot


def test_account_mode_lists_cancels_and_moves_by_the_slack_email(account_bot):
    bot, zoom, slack = account_bot, account_bot.zoom, account_bot.slack
    alices = zoom.schedule_at_zoom(ALICE_EMAIL, topic="Alice's", start=day_at(1, 10))
    bobs = zoom.schedule_at_zoom(BOB_EMAIL, topic="Bob's", start=day_at(1, 11))
    bot.slash("list")
    listed = wait_for(lambda: lists_shown(slack), what="the list")[0]
    assert [e["text"].split("\n")[0] for e in entries(listed)] == ["*Alice's*"]
    # The account token can read Bob's meeting, but Alice is not its host.
    bot.slash(f"cancel {bobs.id}")
    bot.slash(f"move {bobs.id} {day_at(3, 10):%Y-%m-%d} 10:00")
    wait_for(lambda: sum(said_privately(slack, f"Only the host of meeting {spaced(bobs.id)} can {verb}")
                         for verb in ("cancel", "move")) == 2, what="both refusals")
    assert not zoom.meeting(bobs.id).deleted
    assert zoom.meeting(bobs.id).updates == []
    bot.slash(f"move {alices.id} {day_at(3, 10):%Y-%m-%d} 10:00")
    wait_for(lambda: zoom.meeting(alices.id).updates, what="the move")
    bot.slash(f"cancel {alices.id}")
    wait_for(lambda: zoom.meeting(alices.id).deleted, what="the cancel")
