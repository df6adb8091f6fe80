"""What people see of Zoom Scheduler booking links (`/zoom link`, App Home's "Create a booking link"): the choice
of schedule, the private link with its "Share in channel" button, the shared post, and why no link could be
made. Built, not sent; anything Zoom or a user wrote is escaped before it reaches mrkdwn.

Button values come back from the user's Slack client and are untrusted: a schedule button's value is only a
schedule id, which the flow looks for again among the clicker's own schedules at Zoom; a Share button's value
is sealed by the flow (authenticated encryption) and names the one user it was made for.
"""

from __future__ import annotations

from collections.abc import Sequence

from handlers.ui.messages import (
    MAX_BUTTON_TEXT,
    Blocks,
    SlackMessage,
    duration_text,
    escape_mrkdwn,
    plain,
    slack_length,
)
from zoom.models import Schedule

BOOKING_LINK_CREATE_ACTION = "booking_link_create"  # App Home's button (any value)
CHOOSE_ACTION_PREFIX = "booking_link_choose_"  # + the button's position: one per schedule
SHARE_ACTION = "booking_link_share"
MAX_CHOICES = 25  # buttons in one message: more would be a wall; Zoom users rarely have that many
MAX_SCHEDULE_ID = 200  # Zoom's ids are 26 characters; anything far longer was not written by Zoom

LINK_USAGE = ("Usage: `/zoom link`, with nothing after it: a single-use booking link for one of your Zoom Scheduler "
              "schedules. Nothing was made.")

NO_SCHEDULES = (
    "You have no Zoom Scheduler schedules yet, so there is nothing a booking link could book. Create one in "
    "Zoom: open *Scheduler* in the Zoom web portal or app, click *Create*, and set the meeting's length and "
    "the hours you are available. Then run `/zoom link` again.")

SCHEDULER_NOT_ENABLED = (
    "Zoom Scheduler is not enabled for your account, so I cannot make a booking link. A Zoom admin can turn "
    "it on: assign you the *Zoom Scheduler* add-on (web portal: *User Management > Users > Edit > Licenses and "
    "add-ons*) and switch *Zoom Scheduler* on in *Account Settings > Mail & Calendar* (or for your group). Then "
    "open Scheduler once in Zoom, create a schedule, and run `/zoom link` again.")

RECONNECT_FOR_SCHEDULER = (
    "Booking links need Zoom Scheduler permissions that your Zoom connection does not have yet: it was made "
    "before this app asked for them. Connect Zoom again to grant them; your meetings stay as they are.")

ACCOUNT_APP_WITHOUT_SCHEDULER_SCOPES = (
    "This workspace's Zoom app cannot make booking links yet: it lacks the Zoom Scheduler scopes "
    "(`scheduler:read:admin` and `scheduler:write:admin`, or their granular `list_schedule` and "
    "`single_use_link` ones). Ask your Zoom admin to add them to the Server-to-Server app.")

NOT_YOUR_SCHEDULE = ("That schedule is not one of yours at Zoom, or it is gone or turned off by now, so no link "
                     "was made. Run `/zoom link` to see your schedules as they are.")

SHARE_NOT_YOURS = "This link was made for someone else, so I did not share it. Run `/zoom link` for your own."
SHARE_UNREACHABLE = ("I cannot post in this conversation, so the link was not shared. Copy it from the message "
                     "above instead.")


def choose_action(position: int) -> str:
    return f"{CHOOSE_ACTION_PREFIX}{position}"


def read_schedule_id(value: object) -> str | None:
    """A schedule button's value as the bot writes it (Zoom's id, visible ASCII), or None."""
    if not isinstance(value, str) or not 0 < len(value) <= MAX_SCHEDULE_ID:
        return None
    return value if value.isascii() and value.isprintable() and " " not in value else None


def schedule_label(schedule: Schedule) -> str:
    title = schedule.summary.strip() or "Untitled schedule"
    if schedule.duration_minutes > 0:
        return f"{title} ({duration_text(schedule.duration_minutes)})"
    return title


def schedule_choices(schedules: Sequence[Schedule]) -> SlackMessage:
    """Several schedules: one button each (a value that is not Zoom's id would not fit is left out)."""
    shown = [s for s in schedules if read_schedule_id(s.schedule_id)][:MAX_CHOICES]
    lines = "Which of your Zoom Scheduler schedules should the booking link book? It works for one booking."
    if len(schedules) > len(shown):
        lines += f" (The first {len(shown)} of {len(schedules)} are shown.)"
    buttons = [{"type": "button", "action_id": choose_action(n), "value": s.schedule_id,
                "text": {"type": "plain_text", "text": _short(schedule_label(s), MAX_BUTTON_TEXT)}}
               for n, s in enumerate(shown)]
    blocks: Blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": lines}}]
    for start in range(0, len(buttons), 5):  # five per row reads better than one long wrap
        blocks.append({"type": "actions", "block_id": f"booking_link_choices_{start}",
                       "elements": buttons[start:start + 5]})
    return SlackMessage(text="Which schedule should the booking link book?", blocks=blocks)


def booking_link(schedule: Schedule, url: str, *, share_value: str | None) -> SlackMessage:
    """The private answer: the link, and "Share in channel" when there is a conversation to share it in."""
    label = escape_mrkdwn(schedule_label(schedule))
    text = (f"Here is a single-use booking link for *{label}*: <{url}|{escape_mrkdwn(url)}>\n"
            "Whoever opens it can book one time with you; after that it stops working.")
    blocks: Blocks = list(plain(text).blocks)
    if share_value is not None:
        blocks.append({"type": "actions", "elements": [{
            "type": "button", "action_id": SHARE_ACTION, "value": share_value,
            "text": {"type": "plain_text", "text": "Share in channel"}}]})
    else:
        blocks.append({"type": "context", "elements": [
            {"type": "mrkdwn", "text": "Copy the link to send it to whoever should book a time with you."}]})
    return SlackMessage(text=f"Your single-use booking link for {schedule_label(schedule)}: {url}", blocks=blocks)


def shared_booking_link(user_id: str, summary: str, url: str) -> SlackMessage:
    """The public post of a link someone shared in a conversation."""
    label = escape_mrkdwn(summary.strip() or "a meeting")
    text = f"<@{user_id}> shares a booking link for *{label}*: <{url}|book a time> (it works for one booking)."
    return SlackMessage(text=f"A booking link for {summary.strip() or 'a meeting'}: {url}", blocks=plain(text).blocks)


def shared_note(channel_id: str) -> SlackMessage:
    where = f"<#{channel_id}>" if channel_id[:1] in ("C", "G") else "this conversation"
    return plain(f"Shared in {where}. It works for one booking: post a new one with `/zoom link`.")


def _short(text: str, limit: int) -> str:
    """`text` cut to Slack's `limit` (counted as Slack counts), with an ellipsis when cut."""
    if slack_length(text) <= limit:
        return text
    while slack_length(text) > limit - 1:
        text = text[:-1]
    return text.rstrip() + "…"
