"""handlers.flows.meet: every branch of `/zoom meet` after the ack, with a fake Slack client and fake Zoom."""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from handlers.app.durable import RetryLater
from handlers.flows import meet
from handlers.flows.meet import (
    GAVE_UP_CREATING,
    NO_ZONE_NOW,
    REPEAT_WINDOW,
    UTC_NOTICE,
    ZOOM_CALL_LIMIT,
    AnnouncedMeeting,
)
from handlers.language import MeetingDraft
from handlers.ui.choice_values import choice_value, read_choice_value
from handlers.ui.messages import HostSecrets, MeetingSummary
from storage.commands import DONE, PENDING
from storage.meetings import MeetingRecord
from tests.handlers.flows.fakes import (
    CHANNEL,
    EMAIL,
    JOIN_URL,
    KEY,
    MEETING_ID,
    PASSCODE,
    START_URL,
    USER,
    FakeCommandRunner,
    FakeSlackClient,
    FakeZoom,
    default_profile,
    make_job,
    make_services,
    meeting,
    origin,
    reading_moment,
    stored_command,
)
from zoom import (
    ZoomApiError,
    ZoomBadResponse,
    ZoomGrantRevoked,
    ZoomRateLimited,
    ZoomUnavailable,
    ZoomUserNotFound,
)

TIMED = "Design review tomorrow 3pm"
PARIS = ZoneInfo("Europe/Paris")


def read_now() -> dict[str, str]:
    """`at 7` read at this moment: each of its readings is then still ahead, as a click on one checks."""
    return {"read_at": datetime.now(UTC).isoformat()}


def run_meet(services, client, text: str = TIMED, **job_fields):
    runner = FakeCommandRunner(client)
    job = make_job(runner, kind="meet", payload={"text": text, **job_fields.pop("payload", {})}, **job_fields)
    meet.schedule_meeting(services, job)
    return job, runner


def assert_nothing_created(services, client, runner) -> None:
    """No meeting at Zoom's end made it into a step, the meeting log, or the channel."""
    assert not [step for step in runner.steps if step in ("created", "posted")]
    assert runner.posted == []
    assert client.channel_posts() == []


def tomorrow_at(hour: int, zone: ZoneInfo = PARIS, *, now: datetime | None = None) -> datetime:
    """`tomorrow <hour>` as the reader sees it at `now` (a job's read_at; the tests' reading moment by default)."""
    today = (now or reading_moment()).astimezone(zone)
    return (today + timedelta(days=1)).replace(hour=hour, minute=0, second=0, microsecond=0)


# -- reading the text -------------------------------------------------------------------------------------


def test_a_refusal_answers_privately_and_creates_nothing():
    services, client = make_services(), FakeSlackClient()
    job, runner = run_meet(services, client, "Design review yesterday 3pm")

    text = client.only_private_text()
    assert "`yesterday 3pm` is in the past" in text
    assert job.result == {"answered": "refusal"}
    assert services.zoom_uses == []
    assert services.zoom.create_requests == []
    assert runner.saved == []


def test_a_refusal_quoting_markup_is_escaped():
    services, client = make_services(), FakeSlackClient()
    run_meet(services, client, "\u200b")  # only an invisible character: the usage, which has <topic> in it

    text = client.only_private_text()
    assert "&lt;topic&gt;" in text
    assert "<topic>" not in text
    assert services.zoom.create_requests == []


def test_a_question_answers_with_buttons_and_creates_nothing():
    services, client = make_services(), FakeSlackClient()
    job, runner = run_meet(services, client, "Sync at 7", payload=read_now())

    [question] = client.private_to()
    assert "in the morning or in the evening" in question.text
    buttons = question.buttons()
    choices = [b for b in buttons if b["action_id"].startswith("zoom_meet_choice_")]
    assert len(choices) >= 2
    readings = [read_choice_value(b["value"], now=datetime.now(UTC)) for b in choices]
    assert {r.start.astimezone(PARIS).hour for r in readings} >= {7, 19}
    assert buttons[-1]["action_id"] == "zoom_meet_edit"
    assert buttons[-1]["value"] == "Sync at 7"
    assert job.result == {"answered": "question"}
    assert services.zoom_uses == []
    assert_nothing_created(services, client, runner)
    assert runner.saved == []


