"""ZoomApi's Zoom Scheduler calls: `list_schedules` (every page) and `create_single_use_link`, against the Zoom
emulator over a socket, and how Zoom's refusals are typed: a missing scope (4711, with the scopes it names),
no Scheduler for the user (see zoom.api.scheduler_refusal for what is assumed), and everything else as before."""

from __future__ import annotations

import pytest
import requests

from handlers.demo.emulators import ZoomEmulator
from zoom import (
    Schedule,
    ZoomApi,
    ZoomApiError,
    ZoomBadResponse,
    ZoomInvalidToken,
    ZoomMissingScopes,
    ZoomRateLimited,
    ZoomSchedulerNotEnabled,
    ZoomUnavailable,
    ZoomUserNotFound,
)
from zoom.api import missing_scopes, scheduler_refusal

ALICE, BOB = "alice@example.com", "bob@example.com"


class FixedToken:
    def __init__(self, token: str):
        self.token = token

    def access_token(self) -> str:
        return self.token

    def refresh_after_rejection(self, rejected_token: str) -> str:
        return self.token


@pytest.fixture
def zoom():
    with ZoomEmulator(s2s_client_id="s2s", s2s_client_secret="s2s-secret") as emulator:
        emulator.add_user(ALICE)
        emulator.add_user(BOB)
        yield emulator
        assert emulator.internal_errors == []


def api_for(zoom: ZoomEmulator, email: str) -> ZoomApi:
    return ZoomApi(zoom.api_url, FixedToken(zoom.issue_tokens_for(email)["access_token"]), sleep=lambda _: None)


def test_every_page_of_the_users_schedules_is_read_into_typed_values(zoom):
    zoom.schedules_max_page_size = 2
    made = [zoom.add_schedule(ALICE, f"Call {n}", duration=15 * (n + 1)) for n in range(5)]
    zoom.add_schedule(BOB, "Not Alice's")
    schedules = api_for(zoom, ALICE).list_schedules()
    assert [s.schedule_id for s in schedules] == [m.schedule_id for m in made]
    assert schedules[1] == Schedule(schedule_id=made[1].schedule_id, summary="Call 1", duration_minutes=30,
                                    scheduling_url=schedules[1].scheduling_url, owner_email=ALICE, active=True)
    assert schedules[1].scheduling_url.startswith("https://")


def test_a_single_use_link_comes_back_as_zoom_made_it(zoom):
    schedule = zoom.add_schedule(ALICE, "Intro")
    url = api_for(zoom, ALICE).create_single_use_link(schedule.schedule_id)
    assert [(link.schedule_id, link.scheduling_url) for link in zoom.single_use_links] == [(schedule.schedule_id, url)]


def test_an_admin_lists_another_users_schedules_by_their_zoom_id(zoom):
    bobs = zoom.add_schedule(BOB, "Office hours")
    zoom.scopes = "scheduler:read:admin scheduler:write:admin user:read:admin"
    answer = requests.post(f"{zoom.oauth_url}/oauth/token", auth=("s2s", "s2s-secret"), timeout=5,
                           data={"grant_type": "account_credentials", "account_id": zoom.account_id})
    admin = ZoomApi(zoom.api_url, FixedToken(answer.json()["access_token"]))
    assert [s.schedule_id for s in admin.list_schedules(user_id=zoom.user(BOB).id)] == [bobs.schedule_id]
    with pytest.raises(ZoomUserNotFound):
        admin.list_schedules(user_id="nobody")


def test_a_grant_from_before_the_scheduler_scopes_is_a_missing_scope_naming_them(zoom):
    schedule = zoom.add_schedule(ALICE, "Intro")
    zoom.scopes = "meeting:write meeting:read user:read"
    old = api_for(zoom, ALICE)
    with pytest.raises(ZoomMissingScopes) as listing:
        old.list_schedules()
    assert listing.value.scopes == ("scheduler:read:list_schedule", "scheduler:read:list_schedule:admin")
    with pytest.raises(ZoomMissingScopes) as linking:
        old.create_single_use_link(schedule.schedule_id)
    assert "scheduler:write:single_use_link" in linking.value.scopes


@pytest.mark.parametrize("answer", [(401, {"code": 401, "message": "Unauthorized"}),
                                    (403, {"code": 403, "message": "Forbidden"}),
                                    (400, {"code": 400, "message": "Zoom Scheduler license is required"})])
def test_a_user_without_scheduler_is_told_apart_from_other_refusals(zoom, answer):
    schedule = zoom.add_schedule(ALICE, "Intro")
    zoom.disable_scheduler_for(ALICE)
    zoom.scheduler_off_answer = answer
    api = api_for(zoom, ALICE)
    with pytest.raises(ZoomSchedulerNotEnabled):
        api.list_schedules()
    with pytest.raises(ZoomSchedulerNotEnabled):
        api.create_single_use_link(schedule.schedule_id)


def test_an_unknown_schedule_stays_a_plain_refusal(zoom):
    with pytest.raises(ZoomApiError) as refused:
        api_for(zoom, ALICE).create_single_use_link("not-a-schedule")
    assert type(refused.value) is ZoomApiError
    assert refused.value.status == 400


def test_busy_and_unreadable_answers_keep_their_types(zoom):
    zoom.add_schedule(ALICE, "Intro")
    api = api_for(zoom, ALICE)
    zoom.rate_limit_next(3, retry_after=120, target="/v2/scheduler/schedules")
    with pytest.raises(ZoomRateLimited):
        api.list_schedules()
    zoom.advance_time(121)
    zoom.garble_next("/v2/scheduler/schedules", {"items": [{"summary": "no id"}]})
    with pytest.raises(ZoomBadResponse):
        api.list_schedules()
    zoom.garble_next("/v2/scheduler/schedules/single_use_link", {"scheduling_url": "javascript:alert(1)"})
    with pytest.raises(ZoomBadResponse):
        api.create_single_use_link("anything")
    zoom.unreachable = True
    with pytest.raises(ZoomUnavailable):
        api.list_schedules()


def test_the_refusal_reader_leaves_token_and_typed_errors_alone():
    expired = ZoomInvalidToken("Access token is expired.", status=401, code=124)
    assert scheduler_refusal(expired) is expired
    gone = ZoomUserNotFound("User does not exist: x.", status=404, code=1001)
    assert scheduler_refusal(gone) is gone
    other = ZoomApiError("invalidArgument: schedule_id", status=400, code=400)
    assert scheduler_refusal(other) is other
    conflict = ZoomApiError("conflict", status=409, code=409)
    assert scheduler_refusal(conflict) is conflict
    assert isinstance(scheduler_refusal(ZoomApiError("Not Found: scheduler", status=404, code=404)),
                      ZoomSchedulerNotEnabled)


def test_the_scopes_a_4711_names_are_read_from_its_message():
    assert missing_scopes("Invalid access token, does not contain scopes:[a:b, c:d:admin].") == ("a:b", "c:d:admin")
    assert missing_scopes("Invalid access token.") == ()
