"""Live status from Zoom's webhooks and recordings in the thread, end to end: a meeting announced through
`/zoom meet`, then the Zoom emulator's signed events (started, joined, left, ended, deleted, moved,
recording completed) delivered to the real app, in order, out of order and repeated; the channel message
as people see it in the Slack emulator after each."""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
import requests

from handlers.demo.emulators import SlackEmulator, ZoomEmulator
from handlers.demo.emulators.signing import signed_slash_command_headers_and_body, slash_command_form
from handlers.demo.emulators.slack import ShownMessage
from storage import SlackUserKey
from tests.harness import (
    SIGNING_SECRET,
    LogCapture,
    RunningBot,
    add_alice,
    bot_environment,
    bot_process,
    connect_links,
    dump_tables,
    free_port,
    open_like_a_browser,
    running_bot,
    said_privately,
    seed_connection,
    wait_for,
)

ALICE, BOB = "U0ALICE", "U0BOB"
GENERAL = "C0GENERAL"
WEBHOOK_SECRET = "zoom-webhook-secret-token"


@pytest.fixture
def zoom() -> Iterator[ZoomEmulator]:
    with ZoomEmulator() as emulator:
        yield emulator
        assert emulator.internal_errors == []


@pytest.fixture
def slack() -> Iterator[SlackEmulator]:
    with SlackEmulator() as emulator:
        yield emulator


def _bot(zoom: ZoomEmulator, slack: SlackEmulator, database_url: str, **overrides: str):
    add_alice(zoom, slack)
    slack.add_user(BOB, name="bob", real_name="Bob", tz="Europe/Paris", email="bob@example.com")
    return running_bot(zoom, slack, database_url, ZOOM_WEBHOOK_SECRET_TOKEN=WEBHOOK_SECRET, **overrides)


@pytest.fixture
def bot(zoom, slack, database_url) -> Iterator[RunningBot]:
    with _bot(zoom, slack, database_url) as running:
        seed_connection(running.services.connections, zoom, SlackUserKey(team_id=slack.team_id, user_id=ALICE))
        yield running


@pytest.fixture
def recording_bot(zoom, slack, database_url) -> Iterator[RunningBot]:
    with _bot(zoom, slack, database_url, ZOOM_POST_RECORDINGS="true") as running:
        seed_connection(running.services.connections, zoom, SlackUserKey(team_id=slack.team_id, user_id=ALICE))
        yield running


@dataclass
class Announced:
    meeting_id: int
    ts: str


def _announce(bot: RunningBot, text: str = "meet Design review tomorrow 3pm") -> Announced:
    before = len(bot.zoom.meetings)
    assert bot.slash(text).status_code == 200
    meeting = wait_for(lambda: bot.zoom.meetings[before:], what="the meeting")[0]
    posted = wait_for(lambda: [m for m in bot.slack.messages_in(GENERAL) if "zoom_join" in json.dumps(m.blocks)
                               and str(meeting.id) in json.dumps(m.params)], what="the announcement")[0]
    bot.settle()
    return Announced(meeting.id, posted.ts)


def _shown(slack: SlackEmulator, ts: str) -> ShownMessage:
    return next(message for message in slack.shown if message.ts == ts)


def _updates(slack: SlackEmulator, ts: str) -> int:
    return sum(1 for update in slack.updates if update.ts == ts)


def _joinable(message: ShownMessage) -> bool:
    return "zoom_join" in message.buttons()


def _answers(deliveries) -> list[str]:
    return [delivery.answer["status"] for delivery in deliveries]


def _meeting_time_field(message: ShownMessage) -> str:
    return next(field["text"] for block in message.blocks if block.get("type") == "section"
                for field in block.get("fields", []) if field["text"].startswith("*When*"))


# -- every event, in order ---------------------------------------------------------------------------------


def test_started_joined_left_and_ended_redraw_the_announcement(bot, zoom, slack):
    meeting = _announce(bot)
    assert _updates(slack, meeting.ts) == 0
    assert zoom.start_meeting(meeting.meeting_id).answer == {"status": "applied"}
    bot.settle()
    shown = _shown(slack, meeting.ts)
    assert shown.text.startswith("Live now. ")
    assert _joinable(shown)

    people = [zoom.join(meeting.meeting_id, name) for name in ("Ada", "Bo", "Cy")]
    zoom.leave(meeting.meeting_id, people[1].user_id)
    bot.settle()
    shown = _shown(slack, meeting.ts)
    assert shown.text.startswith("Live now, 2 in the meeting. ")
    assert _joinable(shown)

    zoom.advance_time(32 * 60)
    zoom.end_meeting(meeting.meeting_id)  # Ada and Cy leave as the host ends it
    bot.settle()
    shown = _shown(slack, meeting.ts)
    assert "Ended, lasted 32 min" in shown.text
    assert ":white_check_mark: *Ended*, lasted 32 min" in json.dumps(shown.blocks)
    assert not _joinable(shown)
    assert zoom.meeting(meeting.meeting_id).join_url not in json.dumps(shown.blocks)