def test_a_question_for_a_user_without_a_known_zone_carries_the_utc_notice_into_its_choices():
    services, client = make_services(), FakeSlackClient(profile=default_profile(tz=""))
    run_meet(services, client, "Sync at 7", payload=read_now())

    [question] = client.private_to()
    choices = [b for b in question.buttons() if b["action_id"].startswith("zoom_meet_choice_")]
    assert choices
    for button in choices:
        reading = read_choice_value(button["value"], now=datetime.now(UTC))
        assert reading.timezone == "UTC"
        assert UTC_NOTICE in reading.notices


# -- success ----------------------------------------------------------------------------------------------


def test_success_posts_the_join_url_in_the_channel_and_the_host_secrets_privately():
    services, client = make_services(), FakeSlackClient()
    job, runner = run_meet(services, client)

    [(request, host)] = services.zoom.create_requests
    assert host == "me"
    assert services.zoom_uses == [("user", KEY)]
    assert request.topic == "Design review"
    assert request.start == tomorrow_at(15, now=job.read_at)
    assert request.timezone == "Europe/Paris"
    assert request.duration_minutes == services.settings.default_duration_minutes
    assert job.marker in request.agenda

    [public] = client.channel_posts()
    assert JOIN_URL in public.rendered
    assert "Design review" in public.text
    for secret in (START_URL, PASSCODE, "zak="):
        assert secret not in public.rendered
    assert public.kwargs["unfurl_links"] is False

    [private] = client.private_to()
    assert private.method == "chat_postEphemeral"
    assert START_URL in private.rendered
    assert PASSCODE in private.rendered
    assert client.calls.index(public) < client.calls.index(private)
    # The host's secrets go nowhere else.
    assert [c for c in client.calls if START_URL in c.rendered or PASSCODE in c.rendered] == [private]

    assert runner.steps == ["creating", "created", "posted"]
    assert runner.saved[1].zoom_meeting_id == MEETING_ID
    assert runner.posted == [MeetingRecord(
        zoom_meeting_id=MEETING_ID, owner=KEY, topic="Design review", start_time=request.start,
        duration_minutes=request.duration_minutes, timezone="Europe/Paris", channel_id=CHANNEL,
        message_ts="1700000000.000001", join_url=JOIN_URL)]


def test_plain_zoom_creates_an_instant_meeting_named_after_the_user():
    services, client = make_services(), FakeSlackClient()
    run_meet(services, client, "")

    [(request, _)] = services.zoom.create_requests
    assert request.start is None
    assert request.topic == "Ada's Zoom meeting"
    [public] = client.channel_posts()
    assert "starting now" in public.text


def test_account_mode_creates_the_meeting_for_the_zoom_user_with_the_slack_email():
    services, client = make_services(account_mode=True, connected=False), FakeSlackClient()
    _, runner = run_meet(services, client)

    assert services.zoom_uses == [("account",)]
    [(_, host)] = services.zoom.create_requests
    assert host == EMAIL
    assert runner.steps == ["creating", "created", "posted"]
    assert len(client.channel_posts()) == 1


