"""Zoom REST API calls the bot makes, authenticated by a token source it is handed."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Protocol
from urllib.parse import quote

import requests

from zoom._http import DEFAULT_TIMEOUT, json_or_empty, readable, timed_request
from zoom.errors import (
    ZoomApiError,
    ZoomBadResponse,
    ZoomInvalidToken,
    ZoomMeetingNotFound,
    ZoomMissingScopes,
    ZoomRateLimited,
    ZoomSchedulerNotEnabled,
    ZoomUnavailable,
    ZoomUserNotFound,
)
from zoom.models import ListedMeeting, Meeting, MeetingChange, MeetingRequest, Schedule, ZoomUser

INVALID_TOKEN_CODE = 124
MAX_PAGES = 20
ACCOUNT_PAUSE_LIMIT = 60.0
# Zoom's longest limit is a day; a Retry-After beyond a week is garbage, read as a week.
MAX_RETRY_AFTER = 7 * 24 * 3600.0
USER_NOT_FOUND_CODES = (1001, 1120)
MEETING_NOT_FOUND_CODE = 3001
MISSING_SCOPES_CODE = 4711
SCHEDULES_PAGE_SIZE = 100
# Words of a refusal that means "no Scheduler for this user" when Zoom answers 400 or 404 (see scheduler_refusal).
_SCHEDULER_OFF_WORDS = ("scheduler", "licence", "license", "not enabled", "not activated", "add-on")


class TokenSource(Protocol):
    """Where ZoomApi gets its bearer token; storage implements it for users, the S2S cache for accounts."""

    def access_token(self) -> str: ...

    def refresh_after_rejection(self, rejected_token: str) -> str:
        """Zoom said 401/124 for `rejected_token`: return a token that is worth one more try."""
        ...


class Pacer(Protocol):
    """Keeps an account's calls under Zoom's rate limit, across every worker that calls as that account."""

    def wait_turn(self) -> None:
        """Block until this call may go."""
        ...

    def pause(self, seconds: float) -> None:
        """Zoom answered 429: no call of this account for `seconds`."""
        ...


class Unpaced:
    def wait_turn(self) -> None:
        return None

    def pause(self, seconds: float) -> None:
        return None


class ZoomApi:
    def __init__(
        self,
        api_url: str,
        tokens: TokenSource,
        *,
        session: requests.Session | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        max_retry_wait: float = 5.0,
        sleep: Callable[[float], None] = time.sleep,
        pacer: Pacer | None = None,
    ):
        self._base = api_url.rstrip("/")
        self._tokens = tokens
        self._session = session or requests.Session()
        self._timeout = timeout
        self._max_retry_wait = max_retry_wait
        self._sleep = sleep
        self._pacer = pacer or Unpaced()

    def me(self) -> ZoomUser:
        return self.get_user("me")

    def get_user(self, user_id: str) -> ZoomUser:
        body = self._request("GET", "/users/{userId}", ids={"userId": user_id})
        return readable(ZoomUser.from_response, body, "user")

    def create_meeting(self, request: MeetingRequest, *, user_id: str = "me") -> Meeting:
        body = self._request("POST", "/users/{userId}/meetings", ids={"userId": user_id}, json=request.to_zoom())
        return readable(Meeting.from_response, body, "meeting")

    def get_meeting(self, meeting_id: int) -> Meeting:
        body = self._request("GET", "/meetings/{meetingId}", ids={"meetingId": int(meeting_id)})
        return readable(Meeting.from_response, body, "meeting")

    def delete_meeting(self, meeting_id: int) -> None:
        """Cancel a meeting (all occurrences of a recurring one). ZoomMeetingNotFound if it is gone already."""
        self._request("DELETE", "/meetings/{meetingId}", ids={"meetingId": int(meeting_id)})

    def update_meeting(self, meeting_id: int, change: MeetingChange) -> None:
        self._request("PATCH", "/meetings/{meetingId}", ids={"meetingId": int(meeting_id)}, json=change.to_zoom())

    def find_meeting_by_marker(self, marker: str, *, user_id: str = "me") -> Meeting | None:
        """The user's upcoming meeting whose agenda carries `marker`, in full, or None.

        Zoom has no idempotency key: a create whose answer was lost (a crash, a timeout) is found again by
        the marker the bot put into its agenda, before anything is created a second time."""
        for item in self._upcoming(user_id, page_size=300):
            if marker in str(item.get("agenda") or ""):
                return self.get_meeting(int(item["id"]))
        return None

    def upcoming_meetings(self, *, user_id: str = "me", page_size: int = 300) -> list[ListedMeeting]:
        """Every upcoming meeting of the user, across all of Zoom's pages, soonest first."""
        found = [readable(ListedMeeting.from_response, item, "meeting list")
                 for item in self._upcoming(user_id, page_size=page_size)]
        far = datetime.max.replace(tzinfo=UTC)
        return sorted(found, key=lambda meeting: meeting.start_time or far)

    def _upcoming(self, user_id: str, *, page_size: int) -> Iterator[dict[str, Any]]:
        """The raw entries of `GET /users/{userId}/meetings?type=upcoming`, following next_page_token."""
        page_token = ""
        for _ in range(MAX_PAGES):
            body = self._request("GET", "/users/{userId}/meetings", ids={"userId": user_id},
                                 query=f"type=upcoming&page_size={int(page_size)}"
                                       f"&next_page_token={quote(page_token)}")
            for item in body.get("meetings") or []:
                if isinstance(item, dict) and item.get("id"):
                    yield item
            page_token = str(body.get("next_page_token") or "")
            if not page_token:
                return

    def list_schedules(self, *, user_id: str = "") -> list[Schedule]:
        """Every Zoom Scheduler schedule of the token's user, across all of Zoom's pages (deleted ones are not
        asked for). `user_id` (a Zoom user id) only with an admin token (Server-to-Server): that user's.

        ZoomSchedulerNotEnabled when the user has no Scheduler, ZoomMissingScopes without scheduler:read."""
        found: list[Schedule] = []
        page_token = ""
        for _ in range(MAX_PAGES):
            query = f"page_size={SCHEDULES_PAGE_SIZE}&next_page_token={quote(page_token)}"
            if user_id:
                query += f"&user_id={quote(user_id)}"
            body = self._scheduler_request("GET", "/scheduler/schedules", query=query)
            items = body.get("items") or []
            if not isinstance(items, list):
                raise ZoomBadResponse("Zoom sent a schedule list the bot cannot read", status=200)
            found += [readable(Schedule.from_response, item, "schedule list") for item in items]
            page_token = str(body.get("next_page_token") or "")
            if not page_token:
                break
        return found

    def create_single_use_link(self, schedule_id: str) -> str:
        """A booking link for `schedule_id` that works for one booking (`POST
        /scheduler/schedules/single_use_link`, 201 with `scheduling_url`)."""
        body = self._scheduler_request("POST", "/scheduler/schedules/single_use_link",
                                       json={"schedule_id": schedule_id})
        return readable(_scheduling_url, body, "booking link")

    def _scheduler_request(self, method: str, endpoint: str, *, query: str = "",
                           json: dict[str, Any] | None = None) -> dict[str, Any]:
        try:
            return self._request(method, endpoint, query=query, json=json)
        except ZoomApiError as error:
            raise scheduler_refusal(error) from None

    def _request(self, method: str, endpoint: str, *, ids: Mapping[str, str | int] | None = None, query: str = "",
                 json: dict[str, Any] | None = None) -> dict[str, Any]:
        """Call `endpoint`, a path template of Zoom's reference (/users/{userId}), with its `ids` filled in.

        The template itself is what observers see (zoom._http.observe_calls): never an id, email or token."""
        path = endpoint.format_map({name: quote(str(value), safe="@") for name, value in (ids or {}).items()})
        if query:
            path = f"{path}?{query}"
        token = self._tokens.access_token()
        refreshed = False
        rate_limit_retries = 2
        while True:
            self._pacer.wait_turn()
            response = self._send(method, path, endpoint, token, json)
            if response.status_code == 401 and not refreshed and _zoom_code(response) == INVALID_TOKEN_CODE:
                # Expired or revoked early: refresh once; a second 401 is a real failure.
                token = self._tokens.refresh_after_rejection(token)
                refreshed = True
                continue
            if response.status_code == 429:
                wait = _retry_after(response)
                if wait <= ACCOUNT_PAUSE_LIMIT:
                    # A per-second limit is the account's, shared by every user: everyone waits. A daily
                    # limit (Retry-After hours away) is one user's, and pausing the account would stop all.
                    self._pacer.pause(wait)
                if rate_limit_retries > 0 and wait <= self._max_retry_wait:
                    rate_limit_retries -= 1
                    self._sleep(wait)
                    continue
                raise ZoomRateLimited("Zoom is rate limiting requests", retry_after=wait)
            return _parse(response)

    def _send(self, method: str, path: str, endpoint: str, token: str,
              json: dict[str, Any] | None) -> requests.Response:
        try:
            return timed_request(
                self._session,
                method,
                f"{self._base}{path}",
                endpoint=endpoint,
                json=json,
                headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
                timeout=self._timeout,
            )
        except requests.RequestException as exc:
            raise ZoomUnavailable(f"Zoom API unreachable: {type(exc).__name__}") from None