def test_deleted_at_zoom_shows_cancelled_without_join(bot, zoom, slack):
    meeting = _announce(bot)
    assert zoom.delete_at_zoom(meeting.meeting_id).answer == {"status": "applied"}
    bot.settle()
    shown = _shown(slack, meeting.ts)
    assert ":no_entry_sign: *Cancelled*" in json.dumps(shown.blocks)
    assert " by <@" not in json.dumps(shown.blocks)  # Zoom did it: nobody in Slack to name
    assert not _joinable(shown)


def test_moved_at_zoom_shows_the_new_time(bot, zoom, slack):
    meeting = _announce(bot)
    new_start = (datetime.now(UTC) + timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    assert zoom.reschedule_at_zoom(meeting.meeting_id, new_start, duration=45).answer == {"status": "applied"}
    bot.settle()
    shown = _shown(slack, meeting.ts)
    assert f"<!date^{int(new_start.timestamp())}^" in _meeting_time_field(shown)
    assert "*Duration*\\n45 min" in json.dumps(shown.blocks)
    assert ":arrows_counterclockwise: *Moved*\"" in json.dumps(shown.blocks)  # no "by": Zoom moved it
    assert _joinable(shown)
    # The same move again (Zoom's retry, or the echo of a move the bot made): nothing new to draw.
    updates = _updates(slack, meeting.ts)
    assert zoom.send_event(zoom.deliveries[-1].body).answer == {"status": "unchanged"}
    bot.settle()
    assert _updates(slack, meeting.ts) == updates


# -- out of order and repeated ------------------------------------------------------------------------------


def _life_events(zoom: ZoomEmulator, meeting_id: int, *, end: bool) -> list[dict]:
    """A meeting's events as Zoom would send them, held back to be delivered in any order."""
    bodies = [zoom.start_meeting(meeting_id, deliver=False).body]
    people = [zoom.join(meeting_id, name, deliver=False) for name in ("Ada", "Bo", "Cy", "Di")]
    bodies += [d.body for d in zoom.deliveries[-4:]]
    bodies.append(zoom.leave(meeting_id, people[0].user_id, deliver=False).body)
    zoom.advance_time(47 * 60)
    if end:
        bodies += [d.body for d in zoom.end_meeting(meeting_id, deliver=False)]
    return bodies


@pytest.mark.parametrize("order", ["reversed", "shuffled-and-repeated"])
def test_a_live_meeting_out_of_order_ends_in_the_right_state(bot, zoom, slack, order):
    meeting = _announce(bot)
    bodies = _life_events(zoom, meeting.meeting_id, end=False)
    if order == "reversed":
        bodies.reverse()
    else:
        bodies = bodies * 3
        random.Random(11).shuffle(bodies)
    answers = _answers(zoom.send_event(body) for body in bodies)
    assert set(answers) <= {"applied", "unchanged"}
    bot.settle()
    shown = _shown(slack, meeting.ts)
    assert shown.text.startswith("Live now, 3 in the meeting. "), shown.text
    assert _joinable(shown)


@pytest.mark.parametrize("order", ["in-order", "reversed", "shuffled-and-repeated"])
def test_an_ended_meeting_out_of_order_or_repeated_ends_in_the_right_state(bot, zoom, slack, order):
    meeting = _announce(bot)
    bodies = _life_events(zoom, meeting.meeting_id, end=True)
    if order == "reversed":
        bodies.reverse()
    elif order == "shuffled-and-repeated":
        bodies = bodies * 2
        random.Random(5).shuffle(bodies)
    for body in bodies:
        zoom.send_event(body)
    bot.settle()
    shown = _shown(slack, meeting.ts)
    assert "Ended, lasted 47 min" in shown.text, shown.text
    assert not _joinable(shown)


def test_every_event_repeated_is_applied_once(bot, zoom, slack):
    meeting = _announce(bot)
    bodies = _life_events(zoom, meeting.meeting_id, end=True)
    first = _answers(zoom.send_event(body) for body in bodies)
    bot.settle()
    updates = _updates(slack, meeting.ts)
    again = _answers(zoom.send_event(body) for body in bodies)
    bot.settle()
    assert first == ["applied"] * len(bodies)
    assert again == ["unchanged"] * len(bodies)
    assert _updates(slack, meeting.ts) == updates  # nothing redrawn for a repeat
    assert "Ended, lasted 47 min" in _shown(slack, meeting.ts).text


def test_an_old_move_and_a_cancel_delivered_backwards(bot, zoom, slack):
    meeting = _announce(bot)
    first = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2)
    moves = [zoom.reschedule_at_zoom(meeting.meeting_id, first + timedelta(hours=hours), deliver=False).body
             for hours in (1, 2)]
    deleted = zoom.delete_at_zoom(meeting.meeting_id, deliver=False).body
    assert _answers(zoom.send_event(body) for body in (deleted, moves[1], moves[0])) == [
        "applied", "applied", "unchanged"]
    bot.settle()
    shown = _shown(slack, meeting.ts)
    assert ":no_entry_sign: *Cancelled*" in json.dumps(shown.blocks)
    assert f"<!date^{int((first + timedelta(hours=2)).timestamp())}^" in _meeting_time_field(shown)


