"""The move form (Edit in `/zoom list`, or in a move's question), submitted: `/zoom move <id> <new time>`."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from handlers.app.services import Services
from handlers.flows.move import MOVE
from handlers.listeners.accept import accept, trigger_of
from handlers.slack.origin import CommandOrigin
from handlers.ui.my_meetings import MOVE_TIME_ACTION, MOVE_TIME_BLOCK, MOVE_VIEW, read_move_metadata


def register(app: App, services: Services) -> None:
    def on_move_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        target = read_move_metadata(view.get("private_metadata"))
        if target is None:
            ack(response_action="errors", errors={MOVE_TIME_BLOCK: "This form lost track of its meeting. Close it "
                                                  "and use /zoom move instead."})
            return
        channel_id, meeting_id = target
        text = submitted_time(view)
        if not text.strip():
            ack(response_action="errors", errors={MOVE_TIME_BLOCK: "Tell me the new time, for example: "
                                                  "tomorrow 3pm"})
            return
        refused = accept(services, MOVE, CommandOrigin.from_interaction(body, channel_id=channel_id),
                         {"text": f"{meeting_id} {text}"}, delivery=trigger_of(body))
        if refused:
            ack(response_action="errors", errors={MOVE_TIME_BLOCK: refused["text"]})
            return
        ack()  # closes the form; the answer comes privately in the conversation

    app.view(MOVE_VIEW)(on_move_submitted)


def submitted_time(view: dict[str, Any]) -> str:
    node: Any = view
    for key in ("state", "values", MOVE_TIME_BLOCK, MOVE_TIME_ACTION, "value"):
        node = node.get(key) if isinstance(node, dict) else None
    return node if isinstance(node, str) else ""
