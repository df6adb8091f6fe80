"""`/zoom meet`: read the user's words in their zone, create the meeting as them, announce it."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_sdk.errors import SlackApiError

from handlers.app.durable import Job, RetryLater
from handlers.app.services import Services
from handlers.flows.as_host import wait_out_short_limit
from handlers.flows.connect import ResumeAfterConnect, connect_message
from handlers.flows.direct_messages import send_each, unreached_notice
from handlers.flows.flow_types import MEET, MEET_CHOICE
from handlers.flows.home_refresh import republish_home
from handlers.flows.meeting_defaults import meeting_options
from handlers.language import MeetingDraft, MeetingQuestion, Reading, Refusal, read_meeting_text
from handlers.language.slack_markup import MAX_INVITEES, for_reader, mentioned_users, with_names
from handlers.slack.origin import CommandOrigin
from handlers.slack.profiles import (
    BOT,
    DEACTIVATED,
    People,
    SlackPerson,
    SlackProfile,
    fetch_people,
    fetch_profile,
    passing_failure,
)
from handlers.slack.replies import ChannelUnreachable, Replies
from handlers.ui.choice_values import (
    ChoiceError,
    choice_value,
    read_choice_value,
    recurrence_fields,
    recurrence_from_fields,
)
from handlers.ui.messages import (
    INVITED,
    HostSecrets,
    MeetingSummary,
    QuestionChoice,
    SlackMessage,
    choice_label,
    creating_message,
    escape_mrkdwn,
    host_confirmation,
    invitation,
    meeting_announcement,
    meeting_question,
    plain,
)
from handlers.ui.zoom_errors import no_zoom_user, zoom_busy, zoom_refused
from storage import MeetingRecord, NotConnected
from storage.commands import PENDING
from zoom import (
    Meeting,
    MeetingRequest,
    ZoomApi,
    ZoomApiError,
    ZoomBadResponse,
    ZoomRateLimited,
    ZoomUnavailable,
    ZoomUserNotFound,
)
from zoom._http import DEFAULT_TIMEOUT
from zoom.models import MAX_TOPIC_LENGTH

log = logging.getLogger(__name__)

# What a Zoom connect resumes: the text of a `/zoom meet`, or the choice clicked on its question.

UTC_NOTICE = "Slack did not tell me your time zone, so I read the time as UTC."
AGENDA_NOTE = "Scheduled from Slack"
GAVE_UP_CREATING = ("I was interrupted for a long while before I could create your meeting, so I did not create it "
                    "late. Please run `/zoom meet` again.")
NO_ZONE_NOW = ("Slack did not tell me your time zone just now, so nothing was scheduled. "
               "Please try again in a minute.")
TOO_MANY_INVITEES = ("You mentioned {count} people, and a meeting from Slack invites at most {limit}, so nothing "
                     "was scheduled. Mention fewer people, or share the join link once the meeting is posted.")


# The steps of a meeting command, recorded as they are done (see handlers.app.durable).
RECEIVED = "received"
CREATING = "creating"  # about to ask Zoom: after a crash here, look for the meeting before asking again
CREATED = "created"    # Zoom has it (the row's result holds it): after a crash, post it, never create it again
POSTED = "posted"      # the channel has it: the invitees' direct messages (the result's `told` says who has
                       # had theirs) and the host's private confirmation are left

# Enter pressed twice: the same text from the same person in the same conversation within this is one meeting.
REPEAT_WINDOW = timedelta(minutes=1)
# A create that Zoom did not answer is looked for, then tried again, this many times before the user is told.
UNANSWERED_CREATE_ATTEMPTS = 4
# The longest one call to Zoom can last (connect and read timeouts), and a margin.
ZOOM_CALL_LIMIT = timedelta(seconds=sum(DEFAULT_TIMEOUT) + 5)


def schedule_meeting(services: Services, job: Job) -> None:
    """The whole `/zoom meet` after the ack. Every outcome ends in a message to the user."""
    if resume_announcement(services, job) or answered_as_repeat(services, job):
        return
    text = str(job.payload.get("text") or "")
    client, origin = job.client, job.origin
    replies = Replies(client, origin)
    # Mentions (`<@U123|bob>`, with should_escape on the command) are the people to invite; the command
    # language reads each as one word of the topic, and the topic then shows their names.
    mentioned = mentioned_users(text)
    invitees = tuple(user for user in mentioned if user != origin.user_id)
    if len(invitees) > MAX_INVITEES:
        replies.private(plain(TOO_MANY_INVITEES.format(count=len(invitees), limit=MAX_INVITEES)))
        job.result = {"answered": "refusal"}
        return
    profile = fetch_profile(client, origin.user_id, origin.user_name)
    people = look_up(job, mentioned)
    reading = _named(_read(services, for_reader(text), job.read_at, profile, origin), people.names(), invitees)
    if isinstance(reading, Refusal):
        replies.private(plain(escape_mrkdwn(reading.message)))  # it may quote what the user typed
        job.result = {"answered": "refusal"}
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
        job.result = {"answered": "question"}
        return
    create_from_draft(services, job, reading, profile=profile, audience=invitee_audience(people, invitees),
                      resume=ResumeAfterConnect(MEET, origin, text=text, read_at=job.read_at.isoformat()))


def question_message(question: MeetingQuestion) -> SlackMessage:
    choices = [QuestionChoice(label=draft.label or choice_label(draft.start, draft.timezone),
                              value=choice_value(draft)) for draft in question.choices]
    return meeting_question(question.message, choices, question.text)


def schedule_choice(services: Services, job: Job) -> None:
    """A click on one reading of a question (or that click resumed after a Zoom connect): checked like typed
    text, then created once. The click's dedupe key is the question: a second click finds it taken."""
    if resume_announcement(services, job):
        return
    client, origin = job.client, job.origin
    resumed = bool(job.payload.get("resumed"))
    value = job.payload.get("value")
    try:
        draft = read_choice_value(value, now=datetime.now(UTC))
    except ChoiceError as error:
        job.release_dedupe = True  # nothing was created: the buttons may be clicked again
        Replies(client, origin, replace_original=resumed).private(plain(error.message))  # Edit stays
        return
    profile = fetch_profile(client, origin.user_id, origin.user_name)
    if profile.lookup_failed and services.settings.account_mode:
        job.release_dedupe = True
        Replies(client, origin).private(plain("Slack did not tell me your email just now, so nothing was "
                                              "scheduled. Please click again in a minute."))
        return
    if not resumed and job.step == RECEIVED:
        # The question gives way to "Creating ..." at once, so its buttons cannot be clicked again; the
        # outcome (confirmation, connect prompt, or why not) then takes that message's place.
        Replies(client, origin, replace_original=True).private(creating_message(
            draft.topic or _default_topic(profile), draft.start, draft.timezone, draft.recurrence))
    create_from_draft(services, job, draft, profile=profile, replace_original=True,
                      resume=ResumeAfterConnect(MEET_CHOICE, origin, value=value))


