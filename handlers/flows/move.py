"""`/zoom move <meeting ID> <new time>`, the Edit button of `/zoom list` (a form whose submission is that
command), and the buttons of the question a move may ask: the host moves the meeting at Zoom; its
announcements show the new time and "Moved by @host"; the people invited are told by direct message.

The new time is read by the command language exactly as `/zoom meet` reads it, in the user's zone; without a
length the meeting keeps its own. Where two readings are plausible the user is asked, with one button per
reading, as `/zoom meet` asks; a click moves it. A recurring meeting moves as a whole series (a PATCH
without `occurrence_id`). Steps: `received`, `moved` (Zoom took the change; the row's result says what),
`shown` (the announcements have the new time, stamped once; the invitees to tell are fixed, and each one
told is recorded before the next, handlers.flows.direct_messages), `told` (only the host's answer is left):
a command resumed after `moved` never asks Zoom again, and nobody is told twice.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from slack_sdk.errors import SlackApiError

from handlers.app.durable import Job
from handlers.app.services import Services
from handlers.flows.announcements import redraw_soon
from handlers.flows.as_host import ZoomSelf, connect_reason, not_connected_now, zoom_failure, zoom_self
from handlers.flows.direct_messages import send_each, unreached_notice
from handlers.flows.home_refresh import republish_home
from handlers.language import MeetingDraft, MeetingQuestion, Refusal, read_meeting_text
from handlers.language.meeting_ids import read_meeting_id
from handlers.slack.profiles import SlackProfile, fetch_people, fetch_profile
from handlers.slack.replies import Replies
from handlers.ui.choice_values import ChoiceError, starts_on
from handlers.ui.messages import choice_label, escape_mrkdwn, meeting_number, plain, recurrence_text
from handlers.ui.my_meetings import (
    MOVE_USAGE,
    invitee_moved,
    move_modal,
    move_question,
    moved_note,
    moving_message,
    not_yours,
    read_editor_value,
    read_move_choice,
)
from storage import NotConnected
from zoom import Meeting, MeetingChange, ZoomApiError, ZoomMeetingNotFound

log = logging.getLogger(__name__)

MOVE = "move"
MOVE_CHOICE = "move_choice"
MOVE_EDIT = "move_edit"

RECEIVED = "received"
MOVED = "moved"  # Zoom took the change
SHOWN = "shown"  # the announcements have the new time; the invitees are being told, each recorded when done
TOLD = "told"  # the invitees are told: only the host's answer is left

NOTHING = "Nothing was moved."
OUTCOME = "nothing was moved"
UTC_NOTICE = "Slack did not tell me your time zone, so I read the time as UTC."
NO_ZONE_NOW = "Slack did not tell me your time zone just now, so nothing was moved. Please try again in a minute."
UNMOVABLE = {1: "an instant meeting, which has no time to move", 3: "a recurring meeting with no fixed time"}
RECURRING_TYPES = (3, 8)


@dataclass(frozen=True)
class Moved:
    """What Zoom took, kept (encrypted) in the command's row for the steps after it."""

    meeting_id: int
    topic: str
    start: datetime
    timezone: str
    duration_minutes: int
    join_url: str
    recurring: bool = False
    notices: tuple[str, ...] = ()  # for the host: the reading's, then who could not be told
    invitees: tuple[str, ...] = ()  # the Slack users to tell, fixed when the move is shown
    told: tuple[str, ...] = ()  # those of them done with: sent, or given up on
    missed: tuple[str, ...] = ()  # those of them Slack would not take a message for

    def to_result(self) -> dict[str, Any]:
        return {"meeting_id": self.meeting_id, "topic": self.topic, "start": self.start.isoformat(),
                "timezone": self.timezone, "duration": self.duration_minutes, "join_url": self.join_url,
                "recurring": self.recurring, "notices": list(self.notices), "invitees": list(self.invitees),
                "told": list(self.told), "missed": list(self.missed)}

    @classmethod
    def from_result(cls, data: dict[str, Any]) -> Moved:
        return cls(meeting_id=int(data["meeting_id"]), topic=str(data["topic"]),
                   start=datetime.fromisoformat(data["start"]), timezone=str(data["timezone"]),
                   duration_minutes=int(data["duration"]), join_url=str(data.get("join_url") or ""),
                   recurring=bool(data.get("recurring")), notices=tuple(data.get("notices") or ()),
                   invitees=_users(data.get("invitees")), told=_users(data.get("told")),
                   missed=_users(data.get("missed")))

    @property
    def reached(self) -> int:
        return len(self.told) - len(self.missed)


def _users(value: object) -> tuple[str, ...]:
    return tuple(str(user) for user in value) if isinstance(value, list) else ()


