"""zoom.events.read_meeting_event: Zoom's meeting webhooks as typed values, from Zoom's own published examples
(handlers/demo/specs) and what Zoom varies in them."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from typing import Any

import pytest

from handlers.demo import specs
from zoom import events
from zoom.events import read_meeting_event


def example(name: str) -> dict[str, Any]:
    content = specs.load("zoom_meetings_webhooks.json")["webhooks"][name]["post"]["requestBody"]["content"]
    return json.loads(content["application/json"]["examples"]["json-example"]["value"])


@pytest.mark.parametrize("name", sorted(events.MEETING_EVENTS))
def test_zoom_s_examples_read_with_their_id_as_a_string_or_a_number(name):
    body = example(name)
    body["payload"]["object"].setdefault("id", "1234567890")  # participant_joined's example has none
    if name == events.RECORDING_COMPLETED:
        body["payload"]["object"]["share_url"] = "https://zoom.example/rec/share/x"
    read = read_meeting_event(body)
    assert read is not None
    assert (read.name, read.meeting_id, read.event_ms) == (name, 1234567890, body["event_ts"])


def test_an_end_says_when_its_instance_began():
    read = read_meeting_event(example(events.ENDED))
    assert read is not None
    assert read.start_time == datetime(2021, 7, 13, 21, 44, 51, tzinfo=UTC)
    assert read.end_time == datetime(2021, 7, 13, 23, 0, 51, tzinfo=UTC)


def test_the_scope_of_an_update_or_a_deletion():
    updated = example(events.UPDATED)
    updated["payload"]["scope"] = "single"
    deleted = example(events.DELETED)
    read_updated, read_deleted = read_meeting_event(updated), read_meeting_event(deleted)
    assert read_updated is not None
    assert read_deleted is not None
    assert read_updated.scope == "single"
    assert (read_deleted.scope, read_deleted.occurrence_ids) == ("single", ("ABCDE12345",))
    started = read_meeting_event(example(events.STARTED))
    assert started is not None
    assert started.scope == ""


def test_a_recording_s_passcode_is_the_one_people_type_and_never_shown_in_a_repr():
    body = example(events.RECORDING_COMPLETED)
    body["payload"]["object"]["share_url"] = "https://zoom.example/rec/share/x"
    read = read_meeting_event(body)
    assert read is not None
    assert read.recording is not None
    assert read.recording.passcode == "132456"
    del body["payload"]["object"]["password"]
    fallback = read_meeting_event(body)
    assert fallback is not None
    assert fallback.recording is not None
    # recording_play_passcode is a token for the share link's URL, not a passcode anyone types: not sent as one.
    assert fallback.recording.passcode == ""
    assert "132456" not in repr(read)
    assert "download" not in repr(read)


@pytest.mark.parametrize(("share_url", "kept"), [
    ("https://zoom.example/rec/share/" + "a" * 1900, True),
    ("https://zoom.example/rec/share/" + "a" * 2000, False),  # longer than any link Zoom makes: never cut
    ("http://zoom.example/rec/share/x", False),
    (None, False),
])
def test_a_share_link_is_whole_and_https_or_nothing(share_url, kept):
    body = example(events.RECORDING_COMPLETED)
    body["payload"]["object"]["share_url"] = share_url
    read = read_meeting_event(body)
    assert read is not None
    assert (read.recording is not None) is kept
    if kept:
        assert read.recording is not None
        assert read.recording.share_url == share_url


@pytest.mark.parametrize("change", ["no event_ts", "id zero", "id too big", "id not digits", "payload a list"])
def test_what_zoom_does_not_send_reads_as_none(change):
    body = copy.deepcopy(example(events.STARTED))
    if change == "no event_ts":
        del body["event_ts"]
    elif change == "id zero":
        body["payload"]["object"]["id"] = "0"
    elif change == "id too big":
        body["payload"]["object"]["id"] = str(2**63)
    elif change == "id not digits":
        body["payload"]["object"]["id"] = "12 34"
    else:
        body["payload"] = [body["payload"]]
    assert read_meeting_event(body) is None


@pytest.mark.parametrize("name", [["meeting.started"], {"a": 1}, None, 5])
def test_an_event_name_that_is_not_a_string_reads_as_none(name):
    assert read_meeting_event({**example(events.STARTED), "event": name}) is None


def test_an_event_stamped_far_ahead_of_our_clock_is_refused():
    # However it is signed, an event from the far future would outdate every later event of its meeting.
    body = example(events.STARTED)
    now = 1_800_000_000.0
    body["event_ts"] = int(now * 1000) + 30_000
    assert read_meeting_event(body, now=now) is not None
    body["event_ts"] = int((now + 2 * 3600) * 1000)
    assert read_meeting_event(body, now=now) is None
    body["event_ts"] = 2**63 - 1
    assert read_meeting_event(body, now=now) is None
