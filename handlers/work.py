"""Every kind of durable work the bot does, and how a listener hands one over (`accept`).

A kind is a flow run after the ack (handlers.durable runs it, retries it, resumes it after a crash) and
what to tell the user if it cannot be done.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from handlers import account, meet
from handlers.connect import FINISH_CONNECT, connect_given_up, finish_connect
from handlers.durable import CommandRunner, Job, RetryLater, Work
from handlers.meeting_list import list_meetings
from handlers.messages import escape_mrkdwn, plain
from handlers.replies import CommandOrigin
from handlers.services import Services
from storage import NewCommand, RemovedGrant
from storage.crypto import digest
from zoom import TokenSet, ZoomApiError, ZoomUnavailable

log = logging.getLogger(__name__)

REVOKE_GRANT = "revoke_grant"
DATABASE_AWAY = ("I cannot reach my database right now, so I could not take this command. Please try again in "
                 "a minute.")


def _slack_flow(flow):
    def run(services: Services, job: Job) -> None:
        flow(services, job.client, job.origin)
    return run


SUBCOMMANDS = {
    "connect": account.connect,
    "disconnect": account.disconnect,
    "status": account.status,
    "list": list_meetings,
}


def accept(services: Services, kind: str, origin: CommandOrigin, args: dict[str, Any], *, delivery: str = "",
           dedupe_key: str | None = None, repeatable_text: str | None = None) -> dict[str, Any]:
    """Store the command before the ack; what to ack with (nothing, or why it could not be taken).

    `delivery` names one delivery of one user action (Slack's trigger_id: a retry carries the same), so
    a retried request is stored once. `repeatable_text`: the same text from the same person in the same
    conversation, within a minute, makes one meeting (see meet._answered_as_repeat)."""
    if dedupe_key is None and delivery:
        dedupe_key = digest(f"delivery:{origin.team_id}:{delivery}")
    repeat_key = None
    if repeatable_text is not None:
        repeat_key = digest(f"repeat:{origin.key.workspace_key}:{origin.user_id}:{origin.channel_id}:"
                            f"{_normalised(repeatable_text)}")
    try:
        services.runner.submit(NewCommand(kind=kind, owner=origin.key, channel_id=origin.channel_id,
                                          payload={"origin": origin.to_dict(), **args},
                                          dedupe_key=dedupe_key, repeat_key=repeat_key))
    except SQLAlchemyError as error:
        log.error("could not store a %s command: %s", kind, type(error).__name__)
        return {"text": DATABASE_AWAY, "response_type": "ephemeral"}
    return {}


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


def tell_user_given_up(services: Services, job: Job, reason: str) -> None:
    """A direct message: the command's response_url may have expired by now, and a DM always arrives."""
    what = _described(job)
    join_url = (job.result or {}).get("join_url")
    if join_url:  # the meeting exists: asking to try again would make a second one
        text = (f"Your {what} from {job.received_at:%H:%M} UTC made its meeting, <{join_url}|join link>, but I "
                f"could not finish announcing it ({reason}). Share the link yourself; do not run it again.")
    else:
        text = (f"Sorry, I could not finish your {what} from {job.received_at:%H:%M} UTC: {reason}. Please try "
                "again; if it keeps happening, tell your Slack admin.")
    job.client.chat_postMessage(channel=job.origin.user_id, **plain(text).as_kwargs())


def _described(job: Job) -> str:
    if job.kind == "meet":
        text = str(job.payload.get("text") or "")
        return f"`/zoom meet {escape_mrkdwn(text[:100])}`" if text else "`/zoom`"
    if job.kind in SUBCOMMANDS:
        return f"`/zoom {job.kind}`"
    return "click"


def revoke_command(grant: RemovedGrant) -> NewCommand:
    return NewCommand(kind=REVOKE_GRANT, owner=grant.key, channel_id="", payload={
        "access_token": grant.access_token, "refresh_token": grant.refresh_token,
        "expires_at": grant.expires_at.isoformat()})


def revoke_grant(services: Services, job: Job) -> None:
    """Revoke a deleted connection's grant at Zoom: retried while Zoom is unreachable, then left to expire."""
    payload = job.payload
    tokens = TokenSet(access_token=payload["access_token"], refresh_token=payload["refresh_token"],
                      expires_at=datetime.fromisoformat(payload["expires_at"]))
    try:
        services.zoom_oauth.revoke_grant(tokens)
    except ZoomUnavailable:
        if job.attempts < 4:
            raise RetryLater(10.0 * job.attempts, "Zoom did not answer the revocation") from None
        log.warning("revoking a Zoom grant failed: Zoom unreachable; it will expire on its own")
    except ZoomApiError as error:
        log.warning("revoking a Zoom grant failed: %s", type(error).__name__)


def all_kinds() -> dict[str, Work]:
    kinds = {name: Work(_slack_flow(flow), tell_user_given_up) for name, flow in SUBCOMMANDS.items()}
    kinds.update({
        "meet": Work(meet.schedule_meeting, tell_user_given_up),
        "meet_choice": Work(meet.schedule_choice, tell_user_given_up, release_key_on_give_up=True),
        "meet_edit": Work(meet.open_editor, tell_user_given_up, max_attempts=1),
        FINISH_CONNECT: Work(finish_connect, connect_given_up, max_attempts=1, expires=False),
        REVOKE_GRANT: Work(revoke_grant, expires=False),
    })
    return kinds


def start_runner(services: Services) -> None:
    """This process works on commands itself (the runner's own process, or COMMAND_RUNNER=thread); it also
    picks up what a stopped or crashed process left."""
    runner = services.runner
    if not isinstance(runner, CommandRunner):
        raise TypeError("this process hands its commands to a runner process; it runs none itself")
    runner.start(services, all_kinds())
