"""Zoom's word on a meeting the bot announced, from its webhooks: live, ended, cancelled, moved, who is in
it, and its cloud recording.

`apply_meeting_event` runs inside the webhook's request, so it only reads and writes the database and
queues work; the channel message is redrawn (handlers.flows.announcements) and the recording posted
(`post_recording`) by the runner, after Zoom has had its answer. Every change is stamped with its event's
time (`event_ts`), so a retried or late delivery never undoes a newer one, whatever order Zoom delivers
them in. Events about meetings the bot did not announce change nothing.

Redraws: participant counts are throttled (at most one redraw of a message every few seconds, drawing the
count as it is then); a status or a time (live, ended, cancelled, moved) is redrawn at once, because people
wait for it and it changes a handful of times in a meeting's life.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from slack_sdk.errors import SlackApiError

from handlers.app.durable import Job, RetryLater
from handlers.app.services import Services
from handlers.flows.announcements import redraw_soon
from handlers.slack.origin import CommandOrigin
from handlers.ui.messages import recording_passcode, recording_reply
from storage import NewCommand
from storage.crypto import digest
from storage.meetings import CANCELLED, ENDED, LIVE, Announcement
from zoom import events
from zoom.events import MeetingEvent
from zoom.models import MAX_DURATION_MINUTES, MIN_DURATION_MINUTES

log = logging.getLogger(__name__)

POST_RECORDING = "post_recording"

# What became of an event (the webhook's answer says it; nothing depends on it).
APPLIED = "applied"      # the announcement changed, a redraw or a post is queued
UNCHANGED = "unchanged"  # ours, but nothing new: a repeat, an older event than one already applied, an echo
IGNORED = "ignored"      # not a meeting the bot announced, or nothing the bot shows

# The thread or the conversation is gone, or the bot cannot write there any more: nothing to post into.
UNPOSTABLE = {"channel_not_found", "is_archived", "not_in_channel", "thread_not_found", "message_not_found",
              "restricted_action", "ekm_access_denied", "user_not_found", "cannot_dm_bot", "user_disabled"}
SANE_YEARS = (2000, 2200)
# Characters that would end a mrkdwn link early, or are no part of a URL.
_LINK_BREAKERS = frozenset("<>| \t\r\n\"`")


def apply_meeting_event(services: Services, event: MeetingEvent) -> str:
    """Apply one of Zoom's meeting events to the announcements of its meeting, and queue their redraws."""
    if not services.meetings.is_announced(event.meeting_id, host_zoom_user_id=event.host_id):
        return IGNORED
    if event.name in (events.PARTICIPANT_JOINED, events.PARTICIPANT_LEFT):
        return _participant(services, event)
    if event.name == events.STARTED:
        return _status(services, event, LIVE, at=_sane(event.start_time))
    if event.name == events.ENDED:
        return _status(services, event, ENDED, at=_sane(event.end_time), started_at=_sane(event.start_time))
    if event.name == events.DELETED:
        if event.occurrence_ids:
            return IGNORED  # some occurrences of a recurring meeting: the series and its message stay
        return _status(services, event, CANCELLED)
    if event.name == events.UPDATED:
        return _moved(services, event)
    if event.name == events.RECORDING_COMPLETED:
        return _recording(services, event)
    return IGNORED


def _status(services: Services, event: MeetingEvent, status: str, *, at: datetime | None = None,
            started_at: datetime | None = None) -> str:
    changed = services.meetings.set_status(
        event.meeting_id, status, event_ms=event.event_ms, instance_uuid=event.uuid,
        at=at or _moment(event.event_ms), started_at=started_at)
    redraw_soon(services, changed, throttled=False)
    return APPLIED if changed else UNCHANGED


def _participant(services: Services, event: MeetingEvent) -> str:
    if not event.participant_key or not event.uuid:
        return IGNORED
    changed = services.meetings.set_participant(
        event.meeting_id, instance_uuid=event.uuid, participant=event.participant_key,
        present=event.name == events.PARTICIPANT_JOINED, event_ms=event.event_ms)
    redraw_soon(services, changed, throttled=True)
    return APPLIED if changed else UNCHANGED


def _moved(services: Services, event: MeetingEvent) -> str:
    """meeting.updated: only a new start time moves the announcement (Zoom sends the fields that changed)."""
    start = _sane(event.start_time)
    if start is None:
        return IGNORED  # the topic, the agenda, a setting: nothing the message shows from Zoom
    announcements = [a for a in services.meetings.announcements(event.meeting_id) if a.meeting.start_time]
    if not announcements:
        return IGNORED  # instant meetings have no time to move
    if event.scope == "single" and any(a.meeting.recurrence for a in announcements):
        return IGNORED  # one occurrence moved: the series keeps its time
    duration = event.duration_minutes
    if duration is not None and not MIN_DURATION_MINUTES <= duration <= MAX_DURATION_MINUTES:
        duration = None
    if all(a.meeting.start_time == start and duration in (None, a.meeting.duration_minutes) for a in announcements):
        return UNCHANGED  # the echo of a move the bot made itself (`/zoom move`), or a repeat
    # No changed_by: Zoom moved it, whoever did it there.
    changed = services.meetings.set_schedule(event.meeting_id, start=start, timezone=event.timezone,
                                             duration_minutes=duration, event_ms=event.event_ms)
    redraw_soon(services, changed, throttled=False)
    return APPLIED if changed else UNCHANGED


# -- recordings ------------------------------------------------------------------------------------------


