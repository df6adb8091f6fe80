"""An in-process Zoom emulator: OAuth server (PKCE, rotating refresh tokens, S2S) and a slice of REST API v2.

It is deliberately as strict as Zoom: a bot that passes against it should pass against Zoom. Its event
subscription (signed webhooks to the bot: a meeting started, joined, ended, deleted, moved, recorded) is in
_zoom_webhooks.py.
"""

from __future__ import annotations

import base64
import calendar
import collections
import hashlib
import hmac
import itertools
import json
import re
import secrets
import string
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, NamedTuple
from urllib.parse import urlencode, urlsplit, urlunsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from ._server import (
    EmulatorServer,
    Record,
    html_response,
    json_object,
    json_response,
    parse_basic_auth,
    parse_bearer,
)
from ._zoom_consent import CONSENT_PARAMS, consent_page
from ._zoom_scheduler import ZoomScheduler
from ._zoom_schema import create_meeting_error, update_meeting_error
from ._zoom_webhooks import ZoomWebhooks

# The app's scopes (the `scopes` knob): each grant keeps those it was given at authorization, refreshes too.
DEFAULT_SCOPES = "meeting:write meeting:read user:read scheduler:read scheduler:write"
AUTH_CODE_TTL_SECONDS = 5 * 60
REFRESH_TOKEN_TTL_SECONDS = 90 * 24 * 3600  # Zoom refresh tokens live 90 days
MEETING_HOST = "https://zoom.example.test"
#: Every start_url carries this; it grants host rights, so tests assert it never reaches a channel.
START_URL_MARKER = "zak="

FORM_MIMETYPE = "application/x-www-form-urlencoded"
# RFC 7636: an S256 challenge is exactly 43 base64url characters; a verifier is 43..128 unreserved ones.
_PKCE_CHALLENGE_RE = re.compile(r"[A-Za-z0-9_-]{43}")
_PKCE_VERIFIER_RE = re.compile(r"[A-Za-z0-9._~-]{43,128}")
_UTC_START_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
_LOCAL_START_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")
_SCHEDULED_TYPES = (2, 8)  # the meeting types that start at a fixed time
# Zoom's limits on `recurrence.repeat_interval`: 99 days, 50 weeks, 10 months.
_MAX_REPEAT_INTERVAL = {1: 99, 2: 50, 3: 10}
_MAX_OCCURRENCES = 60

_ROUTES = Map(
    [
        Rule("/oauth/authorize", endpoint="authorize", methods=["GET", "POST"]),  # POST: the consent page's answer
        Rule("/oauth/token", endpoint="token", methods=["POST"]),
        Rule("/oauth/revoke", endpoint="revoke", methods=["POST"]),
        Rule("/v2/users/<user_ref>", endpoint="user", methods=["GET"]),
        Rule("/v2/users/<user_ref>/meetings", endpoint="user_meetings", methods=["GET", "POST"]),
        Rule("/v2/meetings/<meeting_id>", endpoint="meeting", methods=["GET", "PATCH", "DELETE"]),
        # Zoom Scheduler (handlers/demo/emulators/_zoom_scheduler.py)
        Rule("/v2/scheduler/schedules", endpoint="schedules", methods=["GET"]),
        Rule("/v2/scheduler/schedules/single_use_link", endpoint="single_use_link", methods=["POST"]),
    ],
    strict_slashes=False,
)


# -- recorded state (public) -----------------------------------------------------------------------


@dataclass
class ZoomUserRecord(Record):
    id: str
    email: str
    first_name: str
    last_name: str
    timezone: str
    account_id: str
    type: int = 2  # 2 = licensed

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def to_api(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "email": self.email,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "display_name": self.display_name,
            "account_id": self.account_id,
            "timezone": self.timezone,
            "type": self.type,
            "status": "active",
            "verified": 1,
            "language": "en-US",
            "role_id": "2",
        }


@dataclass
class MeetingRecord(Record):
    id: int
    uuid: str
    host_id: str
    host_email: str
    topic: str
    type: int
    start_time: str  # as Zoom answers it: UTC with Z
    start_utc: datetime | None  # None for meeting types without a fixed time (3, 10)
    duration: int
    timezone: str
    agenda: str
    password: str | None
    join_url: str
    start_url: str
    start_secret: str  # the zak value inside start_url
    settings: dict[str, Any]
    created_at: str
    request_body: dict[str, Any]
    token_kind: str  # "user" or "account"
    deleted: bool = False
    recurrence: dict[str, Any] | None = None  # as sent, for type 8
    occurrences: list[datetime] = field(default_factory=list)  # UTC starts of a type 8 meeting
    created_epoch: float = 0.0  # time.time() when it was created, for throughput figures
    updates: list[dict[str, Any]] = field(default_factory=list)  # every PATCH body Zoom took, in order

    def to_api(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "uuid": self.uuid,
            "id": self.id,
            "host_id": self.host_id,
            "host_email": self.host_email,
            "topic": self.topic,
            "type": self.type,
            "status": "waiting",
            "start_time": self.start_time,
            "duration": self.duration,
            "timezone": self.timezone,
            "created_at": self.created_at,
            "start_url": self.start_url,
            "join_url": self.join_url,
            "pre_schedule": False,
            "settings": dict(self.settings),
        }
        if self.agenda:
            body["agenda"] = self.agenda
        if self.password is not None:
            body["password"] = self.password
        if self.recurrence is not None:
            body["recurrence"] = dict(self.recurrence)
            body["occurrences"] = [
                {"occurrence_id": str(int(start.timestamp() * 1000)), "start_time": _zoom_time(start),
                 "duration": self.duration, "status": "available"} for start in self.occurrences]
        return body


@dataclass
class TokenRequestRecord(Record):
    grant_type: str
    client_id: str | None
    status: int
    error: str | None
    code: str | None = None
    refresh_token: str | None = None
    account_id: str | None = None


@dataclass
class RevocationRecord(Record):
    token_kind: str  # "access" (revoked), "refresh" or "unknown" (both refused with 400)
    user_email: str | None
    status: int


class ApiCall(NamedTuple):
    method: str
    path: str
    token_kind: str  # "user", "account", "expired", "invalid" or "none"


# -- internal state --------------------------------------------------------------------------------