def move(services: Services, job: Job) -> None:
    """`/zoom move <id> <time>` (payload `text`): typed, or submitted in the move form."""
    if _resumed(services, job):
        return
    replies = Replies(job.client, job.origin)
    parsed = read_meeting_id(str(job.payload.get("text") or ""))
    if parsed is None or not parsed[1]:
        replies.private(plain(MOVE_USAGE))
        return
    meeting_id, time_text = parsed
    profile = fetch_profile(job.client, job.origin.user_id, job.origin.user_name)
    if profile.lookup_failed:
        replies.private(plain(NO_ZONE_NOW))
        return
    found = _hosted_meeting(services, job, profile, meeting_id, replies)
    if found is None:
        return
    me, meeting = found
    reading = read_meeting_text(time_text, now=job.read_at, tz=profile.tz, locale=profile.locale,
                                default_duration=meeting.duration_minutes or services.settings.default_duration_minutes)
    if isinstance(reading, Refusal):
        replies.private(plain(f"{escape_mrkdwn(reading.message)} {NOTHING}"))
        return
    drafts = reading.choices if isinstance(reading, MeetingQuestion) else (reading,)
    problem = next((p for p in map(_not_a_new_time, drafts) if p), None)
    if problem:
        replies.private(plain(f"{problem} {NOTHING} {MOVE_USAGE}"))
        return
    if not profile.tz_known:
        drafts = tuple(replace(d, notices=(*d.notices, UTC_NOTICE)) for d in drafts)
    if isinstance(reading, MeetingQuestion):
        replies.private(move_question(meeting_id, meeting.topic, replace(reading, choices=drafts)))
        return
    _move(services, job, me, meeting, drafts[0], replies)


def move_choice(services: Services, job: Job) -> None:
    """A click on one reading of a move's question: checked like typed text, then moved once (the question
    is the click's dedupe key). The outcome takes the question's place."""
    if _resumed(services, job):
        return
    try:
        meeting_id, draft = read_move_choice(job.payload.get("value"), now=datetime.now(UTC))
        problem = _not_a_new_time(draft)
        if problem:
            raise ChoiceError(f"{problem} {NOTHING}")
    except ChoiceError as error:
        job.release_dedupe = True  # nothing was moved: the buttons may be clicked again
        Replies(job.client, job.origin).private(plain(error.message))
        return
    replies = Replies(job.client, job.origin, replace_original=True)
    profile = fetch_profile(job.client, job.origin.user_id, job.origin.user_name)
    if profile.lookup_failed and services.settings.account_mode:
        job.release_dedupe = True
        Replies(job.client, job.origin).private(plain(
            "Slack did not tell me your email just now, so nothing was moved. Please click again in a minute."))
        return
    found = _hosted_meeting(services, job, profile, meeting_id, replies)
    if found is None:
        return
    me, meeting = found
    assert draft.start is not None  # _not_a_new_time saw to it
    replies.private(moving_message(meeting.topic, draft.start, draft.timezone))
    _move(services, job, me, meeting, draft, replies)


def open_editor(services: Services, job: Job) -> None:
    """An Edit button (of the list, or of a move's question): the move form, prefilled."""
    replies = Replies(job.client, job.origin)
    target = read_editor_value(job.payload.get("value"))
    if target is None:
        replies.private(plain(f"I could not read that button. {MOVE_USAGE}"))
        return
    try:
        job.client.views_open(trigger_id=str(job.payload.get("trigger_id") or ""),
                              view=move_modal(target, job.origin.channel_id))
    except SlackApiError as error:
        code = str(error.response.get("error", "unknown")) if error.response is not None else "unknown"
        log.info("views.open failed (%s)", code)
        replies.private(plain(
            "Slack did not let me open the form in time (a click is good for a few seconds only). Click *Edit* "
            f"again, or run `/zoom move {meeting_number(target.meeting_id)} <new time>`."))


# -- inside ---------------------------------------------------------------------------------------------


def _not_a_new_time(draft: MeetingDraft) -> str:
    """Why a reading of the text after the ID is not just a new time (empty: it is one)."""
    if draft.topic:
        return (f"After the meeting ID I expected only the new time, but `{escape_mrkdwn(draft.topic)}` is not "
                "part of a time.")
    if draft.start is None:
        return "Tell me when to move it to."
    if draft.recurrence is not None:
        return "A move keeps how the meeting repeats, so leave out `every …` (change the rule in Zoom)."
    return ""


def _hosted_meeting(services: Services, job: Job, profile: SlackProfile, meeting_id: int, replies: Replies
                    ) -> tuple[ZoomSelf, Meeting] | None:
    """The meeting, if this user hosts it and it has a time to move; else they are told why not (None)."""
    me = zoom_self(services, job.origin, profile, connect_reason=connect_reason("move"))
    if not isinstance(me, ZoomSelf):
        replies.private(me)
        return None
    try:
        meeting = me.api.get_meeting(meeting_id)
    except ZoomMeetingNotFound:
        # A user's token sees only their own meetings: gone, or somebody else's, look the same.
        replies.private(plain(not_yours(meeting_id, "move")))
        return None
    except NotConnected:
        replies.private(not_connected_now(services, job.origin, "move"))
        return None
    except ZoomApiError as error:
        replies.private(zoom_failure(error, email=me.email, action="look the meeting up", outcome=OUTCOME,
                                     attempts=job.attempts, stale=job.stale))
        return None
    if not me.hosts(meeting):
        replies.private(plain(not_yours(meeting_id, "move")))
        return None
    if meeting.type in UNMOVABLE:
        replies.private(plain(f"*{escape_mrkdwn(meeting.topic)}* is {UNMOVABLE[meeting.type]}. {NOTHING} "
                              "Schedule a new one with `/zoom meet`."))
        return None
    return me, meeting


