"""handlers.flows.booking_link: `/zoom link`, its schedule buttons and Share in channel, every branch with fakes
(the end-to-end runs are in tests/e2e/test_e2e_booking_links.py)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from handlers.app.durable import RetryLater
from handlers.flows import booking_link
from handlers.flows.connect import ResumeAfterConnect
from handlers.flows.flow_types import BOOKING_LINK
from handlers.flows.registry import SUBCOMMANDS, all_kinds
from handlers.ui.booking_links import SHARE_ACTION, read_schedule_id, schedule_choices
from storage import NotConnected
from storage.crypto import TokenCipher
from tests.handlers.flows.fakes import (
    CHANNEL,
    EMAIL,
    USER,
    FakeCommandRunner,
    FakeSlackClient,
    FakeZoom,
    make_job,
    make_services,
    origin,
)
from zoom import (
    Schedule,
    ZoomApiError,
    ZoomMissingScopes,
    ZoomRateLimited,
    ZoomSchedulerNotEnabled,
    ZoomUnavailable,
    ZoomUser,
    ZoomUserNotFound,
)

LINK = "https://scheduler.zoom.example/d/abc123"
INTRO = Schedule("sched-intro", "Intro", 30, "https://scheduler.zoom.example/ada/intro", EMAIL)
DEEP = Schedule("sched-deep", "Deep <dive>", 60, "", EMAIL)
OFF = Schedule("sched-off", "Paused", 30, "", EMAIL, active=False)


class SchedulerZoom(FakeZoom):
    def __init__(self, schedules: list[Schedule] | None = None, errors: dict[str, Exception] | None = None):
        super().__init__()
        self.schedules = list(schedules or [])
        self.errors = dict(errors or {})
        self.user = ZoomUser(id="zu-ada", email=EMAIL)

    def _call(self, name: str, **kwargs: Any) -> None:
        self.journal.append((f"zoom.{name}", kwargs))
        if name in self.errors:
            raise self.errors[name]

    def list_schedules(self, *, user_id: str = "") -> list[Schedule]:
        self._call("list_schedules", user_id=user_id)
        return list(self.schedules)

    def create_single_use_link(self, schedule_id: str) -> str:
        self._call("create_single_use_link", schedule_id=schedule_id)
        return LINK


def run(kind: str = BOOKING_LINK, *, schedules: list[Schedule] | None = None, errors: dict | None = None,
        payload: dict | None = None, attempts: int = 1, client: FakeSlackClient | None = None, **options: Any):
    zoom = SchedulerZoom(schedules, errors)
    zoom.user_error = (errors or {}).get("get_user")
    command_origin = options.pop("command_origin", None) or origin()
    services = make_services(zoom=zoom, **options)
    services.cipher = TokenCipher([TokenCipher.generate_key()])
    client = client or FakeSlackClient()
    job = make_job(FakeCommandRunner(client), kind=kind, payload=payload or {}, attempts=attempts,
                   command_origin=command_origin)
    flow = all_kinds()[kind].run
    flow(services, job)
    return services, client


def links_made(services) -> list[str]:
    return [c["schedule_id"] for c in services.journal.of("zoom.create_single_use_link")]


def test_link_is_a_subcommand_that_resumes_after_a_connect():
    assert SUBCOMMANDS[BOOKING_LINK].reads_job
    assert ResumeAfterConnect.from_dict({"kind": BOOKING_LINK, "origin": origin().to_dict()}) is not None


def test_one_active_schedule_gets_its_link_at_once_with_share_in_channel():
    services, client = run(schedules=[INTRO, OFF])
    assert links_made(services) == ["sched-intro"]
    [answer] = client.private_to()
    assert LINK in answer.rendered
    assert "Intro (30 min)" in answer.rendered
    assert [b["action_id"] for b in answer.buttons()] == [SHARE_ACTION]
    assert services.journal.of("zoom.list_schedules") == [{"user_id": ""}]


def test_several_schedules_are_offered_as_buttons_and_nothing_is_made():
    services, client = run(schedules=[INTRO, DEEP])
    [answer] = client.private_to()
    assert [(b["value"], b["text"]["text"]) for b in answer.buttons()] == [
        ("sched-intro", "Intro (30 min)"), ("sched-deep", "Deep <dive> (1 h)")]
    assert links_made(services) == []


def test_no_active_schedule_says_how_to_create_one():
    services, client = run(schedules=[OFF])
    assert "no Zoom Scheduler schedules yet" in client.only_private_text()
    assert "*Create*" in client.only_private_text()
    assert links_made(services) == []


def test_words_after_link_are_answered_with_its_usage_and_zoom_is_not_asked():
    services, client = run(schedules=[INTRO], payload={"text": "intro please"})
    assert client.only_private_text().startswith("Usage: `/zoom link`")
    assert services.journal.of("zoom.list_schedules") == []


def test_a_choice_makes_the_link_for_the_chosen_schedule_in_place_of_the_question():
    services, client = run(booking_link.BOOKING_LINK_CHOICE, schedules=[INTRO, DEEP],
                           payload={"value": "sched-deep"})
    assert links_made(services) == ["sched-deep"]
    assert "Deep &lt;dive&gt; (1 h)" in client.private_to()[0].rendered


@pytest.mark.parametrize("value", ["sched-bobs", "sched-off", "", "x" * 300, "two words", None, 7])
def test_a_forged_or_stale_choice_makes_nothing_and_says_so(value):
    services, client = run(booking_link.BOOKING_LINK_CHOICE, schedules=[INTRO, DEEP, OFF],
                           payload={"value": value})
    assert links_made(services) == []
    assert "not one of yours" in client.only_private_text()


def test_not_connected_gets_the_connect_prompt_and_zoom_is_not_asked():
    services, client = run(schedules=[INTRO], connected=False)
    [prompt] = client.private_to()
    assert prompt.buttons()[0]["action_id"] == "zoom_connect"
    assert services.journal.of("zoom.list_schedules") == []


@pytest.mark.parametrize("call", ["list_schedules", "create_single_use_link"])
def test_a_grant_without_the_scheduler_scopes_is_offered_a_reconnect_that_resumes_the_command(call):
    missing = ZoomMissingScopes("Invalid access token, does not contain scopes:[scheduler:read:list_schedule].",
                                status=400, code=4711, scopes=("scheduler:read:list_schedule",))
    services, client = run(schedules=[INTRO], errors={call: missing})
    [prompt] = client.private_to()
    assert "Connect Zoom again" in prompt.text
    assert prompt.buttons()[0]["action_id"] == "zoom_connect"
    [state] = services.journal.of("states.create")
    assert state["resume"]["kind"] == BOOKING_LINK
    assert "4711" not in prompt.rendered


def test_in_account_mode_missing_scopes_are_the_admins_to_add():
    missing = ZoomMissingScopes("no scopes", status=400, code=4711, scopes=("scheduler:read:list_schedule:admin",))
    services, client = run(schedules=[INTRO], errors={"list_schedules": missing}, account_mode=True,
                           connected=False)
    assert "Server-to-Server app" in client.only_private_text()
    assert services.journal.of("states.create") == []


def test_account_mode_lists_the_schedules_of_the_zoom_user_with_the_slack_email():
    services, _client = run(schedules=[INTRO], account_mode=True, connected=False)
    assert services.journal.of("zoom.get_user") == [{"user_id": EMAIL}]
    assert services.journal.of("zoom.list_schedules") == [{"user_id": "zu-ada"}]
    assert services.zoom_uses == [("account",)]
    assert links_made(services) == ["sched-intro"]


def test_account_mode_without_a_zoom_user_for_the_email_says_so():
    gone = ZoomUserNotFound(f"User does not exist: {EMAIL}.", status=404, code=1001)
    _services, client = run(schedules=[INTRO], errors={"get_user": gone}, account_mode=True, connected=False)
    assert "has no Zoom user with the email" in client.only_private_text()


@pytest.mark.parametrize("call", ["list_schedules", "create_single_use_link"])
def test_no_scheduler_is_said_with_what_an_admin_can_do_never_zooms_words(call):
    off = ZoomSchedulerNotEnabled("Unauthorized", status=401, code=401)
    _services, client = run(schedules=[INTRO], errors={call: off})
    text = client.only_private_text()
    assert text.startswith("Zoom Scheduler is not enabled for your account")
    assert "Licenses and add-ons" in text
    assert "Unauthorized" not in text


def test_zoom_away_goes_back_to_the_queue_then_is_told():
    away = ZoomUnavailable("Zoom answered 503", status=503)
    with pytest.raises(RetryLater):
        run(schedules=[INTRO], errors={"list_schedules": away})
    _services, client = run(schedules=[INTRO], errors={"list_schedules": away}, attempts=3)
    assert "no booking link was made" in client.only_private_text()


def test_zoom_busy_for_long_is_worded_as_everywhere():
    busy = ZoomRateLimited("limit", retry_after=3600)
    _services, client = run(schedules=[INTRO], errors={"create_single_use_link": busy})
    assert client.only_private_text().startswith("Zoom is busy right now; no booking link was made.")


def test_another_refusal_is_worded_short_and_escaped():
    refused = ZoomApiError("conflict: <b>", status=409, code=409)
    _services, client = run(schedules=[INTRO], errors={"create_single_use_link": refused})
    assert client.only_private_text() == "Zoom refused to make the booking link (409: conflict: &lt;b&gt;)."


def test_a_grant_that_died_meanwhile_offers_a_connect():
    _services, client = run(schedules=[INTRO], errors={"list_schedules": NotConnected()})
    assert client.private_to()[0].buttons()[0]["action_id"] == "zoom_connect"


def test_from_app_home_there_is_no_channel_so_the_answer_is_a_dm_without_share():
    home = origin(channel_id="", response_url="")
    client = FakeSlackClient(failures={("chat_postEphemeral", ""): "channel_not_found"})  # as Slack answers
    _services, client = run(schedules=[INTRO], command_origin=home, client=client)
    [dm] = client.calls_to("chat_postMessage")
    assert dm.channel == USER
    assert LINK in dm.rendered
    assert SHARE_ACTION not in dm.rendered


# -- Share in channel ---------------------------------------------------------------------------------------


def share_value_from(services, client) -> str:
    [answer] = client.private_to()
    return answer.buttons()[0]["value"]


def test_share_posts_the_link_publicly_once_and_only_for_the_user_it_was_made_for():
    services, client = run(schedules=[INTRO])
    value = share_value_from(services, client)
    assert LINK not in value  # sealed
    share = make_job(FakeCommandRunner(client), kind=booking_link.BOOKING_LINK_SHARE, payload={"value": value})
    booking_link.share_booking_link(services, share)
    [post] = client.channel_posts()
    assert LINK in post.rendered
    assert f"<@{USER}>" in post.rendered

    someone_else = make_job(FakeCommandRunner(client), kind=booking_link.BOOKING_LINK_SHARE,
                            payload={"value": value}, command_origin=origin(user_id="U0OTHER"))
    booking_link.share_booking_link(services, someone_else)
    assert len(client.channel_posts()) == 1
    assert "made for someone else" in client.private_to(user="U0OTHER")[-1].rendered

    elsewhere = make_job(FakeCommandRunner(client), kind=booking_link.BOOKING_LINK_SHARE,
                         payload={"value": value}, command_origin=origin(channel_id="C0OTHER"))
    booking_link.share_booking_link(services, elsewhere)  # the user's own value, replayed in another channel
    assert client.channel_posts("C0OTHER") == []
    assert len(client.channel_posts()) == 1


@pytest.mark.parametrize("value", ["", "not-a-token", json.dumps({"team": "T", "user": USER, "url": LINK}), None])
def test_a_share_value_the_bot_did_not_seal_posts_nothing(value):
    services, client = run(schedules=[])
    share = make_job(FakeCommandRunner(client), kind=booking_link.BOOKING_LINK_SHARE, payload={"value": value})
    booking_link.share_booking_link(services, share)
    assert client.channel_posts() == []
    assert "made for someone else" in client.private_to()[-1].rendered


def test_a_conversation_the_bot_cannot_post_in_says_to_copy_the_link():
    services, client = run(schedules=[INTRO])
    value = share_value_from(services, client)
    blocked = FakeSlackClient(failures={("chat_postMessage", CHANNEL): "not_in_channel"})
    share = make_job(FakeCommandRunner(blocked), kind=booking_link.BOOKING_LINK_SHARE, payload={"value": value},
                     command_origin=origin(response_url=""))
    booking_link.share_booking_link(services, share)
    assert "cannot post in this conversation" in blocked.private_to()[-1].rendered


def test_the_choice_buttons_fit_slacks_limits_and_read_back_only_ids():
    many = [Schedule(f"id-{n}", "A very long schedule name " * 5, 30) for n in range(30)]
    message = schedule_choices(many)
    buttons = [e for b in message.blocks if b["type"] == "actions" for e in b["elements"]]
    assert len(buttons) == 25
    assert all(len(b["text"]["text"]) <= 75 for b in buttons)
    assert len({b["action_id"] for b in buttons}) == 25
    assert "The first 25 of 30" in message.blocks[0]["text"]["text"]
    assert read_schedule_id("id-3") == "id-3"
    assert read_schedule_id("id\n3") is None