@dataclass
class _AuthCode:
    client_id: str
    redirect_uri: str
    code_challenge: str
    user_id: str
    expires_at: float
    scope: str  # what the app asked for when the user consented


@dataclass
class _Grant:
    id: str
    user_id: str
    client_id: str
    scope: str  # fixed when the user consented: adding scopes to the app later does not change it
    revoked: bool = False


@dataclass
class _AccessToken:
    kind: str  # "user" or "account"
    account_id: str
    expires_at: float
    scope: str
    user_id: str | None = None
    grant_id: str | None = None
    revoked: bool = False


@dataclass
class _RefreshToken:
    grant_id: str
    expires_at: float
    spent: bool = False


@dataclass
class _Clients:
    """Which roles a set of Basic credentials may play."""

    user_app: bool = False  # the user-managed OAuth app (authorization_code, refresh_token)
    s2s: bool = False  # the Server-to-Server app (account_credentials)

    def __bool__(self) -> bool:
        return self.user_app or self.s2s


class ZoomEmulator(ZoomScheduler, ZoomWebhooks, EmulatorServer):
    name = "zoom-emulator"

    def __init__(
        self,
        client_id: str = "zoom-client-id",
        client_secret: str = "zoom-client-secret",
        *,
        access_token_ttl: int = 3600,
        account_id: str = "acct-1",
        s2s_client_id: str | None = None,
        s2s_client_secret: str | None = None,
    ):
        super().__init__()
        self.client_id = client_id
        self.client_secret = client_secret
        self.account_id = account_id
        self.s2s_client_id = s2s_client_id
        self.s2s_client_secret = s2s_client_secret
        #: Knobs, plain attributes: change them at any time.
        self.access_token_ttl = access_token_ttl
        self.refresh_token_ttl = REFRESH_TOKEN_TTL_SECONDS
        #: Knob: the app's scopes. A user grant gets them when the user consents and keeps them (refreshes
        #: too): a user who connected before a scope was added lacks it until they connect again. An S2S
        #: token gets them when it is issued.
        self.scopes = DEFAULT_SCOPES
        self.token_latency: float = 0.0
        #: Knob: Create Meeting requests per second an account may make, as Zoom enforces it (a "Medium" API:
        #: 20 on Pro, 60 on Business); more within one second answer 429 with `Retry-After: 1`. None: no limit.
        self.create_meetings_per_second: int | None = None
        self.allowed_redirect_uris: set[str] | None = None  # None: any absolute http(s) URI
        #: Knob: show Zoom's consent page (which account, Allow or Decline) instead of answering at once for the
        #: signed-in user. The demo turns it on, so a person clicks through it; tests drive it with a browser.
        self.consent_page = False
        #: Knob: the most meetings one page of `GET /users/{userId}/meetings` holds, whatever `page_size` asks
        #: (Zoom's is 300). Lower it to make a client that asks for 300 follow `next_page_token`.
        self.list_max_page_size = 300

        self._users: dict[str, ZoomUserRecord] = {}
        self._users_by_email: dict[str, ZoomUserRecord] = {}
        self._signed_in_user_id: str | None = None
        self._deny_next_authorize = False
        self._auth_codes: dict[str, _AuthCode] = {}
        self._grants: dict[str, _Grant] = {}
        self._access_tokens: dict[str, _AccessToken] = {}
        self._refresh_tokens: dict[str, _RefreshToken] = {}
        self._meetings: dict[int, MeetingRecord] = {}
        self._page_tokens: dict[str, tuple[tuple[str, str, int], int]] = {}
        self._recent_creates: dict[str, collections.deque[float]] = {}
        self._create_limit_refusals = 0

        self._authorize_requests: list[dict[str, str]] = []
        self._token_requests: list[TokenRequestRecord] = []
        self._revocations: list[RevocationRecord] = []
        self._api_calls: list[ApiCall] = []
        self._refresh_failures: list[str] = []
        self._refresh_count = 0
        self._account_grant_count = 0
        self._init_webhooks()  # the event subscription (handlers/demo/emulators/_zoom_webhooks.py)
        self._init_scheduler()  # Zoom Scheduler (handlers/demo/emulators/_zoom_scheduler.py)

    # -- URLs ---------------------------------------------------------------------------------------

    @property
    def oauth_url(self) -> str:
        return self.base_url

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/v2"

    # -- test setup -------------------------------------------------------------------------------

    def add_user(
        self,
        email: str,
        *,
        user_id: str | None = None,
        first_name: str = "",
        last_name: str = "",
        timezone: str = "UTC",
    ) -> ZoomUserRecord:
        user = ZoomUserRecord(
            id=user_id or secrets.token_urlsafe(16),  # 22 characters, like Zoom's user ids
            email=email,
            first_name=first_name,
            last_name=last_name,
            timezone=timezone,
            account_id=self.account_id,
        )
        with self._lock:
            if email.lower() in self._users_by_email or user.id in self._users:
                raise ValueError(f"Zoom user {email} already exists")
            self._users[user.id] = user
            self._users_by_email[email.lower()] = user
        return user

    def user(self, id_or_email: str) -> ZoomUserRecord:
        with self._lock:
            found = self._find_user(id_or_email)
        if found is None:
            raise KeyError(id_or_email)
        return found

    def login_as(self, email: str | None) -> None:
        """Who is signed in to Zoom "in the browser"; /oauth/authorize acts for them. None signs out."""
        with self._lock:
            self._signed_in_user_id = None if email is None else self.user(email).id

    def deny_next_authorize(self) -> None:
        """The next valid authorize request redirects with error=access_denied (the user clicked Decline)."""
        with self._lock:
            self._deny_next_authorize = True

    def expire_access_tokens(self) -> None:
        """Every access token issued so far is expired from now on (refresh tokens are untouched)."""
        with self._lock:
            cutoff = self.now() - 1
            for token in self._access_tokens.values():
                token.expires_at = min(token.expires_at, cutoff)

    def revoke_all_grants_for(self, email: str) -> int:
        """The user removed the app at Zoom: all their grants, access and refresh tokens die."""
        with self._lock:
            user = self.user(email)
            grants = [g for g in self._grants.values() if g.user_id == user.id and not g.revoked]
            for grant in grants:
                grant.revoked = True
            return len(grants)

    def schedule_at_zoom(self, email: str, *, topic: str, start: datetime, duration: int = 60,
                         timezone: str = "UTC", recurrence: dict[str, Any] | None = None) -> MeetingRecord:
        """A meeting `email` scheduled at Zoom itself (the web portal, a calendar), not through the bot: the
        same body a client would send, checked the same way. `start` is aware; `recurrence` (Zoom's fields)
        makes it a type 8 meeting."""
        body: dict[str, Any] = {"topic": topic, "type": 8 if recurrence else 2, "duration": duration,
                                "timezone": timezone, "start_time": _zoom_time(start)}
        if recurrence:
            body["recurrence"] = recurrence
        problem = create_meeting_error(body)
        if problem:
            raise ValueError(f"not a body Zoom takes: {problem}")
        start_utc, error = _meeting_start(body, datetime.fromtimestamp(self.now(), UTC))
        occurrences: list[datetime] = []
        if error is None and recurrence and start_utc is not None:
            occurrences, error = _occurrences(recurrence, start_utc, timezone)
        if error:
            raise ValueError(error)
        with self._lock:
            return self._store_meeting(body, self.user(email), start_utc, "web", occurrences)

    def issue_tokens_for(self, email: str) -> dict[str, Any]:
        """A token response as if `email` had completed the OAuth flow, for seeding the bot's storage."""
        with self._lock:
            return self._new_user_grant(self.user(email).id, self.client_id)

    # -- inspection -------------------------------------------------------------------------------

    @property
    def authorize_requests(self) -> list[dict[str, str]]:
        with self._lock:
            return [dict(r) for r in self._authorize_requests]

    @property
    def token_requests(self) -> list[TokenRequestRecord]:
        with self._lock:
            return list(self._token_requests)

    @property
    def revocations(self) -> list[RevocationRecord]:
        with self._lock:
            return list(self._revocations)

    @property
    def api_calls(self) -> list[ApiCall]:
        with self._lock:
            return list(self._api_calls)

    @property
    def meetings(self) -> list[MeetingRecord]:
        """Every meeting created, in order, deleted ones included (see `.deleted`)."""
        with self._lock:
            return list(self._meetings.values())

    def meeting(self, meeting_id: int) -> MeetingRecord:
        with self._lock:
            return self._meetings[int(meeting_id)]

    @property
    def refresh_count(self) -> int:
        with self._lock:
            return self._refresh_count

    @property
    def spent_refresh_token_uses(self) -> int:
        """Refresh attempts with a dead token (spent, revoked, expired or unknown). Should stay 0."""
        with self._lock:
            return len(self._refresh_failures)

    @property
    def refresh_failures(self) -> list[str]:
        """Why each of those attempts failed: "spent", "revoked", "expired" or "unknown"."""
        with self._lock:
            return list(self._refresh_failures)

    @property
    def account_grant_count(self) -> int:
        with self._lock:
            return self._account_grant_count

    @property
    def valid_refresh_tokens(self) -> int:
        with self._lock:
            return sum(1 for t in self._refresh_tokens.values() if self._refresh_problem(t) is None)

    def valid_refresh_tokens_for(self, email: str) -> int:
        with self._lock:
            user_id = self.user(email).id
            return sum(
                1
                for t in self._refresh_tokens.values()
                if self._refresh_problem(t) is None and self._grants[t.grant_id].user_id == user_id
            )

    def access_token_status(self, token: str) -> str:
        """"valid", "expired", "revoked" or "unknown"."""
        with self._lock:
            record = self._access_tokens.get(token)
            if record is None:
                return "unknown"
            if self._access_revoked(record):
                return "revoked"
            return "expired" if record.expires_at <= self.now() else "valid"

    # -- dispatch ---------------------------------------------------------------------------------

    def _handle(self, request: Request) -> Response:
        adapter = _ROUTES.bind_to_environ(request.environ)
        if request.path.startswith("/v2/"):
            return self._handle_api(request, adapter)
        try:
            endpoint, _ = adapter.match()
        except NotFound:
            return html_response("Not Found", 404)
        except MethodNotAllowed:
            return html_response("Method Not Allowed", 405)
        return getattr(self, f"_oauth_{endpoint}")(request)

    # -- OAuth: authorize -------------------------------------------------------------------------

    def _oauth_authorize(self, request: Request) -> Response:
        if request.method == "POST":
            return self._consent_answer(request)
        params = request.args.to_dict()
        with self._lock:
            self._authorize_requests.append(dict(params))
        problem = self._authorize_problem(params)
        if problem:
            return html_response(problem, 400)
        state = params.get("state")
        with self._lock:
            denied, self._deny_next_authorize = self._deny_next_authorize, False
            if denied:
                return _redirect(params["redirect_uri"], {"error": "access_denied", "state": state})
            if self.consent_page:
                users = sorted(self._users.values(), key=lambda u: u.email)
                return consent_page(params, users, self._signed_in_user_id, self.scopes)
            if self._signed_in_user_id is None:
                # Zoom would show its sign-in page; a test that forgot login_as() sees no redirect.
                return html_response("Sign in to Zoom (emulator: call zoom.login_as(email) first)", 200)
            code = self._new_auth_code(params, self._signed_in_user_id)
        return _redirect(params["redirect_uri"], {"code": code, "state": state})

    def _consent_answer(self, request: Request) -> Response:
        """The consent page's form: the authorize request's own parameters, the account picked and the button."""
        params = {key: request.form.get(key, "") for key in CONSENT_PARAMS if key in request.form}
        problem = self._authorize_problem(params)
        if problem or not self.consent_page:
            return html_response(problem or "Not Found", 400 if problem else 404)
        state = params.get("state")
        if request.form.get("decision") != "allow":
            return _redirect(params["redirect_uri"], {"error": "access_denied", "state": state})
        with self._lock:
            user = self._users.get(request.form.get("zoom_user", ""))
            if user is None:
                return html_response("Choose the Zoom account to sign in with.", 400)
            self._signed_in_user_id = user.id  # as a browser stays signed in to Zoom after consenting
            code = self._new_auth_code(params, user.id)
        return _redirect(params["redirect_uri"], {"code": code, "state": state})

    def _new_auth_code(self, params: dict[str, str], user_id: str) -> str:
        code = secrets.token_urlsafe(24)
        self._auth_codes[code] = _AuthCode(
            client_id=params["client_id"],
            redirect_uri=params["redirect_uri"],
            code_challenge=params["code_challenge"],
            user_id=user_id,
            expires_at=self.now() + AUTH_CODE_TTL_SECONDS,
            scope=self.scopes,
        )
        return code

    def _authorize_problem(self, params: dict[str, str]) -> str | None:
        redirect_uri = params.get("redirect_uri", "")
        if params.get("response_type") != "code":
            return "Invalid response_type: only 'code' is supported."
        if params.get("client_id") != self.client_id:
            return "Invalid client_id."
        if not _is_absolute_http_url(redirect_uri):
            return "Invalid redirect_uri: an absolute http(s) URL without a fragment is required."
        if self.allowed_redirect_uris is not None and redirect_uri not in self.allowed_redirect_uris:
            return "Invalid redirect_uri: not in the app's allow list."
        if not params.get("code_challenge"):
            return "Invalid request: code_challenge is required."
        if params.get("code_challenge_method") != "S256":
            return "Invalid request: code_challenge_method must be S256."
        if not _PKCE_CHALLENGE_RE.fullmatch(params["code_challenge"]):
            return "Invalid request: code_challenge must be base64url(sha256(verifier)) without padding."
        return None

    # -- OAuth: token -----------------------------------------------------------------------------

    def _oauth_token(self, request: Request) -> Response:
        form = request.form if request.mimetype == FORM_MIMETYPE else None
        grant_type = form.get("grant_type", "") if form is not None else ""
        if self.token_latency > 0:
            time.sleep(self.token_latency)  # outside the lock: widens race windows without blocking others
        response = self._token_grant(request, form, grant_type)
        body = response.get_json(silent=True) or {}
        credentials = parse_basic_auth(request)
        record = TokenRequestRecord(
            grant_type=grant_type,
            client_id=credentials[0] if credentials else None,
            status=response.status_code,
            error=body.get("error"),
            code=form.get("code") if form is not None else None,
            refresh_token=form.get("refresh_token") if form is not None else None,
            account_id=form.get("account_id") if form is not None else None,
        )
        with self._lock:
            self._token_requests.append(record)
        return response

    def _token_grant(self, request: Request, form: Any, grant_type: str) -> Response:
        clients = self._authenticate_client(request)
        if not clients:
            return _oauth_error(401, "Invalid client_id or client_secret", "invalid_client")
        if form is None:
            # Zoom reads grant_type from a form body only; JSON bodies look like no grant at all.
            return _oauth_error(400, "Unsupported grant type", "unsupported_grant_type")
        client_id = parse_basic_auth(request)[0]  # type: ignore[index]
        if grant_type in ("authorization_code", "refresh_token") and clients.user_app:
            if grant_type == "authorization_code":
                return self._grant_authorization_code(form, client_id)
            return self._grant_refresh_token(form, client_id)
        if grant_type == "account_credentials" and clients.s2s:
            return self._grant_account_credentials(form)
        return _oauth_error(400, "Unsupported grant type", "unsupported_grant_type")

    def _authenticate_client(self, request: Request) -> _Clients:
        credentials = parse_basic_auth(request)
        if credentials is None:
            return _Clients()
        user_app = _same(credentials, (self.client_id, self.client_secret))
        # A General (user-managed) app cannot use the account_credentials grant: only a Server-to-Server app.
        s2s = self.s2s_client_id is not None and _same(credentials, (self.s2s_client_id, self.s2s_client_secret))
        return _Clients(user_app=user_app, s2s=s2s)

    def _grant_authorization_code(self, form: Any, client_id: str) -> Response:
        with self._lock:
            # Burned on any use, even when the exchange fails below: codes are strictly single-use.
            issued = self._auth_codes.pop(form.get("code", ""), None)
            if issued is None or issued.expires_at <= self.now() or issued.client_id != client_id:
                return _oauth_error(400, "Invalid authorization code", "invalid_request")
            if form.get("redirect_uri") != issued.redirect_uri:
                return _oauth_error(400, "Redirect URI mismatch.", "invalid_request")
            if not _pkce_matches(form.get("code_verifier", ""), issued.code_challenge):
                return _oauth_error(400, "Invalid code verifier", "invalid_request")
            return json_response(self._new_user_grant(issued.user_id, client_id, scope=issued.scope))

    def _grant_refresh_token(self, form: Any, client_id: str) -> Response:
        with self._lock:
            record = self._refresh_tokens.get(form.get("refresh_token", ""))
            problem = "unknown" if record is None else self._refresh_problem(record)
            if problem is None and self._grants[record.grant_id].client_id != client_id:  # type: ignore[union-attr]
                problem = "unknown"
            if problem is not None:
                self._refresh_failures.append(problem)
                return _oauth_error(400, "Invalid Token!", "invalid_grant")
            # Rotation: the presented refresh token dies now; the old access token lives to its expiry.
            record.spent = True  # type: ignore[union-attr]
            self._refresh_count += 1
            return json_response(self._issue_user_tokens(self._grants[record.grant_id]))  # type: ignore[union-attr]

    def _grant_account_credentials(self, form: Any) -> Response:
        if form.get("account_id") != self.account_id:
            return _oauth_error(400, "Invalid account_id", "invalid_request")
        with self._lock:
            token = self._new_access_token(_AccessToken(
                kind="account",
                account_id=self.account_id,
                expires_at=self.now() + self.access_token_ttl,
                scope=self.scopes,
            ))
            self._account_grant_count += 1
        return json_response({
            "access_token": token,
            "token_type": "bearer",
            "expires_in": self.access_token_ttl,
            "scope": self.scopes,
            "api_url": self.base_url,
        })

    # -- OAuth: revoke ----------------------------------------------------------------------------

    def _oauth_revoke(self, request: Request) -> Response:
        if not self._authenticate_client(request):
            return _oauth_error(401, "Invalid client_id or client_secret", "invalid_client")
        token = request.form.get("token", "") if request.mimetype == FORM_MIMETYPE else ""
        with self._lock:
            kind, user_id = self._revoke_token(token)
            user = self._users.get(user_id) if user_id else None
            status = 200 if kind == "access" else 400
            self._revocations.append(RevocationRecord(kind, user.email if user else None, status))
        if status == 400:
            return _oauth_error(400, "Invalid Token", "invalid_request")
        return json_response({"status": "success"})

    def _revoke_token(self, token: str) -> tuple[str, str | None]:
        """Revoke the grant behind a live access token, as Zoom documents it: ("access", user id).

        A refresh token is refused ("refresh", None) and so is an expired, revoked or unknown access
        token ("unknown", None): the grant behind them stays as it was."""
        access = self._access_tokens.get(token)
        if access is not None and not self._access_revoked(access) and access.expires_at > self.now():
            if access.grant_id is None:
                access.revoked = True  # an S2S token has no grant: only itself dies
            else:
                self._grants[access.grant_id].revoked = True
            return "access", access.user_id
        if token in self._refresh_tokens:
            return "refresh", None
        return "unknown", None

    # -- token bookkeeping (call with the lock held) ----------------------------------------------

    def _new_user_grant(self, user_id: str, client_id: str, *, scope: str | None = None) -> dict[str, Any]:
        grant = _Grant(id=uuid.uuid4().hex, user_id=user_id, client_id=client_id,
                       scope=self.scopes if scope is None else scope)
        self._grants[grant.id] = grant
        return self._issue_user_tokens(grant)

    def _issue_user_tokens(self, grant: _Grant) -> dict[str, Any]:
        now = self.now()
        access = self._new_access_token(_AccessToken(
            kind="user",
            account_id=self.account_id,
            expires_at=now + self.access_token_ttl,
            scope=grant.scope,
            user_id=grant.user_id,
            grant_id=grant.id,
        ))
        refresh = _jwt_like({"uid": grant.user_id, "tokenType": "refresh_token", "iat": int(now)})
        self._refresh_tokens[refresh] = _RefreshToken(grant.id, now + self.refresh_token_ttl)
        return {
            "access_token": access,
            "token_type": "bearer",
            "refresh_token": refresh,
            "expires_in": self.access_token_ttl,
            "scope": grant.scope,
        }

    def _new_access_token(self, record: _AccessToken) -> str:
        token = _jwt_like({
            "uid": record.user_id or "",
            "aid": record.account_id,
            "tokenType": "access_token",
            "exp": int(record.expires_at),
        })
        self._access_tokens[token] = record
        return token

    def _access_revoked(self, record: _AccessToken) -> bool:
        return record.revoked or (record.grant_id is not None and self._grants[record.grant_id].revoked)

    def _refresh_problem(self, record: _RefreshToken) -> str | None:
        if self._grants[record.grant_id].revoked:
            return "revoked"
        if record.spent:
            return "spent"
        if record.expires_at <= self.now():
            return "expired"
        return None

    # -- REST API ---------------------------------------------------------------------------------

    def _handle_api(self, request: Request, adapter: Any) -> Response:
        self._sleep_api_latency()
        token, token_kind = self._authenticate_bearer(request)
        with self._lock:
            self._api_calls.append(ApiCall(request.method, request.path, token_kind))
        limited = self._take_rate_limit(request.path)
        if limited is not None:
            message = "You have reached the maximum per-second rate limit for this API. Try again later."
            headers = {"Retry-After": limited[0]} if limited[0] is not None else {}
            return json_response({"code": 429, "message": message}, 429, headers)
        if token is None:
            message = "Access token is expired." if token_kind == "expired" else "Invalid access token."
            return _api_error(401, 124, message)
        try:
            endpoint, args = adapter.match()
        except NotFound:
            return _api_error(404, 404, "Not Found")
        except MethodNotAllowed:
            return _api_error(405, 405, "Method Not Allowed")
        return getattr(self, f"_api_{endpoint}")(request, token, **args)

    def _authenticate_bearer(self, request: Request) -> tuple[_AccessToken | None, str]:
        raw = parse_bearer(request)
        if raw is None:
            return None, "none"
        with self._lock:
            record = self._access_tokens.get(raw)
            if record is None or self._access_revoked(record):
                return None, "invalid"
            if record.expires_at <= self.now():
                return None, "expired"
            return record, record.kind

    def _api_user(self, request: Request, token: _AccessToken, user_ref: str) -> Response:
        refused = _missing_scope(token, "user:read")
        if refused:
            return refused
        user = self._resolve_user(user_ref, token)
        return user if isinstance(user, Response) else json_response(user.to_api())

    def _api_user_meetings(self, request: Request, token: _AccessToken, user_ref: str) -> Response:
        refused = _missing_scope(token, "meeting:write" if request.method == "POST" else "meeting:read")
        if refused:
            return refused
        user = self._resolve_user(user_ref, token)
        if isinstance(user, Response):
            return user
        if request.method == "POST":
            if self._over_create_limit(user.account_id):
                return json_response({"code": 429, "message": "You have reached the maximum per-second rate "
                                      "limit for this API. Try again later."}, 429, {"Retry-After": "1"})
            return self._create_meeting(request, token, user)
        return self._list_meetings(request, user)

    def _over_create_limit(self, account_id: str) -> bool:
        limit = self.create_meetings_per_second
        if limit is None:
            return False
        with self._lock:
            now = time.monotonic()
            recent = self._recent_creates.setdefault(account_id, collections.deque())
            while recent and recent[0] <= now - 1.0:
                recent.popleft()
            if len(recent) >= limit:
                self._create_limit_refusals += 1
                return True
            recent.append(now)
            return False

    @property
    def create_limit_refusals(self) -> int:
        """How many creates the per-second limit refused (429)."""
        with self._lock:
            return self._create_limit_refusals

    def _list_meetings(self, request: Request, user: ZoomUserRecord) -> Response:
        """GET /users/{userId}/meetings as Zoom pages it: `page_size` (at most 300) per page, then a
        `next_page_token` that only this listing accepts; `type` scheduled (the default) or upcoming."""
        kind = request.args.get("type", "scheduled")
        if kind not in ("scheduled", "upcoming", "live", "upcoming_meetings", "previous_meetings"):
            return _api_error(400, 300, f"Invalid field: type {kind}.")
        try:
            page_size = int(request.args.get("page_size", "30"))
        except ValueError:
            return _api_error(400, 300, "Invalid field: page_size.")
        if not 1 <= page_size <= 300:
            return _api_error(400, 300, "page_size must be from 1 to 300.")
        page_size = min(page_size, self.list_max_page_size)
        now = datetime.fromtimestamp(self.now(), UTC)
        with self._lock:
            mine = sorted((m for m in self._meetings.values() if m.host_id == user.id and not m.deleted),
                          key=lambda m: (_next_start(m, now) or m.start_utc or now, m.id))
            if kind in ("upcoming", "upcoming_meetings"):
                # Instant meetings not yet over count as upcoming, as do scheduled ones that have not ended, and
                # recurring ones with an occurrence still to come (listed at that occurrence).
                mine = [m for m in mine if m.start_utc is None or _next_start(m, now) is not None]
            elif kind == "scheduled":
                mine = [m for m in mine if m.type != 1]
            token = request.args.get("next_page_token", "")
            start = 0
            if token:
                listing = self._page_tokens.get(token)
                if listing is None or listing[0] != (user.id, kind, page_size):
                    return _api_error(400, 300, "Invalid next_page_token.")
                start = listing[1]
            page = mine[start:start + page_size]
            next_token = ""
            if start + page_size < len(mine):
                next_token = secrets.token_urlsafe(16)
                self._page_tokens[next_token] = ((user.id, kind, page_size), start + page_size)
        return json_response({
            "page_size": page_size, "total_records": len(mine), "next_page_token": next_token,
            "meetings": [_meeting_summary(m, now) for m in page],
        })

    def _api_meeting(self, request: Request, token: _AccessToken, meeting_id: str) -> Response:
        """GET, PATCH and DELETE /meetings/{meetingId}. A user token reaches only its own user's meetings and
        an account token only its account's: any other meeting, like a deleted or unknown one, is 404 with
        code 3001, as Zoom answers ("Meeting does not exist")."""
        refused = _missing_scope(token, "meeting:read" if request.method == "GET" else "meeting:write")
        if refused:
            return refused
        if request.args.get("occurrence_id") is not None:
            # One occurrence of a series: not emulated (the bot changes whole meetings only).
            return _api_error(400, 300, "Invalid parameter: occurrence_id (not emulated).")
        with self._lock:
            meeting = self._visible_meeting(token, meeting_id)
            if meeting is None:
                return _api_error(404, 3001, f"Meeting does not exist: {meeting_id}.")
            if request.method == "DELETE":
                meeting.deleted = True
                return Response(status=204)
            if request.method == "GET":
                return json_response(meeting.to_api())
        return self._update_meeting(request, token, meeting_id)

    def _visible_meeting(self, token: _AccessToken, meeting_id: str) -> MeetingRecord | None:
        """The meeting this token may see (call with the lock held)."""
        meeting = self._meetings.get(int(meeting_id)) if meeting_id.isdigit() else None
        if meeting is None or meeting.deleted:
            return None
        host = self._users.get(meeting.host_id)
        if token.kind == "account":
            return meeting if host is not None and host.account_id == token.account_id else None
        return meeting if meeting.host_id == token.user_id else None

    def _update_meeting(self, request: Request, token: _AccessToken, meeting_id: str) -> Response:
        """PATCH /meetings/{meetingId}: the body checked against Zoom's own schema of that operation, the new
        start read as a create reads it, a series' occurrences computed again; 204 and no body.

        Stricter than Zoom in two ways, on purpose, as for creates: a start_time in the past, which Zoom
        silently ignores, and a series' start that is not one of its occurrences, which Zoom silently moves,
        are refused: either way the meeting would not be where the bot says it is."""
        body = json_object(request)
        if body is None:
            return _api_error(400, 300, "Request Body should be a valid JSON object.")
        schema_error = update_meeting_error(body)
        if schema_error is not None:
            field_name, message = schema_error
            return json_response({"code": 300, "message": f"{field_name}: {message}",
                                  "errors": [{"field": field_name, "message": message}]}, 400)
        now = datetime.fromtimestamp(self.now(), UTC)
        with self._lock:
            meeting = self._visible_meeting(token, meeting_id)
            if meeting is None:
                return _api_error(404, 3001, f"Meeting does not exist: {meeting_id}.")
            if body.get("type", meeting.type) != meeting.type:
                return _api_error(400, 300, "Changing a meeting's type is not emulated.")
            moving = "start_time" in body or "timezone" in body or "recurrence" in body
            if moving and meeting.type not in _SCHEDULED_TYPES:
                return _api_error(400, 300, "start_time, timezone and recurrence are only for scheduled meetings "
                                            "and recurring meetings with a fixed time.")
            timezone = body.get("timezone") or meeting.timezone
            recurrence = body.get("recurrence", meeting.recurrence)
            start_utc, occurrences = meeting.start_utc, meeting.occurrences
            if moving:
                merged = {"type": meeting.type, "timezone": timezone, "recurrence": recurrence,
                          "start_time": body.get("start_time") or meeting.start_time}
                start_utc, problem = _meeting_start(merged, now)
                if problem is None and "start_time" in body and start_utc is not None and start_utc <= now:
                    problem = f"start_time {body['start_time']} is in the past (Zoom would ignore it)."
                if problem is None and meeting.type == 8 and start_utc is not None:
                    occurrences, problem = _occurrences(recurrence or {}, start_utc, timezone)
                if problem:
                    return _api_error(400, 300, problem)
            meeting.start_utc, meeting.occurrences = start_utc, list(occurrences)
            meeting.start_time = _zoom_time(start_utc) if start_utc else meeting.start_time
            meeting.timezone = timezone
            meeting.recurrence = json.loads(json.dumps(recurrence)) if meeting.type == 8 else None
            for name in ("topic", "agenda", "duration"):
                if name in body:
                    setattr(meeting, name, body[name])
            if "settings" in body:
                meeting.settings = {**meeting.settings, **body["settings"]}
            meeting.updates.append(json.loads(json.dumps(body)))
        return Response(status=204)

    def _resolve_user(self, user_ref: str, token: _AccessToken) -> ZoomUserRecord | Response:
        with self._lock:
            if user_ref == "me":
                # A user token is its own user; an S2S token's "me" is the account owner (the first user).
                user = self._users.get(token.user_id or "") if token.kind == "user" else self._account_owner()
            else:
                user = self._find_user(user_ref)
        if user is None or user.account_id != token.account_id:
            return _api_error(404, 1001, f"User does not exist: {user_ref}.")
        if token.kind == "user" and user.id != token.user_id:
            # A user-managed token may only act as its own user.
            return _api_error(400, 1001, f"User does not exist: {user_ref}.")
        return user

    def _find_user(self, id_or_email: str) -> ZoomUserRecord | None:
        return self._users.get(id_or_email) or self._users_by_email.get(id_or_email.lower())

    def _account_owner(self) -> ZoomUserRecord | None:
        return next(iter(self._users.values()), None)

    def _create_meeting(self, request: Request, token: _AccessToken, host: ZoomUserRecord) -> Response:
        body = json_object(request)
        if body is None:
            return _api_error(400, 300, "Request Body should be a valid JSON object.")
        schema_error = create_meeting_error(body)
        if schema_error is not None:
            field_name, message = schema_error
            return json_response({
                "code": 300,
                "message": f"{field_name}: {message}",
                "errors": [{"field": field_name, "message": message}],
            }, 400)
        start_utc, problem = _meeting_start(body, datetime.fromtimestamp(self.now(), UTC))
        if problem:
            return _api_error(400, 300, problem)
        occurrences: list[datetime] = []
        if body.get("type") == 8 and start_utc is not None:
            occurrences, problem = _occurrences(body["recurrence"], start_utc, body.get("timezone") or host.timezone)
        elif "recurrence" in body:
            problem = "recurrence is only for a recurring meeting with a fixed time (type 8)."
        if problem:
            return _api_error(400, 300, problem)
        with self._lock:
            meeting = self._store_meeting(body, host, start_utc, token.kind, occurrences)
        return json_response(meeting.to_api(), 201)

    def _store_meeting(
        self, body: dict[str, Any], host: ZoomUserRecord, start_utc: datetime | None, token_kind: str,
        occurrences: list[datetime] | None = None,
    ) -> MeetingRecord:
        meeting_id = self._new_meeting_id()
        password = body.get("password") or None
        if password is None and body.get("default_password", True) is not False:
            password = _passcode()
        start_secret = "SECRETzak" + secrets.token_urlsafe(32)
        join_url = f"{MEETING_HOST}/j/{meeting_id}"
        if password:
            join_url += f"?pwd={secrets.token_urlsafe(24)}.1"
        created_at = datetime.fromtimestamp(self.now(), UTC)
        meeting = MeetingRecord(
            id=meeting_id,
            uuid=base64.b64encode(uuid.uuid4().bytes).decode("ascii"),
            host_id=host.id,
            host_email=host.email,
            topic=body.get("topic", "Zoom Meeting"),
            type=body.get("type", 2),
            start_time=_zoom_time(start_utc or created_at),
            start_utc=start_utc,
            duration=body.get("duration", 60),
            timezone=body.get("timezone") or host.timezone,
            agenda=body.get("agenda", ""),
            password=password,
            join_url=join_url,
            start_url=f"{MEETING_HOST}/s/{meeting_id}?{START_URL_MARKER}{start_secret}",
            start_secret=start_secret,
            settings=dict(body.get("settings") or {}),
            created_at=_zoom_time(created_at),
            request_body=json.loads(json.dumps(body)),
            token_kind=token_kind,
            recurrence=json.loads(json.dumps(body["recurrence"])) if body.get("type") == 8 else None,
            occurrences=list(occurrences or []),
            created_epoch=time.time(),
        )
        self._meetings[meeting_id] = meeting
        return meeting

    def _new_meeting_id(self) -> int:
        while True:
            # 11 digits, always > 2**33: a client that squeezes ids into 32 bits breaks here too.
            candidate = 10**10 + secrets.randbelow(9 * 10**10)
            if candidate not in self._meetings:
                return candidate


