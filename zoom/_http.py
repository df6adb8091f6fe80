"""Small HTTP helpers shared by the OAuth and REST clients."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import requests

from zoom.errors import ZoomBadResponse

T = TypeVar("T")

# (connect, read) seconds: long enough for a slow Zoom, short enough that a worker is never stuck.
DEFAULT_TIMEOUT = (5.0, 15.0)


def json_or_empty(response: requests.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def readable(parse: Callable[[dict[str, Any]], T], body: dict[str, Any], what: str) -> T:
    """`parse(body)`, or ZoomBadResponse when Zoom's success answer lacks what the bot needs."""
    try:
        return parse(body)
    except (KeyError, ValueError, TypeError, AttributeError):
        # The body may hold tokens or host links: name only what was being read.
        raise ZoomBadResponse(f"Zoom sent a {what} the bot cannot read", status=200) from None


@dataclass(frozen=True)
class ZoomCall:
    """One HTTP call to Zoom, as an observer sees it: never a token, an id or a body."""

    method: str
    # The path's template as in Zoom's API reference (/users/{userId}/meetings, /oauth/token): never an id,
    # an email or a token, so that it is safe as a metric label and in a log line.
    endpoint: str
    # Zoom's HTTP status; None when no answer came (refused, timed out, reset).
    status: int | None
    seconds: float


CallObserver = Callable[[ZoomCall], None]
_observers: list[CallObserver] = []


def observe_calls(observer: CallObserver) -> Callable[[], None]:
    """Have `observer` told of every call to Zoom (metrics, logs), in the calling thread, after the answer.
    Returns the function that stops it. An observer that raises is ignored: it never fails a call."""
    _observers.append(observer)

    def stop() -> None:
        with contextlib.suppress(ValueError):
            _observers.remove(observer)

    return stop


def timed_request(session: requests.Session, method: str, url: str, *, endpoint: str,
                  **kwargs: Any) -> requests.Response:
    """`session.request(method, url, **kwargs)`, told to the observers with `endpoint` (the path's template)."""
    started = time.perf_counter()
    status: int | None = None
    try:
        response = session.request(method, url, **kwargs)
        status = response.status_code
        return response
    finally:
        call = ZoomCall(method=method, endpoint=endpoint, status=status, seconds=time.perf_counter() - started)
        for observer in tuple(_observers):
            with contextlib.suppress(Exception):
                observer(call)
