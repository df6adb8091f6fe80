"""`/zoom meet`: read the user's words in their zone, create the meeting as them, announce it."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from handlers.choices import ChoiceError, choice_value, read_choice_value
from handlers.connect import connect_message
from handlers.language import MeetingDraft, MeetingQuestion, Reading, Refusal, read_meeting_text
from handlers.messages import (
    HostSecrets,
    MeetingSummary,
    QuestionChoice,
    choice_label,
    creating_message,
    edit_modal,
    escape_mrkdwn,
    host_confirmation,
    meeting_announcement,
    meeting_question,
    plain,
    slack_date,
)
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

# What a Zoom connect resumes: the text of a `/zoom meet`, or the choice clicked on its question.
RESUME_MEET = "meet"
RESUME_CHOICE = "meet_choice"

UTC_NOTICE = "Slack did not tell me your time zone, so I read the time as UTC."
NO_ZONE_NOW = ("Slack did not tell me your time zone just now, so nothing was scheduled. "
               "Please try again in a minute.")


def schedule_meeting(services: Services, client: WebClient, origin: CommandOrigin, text: str,
                     *, now: datetime | None = None) -> None:
    """The whole `/zoom meet` after the ack. Every outcome ends in a message to the user."""
    replies = Replies(client, origin)
    profile = fetch_profile(client, origin.user_id, origin.user_name)
    now = now or datetime.now(UTC)
    reading = _read(services, text, now, profile)
    if isinstance(reading, Refusal):
        replies.private(plain(escape_mrkdwn(reading.message)))  # it may quote what the user typed
        return
    instant = isinstance(reading, MeetingDraft) and reading.start is None
    if profile.lookup_failed and (not instant or services.settings.account_mode):
        # Guessing UTC would put the meeting at the wrong hour; account mode needs the email too.
        replies.private(plain(NO_ZONE_NOW))
        return
    if not profile.tz_known:
        reading = _noticed(reading, UTC_NOTICE)
    if isinstance(reading, MeetingQuestion):
        replies.private(question_message(reading))
        return
    create_from_draft(services, client, origin, reading, profile=profile,
                      resume={"kind": RESUME_MEET, "text": text, "origin": origin.to_dict()})


def question_message(question: MeetingQuestion):
    choices = [QuestionChoice(label=draft.label or choice_label(draft.start, draft.timezone),
                              value=choice_value(draft)) for draft in question.choices]
    return meeting_question(question.message, choices, question.text)


def schedule_choice(services: Services, client: WebClient, origin: CommandOrigin, value: str, question_key: str,
                    *, now: datetime | None = None) -> None:
    """A click on one reading of a question, after the ack: checked like typed text, then created once."""
    try:
        draft = read_choice_value(value, now=now or datetime.now(UTC))
    except ChoiceError as error:
        Replies(client, origin).private(plain(error.message))  # the question stays, Edit included
        return
    if not services.choice_claims.claim(question_key):
        log.info("a choice of this question was already taken; the repeated click creates nothing")
        return
    try:
        profile = fetch_profile(client, origin.user_id, origin.user_name)
    except Exception:
        services.choice_claims.release(question_key)  # nothing was created: the buttons may be clicked again
        raise
    if profile.lookup_failed and services.settings.account_mode:
        services.choice_claims.release(question_key)  # nothing happened: the buttons may be clicked again
        Replies(client, origin).private(plain("Slack did not tell me your email just now, so nothing was "
                                              "scheduled. Please click again in a minute."))
        return
    _create_chosen(services, client, origin, draft, value, profile)


def _create_chosen(services: Services, client: WebClient, origin: CommandOrigin, draft: MeetingDraft, value: str,
                   profile: SlackProfile) -> None:
    # The question gives way to "Creating ..." at once, so its buttons cannot be clicked again; the outcome
    # (confirmation, connect prompt, or why not) then takes that message's place.
    Replies(client, origin, replace_original=True).private(creating_message(
        draft.topic or _default_topic(profile), draft.start, draft.timezone, draft.recurrence))
    create_from_draft(services, client, origin, draft, profile=profile, replace_original=True,
                      resume={"kind": RESUME_CHOICE, "value": value, "origin": origin.to_dict()})


def open_editor(services: Services, client: WebClient, origin: CommandOrigin, trigger_id: str, text: str) -> None:
    """The Edit button of a question: a modal with the command's text, to rewrite and submit."""
    try:
        client.views_open(trigger_id=trigger_id, view=edit_modal(text, origin.channel_id))
    except SlackApiError as error:
        code = str(error.response.get("error", "unknown")) if error.response is not None else "unknown"
        log.info("views.open failed (%s)", code)
        Replies(client, origin).private(plain(
            "Slack did not let me open the editor in time (a click is good for a few seconds only). Click "
            "*Edit* again, or run `/zoom meet` with the new text."))


