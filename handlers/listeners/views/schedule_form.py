"""The scheduling form, submitted: each field checked before the ack (a bad one is answered beside it, in the
form), then stored as one durable command and created as a typed `/zoom meet` would be."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from slack_bolt import Ack, App

from handlers.app.services import Services
from handlers.flows.schedule_form import CANNOT_POST, MEET_FORM, check_form, repeat_key
from handlers.listeners.accept import accept
from handlers.slack.origin import CommandOrigin
from handlers.ui.choice_values import choice_value
from handlers.ui.schedule_form import CHANNEL_BLOCK, SCHEDULE_FORM_VIEW, TOPIC_BLOCK, read_form


def register(app: App, services: Services) -> None:
    def on_form_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        origin = CommandOrigin.from_interaction(body, channel_id="")
        fields = read_form(view)
        check = check_form(fields, user_id=origin.user_id, now=datetime.now(UTC))
        errors = dict(check.errors or {})
        # Slack gives a response_url for the conversation picked only where the app may answer; without one,
        # the meeting could be created and then not posted.
        response_url = response_url_for(body, fields.channel_id)
        if not response_url:
            errors[CHANNEL_BLOCK] = CANNOT_POST
        if errors or not fields.channel_id:
            ack(response_action="errors", errors=errors)
            return
        origin = replace(origin, channel_id=fields.channel_id, response_url=response_url)
        refused = accept(services, MEET_FORM, origin, {"values": [choice_value(draft) for draft in check.drafts]},
                         delivery=f"view:{view.get('id') or body.get('trigger_id') or ''}",
                         repeatable_text=repeat_key(fields, check.drafts, fields.channel_id))
        if refused:
            ack(response_action="errors", errors={TOPIC_BLOCK: refused["text"]})
            return
        ack()  # closes the form; the meeting is posted where the form said, the host link privately

    app.view(SCHEDULE_FORM_VIEW)(on_form_submitted)


def response_url_for(body: dict[str, Any], channel_id: str | None) -> str:
    """The response_url Slack gave for the conversation picked in the form, or "" when it gave none."""
    urls = body.get("response_urls")
    for entry in urls if isinstance(urls, list) else []:
        if isinstance(entry, dict) and entry.get("channel_id") == channel_id and channel_id:
            url = entry.get("response_url")
            return url if isinstance(url, str) else ""
    return ""