def _recording(services: Services, event: MeetingEvent) -> str:
    """recording.completed: when the workspace turned it on, queue a reply in each announcement's thread.
    One command per recording and workspace: Zoom's retries of the event hit its dedupe key."""
    recording = event.recording
    if not services.settings.zoom_post_recordings or recording is None:
        return IGNORED
    share_url = shareable(recording.share_url)
    if share_url is None:
        log.warning("recording of meeting %s: its share link is not one the bot can post", event.meeting_id)
        return IGNORED
    threads = [a for a in services.meetings.announcements(event.meeting_id) if a.meeting.message_ts]
    workspaces: dict[str, list[Announcement]] = {}
    for announcement in threads:
        workspaces.setdefault(announcement.meeting.owner.workspace_key, []).append(announcement)
    queued = False
    instance = event.uuid or recording.share_url
    for workspace_key, announcements in workspaces.items():
        first = announcements[0].meeting
        origin = CommandOrigin(team_id=first.owner.team_id, user_id=first.owner.user_id,
                               channel_id=first.channel_id, enterprise_id=first.owner.enterprise_id)
        queued = services.runner.submit(NewCommand(
            kind=POST_RECORDING, owner=first.owner, channel_id=first.channel_id,
            # The payload is encrypted at rest (storage.commands), passcode included.
            payload={"origin": origin.to_dict(), "meeting_id": event.meeting_id,
                     "announcements": [a.id for a in announcements], "share_url": share_url,
                     "duration_minutes": recording.duration_minutes, "passcode": recording.passcode},
            dedupe_key=digest(f"recording:{event.meeting_id}:{instance}:{workspace_key}"),
        )) is not None or queued
    return APPLIED if queued else (UNCHANGED if threads else IGNORED)


def shareable(url: str) -> str | None:
    """The share link as the channel may see it: https, nothing that would break a mrkdwn link, and no
    passcode in it (Zoom can splice one in as `pwd=`; the host gets it privately instead)."""
    if any(character in _LINK_BREAKERS for character in url):
        return None
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.netloc or parts.username or parts.password:
        return None
    query = [(name, value) for name, value in parse_qsl(parts.query, keep_blank_values=True)
             if name.lower() not in ("pwd", "passcode", "password")]
    return urlunsplit(parts._replace(query=urlencode(query), fragment=""))


def post_recording(services: Services, job: Job) -> None:
    """Post the recording in each announcement's thread, then tell each host its passcode in a direct
    message. Each post is recorded before the next, so a retry posts none twice (bar a crash between
    Slack's answer and the record, as for the announcement itself)."""
    payload = job.payload
    share_url = str(payload.get("share_url") or "")
    passcode = str(payload.get("passcode") or "")
    duration = int(payload.get("duration_minutes") or 0)
    done = dict(job.result or {})
    posted: list[int] = list(done.get("posted") or [])
    told: list[str] = list(done.get("told") or [])
    hosts: dict[str, Announcement] = {}
    for announcement_id in _ids(payload.get("announcements")):
        announcement = services.meetings.announcement(announcement_id)
        if announcement is None or not announcement.meeting.message_ts:
            continue  # forgotten since (the host left, the workspace uninstalled)
        meeting = announcement.meeting
        if announcement_id not in posted:
            reply = recording_reply(meeting.topic, share_url, duration, host_user_id=meeting.owner.user_id,
                                    has_passcode=bool(passcode))
            if not _post(job, channel=meeting.channel_id, thread_ts=meeting.message_ts, **reply.as_kwargs()):
                continue
            posted.append(announcement_id)
            job.advance("posted", result={"posted": posted, "told": told})
        hosts.setdefault(meeting.owner.user_id, announcement)
    if not passcode:
        return
    for host, announcement in hosts.items():
        if host in told:
            continue
        meeting = announcement.meeting
        message = recording_passcode(meeting.topic, share_url, passcode, channel_id=meeting.channel_id)
        _post(job, channel=host, **message.as_kwargs())
        told.append(host)
        job.advance("told_host", result={"posted": posted, "told": told})


def _post(job: Job, **message: Any) -> bool:
    """chat.postMessage; False when there is nowhere to post it any more."""
    try:
        job.client.chat_postMessage(unfurl_links=False, unfurl_media=False, **message)
        return True
    except SlackApiError as error:
        code = str(error.response.get("error", "")) if error.response is not None else ""
        if code == "ratelimited":
            raise RetryLater(_retry_after(error), "Slack rate limited chat.postMessage") from None
        if code in UNPOSTABLE:
            log.info("command %s: the recording could not be posted: %s", job.id, code)
            return False
        raise


def _retry_after(error: SlackApiError) -> float:
    try:
        seconds = float(error.response.headers.get("Retry-After", "1") or 1)
    except (TypeError, ValueError):
        seconds = 1.0
    return min(max(seconds, 1.0), 60.0)


def _ids(value: object) -> Sequence[int]:
    return [item for item in value if isinstance(item, int)] if isinstance(value, list) else []


def _moment(event_ms: int) -> datetime:
    """When the event happened, by Zoom's clock (or now, for a stamp no calendar holds)."""
    try:
        return datetime.fromtimestamp(event_ms / 1000, UTC)
    except (OverflowError, OSError, ValueError):
        return datetime.now(UTC)


def _sane(moment: datetime | None) -> datetime | None:
    """A time from an event, if it is one a meeting can have (a year 1 or 9999 would not even store)."""
    if moment is None:
        return None
    try:
        moment = moment.astimezone(UTC)
    except (OverflowError, ValueError):
        return None
    return moment if SANE_YEARS[0] <= moment.year <= SANE_YEARS[1] else None
