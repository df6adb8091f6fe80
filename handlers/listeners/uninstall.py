"""`app_uninstalled` and `tokens_revoked`: a workspace that leaves takes its data with it."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App

from handlers.services import Services
from handlers.work import REVOKE_GRANT, revoke_command

log = logging.getLogger(__name__)


def forget_workspace(services: Services, *, team_id: str, enterprise_id: str) -> int:
    """Delete the installation, every Zoom connection and the meeting log of the workspace, now; revoke
    the Zoom grants after."""
    if services.installation_store is not None:
        services.installation_store.delete_all(
            enterprise_id=enterprise_id or None, team_id=team_id or None)
    # The meeting log and the pending commands go first: if anything fails after them, Slack's retry still
    # finds the connections.
    services.meetings.delete_workspace(team_id=team_id, enterprise_id=enterprise_id)
    # The revocations an earlier delivery of this event queued stay: a retry must not cancel them.
    services.commands.forget_workspace(team_id=team_id, enterprise_id=enterprise_id, keep_kinds=(REVOKE_GRANT,))
    grants = services.connections.delete_workspace(team_id=team_id, enterprise_id=enterprise_id)
    # Revocation talks to Zoom and must not hold up Slack's event: it is durable work of its own (retried
    # while Zoom is unreachable); the tokens it carries are encrypted like everything else at rest.
    for grant in grants:
        services.runner.submit(revoke_command(grant))
    log.info("workspace %s left: %d Zoom connection(s) deleted", team_id or enterprise_id, len(grants))
    return len(grants)


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
