"""Fakes for the flows that act on a host's meetings (list, cancel, move), on top of fakes.py: a Zoom that
has meetings to read, delete, update and list, and a meeting log with announcements."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from storage.meetings import SCHEDULED, Announcement, MeetingRecord
from tests.handlers.flows.fakes import (
    CHANNEL,
    EMAIL,
    JOIN_URL,
    KEY,
    MEETING_ID,
    FakeMeetings,
    FakeServices,
    FakeZoom,
    Journal,
    make_services,
    meeting,
)
from zoom import ListedMeeting, Meeting, MeetingChange, ZoomMeetingNotFound

ZOOM_USER = "zu-ada"  # the connection's Zoom user in fakes.connection()
START = datetime(2030, 6, 3, 13, 0, tzinfo=UTC)


def hosted(**overrides: Any) -> Meeting:
    """A scheduled meeting the origin's user hosts, in user mode (host_id) and account mode (host_email)."""
    fields: dict[str, Any] = {"host_id": ZOOM_USER, "host_email": EMAIL, "start_time": START, "type": 2,
                              "duration_minutes": 45}
    fields.update(overrides)
    return meeting(**fields)


def listed(meeting_id: int, topic: str, start: datetime, *, host_id: str = ZOOM_USER, recurring: bool = False,
           join_url: str = "") -> ListedMeeting:
    return ListedMeeting(id=meeting_id, topic=topic, start_time=start, duration_minutes=30, timezone="Europe/Paris",
                         join_url=join_url or f"https://zoom.example/j/{meeting_id}", host_id=host_id,
                         recurring=recurring)


class HostZoom(FakeZoom):
    """`meetings` by id (get_meeting raises ZoomMeetingNotFound for others, as Zoom's 404/3001); `listed`, what
    upcoming_meetings answers; `errors`, method name -> the error that call raises."""

    def __init__(self, *, meetings: list[Meeting] | None = None, listed: list[ListedMeeting] | None = None,
                 errors: dict[str, Exception] | None = None):
        super().__init__()
        self.meetings = {m.id: m for m in meetings or []}
        self.listed = list(listed or [])
        self.errors = dict(errors or {})

    def _call(self, name: str, **kwargs: Any) -> None:
        self.journal.append((f"zoom.{name}", kwargs))
        if name in self.errors:
            raise self.errors[name]

    def get_meeting(self, meeting_id: int) -> Meeting:
        self._call("get_meeting", meeting_id=meeting_id)
        if meeting_id not in self.meetings:
            raise ZoomMeetingNotFound(f"Meeting does not exist: {meeting_id}.", status=404, code=3001)
        return self.meetings[meeting_id]

    def delete_meeting(self, meeting_id: int) -> None:
        self._call("delete_meeting", meeting_id=meeting_id)
        if self.meetings.pop(meeting_id, None) is None:
            raise ZoomMeetingNotFound(f"Meeting does not exist: {meeting_id}.", status=404, code=3001)

    def update_meeting(self, meeting_id: int, change: MeetingChange) -> None:
        self._call("update_meeting", meeting_id=meeting_id, change=change)
        if meeting_id not in self.meetings:
            raise ZoomMeetingNotFound(f"Meeting does not exist: {meeting_id}.", status=404, code=3001)

    def upcoming_meetings(self, *, user_id: str = "me", page_size: int = 300) -> list[ListedMeeting]:
        self._call("upcoming_meetings", user_id=user_id)
        return list(self.listed)


def announced(meeting_id: int = MEETING_ID, *, announcement_id: int = 1, invitees: tuple[str, ...] = (),
              owner=KEY, host_zoom_user_id: str = ZOOM_USER, message_ts: str = "1700000000.000100") -> Announcement:
    record = MeetingRecord(zoom_meeting_id=meeting_id, owner=owner, topic="Design review", start_time=START,
                           duration_minutes=45, timezone="Europe/Paris", channel_id=CHANNEL, message_ts=message_ts,
                           host_zoom_user_id=host_zoom_user_id, invitees=invitees, join_url=JOIN_URL)
    return Announcement(id=announcement_id, meeting=record, status=SCHEDULED)


class HostMeetings(FakeMeetings):
    """storage.MeetingLog with announcements; set_status and set_schedule record what they were asked."""

    def __init__(self, journal: Journal, announcements: list[Announcement]):
        super().__init__(journal)
        self.announced = list(announcements)

    def announcements(self, zoom_meeting_id: int) -> list[Announcement]:
        self.journal.append(("meetings.announcements", {"zoom_meeting_id": zoom_meeting_id}))
        return [a for a in self.announced if a.meeting.zoom_meeting_id == zoom_meeting_id]

    def announcement(self, announcement_id: int) -> Announcement | None:
        return next((a for a in self.announced if a.id == announcement_id), None)

    def set_status(self, zoom_meeting_id: int, status: str, **kwargs: Any) -> list[int]:
        self.journal.append(("meetings.set_status", {"zoom_meeting_id": zoom_meeting_id, "status": status,
                                                     **kwargs}))
        return [a.id for a in self.announcements(zoom_meeting_id)]

    def set_schedule(self, zoom_meeting_id: int, **kwargs: Any) -> list[int]:
        self.journal.append(("meetings.set_schedule", {"zoom_meeting_id": zoom_meeting_id, **kwargs}))
        return [a.id for a in self.announcements(zoom_meeting_id)]


def host_services(*, zoom: HostZoom | None = None, announcements: list[Announcement] | None = None,
                  **options: Any) -> FakeServices:
    services = make_services(zoom=zoom or HostZoom(), **options)
    services.meetings = HostMeetings(services.journal, announcements or [])
    return services


def soon(hours: int) -> datetime:
    return (datetime.now(UTC) + timedelta(hours=hours)).replace(microsecond=0)

