"""How a listener hands work over before it acks: one insert (handlers.app.durable runs it after)."""

from __future__ import annotations

import logging
import re
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from handlers.app.services import Services
from handlers.slack.origin import CommandOrigin
from handlers.ui.forms import text_of
from storage import NewCommand
from storage.crypto import digest

log = logging.getLogger(__name__)

DATABASE_AWAY = ("I cannot reach my database right now, so I could not take this command. Please try again in "
                 "a minute.")


def accept(services: Services, kind: str, origin: CommandOrigin, args: dict[str, Any], *, delivery: str = "",
           dedupe_key: str | None = None, repeatable_text: str | None = None) -> dict[str, Any]:
    """Store the command before the ack; what to ack with (nothing, or why it could not be taken).

    `delivery` names one delivery of one user action (Slack's trigger_id: a retry carries the same), so
    a retried request is stored once. `repeatable_text`: the same text from the same person in the same
    conversation, within a minute, makes one meeting (see handlers.flows.meet)."""
    if dedupe_key is None and delivery:
        dedupe_key = digest(f"delivery:{origin.team_id}:{delivery}")
    repeat_key = None
    if repeatable_text is not None:
        repeat_key = digest(f"repeat:{origin.key.workspace_key}:{origin.user_id}:{origin.channel_id}:"
                            f"{_normalised(repeatable_text)}")
    try:
        services.runner.submit(NewCommand(kind=kind, owner=origin.key, channel_id=origin.channel_id,
                                          payload={"origin": origin.to_dict(), **args},
                                          dedupe_key=dedupe_key, repeat_key=repeat_key))
    except SQLAlchemyError as error:
        log.error("could not store a %s command: %s", kind, type(error).__name__)
        return {"text": DATABASE_AWAY, "response_type": "ephemeral"}
    return {}


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


def trigger_of(body: dict[str, Any]) -> str:
    """The interaction's trigger_id (it opens one view, within three seconds), or ""."""
    return text_of(body.get("trigger_id"))