def create_from_draft(services: Services, job: Job, draft: MeetingDraft, *, profile: SlackProfile,
                      resume: ResumeAfterConnect, replace_original: bool = False,
                      audience: Audience | None = None) -> None:
    """Create the meeting a draft describes, as the user, and announce it: the one way every meeting is made,
    from typed text, a clicked choice, a shortcut, or any of them resumed after a Zoom connect. Each step is
    recorded before the next, so a crash anywhere resumes without a second meeting. `audience`: who else is
    told, by direct message (by default the draft's invitees, looked up now)."""
    origin = job.origin
    replies = Replies(job.client, origin, replace_original=replace_original)
    if audience is None:
        audience = invitee_audience(look_up(job, draft.invitees), draft.invitees)
    request = MeetingRequest(
        topic=draft.topic or _default_topic(profile),
        start=draft.start,
        duration_minutes=draft.duration_minutes,
        timezone=draft.timezone,
        settings=meeting_options(services, origin.key).settings,  # the workspace's, the user's, built-in
        recurrence=draft.recurrence,
        agenda=f"{AGENDA_NOTE} (ref {job.marker})",
        invitees=audience.emails,
    )
    try:
        meeting = _create_once(services, job, profile, request)
    except NotConnected:
        replies.private(connect_message(
            services, origin.key, resume=resume,
            reason="Connect your Zoom account to schedule this meeting; it will be created as soon as you do."))
        return
    except ZoomUserNotFound:
        replies.private(plain(no_zoom_user(profile.email)))
        return
    except ZoomRateLimited as error:
        # The step stays where it is: if a create may already have reached Zoom, the next attempt looks for it
        # first, whichever call the limit refused.
        wait_out_short_limit(error, stale=job.stale)
        replies.private(plain(zoom_busy(error, "nothing was created")))
        return
    except ZoomBadResponse:
        replies.private(plain("Zoom answered in a way I could not read, so I cannot share the meeting. Check "
                              "your Zoom calendar for it before trying again."))
        return
    except ZoomUnavailable:
        if job.attempts < UNANSWERED_CREATE_ATTEMPTS and not job.stale:
            # It may have been created all the same: the next attempt looks for it before asking again.
            raise RetryLater(2.0 * job.attempts, "Zoom did not answer the create") from None
        replies.private(plain("Zoom did not answer in time. If your Zoom calendar does not show the meeting "
                              "in a minute, please try again."))
        return
    except ZoomApiError as error:
        log.warning("Zoom refused a meeting (status %s, code %s)", error.status, error.code)
        replies.private(plain(f"{zoom_refused(error, 'create the meeting')} Nothing was created."))
        return
    if meeting is None:  # looked for after a long outage and not found: too late to create it now
        replies.private(plain(GAVE_UP_CREATING))
        return
    announced = AnnouncedMeeting(
        summary=MeetingSummary(
            topic=request.topic, start=request.start, duration_minutes=request.duration_minutes,
            timezone=request.timezone, join_url=meeting.join_url,
            host_user_id=origin.user_id, meeting_id=meeting.id, recurrence=request.recurrence),
        host=HostSecrets(meeting.start_url, meeting.passcode),
        notices=(*draft.notices, *audience.notices), replace_original=replace_original,
        zoom_uuid=meeting.uuid, host_zoom_user_id=meeting.host_id,
        invitees=tuple(person.user_id for person in audience.people if person.reachable),
        names={person.user_id: person.name for person in audience.people}, why=audience.why,
        thread_ts=audience.thread_ts)
    job.advance(CREATED, result=announced.to_result(), zoom_meeting_id=meeting.id)
    _announce(services, job, announced)


