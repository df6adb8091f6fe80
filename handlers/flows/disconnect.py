"""`/zoom disconnect`, and revoking a deleted connection's grant at Zoom (the one place the bot does it)."""

from __future__ import annotations

import logging
from datetime import datetime

from slack_sdk import WebClient

from handlers.app.durable import Job, RetryLater
from handlers.app.services import Services
from handlers.flows.account_mode import needs_own_zoom_account
from handlers.flows.home_refresh import republish_home
from handlers.slack.origin import CommandOrigin
from handlers.slack.replies import Replies
from handlers.ui.messages import plain
from storage import IssuedTokens, NewCommand, RemovedGrant
from zoom import TokenSet, ZoomApiError, ZoomUnavailable

log = logging.getLogger(__name__)

REVOKE_GRANT = "revoke_grant"
# Zoom unreachable: the revocation is tried again this many times in all, then the grant is left to expire.
REVOKE_ATTEMPTS = 4


@needs_own_zoom_account
def disconnect(services: Services, client: WebClient, origin: CommandOrigin) -> None:
    replies = Replies(client, origin)
    removed = services.connections.delete(origin.key)
    if removed is None:
        replies.private(plain("You have no Zoom account connected, so there was nothing to disconnect."))
        return
    republish_home(services, origin.key)  # Connect, where Disconnect was
    if revoke_at_zoom(services, removed):
        replies.private(plain("Disconnected: your Zoom tokens are revoked at Zoom and deleted here."))
    else:
        replies.private(plain("Disconnected: your Zoom tokens are deleted here. Zoom could not be reached to "
                              "revoke them, so also remove the app under *Zoom App Marketplace > Manage > "
                              "Added Apps* to be sure."))


def revoke_at_zoom(services: Services, grant: IssuedTokens, *, retry_while_unreachable: bool = False) -> bool:
    """Revoke the grant at Zoom; False if Zoom could not be reached or refused. Best effort: the local deletion
    has already happened and stands whatever Zoom says."""
    tokens = grant if isinstance(grant, TokenSet) else TokenSet(
        access_token=grant.access_token, refresh_token=grant.refresh_token, expires_at=grant.expires_at)
    try:
        services.zoom_oauth.revoke_grant(tokens)
    except ZoomUnavailable:
        if retry_while_unreachable:
            raise
        log.warning("revoking a Zoom grant failed: Zoom unreachable")
        return False
    except ZoomApiError as error:
        log.warning("revoking a Zoom grant failed: %s", type(error).__name__)
        return False
    return True


def revoke_command(grant: RemovedGrant) -> NewCommand:
    """The revocation as durable work, for deletions that must not wait on Zoom (an uninstall's event)."""
    return NewCommand(kind=REVOKE_GRANT, owner=grant.key, channel_id="", payload={
        "access_token": grant.access_token, "refresh_token": grant.refresh_token,
        "expires_at": grant.expires_at.isoformat()})


def revoke_grant(services: Services, job: Job) -> None:
    """Retried while Zoom is unreachable, then left to expire."""
    payload = job.payload
    tokens = TokenSet(access_token=payload["access_token"], refresh_token=payload["refresh_token"],
                      expires_at=datetime.fromisoformat(payload["expires_at"]))
    try:
        revoke_at_zoom(services, tokens, retry_while_unreachable=job.attempts < REVOKE_ATTEMPTS)
    except ZoomUnavailable:
        raise RetryLater(10.0 * job.attempts, "Zoom did not answer the revocation") from None
