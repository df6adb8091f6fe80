"""Redrawing a meeting's channel message when its state changes (live, ended, cancelled, moved).

Every redraw is durable work that reads the state at the time it runs, so the last state always wins,
whatever order the changes came in. Changes that come in bursts (people joining a big meeting) are
throttled: at most one redraw of a message every UPDATE_EVERY, well inside Slack's chat.update limit.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from slack_sdk.errors import SlackApiError

from handlers.app.durable import Job, RetryLater
from handlers.app.services import Services
from handlers.slack.origin import CommandOrigin
from handlers.ui.choice_values import recurrence_from_fields
from handlers.ui.messages import MeetingState, MeetingSummary, SlackMessage, meeting_announcement
from storage import NewCommand
from storage.crypto import digest
from storage.meetings import Announcement

log = logging.getLogger(__name__)

REDRAW_ANNOUNCEMENT = "redraw_announcement"
UPDATE_EVERY = timedelta(seconds=3)
# The message, or the conversation, is gone: nothing left to redraw.
GONE = {"message_not_found", "channel_not_found", "is_archived", "cant_update_message", "not_in_channel"}


def redraw_soon(services: Services, announcement_ids: Iterable[int], *, throttled: bool) -> None:
    """Queue a redraw of each announcement: now, or (`throttled`) at the end of the current interval, once
    for every change within it."""
    for announcement_id in announcement_ids:
        announcement = services.meetings.announcement(announcement_id)
        if announcement is None or not announcement.meeting.message_ts:
            continue
        now = datetime.now(UTC)
        interval = UPDATE_EVERY.total_seconds()
        slot = int(now.timestamp() // interval)
        meeting = announcement.meeting
        origin = CommandOrigin(team_id=meeting.owner.team_id, user_id=meeting.owner.user_id,
                               channel_id=meeting.channel_id, enterprise_id=meeting.owner.enterprise_id)
        services.runner.submit(NewCommand(
            kind=REDRAW_ANNOUNCEMENT, owner=meeting.owner, channel_id=meeting.channel_id,
            payload={"origin": origin.to_dict(), "announcement": announcement_id},
            dedupe_key=digest(f"redraw:{announcement_id}:{slot}") if throttled else None,
            not_before=datetime.fromtimestamp((slot + 1) * interval, UTC) if throttled else None))


def redraw_announcement(services: Services, job: Job) -> None:
    """Draw the announcement's latest state, then read it again: two redraws of one message may run at once
    (a status change's beside a participant count's), and Slack keeps whichever update reached it last. A
    redraw whose drawing is stale by the time Slack answers queues another (throttled), so the last word is
    always the latest state."""
    announcement_id = int(job.payload.get("announcement") or 0)
    announcement = services.meetings.announcement(announcement_id)
    if announcement is None or not announcement.meeting.message_ts:
        return  # forgotten (an uninstall) or never posted by the bot itself
    message = meeting_announcement(summary_of(announcement), state_of(announcement))
    if not _draw(job, announcement, message):
        return
    now = services.meetings.announcement(announcement_id)
    if now is not None and meeting_announcement(summary_of(now), state_of(now)) != message:
        redraw_soon(services, [announcement_id], throttled=True)


def _draw(job: Job, announcement: Announcement, message: SlackMessage) -> bool:
    """chat.update; False when the message can no longer be drawn (gone, archived)."""
    try:
        job.client.chat_update(channel=announcement.meeting.channel_id, ts=announcement.meeting.message_ts,
                               **message.as_kwargs())
        return True
    except SlackApiError as error:
        code = str(error.response.get("error", "")) if error.response is not None else ""
        if code == "ratelimited":
            retry_after = float(error.response.headers.get("Retry-After", "1") or 1)
            raise RetryLater(min(max(retry_after, 1.0), 60.0), "Slack rate limited chat.update") from None
        if code in GONE:
            log.info("announcement %s could not be redrawn: %s", announcement.id, code)
            return False
        raise


def summary_of(announcement: Announcement) -> MeetingSummary:
    meeting = announcement.meeting
    return MeetingSummary(
        topic=meeting.topic, start=meeting.start_time, duration_minutes=meeting.duration_minutes,
        timezone=meeting.timezone or "UTC", join_url=meeting.join_url, host_user_id=meeting.owner.user_id,
        meeting_id=meeting.zoom_meeting_id,
        recurrence=recurrence_from_fields(meeting.recurrence) if meeting.recurrence else None)


def state_of(announcement: Announcement) -> MeetingState:
    lasted = None
    if announcement.started_at and announcement.ended_at and announcement.ended_at > announcement.started_at:
        lasted = max(1, round((announcement.ended_at - announcement.started_at).total_seconds() / 60))
    return MeetingState(status=announcement.status, participants=announcement.participants, lasted_minutes=lasted,
                        changed_by=announcement.changed_by, moved=announcement.moved)
