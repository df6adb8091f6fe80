"""The Zoom emulator's Scheduler endpoints: checked against Zoom's spec both ways, each user's own schedules,
paging, scopes as each grant got them at consent (kept across refreshes), admin-only `user_id`, and an
account or user without Scheduler."""

from __future__ import annotations

import pytest
import requests

from handlers.demo.emulators import ZoomEmulator
from handlers.demo.emulators._zoom_scheduler import scheduler_response_error, single_use_link_body_error
from tests.handlers.demo.emulators.zoom_calls import TIMEOUT, account_token, call, token_of

ALICE, BOB = "alice@example.com", "bob@example.com"
OLD_SCOPES = "meeting:write meeting:read user:read"  # the app before it asked for Scheduler
LIST, LINK = "/scheduler/schedules", "/scheduler/schedules/single_use_link"


@pytest.fixture
def zoom():
    with ZoomEmulator(s2s_client_id="s2s", s2s_client_secret="s2s-secret") as emulator:
        emulator.add_user(ALICE)
        emulator.add_user(BOB)
        yield emulator
        assert emulator.internal_errors == []


def refresh(zoom: ZoomEmulator, refresh_token: str) -> dict:
    answer = requests.post(f"{zoom.oauth_url}/oauth/token", auth=(zoom.client_id, zoom.client_secret),
                           data={"grant_type": "refresh_token", "refresh_token": refresh_token}, timeout=TIMEOUT)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_each_user_lists_only_their_own_schedules_as_the_spec_describes_them(zoom):
    intro = zoom.add_schedule(ALICE, "Intro call", duration=15)
    zoom.add_schedule(ALICE, "Gone", deleted=True)
    zoom.add_schedule(BOB, "Bob's office hours")
    answer = call(zoom, "GET", LIST, token_of(zoom, ALICE))
    assert answer.status_code == 200
    assert scheduler_response_error(LIST, "get", 200, answer.json()) is None
    items = answer.json()["items"]
    assert [(i["schedule_id"], i["summary"], i["duration"]) for i in items] == [(intro.schedule_id, "Intro call", 15)]
    everything = call(zoom, "GET", f"{LIST}?show_deleted=true", token_of(zoom, ALICE)).json()["items"]
    assert {i["summary"]: i["status"] for i in everything} == {"Intro call": "confirmed", "Gone": "cancelled"}


def test_pages_follow_next_page_token_and_a_foreign_token_is_refused(zoom):
    zoom.schedules_max_page_size = 2
    made = [zoom.add_schedule(ALICE, f"S{n}").schedule_id for n in range(5)]
    token = token_of(zoom, ALICE)
    seen, page_token = [], ""
    for _ in range(5):
        body = call(zoom, "GET", f"{LIST}?page_size=100&next_page_token={page_token}", token).json()
        seen += [i["schedule_id"] for i in body["items"]]
        page_token = body["next_page_token"]
        if not page_token:
            break
    assert seen == made
    first = call(zoom, "GET", f"{LIST}?page_size=2", token).json()["next_page_token"]
    bobs = call(zoom, "GET", f"{LIST}?page_size=2&next_page_token={first}", token_of(zoom, BOB))
    assert (bobs.status_code, bobs.json()["code"]) == (400, 400)


@pytest.mark.parametrize("query", ["page_size=ten", "show_deleted=yes", "userId=x", "page_size=0"])
def test_query_parameters_are_read_as_the_spec_types_them(zoom, query):
    answer = call(zoom, "GET", f"{LIST}?{query}", token_of(zoom, ALICE))
    assert (answer.status_code, answer.json()["code"]) == (400, 400)


def test_a_single_use_link_is_made_for_the_users_own_active_schedule_only(zoom):
    mine = zoom.add_schedule(ALICE, "Intro")
    off = zoom.add_schedule(ALICE, "Paused", active=False)
    bobs = zoom.add_schedule(BOB, "Bob's")
    token = token_of(zoom, ALICE)
    made = call(zoom, "POST", LINK, token, json={"schedule_id": mine.schedule_id})
    assert made.status_code == 201
    assert scheduler_response_error(LINK, "post", 201, made.json()) is None
    assert [link.scheduling_url for link in zoom.single_use_links] == [made.json()["scheduling_url"]]
    assert zoom.single_use_links[0].schedule_id == mine.schedule_id
    for body, status in (({"schedule_id": bobs.schedule_id}, 400), ({"schedule_id": "nope"}, 400),
                         ({"schedule_id": off.schedule_id}, 409), ({"scheduleId": mine.schedule_id}, 400),
                         ({"schedule_id": 7}, 400), ({"schedule_id": mine.schedule_id, "x": 1}, 400)):
        answer = call(zoom, "POST", LINK, token, json=body)
        assert answer.status_code == status, body
    assert call(zoom, "POST", LINK, token, data={"schedule_id": mine.schedule_id}).status_code == 400  # a form
    assert len(zoom.single_use_links) == 1


def test_the_request_schema_is_zooms(zoom):
    assert single_use_link_body_error({"schedule_id": "abc"}) is None
    assert "schedule_id" in single_use_link_body_error({})


