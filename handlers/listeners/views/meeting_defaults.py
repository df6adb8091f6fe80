"""The meeting defaults modal, submitted: checked here (a bad length is answered on its field, and nothing is
stored), then stored after the ack (handlers.flows.meeting_defaults)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from slack_bolt import Ack, App

from handlers.app.services import Services
from handlers.flows.meeting_defaults import SAVE_DEFAULTS
from handlers.listeners.accept import accept, trigger_of
from handlers.slack.origin import CommandOrigin
from handlers.ui.meeting_defaults import DEFAULTS_VIEW, DURATION, Choices, read_defaults


def register(app: App, services: Services) -> None:
    def on_defaults_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        fixed = services.settings.workspace_fixed
        chosen = read_defaults(view, fixed=fixed)
        if not isinstance(chosen, Choices):
            ack(response_action="errors", errors=chosen)
            return
        refused = accept(services, SAVE_DEFAULTS, CommandOrigin.from_interaction(body, channel_id=""),
                         {"defaults": asdict(chosen)}, delivery=trigger_of(body))
        if refused:
            # The database is away: say so on a field the modal has (the length, unless the workspace fixes it).
            field = next((name for name in Choices.names() if name not in fixed), DURATION)
            ack(response_action="errors", errors={field: refused["text"]})
            return
        ack()  # closes the modal; the Home shows the new defaults in a moment

    app.view(DEFAULTS_VIEW)(on_defaults_submitted)
