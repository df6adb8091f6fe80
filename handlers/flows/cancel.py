"""`/zoom cancel <meeting ID>` and the Cancel button of `/zoom list`: the host deletes the meeting at Zoom
(every occurrence of a recurring one), and every message that announced it says "Cancelled by @host", with
no Join button.

Only the host may cancel (handlers.flows.as_host). A meeting Zoom no longer has is reported as already gone,
and its announcements are marked cancelled too when this user announced it. Steps: `received`, then
`cancelled` (Zoom deleted it; the row's result says what): a command resumed after that only updates the
messages and answers.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from handlers.app.durable import Job
from handlers.app.services import Services
from handlers.flows.announcements import redraw_soon
from handlers.flows.as_host import ZoomSelf, connect_reason, not_connected_now, zoom_failure, zoom_self
from handlers.flows.home_refresh import republish_home
from handlers.flows.list_meetings import read_offset, show_page
from handlers.language.meeting_ids import read_meeting_id
from handlers.slack.profiles import fetch_profile
from handlers.slack.replies import Replies
from handlers.ui.messages import meeting_number, plain
from handlers.ui.my_meetings import CANCEL_USAGE, already_gone_note, cancelled_note, not_yours
from storage import NotConnected
from storage.meetings import CANCELLED, Announcement
from zoom import ZoomApiError, ZoomMeetingNotFound

CANCEL = "cancel"
DONE_AT_ZOOM = "cancelled"  # the step after Zoom deleted the meeting (or said it was gone)
RECURRING_TYPES = (3, 8)
NOTHING = "nothing was cancelled"


@dataclass(frozen=True)
class Cancelled:
    meeting_id: int
    topic: str = ""
    start: datetime | None = None
    timezone: str = "UTC"
    recurring: bool = False
    already_gone: bool = False

    def to_result(self) -> dict[str, Any]:
        return {"meeting_id": self.meeting_id, "topic": self.topic,
                "start": self.start.isoformat() if self.start else None, "timezone": self.timezone,
                "recurring": self.recurring, "already_gone": self.already_gone}

    @classmethod
    def from_result(cls, data: dict[str, Any]) -> Cancelled:
        return cls(meeting_id=int(data["meeting_id"]), topic=str(data.get("topic") or ""),
                   start=datetime.fromisoformat(data["start"]) if data.get("start") else None,
                   timezone=str(data.get("timezone") or "UTC"), recurring=bool(data.get("recurring")),
                   already_gone=bool(data.get("already_gone")))


def cancel(services: Services, job: Job) -> None:
    """`/zoom cancel <id>` (payload `text`), or a Cancel click (payload `text` the button's value and
    `list_offset`, the page of the list it was clicked on, which the outcome then redraws)."""
    if job.step == DONE_AT_ZOOM and job.result:
        _finish(services, job, Cancelled.from_result(job.result))
        return
    replies = Replies(job.client, job.origin)
    parsed = read_meeting_id(str(job.payload.get("text") or ""))
    if parsed is None or parsed[1]:
        replies.private(plain(CANCEL_USAGE))
        return
    meeting_id = parsed[0]
    profile = fetch_profile(job.client, job.origin.user_id, job.origin.user_name)
    me = zoom_self(services, job.origin, profile, connect_reason=connect_reason("cancel"))
    if not isinstance(me, ZoomSelf):
        replies.private(me)
        return
    try:
        meeting = me.api.get_meeting(meeting_id)
        if not me.hosts(meeting):
            replies.private(plain(not_yours(meeting_id, "cancel")))
            return
        me.api.delete_meeting(meeting_id)
    except ZoomMeetingNotFound:
        _gone(services, job, me, meeting_id)
        return
    except NotConnected:
        replies.private(not_connected_now(services, job.origin, "cancel"))
        return
    except ZoomApiError as error:
        replies.private(zoom_failure(error, email=me.email, action="cancel the meeting", outcome=NOTHING,
                                     attempts=job.attempts, stale=job.stale))
        return
    done = Cancelled(meeting_id, topic=meeting.topic, start=meeting.start_time,
                     timezone=meeting.timezone or profile.tz, recurring=meeting.type in RECURRING_TYPES)
    job.advance(DONE_AT_ZOOM, result=done.to_result())
    _finish(services, job, done)


def _gone(services: Services, job: Job, me: ZoomSelf, meeting_id: int) -> None:
    """Zoom has no such meeting for this user: cancelled before, or (a user's token sees only their own
    meetings) somebody else's. Only a meeting this user announced is marked cancelled."""
    theirs = [a for a in services.meetings.announcements(meeting_id) if _announced_by(a, job, me)]
    if not theirs:
        Replies(job.client, job.origin).private(plain(
            f"I found no meeting {meeting_number(meeting_id)} that you host at Zoom: it was cancelled already, "
            "or it is not yours to cancel (only its host can). Nothing was changed."))
        return
    done = Cancelled(meeting_id, topic=theirs[0].meeting.topic, already_gone=True)
    job.advance(DONE_AT_ZOOM, result=done.to_result())
    _finish(services, job, done)


def _announced_by(announcement: Announcement, job: Job, me: ZoomSelf) -> bool:
    meeting = announcement.meeting
    if meeting.owner != job.origin.key:
        return False
    # In user mode, also by the Zoom user they are connected as now (not an account they have left since).
    return not (me.zoom_user_id and meeting.host_zoom_user_id and meeting.host_zoom_user_id != me.zoom_user_id)


def _finish(services: Services, job: Job, done: Cancelled) -> None:
    """Every announcement says cancelled (by this user), then the user hears what happened."""
    services.meetings.set_status(done.meeting_id, CANCELLED, event_ms=int(time.time() * 1000),
                                 changed_by=job.origin.user_id)
    announced = [a.id for a in services.meetings.announcements(done.meeting_id) if a.meeting.message_ts]
    # Every one is redrawn, whichever change stamped it last: it shows the latest state.
    redraw_soon(services, announced, throttled=False)
    republish_home(services, job.origin.key)
    if done.already_gone:
        note = already_gone_note(done.meeting_id, done.topic, announced=len(announced))
    else:
        note = cancelled_note(done.topic, done.start, done.timezone, recurring=done.recurring,
                              announced=len(announced))
    if "list_offset" in job.payload:  # clicked in the list: the list, without it, takes the click's place
        show_page(services, job.client, job.origin, offset=read_offset(job.payload.get("list_offset")),
                  note=note, replace_original=True, attempts=job.attempts, stale=job.stale)
        return
    Replies(job.client, job.origin).private(plain(note))
