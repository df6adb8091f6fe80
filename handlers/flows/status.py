"""`/zoom status`: how this workspace reaches Zoom, and who the user is there."""

from __future__ import annotations

import logging

from slack_sdk import WebClient

from handlers.app.services import Services
from handlers.flows.account_mode import ACCOUNT_MODE_NOTE
from handlers.flows.connect import connect_message
from handlers.slack.origin import CommandOrigin
from handlers.slack.profiles import fetch_profile
from handlers.slack.replies import Replies
from handlers.ui.messages import escape_mrkdwn, plain, slack_date
from zoom import ZoomApiError, ZoomUserNotFound

log = logging.getLogger(__name__)


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
    profile = fetch_profile(client, origin.user_id, origin.user_name)
    email = profile.email
    if profile.lookup_failed:  # a rate limit or an outage, not a missing permission
        return ("Slack did not tell me your email just now, so I cannot say which Zoom user you are; try "
                "again in a minute.")
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
