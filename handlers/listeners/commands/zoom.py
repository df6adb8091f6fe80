"""The `/zoom` slash command: store it as a durable command and answer Slack at once."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from handlers.app.services import Services
from handlers.flows.flow_types import MEET
from handlers.flows.registry import SUBCOMMANDS
from handlers.flows.schedule_form import OPEN_SCHEDULE_FORM
from handlers.listeners.accept import accept, trigger_of
from handlers.slack.origin import CommandOrigin
from handlers.ui.messages import SlackMessage, escape_mrkdwn, usage


def split_subcommand(text: str) -> tuple[str, str]:
    words = text.strip().split(maxsplit=1)
    if not words:
        return "", ""
    return words[0].lower(), (words[1] if len(words) > 1 else "")


def help_message(intro: str = "") -> SlackMessage:
    return usage([(name, sub.usage) for name, sub in SUBCOMMANDS.items()], intro)


def register(app: App, services: Services) -> None:
    def handle_zoom(ack: Ack, command: dict[str, Any]) -> None:
        # Only quick, local decisions and one insert happen before ack(): Slack gets its answer before any
        # call to Slack's Web API, Zoom, or a token refresh.
        origin = CommandOrigin.from_command(command)
        trigger_id = trigger_of(command)
        subcommand, rest = split_subcommand(command.get("text") or "")
        if subcommand == "meet" and not rest.strip():
            # Nothing to read: the scheduling form, opened after the ack with the command's trigger_id.
            ack(**accept(services, OPEN_SCHEDULE_FORM, origin, {"trigger_id": trigger_id}, delivery=trigger_id))
        elif subcommand in ("", "meet"):
            ack(**accept(services, MEET, origin, {"text": rest}, delivery=trigger_id, repeatable_text=rest))
        elif subcommand in SUBCOMMANDS:
            # The words after the subcommand go with it (`/zoom cancel 812 3456 7890`); its flow reads them.
            ack(**accept(services, subcommand, origin, {"text": rest}, delivery=trigger_id))
        elif subcommand == "help":
            ack(**help_message().as_kwargs(), response_type="ephemeral")
        else:
            ack(**help_message(f"I don't know `{_shown(subcommand)}`.").as_kwargs(), response_type="ephemeral")

    app.command("/zoom")(handle_zoom)


def _shown(word: str) -> str:
    return escape_mrkdwn("".join(ch for ch in word if ch.isprintable() and ch != "`")[:30])
