"""The "Zoom about this" message shortcut: store it as a durable command and answer Slack at once."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from handlers.app.services import Services
from handlers.flows.about_message import ABOUT_MESSAGE_SHORTCUT, message_fields
from handlers.flows.flow_types import MEET_ABOUT_MESSAGE
from handlers.listeners.accept import accept, trigger_of
from handlers.slack.origin import CommandOrigin
from handlers.slack.replies import Replies
from handlers.ui.messages import plain


def register(app: App, services: Services) -> None:
    def on_message_shortcut(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        # One insert, then the ack; the meeting is made after it. Slack's retry of this request carries the
        # same trigger_id: it is stored once.
        origin = CommandOrigin.from_interaction(body)
        trigger_id = trigger_of(body)
        refused = accept(services, MEET_ABOUT_MESSAGE, origin, {"message": message_fields(body.get("message"))},
                         delivery=trigger_id)
        ack()
        if refused:  # the database is away: say so through the shortcut's response_url (Slack's only)
            Replies(client, origin).private(plain(refused["text"]))

    app.shortcut({"type": "message_action", "callback_id": ABOUT_MESSAGE_SHORTCUT})(on_message_shortcut)
