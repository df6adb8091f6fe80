"""`/zoom list`: the user's upcoming meetings that were scheduled from Slack."""

from __future__ import annotations

from datetime import UTC, datetime

from slack_sdk import WebClient

from handlers.app.services import Services
from handlers.flows.connect import connect_message
from handlers.slack.origin import CommandOrigin
from handlers.slack.replies import Replies
from handlers.ui.messages import duration_text, escape_mrkdwn, meeting_number, plain, slack_date

MAX_LISTED = 15


def list_meetings(services: Services, client: WebClient, origin: CommandOrigin) -> None:
    upcoming = services.meetings.for_user(origin.key, ending_after=datetime.now(UTC))
    if not upcoming:
        if not services.settings.account_mode and services.connections.get(origin.key) is None:
            Replies(client, origin).private(connect_message(
                services, origin.key, reason="You have no upcoming meetings scheduled from Slack. Connect your "
                "Zoom account, then schedule one with `/zoom meet Design review tomorrow 3pm`."))
            return
        Replies(client, origin).private(plain(
            "You have no upcoming meetings scheduled from Slack. "
            "Schedule one with `/zoom meet Design review tomorrow 3pm`."))
        return
    lines = [f"*Your upcoming meetings* (scheduled from Slack, {len(upcoming)} in all)"]
    for meeting in upcoming[:MAX_LISTED]:
        when = slack_date(meeting.start_time, meeting.timezone) if meeting.start_time else "now"
        lines.append(f"• *{escape_mrkdwn(meeting.topic)}*, {when}, {duration_text(meeting.duration_minutes)} "
                     f"(ID {meeting_number(meeting.zoom_meeting_id)})")
    if len(upcoming) > MAX_LISTED:
        lines.append(f"…and {len(upcoming) - MAX_LISTED} more.")
    Replies(client, origin).private(plain("\n".join(lines)))