# -- Zoom's errors ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("error", "attempts", "received_ago", "expected"), [
    pytest.param(ZoomRateLimited("daily limit", retry_after=3600), 1, 0,
                 "Zoom is busy right now; nothing was created. Please try again in 60 minutes.", id="rate-long"),
    pytest.param(ZoomRateLimited("per second", retry_after=5), 1, 31,
                 "Zoom is busy right now; nothing was created. Please try again in 5 seconds.", id="rate-stale"),
    pytest.param(ZoomBadResponse("no join_url", status=201), 1, 0,
                 "Zoom answered in a way I could not read, so I cannot share the meeting. Check your Zoom calendar",
                 id="bad-response"),
    pytest.param(ZoomUnavailable("timed out"), 4, 0,
                 "Zoom did not answer in time. If your Zoom calendar does not show the meeting in a minute",
                 id="unavailable-last-attempt"),
    pytest.param(ZoomUnavailable("timed out"), 1, 31, "Zoom did not answer in time.", id="unavailable-stale"),
    pytest.param(ZoomGrantRevoked("invalid_grant", status=400), 1, 0,
                 "Zoom refused to create the meeting (400: invalid_grant). Nothing was created.", id="revoked"),
    pytest.param(ZoomApiError("Invalid field.", status=400, code=300), 1, 0,
                 "Zoom refused to create the meeting (400: Invalid field.). Nothing was created.", id="refused"),
])
def test_a_zoom_error_answers_privately_and_records_no_meeting(error, attempts, received_ago, expected):
    services, client = make_services(zoom=FakeZoom(create_error=error)), FakeSlackClient()
    received_at = datetime.now(UTC) - timedelta(minutes=received_ago)
    _, runner = run_meet(services, client, attempts=attempts, received_at=received_at)

    assert expected in client.only_private_text()
    assert len(services.zoom.create_requests) == 1
    assert runner.steps == ["creating"]
    assert_nothing_created(services, client, runner)


def test_a_hostile_reason_from_zoom_is_shown_escaped():
    error = ZoomApiError("<!channel> <https://evil.example|click> & co", status=400, code=300)
    services, client = make_services(zoom=FakeZoom(create_error=error)), FakeSlackClient()
    _, runner = run_meet(services, client)

    [answer] = client.private_to()
    assert ("Zoom refused to create the meeting (400: &lt;!channel&gt; &lt;https://evil.example|click&gt; &amp; co)"
            in answer.text)
    assert "<!channel>" not in answer.rendered
    assert "<https://evil.example" not in answer.rendered
    assert_nothing_created(services, client, runner)


def test_zoom_user_not_found_names_the_slack_email():
    zoom = FakeZoom(create_error=ZoomUserNotFound("User does not exist", status=404, code=1001))
    services, client = make_services(account_mode=True, connected=False, zoom=zoom), FakeSlackClient()
    _, runner = run_meet(services, client)

    text = client.only_private_text()
    assert f"has no Zoom user with the email `{EMAIL}`" in text
    assert "Ask your Zoom admin to add you" in text
    assert_nothing_created(services, client, runner)


def test_zoom_user_not_found_without_an_email_asks_for_the_permission_and_never_calls_zoom():
    profile = default_profile(profile={"display_name": "Ada"})  # Slack shares no email with the app
    services, client = make_services(account_mode=True, connected=False), FakeSlackClient(profile=profile)
    _, runner = run_meet(services, client)

    text = client.only_private_text()
    assert "Slack did not share your email with this app" in text
    assert "`users:read.email`" in text
    assert services.zoom.create_requests == []
    assert runner.saved == []


@pytest.mark.parametrize("retry_after", [0.5, 5, 30])
def test_a_short_rate_limit_is_waited_out(retry_after):
    zoom = FakeZoom(create_error=ZoomRateLimited("per second", retry_after=retry_after))
    services, client = make_services(zoom=zoom), FakeSlackClient()
    runner = FakeCommandRunner(client)
    job = make_job(runner, payload={"text": TIMED})

    with pytest.raises(RetryLater) as raised:
        meet.schedule_meeting(services, job)

    assert raised.value.seconds == retry_after
    assert client.private_to() == []
    assert runner.steps == ["creating"]  # the next attempt looks for the meeting before asking again
    assert_nothing_created(services, client, runner)


