"""Connecting a Slack user to Zoom: `/zoom connect`, the authorize link every connect prompt carries (PKCE, a
stored single-use state), and the second half of Zoom's callback, which runs as durable work so that a slow
Zoom never holds a web server thread. A command that needed the connection resumes after it."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient

from handlers.app.durable import Job
from handlers.app.services import Services
from handlers.flows.account_mode import needs_own_zoom_account
from handlers.flows.disconnect import revoke_at_zoom
from handlers.flows.flow_types import BOOKING_LINK, MEET, MEET_ABOUT_MESSAGE, MEET_CHOICE
from handlers.flows.home_refresh import republish_home
from handlers.slack.origin import CommandOrigin
from handlers.slack.replies import Replies
from handlers.ui.messages import SlackMessage, connect_prompt, escape_mrkdwn
from handlers.ui.zoom_errors import zoom_trouble
from storage import LeaseLost, NewCommand, SlackUserKey
from storage.crypto import digest
from zoom import PkcePair, ZoomApiError, ZoomUnavailable

log = logging.getLogger(__name__)

FINISH_CONNECT = "finish_connect"
EXCHANGED = "exchanged"
CONNECTED = "connected"
RETRY_HINT = "Go back to Slack and run /zoom connect for a fresh link."
# The kinds of command that may wait for a connect and resume after it (handlers.flows.meet's, the
# "Zoom about this" shortcut's, handlers.flows.about_message, and `/zoom link`'s reconnect for Scheduler).
RESUMABLE_KINDS = frozenset({MEET, MEET_CHOICE, MEET_ABOUT_MESSAGE, BOOKING_LINK})


@needs_own_zoom_account
def connect(services: Services, client: WebClient, origin: CommandOrigin) -> None:
    """`/zoom connect`: a link to connect (or to connect another account)."""
    existing = services.connections.get(origin.key)
    if existing:
        reason = (f"You are connected as *{escape_mrkdwn(existing.zoom_email)}*. "
                  "To connect another Zoom account, use this link.")
    else:
        reason = "Connect your Zoom account so `/zoom` can create meetings as you."
    Replies(client, origin).private(connect_message(services, origin.key, reason=reason))


@dataclass(frozen=True)
class ResumeAfterConnect:
    """The command a connect prompt interrupted, carried through Zoom's consent and back (in the OAuth
    state's row, encrypted): typed text (`text`, read at `read_at`), a clicked choice (`value`), or the
    message a shortcut was used on (`message`)."""

    kind: str
    origin: CommandOrigin
    text: str | None = None
    value: str | None = None
    read_at: str | None = None
    message: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "origin": self.origin.to_dict()}
        for name in ("text", "value", "read_at", "message"):
            if getattr(self, name) is not None:
                data[name] = getattr(self, name)
        return data

    @classmethod
    def from_dict(cls, data: Any) -> ResumeAfterConnect | None:
        if not isinstance(data, dict) or data.get("kind") not in RESUMABLE_KINDS:
            return None
        origin = data.get("origin")
        return cls(kind=str(data["kind"]), origin=CommandOrigin.from_dict(origin if isinstance(origin, dict) else {}),
                   text=_optional_text(data.get("text")), value=_optional_text(data.get("value")),
                   read_at=_optional_text(data.get("read_at")),
                   message=data["message"] if isinstance(data.get("message"), dict) else None)

    def command_payload(self) -> dict[str, Any]:
        """The resumed command's payload: what the interrupted one had, marked as resumed."""
        payload = self.to_dict()
        del payload["kind"]
        return {**payload, "resumed": True}


def _optional_text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def authorize_url(services: Services, key: SlackUserKey, *, resume: ResumeAfterConnect | None = None) -> str:
    pkce = PkcePair.generate()
    state = services.states.create(key, code_verifier=pkce.verifier, resume=resume.to_dict() if resume else None)
    return services.zoom_oauth.authorize_url(
        redirect_uri=services.settings.zoom_redirect_uri, state=state, code_challenge=pkce.challenge)


def connect_message(services: Services, key: SlackUserKey, *, reason: str,
                    resume: ResumeAfterConnect | None = None) -> SlackMessage:
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
        except ZoomUnavailable as error:  # and a body it could not read
            trouble = zoom_trouble(error)
            job.result = error_result(502, trouble.title, f"{trouble.detail}, so nothing was connected.")
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
            revoke_at_zoom(services, tokens)  # nobody is left to use it
            raise
        services.connections.save(key, zoom_user_id=zoom_user.id, zoom_email=zoom_user.email,
                                  zoom_account_id=zoom_user.account_id, tokens=tokens)
        log.info("Slack user %s connected Zoom user %s", key.user_id, zoom_user.id)
        job.advance(CONNECTED, result={"page": CONNECTED, "email": zoom_user.email, "team_id": key.team_id,
                                       "resumed": bool(payload.get("resume"))})
        republish_home(services, key)  # Connected as ..., and the meetings
    resume = ResumeAfterConnect.from_dict(payload.get("resume"))
    if resume is not None:
        _resume(services, job, key, resume)


def _resume(services: Services, job: Job, key: SlackUserKey, resume: ResumeAfterConnect) -> None:
    """The command that made the user connect goes back to the queue, once (its key is this connect's)."""
    services.runner.submit(NewCommand(kind=resume.kind, owner=key, channel_id=resume.origin.channel_id,
                                      payload=resume.command_payload(), dedupe_key=digest(f"resume:{job.id}")))


def connect_given_up(services: Services, job: Job, reason: str) -> None:
    job.result = error_result(500, "Something went wrong", "The bot could not finish connecting Zoom.")


def error_result(status: int, title: str, text: str) -> dict[str, Any]:
    return {"page": "error", "status": status, "title": title, "text": text}
