"""`app_home_opened`: the user opened the app's Home tab; it is published after the ack
(handlers.flows.app_home)."""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from handlers.app.services import Services
from handlers.flows.app_home import HOME_OPENED
from handlers.listeners.accept import accept
from handlers.slack.origin import CommandOrigin
from handlers.ui.forms import text_of


def register(app: App, services: Services) -> None:
    def on_home_opened(event: dict[str, Any], body: dict[str, Any]) -> None:
        if event.get("tab") != "home":
            return  # the Messages tab: nothing to publish
        origin = home_origin(event, body)
        if not origin.team_id or not origin.user_id:
            return  # nobody to publish for; acknowledged all the same, or Slack would send it again
        # Slack sends one event again (same event_id) when it heard no 200 in time: stored once.
        accept(services, HOME_OPENED, origin, {}, delivery=text_of(body.get("event_id")))

    app.event("app_home_opened")(on_home_opened)


def home_origin(event: dict[str, Any], body: dict[str, Any]) -> CommandOrigin:
    """Who opened their Home: no channel to answer in (anything said goes to their DM with the app)."""
    return CommandOrigin(team_id=text_of(body.get("team_id")) or text_of(event.get("team")),
                         user_id=text_of(event.get("user")), channel_id="",
                         enterprise_id=text_of(body.get("enterprise_id")))