@pytest.mark.parametrize("attempts", [1, 2, 3])
def test_zoom_unavailable_with_attempts_left_is_retried(attempts):
    services, client = make_services(zoom=FakeZoom(create_error=ZoomUnavailable("503"))), FakeSlackClient()
    runner = FakeCommandRunner(client)
    job = make_job(runner, payload={"text": TIMED}, attempts=attempts)

    with pytest.raises(RetryLater) as raised:
        meet.schedule_meeting(services, job)

    assert raised.value.seconds == 2.0 * attempts
    assert client.private_to() == []
    assert_nothing_created(services, client, runner)


def test_a_bad_response_is_answered_at_once_even_with_attempts_left():
    # ZoomBadResponse is a ZoomUnavailable, but Zoom did answer: retrying could make a second meeting.
    services, client = make_services(zoom=FakeZoom(create_error=ZoomBadResponse("?"))), FakeSlackClient()
    _, runner = run_meet(services, client, attempts=1)

    assert "Check your Zoom calendar" in client.only_private_text()
    assert_nothing_created(services, client, runner)


def test_not_connected_prompts_to_connect_with_a_resume():
    services, client = make_services(connected=False), FakeSlackClient()
    job, runner = run_meet(services, client)

    [prompt] = client.private_to()
    assert "it will be created as soon as you do" in prompt.text
    [state] = services.journal.of("states.create")
    assert state["key"] == KEY
    assert state["resume"] == {"kind": "meet", "origin": origin().to_dict(), "text": TIMED,
                               "read_at": job.read_at.isoformat()}
    [button] = prompt.buttons()
    assert button["url"] == f"https://zoom.example/oauth/authorize?state={state['state']}"
    [authorize] = services.journal.of("zoom_oauth.authorize_url")
    assert authorize["redirect_uri"] == "https://bot.example/zoom/oauth/callback"
    challenge = base64.urlsafe_b64encode(hashlib.sha256(state["code_verifier"].encode()).digest()).rstrip(b"=")
    assert authorize["code_challenge"] == challenge.decode()
    assert services.zoom.create_requests == []
    assert runner.saved == []


# -- what Slack could not tell -----------------------------------------------------------------------------


def test_users_info_rate_limited_for_a_timed_meeting_says_try_again_and_creates_nothing():
    services, client = make_services(), FakeSlackClient(users_info_error="ratelimited")
    _, runner = run_meet(services, client)

    assert client.only_private_text() == NO_ZONE_NOW
    assert "try again in a minute" in NO_ZONE_NOW
    assert services.zoom_uses == []
    assert runner.saved == []


def test_users_info_rate_limited_in_account_mode_stops_even_an_instant_meeting():
    services = make_services(account_mode=True, connected=False)
    client = FakeSlackClient(users_info_error="ratelimited")
    _, runner = run_meet(services, client, "")

    assert client.only_private_text() == NO_ZONE_NOW
    assert services.zoom_uses == []
    assert runner.saved == []


def test_users_info_rate_limited_for_an_instant_meeting_in_user_mode_creates_it_in_utc():
    services, client = make_services(), FakeSlackClient(users_info_error="ratelimited")
    _, runner = run_meet(services, client, "")

    [(request, _)] = services.zoom.create_requests
    assert request.start is None
    assert request.timezone == "UTC"
    assert runner.steps == ["creating", "created", "posted"]
    [private] = client.private_to()
    assert UTC_NOTICE in private.text or UTC_NOTICE in private.rendered


def test_a_user_slack_cannot_describe_gets_utc_with_a_notice():
    services, client = make_services(), FakeSlackClient(users_info_error="user_not_found")
    job, _ = run_meet(services, client)

    [(request, _)] = services.zoom.create_requests
    assert request.timezone == "UTC"
    assert request.start == tomorrow_at(15, ZoneInfo("UTC"), now=job.read_at)
    [private] = client.private_to()
    assert UTC_NOTICE in private.rendered


# -- resuming after a crash -------------------------------------------------------------------------------


