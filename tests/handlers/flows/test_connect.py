"""handlers.flows.connect: `/zoom connect`, the connect link, and finishing a connect after Zoom's callback."""

from __future__ import annotations

import base64
import hashlib

import pytest

from handlers.flows import connect
from handlers.flows.account_mode import ACCOUNT_MODE_NOTE
from handlers.flows.connect import ResumeAfterConnect, finish_connect_command, ticket_key
from storage import LeaseLost, SlackUserKey
from storage.crypto import digest
from tests.handlers.flows.fakes import (
    KEY,
    FakeCommandRunner,
    FakeSlackClient,
    FakeZoom,
    connection,
    make_job,
    make_services,
    origin,
    tokens,
)
from zoom import ZoomApiError, ZoomBadResponse, ZoomUnavailable, ZoomUser

REDIRECT = "https://bot.example/zoom/oauth/callback"


def s256(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


# -- /zoom connect ----------------------------------------------------------------------------------------


def test_account_mode_answers_the_note_and_touches_no_store():
    services, client = make_services(account_mode=True), FakeSlackClient()
    connect.connect(services, client, origin())

    assert client.only_private_text() == ACCOUNT_MODE_NOTE
    assert services.journal == []


def test_not_connected_gets_a_fresh_link():
    services, client = make_services(connected=False), FakeSlackClient()
    connect.connect(services, client, origin())

    [prompt] = client.private_to()
    assert "Connect your Zoom account so `/zoom` can create meetings as you." in prompt.text
    assert services.journal.names() == ["connections.get", "states.create", "zoom_oauth.authorize_url"]
    [state] = services.journal.of("states.create")
    assert state["key"] == KEY
    assert state["resume"] is None
    [authorize] = services.journal.of("zoom_oauth.authorize_url")
    assert authorize == {"redirect_uri": REDIRECT, "state": state["state"],
                         "code_challenge": s256(state["code_verifier"])}
    [button] = prompt.buttons()
    assert button["url"] == f"https://zoom.example/oauth/authorize?state={state['state']}"


def test_each_link_has_its_own_state_and_verifier():
    services, client = make_services(connected=False), FakeSlackClient()
    connect.connect(services, client, origin())
    connect.connect(services, client, origin())

    first, second = services.journal.of("states.create")
    assert first["state"] != second["state"]
    assert first["code_verifier"] != second["code_verifier"]


def test_connected_user_is_told_who_they_are_connected_as_escaped():
    services, client = make_services(), FakeSlackClient()
    services.connections.connected[KEY] = connection(email="<!here>&co@zoom.example")
    connect.connect(services, client, origin())

    [prompt] = client.private_to()
    assert "You are connected as *&lt;!here&gt;&amp;co@zoom.example*" in prompt.text
    assert "<!here>" not in prompt.rendered
    assert "To connect another Zoom account, use this link." in prompt.text
    assert len(prompt.buttons()) == 1


# -- the resume a connect carries ---------------------------------------------------------------------------


def test_a_resume_survives_its_dict():
    resume = ResumeAfterConnect("meet", origin(), text="Sync 3pm", read_at="2026-01-01T10:00:00+00:00")
    assert ResumeAfterConnect.from_dict(resume.to_dict()) == resume
    assert resume.command_payload() == {"origin": origin().to_dict(), "text": "Sync 3pm",
                                        "read_at": "2026-01-01T10:00:00+00:00", "resumed": True}


@pytest.mark.parametrize("data", [None, "meet", {}, {"kind": "status", "origin": {}}, {"kind": "revoke_grant"}])
def test_only_meeting_commands_are_resumed(data):
    assert ResumeAfterConnect.from_dict(data) is None


# -- finishing the connect ----------------------------------------------------------------------------------


def run_finish(services, client=None, *, resume=None, step="received", lease_lost_at=()):
    client = client or FakeSlackClient()
    runner = FakeCommandRunner(client, lease_lost_at=lease_lost_at)
    command = finish_connect_command(KEY, code="the-code", code_verifier="the-verifier", resume=resume,
                                     ticket="the-ticket")
    assert command.dedupe_key == ticket_key("the-ticket")
    job = make_job(runner, kind=command.kind, payload=command.payload, step=step)
    connect.finish_connect(services, job)
    return job, runner


def test_finish_connect_exchanges_the_code_and_saves_the_connection():
    me = ZoomUser(id="zu-new", email="ada@zoom.example", account_id="acct-9")
    services = make_services(connected=False, zoom=FakeZoom(me=me))
    job, runner = run_finish(services)

    assert services.journal.names() == ["zoom_oauth.exchange_code", "zoom.me", "connections.save"]
    assert services.journal.of("zoom_oauth.exchange_code") == [
        {"code": "the-code", "redirect_uri": REDIRECT, "code_verifier": "the-verifier"}]
    assert services.zoom_uses == [("token", tokens().access_token)]
    [saved] = services.journal.of("connections.save")
    assert saved == {"key": KEY, "zoom_user_id": "zu-new", "zoom_email": "ada@zoom.example",
                     "zoom_account_id": "acct-9", "tokens": tokens()}
    assert runner.steps == ["exchanged", "connected"]
    assert job.result == {"page": "connected", "email": "ada@zoom.example", "team_id": KEY.team_id,
                          "resumed": False}
    assert services.runner.submitted == []


def test_finish_connect_resumes_the_interrupted_command_once():
    services = make_services(connected=False)
    resume = ResumeAfterConnect("meet", origin(), text="Sync 3pm").to_dict()
    job, _ = run_finish(services, resume=resume)

    [command] = services.runner.submitted
    assert command.kind == "meet"
    assert command.owner == KEY
    assert command.channel_id == origin().channel_id
    assert command.payload == {"origin": origin().to_dict(), "text": "Sync 3pm", "resumed": True}
    assert command.dedupe_key == digest(f"resume:{job.id}")
    assert job.result["resumed"] is True


def test_a_finish_that_already_connected_only_resumes():
    services = make_services(connected=False)
    resume = ResumeAfterConnect("meet_choice", origin(), value="{}").to_dict()
    _, runner = run_finish(services, resume=resume, step="connected")

    assert services.journal.names() == ["runner.submit"]
    assert runner.saved == []
    assert [c.kind for c in services.runner.submitted] == ["meet_choice"]


@pytest.mark.parametrize(("error", "title"), [
    (ZoomUnavailable("timed out"), "Zoom did not answer"),
    (ZoomBadResponse("no refresh token", status=200), "Zoom's answer could not be read"),
])
def test_zoom_unreachable_during_the_exchange_connects_nothing(error, title):
    services = make_services(connected=False, exchange_error=error)
    job, runner = run_finish(services, resume=ResumeAfterConnect("meet", origin(), text="x").to_dict())

    assert job.result["page"] == "error"
    assert job.result["status"] == 502
    assert job.result["title"] == title
    assert job.result["text"].endswith(", so nothing was connected.")
    assert services.journal.of("connections.save") == []
    assert services.runner.submitted == []
    assert runner.saved == []


def test_zoom_refusing_the_code_connects_nothing():
    services = make_services(connected=False, exchange_error=ZoomApiError("invalid_grant", status=400))
    job, runner = run_finish(services)

    assert job.result == {"page": "error", "status": 400, "title": "Zoom did not accept this sign-in",
                          "text": "The authorization code was refused (it may have been used already)."}
    assert services.journal.of("connections.save") == []
    assert runner.saved == []


def test_zoom_failing_to_say_who_connected_connects_nothing():
    services = make_services(connected=False, zoom=FakeZoom(me_error=ZoomUnavailable("503")))
    job, _ = run_finish(services)

    assert job.result["status"] == 502
    assert services.journal.of("connections.save") == []


def test_a_workspace_gone_meanwhile_revokes_the_new_grant_and_saves_nothing():
    services = make_services(connected=False)
    with pytest.raises(LeaseLost):
        run_finish(services, lease_lost_at=("exchanged",))

    assert services.journal.names() == ["zoom_oauth.exchange_code", "zoom.me", "zoom_oauth.revoke_grant"]
    assert services.journal.of("zoom_oauth.revoke_grant") == [{"grant": tokens()}]


def test_a_connect_given_up_shows_an_error_page():
    services, client = make_services(connected=False), FakeSlackClient()
    job = make_job(FakeCommandRunner(client), kind="finish_connect", payload={"key": vars(SlackUserKey("T", "U"))})
    connect.connect_given_up(services, job, "something went wrong on my side")

    assert job.result == {"page": "error", "status": 500, "title": "Something went wrong",
                          "text": "The bot could not finish connecting Zoom."}
    assert client.calls == []
