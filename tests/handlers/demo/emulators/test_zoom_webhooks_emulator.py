"""The Zoom emulator's event subscription: every body it sends is one Zoom's spec describes, signed as Zoom
signs it, with the meeting id typed per event, strictly increasing event_ts, and instance uuids as Zoom
gives them. A receiver here plays the bot, checking the signature with the bot's own verifier."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import requests
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from handlers.demo.emulators import ZoomEmulator
from handlers.demo.emulators._zoom_schema import webhook_event_error
from zoom.events import read_meeting_event
from zoom.webhooks import WebhookVerifier

SECRET = "emulator-webhook-secret"
EMAIL = "host@example.com"


class Receiver:
    """A stand-in for the bot's /zoom/webhooks: what arrived, and whether each request's signature held."""

    def __init__(self) -> None:
        self.requests: list[tuple[dict[str, Any], bool, dict[str, str]]] = []
        self._server = make_server("127.0.0.1", 0, self._app, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.01},
                                        daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}/zoom/webhooks"

    def _app(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        raw = request.get_data()
        valid = WebhookVerifier(SECRET).is_valid(signature=request.headers.get("x-zm-signature", ""),
                                                 timestamp=request.headers.get("x-zm-request-timestamp", ""),
                                                 body=raw)
        self.requests.append((json.loads(raw), valid, dict(request.headers)))
        return Response(json.dumps({"status": "ok" if valid else "bad"}), status=200 if valid else 401,
                        mimetype="application/json")(environ, start_response)

    def bodies(self) -> list[dict[str, Any]]:
        return [body for body, _, _ in self.requests]

    def close(self) -> None:
        self._server.shutdown()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    listening = Receiver()
    yield listening
    listening.close()


@pytest.fixture
def zoom(receiver) -> Iterator[ZoomEmulator]:
    with ZoomEmulator() as emulator:
        emulator.add_user(EMAIL, first_name="Hope", timezone="Europe/Paris")
        emulator.subscribe(receiver.url, SECRET)
        yield emulator
        assert emulator.internal_errors == []


def _create(zoom: ZoomEmulator, **overrides: Any) -> int:
    token = zoom.issue_tokens_for(EMAIL)["access_token"]
    body = {"topic": "Standup", "type": 2, "start_time": "2030-01-15T09:30:00Z", "duration": 30,
            "timezone": "Europe/Paris", **overrides}
    response = requests.post(f"{zoom.api_url}/users/me/meetings", json=body, timeout=5,
                             headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _whole_life(zoom: ZoomEmulator, meeting_id: int) -> None:
    zoom.start_meeting(meeting_id)
    ada = zoom.join(meeting_id, "Ada", email="ada@example.com")
    zoom.join(meeting_id, "Bo")
    zoom.leave(meeting_id, ada.user_id)
    zoom.advance_time(32 * 60)
    zoom.end_meeting(meeting_id)
    zoom.complete_recording(meeting_id)
    zoom.reschedule_at_zoom(meeting_id, datetime(2030, 1, 16, 10, tzinfo=UTC), duration=45)
    zoom.delete_at_zoom(meeting_id)


def test_every_event_of_a_meeting_s_life_is_signed_valid_and_typed_as_the_spec_says(zoom, receiver):
    meeting_id = _create(zoom)
    _whole_life(zoom, meeting_id)

    names = [body["event"] for body in receiver.bodies()]
    assert names == ["meeting.started", "meeting.participant_joined", "meeting.participant_joined",
                     "meeting.participant_left", "meeting.participant_left", "meeting.ended",
                     "recording.completed", "meeting.updated", "meeting.deleted"]
    assert all(valid for _, valid, _ in receiver.requests)
    stamps = [body["event_ts"] for body in receiver.bodies()]
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == len(stamps)
    for body in receiver.bodies():
        assert webhook_event_error(body) is None, body["event"]
        sent_id = body["payload"]["object"]["id"]
        if body["event"] in ("meeting.deleted", "meeting.updated", "recording.completed"):
            assert sent_id == meeting_id  # "type": "integer" in these events' schemas
        else:
            assert sent_id == str(meeting_id)  # "type": "string" in these
        read = read_meeting_event(body)
        assert read is not None
        assert read.meeting_id == meeting_id
        assert read.event_ms == body["event_ts"]
    assert [d.status for d in zoom.deliveries] == [200] * len(names)


def test_the_signature_is_zoom_s_and_a_wrong_secret_is_refused(zoom, receiver):
    meeting_id = _create(zoom)
    zoom.start_meeting(meeting_id)
    body, valid, headers = receiver.requests[-1]
    assert valid
    assert headers["X-Zm-Signature"].startswith("v0=")
    assert len(headers["X-Zm-Signature"]) == 67
    assert headers["X-Zm-Request-Timestamp"].isdigit()

    forged = zoom.send_event(body, secret="not-the-secret")
    assert (forged.status, receiver.requests[-1][1]) == (401, False)
    stale = zoom.send_event(body, timestamp=int(datetime.now(UTC).timestamp()) - 600)
    assert stale.status == 401


def test_the_spec_check_refuses_what_zoom_would_not_send(zoom):
    meeting_id = _create(zoom)
    started = zoom.start_meeting(meeting_id, deliver=False).body
    as_number = json.loads(json.dumps(started))
    as_number["payload"]["object"]["id"] = meeting_id  # a number where meeting.started has a string
    no_stamp = {key: value for key, value in started.items() if key != "event_ts"}
    extra = json.loads(json.dumps(started))
    extra["payload"]["object"]["join_url"] = "https://x"  # additionalProperties: false
    for bad in (as_number, no_stamp, extra, {**started, "event": "meeting.nonsense"}):
        assert webhook_event_error(bad) is not None
        with pytest.raises(ValueError, match="Zoom sends"):
            zoom.send_event(bad)
    assert webhook_event_error(started) is None


def test_deliver_false_builds_the_event_and_sends_it_when_asked(zoom, receiver):
    meeting_id = _create(zoom)
    held = zoom.start_meeting(meeting_id, deliver=False)
    assert receiver.requests == []
    assert held.sent is False
    assert zoom.participants(meeting_id) == []
    again = [zoom.send_event(held.body), zoom.send_event(held.body)]  # Zoom's retry: the same body
    assert [d.status for d in again] == [200, 200]
    assert receiver.bodies() == [held.body, held.body]


def test_instances_have_their_own_uuids_and_the_end_lets_everyone_out(zoom, receiver):
    meeting_id = _create(zoom, type=8, recurrence={"type": 1, "repeat_interval": 1, "end_times": 3})
    zoom.start_meeting(meeting_id)
    zoom.join(meeting_id, "Ada")
    zoom.join(meeting_id, "Bo")
    assert [p.user_name for p in zoom.participants(meeting_id)] == ["Ada", "Bo"]
    ended = zoom.end_meeting(meeting_id)
    assert [d.event for d in ended] == ["meeting.participant_left"] * 2 + ["meeting.ended"]
    assert [d.body["payload"]["object"]["participant"]["leave_reason"] for d in ended[:2]] == [
        "Host ended the meeting."] * 2
    zoom.start_meeting(meeting_id)
    first, second = (body["payload"]["object"]["uuid"] for body in receiver.bodies()
                     if body["event"] == "meeting.started")
    assert first == zoom.meeting(meeting_id).uuid
    assert second != first
    with pytest.raises(ValueError, match="already live"):
        zoom.start_meeting(meeting_id)


def test_a_recording_carries_what_must_stay_private(zoom, receiver):
    meeting_id = _create(zoom)
    zoom.start_meeting(meeting_id)
    zoom.advance_time(25 * 60)
    zoom.end_meeting(meeting_id)
    record = zoom.complete_recording(meeting_id, password="Rec0rd!")
    body = receiver.bodies()[-1]
    thing = body["payload"]["object"]
    assert body["download_token"] == record.download_token
    assert [f["download_url"] for f in thing["recording_files"]] == record.download_urls
    assert (thing["password"], thing["recording_play_passcode"]) == ("Rec0rd!", record.play_passcode)
    assert thing["share_url"] == record.share_url
    assert thing["duration"] == record.duration == 25
    read = read_meeting_event(body)
    assert read is not None
    assert read.recording is not None
    assert (read.recording.share_url, read.recording.passcode, read.recording.duration_minutes) == (
        record.share_url, "Rec0rd!", 25)
    assert record.download_token not in repr(read)
    assert "Rec0rd!" not in repr(read)


def test_occurrences_deleted_or_moved_alone(zoom, receiver):
    meeting_id = _create(zoom, type=8, recurrence={"type": 1, "repeat_interval": 1, "end_times": 3})
    occurrences = [o["occurrence_id"] for o in zoom.meeting(meeting_id).to_api()["occurrences"]]
    moved_to = datetime(2030, 1, 16, 11, tzinfo=UTC)
    zoom.reschedule_at_zoom(meeting_id, moved_to, occurrence_id=occurrences[1])
    zoom.delete_at_zoom(meeting_id, occurrence_ids=(occurrences[2],))
    updated, deleted = receiver.bodies()
    assert updated["payload"]["scope"] == "single"
    assert updated["payload"]["object"]["occurrences"] == [{"occurrence_id": occurrences[1],
                                                             "start_time": "2030-01-16T11:00:00Z"}]
    assert deleted["payload"]["operation"] == "single"
    assert [o["occurrence_id"] for o in deleted["payload"]["object"]["occurrences"]] == [occurrences[2]]
    assert not zoom.meeting(meeting_id).deleted
    assert zoom.meeting(meeting_id).start_utc == datetime(2030, 1, 15, 9, 30, tzinfo=UTC)
    read = read_meeting_event(deleted)
    assert read is not None
    assert read.occurrence_ids == (occurrences[2],)
    with pytest.raises(ValueError, match="no such occurrences"):
        zoom.delete_at_zoom(meeting_id, occurrence_ids=("123",))
    assert zoom.meeting(meeting_id).occurrences[1] == moved_to
    assert len(zoom.meeting(meeting_id).occurrences) == 2