def _create_once(services: Services, job: Job, profile: SlackProfile, request: MeetingRequest) -> Meeting | None:
    """The meeting at Zoom: found again if an earlier attempt may have created it, else created now."""
    zoom, host = _zoom_for(services, job.origin, profile), _host(services, profile)
    if job.step == CREATING:
        # A runner that died mid-create may have left its request on the way: until the longest call the Zoom
        # client makes has run out, Zoom may still create it, and a search now would not see it.
        in_flight_until = (job.stored.step_at or job.received_at) + ZOOM_CALL_LIMIT
        if datetime.now(UTC) < in_flight_until:
            raise RetryLater((in_flight_until - datetime.now(UTC)).total_seconds(),
                             "an earlier create may still be under way at Zoom")
        found = zoom.find_meeting_by_marker(job.marker, user_id=host)
        if found is not None:
            log.info("command %s: found the meeting an earlier attempt created", job.id)
            return found
        if job.stale:
            return None
    job.advance(CREATING)
    return zoom.create_meeting(request, user_id=host)


def _announce(services: Services, job: Job, announced: AnnouncedMeeting) -> None:
    """Post the meeting to the channel (once), then tell the host privately."""
    origin = job.origin
    replies = Replies(job.client, origin, replace_original=announced.replace_original)
    summary = announced.summary
    if job.step != POSTED:
        posted = None
        try:
            posted = replies.public(meeting_announcement(summary), thread_ts=announced.thread_ts)
        except ChannelUnreachable:
            pass
        except (SlackApiError, OSError) as error:
            if passing_failure(error) and not job.stale:
                raise RetryLater(3.0 * job.attempts, "Slack did not take the announcement") from None
        if posted is None:
            log.warning("could not post meeting %s to channel %s", summary.meeting_id, origin.channel_id)
            announced = replace(announced, notices=(
                *announced.notices, "I could not post in this conversation, so share the join link yourself: "
                f"{summary.join_url}"))
        job.advance(POSTED, result=announced.to_result(), posted=MeetingRecord(
            zoom_meeting_id=summary.meeting_id, owner=origin.key, topic=summary.topic, start_time=summary.start,
            duration_minutes=summary.duration_minutes, timezone=summary.timezone,
            channel_id=posted.channel_id if posted else origin.channel_id, message_ts=posted.ts if posted else "",
            zoom_uuid=announced.zoom_uuid, host_zoom_user_id=announced.host_zoom_user_id,
            recurrence=recurrence_fields(summary.recurrence) if summary.recurrence else None,
            invitees=announced.invitees, join_url=summary.join_url))
    announced = _tell_invitees(job, announced)
    replies.private(host_confirmation(summary, announced.host, announced.notices))
    republish_home(services, origin.key)


