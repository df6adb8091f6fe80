"""The meetings the bot announced, so later features can list, cancel and update them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select

from storage.db import Database, rowcount
from storage.keys import SlackUserKey
from storage.models import PostedMeeting, delete_in_workspace


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


def meeting_row(meeting: MeetingRecord) -> PostedMeeting:
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
    )


class MeetingLog:
    def __init__(self, db: Database):
        self._db = db

    def record(self, meeting: MeetingRecord) -> None:
        with self._db.writing() as session:
            session.add(meeting_row(meeting))

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
                MeetingRecord(
                    zoom_meeting_id=row.zoom_meeting_id, owner=owner, topic=row.topic,
                    start_time=row.start_time, duration_minutes=row.duration_minutes,
                    timezone=row.timezone, channel_id=row.channel_id, message_ts=row.message_ts,
                )
                for row in rows
                if ending_after is None or (
                    row.start_time and row.start_time + timedelta(minutes=row.duration_minutes) > ending_after)
            ]

    def delete_for(self, owners: Iterable[SlackUserKey]) -> int:
        """Forget the meetings these users scheduled (their Zoom grant is gone, and so is their data)."""
        conditions = [(PostedMeeting.workspace_key == owner.workspace_key)
                      & (PostedMeeting.slack_user_id == owner.user_id) for owner in owners]
        if not conditions:
            return 0
        with self._db.writing() as session:
            return rowcount(session.execute(delete(PostedMeeting).where(or_(*conditions))))

    def delete_workspace(self, *, team_id: str = "", enterprise_id: str = "") -> int:
        query = delete_in_workspace(PostedMeeting, team_id=team_id, enterprise_id=enterprise_id)
        with self._db.writing() as session:
            return rowcount(session.execute(query))