# -- recurring meetings --------------------------------------------------------------------------------------


def test_one_occurrence_deleted_or_moved_leaves_the_series(bot, zoom, slack):
    meeting = _announce(bot, "meet Standup every weekday 9:30am for 15m")
    series = zoom.meeting(meeting.meeting_id)
    start = series.start_utc
    occurrences = [o["occurrence_id"] for o in series.to_api()["occurrences"]]
    answers = [zoom.delete_at_zoom(meeting.meeting_id, occurrence_ids=(occurrences[1],)).answer,
               zoom.reschedule_at_zoom(meeting.meeting_id, start + timedelta(days=2, hours=1),
                                       occurrence_id=occurrences[2]).answer]
    bot.settle()
    assert answers == [{"status": "ignored"}] * 2
    assert _updates(slack, meeting.ts) == 0
    shown = _shown(slack, meeting.ts)
    assert f"<!date^{int(start.timestamp())}^" in _meeting_time_field(shown)

    zoom.start_meeting(meeting.meeting_id)
    zoom.advance_time(15 * 60)
    zoom.end_meeting(meeting.meeting_id)
    bot.settle()
    shown = _shown(slack, meeting.ts)
    assert "Ended, lasted 15 min" in shown.text
    assert _joinable(shown)  # the next occurrence can still be joined


# -- throttling ----------------------------------------------------------------------------------------------


def test_thirty_joins_in_a_second_make_a_handful_of_updates(bot, zoom, slack):
    meeting = _announce(bot)
    zoom.start_meeting(meeting.meeting_id)
    began = time.monotonic()
    for number in range(30):
        zoom.join(meeting.meeting_id, f"Person {number}")
    took = time.monotonic() - began
    bot.settle()
    shown = _shown(slack, meeting.ts)
    assert shown.text.startswith("Live now, 30 in the meeting. ")
    # One redraw at once for "Live now", then at most one per message every 3 s for the counts (a redraw
    # that finds the count changed under it queues the next slot's); 30 joins in `took` seconds span at
    # most ceil(took / 3) + 1 slots, and each slot may be drawn twice (its own, and a stale one's follow-up).
    bound = 1 + 2 * (int(took // 3) + 2)
    assert _updates(slack, meeting.ts) <= bound, (took, _updates(slack, meeting.ts))
    assert _updates(slack, meeting.ts) < 30


def test_joins_and_leaves_delivered_at_once_from_many_connections_are_all_counted(bot, zoom, slack):
    """Zoom delivers concurrently: 40 joins, 10 of them also leaving, sent from 8 threads at the same time."""
    meeting = _announce(bot)
    zoom.start_meeting(meeting.meeting_id)
    people = [zoom.join(meeting.meeting_id, f"Person {n}", deliver=False) for n in range(40)]
    bodies = [d.body for d in zoom.deliveries[-40:]]
    bodies += [zoom.leave(meeting.meeting_id, person.user_id, deliver=False).body for person in people[:10]]
    random.Random(3).shuffle(bodies)
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda body: zoom.send_event(body).status, bodies))
    assert answers == [200] * len(bodies)
    bot.settle()
    assert _shown(slack, meeting.ts).text.startswith("Live now, 30 in the meeting. ")