def announced_result(**summary) -> dict:
    fields = {"topic": "Design review", "start": tomorrow_at(15), "duration_minutes": 45,
              "timezone": "Europe/Paris", "join_url": JOIN_URL, "host_user_id": USER, "meeting_id": MEETING_ID,
              **summary}
    return AnnouncedMeeting(summary=MeetingSummary(**fields), host=HostSecrets(START_URL, PASSCODE),
                            notices=("a notice",)).to_result()


def test_announced_meeting_survives_the_row():
    result = announced_result()
    assert AnnouncedMeeting.from_result(result).to_result() == result


def test_a_job_at_created_posts_without_creating():
    services, client = make_services(), FakeSlackClient()
    _, runner = run_meet(services, client, step="created", result=announced_result())

    assert services.zoom_uses == []
    assert client.calls_to("users_info") == []
    [public] = client.channel_posts()
    assert JOIN_URL in public.rendered
    assert START_URL not in public.rendered
    assert PASSCODE not in public.rendered
    [private] = client.private_to()
    assert START_URL in private.rendered
    assert "a notice" in private.text or "a notice" in private.rendered
    assert runner.steps == ["posted"]
    assert [(p.zoom_meeting_id, p.duration_minutes, p.channel_id) for p in runner.posted] == [
        (MEETING_ID, 45, CHANNEL)]


def test_a_job_at_posted_only_tells_the_host():
    services, client = make_services(), FakeSlackClient()
    _, runner = run_meet(services, client, step="posted", result=announced_result())

    assert services.zoom_uses == []
    assert client.channel_posts() == []
    [private] = client.private_to()
    assert START_URL in private.rendered
    assert PASSCODE in private.rendered
    assert runner.saved == []


def test_a_clicked_choice_at_created_posts_without_creating():
    services, client = make_services(), FakeSlackClient()
    runner = FakeCommandRunner(client)
    job = make_job(runner, kind="meet_choice", payload={"value": "ignored"}, step="created",
                   result=announced_result())
    meet.schedule_choice(services, job)

    assert services.zoom_uses == []
    assert len(client.channel_posts()) == 1
    assert runner.steps == ["posted"]


def test_a_create_that_may_still_be_in_flight_is_waited_for():
    services, client = make_services(), FakeSlackClient()
    runner = FakeCommandRunner(client)
    job = make_job(runner, payload={"text": TIMED}, step="creating", attempts=2, step_at=datetime.now(UTC))

    with pytest.raises(RetryLater) as raised:
        meet.schedule_meeting(services, job)

    assert 0 < raised.value.seconds <= ZOOM_CALL_LIMIT.total_seconds()
    assert services.journal.of("zoom.find_meeting_by_marker") == []
    assert services.zoom.create_requests == []
    assert client.private_to() == []


def test_a_create_found_at_zoom_after_a_crash_is_announced_not_created_again():
    found = meeting(topic="Design review", start_time=tomorrow_at(15))
    services, client = make_services(zoom=FakeZoom(found=found)), FakeSlackClient()
    long_ago = datetime.now(UTC) - timedelta(minutes=2)
    job, runner = run_meet(services, client, step="creating", attempts=2, step_at=long_ago)

    assert services.journal.of("zoom.find_meeting_by_marker") == [{"marker": job.marker, "user_id": "me"}]
    assert services.zoom.create_requests == []
    assert runner.steps == ["created", "posted"]
    [public] = client.channel_posts()
    assert JOIN_URL in public.rendered


def test_a_create_not_found_at_zoom_after_a_crash_is_made_now():
    services, client = make_services(zoom=FakeZoom(found=None)), FakeSlackClient()
    long_ago = datetime.now(UTC) - timedelta(minutes=2)
    _, runner = run_meet(services, client, step="creating", attempts=2, step_at=long_ago)

    assert services.journal.names() == ["connections.get", "zoom.find_meeting_by_marker", "zoom.create_meeting"]
    assert runner.steps == ["creating", "created", "posted"]


