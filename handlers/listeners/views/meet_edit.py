"""The Edit modal of a `/zoom meet` question, submitted: its text becomes a new `/zoom meet`."""

from __future__ import annotations

import json
import re
from typing import Any

from slack_bolt import Ack, App

from handlers.app.services import Services
from handlers.flows.flow_types import MEET
from handlers.listeners.accept import accept
from handlers.slack.origin import CommandOrigin
from handlers.ui.messages import EDIT_TEXT_ACTION, EDIT_TEXT_BLOCK, EDIT_VIEW

_CHANNEL_ID = re.compile(r"[CDG][A-Z0-9]{1,20}")


def register(app: App, services: Services) -> None:
    def on_edit_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        channel_id = metadata_channel(view.get("private_metadata"))
        if channel_id is None:
            ack(response_action="errors", errors={EDIT_TEXT_BLOCK: "This form lost track of its conversation. "
                                                  "Close it and run /zoom meet again."})
            return
        text = submitted_text(view)
        if not text.strip():
            ack(response_action="errors", errors={EDIT_TEXT_BLOCK: "Tell me what the meeting is about and when, "
                                                  "for example: Design review tomorrow 3pm"})
            return
        origin = CommandOrigin.from_interaction(body, channel_id=channel_id)
        trigger_id = body.get("trigger_id")
        trigger_id = trigger_id if isinstance(trigger_id, str) else ""
        refused = accept(services, MEET, origin, {"text": text}, delivery=trigger_id, repeatable_text=text)
        if refused:
            ack(response_action="errors", errors={EDIT_TEXT_BLOCK: refused["text"]})
            return
        ack()  # closes the modal; the answer comes privately in the conversation

    app.view(EDIT_VIEW)(on_edit_submitted)


def metadata_channel(raw: Any) -> str | None:
    """The channel the Edit modal carries in its private_metadata, or None if it is not one."""
    try:
        data = json.loads(raw) if isinstance(raw, str) else None
    except ValueError:
        return None
    channel = data.get("channel") if isinstance(data, dict) else None
    return channel if isinstance(channel, str) and _CHANNEL_ID.fullmatch(channel) else None


def submitted_text(view: dict[str, Any]) -> str:
    node: Any = view
    for key in ("state", "values", EDIT_TEXT_BLOCK, EDIT_TEXT_ACTION, "value"):
        node = node.get(key) if isinstance(node, dict) else None
    return node if isinstance(node, str) else ""
