"""Bolt listeners, one module each, registered by functions rather than import side effects."""

from slack_bolt import App

from handlers.listeners import button_clicks, meet_questions, uninstall, zoom_command
from handlers.services import Services


def register_listeners(app: App, services: Services) -> None:
    zoom_command.register(app, services)
    button_clicks.register(app)
    meet_questions.register(app, services)
    uninstall.register(app, services)
