"""Bolt listeners: one folder per kind of Slack input, one module per listener, each with `register`."""

from slack_bolt import App

from handlers.app.services import Services
from handlers.listeners.actions import app_home as home_buttons
from handlers.listeners.actions import booking_links, link_buttons, meet_choices, my_meetings
from handlers.listeners.actions import schedule_form as schedule_button
from handlers.listeners.commands import zoom
from handlers.listeners.events import app_home as home_opened
from handlers.listeners.events import uninstall
from handlers.listeners.shortcuts import about_message, schedule
from handlers.listeners.views import meeting_defaults, move_edit, schedule_form


def register_listeners(app: App, services: Services) -> None:
    zoom.register(app, services)
    link_buttons.register(app)
    meet_choices.register(app, services)
    schedule_button.register(app, services)
    schedule_form.register(app, services)
    my_meetings.register(app, services)
    booking_links.register(app, services)
    move_edit.register(app, services)
    uninstall.register(app, services)
    home_opened.register(app, services)
    home_buttons.register(app, services)
    meeting_defaults.register(app, services)
    about_message.register(app, services)
    schedule.register(app, services)
