"""Invitees and the shortcuts end to end: `/zoom meet ... with @people`, "Zoom about this" on a message, and
the global shortcut. Signed requests into the real app over real sockets, the strict Zoom emulator (every
create body validated against Zoom's OpenAPI schema) and Slack emulator (Block Kit checked), on SQLite and
PostgreSQL.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from handlers.demo.emulators import START_URL_MARKER, SlackEmulator, ZoomEmulator
from handlers.demo.emulators._zoom_schema import create_meeting_error
from storage import SlackUserKey
from tests.harness import connect_links, running_bot, said_privately, seed_connection, wait_for

ALICE, BOB, CAROL, DAN, EVE, ROBOT, GONE = "U0ALICE", "U0BOB", "U0CAROL", "U0DAN", "U0EVE", "U0ROBOT", "U0GONE"
GENERAL = "C0GENERAL"
NEW_YORK = ZoneInfo("America/New_York")
EMAILS = {ALICE: "alice@example.com", BOB: "bob@example.com", CAROL: "carol@example.com"}


@pytest.fixture
def zoom():
    with ZoomEmulator() as emulator:
        emulator.add_user(EMAILS[ALICE], first_name="Alice")
        emulator.login_as(EMAILS[ALICE])
        yield emulator
        assert emulator.internal_errors == []


@pytest.fixture
def slack():
    with SlackEmulator() as emulator:
        emulator.add_user(ALICE, name="alice", real_name="Alice Example", tz="America/New_York", email=EMAILS[ALICE])
        emulator.add_user(BOB, name="bob", real_name="Bob Builder", display_name="Bob", email=EMAILS[BOB])
        emulator.add_user(CAROL, name="carol", real_name="Carol", display_name="Carol", tz="Europe/Berlin",
                          email=EMAILS[CAROL])
        emulator.add_user(DAN, name="dan", real_name="Dan", display_name="Dan")  # Slack shares no email of his
        emulator.add_user(EVE, name="eve", real_name="Eve", display_name="Eve", email="eve@example.com")
        emulator.add_user(ROBOT, name="deploybot", real_name="Deploy Bot", display_name="Deploy Bot",
                          is_bot=True)
        emulator.add_user(GONE, name="gone", real_name="Gone", display_name="Gone", email="gone@example.com",
                          deleted=True)
        emulator.add_user("UBOT", name="zoom", real_name="Zoom", display_name="Zoom", is_bot=True)
        emulator.add_channel(GENERAL, name="general")
        yield emulator
        assert emulator.internal_errors == []


@pytest.fixture
def bot(zoom, slack, database_url):
    with running_bot(zoom, slack, database_url) as running:
        yield running


@pytest.fixture
def connected(bot, zoom, slack):
    seed_connection(bot.services.connections, zoom, SlackUserKey(team_id=slack.team_id, user_id=ALICE))
    return bot


# -- what the tests look at ------------------------------------------------------------------------------


def dms_to(slack: SlackEmulator, user: str) -> list[str]:
    """Everything the bot sent `user` by direct message, each as one JSON text."""
    return [json.dumps(m.params) for m in slack.messages if m.requested_channel == user]


def announcements(slack: SlackEmulator) -> list:
    return [m for m in slack.messages if m.channel == GENERAL and "zoom_join" in json.dumps(m.params)]


def host_confirmation(slack: SlackEmulator) -> str:
    return wait_for(lambda: [t for t in _private(slack) if "Only you can see this" in t], what="host reply")[0]


def _private(slack: SlackEmulator) -> list[str]:
    texts = [json.dumps(r.payload) for r in slack.responses if r.payload.get("response_type") != "in_channel"]
    return texts + [json.dumps(e.params) for e in slack.ephemerals]


def assert_no_host_secrets(text: str, meeting) -> None:
    assert START_URL_MARKER not in text
    assert meeting.start_secret not in text
    assert meeting.password
    assert meeting.password not in text.replace(meeting.join_url, "")


def tomorrow_at_3pm() -> datetime:
    day = datetime.now(NEW_YORK).date() + timedelta(days=1)
    return datetime(day.year, day.month, day.day, 15, tzinfo=NEW_YORK)


# -- invitees -------------------------------------------------------------------------------------------


def test_mentioned_people_are_invited_by_email_and_told_by_direct_message(connected, zoom, slack):
    bot = connected
    assert bot.slash(f"meet Sync with <@{BOB}|bob> <@{CAROL}> tomorrow 3pm").status_code == 200

    meeting = wait_for(lambda: zoom.meetings, what="the meeting")[0]
    assert create_meeting_error(meeting.request_body) is None  # as Zoom's OpenAPI schema describes it
    assert meeting.request_body["settings"]["meeting_invitees"] == [{"email": EMAILS[BOB]}, {"email": EMAILS[CAROL]}]
    assert meeting.topic == "Sync with Bob and Carol"  # names, not ids
    assert meeting.start_utc == tomorrow_at_3pm()
    bot.settle()

    [posted] = announcements(slack)
    assert "Sync with Bob and Carol" in json.dumps(posted.params)
    assert "U0BOB" not in json.dumps(posted.params)
    date_token = f"<!date^{int(meeting.start_utc.timestamp())}^"
    for person in (BOB, CAROL):
        [dm] = dms_to(slack, person)
        assert meeting.join_url in dm
        assert date_token in dm
        assert "Sync with Bob and Carol" in dm
        assert_no_host_secrets(dm, meeting)
    assert dms_to(slack, ALICE) == []
    reply = host_confirmation(slack)
    assert "Invited Bob and Carol" in reply
    assert meeting.start_url in reply  # the host, and only the host, gets the start link
    [record] = bot.services.meetings.announcements(meeting.id)
    assert record.meeting.invitees == (BOB, CAROL)


def test_people_slack_shares_no_email_of_are_named_to_the_host(connected, zoom, slack):
    bot = connected
    bot.slash(f"meet Planning <@{DAN}|dan> <@{ROBOT}> <@{GONE}> <@{BOB}> tomorrow 10am")

    meeting = wait_for(lambda: zoom.meetings, what="the meeting")[0]
    bot.settle()
    assert create_meeting_error(meeting.request_body) is None
    assert meeting.request_body["settings"]["meeting_invitees"] == [{"email": EMAILS[BOB]}]
    assert meeting.topic == "Planning Dan, Deploy Bot, Gone and Bob"
    reply = host_confirmation(slack)
    assert "Slack does not share the email of Dan" in reply
    assert "Deploy Bot is an app, so I did not invite them" in reply
    assert "Gone has left the workspace" in reply
    assert "Invited Bob" in reply
    # Dan is told in Slack all the same; the bot and the deactivated account are not written to.
    [dm] = dms_to(slack, DAN)
    assert meeting.join_url in dm
    assert len(dms_to(slack, BOB)) == 1
    assert dms_to(slack, ROBOT) == []
    assert dms_to(slack, GONE) == []
    [record] = bot.services.meetings.announcements(meeting.id)
    assert record.meeting.invitees == (DAN, BOB)


def test_mentions_in_a_question_carry_through_the_click(connected, zoom, slack):
    bot = connected
    bot.slash(f"meet Sync with <@{BOB}|bob> at 7")

    question = wait_for(lambda: [m for m in slack.shown_to(ALICE) if "zoom_meet_edit" in m.buttons()],
                        what="a question")[0]
    choices = {a: b for a, b in question.buttons().items() if a.startswith("zoom_meet_choice_")}
    assert all(json.loads(b["value"])["i"] == [BOB] for b in choices.values())
    assert all(json.loads(b["value"])["t"] == "Sync with Bob" for b in choices.values())
    assert zoom.meetings == []
    action_id = next(iter(choices))
    assert bot.click(question.ts, action_id).status_code == 200

    meeting = wait_for(lambda: zoom.meetings, what="the meeting")[0]
    bot.settle()
    assert meeting.topic == "Sync with Bob"
    assert meeting.request_body["settings"]["meeting_invitees"] == [{"email": EMAILS[BOB]}]
    [dm] = dms_to(slack, BOB)
    assert meeting.join_url in dm
    assert_no_host_secrets(dm, meeting)


def test_a_direct_message_that_failed_is_sent_on_retry_and_none_twice(connected, zoom, slack):
    bot = connected
    # The channel post and Bob's message go through; Carol's meets a Slack outage: the command waits and
    # resumes from its record, which says Bob has had his.
    slack.fail_calls("chat.postMessage", "internal_error", after=2, times=1)
    bot.slash(f"meet Retro with <@{BOB}> <@{CAROL}> <@{EVE}> tomorrow 3pm")

    meeting = wait_for(lambda: zoom.meetings, what="the meeting")[0]
    wait_for(lambda: len(dms_to(slack, EVE)) == 1, timeout=30, what="the last invitee's message")
    bot.settle()
    assert len(zoom.meetings) == 1
    assert len(announcements(slack)) == 1
    assert [len(dms_to(slack, user)) for user in (BOB, CAROL, EVE)] == [1, 1, 1]
    assert ("chat.postMessage", slack.team_id, "internal_error") in slack.calls
    assert sum("Only you can see this" in text for text in _private(slack)) == 1
    assert meeting.join_url in dms_to(slack, CAROL)[0]


def test_more_people_than_a_meeting_invites_creates_nothing(connected, zoom, slack):
    bot = connected
    many = " ".join(f"<@U0P{n:03d}>" for n in range(26))
    bot.slash(f"meet All hands {many} tomorrow 3pm")

    wait_for(lambda: said_privately(slack, "invites at most 25"), what="the refusal")
    bot.settle()
    assert zoom.meetings == []
    assert slack.messages == []


# -- "Zoom about this" -----------------------------------------------------------------------------------


def _thread(slack: SlackEmulator) -> str:
    """Carol asks something mentioning Bob; Bob, Dan, the deploy bot and Alice reply. The parent's ts."""
    parent = slack.post_as(CAROL, GENERAL, f"Can we talk about the *deploy* with <@{BOB}>? :fire:\nDetails below")
    for user, text in ((BOB, "sure"), (DAN, "+1"), (ROBOT, "deploy #42 failed"), (ALICE, "let's meet")):
        slack.post_as(user, GENERAL, text, thread_ts=parent)
    return parent


