"""The Zoom emulator's Scheduler API: `GET /scheduler/schedules` and `POST /scheduler/schedules/single_use_link`.

Both are checked against Zoom's published spec of these operations (handlers/demo/specs/zoom_scheduler_endpoints.json):
query parameters by name and type, the POST body against its request schema, and every answer against its
response schema before it leaves (an answer that does not fit is a bug of the emulator: a 500 and an
`internal_errors` entry). Scopes are the spec's too: a classic or granular one of the operation; `user_id`
(another user's schedules) and a link for another user's schedule need an `:admin` one.

What Zoom answers when a user has no Scheduler is not published (see zoom.api.scheduler_refusal for the
assumption the bot makes): by default the spec's own refusal, 401 with Scheduler's code 401 "Unauthorized"
(the token itself is fine: the gateway's expired-token answer is code 124). `scheduler_off_answer` changes it.
"""

from __future__ import annotations

import functools
import secrets
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft7Validator
from jsonschema.exceptions import best_match
from werkzeug.wrappers import Request, Response

from handlers.demo.specs import load, to_json_schema

from ._server import Record, json_object, json_response

SCHEDULER_ENDPOINTS = "zoom_scheduler_endpoints.json"
SCHEDULER_HOST = "https://scheduler.zoom.example.test"
LIST_PATH = "/scheduler/schedules"
LINK_PATH = "/scheduler/schedules/single_use_link"


@dataclass
class ScheduleRecord(Record):
    schedule_id: str
    owner_id: str  # the Zoom user whose schedule it is
    owner_email: str
    summary: str
    duration: int
    slug: str
    active: bool = True
    deleted: bool = False  # Zoom's "cancelled": listed only with show_deleted=true

    def to_api(self) -> dict[str, Any]:
        return {
            "schedule_id": self.schedule_id,
            "summary": self.summary,
            "duration": self.duration,
            "slug": self.slug,
            "scheduling_url": f"{SCHEDULER_HOST}/{self.owner_email.split('@')[0]}/{self.slug}",
            "status": "cancelled" if self.deleted else "confirmed",
            "active": self.active,
            "schedule_type": "one",
            "add_on_type": "zoomMeeting",
            "capacity": 1,
            "time_zone": "UTC",
            "creator": {"email": self.owner_email, "display_name": self.owner_email.split("@")[0], "self": True},
        }


@dataclass
class SingleUseLinkRecord(Record):
    schedule_id: str
    scheduling_url: str
    token_kind: str  # "user" or "account"
    owner_email: str


@functools.cache
def scheduler_operation(path: str, method: str) -> dict[str, Any]:
    return dict(load(SCHEDULER_ENDPOINTS)["paths"][path][method])


@functools.cache
def _response_validator(path: str, method: str, status: str) -> Draft7Validator:
    content = scheduler_operation(path, method)["responses"][status]["content"]["application/json"]
    schema = to_json_schema(content["schema"])
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema)


@functools.cache
def _link_body_validator() -> Draft7Validator:
    content = scheduler_operation(LINK_PATH, "post")["requestBody"]["content"]["application/json"]
    schema = to_json_schema(content["schema"])
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema)


def scheduler_response_error(path: str, method: str, status: int, body: Any) -> str | None:
    """Why `body` is not an answer Zoom's spec describes for that operation and status, or None."""
    error = best_match(_response_validator(path, method, str(status)).iter_errors(body))
    if error is None:
        return None
    return f"{'.'.join(str(part) for part in error.absolute_path) or 'body'}: {error.message}"


def single_use_link_body_error(body: Any) -> str | None:
    error = best_match(_link_body_validator().iter_errors(body))
    if error is None:
        return None
    return f"{'.'.join(str(part) for part in error.absolute_path) or 'body'}: {error.message}"


def operation_scopes(path: str, method: str) -> tuple[list[str], list[str]]:
    """(every scope that opens the operation, the granular ones Zoom names when none is there)."""
    extensions = scheduler_operation(path, method)["x-extensions"]
    granular = list(extensions["x-granular-scopes"])
    return list(extensions["x-macro-scopes"]) + granular, granular


