"""The buttons of booking links (handlers.flows.booking_link): App Home's "Create a booking link", a schedule
choice, and "Share in channel". Each stores its command and acks; the flow does the rest after the ack."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App

from handlers.app.services import Services
from handlers.flows.booking_link import BOOKING_LINK_CHOICE, BOOKING_LINK_SHARE
from handlers.flows.flow_types import BOOKING_LINK
from handlers.listeners.accept import accept, trigger_of
from handlers.listeners.actions.meet_choices import question_key
from handlers.slack.origin import CommandOrigin
from handlers.ui.booking_links import BOOKING_LINK_CREATE_ACTION, CHOOSE_ACTION_PREFIX, SHARE_ACTION
from handlers.ui.forms import text_of
from storage.crypto import digest

CHOICES = re.compile(rf"^{CHOOSE_ACTION_PREFIX}\d{{1,2}}$")


def register(app: App, services: Services) -> None:
    def on_create(ack: Ack, body: dict[str, Any]) -> None:
        # From App Home there is no conversation: the origin has no channel, so the answer goes to the DM.
        ack(**accept(services, BOOKING_LINK, CommandOrigin.from_interaction(body), {}, delivery=trigger_of(body)))

    def on_choice(ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        # The message of choices is the key: a double click makes one single-use link, not two.
        value = text_of(action.get("value"))
        ack(**accept(services, BOOKING_LINK_CHOICE, CommandOrigin.from_interaction(body), {"value": value},
                     dedupe_key=question_key(body, value)))

    def on_share(ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        # One post per link, however often (and in however many workers) Share is clicked.
        origin = CommandOrigin.from_interaction(body)
        value = text_of(action.get("value"))
        ack(**accept(services, BOOKING_LINK_SHARE, origin, {"value": value},
                     dedupe_key=digest(f"booking-share:{origin.team_id}:{origin.user_id}:{value}")))

    app.action(BOOKING_LINK_CREATE_ACTION)(on_create)
    app.action(CHOICES)(on_choice)
    app.action(SHARE_ACTION)(on_share)