def _tell_invitees(job: Job, announced: AnnouncedMeeting) -> AnnouncedMeeting:
    """A direct message to each person told of the meeting, once (handlers.flows.direct_messages): each one
    sent is recorded in the result's `told` before the next; whoever could not be reached is named to the host."""
    message = invitation(announced.summary, why=announced.why, channel_id=job.origin.channel_id)
    for user_id, reached in send_each(job, announced.invitees, message, done=announced.told,
                                      about=f"meeting {announced.summary.meeting_id}"):
        missed = () if reached else (unreached_notice(announced.names.get(user_id, "")),)
        announced = replace(announced, told=(*announced.told, user_id), notices=(*announced.notices, *missed))
        job.advance(POSTED, result=announced.to_result())
    return announced


def resume_announcement(services: Services, job: Job) -> bool:
    """A command that already created its meeting goes straight on to announcing it."""
    if job.step not in (CREATED, POSTED) or not job.result:
        return False
    _announce(services, job, AnnouncedMeeting.from_result(job.result))
    return True


def answered_as_repeat(services: Services, job: Job) -> bool:
    """Enter pressed twice (or a form submitted twice): the second of two identical requests points at the
    first one's meeting."""
    repeat_key = job.stored.repeat_key
    if not repeat_key or job.step != RECEIVED:
        return False
    first = services.commands.earlier_repeat(job.stored, repeat_key, REPEAT_WINDOW)
    if first is None:
        return False
    if first.state == PENDING:
        raise RetryLater(1.0, "waiting for the first of two identical commands")
    result = first.result or {}
    join_url = result.get("join_url")
    if not join_url and not result.get("answered"):
        return False  # the first made nothing and was told why ("try again in a minute"): this is the retry
    replies = Replies(job.client, job.origin)
    typed = job.kind == MEET
    sent = "sent the same `/zoom meet`" if typed else "submitted the same form"
    if join_url:
        topic = escape_mrkdwn(str(result.get("topic") or "the meeting"))
        change = "the text (for example, put the topic in quotes)" if typed else "a field (for example, the topic)"
        replies.private(plain(f"You {sent} twice within a minute, so I made one meeting: *{topic}* "
                              f"<{join_url}|Join>. To make a second one, change {change}."))
    else:
        replies.private(plain(f"You {sent} twice within a minute; my answer to the first one stands."))
    return True