def test_a_stale_create_not_found_is_not_made_late():
    services, client = make_services(zoom=FakeZoom(found=None)), FakeSlackClient()
    long_ago = datetime.now(UTC) - timedelta(minutes=31)
    _, runner = run_meet(services, client, step="creating", attempts=3, received_at=long_ago)

    assert client.only_private_text() == GAVE_UP_CREATING
    assert services.zoom.create_requests == []
    assert runner.saved == []


def test_zoom_unavailable_while_looking_for_an_earlier_create_is_retried():
    services = make_services(zoom=FakeZoom(find_error=ZoomUnavailable("503")))
    client = FakeSlackClient()
    runner = FakeCommandRunner(client)
    long_ago = datetime.now(UTC) - timedelta(minutes=2)
    job = make_job(runner, payload={"text": TIMED}, step="creating", attempts=2, step_at=long_ago)

    with pytest.raises(RetryLater):
        meet.schedule_meeting(services, job)
    assert services.zoom.create_requests == []


# -- announcing -------------------------------------------------------------------------------------------


def test_a_channel_the_bot_cannot_post_in_leaves_the_link_with_the_host():
    services = make_services()
    client = FakeSlackClient(failures={("chat_postMessage", CHANNEL): "not_in_channel"})
    _, runner = run_meet(services, client)

    assert len(client.channel_posts()) == 1  # tried, refused
    [private] = client.private_to()
    assert f"so share the join link yourself: {JOIN_URL}" in private.rendered
    assert runner.steps == ["creating", "created", "posted"]
    [record] = runner.posted
    assert (record.channel_id, record.message_ts) == (CHANNEL, "")


def test_slack_rate_limiting_the_announcement_is_retried_from_created():
    services = make_services()
    client = FakeSlackClient(failures={("chat_postMessage", CHANNEL): "ratelimited"})
    runner = FakeCommandRunner(client)
    job = make_job(runner, payload={"text": TIMED}, attempts=2)

    with pytest.raises(RetryLater) as raised:
        meet.schedule_meeting(services, job)

    assert raised.value.seconds == 6.0
    assert runner.steps == ["creating", "created"]
    assert job.step == "created"
    assert client.private_to() == []  # the host hears once the channel has it


def test_the_private_answer_falls_back_to_a_direct_message():
    services = make_services()
    client = FakeSlackClient(failures={"chat_postEphemeral": "channel_not_found"})
    run_meet(services, client, "Design review yesterday 3pm")

    [ephemeral] = client.calls_to("chat_postEphemeral")
    [direct] = client.channel_posts(USER)
    assert "is in the past" in direct.text
    assert ephemeral.text == direct.text


# -- Enter pressed twice ----------------------------------------------------------------------------------


def first_command(state: str = DONE, result: dict | None = None):
    return stored_command(command_id=6, state=state, result=result, payload={"text": TIMED})


def test_a_repeat_waits_for_the_first_command_still_pending():
    services, client = make_services(first=first_command(PENDING)), FakeSlackClient()
    runner = FakeCommandRunner(client)
    job = make_job(runner, payload={"text": TIMED}, repeat_key="rk")

    with pytest.raises(RetryLater) as raised:
        meet.schedule_meeting(services, job)

    assert raised.value.seconds == 1.0
    assert services.journal.of("commands.earlier_repeat") == [
        {"command_id": 7, "repeat_key": "rk", "window": REPEAT_WINDOW}]
    assert client.calls == []


def test_a_repeat_points_at_the_first_meeting():
    first = first_command(result={"join_url": JOIN_URL, "topic": "<b>Plan</b>"})
    services, client = make_services(first=first), FakeSlackClient()
    _, runner = run_meet(services, client, repeat_key="rk")

    text = client.only_private_text()
    assert "You sent the same `/zoom meet` twice within a minute, so I made one meeting" in text
    assert f"*&lt;b&gt;Plan&lt;/b&gt;* <{JOIN_URL}|Join>" in text
    assert services.zoom_uses == []
    assert client.calls_to("users_info") == []
    assert runner.saved == []


