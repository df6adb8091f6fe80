"""The Zoom emulator's event subscription: signed webhook deliveries to the bot, as Zoom sends them.

What happens to a meeting the emulator holds (it starts, people join and leave, it ends, it is deleted or
moved at Zoom's web portal, its cloud recording is ready) is sent to the subscribed URL as Zoom's webhook
event: `event_ts` in milliseconds, strictly increasing; the meeting id a string where Zoom's spec says
string (started, ended, participants) and a number where it says integer (deleted, updated, recording);
signed with `x-zm-signature` = "v0=" + HMAC-SHA256(secret token, "v0:{timestamp}:{body}") and
`x-zm-request-timestamp` in seconds. Every body is checked against the event's schema in Zoom's published
spec (handlers/demo/specs) before it leaves: the emulator sends nothing Zoom would not.

Each action takes `deliver=False` to build (and apply) the event without sending it, so that a test can
send it later, twice, or out of order with `send_event`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import secrets
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import requests

from ._server import Record
from ._zoom_schema import webhook_event_error

RECORDING_HOST = "https://zoom.example.test"


@dataclass
class WebhookDelivery(Record):
    event: str
    body: dict[str, Any]
    status: int = 0  # the bot's HTTP status; 0 when not sent (deliver=False, or no subscription)
    answer: Any = None  # the bot's answer, decoded when it is JSON
    sent: bool = False


@dataclass
class Participant(Record):
    user_id: str  # Zoom's meeting user id: valid for this meeting only
    user_name: str
    participant_uuid: str
    email: str
    zoom_user_id: str  # "" for someone who joined without signing in
    join_time: str


@dataclass
class RecordingRecord(Record):
    """A cloud recording as the emulator reported it. `download_urls`, `download_token`, `password` and
    `play_passcode` are what must never reach a channel."""

    meeting_id: int
    uuid: str
    share_url: str
    password: str
    play_passcode: str
    download_token: str
    download_urls: list[str]
    duration: int


@dataclass
class _Instance:
    uuid: str
    started_at: datetime
    ended_at: datetime | None = None
    participants: dict[str, Participant] = field(default_factory=dict)


class ZoomWebhooks:
    """Mixed into ZoomEmulator (which provides `_lock`, `_meetings`, `now()` and `account_id`)."""

    def _init_webhooks(self) -> None:
        #: Where Zoom delivers events (the app's event notification endpoint) and the subscription's secret
        #: token; None: events are built and recorded, not sent.
        self.webhook_url: str | None = None
        self.webhook_secret: str = ""
        self._deliveries: list[WebhookDelivery] = []
        self._live: dict[int, _Instance] = {}
        self._latest_instance: dict[int, _Instance] = {}
        self._recordings: list[RecordingRecord] = []
        self._last_event_ms = 0
        self._participant_numbers = itertools.count(16778240)

    def subscribe(self, url: str, secret_token: str) -> None:
        """Event subscription: deliver every event to `url`, signed with `secret_token`."""
        with self._lock:  # type: ignore[attr-defined]
            self.webhook_url = url
            self.webhook_secret = secret_token

    @property
    def deliveries(self) -> list[WebhookDelivery]:
        with self._lock:  # type: ignore[attr-defined]
            return list(self._deliveries)

    @property
    def recordings(self) -> list[RecordingRecord]:
        with self._lock:  # type: ignore[attr-defined]
            return list(self._recordings)

    def participants(self, meeting_id: int) -> list[Participant]:
        """Who is in the meeting now (empty when it is not live)."""
        with self._lock:  # type: ignore[attr-defined]
            instance = self._live.get(int(meeting_id))
            return list(instance.participants.values()) if instance else []

    # -- sending ------------------------------------------------------------------------------------

    def send_event(self, body: dict[str, Any], *, validate: bool = True, timestamp: int | str | None = None,
                   secret: str | None = None) -> WebhookDelivery:
        """Sign `body` and POST it to the subscription, as Zoom does (again, for a body sent before: Zoom's
        retries carry the same body and event_ts). `validate`: refuse a body Zoom's spec does not describe;
        `timestamp` (seconds) and `secret` override the signature's, for tests of stale or forged requests."""
        if validate:
            problem = webhook_event_error(body)
            if problem is not None:
                raise ValueError(f"not a {body.get('event')} body Zoom sends: {problem}")
        with self._lock:  # type: ignore[attr-defined]
            url, key = self.webhook_url, self.webhook_secret if secret is None else secret
        if url is None:
            raise RuntimeError("no event subscription: call subscribe(url, secret_token) first")
        raw = json.dumps(body).encode("utf-8")
        # The request's timestamp is the real time: the receiver checks it against its own clock.
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        signature = "v0=" + hmac.new(key.encode("utf-8"), b"v0:" + stamp.encode("ascii") + b":" + raw,
                                     hashlib.sha256).hexdigest()
        response = requests.post(url, data=raw, timeout=10, headers={
            "Content-Type": "application/json; charset=utf-8", "User-Agent": "Zoom Marketplace/1.1a",
            "x-zm-signature": signature, "x-zm-request-timestamp": stamp})
        try:
            answer: Any = response.json()
        except ValueError:
            answer = response.text
        delivery = WebhookDelivery(event=str(body.get("event")), body=body, status=response.status_code,
                                   answer=answer, sent=True)
        with self._lock:  # type: ignore[attr-defined]
            self._deliveries.append(delivery)
        return delivery

    def _deliver(self, body: dict[str, Any], deliver: bool) -> WebhookDelivery:
        problem = webhook_event_error(body)
        if problem is not None:  # the emulator's own bug: it must only build what Zoom sends
            raise AssertionError(f"the emulator built a {body['event']} body Zoom does not send: {problem}")
        if deliver and self.webhook_url is not None:
            return self.send_event(body, validate=False)
        delivery = WebhookDelivery(event=str(body["event"]), body=body)
        with self._lock:  # type: ignore[attr-defined]
            self._deliveries.append(delivery)
        return delivery

    # -- what happens to a meeting ------------------------------------------------------------------

    def start_meeting(self, meeting_id: int, *, deliver: bool = True) -> WebhookDelivery:
        """The host starts the meeting: a new instance (its own uuid; the first one has the meeting's)."""
        with self._lock:  # type: ignore[attr-defined]
            meeting = self._held(meeting_id)
            if meeting.id in self._live:
                raise ValueError(f"meeting {meeting.id} is already live")
            first = meeting.id not in self._latest_instance
            instance = _Instance(uuid=meeting.uuid if first else _meeting_uuid(), started_at=self._moment())
            self._live[meeting.id] = self._latest_instance[meeting.id] = instance
            body = self._event("meeting.started", {
                "account_id": self.account_id,  # type: ignore[attr-defined]
                "object": self._meeting_object(meeting, instance)})
        return self._deliver(body, deliver)

    def join(self, meeting_id: int, name: str, *, email: str = "", zoom_user_id: str = "",
             deliver: bool = True) -> Participant:
        """Someone joins the live meeting; their Participant (its `user_id` is what `leave` takes)."""
        with self._lock:  # type: ignore[attr-defined]
            meeting, instance = self._live_instance(meeting_id)
            person = Participant(user_id=str(next(self._participant_numbers)), user_name=name,
                                 participant_uuid=str(uuid.uuid4()).upper(), email=email,
                                 zoom_user_id=zoom_user_id, join_time=_zoom_time(self._moment()))
            instance.participants[person.user_id] = person
            body = self._event("meeting.participant_joined", {
                "account_id": self.account_id,  # type: ignore[attr-defined]
                "object": {**self._meeting_object(meeting, instance), "participant": {
                    "user_id": person.user_id, "user_name": name, "id": zoom_user_id,
                    "participant_uuid": person.participant_uuid, "join_time": person.join_time, "email": email,
                    "participant_user_id": zoom_user_id}}})
        self._deliver(body, deliver)
        return person

    def leave(self, meeting_id: int, who: str, *, reason: str = "", deliver: bool = True) -> WebhookDelivery:
        """Someone leaves: `who` is their user_id, or their name."""
        with self._lock:  # type: ignore[attr-defined]
            meeting, instance = self._live_instance(meeting_id)
            body = self._left(meeting, instance, self._participant(instance, who), reason)
        return self._deliver(body, deliver)

    def end_meeting(self, meeting_id: int, *, deliver: bool = True) -> list[WebhookDelivery]:
        """The host ends the meeting for all: everyone still in leaves, then meeting.ended."""
        with self._lock:  # type: ignore[attr-defined]
            meeting, instance = self._live_instance(meeting_id)
            bodies = [self._left(meeting, instance, person, "Host ended the meeting.")
                      for person in list(instance.participants.values())]
            instance.ended_at = self._moment()
            del self._live[meeting.id]
            bodies.append(self._event("meeting.ended", {
                "account_id": self.account_id,  # type: ignore[attr-defined]
                "object": {**self._meeting_object(meeting, instance), "end_time": _zoom_time(instance.ended_at)}}))
        return [self._deliver(body, deliver) for body in bodies]

    def delete_at_zoom(self, meeting_id: int, *, occurrence_ids: tuple[str, ...] = (),
                       deliver: bool = True) -> WebhookDelivery:
        """The host deletes the meeting on Zoom's web portal (or only these occurrences of a recurring one)."""
        with self._lock:  # type: ignore[attr-defined]
            meeting = self._held(meeting_id)
            removed = [start for start in meeting.occurrences if _occurrence_id(start) in occurrence_ids]
            if len(removed) != len(set(occurrence_ids)):
                raise ValueError(f"meeting {meeting.id} has no such occurrences: {occurrence_ids}")
            if occurrence_ids:
                meeting.occurrences = [start for start in meeting.occurrences if start not in removed]
            else:
                meeting.deleted = True
            thing: dict[str, Any] = {
                "uuid": meeting.uuid, "id": meeting.id, "host_id": meeting.host_id, "topic": meeting.topic,
                "type": meeting.type, "start_time": meeting.start_time, "duration": meeting.duration,
                "timezone": meeting.timezone}
            if removed:
                thing["occurrences"] = [{"occurrence_id": _occurrence_id(start), "start_time": _zoom_time(start)}
                                        for start in removed]
            body = self._event("meeting.deleted", {
                **self._operator(meeting), "operation": "single" if occurrence_ids else "all", "object": thing})
        return self._deliver(body, deliver)

    def reschedule_at_zoom(self, meeting_id: int, start: datetime, *, duration: int | None = None,
                           occurrence_id: str = "", deliver: bool = True) -> WebhookDelivery:
        """The host moves the meeting on Zoom's web portal (or one occurrence of a recurring one): Zoom
        sends the fields that changed in `object` and their old values in `old_object`."""
        start = start.astimezone(UTC).replace(microsecond=0)
        with self._lock:  # type: ignore[attr-defined]
            meeting = self._held(meeting_id)
            new: dict[str, Any] = {"id": meeting.id, "uuid": meeting.uuid, "start_time": _zoom_time(start),
                                   "timezone": meeting.timezone}
            old: dict[str, Any] = {"id": meeting.id, "uuid": meeting.uuid, "start_time": meeting.start_time,
                                   "timezone": meeting.timezone}
            if occurrence_id:
                index = [_occurrence_id(s) for s in meeting.occurrences].index(occurrence_id)
                old["occurrences"] = [{"occurrence_id": occurrence_id,
                                       "start_time": _zoom_time(meeting.occurrences[index])}]
                meeting.occurrences[index] = start
                new["occurrences"] = [{"occurrence_id": occurrence_id, "start_time": _zoom_time(start)}]
            else:
                meeting.start_utc, meeting.start_time = start, _zoom_time(start)
            if duration is not None:
                old["duration"], new["duration"] = meeting.duration, duration
                if not occurrence_id:
                    meeting.duration = duration
            body = self._event("meeting.updated", {
                **self._operator(meeting), "scope": "single" if occurrence_id else "all", "object": new,
                "old_object": old, "time_stamp": int(self.now() * 1000)})  # type: ignore[attr-defined]
        return self._deliver(body, deliver)

    def complete_recording(self, meeting_id: int, *, password: str = "", duration: int | None = None,
                           deliver: bool = True) -> RecordingRecord:
        """The cloud recording of the meeting's latest instance is ready (recording.completed)."""
        with self._lock:  # type: ignore[attr-defined]
            meeting = self._held(meeting_id, deleted_too=True)
            instance = self._latest_instance.get(meeting.id)
            if instance is None:
                raise ValueError(f"meeting {meeting.id} never started: nothing was recorded")
            ended = instance.ended_at or self._moment()
            minutes = duration if duration is not None else max(1, round((ended - instance.started_at) / timedelta(
                minutes=1)))
            token = secrets.token_urlsafe(24)
            files = [(kind, extension, f"{RECORDING_HOST}/rec/webhook_download/{secrets.token_urlsafe(18)}/"
                                       f"{extension.lower()}") for kind, extension in
                     (("shared_screen_with_speaker_view", "MP4"), ("audio_only", "M4A"))]
            record = RecordingRecord(
                meeting_id=meeting.id, uuid=instance.uuid, share_url=f"{RECORDING_HOST}/rec/share/{token}",
                password=password or secrets.token_urlsafe(6), play_passcode=secrets.token_urlsafe(24),
                download_token=secrets.token_urlsafe(48), download_urls=[url for _, _, url in files],
                duration=minutes)
            self._recordings.append(record)
            body = self._event("recording.completed", {
                "account_id": self.account_id,  # type: ignore[attr-defined]
                "object": {
                    "id": meeting.id, "uuid": instance.uuid, "host_id": meeting.host_id,
                    "account_id": self.account_id,  # type: ignore[attr-defined]
                    "topic": meeting.topic, "type": meeting.type, "start_time": _zoom_time(instance.started_at),
                    "password": record.password, "timezone": meeting.timezone, "host_email": meeting.host_email,
                    "duration": minutes, "share_url": record.share_url, "total_size": 3_328_371,
                    "recording_count": len(files), "on_prem": False, "recording_play_passcode": record.play_passcode,
                    "recording_files": [{
                        "id": str(uuid.uuid4()), "meeting_id": instance.uuid,
                        "recording_start": _zoom_time(instance.started_at), "recording_end": _zoom_time(ended),
                        "file_type": extension, "file_size": 1_664_185, "file_extension": extension,
                        "play_url": f"{RECORDING_HOST}/rec/play/{secrets.token_urlsafe(18)}", "download_url": url,
                        "status": "completed", "recording_type": kind} for kind, extension, url in files]}})
            body["download_token"] = record.download_token
        self._deliver(body, deliver)
        return record

    # -- inside (called with the lock held) ---------------------------------------------------------

    def _held(self, meeting_id: int, *, deleted_too: bool = False) -> Any:
        meeting = self._meetings.get(int(meeting_id))  # type: ignore[attr-defined]
        if meeting is None or (meeting.deleted and not deleted_too):
            raise KeyError(f"no meeting {meeting_id} at Zoom")
        return meeting

    def _live_instance(self, meeting_id: int) -> tuple[Any, _Instance]:
        meeting = self._held(meeting_id)
        instance = self._live.get(meeting.id)
        if instance is None:
            raise ValueError(f"meeting {meeting.id} is not live")
        return meeting, instance

    def _participant(self, instance: _Instance, who: str) -> Participant:
        person = instance.participants.get(who) or next(
            (p for p in instance.participants.values() if p.user_name == who), None)
        if person is None:
            raise KeyError(f"{who!r} is not in the meeting")
        return person

    def _left(self, meeting: Any, instance: _Instance, person: Participant, reason: str) -> dict[str, Any]:
        instance.participants.pop(person.user_id, None)
        return self._event("meeting.participant_left", {
            "account_id": self.account_id,  # type: ignore[attr-defined]
            "object": {**self._meeting_object(meeting, instance), "participant": {
                "user_id": person.user_id, "user_name": person.user_name, "id": person.zoom_user_id,
                "participant_uuid": person.participant_uuid, "leave_time": _zoom_time(self._moment()),
                "leave_reason": reason or f"{person.user_name} left the meeting.", "email": person.email,
                "participant_user_id": person.zoom_user_id}}})

    def _meeting_object(self, meeting: Any, instance: _Instance) -> dict[str, Any]:
        """What started, ended and the participant events say of the meeting: its id as a string."""
        return {"id": str(meeting.id), "uuid": instance.uuid, "host_id": meeting.host_id, "topic": meeting.topic,
                "type": meeting.type, "start_time": _zoom_time(instance.started_at), "timezone": meeting.timezone,
                "duration": meeting.duration}

    def _operator(self, meeting: Any) -> dict[str, Any]:
        return {"account_id": self.account_id, "operator": meeting.host_email,  # type: ignore[attr-defined]
                "operator_id": meeting.host_id}

    def _event(self, name: str, payload: dict[str, Any]) -> dict[str, Any]:
        event_ms = max(int(self.now() * 1000), self._last_event_ms + 1)  # type: ignore[attr-defined]
        self._last_event_ms = event_ms
        return {"event": name, "event_ts": event_ms, "payload": payload}

    def _moment(self) -> datetime:
        return datetime.fromtimestamp(int(self.now()), UTC)  # type: ignore[attr-defined]


def _zoom_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _occurrence_id(start: datetime) -> str:
    return str(int(start.timestamp() * 1000))  # as MeetingRecord.to_api numbers them


def _meeting_uuid() -> str:
    return base64.b64encode(uuid.uuid4().bytes).decode("ascii")