# -- helpers ---------------------------------------------------------------------------------------


def _same(given: tuple[str, str], expected: tuple[str | None, str | None]) -> bool:
    if expected[0] is None or expected[1] is None:
        return False
    return hmac.compare_digest(given[0], expected[0]) and hmac.compare_digest(given[1], expected[1])


def _oauth_error(status: int, reason: str, error: str) -> Response:
    return json_response({"reason": reason, "error": error}, status)


def _api_error(status: int, code: int, message: str) -> Response:
    return json_response({"code": code, "message": message}, status)


def _missing_scope(token: _AccessToken, scope: str) -> Response | None:
    if scope in token.scope.split():
        return None
    return _api_error(400, 4711, f"Invalid access token, does not contain scopes:[{scope}].")


def _redirect(redirect_uri: str, params: dict[str, str | None]) -> Response:
    parts = urlsplit(redirect_uri)
    extra = urlencode({k: v for k, v in params.items() if v is not None})
    query = f"{parts.query}&{extra}" if parts.query else extra
    return Response(status=302, headers={"Location": urlunsplit(parts._replace(query=query))})


def _is_absolute_http_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not parts.fragment


def _pkce_matches(verifier: str, challenge: str) -> bool:
    if not _PKCE_VERIFIER_RE.fullmatch(verifier):
        return False
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    expected = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
    return hmac.compare_digest(expected, challenge)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _jwt_like(claims: dict[str, Any]) -> str:
    """Opaque to clients, but shaped like Zoom's: header.payload.signature, long and unique (jti)."""
    header = {"alg": "HS512", "v": "2.0", "kid": secrets.token_hex(8)}
    payload = {**claims, "aud": "https://oauth.zoom.us", "jti": str(uuid.uuid4())}
    return ".".join((
        _b64url(json.dumps(header).encode()),
        _b64url(json.dumps(payload).encode()),
        _b64url(secrets.token_bytes(64)),
    ))