@dataclass(frozen=True)
class AnnouncedMeeting:
    """What a created meeting's remaining steps need, kept (encrypted) in the command's row."""

    summary: MeetingSummary
    host: HostSecrets
    notices: tuple[str, ...] = ()
    replace_original: bool = False
    zoom_uuid: str = ""
    host_zoom_user_id: str = ""
    invitees: tuple[str, ...] = ()  # Slack users told by direct message, in order
    told: tuple[str, ...] = ()      # those of them whose message has gone
    names: dict[str, str] = field(default_factory=dict)
    why: str = INVITED
    thread_ts: str = ""             # the announcement is a reply in this thread

    def to_result(self) -> dict[str, Any]:
        summary = self.summary
        return {
            "topic": summary.topic, "start": summary.start.isoformat() if summary.start else None,
            "duration": summary.duration_minutes, "timezone": summary.timezone, "join_url": summary.join_url,
            "host_user_id": summary.host_user_id, "meeting_id": summary.meeting_id,
            "recurrence": recurrence_fields(summary.recurrence) if summary.recurrence else None,
            "start_url": self.host.start_url, "passcode": self.host.passcode,
            "notices": list(self.notices), "replace_original": self.replace_original,
            "zoom_uuid": self.zoom_uuid, "host_zoom_user_id": self.host_zoom_user_id,
            "invitees": list(self.invitees), "told": list(self.told), "names": dict(self.names), "why": self.why,
            "thread_ts": self.thread_ts,
        }

    @classmethod
    def from_result(cls, data: dict[str, Any]) -> AnnouncedMeeting:
        rule = data.get("recurrence")
        return cls(
            summary=MeetingSummary(
                topic=data["topic"], start=datetime.fromisoformat(data["start"]) if data.get("start") else None,
                duration_minutes=int(data["duration"]), timezone=data["timezone"], join_url=data["join_url"],
                host_user_id=data["host_user_id"], meeting_id=int(data["meeting_id"]),
                recurrence=recurrence_from_fields(rule) if rule else None),
            host=HostSecrets(data.get("start_url") or "", data.get("passcode") or ""),
            notices=tuple(data.get("notices") or ()), replace_original=bool(data.get("replace_original")),
            zoom_uuid=str(data.get("zoom_uuid") or ""), host_zoom_user_id=str(data.get("host_zoom_user_id") or ""),
            invitees=tuple(data.get("invitees") or ()), told=tuple(data.get("told") or ()),
            names=dict(data.get("names") or {}), why=str(data.get("why") or INVITED),
            thread_ts=str(data.get("thread_ts") or ""))


@dataclass(frozen=True)
class Audience:
    """Who hears of a meeting besides the channel, by direct message, and why: the people a `/zoom meet`
    mentions (INVITED: their emails also go into Zoom's invitation), or a thread's participants (THREAD).
    `notices` tell the host who was told and who was not."""

    people: tuple[SlackPerson, ...] = ()
    why: str = INVITED
    thread_ts: str = ""
    notices: tuple[str, ...] = ()

    @property
    def emails(self) -> tuple[str, ...]:
        if self.why != INVITED:
            return ()
        return tuple(dict.fromkeys(person.email for person in self.people if person.reachable and person.email))


def look_up(job: Job, user_ids: tuple[str, ...] | list[str]) -> People:
    """The people a command names, from Slack. Slack away for a moment: the command waits and tries again
    (nothing is created yet); past Slack's 30 minutes, whoever could not be looked up is left out and named."""
    if not user_ids:
        return People(())
    people = fetch_people(job.client, list(user_ids))
    if people.failed and not job.stale:
        raise RetryLater(5.0 * job.attempts, "Slack did not describe the people mentioned")
    return people


