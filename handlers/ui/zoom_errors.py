"""What went wrong at Zoom, in words for a person: the one place the bot words Zoom's errors, for Slack
messages and browser pages alike. Nothing here repeats a token, a code or Zoom's raw body beyond a short,
escaped reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from handlers.ui.messages import escape_mrkdwn, slack_date
from zoom.errors import ZoomApiError, ZoomBadResponse, ZoomGrantRevoked, ZoomRateLimited, ZoomUnavailable

MAX_REASON_CHARS = 200


@dataclass(frozen=True)
class ZoomTrouble:
    title: str   # a page's heading
    detail: str  # a sentence without its final stop; mrkdwn-escaped, so only Slack shows Zoom's own reason


def zoom_trouble(error: ZoomApiError) -> ZoomTrouble:
    if isinstance(error, ZoomBadResponse):
        return ZoomTrouble("Zoom's answer could not be read", "Zoom answered in a way this app does not understand")
    if isinstance(error, ZoomUnavailable):
        return ZoomTrouble("Zoom did not answer", "Zoom could not be reached, or did not answer in time")
    if isinstance(error, ZoomRateLimited):
        return ZoomTrouble("Zoom is busy", f"Zoom is busy right now; {try_again_in(error.retry_after)[:-1]}")
    if isinstance(error, ZoomGrantRevoked):
        return ZoomTrouble("Zoom ended the connection", "Zoom says this app's access to the account was removed")
    reason = escape_mrkdwn(str(error)[:MAX_REASON_CHARS])
    return ZoomTrouble("Zoom refused", f"Zoom refused ({error.status}: {reason})")


def zoom_busy(error: ZoomRateLimited, outcome: str) -> str:
    """`outcome`: what did not happen, e.g. "nothing was created"."""
    return f"Zoom is busy right now; {outcome}. {try_again_in(error.retry_after)}"


def zoom_refused(error: ZoomApiError, action: str) -> str:
    """`action`: what Zoom refused, e.g. "create the meeting". Zoom's reason is cut short and escaped."""
    reason = escape_mrkdwn(str(error)[:MAX_REASON_CHARS])
    return f"Zoom refused to {action} ({error.status}: {reason})."


def try_again_in(seconds: float) -> str:
    if seconds < 90:
        return f"Please try again in {max(1, round(seconds))} seconds."
    if seconds < 90 * 60:
        return f"Please try again in {round(seconds / 60)} minutes."
    # A daily limit: name the moment it lifts, in each reader's own zone.
    return f"Zoom's limit for your account lifts {slack_date(datetime.now(UTC) + timedelta(seconds=seconds), 'UTC')}."


def no_zoom_user(email: str) -> str:
    """Account mode finds a Slack user's Zoom user by their Slack email; this says why it could not."""
    if email:
        return (f"This workspace uses your organisation's Zoom account, and it has no Zoom user with the email "
                f"`{escape_mrkdwn(email)}` (your Slack email). Ask your Zoom admin to add you, then try again.")
    return ("This workspace uses your organisation's Zoom account, which finds you by your Slack email, but "
            "Slack did not share your email with this app. Ask your Slack admin to reinstall the app with "
            "the `users:read.email` permission.")
