"""The Zoom and Slack emulators are as strict as the real services: proven over real HTTP with `requests`."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
from urllib.parse import parse_qs, urlsplit

import jsonschema
import pytest
import requests
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.signature import Clock, SignatureVerifier

from handlers.demo.emulators import START_URL_MARKER, SlackEmulator, ZoomEmulator
from handlers.demo.emulators._zoom_schema import create_meeting_error
from handlers.demo.emulators.signing import signed_slash_command_headers_and_body, slash_command_form
from handlers.demo.specs import MEETINGS_ENDPOINTS, specs_dir, to_json_schema

REDIRECT_URI = "https://bot.example.test/zoom/oauth/callback"
EMAIL = "alice@example.com"
TIMEOUT = 5


# -- fixtures and helpers --------------------------------------------------------------------------


@pytest.fixture
def zoom():
    with ZoomEmulator() as emulator:
        emulator.add_user(EMAIL, first_name="Alice", last_name="Example", timezone="Europe/Paris")
        emulator.login_as(EMAIL)
        yield emulator
        assert emulator.internal_errors == []


@pytest.fixture
def slack():
    with SlackEmulator() as emulator:
        emulator.add_user("U1", email=EMAIL)
        emulator.add_channel("C1")
        yield emulator
        assert emulator.internal_errors == []


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(64)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def authorize(zoom: ZoomEmulator, challenge: str, **overrides: str) -> requests.Response:
    params = {
        "response_type": "code",
        "client_id": zoom.client_id,
        "redirect_uri": REDIRECT_URI,
        "state": "st&te=1 ü",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        **overrides,
    }
    return requests.get(f"{zoom.oauth_url}/oauth/authorize", params=params, allow_redirects=False,
                        timeout=TIMEOUT)


def get_code(zoom: ZoomEmulator, challenge: str) -> str:
    response = authorize(zoom, challenge)
    assert response.status_code == 302
    return parse_qs(urlsplit(response.headers["Location"]).query)["code"][0]


def token_request(zoom: ZoomEmulator, form: dict[str, str], auth: tuple[str, str] | None = None):
    return requests.post(f"{zoom.oauth_url}/oauth/token", data=form, timeout=TIMEOUT,
                         auth=auth or (zoom.client_id, zoom.client_secret))


def exchange(zoom: ZoomEmulator, code: str, verifier: str, redirect_uri: str = REDIRECT_URI):
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri,
            "code_verifier": verifier}
    return token_request(zoom, form)


def refresh(zoom: ZoomEmulator, refresh_token: str) -> requests.Response:
    return token_request(zoom, {"grant_type": "refresh_token", "refresh_token": refresh_token})


def api(zoom: ZoomEmulator, method: str, path: str, token: str, **kwargs) -> requests.Response:
    return requests.request(method, f"{zoom.api_url}{path}", headers={"Authorization": f"Bearer {token}"},
                            timeout=TIMEOUT, **kwargs)


def scheduled(**overrides) -> dict:
    return {"topic": "Standup", "type": 2, "start_time": "2030-01-15T09:30:00Z", "duration": 30,
            "timezone": "Europe/Paris", **overrides}


def slack_call(slack: SlackEmulator, method: str, token: str | None = "default", **form) -> requests.Response:
    token = slack.bot_token if token == "default" else token
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.post(f"{slack.api_url}{method}", data=form, headers=headers, timeout=TIMEOUT)


# -- Zoom OAuth ------------------------------------------------------------------------------------


def test_authorize_redirects_with_code_and_verbatim_state(zoom):
    _, challenge = pkce_pair()
    response = authorize(zoom, challenge, redirect_uri=f"{REDIRECT_URI}?team=T1")
    location = urlsplit(response.headers["Location"])
    query = parse_qs(location.query)
    assert response.status_code == 302
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT_URI
    assert query["team"] == ["T1"]
    assert query["state"] == ["st&te=1 ü"]
    assert len(query["code"][0]) >= 20
    assert zoom.authorize_requests[-1]["code_challenge"] == challenge


@pytest.mark.parametrize(
    "overrides",
    [
        {"code_challenge_method": "plain"},
        {"code_challenge_method": ""},
        {"code_challenge": ""},
        {"code_challenge": "not-base64url-sha256"},
        {"client_id": "someone-else"},
        {"response_type": "token"},
        {"redirect_uri": ""},
    ],
)
def test_authorize_rejects_bad_requests_with_an_html_page(zoom, overrides):
    _, challenge = pkce_pair()
    response = authorize(zoom, challenge, **overrides)
    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith("text/html")


def test_authorize_denied_by_user(zoom):
    zoom.deny_next_authorize()
    response = authorize(zoom, pkce_pair()[1])
    query = parse_qs(urlsplit(response.headers["Location"]).query)
    assert query == {"error": ["access_denied"], "state": ["st&te=1 ü"]}
    assert authorize(zoom, pkce_pair()[1]).status_code == 302  # only the next one


def test_code_exchange_issues_a_token_pair(zoom):
    verifier, challenge = pkce_pair()
    response = exchange(zoom, get_code(zoom, challenge), verifier)
    body = response.json()
    assert response.status_code == 200
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 3600
    assert body["scope"] == "meeting:write meeting:read user:read scheduler:read scheduler:write"
    assert body["access_token"].count(".") == 2
    assert len(body["access_token"]) > 200
    assert body["access_token"] != body["refresh_token"]
    assert api(zoom, "GET", "/users/me", body["access_token"]).json()["email"] == EMAIL


def test_pkce_mismatch_rejected_and_the_code_is_burned(zoom):
    verifier, challenge = pkce_pair()
    code = get_code(zoom, challenge)
    wrong = exchange(zoom, code, pkce_pair()[0])
    assert (wrong.status_code, wrong.json()) == (400, {"reason": "Invalid code verifier", "error": "invalid_request"})
    retry = exchange(zoom, code, verifier)
    assert retry.json() == {"reason": "Invalid authorization code", "error": "invalid_request"}


def test_code_is_single_use(zoom):
    verifier, challenge = pkce_pair()
    code = get_code(zoom, challenge)
    assert exchange(zoom, code, verifier).status_code == 200
    again = exchange(zoom, code, verifier)
    assert (again.status_code, again.json()["reason"]) == (400, "Invalid authorization code")


def test_code_expires_after_five_minutes(zoom):
    verifier, challenge = pkce_pair()
    code = get_code(zoom, challenge)
    zoom.advance_time(301)
    assert exchange(zoom, code, verifier).json()["reason"] == "Invalid authorization code"


def test_redirect_uri_mismatch_rejected(zoom):
    verifier, challenge = pkce_pair()
    response = exchange(zoom, get_code(zoom, challenge), verifier, redirect_uri=REDIRECT_URI + "/")
    assert (response.status_code, response.json()) == (
        400, {"reason": "Redirect URI mismatch.", "error": "invalid_request"})


@pytest.mark.parametrize("auth", [None, ("zoom-client-id", "wrong-secret"), ("other-id", "zoom-client-secret")])
def test_token_endpoint_requires_basic_client_auth(zoom, auth):
    verifier, challenge = pkce_pair()
    form = {"grant_type": "authorization_code", "code": get_code(zoom, challenge), "redirect_uri": REDIRECT_URI,
            "code_verifier": verifier}
    if auth is None:  # credentials in the form body are not accepted either
        form.update(client_id=zoom.client_id, client_secret=zoom.client_secret)
        response = requests.post(f"{zoom.oauth_url}/oauth/token", data=form, timeout=TIMEOUT)
    else:
        response = token_request(zoom, form, auth=auth)
    assert response.status_code == 401
    assert response.json() == {"reason": "Invalid client_id or client_secret", "error": "invalid_client"}


def test_token_endpoint_wants_a_form_body(zoom):
    response = requests.post(f"{zoom.oauth_url}/oauth/token", json={"grant_type": "refresh_token"},
                             auth=(zoom.client_id, zoom.client_secret), timeout=TIMEOUT)
    assert (response.status_code, response.json()["error"]) == (400, "unsupported_grant_type")
    other = token_request(zoom, {"grant_type": "password"})
    assert (other.status_code, other.json()["error"]) == (400, "unsupported_grant_type")


def test_refresh_rotates_and_a_spent_refresh_token_is_counted(zoom):
    first = zoom.issue_tokens_for(EMAIL)
    second = refresh(zoom, first["refresh_token"])
    assert second.status_code == 200
    assert second.json()["refresh_token"] != first["refresh_token"]
    assert zoom.refresh_count == 1
    assert zoom.spent_refresh_token_uses == 0

    reused = refresh(zoom, first["refresh_token"])
    assert (reused.status_code, reused.json()) == (400, {"reason": "Invalid Token!", "error": "invalid_grant"})
    assert zoom.spent_refresh_token_uses == 1
    assert zoom.refresh_failures == ["spent"]
    # The old access token lives until it expires, as at Zoom; the new pair works.
    assert api(zoom, "GET", "/users/me", first["access_token"]).status_code == 200
    assert refresh(zoom, second.json()["refresh_token"]).status_code == 200
    assert zoom.valid_refresh_tokens == 1


def test_concurrent_refreshes_with_one_token_let_exactly_one_win(zoom):
    token = zoom.issue_tokens_for(EMAIL)["refresh_token"]
    zoom.token_latency = 0.05
    statuses: list[int] = []
    start = threading.Barrier(20)

    def worker():
        start.wait()
        statuses.append(refresh(zoom, token).status_code)

    threads = [threading.Thread(target=worker) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] + [400] * 19
    assert (zoom.refresh_count, zoom.spent_refresh_token_uses) == (1, 19)
    assert len(zoom.token_requests) == 20  # issue_tokens_for() is not an HTTP call


def test_meetings_created_from_20_threads_are_all_recorded(zoom):
    token = zoom.issue_tokens_for(EMAIL)["access_token"]
    ids: list[int] = []

    def worker(i: int):
        ids.append(api(zoom, "POST", "/users/me/meetings", token, json=scheduled(topic=f"#{i}")).json()["id"])

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(ids)) == 20
    assert sorted(m.topic for m in zoom.meetings) == sorted(f"#{i}" for i in range(20))


def test_expired_and_unknown_access_tokens_get_401_code_124(zoom):
    tokens = zoom.issue_tokens_for(EMAIL)
    zoom.expire_access_tokens()
    expired = api(zoom, "GET", "/users/me", tokens["access_token"])
    assert (expired.status_code, expired.json()) == (401, {"code": 124, "message": "Access token is expired."})
    unknown = api(zoom, "GET", "/users/me", "not-a-token")
    assert (unknown.status_code, unknown.json()) == (401, {"code": 124, "message": "Invalid access token."})
    assert [call.token_kind for call in zoom.api_calls] == ["expired", "invalid"]
    fresh = refresh(zoom, tokens["refresh_token"]).json()
    assert api(zoom, "GET", "/users/me", fresh["access_token"]).status_code == 200


def test_revoke_kills_the_whole_grant(zoom):
    tokens = zoom.issue_tokens_for(EMAIL)
    response = requests.post(f"{zoom.oauth_url}/oauth/revoke", data={"token": tokens["access_token"]},
                             auth=(zoom.client_id, zoom.client_secret), timeout=TIMEOUT)
    assert (response.status_code, response.json()) == (200, {"status": "success"})
    assert api(zoom, "GET", "/users/me", tokens["access_token"]).json()["code"] == 124
    assert refresh(zoom, tokens["refresh_token"]).json()["error"] == "invalid_grant"
    again = requests.post(f"{zoom.oauth_url}/oauth/revoke", data={"token": tokens["access_token"]},
                          auth=(zoom.client_id, zoom.client_secret), timeout=TIMEOUT)
    assert again.status_code == 400
    assert [(r.token_kind, r.user_email, r.status) for r in zoom.revocations] == [
        ("access", EMAIL, 200), ("unknown", None, 400)]


def test_revoke_takes_only_a_live_access_token(zoom):
    tokens = zoom.issue_tokens_for(EMAIL)

    def revoke(token: str) -> int:
        return requests.post(f"{zoom.oauth_url}/oauth/revoke", data={"token": token},
                             auth=(zoom.client_id, zoom.client_secret), timeout=TIMEOUT).status_code

    assert revoke(tokens["refresh_token"]) == 400
    zoom.expire_access_tokens()
    assert revoke(tokens["access_token"]) == 400
    assert zoom.valid_refresh_tokens_for(EMAIL) == 1  # neither request ended the grant
    assert [(r.token_kind, r.status) for r in zoom.revocations] == [("refresh", 400), ("unknown", 400)]


def test_user_deauthorized_at_zoom(zoom):
    tokens = zoom.issue_tokens_for(EMAIL)
    assert zoom.revoke_all_grants_for(EMAIL) == 1
    assert zoom.access_token_status(tokens["access_token"]) == "revoked"
    assert zoom.valid_refresh_tokens_for(EMAIL) == 0


def test_account_credentials_grant(zoom):
    with ZoomEmulator(s2s_client_id="s2s-id", s2s_client_secret="s2s-secret", account_id="acct-9") as s2s:
        s2s.add_user("bob@example.com")
        form = {"grant_type": "account_credentials", "account_id": "acct-9"}
        ok = token_request(s2s, form, auth=("s2s-id", "s2s-secret"))
        assert ok.status_code == 200
        assert "refresh_token" not in ok.json()
        assert s2s.account_grant_count == 1
        wrong_account = token_request(s2s, {**form, "account_id": "acct-1"}, auth=("s2s-id", "s2s-secret"))
        assert wrong_account.json() == {"reason": "Invalid account_id", "error": "invalid_request"}
        user_app = token_request(s2s, form)  # the user-managed app may not use the S2S grant
        assert user_app.json()["error"] == "unsupported_grant_type"
        created = api(s2s, "POST", "/users/bob@example.com/meetings", ok.json()["access_token"], json=scheduled())
        assert (created.status_code, created.json()["host_email"]) == (201, "bob@example.com")
        assert s2s.meetings[0].token_kind == "account"


def test_user_token_cannot_act_for_another_user(zoom):
    zoom.add_user("bob@example.com")
    token = zoom.issue_tokens_for(EMAIL)["access_token"]
    response = api(zoom, "POST", "/users/bob@example.com/meetings", token, json=scheduled())
    assert (response.status_code, response.json()["code"]) == (400, 1001)
    unknown = api(zoom, "GET", "/users/nobody@example.com", token)
    assert (unknown.status_code, unknown.json()["code"]) == (404, 1001)


def test_rate_limit_answers_429_with_retry_after_and_holds_its_window(zoom):
    token = zoom.issue_tokens_for(EMAIL)["access_token"]
    zoom.rate_limit_next(1, retry_after=3)
    limited = [api(zoom, "GET", "/users/me", token) for _ in range(2)]
    assert [(r.status_code, r.headers["Retry-After"], r.json()["code"]) for r in limited] == [(429, "3", 429)] * 2
    zoom.advance_time(3)
    assert api(zoom, "GET", "/users/me", token).status_code == 200


def test_rate_limit_can_target_one_path_and_send_a_date_or_no_header(zoom):
    token = zoom.issue_tokens_for(EMAIL)["access_token"]
    zoom.rate_limit_next(1, retry_after="2027-01-01T00:00:00Z", target="/v2/users/me/meetings")
    assert api(zoom, "GET", "/users/me", token).status_code == 200
    daily = api(zoom, "GET", "/users/me/meetings", token)
    assert (daily.status_code, daily.headers["Retry-After"]) == (429, "2027-01-01T00:00:00Z")
    zoom.rate_limit_next(1, retry_after=None)
    bare = api(zoom, "GET", "/users/me", token)
    assert bare.status_code == 429
    assert "Retry-After" not in bare.headers


def test_unreachable_answers_503_html(zoom):
    zoom.unreachable = True
    response = requests.get(f"{zoom.api_url}/users/me", timeout=TIMEOUT)
    assert response.status_code == 503
    assert response.headers["Content-Type"].startswith("text/html")


# -- Zoom meetings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        scheduled(type=99),
        scheduled(topic="x" * 201),
        scheduled(duration=0),
        scheduled(duration="30"),
        scheduled(settings={"auto_recording": "tape"}),
        {k: v for k, v in scheduled().items() if k != "start_time"},
        scheduled(start_time="2030-01-15T09:30:00+01:00"),
        scheduled(start_time="2030-01-15 09:30:00Z"),
        scheduled(start_time="2030-02-30T09:30:00Z"),
        scheduled(start_time="2030-01-15T09:30:00", timezone=""),
        scheduled(timezone="Mars/Olympus"),
    ],
)
def test_meeting_body_is_validated_against_zoom_spec(zoom, body):
    token = zoom.issue_tokens_for(EMAIL)["access_token"]
    response = api(zoom, "POST", "/users/me/meetings", token, json=body)
    assert (response.status_code, response.json()["code"]) == (400, 300)
    assert zoom.meetings == []


def test_meeting_body_must_be_json(zoom):
    token = zoom.issue_tokens_for(EMAIL)["access_token"]
    response = api(zoom, "POST", "/users/me/meetings", token, data={"topic": "x"})
    assert response.json() == {"code": 300, "message": "Request Body should be a valid JSON object."}


def test_valid_meeting_is_created_and_recorded(zoom):
    token = zoom.issue_tokens_for(EMAIL)["access_token"]
    body = scheduled(start_time="2030-07-15T09:30:00", default_password=False, settings={"waiting_room": True})
    response = api(zoom, "POST", "/users/me/meetings", token, json=body)
    meeting = response.json()
    assert response.status_code == 201
    assert isinstance(meeting["id"], int)
    assert meeting["id"] > 2**32
    assert meeting["start_time"] == "2030-07-15T07:30:00Z"  # 09:30 in Paris, summer time
    assert START_URL_MARKER in meeting["start_url"]
    assert START_URL_MARKER not in meeting["join_url"]
    assert "password" not in meeting
    assert meeting["settings"] == {"waiting_room": True}
    record = zoom.meetings[0]
    assert (record.host_email, record.request_body, record.start_utc.isoformat()) == (
        EMAIL, body, "2030-07-15T07:30:00+00:00")
    assert record["start_secret"] in meeting["start_url"]
    assert api(zoom, "GET", f"/meetings/{meeting['id']}", token).json()["id"] == meeting["id"]
    assert api(zoom, "GET", "/users/me/meetings", token).json()["total_records"] == 1
    assert api(zoom, "DELETE", f"/meetings/{meeting['id']}", token).status_code == 204
    gone = api(zoom, "DELETE", f"/meetings/{meeting['id']}", token)
    assert (gone.status_code, gone.json()["code"]) == (404, 3001)


def recurring(start: str = "2027-01-04T08:30:00Z", **recurrence) -> dict:
    """A type 8 body, by default every weekday from Monday 4 January 2027, 09:30 in Paris; `...` drops a field."""
    rule = {"type": 2, "repeat_interval": 1, "end_times": 5, "weekly_days": "2,3,4,5,6", **recurrence}
    return scheduled(type=8, start_time=start, recurrence={k: v for k, v in rule.items() if v is not ...})


def test_a_recurring_meeting_is_created_with_its_occurrences_and_read_back(zoom):
    token = zoom.issue_tokens_for(EMAIL)["access_token"]
    created = api(zoom, "POST", "/users/me/meetings", token, json=recurring())
    assert created.status_code == 201, created.text
    meeting = api(zoom, "GET", f"/meetings/{created.json()['id']}", token).json()
    assert (meeting["type"], meeting["timezone"], meeting["start_time"]) == (8, "Europe/Paris", "2027-01-04T08:30:00Z")
    assert meeting["recurrence"] == {"type": 2, "repeat_interval": 1, "end_times": 5, "weekly_days": "2,3,4,5,6"}
    assert [o["start_time"] for o in meeting["occurrences"]] == [
        "2027-01-04T08:30:00Z", "2027-01-05T08:30:00Z", "2027-01-06T08:30:00Z", "2027-01-07T08:30:00Z",
        "2027-01-08T08:30:00Z"]
    monthly = recurring("2027-01-29T08:30:00Z", type=3, weekly_days=..., monthly_week=-1, monthly_week_day=6,
                        end_times=4)  # the last Friday of January
    made = api(zoom, "POST", "/users/me/meetings", token, json=monthly).json()
    # Paris is on summer time from 28 March: the wall clock holds, the UTC instant moves
    assert [o["start_time"] for o in zoom.meeting(made["id"]).to_api()["occurrences"]] == [
        "2027-01-29T08:30:00Z", "2027-02-26T08:30:00Z", "2027-03-26T08:30:00Z", "2027-04-30T07:30:00Z"]


def test_a_recurring_meeting_read_back_matches_zooms_response_schema(zoom):
    spec = json.loads((specs_dir() / MEETINGS_ENDPOINTS).read_text(encoding="utf-8"))
    response = spec["paths"]["/meetings/{meetingId}"]["get"]["responses"]["200"]["content"]["application/json"]
    validator = jsonschema.Draft7Validator(to_json_schema(response["schema"]))
    token = zoom.issue_tokens_for(EMAIL)["access_token"]
    created = api(zoom, "POST", "/users/me/meetings", token, json=recurring(weekly_days="2")).json()
    meeting = api(zoom, "GET", f"/meetings/{created['id']}", token).json()
    assert list(validator.iter_errors(meeting)) == []


def test_the_published_weekly_days_enum_is_read_as_its_description_says():
    assert create_meeting_error(recurring()) is None  # "2,3,4,5,6": several days, comma-separated
    assert create_meeting_error(recurring(weekly_days="2,8")) is not None
    assert create_meeting_error(recurring(weekly_days="Monday")) is not None
    assert create_meeting_error(recurring(weekly_days="2,")) is not None


@pytest.mark.parametrize(("body", "problem"), [
    (recurring("2027-01-09T08:30:00Z"), "not an occurrence"),  # a Saturday
    (scheduled(recurrence={"type": 1, "end_times": 3}), "only for a recurring meeting"),
    ({k: v for k, v in recurring().items() if k != "recurrence"}, "recurrence is required"),
    (recurring(weekly_days=...), "weekly_days is required"),
    (recurring(type=1), "weekly_days is required"),
    (recurring(repeat_interval=51), "repeat_interval"),
    (recurring(type=3, weekly_days=..., repeat_interval=11, monthly_day=4), "repeat_interval"),
    (recurring(end_date_time="2027-02-01T00:00:00Z"), "cannot be used together"),
    (recurring(type=3, weekly_days=...), "monthly_day, or monthly_week"),
    (recurring(type=3, weekly_days=..., monthly_day=4, monthly_week=1, monthly_week_day=2), "monthly_day, or"),
    (recurring(type=3, weekly_days=..., monthly_week=1), "go together"),
    (recurring(type=3, weekly_days=..., monthly_day=40), "monthly_day"),
    (recurring(type=3, weekly_days=..., monthly_day=5), "not an occurrence"),
    (recurring(type=1, weekly_days=..., monthly_day=4), "only for a monthly"),
    (recurring(end_times=61), "recurrence.end_times"),  # the schema's own maximum
    (recurring(type=4), "recurrence.type"),
])
def test_a_recurring_meeting_zoom_would_refuse_or_move_is_refused(zoom, body, problem):
    token = zoom.issue_tokens_for(EMAIL)["access_token"]
    response = api(zoom, "POST", "/users/me/meetings", token, json=body)
    assert (response.status_code, response.json()["code"]) == (400, 300)
    assert problem in response.json()["message"]
    assert zoom.meetings == []


def test_instant_meeting_gets_a_passcode(zoom):
    token = zoom.issue_tokens_for(EMAIL)["access_token"]
    meeting = api(zoom, "POST", "/users/me/meetings", token, json={"topic": "Now", "type": 1}).json()
    assert 6 <= len(meeting["password"]) <= 10
    assert meeting["timezone"] == "Europe/Paris"  # the host's


def test_openapi_cleanup_keeps_properties_named_like_keywords():
    schema = {"type": "object", "example": {}, "x-foo": 1,
              "properties": {"format": {"type": "string", "format": "date-time", "nullable": True}}}
    assert to_json_schema(schema) == {"type": "object", "properties": {"format": {"type": "string"}}}


# -- Slack -----------------------------------------------------------------------------------------


def test_slack_rejects_missing_invalid_and_revoked_tokens(slack):
    assert slack_call(slack, "auth.test", token=None).json() == {"ok": False, "error": "not_authed"}
    assert slack_call(slack, "auth.test", token="xoxb-nope").json() == {"ok": False, "error": "invalid_auth"}
    query_token = requests.post(f"{slack.api_url}auth.test?token={slack.bot_token}", timeout=TIMEOUT)
    assert query_token.json()["error"] == "not_authed"  # Slack no longer reads tokens from the query
    slack.revoke_token(slack.bot_token)
    assert slack_call(slack, "auth.test").json()["error"] == "token_revoked"


def test_slack_sdk_client_works_against_the_emulator(slack):
    client = WebClient(token=slack.bot_token, base_url=slack.api_url)
    assert client.auth_test()["user_id"] == "UBOT"  # slack_sdk sends an empty "JSON" body here
    info = client.users_info(user="U1", include_locale=True)["user"]
    assert (info["locale"], info["profile"]["email"], info["tz"]) == ("en-US", EMAIL, "America/New_York")
    assert "locale" not in client.users_info(user="U1")["user"]
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*hi*"}}]
    posted = client.chat_postMessage(channel="C1", text="hi", blocks=blocks)
    assert slack.messages_in("C1")[0].blocks == blocks
    client.chat_update(channel="C1", ts=posted["ts"], text="edited")
    client.chat_postEphemeral(channel="C1", user="U1", text="just you")
    dm = client.chat_postMessage(channel="U1", text="dm")
    assert dm["channel"].startswith("D")
    assert slack.messages_in("U1")[0].text == "dm"
    assert slack.ephemerals_for("U1")[0].text == "just you"
    assert "edited" in slack.all_text()
    assert "*hi*" in slack.all_text()


@pytest.mark.parametrize(
    ("form", "error"),
    [
        ({"channel": "C404", "text": "x"}, "channel_not_found"),
        ({"channel": "CPRIV", "text": "x"}, "not_in_channel"),
        ({"channel": "C1"}, "no_text"),
        ({"channel": "C1", "blocks": "not json"}, "invalid_blocks_format"),
        ({"channel": "C1", "blocks": json.dumps([{"text": "no type"}])}, "invalid_blocks"),
        ({"channel": "C1", "blocks": json.dumps([{"type": "divider"}] * 51)}, "invalid_blocks"),
        ({"channel": "C1", "blocks": json.dumps(
            [{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}])}, "invalid_blocks"),
        ({"channel": "C1", "blocks": json.dumps([{"type": "header", "text": {"type": "mrkdwn", "text": "x"}}])},
         "invalid_blocks"),
    ],
)
def test_post_message_is_validated(slack, form, error):
    slack.add_channel("CPRIV", is_private=True, bot_is_member=False)
    assert slack_call(slack, "chat.postMessage", **form).json()["error"] == error
    assert slack.messages == []


def test_other_workspaces_are_invisible(slack):
    slack.add_bot_token("xoxb-other", "T0002")
    assert slack_call(slack, "users.info", token="xoxb-other", user="U1").json()["error"] == "user_not_found"
    assert slack_call(slack, "chat.postMessage", token="xoxb-other", channel="C1",
                      text="x").json()["error"] == "channel_not_found"


def test_slack_rate_limit(slack):
    slack.rate_limit_next(1, retry_after=2)
    limited = slack_call(slack, "auth.test")
    assert (limited.status_code, limited.headers["Retry-After"], limited.json()) == (
        429, "2", {"ok": False, "error": "ratelimited"})
    assert slack_call(slack, "auth.test").status_code == 429  # too soon: the window holds
    slack.advance_time(2)
    assert slack_call(slack, "auth.test").json()["ok"] is True


def test_response_url_is_limited_to_five_uses(slack):
    url = slack.new_response_url(channel_id="C1", user_id="U1")
    assert requests.post(url, json={"response_type": "in_channel"}, timeout=TIMEOUT).text == "no_text"
    answers = [requests.post(url, json={"text": f"#{i}"}, timeout=TIMEOUT) for i in range(6)]
    assert [(a.status_code, a.text) for a in answers] == [(200, "ok")] * 5 + [(404, "used_url")]
    assert [r.payload["text"] for r in slack.responses] == ["#0", "#1", "#2", "#3", "#4"]


def test_response_url_expires_after_thirty_minutes(slack):
    url = slack.new_response_url()
    slack.advance_time(30 * 60 + 1)
    answer = requests.post(url, json={"text": "late"}, timeout=TIMEOUT)
    assert (answer.status_code, answer.text) == (404, "expired_url")


def test_oauth_v2_access_code_is_single_use(slack):
    code = slack.new_install_code(team_id="T0002", redirect_uri="https://bot.example.test/slack/oauth_redirect")
    client = WebClient(base_url=slack.api_url)
    with pytest.raises(SlackApiError, match="bad_client_secret"):
        client.oauth_v2_access(client_id=slack.client_id, client_secret="nope", code=code)
    code = slack.new_install_code(team_id="T0002")
    installed = client.oauth_v2_access(client_id=slack.client_id, client_secret=slack.client_secret, code=code)
    assert (installed["team"], installed["bot_user_id"]) == ({"id": "T0002", "name": "Other"}, "UBOT2")
    assert WebClient(token=installed["access_token"], base_url=slack.api_url).auth_test()["team_id"] == "T0002"
    again = slack_call(slack, "oauth.v2.access", token=None, code=code, client_id=slack.client_id,
                       client_secret=slack.client_secret)
    assert again.json() == {"ok": False, "error": "invalid_code"}


def test_oauth_v2_access_rotating_refresh_tokens_are_single_use(slack):
    code = slack.new_install_code(rotation=True)
    client = WebClient(base_url=slack.api_url)
    creds = {"client_id": slack.client_id, "client_secret": slack.client_secret}
    first = client.oauth_v2_access(code=code, **creds)
    assert (first["expires_in"], first["refresh_token"][:7]) == (43200, "xoxe-1-")
    second = client.oauth_v2_access(grant_type="refresh_token", refresh_token=first["refresh_token"], **creds)
    assert second["access_token"] != first["access_token"]
    reused = slack_call(slack, "oauth.v2.access", token=None, grant_type="refresh_token",
                        refresh_token=first["refresh_token"], **creds)
    assert reused.json()["error"] == "invalid_refresh_token"
    assert (slack.refresh_count, slack.spent_refresh_token_uses) == (1, 1)
    slack.advance_time(43201)
    assert slack_call(slack, "auth.test", token=second["access_token"]).json()["error"] == "token_expired"


# -- Slack interactions ----------------------------------------------------------------------------


QUESTION_BLOCKS = [
    {"type": "section", "text": {"type": "mrkdwn", "text": "Which one?"}},
    {"type": "actions", "block_id": "q", "elements": [
        {"type": "button", "text": {"type": "plain_text", "text": "07:00"}, "action_id": "pick_0", "value": "7"},
        {"type": "button", "text": {"type": "plain_text", "text": "19:00"}, "action_id": "pick_1", "value": "19"},
    ]},
]
MODAL = {"type": "modal", "callback_id": "edit", "title": {"type": "plain_text", "text": "Edit"},
         "submit": {"type": "plain_text", "text": "Go"}, "private_metadata": '{"channel":"C1"}',
         "blocks": [{"type": "input", "block_id": "b", "label": {"type": "plain_text", "text": "Text"},
                     "element": {"type": "plain_text_input", "action_id": "t", "initial_value": "Sync at 7"}}]}


def _views_open(slack: SlackEmulator, trigger_id: str, view: dict | None = None) -> dict:
    return slack_call(slack, "views.open", trigger_id=trigger_id, view=json.dumps(view or MODAL)).json()


def test_views_open_needs_a_fresh_single_use_trigger_id_from_slack(slack):
    assert _views_open(slack, "123.456.made-up")["error"] == "invalid_trigger_id"
    trigger = slack.new_trigger_id("U1")
    opened = _views_open(slack, trigger)
    assert opened["ok"] is True
    assert (slack.views[0].user_id, slack.views[0].view["private_metadata"]) == ("U1", '{"channel":"C1"}')
    assert _views_open(slack, trigger)["error"] == "exchanged_trigger_id"
    late = slack.new_trigger_id("U1")
    slack.advance_time(3.5)  # Slack: trigger ids expire three seconds after they are issued
    assert _views_open(slack, late)["error"] == "expired_trigger_id"
    other_team = slack.new_trigger_id("U1", team_id="T0002")
    assert _views_open(slack, other_team)["error"] == "invalid_trigger_id"
    assert len(slack.views) == 1


@pytest.mark.parametrize("view", [
    {**MODAL, "submit": None},
    {**MODAL, "private_metadata": "x" * 3001},
    {**MODAL, "callback_id": "x" * 256},
    {**MODAL, "blocks": [{**MODAL["blocks"][0], "element": {"type": "plain_text_input", "action_id": "t",
                                                            "max_length": 5, "initial_value": "too long"}}]},
], ids=["no-submit", "long-metadata", "long-callback-id", "initial-over-max-length"])
def test_views_open_validates_the_modal(slack, view):
    assert _views_open(slack, slack.new_trigger_id("U1"), view)["error"] == "invalid_arguments"


def test_buttons_are_validated(slack):
    twin = [{"type": "actions", "elements": [
        {"type": "button", "text": {"type": "plain_text", "text": "a"}, "action_id": "same"},
        {"type": "button", "text": {"type": "plain_text", "text": "b"}, "action_id": "same"}]}]
    long_value = [{"type": "actions", "elements": [
        {"type": "button", "text": {"type": "plain_text", "text": "a"}, "action_id": "a", "value": "🎉" * 1001}]}]
    for blocks in (twin, long_value):
        assert slack_call(slack, "chat.postMessage", channel="C1", text="x",
                          blocks=json.dumps(blocks)).json()["error"] == "invalid_blocks"


def test_a_click_replaces_the_question_it_came_from(slack):
    url = slack.new_response_url(channel_id="C1", user_id="U1")
    requests.post(url, json={"text": "Which one?", "blocks": QUESTION_BLOCKS}, timeout=TIMEOUT)
    question = slack.shown_to("U1")[0]
    assert (question.ephemeral, question.channel, sorted(question.buttons())) == (True, "C1", ["pick_0", "pick_1"])
    assert slack.shown_to("U2") == []
    with pytest.raises(LookupError):
        slack.click(question.ts, "pick_0", user="U2")  # someone else's ephemeral
    with pytest.raises(LookupError):
        slack.click(question.ts, "pick_9", user="U1")

    payload = slack.click(question.ts, "pick_1", user="U1")
    assert payload["type"] == "block_actions"
    assert payload["actions"][0]["value"] == "19"
    assert payload["container"] == {"type": "message", "message_ts": question.ts, "channel_id": "C1",
                                    "is_ephemeral": True}
    assert "message" not in payload  # not sent for ephemeral messages
    assert payload["trigger_id"] != slack.click(question.ts, "pick_1", user="U1")["trigger_id"]
    answer = requests.post(payload["response_url"], json={"replace_original": True, "text": "Creating..."},
                           timeout=TIMEOUT)
    assert answer.status_code == 200
    now = slack.shown_to("U1")
    assert [(m.ts, m.text, m.buttons()) for m in now] == [(question.ts, "Creating...", {})]
    assert now[0].versions[0]["text"] == "Which one?"
    with pytest.raises(LookupError):
        slack.click(question.ts, "pick_0", user="U1")  # the buttons are gone
    requests.post(payload["response_url"], json={"text": "a new one"}, timeout=TIMEOUT)
    assert [m.text for m in slack.shown_to("U1")] == ["Creating...", "a new one"]
    assert requests.post(payload["response_url"], json={"delete_original": True}, timeout=TIMEOUT).status_code == 200
    assert [m.text for m in slack.shown_to("U1")] == ["a new one"]
    gone = requests.post(payload["response_url"], json={"replace_original": True, "text": "x"}, timeout=TIMEOUT)
    assert (gone.status_code, gone.text) == (404, "message_not_found")


def test_clicks_work_on_channel_messages_and_ephemerals_too(slack):
    posted = slack_call(slack, "chat.postMessage", channel="C1", text="q", blocks=json.dumps(QUESTION_BLOCKS)).json()
    payload = slack.click(posted["ts"], "pick_0", user="U1")
    assert payload["message"]["ts"] == posted["ts"]
    assert payload["container"]["is_ephemeral"] is False
    slack_call(slack, "chat.postEphemeral", channel="C1", user="U1", text="q", blocks=json.dumps(QUESTION_BLOCKS))
    ephemeral = slack.shown_to("U1")[-1]
    assert ephemeral.via == "chat.postEphemeral"
    reply = slack.click(ephemeral.ts, "pick_1", user="U1")
    requests.post(reply["response_url"], json={"replace_original": True, "text": "done"}, timeout=TIMEOUT)
    assert [m.text for m in slack.shown_to("U1")] == ["q", "done"]


def test_a_submitted_modal_carries_its_inputs_and_metadata(slack):
    _views_open(slack, slack.new_trigger_id("U1"))
    view_id = slack.views[0].view_id
    as_prefilled = slack.submit_view(view_id, user="U1")
    assert as_prefilled["type"] == "view_submission"
    assert as_prefilled["view"]["state"]["values"] == {"b": {"t": {"type": "plain_text_input",
                                                                   "value": "Sync at 7"}}}
    assert (as_prefilled["view"]["callback_id"], as_prefilled["view"]["private_metadata"]) == (
        "edit", '{"channel":"C1"}')
    assert "response_url" not in as_prefilled
    edited = slack.submit_view(view_id, user="U1", values={"b": "Sync at 7pm"})
    assert edited["view"]["state"]["values"]["b"]["t"]["value"] == "Sync at 7pm"
    with pytest.raises(ValueError, match="required"):
        slack.submit_view(view_id, user="U1", values={"b": ""})  # Slack's client does not submit that
    with pytest.raises(LookupError):
        slack.submit_view(view_id, user="U2")


FORM = {
    "type": "modal", "callback_id": "form", "title": {"type": "plain_text", "text": "Form"},
    "submit": {"type": "plain_text", "text": "Go"},
    "blocks": [
        {"type": "input", "block_id": "day", "label": {"type": "plain_text", "text": "Day"},
         "element": {"type": "datepicker", "action_id": "d", "initial_date": "2026-12-08"}},
        {"type": "input", "block_id": "at", "label": {"type": "plain_text", "text": "At"},
         "element": {"type": "timepicker", "action_id": "t", "initial_time": "10:30",
                     "timezone": "America/New_York"}},
        {"type": "input", "block_id": "len", "label": {"type": "plain_text", "text": "Length"},
         "element": {"type": "static_select", "action_id": "s",
                     "options": [{"text": {"type": "plain_text", "text": "30 min"}, "value": "30"},
                                 {"text": {"type": "plain_text", "text": "1 h"}, "value": "60"}],
                     "initial_option": {"text": {"type": "plain_text", "text": "1 h"}, "value": "60"}}},
        {"type": "input", "block_id": "who", "optional": True, "label": {"type": "plain_text", "text": "Who"},
         "element": {"type": "multi_users_select", "action_id": "u", "max_selected_items": 2}},
        {"type": "input", "block_id": "where", "label": {"type": "plain_text", "text": "Where"},
         "element": {"type": "conversations_select", "action_id": "c", "response_url_enabled": True,
                     "default_to_current_conversation": True}},
    ],
}


def test_a_submitted_form_carries_each_kind_of_input_and_a_response_url_where_the_app_may_post(slack):
    slack.add_channel("C2", name="secret", is_private=True, bot_is_member=False)
    slack.add_channel("C3", name="old", is_archived=True)
    assert _views_open(slack, slack.new_trigger_id("U1"), FORM)["ok"] is True
    view_id = slack.views[-1].view_id
    with pytest.raises(ValueError, match="required"):
        slack.submit_view(view_id, user="U1")  # no conversation picked: Slack's client will not submit
    sent = slack.submit_view(view_id, user="U1", values={"where": "C1", "who": ["U1"]})
    state = sent["view"]["state"]["values"]
    assert state["day"]["d"] == {"type": "datepicker", "selected_date": "2026-12-08"}
    assert state["at"]["t"] == {"type": "timepicker", "selected_time": "10:30", "timezone": "America/New_York"}
    assert state["len"]["s"]["selected_option"]["value"] == "60"
    assert state["who"]["u"] == {"type": "multi_users_select", "selected_users": ["U1"]}
    assert state["where"]["c"] == {"type": "conversations_select", "selected_conversation": "C1"}
    [answer] = sent["response_urls"]
    assert (answer["block_id"], answer["channel_id"]) == ("where", "C1")
    assert answer["response_url"].startswith(slack.base_url)
    for no_post in ("C2", "C3", "C404"):
        assert slack.submit_view(view_id, user="U1", values={"where": no_post})["response_urls"] == []
    with pytest.raises(ValueError, match="options"):
        slack.submit_view(view_id, user="U1", values={"where": "C1", "len": "45"})
    with pytest.raises(ValueError, match="more than 2"):
        slack.submit_view(view_id, user="U1", values={"where": "C1", "who": ["U1", "U2", "U3"]})


@pytest.mark.parametrize(("element", "problem"), [
    ({"type": "datepicker", "action_id": "d", "initial_date": "12/08/2026"}, "YYYY-MM-DD"),
    ({"type": "timepicker", "action_id": "t", "initial_time": "25:00"}, "HH:mm"),
    ({"type": "timepicker", "action_id": "t", "timezone": "Mars/Olympus"}, "time zone"),
    ({"type": "static_select", "action_id": "s", "options": []}, "options"),
    ({"type": "plain_text_input", "action_id": "p", "response_url_enabled": True}, "response_url_enabled"),
    ({"type": "button", "action_id": "b", "text": {"type": "plain_text", "text": "x"}}, "unsupported input"),
])
def test_views_open_refuses_form_inputs_slack_would_refuse(slack, element, problem):
    view = {**FORM, "blocks": [{"type": "input", "block_id": "x", "label": {"type": "plain_text", "text": "X"},
                                "element": element}]}
    refused = _views_open(slack, slack.new_trigger_id("U1"), view)
    assert refused["error"] == "invalid_arguments"
    assert problem in " ".join(refused["response_metadata"]["messages"])


# -- signing ---------------------------------------------------------------------------------------


class _FixedClock(Clock):
    def now(self) -> float:
        return 1_700_000_010


def test_signed_slash_command_verifies_with_slack_sdk():
    form = slash_command_form(text="standup at 3pm", team_id="T0001", user_id="U1", channel_id="C1",
                              response_url="http://127.0.0.1:1/response/x")
    headers, body = signed_slash_command_headers_and_body("shh", form, timestamp=1_700_000_000)
    assert b"text=standup+at+3pm" in body
    verifier = SignatureVerifier("shh", clock=_FixedClock())
    assert verifier.is_valid_request(body, headers)
    assert not SignatureVerifier("other").is_valid_request(body, headers)


def test_slack_methods_need_their_scopes_and_emails_need_users_read_email(slack):
    slack.add_bot_token("xoxb-no-email", slack.team_id, scopes=("commands", "chat:write", "users:read"))
    slack.add_bot_token("xoxb-commands-only", slack.team_id, scopes=("commands",))
    assert slack_call(slack, "users.info", user="U1").json()["user"]["profile"]["email"] == EMAIL
    assert "email" not in slack_call(slack, "users.info", "xoxb-no-email", user="U1").json()["user"]["profile"]
    refused = slack_call(slack, "chat.postMessage", "xoxb-commands-only", channel="C1", text="x").json()
    assert (refused["ok"], refused["error"], refused["needed"]) == (False, "missing_scope", "chat:write")


# -- people's posts, threads, shortcuts ---------------------------------------------------------------


def test_threads_keep_their_repliers_and_a_shortcut_describes_the_message_as_slack_does(slack):
    slack.add_user("U2", name="bob")
    slack.add_user("U3", name="carol")
    parent = slack.post_as("U2", "C1", "Deploy?")
    slack.post_as("U3", "C1", "yes", thread_ts=parent)
    reply = slack.post_as("U2", "C1", "ok", thread_ts=parent)
    slack.post_as("U1", "C1", "on it", thread_ts=reply)  # a reply's ts stands for its parent's thread

    payload = slack.message_shortcut(parent, user="U1")
    assert payload["type"] == "message_action"
    assert payload["callback_id"] == "zoom_about_this"
    assert payload["channel"]["id"] == "C1"
    assert payload["message_ts"] == parent
    message = payload["message"]
    assert (message["user"], message["text"], message["thread_ts"]) == ("U2", "Deploy?", parent)
    assert (message["reply_count"], message["reply_users"]) == (3, ["U3", "U2", "U1"])
    assert payload["response_url"].startswith(slack.base_url)
    assert _views_open(slack, payload["trigger_id"])["ok"] is True  # a real, fresh trigger

    described = slack.message_shortcut(reply, user="U1")["message"]
    assert (described["thread_ts"], described["parent_user_id"]) == (parent, "U2")
    assert "reply_users" not in described  # Slack names a thread's repliers on its parent only

    # The bot's reply in the thread counts like anyone's.
    posted = slack_call(slack, "chat.postMessage", channel="C1", text="Join", thread_ts=parent).json()
    assert posted["message"]["thread_ts"] == parent
    assert slack.message_shortcut(parent, user="U1")["message"]["reply_users"] == ["U3", "U2", "U1", "UBOT"]
    assert [m.ts for m in slack.thread(parent)] == [posted["ts"]]
    lonely = slack.post_as("U3", "C1", "lunch?")
    assert "thread_ts" not in slack.message_shortcut(lonely, user="U1")["message"]
    with pytest.raises(LookupError):
        slack.message_shortcut("1.000000", user="U1")


def test_a_global_shortcut_has_no_channel_no_message_and_no_response_url(slack):
    payload = slack.global_shortcut(user="U1")
    assert (payload["type"], payload["callback_id"], payload["user"]["id"]) == ("shortcut", "zoom_schedule", "U1")
    assert not {"channel", "message", "response_url"} & set(payload)
    assert _views_open(slack, payload["trigger_id"])["ok"] is True


def test_calls_can_be_made_to_fail_after_some_go_through(slack):
    slack.fail_calls("chat.postMessage", "internal_error", after=1, times=2)
    answers = [slack_call(slack, "chat.postMessage", channel="C1", text="x").json() for _ in range(4)]
    assert [a.get("error") for a in answers] == [None, "internal_error", "internal_error", None]
    assert len(slack.messages) == 2
