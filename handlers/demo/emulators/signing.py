"""Requests signed exactly as Slack signs them, built by hand so they do not lean on slack_sdk's verifier.

https://api.slack.com/authentication/verifying-requests-from-slack
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from typing import Any
from urllib.parse import urlencode


def slack_signature(signing_secret: str, timestamp: int | str, body: bytes) -> str:
    """`v0=` + hex HMAC-SHA256(secret, "v0:{timestamp}:{body}")."""
    base = b"v0:" + str(timestamp).encode("ascii") + b":" + body
    return "v0=" + hmac.new(signing_secret.encode("utf-8"), base, hashlib.sha256).hexdigest()


def signed_headers(signing_secret: str, body: bytes, timestamp: int | None = None) -> dict[str, str]:
    ts = int(time.time()) if timestamp is None else timestamp
    return {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": str(ts),
        "X-Slack-Signature": slack_signature(signing_secret, ts, body),
    }


def signed_slash_command_headers_and_body(
    signing_secret: str, form: dict[str, Any], timestamp: int | None = None
) -> tuple[dict[str, str], bytes]:
    """A slash command POST as Slack sends it: form-urlencoded (spaces as "+"), signed."""
    body = urlencode(form).encode("utf-8")
    return signed_headers(signing_secret, body, timestamp), body


def signed_interaction_headers_and_body(
    signing_secret: str, payload: dict[str, Any], timestamp: int | None = None
) -> tuple[dict[str, str], bytes]:
    """A block_actions / view_submission POST: the JSON payload in a `payload` form field, signed."""
    body = urlencode({"payload": json.dumps(payload)}).encode("utf-8")
    return signed_headers(signing_secret, body, timestamp), body


def slash_command_form(
    command: str = "/zoom",
    text: str = "",
    *,
    team_id: str,
    user_id: str,
    channel_id: str,
    response_url: str,
    user_name: str = "alice",
    trigger_id: str | None = None,
    api_app_id: str = "A0APP",
    channel_name: str = "general",
    enterprise_id: str | None = None,
    team_domain: str = "example",
    verification_token: str = "deprecated-verification-token",
) -> dict[str, str]:
    """The fields Slack posts for a slash command, in Slack's order."""
    form = {
        "token": verification_token,
        "team_id": team_id,
        "team_domain": team_domain,
    }
    if enterprise_id is not None:
        form.update(enterprise_id=enterprise_id, enterprise_name="Enterprise")
    form.update({
        "channel_id": channel_id,
        "channel_name": channel_name,
        "user_id": user_id,
        "user_name": user_name,
        "command": command,
        "text": text,
        "api_app_id": api_app_id,
        "is_enterprise_install": "false",
        "response_url": response_url,
        # Slack gives every delivery of a user's action its own trigger_id (a retry repeats it).
        "trigger_id": trigger_id or f"{int(time.time() * 1000)}.{secrets.randbelow(10**10)}.{secrets.token_hex(16)}",
    })
    return form
