"""The buttons of `/zoom list` (Cancel, Edit, Show more) and of the question a `/zoom move` asks: each stores
its command and acks; the flows (handlers.flows.cancel, move, list_meetings) do the rest after the ack."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App

from handlers.app.services import Services
from handlers.flows.cancel import CANCEL
from handlers.flows.list_meetings import LIST_MORE
from handlers.flows.move import MOVE_CHOICE, MOVE_EDIT
from handlers.listeners.accept import accept, trigger_of
from handlers.listeners.actions.meet_choices import question_key
from handlers.slack.origin import CommandOrigin
from handlers.ui.forms import text_of
from handlers.ui.my_meetings import (
    CANCEL_ACTION,
    MORE_ACTION,
    MOVE_ACTION,
    MOVE_CHOICE_PREFIX,
    MOVE_EDIT_ACTION,
    PAGE_SIZE,
)

MOVE_CHOICES = re.compile(rf"^{MOVE_CHOICE_PREFIX}\d{{1,2}}$")
EDIT_BUTTONS = re.compile(rf"^({MOVE_ACTION}|{MOVE_EDIT_ACTION})$")
_LIST_BLOCK = re.compile(r"zoom_list_(\d{1,5})")


def register(app: App, services: Services) -> None:
    def on_cancel(ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        args = {"text": text_of(action.get("value"))}
        block = _LIST_BLOCK.fullmatch(text_of(action.get("block_id")))
        if block:  # the page of the list it was clicked on, which the outcome redraws without the meeting
            args["list_offset"] = str(int(block.group(1)) // PAGE_SIZE * PAGE_SIZE)
        # Elsewhere (the App Home: no message to redraw, no response_url) the outcome is answered on its own.
        ack(**accept(services, CANCEL, CommandOrigin.from_interaction(body), args, delivery=trigger_of(body)))

    def on_more(ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        ack(**accept(services, LIST_MORE, CommandOrigin.from_interaction(body),
                     {"offset": text_of(action.get("value"))}, delivery=trigger_of(body)))

    def on_edit(ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        trigger_id = trigger_of(body)
        ack(**accept(services, MOVE_EDIT, CommandOrigin.from_interaction(body),
                     {"trigger_id": trigger_id, "value": text_of(action.get("value"))}, delivery=trigger_id))

    def on_choice(ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        # The question is the click's dedupe key: a second click on it, in any worker, moves nothing more.
        value = text_of(action.get("value"))
        ack(**accept(services, MOVE_CHOICE, CommandOrigin.from_interaction(body), {"value": value},
                     dedupe_key=question_key(body, value)))

    app.action(CANCEL_ACTION)(on_cancel)
    app.action(MORE_ACTION)(on_more)
    app.action(EDIT_BUTTONS)(on_edit)
    app.action(MOVE_CHOICES)(on_choice)
