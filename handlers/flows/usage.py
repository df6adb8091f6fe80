"""The global shortcut, until a scheduling form exists: how to schedule, in a modal where the user clicked.

The modal is opened with the shortcut's trigger_id, which Slack honours for three seconds; when it has run
out (the runner was busy) or Slack refuses it, the same text goes to the user by direct message instead.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from slack_sdk.errors import SlackApiError

from handlers.app.durable import Job
from handlers.app.services import Services
from handlers.flows.flow_types import JobFlow
from handlers.ui.messages import usage, usage_modal

log = logging.getLogger(__name__)

SCHEDULE_SHORTCUT = "zoom_schedule"  # the global shortcut's callback_id (manifest.yml)
SHOW_USAGE = "shortcut_usage"  # the command's kind

INTRO = ("Type these in any conversation (the meeting is posted there), or use *Zoom about this* from a "
         "message's ⋮ menu for a meeting about that message, posted in its thread.")


def usage_shortcut(subcommands: Callable[[], Sequence[tuple[str, str]]]) -> JobFlow:
    """The flow that answers the global shortcut; `subcommands` gives `/zoom help`'s lines."""
    def show_usage(services: Services, job: Job) -> None:
        message = usage(subcommands(), INTRO)
        try:
            job.client.views_open(trigger_id=str(job.payload.get("trigger_id") or ""), view=usage_modal(message))
            return
        except SlackApiError as error:
            code = str(error.response.get("error", "unknown")) if error.response is not None else "unknown"
            log.info("views.open failed (%s); sending the usage by direct message", code)
        job.client.chat_postMessage(channel=job.origin.user_id, **message.as_kwargs())
    return show_usage
