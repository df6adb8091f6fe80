"""What a user hears when a command of theirs is given up for good (handlers.app.durable decides when)."""

from __future__ import annotations

from handlers.app.durable import Job
from handlers.app.services import Services
from handlers.flows.flow_types import MEET
from handlers.ui.messages import escape_mrkdwn, plain


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
    if job.kind == MEET:
        text = str(job.payload.get("text") or "")
        return f"`/zoom meet {escape_mrkdwn(text[:100])}`" if text else "`/zoom`"
    if job.kind == "meet_about_message":
        return "*Zoom about this*"
    if job.kind == "shortcut_usage":
        return "shortcut"
    if job.kind.startswith(("meet_", "move_", "list_")):
        return "click"
    return f"`/zoom {job.kind}`"