def invitee_audience(people: People, invitees: tuple[str, ...]) -> Audience:
    """The people a `/zoom meet` invites, and what the host is told about them."""
    invited = tuple(person for person in people.found if person.user_id in invitees)
    return Audience(people=invited, why=INVITED, notices=_invite_notices(invited))


def _invite_notices(invited: tuple[SlackPerson, ...]) -> tuple[str, ...]:
    with_email = [p.name for p in invited if p.reachable and p.email]
    without_email = [p.name for p in invited if p.reachable and not p.email]
    bots = [p.name for p in invited if p.kind == BOT]
    deactivated = [p.name for p in invited if p.kind == DEACTIVATED]
    unknown = [p.user_id for p in invited if not p.reachable and p.kind not in (BOT, DEACTIVATED)]
    notices: list[str] = []
    if with_email:
        notices.append(f"Invited {_listed(with_email)}: Zoom lists them as invitees, and I sent each the join "
                       "link in Slack.")
    if without_email:
        notices.append(f"Slack does not share the email of {_listed(without_email)}, so Zoom does not list "
                       "them as invitees; I sent them the join link in Slack.")
    if bots:
        notices.append(f"{_listed(bots)} {'is an app' if len(bots) == 1 else 'are apps'}, so I did not "
                       "invite them.")
    if deactivated:
        notices.append(f"{_listed(deactivated)} {'has' if len(deactivated) == 1 else 'have'} left the workspace "
                       "(deactivated), so I did not invite them.")
    if unknown:
        notices.append(f"I could not look up {_listed(unknown)} in this workspace, so I did not invite "
                       "them.")
    return tuple(notices)


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _named(reading: Reading, names: dict[str, str], invitees: tuple[str, ...]) -> Reading:
    """The reading with names where the text mentioned people, and the people to invite on each draft."""
    if isinstance(reading, Refusal):
        return Refusal(with_names(reading.message, names))
    if isinstance(reading, MeetingQuestion):
        return replace(reading, message=with_names(reading.message, names),
                       choices=tuple(_named_draft(choice, names, invitees) for choice in reading.choices))
    return _named_draft(reading, names, invitees)


def _named_draft(draft: MeetingDraft, names: dict[str, str], invitees: tuple[str, ...]) -> MeetingDraft:
    topic = with_names(draft.topic, names)[:MAX_TOPIC_LENGTH].strip()
    return replace(draft, topic=topic, label=with_names(draft.label, names),
                   notices=tuple(with_names(notice, names) for notice in draft.notices), invitees=invitees)


def _default_topic(profile: SlackProfile) -> str:
    return f"{profile.display_name}'s Zoom meeting"


def _noticed(reading: MeetingDraft | MeetingQuestion, notice: str) -> MeetingDraft | MeetingQuestion:
    if isinstance(reading, MeetingQuestion):
        return replace(reading, choices=tuple(replace(c, notices=(*c.notices, notice)) for c in reading.choices))
    return replace(reading, notices=(*reading.notices, notice))


def _read(services: Services, text: str, now: datetime, profile: SlackProfile, origin: CommandOrigin) -> Reading:
    default_duration = meeting_options(services, origin.key).duration_minutes  # without a length in the text
    if not text.strip():  # plain `/zoom`: an instant meeting
        return MeetingDraft(topic="", start=None, duration_minutes=default_duration, timezone=profile.tz)
    return read_meeting_text(text, now=now, tz=profile.tz, locale=profile.locale, default_duration=default_duration)


def _host(services: Services, profile: SlackProfile) -> str:
    """Who the meeting is created for: the connected user ("me"), or in account mode the Zoom user with the
    Slack user's email."""
    if not services.settings.account_mode:
        return "me"
    if not profile.email:
        raise ZoomUserNotFound("no email in the Slack profile")
    return profile.email


def _zoom_for(services: Services, origin: CommandOrigin, profile: SlackProfile) -> ZoomApi:
    if services.settings.account_mode:
        return services.zoom_as_account()
    return services.zoom_as_user(origin.key)
