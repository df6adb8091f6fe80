"""The `/zoom` slash command: answer at once, do the Zoom work in the background."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from handlers import account, meet
from handlers.meeting_list import list_meetings
from handlers.messages import escape_mrkdwn, usage
from handlers.replies import CommandOrigin, answer_on_failure
from handlers.services import Services

Flow = Callable[..., None]

SUBCOMMAND_FLOWS: dict[str, Flow] = {
    "connect": account.connect,
    "disconnect": account.disconnect,
    "status": account.status,
    "list": list_meetings,
}


def split_subcommand(text: str) -> tuple[str, str]:
    words = text.strip().split(maxsplit=1)
    if not words:
        return "", ""
    return words[0].lower(), (words[1] if len(words) > 1 else "")


def register(app: App, services: Services) -> None:
    def later(name: str, flow: Flow, client: WebClient, origin: CommandOrigin, *args: Any) -> None:
        services.jobs.submit(name, answer_on_failure(flow), services, client, origin, *args)

    def handle_zoom(ack: Ack, command: dict[str, Any], client: WebClient) -> None:
        # Only quick, local decisions happen before ack(); Slack gets its answer before any
        # call to Slack's Web API, Zoom, or a token refresh.
        origin = CommandOrigin.from_command(command)
        subcommand, rest = split_subcommand(command.get("text") or "")
        if subcommand == "":
            ack()
            later("instant meeting", meet.schedule_meeting, client, origin, "")
        elif subcommand == "meet":
            if not rest.strip():
                ack(**usage("Tell me what the meeting is about and when, for example "
                            "`/zoom meet Design review tomorrow 3pm`.").as_kwargs(), response_type="ephemeral")
                return
            ack()
            later("meet", meet.schedule_meeting, client, origin, rest)
        elif subcommand in SUBCOMMAND_FLOWS:
            ack()
            later(subcommand, SUBCOMMAND_FLOWS[subcommand], client, origin)
        elif subcommand == "help":
            ack(**usage().as_kwargs(), response_type="ephemeral")
        else:
            intro = f"I don't know `{_shown(subcommand)}`."
            ack(**usage(intro).as_kwargs(), response_type="ephemeral")

    app.command("/zoom")(handle_zoom)


def _shown(word: str) -> str:
    return escape_mrkdwn("".join(ch for ch in word if ch.isprintable() and ch != "`")[:30])
