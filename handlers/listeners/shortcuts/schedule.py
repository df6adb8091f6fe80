"""The global shortcut ("Schedule a Zoom meeting"): the scheduling form, opened after the ack."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from handlers.app.services import Services
from handlers.flows.schedule_form import OPEN_SCHEDULE_FORM
from handlers.listeners.accept import accept, trigger_of
from handlers.slack.origin import CommandOrigin
from handlers.slack.replies import Replies
from handlers.ui.messages import plain

SCHEDULE_SHORTCUT = "zoom_schedule"  # the global shortcut's callback_id (manifest.yml)


def register(app: App, services: Services) -> None:
    def on_global_shortcut(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        # The form is opened with the shortcut's trigger_id after the ack (handlers.flows.schedule_form).
        origin = CommandOrigin.from_interaction(body)
        trigger_id = trigger_of(body)
        refused = accept(services, OPEN_SCHEDULE_FORM, origin, {"trigger_id": trigger_id}, delivery=trigger_id)
        ack()
        if refused:  # the database is away; a global shortcut has no conversation: a direct message
            Replies(client, origin).private(plain(refused["text"]))

    app.shortcut({"type": "shortcut", "callback_id": SCHEDULE_SHORTCUT})(on_global_shortcut)
