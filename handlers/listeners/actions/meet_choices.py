"""The buttons of a `/zoom meet` question (one per reading, and Edit): answer Slack at once, work after."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from slack_bolt import Ack, App

from handlers.app.services import Services
from handlers.flows.flow_types import MEET_CHOICE, MEET_EDIT
from handlers.listeners.accept import accept, trigger_of
from handlers.slack.origin import CommandOrigin
from handlers.ui.messages import CHOICE_ACTION_PREFIX, EDIT_ACTION

CHOICE_ACTIONS = re.compile(rf"^{CHOICE_ACTION_PREFIX}\d{{1,2}}$")


def register(app: App, services: Services) -> None:
    def on_choice(ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        # One insert, then the ack: the value is read, checked and acted on in the background. The question is
        # the command's dedupe key: a second click on it, in any worker, finds it taken and creates nothing.
        value = action.get("value")
        ack(**accept(services, MEET_CHOICE, CommandOrigin.from_interaction(body),
                     {"value": value if isinstance(value, str) else ""}, dedupe_key=question_key(body, value)))

    def on_edit(ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        text = action.get("value")
        trigger_id = trigger_of(body)
        ack(**accept(services, MEET_EDIT, CommandOrigin.from_interaction(body),
                     {"trigger_id": trigger_id, "text": text if isinstance(text, str) else ""}, delivery=trigger_id))

    app.action(CHOICE_ACTIONS)(on_choice)
    app.action(EDIT_ACTION)(on_edit)


def question_key(body: dict[str, Any], value: Any) -> str:
    """Which question a click answers: its message (any of its buttons), for one meeting per question."""
    container = body.get("container")
    container = container if isinstance(container, dict) else {}
    origin = CommandOrigin.from_interaction(body)
    message = container.get("message_ts")
    if isinstance(message, str) and message:
        parts = ["message", origin.team_id, origin.user_id, str(container.get("channel_id") or ""), message]
    else:  # no message to name: the same reading by the same person counts as the same click
        parts = ["value", origin.team_id, origin.user_id, value if isinstance(value, str) else ""]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()
