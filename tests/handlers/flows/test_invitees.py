"""handlers.flows.meet with people mentioned: who is invited (their emails into Zoom's invitation), who is told
by direct message (once, whatever is resumed), who is named to the host, and how mentions read as names."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from handlers.app.durable import RetryLater
from handlers.flows import meet
from handlers.flows.meet import AnnouncedMeeting
from handlers.ui.choice_values import choice_value, read_choice_value
from handlers.ui.messages import THREAD, HostSecrets, MeetingSummary
from tests.handlers.flows.fakes import (
    CHANNEL,
    JOIN_URL,
    MEETING_ID,
    PASSCODE,
    START_URL,
    USER,
    FakeCommandRunner,
    FakeSlackClient,
    make_job,
    make_services,
    person,
)
from tests.handlers.flows.test_meet import run_choice, run_meet, tomorrow_at

BOB, CAROL, DAN, ROBOT, GONE, GHOST = "U0BOB", "U0CAROL", "U0DAN", "U0ROBOT", "U0GONE", "U0GHOST"
PEOPLE = {
    BOB: person(BOB, "Bob", email="bob@example.com"),
    CAROL: person(CAROL, "Carol", email="carol@example.com"),
    DAN: person(DAN, "Dan"),  # Slack shares no email of his
    ROBOT: person(ROBOT, "Deploy Bot", email="bot@example.com", is_bot=True),
    GONE: person(GONE, "Gone", email="gone@example.com", deleted=True),
    GHOST: "user_not_found",
}


def slack(**overrides) -> FakeSlackClient:
    return FakeSlackClient(people={**PEOPLE, **overrides.pop("people", {})}, **overrides)


def dms(client: FakeSlackClient, user: str) -> list:
    return [call for call in client.calls_to("chat_postMessage") if call.channel == user]


def host_reply(client: FakeSlackClient) -> str:
    [reply] = client.private_to()
    return reply.rendered


# -- invited -----------------------------------------------------------------------------------------------


def test_mentioned_people_are_invited_told_and_recorded():
    services, client = make_services(), slack()
    job, runner = run_meet(services, client, f"Sync with <@{BOB}|bob> <@{CAROL}> tomorrow 3pm")

    [(request, _)] = services.zoom.create_requests
    assert request.topic == "Sync with Bob and Carol"
    assert request.invitees == ("bob@example.com", "carol@example.com")
    assert request.to_zoom()["settings"]["meeting_invitees"] == [{"email": "bob@example.com"},
                                                                  {"email": "carol@example.com"}]
    assert request.start == tomorrow_at(15, now=job.read_at)
    [public] = client.channel_posts()
    assert "Sync with Bob and Carol" in public.text
    for user in (BOB, CAROL):
        [dm] = dms(client, user)
        assert JOIN_URL in dm.rendered
        assert "<!date^" in dm.rendered
        assert START_URL not in dm.rendered
        assert PASSCODE not in dm.rendered
        assert dm.kwargs["unfurl_links"] is False
    # The channel first, then each person, each recorded before the next; the host last.
    assert client.calls.index(public) < client.calls.index(dms(client, BOB)[0]) < client.calls.index(
        dms(client, CAROL)[0]) < client.calls.index(client.private_to()[0])
    assert "Invited Bob and Carol" in host_reply(client)
    assert runner.steps == ["creating", "created", "posted", "posted", "posted"]
    assert [saved.result["told"] for saved in runner.saved[2:]] == [[], [BOB], [BOB, CAROL]]
    assert runner.posted[0].invitees == (BOB, CAROL)


def test_the_host_mentioning_themselves_is_named_but_not_invited():
    services, client = make_services(), slack()
    run_meet(services, client, f"1:1 <@{USER}> <@{BOB}> tomorrow 3pm")

    [(request, _)] = services.zoom.create_requests
    assert request.topic == "1:1 Ada and Bob"
    assert request.invitees == ("bob@example.com",)
    assert dms(client, USER) == []


@pytest.mark.parametrize(("mention", "said", "told"), [
    pytest.param(DAN, "Slack does not share the email of Dan, so Zoom does not list them as invitees; I sent "
                      "them the join link in Slack.", True, id="no-email"),
    pytest.param(ROBOT, "Deploy Bot is an app, so I did not invite them.", False, id="bot"),
    pytest.param(GONE, "Gone has left the workspace (deactivated), so I did not invite them.", False,
                 id="deactivated"),
    pytest.param(GHOST, "I could not look up U0GHOST in this workspace, so I did not invite them.", False,
                 id="unknown"),
])
def test_who_cannot_be_invited_by_email_is_named_to_the_host(mention, said, told):
    services, client = make_services(), slack()
    _, runner = run_meet(services, client, f"Sync <@{mention}> tomorrow 3pm")

    [(request, _)] = services.zoom.create_requests
    assert request.invitees == ()
    assert said in host_reply(client)
    assert bool(dms(client, mention)) is told
    assert runner.posted[0].invitees == ((mention,) if told else ())


def test_too_many_people_refuses_before_asking_anyone():
    services, client = make_services(), slack()
    many = " ".join(f"<@U0P{n:03d}>" for n in range(26))
    job, runner = run_meet(services, client, f"All hands {many} tomorrow 3pm")

    assert "You mentioned 26 people, and a meeting from Slack invites at most 25" in client.only_private_text()
    assert client.calls_to("users_info") == []
    assert services.zoom.create_requests == []
    assert runner.saved == []
    assert job.result == {"answered": "refusal"}


def test_twenty_five_people_are_fine():
    people = {f"U0P{n:03d}": person(f"U0P{n:03d}", f"P{n}", email=f"p{n}@example.com") for n in range(25)}
    services, client = make_services(), slack(people=people)
    run_meet(services, client, "All hands " + " ".join(f"<@{u}>" for u in people) + " tomorrow 3pm")

    [(request, _)] = services.zoom.create_requests
    assert len(request.invitees) == 25
    assert all(len(dms(client, user)) == 1 for user in people)


def test_slack_away_while_looking_people_up_waits_and_creates_nothing():
    services, client = make_services(), slack(people={CAROL: "ratelimited"})
    with pytest.raises(RetryLater):
        run_meet(services, client, f"Sync <@{BOB}> <@{CAROL}> tomorrow 3pm")
    assert services.zoom.create_requests == []
    assert client.calls_to("chat_postMessage") == []


def test_slack_away_for_good_leaves_out_whoever_could_not_be_looked_up():
    services, client = make_services(), slack(people={CAROL: "ratelimited"})
    _, runner = run_meet(services, client, f"Sync <@{BOB}> <@{CAROL}> tomorrow 3pm",
                         received_at=datetime.now(UTC) - timedelta(minutes=31))
    assert runner.posted[0].invitees == (BOB,)

    [(request, _)] = services.zoom.create_requests
    assert request.invitees == ("bob@example.com",)
    assert "I could not look up U0CAROL" in host_reply(client)


# -- told exactly once ----------------------------------------------------------------------------------------


def invited_result(told: tuple[str, ...] = (), **fields) -> dict:
    summary = MeetingSummary(topic="Sync with Bob and Carol", start=tomorrow_at(15), duration_minutes=60,
                             timezone="Europe/Paris", join_url=JOIN_URL, host_user_id=USER, meeting_id=MEETING_ID)
    return AnnouncedMeeting(summary=summary, host=HostSecrets(START_URL, PASSCODE), invitees=(BOB, CAROL),
                            told=told, names={BOB: "Bob", CAROL: "Carol"}, **fields).to_result()


def test_a_command_resumed_after_its_post_tells_only_those_not_yet_told():
    services, client = make_services(), slack()
    _, runner = run_meet(services, client, step="posted", result=invited_result(told=(BOB,)))

    assert services.zoom_uses == []
    assert client.channel_posts() == []
    assert dms(client, BOB) == []
    [dm] = dms(client, CAROL)
    assert JOIN_URL in dm.rendered
    assert [saved.result["told"] for saved in runner.saved] == [[BOB, CAROL]]
    assert START_URL in host_reply(client)


def test_a_command_resumed_after_everyone_was_told_only_tells_the_host():
    services, client = make_services(), slack()
    _, runner = run_meet(services, client, step="posted", result=invited_result(told=(BOB, CAROL)))

    assert client.calls_to("chat_postMessage") == []
    assert runner.saved == []
    assert START_URL in host_reply(client)


def test_slack_away_for_a_direct_message_waits_with_the_progress_kept():
    services, client = make_services(), slack(failures={("chat_postMessage", CAROL): "internal_error"})
    runner = FakeCommandRunner(client)
    job = make_job(runner, kind="meet", payload={"text": ""}, step="posted", result=invited_result())
    with pytest.raises(RetryLater):
        meet.schedule_meeting(services, job)

    assert len(dms(client, BOB)) == 1
    assert [saved.result["told"] for saved in runner.saved] == [[BOB]]
    assert client.private_to() == []  # the host hears once everyone has been told


def test_a_direct_message_refused_for_good_is_named_to_the_host():
    services, client = make_services(), slack(failures={("chat_postMessage", CAROL): "channel_not_found"})
    _, runner = run_meet(services, client, step="posted", result=invited_result())

    assert "I could not send Carol a direct message" in host_reply(client)
    assert runner.saved[-1].result["told"] == [BOB, CAROL]  # not tried again


# -- through a question ----------------------------------------------------------------------------------------


def test_a_question_keeps_the_people_on_every_choice_and_shows_their_names():
    services, client = make_services(), slack()
    # Read now: every reading of `at 7` is then still ahead, which the click's check wants.
    run_meet(services, client, f"Sync with <@{BOB}> at 7", payload={"read_at": datetime.now(UTC).isoformat()})

    [question] = client.private_to()
    choices = [b for b in question.buttons() if b["action_id"].startswith("zoom_meet_choice_")]
    assert len(choices) >= 2
    for button in choices:
        draft = read_choice_value(button["value"], now=datetime.now(UTC))
        assert draft.invitees == (BOB,)
        assert draft.topic == "Sync with Bob"
        assert "U0BOB" not in button["text"]["text"]
    assert services.zoom.create_requests == []
    assert client.calls_to("chat_postMessage") == []


def test_a_clicked_choice_invites_the_people_it_carries():
    services, client = make_services(), slack()
    draft = read_choice_value(choice_value(meet.MeetingDraft(
        topic="Sync with Bob", start=tomorrow_at(15), duration_minutes=30, timezone="Europe/Paris",
        invitees=(BOB, DAN))), now=datetime.now(UTC))
    _, runner = run_choice(services, client, choice_value(draft))

    [(request, _)] = services.zoom.create_requests
    assert request.invitees == ("bob@example.com",)
    assert [len(dms(client, user)) for user in (BOB, DAN)] == [1, 1]
    assert runner.posted[0].invitees == (BOB, DAN)


def test_a_thread_audience_is_told_in_the_thread_and_not_put_in_zoom_invitation():
    services, client = make_services(), slack()
    audience = meet.Audience(people=tuple(meet.fetch_people(client, [BOB]).found), why=THREAD,
                             thread_ts="1699999999.000100", notices=("told Bob",))
    runner = FakeCommandRunner(client)
    job = make_job(runner, kind="meet_about_message", payload={})
    draft = meet.MeetingDraft(topic="About this", start=None, duration_minutes=60, timezone="Europe/Paris")
    meet.create_from_draft(services, job, draft, profile=meet.fetch_profile(client, USER), audience=audience,
                           resume=meet.ResumeAfterConnect("meet_about_message", job.origin))

    [(request, _)] = services.zoom.create_requests
    assert request.invitees == ()
    [public] = client.channel_posts()
    assert public.kwargs["thread_ts"] == "1699999999.000100"
    [dm] = dms(client, BOB)
    assert "a thread you took part in" in dm.rendered
    assert f"<#{CHANNEL}>" in dm.rendered
    assert "told Bob" in host_reply(client)
    assert json.loads(json.dumps(runner.saved[-1].result))["thread_ts"] == "1699999999.000100"
