"""zoom.observe_calls: every HTTP call to Zoom is told to observers with its endpoint's template (never the id,
email or token in the path), its status (None without an answer) and its duration; an observer never fails it."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from zoom import ZoomApi, ZoomApiError, ZoomCall, ZoomOAuthClient, ZoomUnavailable, ZoomUserNotFound, observe_calls
from zoom.api import TokenSource


class _Zoom(BaseHTTPRequestHandler):
    def _answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        status, body = (404, {"code": 1001, "message": "User does not exist"}) if "/users/" in self.path \
            else (400, {"error": "invalid_request", "reason": "no"})
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def zoom_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Zoom)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def calls() -> Iterator[list[ZoomCall]]:
    seen: list[ZoomCall] = []
    stop = observe_calls(seen.append)
    yield seen
    stop()


class _Token(TokenSource):
    def access_token(self) -> str:
        return "secret-access-token"

    def refresh_after_rejection(self, rejected_token: str) -> str:
        return rejected_token


def test_the_endpoint_is_the_template_not_the_path(zoom_url, calls):
    api = ZoomApi(f"{zoom_url}/v2", _Token())
    with pytest.raises(ZoomUserNotFound):
        api.get_user("bob@example.com")
    with pytest.raises(ZoomUserNotFound):
        api.upcoming_meetings(user_id="KDcuGIm1QgePTO8WbOqwIQ")
    assert [(c.method, c.endpoint, c.status) for c in calls] == [
        ("GET", "/users/{userId}", 404), ("GET", "/users/{userId}/meetings", 404)]
    assert all(c.seconds >= 0 for c in calls)
    told = repr(calls)
    for private in ("bob", "example.com", "KDcuGIm1", "secret-access-token", "upcoming"):
        assert private not in told


def test_oauth_calls_and_calls_without_an_answer_are_told(zoom_url, calls):
    with pytest.raises(ZoomApiError):
        ZoomOAuthClient(zoom_url, "id", "client-secret").account_token("acct")
    closed = ThreadingHTTPServer(("127.0.0.1", 0), _Zoom)
    port = closed.server_address[1]
    closed.server_close()  # nothing listens there any more
    with pytest.raises(ZoomUnavailable):
        ZoomApi(f"http://127.0.0.1:{port}/v2", _Token()).get_meeting(81234567890)
    assert [(c.method, c.endpoint, c.status) for c in calls] == [
        ("POST", "/oauth/token", 400), ("GET", "/meetings/{meetingId}", None)]


def test_an_observer_that_raises_fails_no_call_and_a_stopped_one_hears_nothing(zoom_url, calls):
    def broken(call: ZoomCall) -> None:
        raise RuntimeError("observer bug")

    stop_broken = observe_calls(broken)
    with pytest.raises(ZoomUserNotFound):  # Zoom's answer, not the observer's error
        ZoomApi(f"{zoom_url}/v2", _Token()).me()
    stop_broken()
    stop_broken()  # twice is harmless
    assert [c.endpoint for c in calls] == ["/users/{userId}"]
