"""`/zoom meet`: read the user's words in their zone, create the meeting as them, announce it."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from handlers.connect import connect_message
from handlers.messages import (
    HostSecrets,
    MeetingSummary,
    escape_mrkdwn,
    host_confirmation,
    meeting_announcement,
    plain,
    slack_date,
)
from handlers.parsing import MeetingDraft, MeetingTextError, parse_meeting_text
from handlers.profiles import SlackProfile, fetch_profile
from handlers.replies import ChannelUnreachable, CommandOrigin, Replies, answer_on_failure
from handlers.services import Services
from storage import MeetingRecord, NotConnected
from zoom import (
    MeetingRequest,
    ZoomApiError,
    ZoomBadResponse,
    ZoomRateLimited,
    ZoomUnavailable,
    ZoomUserNotFound,
)

log = logging.getLogger(__name__)

RESUME_MEET = "meet"


def schedule_meeting(services: Services, client: WebClient, origin: CommandOrigin, text: str,
                     *, now: datetime | None = None) -> None:
    """The whole `/zoom meet` after the ack. Every outcome ends in a message to the user."""
    replies = Replies(client, origin)
    profile = fetch_profile(client, origin.user_id, origin.user_name)
    now = now or datetime.now(UTC)
    try:
        draft = _draft(services, text, now, profile)
    except MeetingTextError as error:
        replies.private(plain(error.message))
        return

    if profile.lookup_failed and (draft.start is not None or services.settings.account_mode):
        # Guessing UTC would put the meeting at the wrong hour; account mode needs the email too.
        replies.private(plain("Slack did not tell me your time zone just now, so nothing was scheduled. "
                              "Please try again in a minute."))
        return
    notices = list(draft.notices)
    if not profile.tz_known:
        notices.append("Slack did not tell me your time zone, so I read the time as UTC.")
    request = MeetingRequest(
        topic=draft.topic or f"{profile.display_name}'s Zoom meeting",
        start=draft.start,
        duration_minutes=draft.duration_minutes,
        timezone=profile.tz,
        settings=services.settings.meeting_settings,
    )
    resume = {"kind": RESUME_MEET, "text": text, "origin": origin.to_dict()}
    try:
        meeting = _create(services, origin, profile, request)
    except NotConnected:
        replies.private(connect_message(
            services, origin.key, resume=resume,
            reason="Connect your Zoom account to schedule this meeting; it will be created as soon as you do."))
        return
    except ZoomUserNotFound:
        if profile.email:
            replies.private(plain(
                f"This workspace uses your organisation's Zoom account, and it has no Zoom user with the email "
                f"`{escape_mrkdwn(profile.email)}` (your Slack email). Ask your Zoom admin to add you, then try "
                "again."))
        else:
            replies.private(plain(
                "This workspace uses your organisation's Zoom account, which finds you by your Slack email, but "
                "Slack did not share your email with this app. Ask your Slack admin to reinstall the app with "
                "the `users:read.email` permission."))
        return
    except ZoomRateLimited as error:
        replies.private(plain(f"Zoom is busy right now; nothing was created. {_try_again(error.retry_after)}"))
        return
    except ZoomBadResponse:
        replies.private(plain("Zoom answered in a way I could not read, so I cannot share the meeting. Check "
                              "your Zoom calendar for it before trying again."))
        return
    except ZoomUnavailable:
        replies.private(plain("Zoom did not answer in time. If your Zoom calendar does not show the meeting "
                              "in a minute, please try again."))
        return
    except ZoomApiError as error:
        log.warning("Zoom refused a meeting (status %s, code %s)", error.status, error.code)
        reason = escape_mrkdwn(str(error)[:200])
        replies.private(plain(f"Zoom refused to create the meeting ({error.status}: {reason}). Nothing was created."))
        return

    summary = MeetingSummary(
        topic=request.topic, start=request.start, duration_minutes=request.duration_minutes,
        timezone=request.timezone, join_url=meeting.join_url,
        host_user_id=origin.user_id, meeting_id=meeting.id,
    )
    posted = None
    try:
        posted = replies.public(meeting_announcement(summary))
    except (SlackApiError, ChannelUnreachable):
        log.warning("could not post meeting %s to channel %s", meeting.id, origin.channel_id)
        notices.append("I could not post in this conversation, so share the join link yourself: "
                       f"{meeting.join_url}")
    replies.private(host_confirmation(summary, HostSecrets(meeting.start_url, meeting.passcode), tuple(notices)))
    services.meetings.record(MeetingRecord(
        zoom_meeting_id=meeting.id, owner=origin.key, topic=request.topic, start_time=request.start,
        duration_minutes=request.duration_minutes, timezone=request.timezone,
        channel_id=posted.channel_id if posted else origin.channel_id, message_ts=posted.ts if posted else "",
    ))


def _try_again(seconds: float) -> str:
    if seconds < 90:
        return f"Please try again in {max(1, round(seconds))} seconds."
    if seconds < 90 * 60:
        return f"Please try again in {round(seconds / 60)} minutes."
    # A daily limit: name the moment it lifts, in each reader's own zone.
    return f"Zoom's limit for your account lifts {slack_date(datetime.now(UTC) + timedelta(seconds=seconds), 'UTC')}."


def _draft(services: Services, text: str, now: datetime, profile: SlackProfile) -> MeetingDraft:
    if not text.strip():  # plain `/zoom`: an instant meeting
        return MeetingDraft(topic="", start=None, duration_minutes=services.settings.default_duration_minutes,
                            notices=())
    return parse_meeting_text(text, now=now, tz=profile.tz, locale=profile.locale,
                              default_duration=services.settings.default_duration_minutes)


def _create(services: Services, origin: CommandOrigin, profile: SlackProfile, request: MeetingRequest):
    if services.settings.account_mode:
        if not profile.email:
            raise ZoomUserNotFound("no email in the Slack profile")
        return services.zoom_as_account().create_meeting(request, user_id=profile.email)
    if services.connections.get(origin.key) is None:
        raise NotConnected
    return services.zoom_as_user(origin.key).create_meeting(request)


def resume_after_connect(services: Services, resume: dict) -> None:
    """Finish the command that made the user connect, now that they have."""
    if resume.get("kind") != RESUME_MEET:
        return
    origin = CommandOrigin.from_dict(resume.get("origin") or {})
    answer_on_failure(schedule_meeting)(services, services.slack_client_for(origin.key), origin,
                                        str(resume.get("text") or ""))
