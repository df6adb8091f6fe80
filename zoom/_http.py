"""Small HTTP helpers shared by the OAuth and REST clients."""

from __future__ import annotations

from typing import Any

import requests

# (connect, read) seconds: long enough for a slow Zoom, short enough that a worker is never stuck.
DEFAULT_TIMEOUT = (5.0, 15.0)


def json_or_empty(response: requests.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