def _query_problem(request: Request, path: str, method: str) -> str | None:
    """Unknown query parameters, or values not of the spec's type."""
    parameters = {p["name"]: p for p in scheduler_operation(path, method).get("parameters", []) if p["in"] == "query"}
    for name, value in request.args.items(multi=True):
        spec = parameters.get(name)
        if spec is None:
            return f"unknown query parameter {name}"
        kind = spec["schema"]["type"]
        if kind == "integer" and not (value.isascii() and value.isdigit()):
            return f"{name} must be an integer"
        if kind == "boolean" and value not in ("true", "false"):
            return f"{name} must be true or false"
    return None


class ZoomScheduler:
    """Mixed into ZoomEmulator (which provides `_lock`, `_users`, `_find_user`, `_account_owner`, `account_id`)."""

    _lock: Any
    _users: dict[str, Any]
    account_id: str

    def _init_scheduler(self) -> None:
        self._schedules: dict[str, ScheduleRecord] = {}
        self._schedule_pages: dict[str, tuple[tuple[str, int], int]] = {}
        self._single_use_links: list[SingleUseLinkRecord] = []
        self._scheduler_off_users: set[str] = set()
        #: Knob: False and nobody in the account has Zoom Scheduler (the add-on, or the account setting).
        self.scheduler_enabled = True
        #: Knob: what Zoom answers a user without Scheduler, (status, body). See the module's docstring.
        self.scheduler_off_answer: tuple[int, dict[str, Any]] = (401, {"code": 401, "message": "Unauthorized"})
        #: Knob: the most schedules one page holds, whatever page_size asks (lower it to make clients page).
        self.schedules_max_page_size = 100

    # -- test setup -----------------------------------------------------------------------------------

    def add_schedule(self, email: str, summary: str, *, duration: int = 30, active: bool = True,
                     deleted: bool = False) -> ScheduleRecord:
        """A schedule (an "event type") `email` made in Zoom Scheduler."""
        user = self.user(email)  # type: ignore[attr-defined]
        record = ScheduleRecord(schedule_id=secrets.token_hex(13), owner_id=user.id, owner_email=user.email,
                                summary=summary, duration=duration, slug=f"s{secrets.token_hex(4)}",
                                active=active, deleted=deleted)
        with self._lock:
            self._schedules[record.schedule_id] = record
        return record

    def disable_scheduler_for(self, email: str) -> None:
        """`email` has no Scheduler licence (the rest of the account may have one)."""
        user_id = self.user(email).id  # type: ignore[attr-defined]
        with self._lock:
            self._scheduler_off_users.add(user_id)

    @property
    def single_use_links(self) -> list[SingleUseLinkRecord]:
        with self._lock:
            return list(self._single_use_links)

    # -- the API --------------------------------------------------------------------------------------

    def _scheduler_off(self, user_id: str) -> bool:
        return not self.scheduler_enabled or user_id in self._scheduler_off_users

    def _off_answer(self) -> Response:
        status, body = self.scheduler_off_answer
        return json_response(dict(body), status)

    def _api_schedules(self, request: Request, token: Any) -> Response:
        problem = _query_problem(request, LIST_PATH, "get")
        if problem:
            return _invalid(problem)
        scopes, granular = operation_scopes(LIST_PATH, "get")
        refused = _without_scope(token, scopes, granular)
        if refused:
            return refused
        wanted = request.args.get("user_id", "")
        with self._lock:
            if wanted:
                # "Only for admin": another user's schedules need an admin scope.
                refused = _without_scope(token, [s for s in scopes if s.endswith(":admin")],
                                         [s for s in granular if s.endswith(":admin")])
                if refused:
                    return refused
                user = self._users.get(wanted)
                if user is None or user.account_id != token.account_id:
                    return _answer(404, {"code": 1001, "message": f"User does not exist: {wanted}."})
            else:
                user = self._users.get(token.user_id or "") if token.kind == "user" else self._account_owner()  # type: ignore[attr-defined]
            if user is None:
                return _answer(404, {"code": 1001, "message": "User does not exist: me."})
            if self._scheduler_off(user.id):
                return self._off_answer()
            show_deleted = request.args.get("show_deleted") == "true"
            mine = [s for s in self._schedules.values() if s.owner_id == user.id and (show_deleted or not s.deleted)]
            page_size = min(int(request.args.get("page_size") or 30), self.schedules_max_page_size)
            if page_size < 1:
                return _invalid("page_size must be at least 1")
            start = 0
            page_token = request.args.get("next_page_token", "")
            if page_token:
                listing = self._schedule_pages.get(page_token)
                if listing is None or listing[0] != (user.id, page_size):
                    return _invalid("next_page_token is not valid")
                start = listing[1]
            next_token = ""
            if start + page_size < len(mine):
                next_token = secrets.token_urlsafe(16)
                self._schedule_pages[next_token] = ((user.id, page_size), start + page_size)
            body = {"next_page_token": next_token, "items": [s.to_api() for s in mine[start:start + page_size]]}
        return _checked(LIST_PATH, "get", 200, body)

    def _api_single_use_link(self, request: Request, token: Any) -> Response:
        problem = _query_problem(request, LINK_PATH, "post")
        if problem:
            return _invalid(problem)
        body = json_object(request)
        if body is None:
            return _invalid("the body must be a JSON object")
        problem = single_use_link_body_error(body)
        if problem is None and set(body) - {"schedule_id"}:
            problem = f"unknown fields {sorted(set(body) - {'schedule_id'})}"  # stricter than Zoom: catches typos
        if problem:
            return _invalid(problem)
        scopes, granular = operation_scopes(LINK_PATH, "post")
        refused = _without_scope(token, scopes, granular)
        if refused:
            return refused
        with self._lock:
            schedule = self._schedules.get(body["schedule_id"])
            owner = self._users.get(schedule.owner_id) if schedule else None
            if token.kind == "user" and self._scheduler_off(token.user_id or ""):
                return self._off_answer()
            visible = schedule is not None and owner is not None and not schedule.deleted and (
                schedule.owner_id == token.user_id if token.kind == "user" else owner.account_id == token.account_id)
            if not visible:
                return _answer(400, {"code": 400, "message": "invalidArgument: schedule_id"})
            assert schedule is not None
            assert owner is not None
            if token.kind == "account":
                refused = _without_scope(token, [s for s in scopes if s.endswith(":admin")],
                                         [s for s in granular if s.endswith(":admin")])
                if refused:
                    return refused
                if self._scheduler_off(owner.id):
                    return self._off_answer()
            if not schedule.active:
                return _answer(409, {"code": 409, "message": "conflict: the schedule is turned off"})
            url = f"{SCHEDULER_HOST}/d/{secrets.token_hex(13)}"
            self._single_use_links.append(SingleUseLinkRecord(schedule.schedule_id, url, token.kind, owner.email))
        return _checked(LINK_PATH, "post", 201, {"scheduling_url": url})


def _without_scope(token: Any, accepted: list[str], named: list[str]) -> Response | None:
    if set(accepted) & set(token.scope.split()):
        return None
    return _answer(400, {"code": 4711,
                         "message": f"Invalid access token, does not contain scopes:[{', '.join(named)}]."})


def _invalid(problem: str) -> Response:
    return _answer(400, {"code": 400, "message": f"InvalidArgument: {problem}"})


def _answer(status: int, body: dict[str, Any]) -> Response:
    return json_response(body, status)


def _checked(path: str, method: str, status: int, body: dict[str, Any]) -> Response:
    problem = scheduler_response_error(path, method, status, body)
    if problem:
        raise AssertionError(f"the emulator's own {method.upper()} {path} answer breaks Zoom's spec: {problem}")
    return json_response(body, status)