def _valid_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _meeting_start(body: dict[str, Any], now: datetime) -> tuple[datetime | None, str | None]:
    """(start instant in UTC, problem). Zoom takes `...Z` as UTC, or a local time read in `timezone`."""
    timezone = body.get("timezone") or None  # Zoom treats "" as "use the host's timezone"
    if timezone is not None and not _valid_zone(timezone):
        return None, f"Invalid timezone: {timezone}."
    meeting_type = body.get("type", 2)
    if meeting_type not in _SCHEDULED_TYPES:
        return (now if meeting_type == 1 else None), None
    if meeting_type == 8 and not body.get("recurrence"):
        return None, "recurrence is required for a recurring meeting with a fixed time (type 8)."
    start_time = body.get("start_time")
    if not start_time:
        return None, "start_time is required for a scheduled meeting."
    try:
        if _UTC_START_RE.fullmatch(start_time):
            return datetime.strptime(start_time, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC), None
        if _LOCAL_START_RE.fullmatch(start_time):
            if timezone is None:
                return None, "timezone is required when start_time is a local time (no trailing Z)."
            local = datetime.strptime(start_time, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=ZoneInfo(timezone))
            return local.astimezone(UTC), None
    except ValueError:
        pass
    return None, f"Invalid start_time: {start_time}. Use yyyy-MM-ddTHH:mm:ssZ, or yyyy-MM-ddTHH:mm:ss with timezone."