def test_a_repeat_of_an_answered_command_says_the_answer_stands():
    services, client = make_services(first=first_command(result={"answered": "refusal"})), FakeSlackClient()
    run_meet(services, client, repeat_key="rk")

    assert "my answer to the first one stands" in client.only_private_text()
    assert services.zoom_uses == []


@pytest.mark.parametrize("result", [None, {}])
def test_a_repeat_of_a_command_that_made_nothing_is_a_retry(result):
    services, client = make_services(first=first_command(result=result)), FakeSlackClient()
    _, runner = run_meet(services, client, repeat_key="rk")

    assert len(services.zoom.create_requests) == 1
    assert runner.steps == ["creating", "created", "posted"]


def test_without_a_repeat_key_no_earlier_command_is_looked_for():
    services, client = make_services(first=first_command(PENDING)), FakeSlackClient()
    run_meet(services, client)

    assert services.journal.of("commands.earlier_repeat") == []
    assert len(services.zoom.create_requests) == 1


# -- clicked choices and the Edit button ------------------------------------------------------------------


def a_choice() -> str:
    return choice_value(MeetingDraft(topic="Sync", start=tomorrow_at(19), duration_minutes=30,
                                     timezone="Europe/Paris"))


def run_choice(services, client, value, **payload):
    runner = FakeCommandRunner(client)
    job = make_job(runner, kind="meet_choice", payload={"value": value, **payload})
    meet.schedule_choice(services, job)
    return job, runner


def test_a_clicked_choice_says_creating_then_creates_it():
    services, client = make_services(), FakeSlackClient()
    job, runner = run_choice(services, client, a_choice())

    [(request, _)] = services.zoom.create_requests
    assert (request.topic, request.start, request.duration_minutes) == ("Sync", tomorrow_at(19), 30)
    creating, confirmation = client.private_to()
    assert "Creating *Sync*" in creating.text
    assert START_URL in confirmation.rendered
    assert client.calls.index(creating) < client.calls.index(client.channel_posts()[0])
    assert runner.steps == ["creating", "created", "posted"]
    assert job.release_dedupe is False


def test_a_choice_resumed_after_connect_skips_creating_message():
    services, client = make_services(), FakeSlackClient()
    run_choice(services, client, a_choice(), resumed=True)

    [confirmation] = client.private_to()
    assert "Creating" not in confirmation.text
    assert START_URL in confirmation.rendered


def test_an_unreadable_choice_creates_nothing_and_frees_the_buttons():
    services, client = make_services(), FakeSlackClient()
    job, runner = run_choice(services, client, '{"v":1,"t":"Sync"')

    assert "Nothing was created" in client.only_private_text()
    assert job.release_dedupe is True
    assert client.calls_to("users_info") == []
    assert services.zoom_uses == []
    assert runner.saved == []


def test_a_choice_without_an_email_in_account_mode_asks_to_click_again():
    services = make_services(account_mode=True, connected=False)
    client = FakeSlackClient(users_info_error="ratelimited")
    job, runner = run_choice(services, client, a_choice())

    assert "Please click again in a minute" in client.only_private_text()
    assert job.release_dedupe is True
    assert services.zoom_uses == []
    assert runner.saved == []


def test_a_choice_while_not_connected_resumes_the_click_after_connecting():
    services, client = make_services(connected=False), FakeSlackClient()
    value = a_choice()
    run_choice(services, client, value)

    [state] = services.journal.of("states.create")
    assert state["resume"] == {"kind": "meet_choice", "origin": origin().to_dict(), "value": value}
    creating, prompt = client.private_to()
    assert "Creating" in creating.text
    assert "Connect your Zoom account to schedule this meeting" in prompt.text
    assert services.zoom.create_requests == []