def _parse(response: requests.Response) -> dict[str, Any]:
    status = response.status_code
    if status == 204:
        return {}
    body = json_or_empty(response)
    if 200 <= status < 300:
        return body
    code = body.get("code") if isinstance(body.get("code"), int) else None
    message = str(body.get("message", "")) or f"HTTP {status}"
    if status >= 500:
        raise ZoomUnavailable(f"Zoom answered {status}", status=status, code=code)
    if code == MISSING_SCOPES_CODE:
        raise ZoomMissingScopes(message, status=status, code=code, scopes=missing_scopes(message))
    if status == 401:
        raise ZoomInvalidToken(f"Zoom rejected the access token: {message}", status=status, code=code)
    if code in USER_NOT_FOUND_CODES or (status == 404 and "user" in message.lower()):
        raise ZoomUserNotFound(message, status=status, code=code)
    if code == MEETING_NOT_FOUND_CODE or (status == 404 and "meeting" in message.lower()):
        raise ZoomMeetingNotFound(message, status=status, code=code)
    raise ZoomApiError(message, status=status, code=code)


def missing_scopes(message: str) -> tuple[str, ...]:
    """The scopes a 4711 names: "Invalid access token, does not contain scopes:[a, b]." gives ("a", "b")."""
    inside = message.partition("[")[2].partition("]")[0]
    return tuple(scope.strip() for scope in inside.split(",") if scope.strip())


