"""Zoom's webhook events about meetings, read into typed values (`read_meeting_event`).

Zoom sends the meeting id as a string in some events and a number in others, retries deliveries and may
deliver them out of order: every event carries `event_ts` (milliseconds), which decides which of two
events about one meeting is the newer. Anything not shaped as documented reads as None (ignored).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

STARTED = "meeting.started"
ENDED = "meeting.ended"
DELETED = "meeting.deleted"
UPDATED = "meeting.updated"
PARTICIPANT_JOINED = "meeting.participant_joined"
PARTICIPANT_LEFT = "meeting.participant_left"
RECORDING_COMPLETED = "recording.completed"
MEETING_EVENTS = frozenset({STARTED, ENDED, DELETED, UPDATED, PARTICIPANT_JOINED, PARTICIPANT_LEFT,
                            RECORDING_COMPLETED})

MAX_MEETING_ID = 2**63 - 1
# How far ahead of our clock an event's event_ts may be (Zoom's clock and ours disagree by seconds, not this).
MAX_EVENT_LEAD = 3600
MAX_URL = 2000


@dataclass(frozen=True)
class RecordingReady:
    """A cloud recording Zoom finished processing. `share_url` is the page to share; the passcode goes to
    the host alone. Zoom's download links and `download_token` are never read into this value."""

    share_url: str
    duration_minutes: int
    passcode: str = field(default="", repr=False)


@dataclass(frozen=True)
class MeetingEvent:
    name: str
    event_ms: int
    meeting_id: int
    uuid: str = ""
    host_id: str = ""
    start_time: datetime | None = None   # started / ended: when it began; updated: the new time
    end_time: datetime | None = None     # meeting.ended
    duration_minutes: int | None = None  # meeting.updated (a new length)
    timezone: str = ""
    occurrence_ids: tuple[str, ...] = ()  # meeting.deleted of some occurrences only
    scope: str = ""                      # meeting.updated / meeting.deleted: "single" (one occurrence) or "all"
    participant_key: str = ""            # participant events: who joined or left
    recording: RecordingReady | None = None


def read_meeting_event(event: dict[str, Any], *, now: float | None = None) -> MeetingEvent | None:
    """`now` (Unix seconds): an event stamped further ahead of it than MAX_EVENT_LEAD is refused, so that no
    event, however signed, can freeze a meeting's state by outdating every later one."""
    name = event.get("event")
    payload = event.get("payload")
    if not isinstance(name, str) or name not in MEETING_EVENTS or not isinstance(payload, dict):
        return None
    meeting = payload.get("object")
    event_ms = _integer(event.get("event_ts"))
    meeting_id = _integer(meeting.get("id")) if isinstance(meeting, dict) else None
    if not isinstance(meeting, dict) or meeting_id is None or not 0 < meeting_id <= MAX_MEETING_ID \
            or event_ms is None or not 0 <= event_ms <= ((time.time() if now is None else now) + MAX_EVENT_LEAD) * 1000:
        return None
    participant = _mapping(meeting.get("participant"))
    occurrences = meeting.get("occurrences")
    occurrences = occurrences if isinstance(occurrences, list) else []
    return MeetingEvent(
        name=str(name),
        event_ms=event_ms,
        meeting_id=meeting_id,
        uuid=_text(meeting.get("uuid")),
        host_id=_text(meeting.get("host_id")),
        start_time=_time(meeting.get("start_time")) if name in (STARTED, ENDED, UPDATED) else None,
        end_time=_time(meeting.get("end_time")) if name == ENDED else None,
        duration_minutes=_integer(meeting.get("duration")) if name == UPDATED else None,
        timezone=_text(meeting.get("timezone")),
        occurrence_ids=tuple(_text(o.get("occurrence_id")) for o in occurrences if isinstance(o, dict))
        if name == DELETED else (),
        scope=_text(payload.get("scope") or payload.get("operation")) if name in (UPDATED, DELETED) else "",
        participant_key=_text(participant.get("participant_uuid") or participant.get("user_id")
                              or participant.get("id") or participant.get("user_name")),
        recording=_recording(meeting) if name == RECORDING_COMPLETED else None,
    )


def _recording(meeting: dict[str, Any]) -> RecordingReady | None:
    share_url = meeting.get("share_url")
    # Cut, a link would lead nowhere: one longer than any Zoom makes is refused whole.
    if not isinstance(share_url, str) or not share_url.startswith("https://") or len(share_url) > MAX_URL:
        return None
    # `password` is the passcode people type on the share page (`recording_play_passcode` is a URL token, not it).
    return RecordingReady(share_url=share_url, duration_minutes=_integer(meeting.get("duration")) or 0,
                          passcode=_text(meeting.get("password")))


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _integer(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 19:
        return int(value)
    return None


def _text(value: Any) -> str:
    return value[:256] if isinstance(value, str) else ""


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None
