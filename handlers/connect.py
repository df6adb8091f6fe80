"""Starting a Zoom connect: a PKCE pair, a stored single-use state, and the authorize link."""

from __future__ import annotations

from typing import Any

from handlers.messages import SlackMessage, connect_prompt
from handlers.services import Services
from storage import SlackUserKey
from zoom import PkcePair


def authorize_url(services: Services, key: SlackUserKey, *, resume: dict[str, Any] | None = None) -> str:
    pkce = PkcePair.generate()
    state = services.states.create(key, code_verifier=pkce.verifier, resume=resume)
    return services.zoom_oauth.authorize_url(
        redirect_uri=services.settings.zoom_redirect_uri, state=state, code_challenge=pkce.challenge)


def connect_message(services: Services, key: SlackUserKey, *, reason: str,
                    resume: dict[str, Any] | None = None) -> SlackMessage:
    return connect_prompt(authorize_url(services, key, resume=resume), reason=reason)