def scheduler_refusal(error: ZoomApiError) -> ZoomApiError:
    """A Scheduler call's refusal, read as "no Scheduler for this user" where that is what it means.

    Zoom publishes no error for a user without Scheduler (its spec of these endpoints lists 400
    InvalidArgument, 401 Unauthorized with Scheduler's own code 401, 409, 429 and 500). Assumed here, and
    emulated by handlers/demo/emulators/zoom.py: once the token is accepted (not the gateway's 401 with code 124,
    nor a missing scope, 4711), a 401 or 403 says the user may not use Scheduler (not licensed, or switched off
    for the account or group), and so does a 400 or 404 whose message names Scheduler or a licence. Anything
    else stays what it was, worded as any other refusal."""
    if isinstance(error, ZoomMissingScopes | ZoomUnavailable | ZoomRateLimited | ZoomUserNotFound):
        return error
    if type(error) is not ZoomApiError and not isinstance(error, ZoomInvalidToken):
        return error  # a ZoomGrantRevoked, or any other already-typed refusal
    if isinstance(error, ZoomInvalidToken) and error.code == INVALID_TOKEN_CODE:
        return error
    message = str(error)
    if error.status in (401, 403) or (error.status in (400, 404)
                                      and any(word in message.lower() for word in _SCHEDULER_OFF_WORDS)):
        return ZoomSchedulerNotEnabled(message, status=error.status, code=error.code)
    return error


def _scheduling_url(body: dict[str, Any]) -> str:
    url = body["scheduling_url"]
    if not isinstance(url, str) or not url.startswith(("https://", "http://")) or any(c in url for c in " <>|\n"):
        raise ValueError("not a link")
    return url


def _zoom_code(response: requests.Response) -> int | None:
    code = json_or_empty(response).get("code")
    return code if isinstance(code, int) else None


def _retry_after(response: requests.Response, *, now: datetime | None = None) -> float:
    """Seconds to wait. Zoom sends seconds for short limits, a date for daily ones (`2027-01-01T00:00:00Z`,
    or an HTTP date), and sometimes no header at all: then a second, as for its per-second limits."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return 1.0
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return min(max(0.0, seconds), MAX_RETRY_AFTER) if seconds == seconds else 1.0  # NaN: as if absent
    try:
        until = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            until = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return 1.0
    if until.tzinfo is None:
        until = until.replace(tzinfo=UTC)
    return min(max(0.0, (until - (now or datetime.now(UTC))).total_seconds()), MAX_RETRY_AFTER)

