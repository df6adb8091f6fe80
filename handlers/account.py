"""`/zoom connect`, `/zoom disconnect` and `/zoom status`: the user's link to Zoom."""

from __future__ import annotations

import logging

from slack_sdk import WebClient

from handlers.connect import connect_message
from handlers.messages import escape_mrkdwn, plain, slack_date
from handlers.profiles import fetch_profile
from handlers.replies import CommandOrigin, Replies
from handlers.services import Services
from storage import RemovedGrant
from zoom import ZoomApiError, ZoomUserNotFound

log = logging.getLogger(__name__)

ACCOUNT_MODE_NOTE = ("This workspace uses your organisation's Zoom account: meetings are created for the Zoom "
                     "user with your Slack email, and there is nothing to connect or disconnect.")


def connect(services: Services, client: WebClient, origin: CommandOrigin) -> None:
    replies = Replies(client, origin)
    if services.settings.account_mode:
        replies.private(plain(ACCOUNT_MODE_NOTE))
        return
    existing = services.connections.get(origin.key)
    if existing:
        reason = (f"You are connected as *{escape_mrkdwn(existing.zoom_email)}*. "
                  "To connect another Zoom account, use this link.")
    else:
        reason = "Connect your Zoom account so `/zoom` can create meetings as you."
    replies.private(connect_message(services, origin.key, reason=reason))


def disconnect(services: Services, client: WebClient, origin: CommandOrigin) -> None:
    replies = Replies(client, origin)
    if services.settings.account_mode:
        replies.private(plain(ACCOUNT_MODE_NOTE))
        return
    removed = services.connections.delete(origin.key)
    if removed is None:
        replies.private(plain("You have no Zoom account connected, so there was nothing to disconnect."))
        return
    if revoke_grant(services, removed):
        replies.private(plain("Disconnected: your Zoom tokens are revoked at Zoom and deleted here."))
    else:
        replies.private(plain("Disconnected: your Zoom tokens are deleted here. Zoom could not be reached to "
                              "revoke them, so also remove the app under *Zoom App Marketplace > Manage > "
                              "Added Apps* to be sure."))


def status(services: Services, client: WebClient, origin: CommandOrigin) -> None:
    replies = Replies(client, origin)
    if services.settings.account_mode:
        replies.private(plain(f"*Mode:* organisation account (Server-to-Server OAuth).\n"
                              f"{_account_user_line(services, client, origin)}\n{ACCOUNT_MODE_NOTE}"))
        return
    connection = services.connections.get(origin.key)
    if connection is None:
        replies.private(connect_message(
            services, origin.key,
            reason="*Mode:* each user connects their own Zoom account.\nYou are *not connected*. "
                   "Connect your Zoom account so `/zoom` can create meetings as you."))
        return
    since = slack_date(connection.connected_at, "UTC")
    replies.private(plain(f"*Mode:* each user connects their own Zoom account.\n"
                          f"You are *connected* as *{escape_mrkdwn(connection.zoom_email)}* since {since}."))


def _account_user_line(services: Services, client: WebClient, origin: CommandOrigin) -> str:
    """Which Zoom user account mode would create this Slack user's meetings for, asked of Zoom itself."""
    email = fetch_profile(client, origin.user_id, origin.user_name).email
    if not email:
        return ("Slack does not share your email with this app, so no Zoom user can be found for you "
                "(the app needs the `users:read.email` permission).")
    shown = escape_mrkdwn(email)
    try:
        zoom_user = services.zoom_as_account().get_user(email)
    except ZoomUserNotFound:
        return f"Your organisation's Zoom account has *no Zoom user* with your Slack email `{shown}`."
    except ZoomApiError as error:
        log.info("account mode status: Zoom answered %s", type(error).__name__)
        return f"Your meetings are created for the Zoom user `{shown}` (Zoom could not be asked just now)."
    return f"Your meetings are created for the Zoom user *{escape_mrkdwn(zoom_user.email or email)}*."


def revoke_grant(services: Services, grant: RemovedGrant) -> bool:
    """Revoke the grant at Zoom; False if Zoom could not be reached. Best effort: the local deletion has
    already happened and stands whatever Zoom says."""
    try:
        services.zoom_oauth.revoke_grant(grant.tokens)
    except ZoomApiError as error:
        log.warning("revoking a Zoom grant failed: %s", type(error).__name__)
        return False
    return True