# -- what the bot does not own, and what it may not do in the request ---------------------------------------


def test_events_of_meetings_the_bot_did_not_announce_change_nothing(bot, zoom, slack):
    _announce(bot)  # something the bot did announce, so that there is state to compare
    foreign = zoom.schedule_at_zoom("alice@example.com", topic="Made at Zoom", start=datetime.now(UTC)
                                    + timedelta(days=1))
    before = dump_tables(bot.services.db.read_engine, ("meetings", "meeting_participants", "commands"))
    updates, posts = len(slack.updates), len(slack.messages)
    answers = [zoom.start_meeting(foreign.id).answer]
    zoom.join(foreign.id, "Ada")
    answers.append(zoom.deliveries[-1].answer)
    answers += [d.answer for d in zoom.end_meeting(foreign.id)]
    answers.append(zoom.reschedule_at_zoom(foreign.id, datetime.now(UTC) + timedelta(days=2)).answer)
    zoom.complete_recording(foreign.id)
    answers.append(zoom.deliveries[-1].answer)
    answers.append(zoom.delete_at_zoom(foreign.id).answer)
    bot.settle()
    assert answers == [{"status": "ignored"}] * len(answers)
    assert dump_tables(bot.services.db.read_engine, ("meetings", "meeting_participants", "commands")) == before
    assert (len(slack.updates), len(slack.messages)) == (updates, posts)


def test_the_webhook_answers_while_slack_and_zoom_are_not_answering(bot, zoom, slack):
    """The route writes and queues; no Slack or Zoom call waits inside it."""
    meeting = _announce(bot)
    slack.hold_api()
    zoom.hold_api()
    try:
        began = time.monotonic()
        delivery = zoom.start_meeting(meeting.meeting_id)
        zoom.join(meeting.meeting_id, "Ada")
        took = time.monotonic() - began
        assert delivery.answer == {"status": "applied"}
        assert zoom.deliveries[-1].answer == {"status": "applied"}
        assert took < 2.0
        assert _updates(slack, meeting.ts) == 0
    finally:
        slack.release_api()
        zoom.release_api()
    bot.settle()
    assert _shown(slack, meeting.ts).text.startswith("Live now, 1 in the meeting. ")


# -- recordings ----------------------------------------------------------------------------------------------


def _recorded(bot: RunningBot) -> tuple[Announced, object]:
    meeting = _announce(bot)
    bot.zoom.start_meeting(meeting.meeting_id)
    bot.zoom.advance_time(41 * 60)
    bot.zoom.end_meeting(meeting.meeting_id)
    record = bot.zoom.complete_recording(meeting.meeting_id, password="Rec!0931")
    bot.settle()
    return meeting, record


def test_a_recording_is_not_posted_unless_the_workspace_turned_it_on(bot, zoom, slack):
    assert bot.settings.zoom_post_recordings is False
    meeting, _record = _recorded(bot)
    assert zoom.deliveries[-1].answer == {"status": "ignored"}
    assert [m for m in slack.messages if m.thread_ts] == []
    assert slack.messages_in(GENERAL)[-1].ts == meeting.ts


@pytest.fixture
def captured_logs() -> Iterator[LogCapture]:
    capture, root = LogCapture(), logging.getLogger()
    lifted = {name: logging.getLogger(name).level for name in ("", "slack_sdk", "urllib3", "handlers")}
    root.addHandler(capture)
    for name in lifted:
        logging.getLogger(name).setLevel(logging.DEBUG)
    yield capture
    root.removeHandler(capture)
    for name, level in lifted.items():
        logging.getLogger(name).setLevel(level)


def test_a_recording_is_posted_once_in_the_thread_and_its_secrets_stay_out_of_the_channel(
        recording_bot, zoom, slack, captured_logs):
    bot = recording_bot
    meeting, record = _recorded(bot)
    assert zoom.deliveries[-1].answer == {"status": "applied"}
    assert zoom.send_event(zoom.deliveries[-1].body).answer == {"status": "unchanged"}  # Zoom's retry
    bot.settle()

    replies = [m for m in slack.messages if m.thread_ts]
    assert len(replies) == 1
    reply = replies[0]
    assert (reply.channel, reply.thread_ts) == (GENERAL, meeting.ts)
    assert record.share_url in json.dumps(reply.blocks)
    assert "(41 min)" in reply.text
    assert f"<@{ALICE}> has it" in json.dumps(reply.blocks)

    channel = json.dumps([m.params for m in slack.messages if m.channel == GENERAL]
                         + [u.params for u in slack.updates])
    for secret in (record.download_token, *record.download_urls, record.password, record.play_passcode,
                   "webhook_download"):
        assert secret not in channel

    dms = [m for m in slack.messages if m.requested_channel == ALICE]
    assert len(dms) == 1
    assert f"Passcode `{record.password}`" in json.dumps(dms[0].blocks)
    assert record.share_url in json.dumps(dms[0].blocks)
    assert record.download_token not in json.dumps(dms[0].params)
    assert not [m for m in slack.messages if m.requested_channel == BOB]

    stored = dump_tables(bot.services.db.read_engine)
    logged = "\n".join(captured_logs.lines)
    assert captured_logs.lines  # the bot did log, at DEBUG
    for secret in (record.password, record.play_passcode, record.download_token, *record.download_urls):
        assert secret not in stored
        assert secret not in logged


