"""Forgetting people who left: a workspace that uninstalled the app (Slack's event), or a Zoom user who
removed it (Zoom's webhook). The one place that knows what the bot keeps about someone, and in what order
to delete it."""

from __future__ import annotations

import logging

from handlers.app.services import Services
from handlers.flows.disconnect import REVOKE_GRANT, revoke_command

log = logging.getLogger(__name__)


def forget_workspace(services: Services, *, team_id: str, enterprise_id: str) -> int:
    """Delete the installation, every Zoom connection, the meeting log and the pending commands of the
    workspace, now; revoke the Zoom grants after (durable work: Slack's event must not wait on Zoom)."""
    if services.installation_store is not None:
        services.installation_store.delete_all(enterprise_id=enterprise_id or None, team_id=team_id or None)
    # The meeting log and the pending commands go first: if anything fails after them, Slack's retry still
    # finds the connections.
    services.meetings.delete_workspace(team_id=team_id, enterprise_id=enterprise_id)
    services.preferences.delete_workspace(team_id=team_id, enterprise_id=enterprise_id)
    # The revocations an earlier delivery of this event queued stay: a retry must not cancel them.
    services.commands.forget_workspace(team_id=team_id, enterprise_id=enterprise_id, keep_kinds=(REVOKE_GRANT,))
    grants = services.connections.delete_workspace(team_id=team_id, enterprise_id=enterprise_id)
    for grant in grants:  # the tokens it carries are encrypted like everything else at rest
        services.runner.submit(revoke_command(grant))
    log.info("workspace %s left: %d Zoom connection(s) deleted", team_id or enterprise_id, len(grants))
    return len(grants)


def forget_zoom_user(services: Services, zoom_user_id: str) -> int:
    """Zoom has already revoked the grant: delete at once, and do not call Zoom back."""
    # The meeting log goes first: if anything fails after it, Zoom's retry still finds the connections.
    services.meetings.delete_for(services.connections.keys_of_zoom_user(zoom_user_id))
    removed = services.connections.delete_by_zoom_user(zoom_user_id)
    log.info("Zoom user %s deauthorized the app: %d connection(s) deleted", zoom_user_id, len(removed))
    return len(removed)
