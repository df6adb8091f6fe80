"""Small HTTP helpers shared by the OAuth and REST clients."""

from __future__ import annotations

from collections.abc import Callable
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