def _move(services: Services, job: Job, me: ZoomSelf, meeting: Meeting, draft: MeetingDraft, replies: Replies
          ) -> None:
    assert draft.start is not None
    rule = meeting.recurrence
    if rule is not None and not starts_on(rule, draft.start):
        # Zoom would quietly move the series to the next day its rule allows: not the time the user asked for.
        replies.private(plain(
            f"*{escape_mrkdwn(meeting.topic)}* repeats {recurrence_text(rule)[:1].lower()}"
            f"{recurrence_text(rule)[1:]}, and {choice_label(draft.start, draft.timezone)} is not one of its days. "
            f"{NOTHING} Pick a time on one of its days, or change the rule in Zoom."))
        return
    change = MeetingChange(start=draft.start, timezone=draft.timezone, duration_minutes=draft.duration_minutes)
    try:
        me.api.update_meeting(meeting.id, change)
    except ZoomMeetingNotFound:
        replies.private(plain(f"Meeting {meeting_number(meeting.id)} is gone at Zoom (cancelled or deleted "
                              f"meanwhile). {NOTHING}"))
        return
    except NotConnected:
        replies.private(not_connected_now(services, job.origin, "move"))
        return
    except ZoomApiError as error:
        replies.private(zoom_failure(error, email=me.email, action="move the meeting", outcome=OUTCOME,
                                     attempts=job.attempts, stale=job.stale))
        return
    moved = Moved(meeting.id, meeting.topic, draft.start, draft.timezone, draft.duration_minutes, meeting.join_url,
                  recurring=meeting.type in RECURRING_TYPES, notices=tuple(draft.notices))
    job.advance(MOVED, result=moved.to_result())
    _finish(services, job, moved)


def _resumed(services: Services, job: Job) -> bool:
    """A command that already moved its meeting goes straight on to what is left."""
    if job.step not in (MOVED, SHOWN, TOLD) or not job.result:
        return False
    _finish(services, job, Moved.from_result(job.result))
    return True


def _finish(services: Services, job: Job, moved: Moved) -> None:
    """The announcements show the new time (stamped once: a resumed command does not move it again over a
    newer move), the invitees hear of it, each once, then the host."""
    announced = [a for a in services.meetings.announcements(moved.meeting_id) if a.meeting.message_ts]
    if job.step == MOVED:
        services.meetings.set_schedule(moved.meeting_id, start=moved.start, timezone=moved.timezone,
                                       duration_minutes=moved.duration_minutes, event_ms=int(time.time() * 1000),
                                       changed_by=job.origin.user_id)
        redraw_soon(services, [a.id for a in announced], throttled=False)
        republish_home(services, job.origin.key)
        moved = replace(moved, invitees=tuple(announced_invitees(services, moved.meeting_id, job.origin.user_id)))
        job.advance(SHOWN, result=moved.to_result())
    if job.step == SHOWN:
        moved = _tell_invitees(job, moved)
        job.advance(TOLD, result=moved.to_result())
    Replies(job.client, job.origin, replace_original=job.kind == MOVE_CHOICE).private(plain(moved_note(
        moved.topic, moved.start, moved.timezone, moved.duration_minutes, recurring=moved.recurring,
        announced=len(announced), told=moved.reached, notices=moved.notices)))


def announced_invitees(services: Services, meeting_id: int, host_user_id: str) -> list[str]:
    """The Slack users invited to the meeting, in every announcement of it, the host left out."""
    seen: dict[str, None] = {}
    for announcement in services.meetings.announcements(meeting_id):
        for user in announcement.meeting.invitees:
            if user != host_user_id:
                seen.setdefault(user, None)
    return list(seen)


def _tell_invitees(job: Job, moved: Moved) -> Moved:
    """Each invitee told of the move once, recorded before the next (handlers.flows.direct_messages);
    whoever could not be reached is named to the host."""
    message = invitee_moved(job.origin.user_id, moved.topic, moved.start, moved.timezone, moved.duration_minutes,
                            moved.join_url)
    for user_id, reached in send_each(job, moved.invitees, message, done=moved.told,
                                      about=f"the move of meeting {moved.meeting_id}"):
        if not reached:
            name = fetch_people(job.client, [user_id]).found[0].name
            moved = replace(moved, missed=(*moved.missed, user_id), notices=(*moved.notices, unreached_notice(name)))
        moved = replace(moved, told=(*moved.told, user_id))
        job.advance(SHOWN, result=moved.to_result())
    return moved