def test_a_recording_of_a_meeting_the_bot_did_not_announce_is_not_posted(recording_bot, zoom, slack):
    foreign = zoom.schedule_at_zoom("alice@example.com", topic="Made at Zoom",
                                    start=datetime.now(UTC) + timedelta(hours=1))
    zoom.start_meeting(foreign.id)
    zoom.end_meeting(foreign.id)
    zoom.complete_recording(foreign.id)
    recording_bot.settle()
    assert zoom.deliveries[-1].answer == {"status": "ignored"}
    assert slack.messages == []


def test_the_webhook_route_refuses_an_unsigned_meeting_event(bot, zoom):
    meeting = _announce(bot)
    body = zoom.start_meeting(meeting.meeting_id, deliver=False).body
    response = requests.post(f"{bot.url}/zoom/webhooks", json=body, timeout=5)
    assert response.status_code == 401
    bot.settle()
    assert bot.services.meetings.announcements(meeting.meeting_id)[0].status == "scheduled"


# -- through `python bot.py` ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_python_bot_py_redraws_and_posts_the_recording_from_its_runner_process(tmp_path, database_url):
    """The documented way to run it: the webhook route in the web process, the redraws and the recording's
    post in the runner process beside it."""
    with ZoomEmulator() as zoom, SlackEmulator() as slack:
        add_alice(zoom, slack)
        env = bot_environment(zoom, slack, database_url, free_port(), ZOOM_WEBHOOK_SECRET_TOKEN=WEBHOOK_SECRET,
                              ZOOM_POST_RECORDINGS="true")
        with bot_process(env, tmp_path, tmp_path / "bot.log") as url:
            zoom.subscribe(f"{url}/zoom/webhooks", WEBHOOK_SECRET)
            form = slash_command_form(text="meet Launch review tomorrow 9am", team_id=slack.team_id,
                                      user_id=ALICE, channel_id=GENERAL, response_url=slack.new_response_url())
            headers, body = signed_slash_command_headers_and_body(SIGNING_SECRET, form)
            assert requests.post(f"{url}/slack/events", data=body, headers=headers, timeout=10).status_code == 200
            authorize = wait_for(lambda: connect_links(slack), what="connect prompt")[0]
            assert open_like_a_browser(requests.get(authorize, allow_redirects=False, timeout=10)
                                       .headers["Location"]).status_code == 200
            meeting = wait_for(lambda: zoom.meetings, what="the meeting")[0]
            ts = wait_for(lambda: [m.ts for m in slack.messages_in(GENERAL)], what="the announcement")[0]
            # The host hears of the meeting once it is recorded as announced (and only then can start it).
            wait_for(lambda: said_privately(slack, meeting.start_url), what="the host's confirmation")

            assert zoom.start_meeting(meeting.id).answer == {"status": "applied"}
            zoom.join(meeting.id, "Ada")
            wait_for(lambda: _shown(slack, ts).text.startswith("Live now, 1 in the meeting. "), what="live")
            zoom.advance_time(20 * 60)
            zoom.end_meeting(meeting.id)
            wait_for(lambda: "Ended, lasted 20 min" in _shown(slack, ts).text, what="ended")
            record = zoom.complete_recording(meeting.id)
            reply = wait_for(lambda: [m for m in slack.messages if m.thread_ts == ts], what="the recording")[0]
            assert record.share_url in json.dumps(reply.blocks)
            wait_for(lambda: [m for m in slack.messages if m.requested_channel == ALICE], what="the passcode DM")
        assert record.password not in (tmp_path / "bot.log").read_text()
        assert "Traceback" not in (tmp_path / "bot.log").read_text()
