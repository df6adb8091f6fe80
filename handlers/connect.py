"""Connecting a Slack user to Zoom: the authorize link (PKCE, a stored single-use state), and the second half
of Zoom's callback, which runs as durable work so that a slow Zoom never holds a web server thread."""

from __future__ import annotations

import logging
from typing import Any

from handlers.durable import Job
from handlers.messages import SlackMessage, connect_prompt
from handlers.services import Services
from storage import LeaseLost, NewCommand, SlackUserKey
from storage.crypto import digest
from zoom import PkcePair, TokenSet, ZoomApiError, ZoomBadResponse, ZoomUnavailable

log = logging.getLogger(__name__)

FINISH_CONNECT = "finish_connect"
EXCHANGED = "exchanged"
CONNECTED = "connected"
RETRY_HINT = "Go back to Slack and run /zoom connect for a fresh link."


def authorize_url(services: Services, key: SlackUserKey, *, resume: dict[str, Any] | None = None) -> str:
    pkce = PkcePair.generate()
    state = services.states.create(key, code_verifier=pkce.verifier, resume=resume)
    return services.zoom_oauth.authorize_url(
        redirect_uri=services.settings.zoom_redirect_uri, state=state, code_challenge=pkce.challenge)


def connect_message(services: Services, key: SlackUserKey, *, reason: str,
                    resume: dict[str, Any] | None = None) -> SlackMessage:
    return connect_prompt(authorize_url(services, key, resume=resume), reason=reason)


def finish_connect_command(key: SlackUserKey, *, code: str, code_verifier: str, resume: dict[str, Any] | None,
                           ticket: str) -> NewCommand:
    """The code exchange as a command; the browser follows it with `ticket`, which only its own page knows."""
    return NewCommand(kind=FINISH_CONNECT, owner=key, channel_id="", dedupe_key=ticket_key(ticket), payload={
        "code": code, "code_verifier": code_verifier, "resume": resume,
        "key": {"team_id": key.team_id, "user_id": key.user_id, "enterprise_id": key.enterprise_id}})


def ticket_key(ticket: str) -> str:
    return digest(f"connect-ticket:{ticket}")


def finish_connect(services: Services, job: Job) -> None:
    """Exchange the code, read who connected, store the grant; then resume the command that asked for it.
    The outcome is the page the browser shows (the row's result)."""
    payload = job.payload
    key = SlackUserKey(**payload["key"])
    if job.step != CONNECTED:
        try:
            tokens = services.zoom_oauth.exchange_code(code=payload["code"], code_verifier=payload["code_verifier"],
                                                       redirect_uri=services.settings.zoom_redirect_uri)
            zoom_user = services.zoom_with_token(tokens.access_token).me()
        except ZoomBadResponse:
            job.result = error_result(502, "Zoom's answer could not be read",
                                      "Zoom answered in a way this app does not understand, so nothing was connected.")
            return
        except ZoomUnavailable:
            job.result = error_result(502, "Zoom did not answer", "Zoom could not be reached to finish connecting.")
            return
        except ZoomApiError as error:
            log.info("Zoom refused the code exchange (%s)", error.status)
            job.result = error_result(400, "Zoom did not accept this sign-in",
                                      "The authorization code was refused (it may have been used already).")
            return
        try:
            # The row still being ours says the workspace is still here: an uninstall meanwhile deleted it.
            job.advance(EXCHANGED)
        except LeaseLost:
            _revoke_unwanted(services, tokens)
            raise
        services.connections.save(key, zoom_user_id=zoom_user.id, zoom_email=zoom_user.email,
                                  zoom_account_id=zoom_user.account_id, tokens=tokens)
        log.info("Slack user %s connected Zoom user %s", key.user_id, zoom_user.id)
        job.advance(CONNECTED, result={"page": CONNECTED, "email": zoom_user.email, "team_id": key.team_id,
                                       "resumed": bool(payload.get("resume"))})
    resume = payload.get("resume")
    if isinstance(resume, dict):
        _resume(services, job, key, resume)


def _revoke_unwanted(services: Services, tokens: TokenSet) -> None:
    try:
        services.zoom_oauth.revoke_grant(tokens)
    except ZoomApiError as error:
        log.warning("revoking the grant of a connect that lost its workspace failed: %s", type(error).__name__)


def _resume(services: Services, job: Job, key: SlackUserKey, resume: dict[str, Any]) -> None:
    """The command that made the user connect goes back to the queue, once (its key is this connect's)."""
    kind = resume.get("kind")
    if kind not in ("meet", "meet_choice"):
        return
    origin = resume.get("origin") or {}
    payload = {"origin": origin, "resumed": True}
    for name in ("text", "value", "read_at"):
        if name in resume:
            payload[name] = resume[name]
    services.runner.submit(NewCommand(kind=str(kind), owner=key, channel_id=str(origin.get("channel_id") or ""),
                                      payload=payload, dedupe_key=digest(f"resume:{job.id}")))


def connect_given_up(services: Services, job: Job, reason: str) -> None:
    job.result = error_result(500, "Something went wrong", "The bot could not finish connecting Zoom.")


def error_result(status: int, title: str, text: str) -> dict[str, Any]:
    return {"page": "error", "status": status, "title": title, "text": text}
