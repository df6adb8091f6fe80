"""The buttons of a `/zoom meet` question and its Edit modal: answer Slack at once, work in the background."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from slack_bolt import Ack, App

from handlers.messages import CHOICE_ACTION_PREFIX, EDIT_ACTION, EDIT_TEXT_ACTION, EDIT_TEXT_BLOCK, EDIT_VIEW
from handlers.replies import CommandOrigin
from handlers.services import Services
from handlers.work import accept

CHOICE_ACTIONS = re.compile(rf"^{CHOICE_ACTION_PREFIX}\d{{1,2}}$")
_CHANNEL_ID = re.compile(r"[CDG][A-Z0-9]{1,20}")


def register(app: App, services: Services) -> None:
    def on_choice(ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        # One insert, then the ack: the value is read, checked and acted on in the background. The question is
        # the command's dedupe key: a second click on it, in any worker, finds it taken and creates nothing.
        value = action.get("value")
        ack(**accept(services, "meet_choice", CommandOrigin.from_interaction(body),
                     {"value": value if isinstance(value, str) else ""}, dedupe_key=question_key(body, value)))

    def on_edit(ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        text = action.get("value")
        trigger_id = body.get("trigger_id")
        trigger_id = trigger_id if isinstance(trigger_id, str) else ""
        ack(**accept(services, "meet_edit", CommandOrigin.from_interaction(body),
                     {"trigger_id": trigger_id, "text": text if isinstance(text, str) else ""}, delivery=trigger_id))

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
        trigger_id = body.get("trigger_id") if isinstance(body.get("trigger_id"), str) else ""
        refused = accept(services, "meet", origin, {"text": text}, delivery=trigger_id, repeatable_text=text)
        if refused:
            ack(response_action="errors", errors={EDIT_TEXT_BLOCK: refused["text"]})
            return
        ack()  # closes the modal; the answer comes privately in the conversation

    app.action(CHOICE_ACTIONS)(on_choice)
    app.action(EDIT_ACTION)(on_edit)
    app.view(EDIT_VIEW)(on_edit_submitted)


def question_key(body: dict[str, Any], value: Any) -> str:
    """Which question a click answers: its message (any of its buttons), for one meeting per question."""
    container = body.get("container") if isinstance(body.get("container"), dict) else {}
    origin = CommandOrigin.from_interaction(body)
    message = container.get("message_ts")
    if isinstance(message, str) and message:
        parts = ["message", origin.team_id, origin.user_id, str(container.get("channel_id") or ""), message]
    else:  # no message to name: the same reading by the same person counts as the same click
        parts = ["value", origin.team_id, origin.user_id, value if isinstance(value, str) else ""]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


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
