"""handlers.flows.about_message ("Zoom about this") and handlers.flows.usage (the global shortcut): each branch,
with a fake Slack client and fake Zoom."""

from __future__ import annotations

import pytest

from handlers.app.durable import RetryLater
from handlers.flows import about_message
from handlers.flows.about_message import MAX_TOLD, AboutMessage, message_fields
from tests.handlers.flows.fakes import (
    CHANNEL,
    EMAIL,
    JOIN_URL,
    PASSCODE,
    START_URL,
    USER,
    FakeCommandRunner,
    FakeSlackClient,
    make_job,
    make_services,
    origin,
    person,
)

BOB, CAROL, DAN, ROBOT = "U0BOB", "U0CAROL", "U0DAN", "U0ROBOT"
PEOPLE = {BOB: person(BOB, "Bob", email="bob@example.com"), CAROL: person(CAROL, "Carol"),
          DAN: person(DAN, "Dan", email="dan@example.com"), ROBOT: person(ROBOT, "Deploy Bot", is_bot=True)}
PARENT_TS = "1700000000.000100"


def message(**fields) -> dict:
    """A thread's parent as a message_action payload carries it."""
    return {"type": "message", "user": CAROL, "ts": PARENT_TS, "thread_ts": PARENT_TS,
            "text": f"Can we talk about the *deploy* with <@{BOB}>? :fire:\nmore below",
            "reply_count": 3, "reply_users": [BOB, ROBOT, USER, DAN], **fields}


def run(services, client, fields: dict | None = None, **job_fields):
    runner = FakeCommandRunner(client)
    payload = {"message": message_fields(message() if fields is None else fields)}
    job = make_job(runner, kind=about_message.MEET_ABOUT_MESSAGE, payload=payload, **job_fields)
    about_message.meet_about_message(services, job)
    return job, runner


def dms(client: FakeSlackClient, user: str) -> list:
    return [call for call in client.calls_to("chat_postMessage") if call.channel == user]


def test_an_instant_meeting_about_the_message_in_its_thread_and_its_people_told():
    services, client = make_services(), FakeSlackClient(people=PEOPLE)
    _, runner = run(services, client)

    [(request, host)] = services.zoom.create_requests
    assert host == "me"
    assert request.start is None
    assert request.topic == "Can we talk about the deploy with Bob?"
    assert request.invitees == ()  # a thread's people are told in Slack, not put in Zoom's invitation
    [public] = client.channel_posts()
    assert public.kwargs["thread_ts"] == PARENT_TS
    assert JOIN_URL in public.rendered
    assert START_URL not in public.rendered
    told = [user for user in (CAROL, BOB, DAN, ROBOT, USER) if dms(client, user)]
    assert told == [CAROL, BOB, DAN]  # the author, then the repliers; not the bot, not the user
    for user in told:
        [dm] = dms(client, user)
        assert "a thread you took part in" in dm.rendered
        assert START_URL not in dm.rendered
        assert PASSCODE not in dm.rendered
    [private] = client.private_to()
    assert "I sent the join link to Carol, Bob and Dan, who took part in the thread." in private.rendered
    assert runner.posted[0].invitees == (CAROL, BOB, DAN)
    assert runner.posted[0].message_ts == "1700000000.000001"


def test_a_reply_is_answered_in_its_parents_thread():
    services, client = make_services(), FakeSlackClient(people=PEOPLE)
    reply = {"type": "message", "user": BOB, "ts": "1700000000.000200", "thread_ts": PARENT_TS,
             "parent_user_id": CAROL, "text": "Rollback?"}
    run(services, client, reply)

    [public] = client.channel_posts()
    assert public.kwargs["thread_ts"] == PARENT_TS
    assert [user for user in (CAROL, BOB) if dms(client, user)] == [BOB]


def test_a_message_outside_any_thread_starts_one():
    services, client = make_services(), FakeSlackClient(people=PEOPLE)
    run(services, client, {"type": "message", "user": CAROL, "ts": PARENT_TS, "text": "Lunch?"})

    [public] = client.channel_posts()
    assert public.kwargs["thread_ts"] == PARENT_TS
    assert [user for user in (CAROL, BOB) if dms(client, user)] == [CAROL]


def test_at_most_twenty_are_told_and_the_rest_counted_for_the_host():
    people = {f"U0P{n:03d}": person(f"U0P{n:03d}", f"P{n}") for n in range(25)}
    services, client = make_services(), FakeSlackClient(people={**PEOPLE, **people})
    run(services, client, message(reply_users=[ROBOT, *people]))

    told = [user for user in (CAROL, *people) if dms(client, user)]
    assert told == [CAROL, *list(people)[:MAX_TOLD - 1]]
    assert "6 more people took part; I told the first 20 only" in client.private_to()[0].rendered