def test_zoom_about_this_creates_a_meeting_in_the_thread_and_tells_its_people(connected, zoom, slack):
    bot = connected
    parent = _thread(slack)
    payload = slack.message_shortcut(parent, user=ALICE)
    assert payload["message"]["reply_users"] == [BOB, DAN, ROBOT, ALICE]
    assert bot.interact(payload).status_code == 200
    assert bot.interact(payload).status_code == 200  # Slack's retry of the same delivery (same trigger_id)

    meeting = wait_for(lambda: zoom.meetings, what="the meeting")[0]
    bot.settle()
    assert create_meeting_error(meeting.request_body) is None
    assert meeting.type == 1  # instant
    assert meeting.topic == "Can we talk about the deploy with Bob?"
    assert "meeting_invitees" not in meeting.request_body["settings"]
    [reply] = slack.thread(parent)
    assert reply.channel == GENERAL
    assert meeting.join_url in json.dumps(reply.params)
    assert_no_host_secrets(json.dumps(reply.params), meeting)
    for person in (CAROL, BOB, DAN):
        [dm] = dms_to(slack, person)
        assert meeting.join_url in dm
        assert "a thread you took part in" in dm
        assert_no_host_secrets(dm, meeting)
    assert dms_to(slack, ALICE) == []
    assert dms_to(slack, ROBOT) == []
    assert len(zoom.meetings) == 1
    reply_text = host_confirmation(slack)
    assert "I sent the join link to Carol, Bob and Dan" in reply_text
    [record] = bot.services.meetings.announcements(meeting.id)
    assert record.meeting.message_ts == reply.ts
    assert record.meeting.invitees == (CAROL, BOB, DAN)

    # Used again on the same message: a second meeting, as asked, whose thread now has the bot in it too.
    bot.message_shortcut(parent)
    wait_for(lambda: len(zoom.meetings) == 2, what="the second meeting")
    bot.settle()
    assert dms_to(slack, "UBOT") == []
    assert [len(dms_to(slack, person)) for person in (CAROL, BOB, DAN)] == [2, 2, 2]


