"""The meetings the bot announced, kept for their life in Slack: where each was posted, who hosts it, and the
state Zoom last reported (live, ended, cancelled, moved), each change stamped with the time of the event
that made it, so that a retried or late event never overwrites a newer one."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.crypto import TokenCipher, digest
from storage.db import Database, rowcount
from storage.keys import SlackUserKey
from storage.models import MeetingParticipant, PostedMeeting, delete_in_workspace

SCHEDULED = "scheduled"
LIVE = "live"
ENDED = "ended"
CANCELLED = "cancelled"


@dataclass(frozen=True)
class MeetingRecord:
    zoom_meeting_id: int
    owner: SlackUserKey
    topic: str
    start_time: datetime | None
    duration_minutes: int
    timezone: str
    channel_id: str = ""
    message_ts: str = ""
    zoom_uuid: str = ""
    host_zoom_user_id: str = ""
    recurrence: dict[str, Any] | None = None  # Zoom's recurrence fields
    invitees: tuple[str, ...] = ()  # Slack user ids
    join_url: str = field(default="", repr=False)


@dataclass(frozen=True)
class Announcement:
    """One posted announcement of a meeting, with the state its message should show."""

    id: int
    meeting: MeetingRecord
    status: str = SCHEDULED
    participants: int = 0
    started_at: datetime | None = None
    ended_at: datetime | None = None
    changed_by: str = ""  # the Slack user who cancelled or moved it
    moved: bool = field(default=False)


def meeting_row(meeting: MeetingRecord, cipher: TokenCipher) -> PostedMeeting:
    return PostedMeeting(
        zoom_meeting_id=meeting.zoom_meeting_id,
        workspace_key=meeting.owner.workspace_key,
        team_id=meeting.owner.team_id,
        slack_user_id=meeting.owner.user_id,
        channel_id=meeting.channel_id,
        message_ts=meeting.message_ts,
        topic=meeting.topic[:200],
        start_time=meeting.start_time,
        duration_minutes=meeting.duration_minutes,
        timezone=meeting.timezone,
        zoom_uuid=meeting.zoom_uuid[:64],
        host_zoom_user_id=meeting.host_zoom_user_id[:64],
        recurrence=json.dumps(meeting.recurrence) if meeting.recurrence else None,
        invitees=",".join(meeting.invitees),
        join_url_enc=cipher.encrypt(meeting.join_url) if meeting.join_url else "",
    )


class MeetingLog:
    def __init__(self, db: Database, cipher: TokenCipher):
        self._db = db
        self._cipher = cipher

    def record(self, meeting: MeetingRecord) -> None:
        with self._db.writing() as session:
            session.add(meeting_row(meeting, self._cipher))

    def for_user(self, owner: SlackUserKey, *, ending_after: datetime | None = None) -> list[MeetingRecord]:
        """The user's scheduled meetings by start time; with `ending_after`, only those not over by then."""
        query = (select(PostedMeeting)
                 .where(PostedMeeting.workspace_key == owner.workspace_key,
                        PostedMeeting.slack_user_id == owner.user_id)
                 .order_by(PostedMeeting.start_time))
        if ending_after is not None:
            # Zoom caps a meeting at 24 hours, so this bound keeps every meeting still running.
            query = query.where(PostedMeeting.start_time >= ending_after - timedelta(days=1))
        with self._db.reading() as session:
            rows = session.execute(query).scalars()
            return [
                self._record(row) for row in rows
                if ending_after is None or (
                    row.start_time and row.start_time + timedelta(minutes=row.duration_minutes) > ending_after)
            ]

    # -- a meeting's life ------------------------------------------------------------------------------

    def announcements(self, zoom_meeting_id: int) -> list[Announcement]:
        """Every message that announced this Zoom meeting (usually one)."""
        with self._db.reading() as session:
            rows = session.execute(select(PostedMeeting).where(PostedMeeting.zoom_meeting_id == zoom_meeting_id)
                                   .order_by(PostedMeeting.id)).scalars().all()
            return [self._announcement(session, row) for row in rows]

    def is_announced(self, zoom_meeting_id: int, *, host_zoom_user_id: str = "") -> bool:
        """A read: whether the bot announced this meeting (Zoom sends webhooks for every meeting of an account;
        those of others must not take SQLite's write lock). With `host_zoom_user_id`, only as that host's
        meeting: an event about another host's meeting under the same number changes nothing of ours."""
        query = select(func.count()).select_from(PostedMeeting).where(PostedMeeting.zoom_meeting_id == zoom_meeting_id)
        if host_zoom_user_id:
            query = query.where(PostedMeeting.host_zoom_user_id.in_(("", host_zoom_user_id[:64])))
        with self._db.reading() as session:
            return session.execute(query).scalar_one() > 0

    def announcement(self, announcement_id: int) -> Announcement | None:
        with self._db.reading() as session:
            row = session.get(PostedMeeting, announcement_id)
            return self._announcement(session, row) if row is not None else None

    def set_status(self, zoom_meeting_id: int, status: str, *, event_ms: int, instance_uuid: str = "",
                   at: datetime | None = None, changed_by: str = "", started_at: datetime | None = None
                   ) -> list[int]:
        """Zoom says the meeting started, ended or was deleted (or a user cancelled it) at `event_ms`: the
        announcements it changed (none when a newer event already set their status). An end may say when
        that instance began (`started_at`), so that its length is known even if its start came late or never."""
        values: dict[str, Any] = {"status": status, "status_event_ms": event_ms}
        if status == LIVE:
            values.update(started_at=at, ended_at=None, live_uuid=instance_uuid[:64])
        elif status == ENDED:
            values["ended_at"] = at
            if started_at is not None:
                values["started_at"] = started_at
        if changed_by:
            values["changed_by"] = changed_by[:32]
        elif status == CANCELLED:
            # Zoom's deletion names nobody: it keeps the name of whoever cancelled it in Slack (this is the
            # echo), never that of whoever moved it before.
            values["changed_by"] = case((PostedMeeting.status == CANCELLED, PostedMeeting.changed_by), else_="")
        return self._stamp(zoom_meeting_id, PostedMeeting.status_event_ms, event_ms, values)

    def set_schedule(self, zoom_meeting_id: int, *, start: datetime, timezone: str, duration_minutes: int | None,
                     event_ms: int, changed_by: str = "") -> list[int]:
        """The meeting moved (a user's `/zoom move`, or Zoom's meeting.updated) at `event_ms`. The status is
        not written here (see `shown_status` for how a move and a status meet): a move after the meeting
        ended shows it scheduled again. The mover's name replaces an earlier one (none: Zoom moved it,
        whoever did it there), but never the name of whoever cancelled it."""
        values: dict[str, Any] = {"start_time": start, "schedule_event_ms": event_ms}
        if timezone:
            values["timezone"] = timezone[:64]
        if duration_minutes is not None:
            values["duration_minutes"] = duration_minutes
        values["changed_by"] = case((PostedMeeting.status == CANCELLED, PostedMeeting.changed_by),
                                    else_=changed_by[:32])
        return self._stamp(zoom_meeting_id, PostedMeeting.schedule_event_ms, event_ms, values)

    def set_participant(self, zoom_meeting_id: int, *, instance_uuid: str, participant: str, present: bool,
                        event_ms: int) -> list[int]:
        """Someone joined or left one instance of the meeting; the announcements whose count changed."""
        key = digest(f"participant:{participant}")
        instance = instance_uuid[:64]
        with self._db.writing() as session:
            if not self._is_announced(session, zoom_meeting_id):
                return []
            row = session.get(MeetingParticipant, (zoom_meeting_id, instance, key), with_for_update=True)
            if row is None:
                try:
                    with session.begin_nested():
                        session.add(MeetingParticipant(zoom_meeting_id=zoom_meeting_id, instance_uuid=instance,
                                                       participant_key=key, present=present, event_ms=event_ms))
                except IntegrityError:  # another worker recorded the same participant a moment ago
                    return self.set_participant(zoom_meeting_id, instance_uuid=instance_uuid,
                                                participant=participant, present=present, event_ms=event_ms)
            elif row.event_ms >= event_ms or row.present == present:
                row.event_ms = max(row.event_ms, event_ms)
                return []
            else:
                row.present, row.event_ms = present, event_ms
            ids = session.execute(select(PostedMeeting.id).where(PostedMeeting.zoom_meeting_id == zoom_meeting_id,
                                                                 PostedMeeting.live_uuid == instance)).scalars()
            return list(ids)

    # -- forgetting ------------------------------------------------------------------------------------

    def delete_for(self, owners: Iterable[SlackUserKey]) -> int:
        """Forget the meetings these users scheduled (their Zoom grant is gone, and so is their data)."""
        conditions = [(PostedMeeting.workspace_key == owner.workspace_key)
                      & (PostedMeeting.slack_user_id == owner.user_id) for owner in owners]
        if not conditions:
            return 0
        with self._db.writing() as session:
            self._forget_participants(session, or_(*conditions))
            return rowcount(session.execute(delete(PostedMeeting).where(or_(*conditions))))

    def delete_workspace(self, *, team_id: str = "", enterprise_id: str = "") -> int:
        query = delete_in_workspace(PostedMeeting, team_id=team_id, enterprise_id=enterprise_id)
        with self._db.writing() as session:
            self._forget_participants(session, query.whereclause)
            return rowcount(session.execute(query))

    # -- inside --------------------------------------------------------------------------------------

    def _stamp(self, zoom_meeting_id: int, stamp: Any, event_ms: int, values: dict[str, Any]) -> list[int]:
        with self._db.writing() as session:
            ids = list(session.execute(select(PostedMeeting.id).where(
                PostedMeeting.zoom_meeting_id == zoom_meeting_id, stamp < event_ms)).scalars())
            if ids:
                session.execute(update(PostedMeeting).where(PostedMeeting.id.in_(ids), stamp < event_ms)
                                .values(**values))
            return ids

    def _is_announced(self, session: Session, zoom_meeting_id: int) -> bool:
        return session.execute(select(func.count()).select_from(PostedMeeting)
                               .where(PostedMeeting.zoom_meeting_id == zoom_meeting_id)).scalar_one() > 0

    def _forget_participants(self, session: Session, condition: Any) -> None:
        meeting_ids = select(PostedMeeting.zoom_meeting_id)
        if condition is not None:
            meeting_ids = meeting_ids.where(condition)
        session.execute(delete(MeetingParticipant).where(MeetingParticipant.zoom_meeting_id.in_(meeting_ids)))

    def _announcement(self, session: Session, row: PostedMeeting) -> Announcement:
        participants = 0
        if row.status == LIVE and row.live_uuid:
            participants = session.execute(select(func.count()).select_from(MeetingParticipant).where(
                MeetingParticipant.zoom_meeting_id == row.zoom_meeting_id,
                MeetingParticipant.instance_uuid == row.live_uuid,
                MeetingParticipant.present.is_(True))).scalar_one()
        return Announcement(id=row.id, meeting=self._record(row), status=shown_status(row),
                            participants=participants, started_at=row.started_at, ended_at=row.ended_at,
                            changed_by=row.changed_by, moved=row.schedule_event_ms > 0)

    def _record(self, row: PostedMeeting) -> MeetingRecord:
        return MeetingRecord(
            zoom_meeting_id=row.zoom_meeting_id,
            owner=SlackUserKey(team_id=row.team_id, user_id=row.slack_user_id,
                               enterprise_id=row.workspace_key if row.workspace_key != row.team_id else ""),
            topic=row.topic, start_time=row.start_time, duration_minutes=row.duration_minutes, timezone=row.timezone,
            channel_id=row.channel_id, message_ts=row.message_ts, zoom_uuid=row.zoom_uuid,
            host_zoom_user_id=row.host_zoom_user_id,
            recurrence=json.loads(row.recurrence) if row.recurrence else None,
            invitees=tuple(user for user in row.invitees.split(",") if user),
            join_url=self._cipher.decrypt(row.join_url_enc) if row.join_url_enc else "",
        )


def shown_status(row: PostedMeeting) -> str:
    """The status an announcement shows. Status (started, ended, cancelled) and schedule (moved) are stamped
    apart, each with its own kind's latest event, so an older event never overwrites a newer one of its
    kind; where the two meet, the answer is derived here, when read, from what each last said, and so is
    the same whatever order Zoom delivered the events in:

    - cancelled stays cancelled, whatever schedule events come after (and keeps its canceller's name);
    - live stays live when the meeting is moved: Zoom keeps a running meeting going when its time changes,
      and its Join button is what people need now; the message shows the new time meanwhile;
    - ended, then moved (the move came after that instance began: while it ran, or after it ended), is
      scheduled again at its new time, with its Join button: the meeting is still there at Zoom to be
      joined then. A move from before the instance began leaves it ended. When the end did not say when
      its instance began, the end's own time is the bound.
    """
    if row.status == ENDED:
        began = row.started_at.timestamp() * 1000 if row.started_at is not None else row.status_event_ms
        if row.schedule_event_ms > began:
            return SCHEDULED
    return row.status