@pytest.mark.parametrize(("text", "title"), [
    ("> _Quoted_ `code` and ~gone~ &amp; <#C0GENERAL|general> <https://x.example|link>",
     "Quoted code and gone & #general link"),
    (":tada:\n\nSecond line wins", "Second line wins"),
    ("", "Ada's Zoom meeting"),
    (":wave:", "Ada's Zoom meeting"),
    ("x" * 300, "x" * 199 + "…"),
])
def test_the_title_is_the_first_line_without_markup(text, title):
    services, client = make_services(), FakeSlackClient(people=PEOPLE)
    run(services, client, message(text=text))

    [(request, _)] = services.zoom.create_requests
    assert request.topic == title
    assert len(request.topic) <= 200


def test_not_connected_gets_a_connect_prompt_that_resumes_this_shortcut():
    services, client = make_services(connected=False), FakeSlackClient(people=PEOPLE)
    _, runner = run(services, client)

    assert services.zoom.create_requests == []
    [prompt] = client.private_to()
    assert "Connect your Zoom account" in prompt.rendered
    [state] = services.journal.of("states.create")
    assert state["resume"]["kind"] == about_message.MEET_ABOUT_MESSAGE
    assert state["resume"]["message"]["ts"] == PARENT_TS
    assert client.channel_posts() == []
    assert runner.saved == []


def test_account_mode_without_the_users_email_creates_nothing():
    services = make_services(account_mode=True, connected=False)
    client = FakeSlackClient(users_info_error="ratelimited")
    _, runner = run(services, client)

    assert "Slack did not tell me your email just now" in client.only_private_text()
    assert services.zoom.create_requests == []
    assert runner.saved == []


def test_account_mode_creates_it_for_the_zoom_user_with_the_users_email():
    services, client = make_services(account_mode=True, connected=False), FakeSlackClient(people=PEOPLE)
    run(services, client)

    [(_, host)] = services.zoom.create_requests
    assert host == EMAIL


def test_slack_away_while_looking_the_thread_up_waits():
    services, client = make_services(), FakeSlackClient(people={**PEOPLE, DAN: "ratelimited"})
    with pytest.raises(RetryLater):
        run(services, client)
    assert services.zoom.create_requests == []


def test_a_command_resumed_after_its_post_tells_only_who_was_not_told():
    services, client = make_services(), FakeSlackClient(people=PEOPLE)
    _, first = run(services, client)
    result = dict(first.saved[-1].result, told=[CAROL])
    client = FakeSlackClient(people=PEOPLE)
    _, runner = run(services, client, step="posted", result=result)

    assert len(services.zoom.create_requests) == 1
    assert client.channel_posts() == []
    assert [user for user in (CAROL, BOB, DAN) if dms(client, user)] == [BOB, DAN]
    assert runner.saved[-1].result["told"] == [CAROL, BOB, DAN]


def test_no_message_ts_creates_nothing():
    services, client = make_services(), FakeSlackClient(people=PEOPLE)
    run(services, client, {"text": "hi"})

    assert "Slack did not say which message" in client.only_private_text()
    assert services.zoom.create_requests == []


def test_message_fields_keep_only_what_the_flow_reads():
    fields = message_fields({**message(), "blocks": [{"type": "rich_text"}], "user": "not an id",
                             "reply_users": [BOB, 7, "U0X Y", *[f"U0P{n:03d}" for n in range(60)]],
                             "text": "t" * 5000})
    assert set(fields) == {"ts", "thread_ts", "text", "user", "reply_users"}
    assert fields["user"] == ""
    assert fields["reply_users"][0] == BOB
    assert 7 not in fields["reply_users"]
    assert "U0X Y" not in fields["reply_users"]
    assert len(fields["reply_users"]) <= about_message.MAX_LOOKED_UP
    assert len(fields["text"]) == about_message.MAX_TEXT
    assert message_fields(None) == {"ts": "", "thread_ts": "", "text": "", "user": "", "reply_users": []}


def test_participants_are_the_author_then_the_repliers_each_once_without_the_user():
    about = AboutMessage.from_fields({"ts": "1", "user": CAROL, "reply_users": [BOB, CAROL, USER, BOB, DAN]})
    assert about.participants(but=USER) == (CAROL, BOB, DAN)
    assert about.thread_ts == "1"


def test_a_channel_is_named_in_the_direct_message_only_when_it_is_one():
    services, client = make_services(), FakeSlackClient(people=PEOPLE)
    run(services, client)
    assert f"<#{CHANNEL}>" in dms(client, BOB)[0].rendered

    services, client = make_services(), FakeSlackClient(people=PEOPLE)
    run(services, client, command_origin=origin(channel_id="D0GROUPDM"))
    [dm] = dms(client, BOB)
    assert "<#" not in dm.rendered
    assert "took part in:" in dm.rendered