def test_zoom_about_a_reply_goes_in_its_thread(connected, zoom, slack):
    bot = connected
    parent = slack.post_as(CAROL, GENERAL, "Release plan")
    reply_ts = slack.post_as(BOB, GENERAL, "&lt;b&gt;Rollback&lt;/b&gt; &amp; <https://wiki.example/x|the runbook>",
                             thread_ts=parent)
    bot.message_shortcut(reply_ts)

    meeting = wait_for(lambda: zoom.meetings, what="the meeting")[0]
    bot.settle()
    assert meeting.topic == "<b>Rollback</b> & the runbook"  # Slack's escapes and markup undone
    [posted] = slack.thread(parent)
    assert posted.thread_ts == parent
    assert len(dms_to(slack, BOB)) == 1  # the reply's author; a reply's payload names no other repliers
    assert dms_to(slack, CAROL) == []


def test_zoom_about_this_tells_at_most_twenty(connected, zoom, slack):
    bot = connected
    parent = slack.post_as(CAROL, GENERAL, "Incident review")
    people = [f"U0P{n:03d}" for n in range(24)]
    for user in people:
        slack.add_user(user, name=user.lower(), real_name=user, display_name=user, email=f"{user}@example.com")
        slack.post_as(user, GENERAL, "here", thread_ts=parent)
    bot.message_shortcut(parent)

    wait_for(lambda: zoom.meetings, what="the meeting")
    bot.settle()
    told = [user for user in (CAROL, *people) if dms_to(slack, user)]
    assert told == [CAROL, *people[:19]]
    assert "5 more people took part; I told the first 20 only" in host_confirmation(slack)


