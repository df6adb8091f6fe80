"""Typed values that cross the boundary between Zoom and the rest of the bot."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

# Zoom's documented limits for POST /users/{userId}/meetings.
MAX_TOPIC_LENGTH = 200
MIN_DURATION_MINUTES = 1
MAX_DURATION_MINUTES = 1440

AUTO_RECORDING_CHOICES = ("none", "local", "cloud")


@dataclass(frozen=True)
class TokenSet:
    """An OAuth token pair as Zoom returned it; `expires_at` is absolute so it survives storage."""

    access_token: str
    refresh_token: str | None
    expires_at: datetime
    scope: str = ""

    @classmethod
    def from_response(cls, body: dict[str, Any], *, now: datetime | None = None) -> TokenSet:
        now = now or datetime.now(UTC)
        return cls(
            access_token=body["access_token"],
            refresh_token=body.get("refresh_token"),
            expires_at=now + timedelta(seconds=int(body.get("expires_in", 3600))),
            scope=body.get("scope", ""),
        )

    def __repr__(self) -> str:  # never let a token reach a log line through repr()
        return f"TokenSet(expires_at={self.expires_at.isoformat()}, scope={self.scope!r})"


@dataclass(frozen=True)
class ZoomUser:
    id: str
    email: str
    account_id: str = ""
    display_name: str = ""

    @classmethod
    def from_response(cls, body: dict[str, Any]) -> ZoomUser:
        if not body["id"]:
            raise ValueError("a Zoom user without an id")
        return cls(
            id=str(body["id"]),
            email=str(body.get("email", "")),
            account_id=str(body.get("account_id", "")),
            display_name=str(body.get("display_name") or
                             f"{body.get('first_name', '')} {body.get('last_name', '')}".strip()),
        )


@dataclass(frozen=True)
class MeetingSettings:
    host_video: bool = True
    participant_video: bool = True
    join_before_host: bool = False
    mute_upon_entry: bool = True
    waiting_room: bool = True
    auto_recording: str = "none"
    # None lets the account's own passcode policy decide; False asks Zoom for no passcode.
    require_passcode: bool | None = None

    def to_zoom(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "host_video": self.host_video,
            "participant_video": self.participant_video,
            "join_before_host": self.join_before_host,
            "mute_upon_entry": self.mute_upon_entry,
            "waiting_room": self.waiting_room,
            "auto_recording": self.auto_recording,
        }
        return body


@dataclass(frozen=True)
class Recurrence:
    """Zoom's `recurrence` object of a recurring meeting with a fixed time (meeting type 8).

    Weekdays use Zoom's numbering, 1 = Sunday ... 7 = Saturday. Zoom's own limits: `end_times` at most 60,
    `repeat_interval` at most 99 days, 50 weeks or 10 months.
    """

    type: int  # 1 daily, 2 weekly, 3 monthly
    end_times: int
    repeat_interval: int = 1
    weekly_days: tuple[int, ...] = ()
    monthly_day: int | None = None
    monthly_week: int | None = None  # 1..4, or -1 for the last week of the month
    monthly_week_day: int | None = None

    DAILY = 1
    WEEKLY = 2
    MONTHLY = 3

    @classmethod
    def from_zoom(cls, body: Any) -> Recurrence | None:
        """Zoom's `recurrence` object as a meeting carries it; None when there is none, or it is not one
        this client can read (the rule is then Zoom's business alone)."""
        if not isinstance(body, dict):
            return None
        try:
            days = str(body.get("weekly_days") or "")
            return cls(type=int(body["type"]), end_times=int(body.get("end_times") or 0),
                       repeat_interval=int(body.get("repeat_interval") or 1),
                       weekly_days=tuple(sorted(int(day) for day in days.split(",") if day.strip())),
                       monthly_day=_optional_int(body.get("monthly_day")),
                       monthly_week=_optional_int(body.get("monthly_week")),
                       monthly_week_day=_optional_int(body.get("monthly_week_day")))
        except (KeyError, TypeError, ValueError):
            return None

    def to_zoom(self) -> dict[str, Any]:
        body: dict[str, Any] = {"type": self.type, "repeat_interval": self.repeat_interval,
                                "end_times": self.end_times}
        if self.type == self.WEEKLY:
            body["weekly_days"] = ",".join(str(day) for day in sorted(self.weekly_days))
        if self.monthly_day is not None:
            body["monthly_day"] = self.monthly_day
        if self.monthly_week is not None and self.monthly_week_day is not None:
            body["monthly_week"] = self.monthly_week
            body["monthly_week_day"] = self.monthly_week_day
        return body


def _optional_int(value: Any) -> int | None:
    return None if value is None else int(value)


def zoom_weekday(python_weekday: int) -> int:
    """Python's 0 = Monday ... 6 = Sunday as Zoom's 1 = Sunday ... 7 = Saturday."""
    return (python_weekday + 1) % 7 + 1


@dataclass(frozen=True)
class MeetingRequest:
    """What to ask Zoom for. `start` None means an instant meeting (type 1)."""

    topic: str
    start: datetime | None
    duration_minutes: int
    timezone: str
    settings: MeetingSettings = field(default_factory=MeetingSettings)
    agenda: str = ""
    recurrence: Recurrence | None = None
    # Emails Zoom adds to the meeting's invitation (settings.meeting_invitees).
    invitees: tuple[str, ...] = ()

    def to_zoom(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "topic": self.topic[:MAX_TOPIC_LENGTH],
            "duration": self.duration_minutes,
            "timezone": self.timezone,
            "settings": self.settings.to_zoom(),
        }
        if self.invitees:
            body["settings"]["meeting_invitees"] = [{"email": email} for email in self.invitees]
        if self.start is None:
            body["type"] = 1
        else:
            if self.start.tzinfo is None:
                raise ValueError("start must be timezone-aware")
            body["type"] = 2 if self.recurrence is None else 8
            if self.recurrence is not None:
                body["recurrence"] = self.recurrence.to_zoom()
            # UTC with Z pins the instant; `timezone` only tells Zoom how to display it.
            body["start_time"] = self.start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        if self.settings.require_passcode is False:
            body["default_password"] = False
        elif self.settings.require_passcode is True:
            body["default_password"] = True
        if self.agenda:
            body["agenda"] = self.agenda[:2000]
        return body


@dataclass(frozen=True)
class Meeting:
    """A created meeting. `start_url` grants host rights: it only ever goes to the host, privately."""

    id: int
    topic: str
    join_url: str
    start_url: str
    start_time: datetime | None
    duration_minutes: int
    timezone: str
    passcode: str = ""
    host_email: str = ""
    uuid: str = ""
    host_id: str = ""
    # Zoom's meeting type: 1 instant, 2 scheduled, 3 recurring without a fixed time, 8 recurring with one.
    type: int = 2
    recurrence: Recurrence | None = None  # a type 8 meeting's rule, when Zoom sent one this client can read

    @classmethod
    def from_response(cls, body: dict[str, Any]) -> Meeting:
        start = body.get("start_time")
        if not str(body["join_url"]).startswith(("https://", "http://")):
            raise ValueError("a meeting without a join URL")
        return cls(
            id=int(body["id"]),
            topic=body.get("topic", ""),
            join_url=str(body["join_url"]),
            start_url=body.get("start_url", ""),
            start_time=datetime.fromisoformat(start.replace("Z", "+00:00")) if start else None,
            duration_minutes=int(body.get("duration") or 0),
            timezone=body.get("timezone", ""),
            passcode=body.get("password", "") or "",
            host_email=body.get("host_email", ""),
            uuid=str(body.get("uuid") or ""),
            host_id=str(body.get("host_id") or ""),
            type=body["type"] if type(body.get("type")) is int else 2,
            recurrence=Recurrence.from_zoom(body.get("recurrence")),
        )

    def __repr__(self) -> str:
        return f"Meeting(id={self.id}, topic={self.topic!r}, start_time={self.start_time})"


@dataclass(frozen=True)
class ListedMeeting:
    """One entry of a user's meeting list (`GET /users/{userId}/meetings`): no start link, no passcode."""

    id: int
    topic: str
    start_time: datetime | None
    duration_minutes: int
    timezone: str
    join_url: str
    host_id: str = ""
    uuid: str = ""
    recurring: bool = False  # an occurrence of a recurring meeting (types 3 and 8)
    movable: bool = True  # a fixed time that can be changed: not instant (1) nor recurring with no fixed time (3)

    @classmethod
    def from_response(cls, body: dict[str, Any]) -> ListedMeeting:
        start = body.get("start_time")
        return cls(
            id=int(body["id"]),
            topic=str(body.get("topic") or ""),
            start_time=datetime.fromisoformat(str(start).replace("Z", "+00:00")) if start else None,
            duration_minutes=int(body.get("duration") or 0),
            timezone=str(body.get("timezone") or ""),
            join_url=str(body.get("join_url") or ""),
            host_id=str(body.get("host_id") or ""),
            uuid=str(body.get("uuid") or ""),
            recurring=body.get("type") in (3, 8),
            movable=body.get("type") in (2, 8),
        )


@dataclass(frozen=True)
class MeetingChange:
    """What `PATCH /meetings/{meetingId}` changes: a new start (in its zone) and, if given, a new length."""

    start: datetime
    timezone: str
    duration_minutes: int | None = None

    def to_zoom(self) -> dict[str, Any]:
        if self.start.tzinfo is None:
            raise ValueError("start must be timezone-aware")
        body: dict[str, Any] = {"start_time": self.start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                                "timezone": self.timezone}
        if self.duration_minutes is not None:
            body["duration"] = self.duration_minutes
        return body


@dataclass(frozen=True)
class Schedule:
    """One of a user's Zoom Scheduler schedules (`GET /scheduler/schedules`): what a booking link is made for.
    `scheduling_url` is the schedule's own, reusable page; a single-use link is made from `schedule_id`."""

    schedule_id: str
    summary: str
    duration_minutes: int = 0
    scheduling_url: str = ""
    owner_email: str = ""  # the creator's, as Zoom lists it
    active: bool = True  # Zoom lists switched-off and cancelled ones too; no link can be booked through them

    @classmethod
    def from_response(cls, body: dict[str, Any]) -> Schedule:
        schedule_id = body["schedule_id"]
        if not isinstance(schedule_id, str) or not schedule_id:
            raise ValueError("a schedule without an id")
        creator = body.get("creator")
        if not isinstance(creator, dict):
            creator = {}
        duration = body.get("duration")
        return cls(
            schedule_id=schedule_id,
            summary=str(body.get("summary") or ""),
            duration_minutes=int(duration) if isinstance(duration, (int, float)) else 0,
            scheduling_url=str(body.get("scheduling_url") or ""),
            owner_email=str(creator.get("email") or ""),
            active=body.get("active") is not False and body.get("status", "confirmed") != "cancelled",
        )
