"""The Schedule button (in `/zoom help` and App Home): opens the scheduling form after the ack."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from handlers.app.services import Services
from handlers.flows.schedule_form import OPEN_SCHEDULE_FORM
from handlers.listeners.accept import accept, trigger_of
from handlers.slack.origin import CommandOrigin
from handlers.ui.schedule_form import SCHEDULE_FORM_ACTION


def register(app: App, services: Services) -> None:
    def on_schedule(ack: Ack, body: dict[str, Any]) -> None:
        trigger_id = trigger_of(body)
        ack(**accept(services, OPEN_SCHEDULE_FORM, CommandOrigin.from_interaction(body), {"trigger_id": trigger_id},
                     delivery=trigger_id))

    app.action(SCHEDULE_FORM_ACTION)(on_schedule)
