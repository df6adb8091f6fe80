"""What both emulators share: a real HTTP server on 127.0.0.1 in a daemon thread, a lock, a clock, knobs.

The bot's end-to-end tests talk to the emulators over real sockets, from many threads and from other
processes, so every emulator keeps its state behind one lock and never sleeps while holding it.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
import math
import threading
import time
import traceback
from typing import Any

from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

LOCALHOST = "127.0.0.1"


class _QuietRequestHandler(WSGIRequestHandler):
    """Werkzeug logs one line per request; under load that drowns the test output."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        return


class Record:
    """Mixin for the recorded-state dataclasses: `rec.field` and `rec["field"]` both work."""

    def __getitem__(self, key: str) -> Any:
        if key not in {f.name for f in dataclasses.fields(self)}:  # type: ignore[arg-type]
            raise KeyError(key)
        return getattr(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)  # type: ignore[call-overload]


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(body), status=status, headers=headers, mimetype="application/json")


def json_object(request: Request) -> dict[str, Any] | None:
    """A request's JSON body when it is an object sent as application/json; None for anything else."""
    if request.mimetype != "application/json":
        return None
    try:
        body = json.loads(request.get_data(as_text=True))
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def html_response(text: str, status: int) -> Response:
    page = f"<!DOCTYPE html><html><head><title>{status}</title></head><body><p>{text}</p></body></html>"
    return Response(page, status=status, mimetype="text/html")


def parse_basic_auth(request: Request) -> tuple[str, str] | None:
    """(client_id, client_secret) from `Authorization: Basic ...`, or None when absent or malformed."""
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "basic" or not value.strip():
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    user, sep, password = decoded.partition(":")
    return (user, password) if sep else None


def parse_bearer(request: Request) -> str | None:
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


class EmulatorServer:
    """Start/stop, `base_url`, context manager, lock, an adjustable clock and the common knobs.

    Subclasses implement `_handle(request) -> Response`.
    """

    #: Shown in the daemon thread's name, to make thread dumps readable.
    name = "emulator"

    def __init__(self) -> None:
        # One re-entrant lock guards all state: handlers run on many server threads at once.
        self._lock = threading.RLock()
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self._clock_offset = 0.0
        self._rate_limit_remaining = 0
        self._rate_limit_retry_after: float | str | None = 1
        self._rate_limit_target: str | None = None
        self._rate_limited_until = 0.0
        self._internal_errors: list[str] = []
        #: Knob: seconds slept (without the lock) before answering API calls.
        self.api_latency: float = 0.0
        #: Knob: seconds slept after a request has taken effect, before its answer leaves: the window in
        #: which a client may die having changed the service's state without hearing about it.
        self.reply_latency: float = 0.0
        #: Knob: when True every request answers 503 with an HTML page, as during an outage.
        self.unreachable: bool = False
        self._garbled: dict[str, Any] = {}
        self._api_gate = threading.Event()
        self._api_gate.set()

    # -- lifecycle ---------------------------------------------------------------------------------

    def start(self):
        if self._server is not None:
            return self
        server = make_server(LOCALHOST, 0, self._wsgi_app, threaded=True, request_handler=_QuietRequestHandler)
        self._server = server
        # A short poll interval keeps stop() fast; the thread is a daemon so a failed test never hangs.
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.01},
            name=f"{self.name}-{server.server_port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError(f"{type(self).__name__} is not started")
        return int(self._server.server_port)

    @property
    def base_url(self) -> str:
        return f"http://{LOCALHOST}:{self.port}"

    # -- clock -------------------------------------------------------------------------------------

    def now(self) -> float:
        """The emulator's clock (epoch seconds). `advance_time` moves it forward, real time keeps running."""
        with self._lock:
            return time.time() + self._clock_offset

    def advance_time(self, seconds: float) -> None:
        """Jump the emulator's clock, so that codes, tokens and URLs expire without waiting."""
        with self._lock:
            self._clock_offset += seconds

    # -- knobs -------------------------------------------------------------------------------------

    def rate_limit_next(self, n: int, retry_after: float | str | None = 1, *, target: str | None = None) -> None:
        """The next `n` API requests (to `target` only, if given: a Slack method, a Zoom path) answer 429.

        `retry_after` is seconds, or a literal header value (Zoom sends a date for its daily limits), or
        None for no header at all. As with the real services, a seconds value is a window: a request
        that comes back before it is over is refused again, whether or not `n` is used up."""
        with self._lock:
            self._rate_limit_remaining = n
            self._rate_limit_retry_after = retry_after
            self._rate_limit_target = target

    def _take_rate_limit(self, target: str = "") -> tuple[str | None] | None:
        """(Retry-After header value or None,) if this request is to be rate limited, else None."""
        with self._lock:
            now = self.now()
            if now < self._rate_limited_until:
                return (str(math.ceil(self._rate_limited_until - now)),)
            if self._rate_limit_remaining <= 0 or self._rate_limit_target not in (None, target):
                return None
            self._rate_limit_remaining -= 1
            value = self._rate_limit_retry_after
            if isinstance(value, int | float):
                self._rate_limited_until = now + value
                return (str(math.ceil(value)),)
            return (value,)

    def garble_next(self, path: str, body: Any) -> None:
        """The next request to `path` takes effect as usual, but its answer is replaced by 200 and `body`:
        a service that says yes in a shape the client does not expect."""
        with self._lock:
            self._garbled[path] = body

    def hold_api(self) -> None:
        """API requests wait (without the lock) until release_api(): a service that has stopped answering,
        for tests that must know no answer has come yet, whatever the machine's speed."""
        self._api_gate.clear()

    def release_api(self) -> None:
        self._api_gate.set()

    def _sleep_api_latency(self) -> None:
        self._api_gate.wait(timeout=120)
        if self.api_latency > 0:
            time.sleep(self.api_latency)

    @property
    def internal_errors(self) -> list[str]:
        """Tracebacks of bugs in the emulator itself (answered as 500). Tests may assert it is empty."""
        with self._lock:
            return list(self._internal_errors)

    # -- WSGI --------------------------------------------------------------------------------------

    def _wsgi_app(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        if self.unreachable:
            response = html_response("Service Unavailable", 503)
        else:
            try:
                response = self._handle(request)
            except Exception:
                trace = traceback.format_exc()
                with self._lock:
                    self._internal_errors.append(trace)
                response = Response(trace, status=500, mimetype="text/plain")
        with self._lock:
            garbled = self._garbled.pop(request.path, None)
        if garbled is not None:
            response = json_response(garbled)
        if self.reply_latency > 0:
            time.sleep(self.reply_latency)
        return response(environ, start_response)

    def _handle(self, request: Request) -> Response:
        raise NotImplementedError
