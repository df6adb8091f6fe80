"""`app_uninstalled` and `tokens_revoked`: a workspace that leaves takes its data with it."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App

from handlers.app.services import Services
from handlers.flows.forget import forget_workspace

log = logging.getLogger(__name__)


def register(app: App, services: Services) -> None:
    def on_workspace_gone(event: dict[str, Any], body: dict[str, Any]) -> None:
        tokens = event.get("tokens") or {}
        if event.get("type") == "tokens_revoked" and not tokens.get("bot"):
            return  # only user tokens were revoked; the bot (and so the workspace's data) stays
        enterprise_id = "" if body.get("is_enterprise_install") is False else (body.get("enterprise_id") or "")
        team_id = body.get("team_id") or ""
        if not team_id and not enterprise_id:
            # Nobody's workspace is named, so nothing is deleted; the event is still acknowledged (200), since
            # a failure would only make Slack send the same unusable event again, three more times.
            log.warning("%s names no team or enterprise: acknowledged, nothing deleted", event.get("type"))
            return
        forget_workspace(services, team_id=team_id, enterprise_id=enterprise_id)

    app.event("app_uninstalled")(on_workspace_gone)
    app.event("tokens_revoked")(on_workspace_gone)