def create_from_draft(services: Services, client: WebClient, origin: CommandOrigin, draft: MeetingDraft, *,
                      profile: SlackProfile, resume: dict, replace_original: bool = False) -> None:
    """Create the meeting a draft describes, as the user, and announce it: the one way every meeting is made,
    from typed text, a clicked choice, or either one resumed after a Zoom connect."""
    replies = Replies(client, origin, replace_original=replace_original)
    notices = list(draft.notices)
    request = MeetingRequest(
        topic=draft.topic or _default_topic(profile),
        start=draft.start,
        duration_minutes=draft.duration_minutes,
        timezone=draft.timezone,
        settings=services.settings.meeting_settings,
        recurrence=draft.recurrence,
    )
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
        host_user_id=origin.user_id, meeting_id=meeting.id, recurrence=request.recurrence,
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


def _default_topic(profile: SlackProfile) -> str:
    return f"{profile.display_name}'s Zoom meeting"


def _noticed(reading: MeetingDraft | MeetingQuestion, notice: str) -> MeetingDraft | MeetingQuestion:
    if isinstance(reading, MeetingQuestion):
        return replace(reading, choices=tuple(replace(c, notices=(*c.notices, notice)) for c in reading.choices))
    return replace(reading, notices=(*reading.notices, notice))


def _try_again(seconds: float) -> str:
    if seconds < 90:
        return f"Please try again in {max(1, round(seconds))} seconds."
    if seconds < 90 * 60:
        return f"Please try again in {round(seconds / 60)} minutes."
    # A daily limit: name the moment it lifts, in each reader's own zone.
    return f"Zoom's limit for your account lifts {slack_date(datetime.now(UTC) + timedelta(seconds=seconds), 'UTC')}."


def _read(services: Services, text: str, now: datetime, profile: SlackProfile) -> Reading:
    if not text.strip():  # plain `/zoom`: an instant meeting
        return MeetingDraft(topic="", start=None, duration_minutes=services.settings.default_duration_minutes,
                            timezone=profile.tz)
    return read_meeting_text(text, now=now, tz=profile.tz, locale=profile.locale,
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
    kind = resume.get("kind")
    if kind not in (RESUME_MEET, RESUME_CHOICE):
        return
    origin = CommandOrigin.from_dict(resume.get("origin") or {})
    client = services.slack_client_for(origin.key)
    if kind == RESUME_MEET:
        answer_on_failure(schedule_meeting)(services, client, origin, str(resume.get("text") or ""))
    else:
        answer_on_failure(_resume_choice)(services, client, origin, resume.get("value"))


def _resume_choice(services: Services, client: WebClient, origin: CommandOrigin, value: object) -> None:
    # The click already took its question; the value is checked again, since time has passed meanwhile.
    try:
        draft = read_choice_value(value, now=datetime.now(UTC))
    except ChoiceError as error:
        Replies(client, origin, replace_original=True).private(plain(error.message))
        return
    profile = fetch_profile(client, origin.user_id, origin.user_name)
    create_from_draft(services, client, origin, draft, profile=profile, replace_original=True,
                      resume={"kind": RESUME_CHOICE, "value": value, "origin": origin.to_dict()})
