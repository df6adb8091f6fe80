"""Who a Slack user is at Zoom, for the flows that act on their meetings (`/zoom list`, cancel, move), and
the one rule for who may change a meeting: its host.

User mode: the user's own grant, and they host what their Zoom user hosts (the meeting's `host_id` is the
connection's Zoom user). Account mode: the account's token, and they host what the Zoom user with their
Slack email hosts (the meeting's `host_email`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from handlers.app.durable import RetryLater
from handlers.app.services import Services
from handlers.flows.connect import connect_message
from handlers.slack.origin import CommandOrigin
from handlers.slack.profiles import SlackProfile
from handlers.ui.messages import SlackMessage, plain
from handlers.ui.zoom_errors import no_zoom_user, zoom_busy, zoom_refused, zoom_trouble
from zoom import (
    Meeting,
    ZoomApi,
    ZoomApiError,
    ZoomBadResponse,
    ZoomGrantRevoked,
    ZoomRateLimited,
    ZoomUnavailable,
    ZoomUserNotFound,
)

log = logging.getLogger(__name__)

# Zoom's per-second limits are waited out (the command goes back to the queue); longer ones are told.
WAIT_OUT_RATE_LIMIT_SECONDS = 30
# A Zoom that does not answer is asked again this many times before the user is told.
UNANSWERED_ATTEMPTS = 3
NO_EMAIL_NOW = ("Slack did not tell me your email just now, so I cannot find you at Zoom. Nothing was changed; "
                "please try again in a minute.")


@dataclass(frozen=True)
class ZoomSelf:
    """The Slack user as Zoom knows them: the API to call, and whom to ask it about."""

    api: ZoomApi
    user_ref: str  # "me" (user mode) or the Slack email (account mode)
    zoom_user_id: str = ""  # user mode: the connected Zoom user
    email: str = ""  # account mode: the Slack email, which names the Zoom user

    def hosts(self, meeting: Meeting) -> bool:
        if self.email:
            return bool(meeting.host_email) and meeting.host_email.lower() == self.email.lower()
        return bool(meeting.host_id) and meeting.host_id == self.zoom_user_id

    def hosts_listed(self, host_id: str) -> bool:
        """A meeting of the user's own list: Zoom lists the meetings a user hosts; in user mode its host_id
        says so too."""
        return True if self.email else host_id == self.zoom_user_id


def zoom_self(services: Services, origin: CommandOrigin, profile: SlackProfile, *, connect_reason: str
              ) -> ZoomSelf | SlackMessage:
    """The user at Zoom, or what to tell them instead (connect first; Slack did not share the email...)."""
    if services.settings.account_mode:
        if profile.lookup_failed:
            return plain(NO_EMAIL_NOW)
        if not profile.email:
            return plain(no_zoom_user(""))
        return ZoomSelf(services.zoom_as_account(), profile.email, email=profile.email)
    connection = services.connections.get(origin.key)
    if connection is None:
        return connect_message(services, origin.key, reason=connect_reason)
    return ZoomSelf(services.zoom_as_user(origin.key), "me", zoom_user_id=connection.zoom_user_id)


def zoom_failure(error: ZoomApiError, *, email: str, action: str, outcome: str, attempts: int = 1,
                 stale: bool = False, changes: bool = True) -> SlackMessage:
    """What to tell the user when Zoom refused or did not answer; or RetryLater for a per-second limit or a
    passing outage. `action` is what Zoom was asked ("cancel the meeting"), `outcome` what did not happen
    ("nothing was cancelled"), said after a refusal too when the action `changes` anything."""
    if isinstance(error, ZoomRateLimited):
        wait_out_short_limit(error, stale=stale)
        return plain(zoom_busy(error, outcome))
    if isinstance(error, ZoomUnavailable):
        if attempts < UNANSWERED_ATTEMPTS and not stale and not isinstance(error, ZoomBadResponse):
            raise RetryLater(2.0 * attempts, "Zoom did not answer") from None
        return plain(f"{zoom_trouble(error).detail}, so {outcome}. Please try again in a minute.")
    if isinstance(error, ZoomUserNotFound):
        return plain(no_zoom_user(email))
    if isinstance(error, ZoomGrantRevoked):
        return plain(f"{zoom_trouble(error).detail}, so {outcome}.")
    log.info("Zoom refused to %s (status %s, code %s)", action, error.status, error.code)
    refused = zoom_refused(error, action)
    return plain(f"{refused} {outcome[:1].upper()}{outcome[1:]}." if changes else refused)


def wait_out_short_limit(error: ZoomRateLimited, *, stale: bool) -> None:
    """A per-second limit sends the command back to the queue until it lifts (RetryLater); a longer one, or a
    command already late, returns so that the user is told."""
    if error.retry_after <= WAIT_OUT_RATE_LIMIT_SECONDS and not stale:
        raise RetryLater(error.retry_after, "Zoom rate limit")


def connect_reason(verb: str) -> str:
    return f"Connect your Zoom account to {verb} your meetings from Slack."


def not_connected_now(services: Services, origin: CommandOrigin, verb: str) -> SlackMessage:
    """The grant died while the command ran (Zoom refused its refresh): connect again."""
    return connect_message(services, origin.key, reason=f"Zoom no longer accepts this app's access to your "
                           f"account. Connect it again to {verb} your meetings from Slack.")