def test_scopes_are_fixed_at_consent_kept_across_refresh_and_new_after_reconnecting(zoom):
    zoom.add_schedule(ALICE, "Intro")
    zoom.scopes = OLD_SCOPES
    before = zoom.issue_tokens_for(ALICE)  # connected before the app asked for Scheduler
    zoom.scopes = f"{OLD_SCOPES} scheduler:read scheduler:write"  # the app now asks for it
    refreshed = refresh(zoom, before["refresh_token"])
    assert refreshed["scope"] == OLD_SCOPES
    for token in (before["access_token"], refreshed["access_token"]):
        answer = call(zoom, "GET", LIST, token)
        assert (answer.status_code, answer.json()["code"]) == (400, 4711)
        assert "scheduler:read:list_schedule" in answer.json()["message"]
    again = zoom.issue_tokens_for(ALICE)  # connected again: the consent covers the new scopes
    assert call(zoom, "GET", LIST, again["access_token"]).status_code == 200


def test_the_authorization_code_grant_keeps_the_scopes_of_the_moment_of_consent(zoom):
    import base64
    import hashlib
    import secrets
    from urllib.parse import parse_qs, urlsplit

    zoom.scopes = OLD_SCOPES
    zoom.login_as(ALICE)
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    redirect = "https://bot.example.test/zoom/oauth/callback"
    at_zoom = requests.get(f"{zoom.oauth_url}/oauth/authorize", allow_redirects=False, timeout=TIMEOUT, params={
        "response_type": "code", "client_id": zoom.client_id, "redirect_uri": redirect, "state": "s",
        "code_challenge": challenge, "code_challenge_method": "S256"})
    code = parse_qs(urlsplit(at_zoom.headers["Location"]).query)["code"][0]
    zoom.scopes = f"{OLD_SCOPES} scheduler:read scheduler:write"  # added while the user was on the consent page
    tokens = requests.post(f"{zoom.oauth_url}/oauth/token", auth=(zoom.client_id, zoom.client_secret), data={
        "grant_type": "authorization_code", "code": code, "redirect_uri": redirect, "code_verifier": verifier},
        timeout=TIMEOUT).json()
    assert tokens["scope"] == OLD_SCOPES


def test_granular_scopes_open_the_endpoints_as_classic_ones_do(zoom):
    schedule = zoom.add_schedule(ALICE, "Intro")
    zoom.scopes = "scheduler:read:list_schedule"
    reader = token_of(zoom, ALICE)
    assert call(zoom, "GET", LIST, reader).status_code == 200
    refused = call(zoom, "POST", LINK, reader, json={"schedule_id": schedule.schedule_id})
    assert (refused.status_code, refused.json()["code"]) == (400, 4711)
    assert "scheduler:write:single_use_link" in refused.json()["message"]
    zoom.scopes = "scheduler:write:single_use_link"
    assert call(zoom, "POST", LINK, token_of(zoom, ALICE), json={"schedule_id": schedule.schedule_id}
                ).status_code == 201


def test_user_id_is_for_admins_only(zoom):
    bobs = zoom.add_schedule(BOB, "Bob's")
    bob_id = zoom.user(BOB).id
    refused = call(zoom, "GET", f"{LIST}?user_id={bob_id}", token_of(zoom, ALICE))
    assert (refused.status_code, refused.json()["code"]) == (400, 4711)
    zoom.scopes = "scheduler:read:admin scheduler:write:admin"
    admin = account_token(zoom)
    listed = call(zoom, "GET", f"{LIST}?user_id={bob_id}", admin)
    assert [i["schedule_id"] for i in listed.json()["items"]] == [bobs.schedule_id]
    unknown = call(zoom, "GET", f"{LIST}?user_id=nobody", admin)
    assert (unknown.status_code, unknown.json()["code"]) == (404, 1001)
    made = call(zoom, "POST", LINK, admin, json={"schedule_id": bobs.schedule_id})
    assert made.status_code == 201
    assert (zoom.single_use_links[0].owner_email, zoom.single_use_links[0].token_kind) == (BOB, "account")


def test_an_account_token_without_admin_scopes_cannot_make_a_link_for_a_user(zoom):
    bobs = zoom.add_schedule(BOB, "Bob's")
    zoom.scopes = "scheduler:read scheduler:write"
    answer = call(zoom, "POST", LINK, account_token(zoom), json={"schedule_id": bobs.schedule_id})
    assert (answer.status_code, answer.json()["code"]) == (400, 4711)
    assert zoom.single_use_links == []


def test_without_scheduler_for_the_account_or_one_user_zoom_refuses_with_the_knobs_answer(zoom):
    alices = zoom.add_schedule(ALICE, "Intro")
    bobs = zoom.add_schedule(BOB, "Bob's")
    zoom.disable_scheduler_for(ALICE)
    alice, bob = token_of(zoom, ALICE), token_of(zoom, BOB)
    for answer in (call(zoom, "GET", LIST, alice),
                   call(zoom, "POST", LINK, alice, json={"schedule_id": alices.schedule_id})):
        assert (answer.status_code, answer.json()) == (401, {"code": 401, "message": "Unauthorized"})
    assert call(zoom, "GET", LIST, bob).status_code == 200
    zoom.scheduler_enabled = False
    zoom.scheduler_off_answer = (403, {"code": 403, "message": "Zoom Scheduler is not enabled."})
    assert call(zoom, "POST", LINK, bob, json={"schedule_id": bobs.schedule_id}).status_code == 403
    assert zoom.single_use_links == []
