"""The App Home's own buttons: Connect, Disconnect, and Edit of the meeting defaults. (Its Join, Cancel and
Edit of a meeting are `/zoom list`'s, handlers.listeners.actions.my_meetings; Schedule and the booking link
have listeners of their own.) A click in the Home has no channel and no response_url: what a flow has to say
goes to the user's DM with the app, and the Home is published again."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from handlers.app.services import Services
from handlers.flows.app_home import HOME_CONNECT
from handlers.flows.meeting_defaults import EDIT_DEFAULTS
from handlers.listeners.accept import accept, trigger_of
from handlers.slack.origin import CommandOrigin
from handlers.ui.app_home import HOME_CONNECT_ACTION, HOME_DISCONNECT_ACTION
from handlers.ui.meeting_defaults import DEFAULTS_EDIT_ACTION

DISCONNECT = "disconnect"  # `/zoom disconnect` (handlers.flows.registry.SUBCOMMANDS)


def register(app: App, services: Services) -> None:
    def opening(kind: str) -> Any:
        def on_click(ack: Ack, body: dict[str, Any]) -> None:
            trigger_id = trigger_of(body)  # opens the modal, for three seconds
            ack(**accept(services, kind, CommandOrigin.from_interaction(body), {"trigger_id": trigger_id},
                         delivery=trigger_id))
        return on_click

    def on_disconnect(ack: Ack, body: dict[str, Any]) -> None:
        ack(**accept(services, DISCONNECT, CommandOrigin.from_interaction(body), {},
                     delivery=trigger_of(body)))

    app.action(HOME_CONNECT_ACTION)(opening(HOME_CONNECT))
    app.action(DEFAULTS_EDIT_ACTION)(opening(EDIT_DEFAULTS))
    app.action(HOME_DISCONNECT_ACTION)(on_disconnect)