def test_zoom_about_this_before_connecting_resumes_after_the_connect(bot, zoom, slack):
    parent = slack.post_as(CAROL, GENERAL, "Quarterly numbers")
    slack.post_as(BOB, GENERAL, "ok", thread_ts=parent)
    bot.message_shortcut(parent)

    link = wait_for(lambda: connect_links(slack), what="a connect prompt")[0]
    assert zoom.meetings == []
    assert bot.follow_connect_link(link).status_code == 200

    meeting = wait_for(lambda: zoom.meetings, what="the meeting")[0]
    bot.settle()
    assert meeting.topic == "Quarterly numbers"
    [posted] = slack.thread(parent)
    assert meeting.join_url in json.dumps(posted.params)
    assert [len(dms_to(slack, user)) for user in (CAROL, BOB)] == [1, 1]


def test_zoom_about_this_where_the_bot_is_not_a_member_posts_through_the_response_url(connected, zoom, slack):
    bot = connected
    slack.add_channel("G0SECRET", name="secret", is_private=True, bot_is_member=False)
    parent = slack.post_as(CAROL, "G0SECRET", "Salary review")
    bot.message_shortcut(parent)

    meeting = wait_for(lambda: zoom.meetings, what="the meeting")[0]
    bot.settle()
    [posted] = [r for r in slack.responses if r.payload.get("response_type") == "in_channel"]
    assert meeting.join_url in json.dumps(posted.payload)
    assert_no_host_secrets(json.dumps(posted.payload), meeting)
    assert slack.thread(parent) == []
    assert len(dms_to(slack, CAROL)) == 1
    assert meeting.start_url in host_confirmation(slack)


def test_invitees_of_a_meet_that_waited_for_a_connect_are_invited_after_it(bot, zoom, slack):
    bot.slash(f"meet Kickoff with <@{BOB}> tomorrow 3pm")
    link = wait_for(lambda: connect_links(slack), what="a connect prompt")[0]
    assert dms_to(slack, BOB) == []
    assert bot.follow_connect_link(link).status_code == 200

    meeting = wait_for(lambda: zoom.meetings, what="the meeting")[0]
    bot.settle()
    assert meeting.topic == "Kickoff with Bob"
    assert meeting.request_body["settings"]["meeting_invitees"] == [{"email": EMAILS[BOB]}]
    assert len(dms_to(slack, BOB)) == 1


# -- the global shortcut ---------------------------------------------------------------------------------


def test_the_global_shortcut_opens_the_scheduling_form(bot, zoom, slack):
    assert bot.global_shortcut(user=ALICE).status_code == 200

    view = wait_for(lambda: [v for v in slack.views if v.method == "views.open"], what="the modal")[0]
    bot.settle()
    assert view.view["callback_id"] == "zoom_schedule_form"  # what a form submission does: test_e2e_schedule_form
    assert view.user_id == ALICE
    assert zoom.meetings == []
    assert slack.messages == []


def test_the_global_shortcut_answers_by_direct_message_when_the_modal_cannot_open(bot, zoom, slack):
    slack.fail_calls("views.open", "expired_trigger_id")
    bot.global_shortcut(user=ALICE)

    wait_for(lambda: dms_to(slack, ALICE), what="the direct message")
    bot.settle()
    assert re.search(r"did not let me open the form in time.*/zoom meet", dms_to(slack, ALICE)[0])
    assert [v for v in slack.views if v.method == "views.open"] == []