def _occurrences(rule: dict[str, Any], start_utc: datetime, timezone: str) -> tuple[list[datetime], str | None]:
    """(UTC starts of every occurrence, problem) of a type 8 meeting, its weekdays and dates read in its zone.

    Stricter than Zoom in one way, on purpose: a start_time that is not itself an occurrence (a Saturday
    for "every weekday") is refused. Zoom quietly moves the first occurrence to the next day the rule
    allows, so a bot that sent it would announce a time at which no meeting takes place."""
    kind = rule["type"]  # the schema has checked the types of every field
    interval = rule.get("repeat_interval", 1)
    if not 1 <= interval <= _MAX_REPEAT_INTERVAL[kind]:
        return [], f"Invalid repeat_interval: {interval} (1 to {_MAX_REPEAT_INTERVAL[kind]} for this type)."
    if "end_times" in rule and "end_date_time" in rule:
        return [], "end_times and end_date_time cannot be used together."
    weekly = "weekly_days" in rule
    by_day = "monthly_day" in rule
    by_week = "monthly_week" in rule or "monthly_week_day" in rule
    if (kind == 2) != weekly:
        return [], "weekly_days is required for a weekly recurrence (type 2), and only there."
    if kind == 3 and by_day == by_week:
        return [], "A monthly recurrence takes monthly_day, or monthly_week with monthly_week_day."
    if kind != 3 and (by_day or by_week):
        return [], "monthly_day, monthly_week and monthly_week_day are only for a monthly recurrence (type 3)."
    if by_week and not ("monthly_week" in rule and "monthly_week_day" in rule):
        return [], "monthly_week and monthly_week_day go together."
    if by_day and not 1 <= rule["monthly_day"] <= 31:
        return [], f"Invalid monthly_day: {rule['monthly_day']}."
    zone = ZoneInfo(timezone)
    local = start_utc.astimezone(zone)
    limit = _MAX_OCCURRENCES
    until: date | None = None
    if "end_date_time" in rule:
        try:
            until = datetime.strptime(rule["end_date_time"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).date()
        except ValueError:
            return [], f"Invalid end_date_time: {rule['end_date_time']}."
    elif rule.get("end_times", 1) > 0:
        limit = rule.get("end_times", 1)
    days = []
    for day in itertools.islice(_occurrence_days(rule, local.date()), limit):
        if until is not None and day > until:
            break
        days.append(day)
    if not days or days[0] != local.date():
        moved = f"; Zoom would move the first occurrence to {days[0]:%a %Y-%m-%d}" if days else ""
        return [], (f"start_time ({local:%a %Y-%m-%d %H:%M} in {timezone}) is not an occurrence of the "
                    f"recurrence{moved}.")
    starts = [datetime.combine(day, local.time(), tzinfo=zone).astimezone(UTC) for day in days]
    return starts, None


def _occurrence_days(rule: dict[str, Any], first: date) -> Any:
    """The days a recurrence falls on, from `first` (its own week or month) on; at most a few thousand."""
    interval = rule.get("repeat_interval", 1)
    if rule["type"] == 1:
        for k in range(5000):
            yield first + timedelta(days=k * interval)
    elif rule["type"] == 2:
        weekdays = sorted({int(day) for day in rule["weekly_days"].split(",")})  # 1 = Sunday ... 7 = Saturday
        sunday = first - timedelta(days=first.isoweekday() % 7)
        for week in range(0, 5000, interval):
            for weekday in weekdays:
                day = sunday + timedelta(days=7 * week + weekday - 1)
                if day >= first:
                    yield day
    else:
        for k in range(0, 5000, interval):
            year, month = divmod(first.month - 1 + k, 12)
            monthly = _monthly_day(rule, first.year + year, month + 1)
            if monthly is not None and monthly >= first:
                yield monthly


def _monthly_day(rule: dict[str, Any], year: int, month: int) -> date | None:
    length = calendar.monthrange(year, month)[1]
    if "monthly_day" in rule:
        return date(year, month, rule["monthly_day"]) if rule["monthly_day"] <= length else None
    weekday = (rule["monthly_week_day"] - 2) % 7  # Zoom's 1 = Sunday as Python's 0 = Monday
    first = date(year, month, 1)
    first_match = first + timedelta(days=(weekday - first.weekday()) % 7)
    if rule["monthly_week"] == -1:
        return first_match + timedelta(days=7 * ((length - first_match.day) // 7))
    return first_match + timedelta(days=7 * (rule["monthly_week"] - 1))


def _zoom_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _passcode() -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(8))


def _next_start(meeting: MeetingRecord, now: datetime) -> datetime | None:
    """When the meeting (its next occurrence, for a recurring one) starts, if it has not ended by `now`."""
    starts = meeting.occurrences if meeting.type == 8 else [meeting.start_utc] if meeting.start_utc else []
    return next((start for start in starts if start + timedelta(minutes=meeting.duration) > now), None)


def _meeting_summary(meeting: MeetingRecord, now: datetime) -> dict[str, Any]:
    full = meeting.to_api()
    keys = ("uuid", "id", "host_id", "topic", "type", "start_time", "duration", "timezone", "created_at",
            "join_url")
    summary = {k: full[k] for k in keys}
    upcoming = _next_start(meeting, now) if meeting.type == 8 else None
    if upcoming is not None:  # a recurring meeting is listed at its next occurrence
        summary["start_time"] = _zoom_time(upcoming)
    if meeting.agenda:
        summary["agenda"] = meeting.agenda[:250]  # Zoom truncates agendas in listings
    return summary
