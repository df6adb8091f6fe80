"""Every body the bot sends to POST /users/{userId}/meetings validates against Zoom's own schema."""

from datetime import datetime
from zoneinfo import ZoneInfo

import jsonschema
import pytest

from handlers.demo.emulators._zoom_schema import create_meeting_error
from handlers.demo.specs import create_meeting_schema
from zoom import MeetingRequest, MeetingSettings, Recurrence

VALIDATOR = jsonschema.Draft7Validator(create_meeting_schema())
NEW_YORK = ZoneInfo("America/New_York")

SETTINGS = [
    MeetingSettings(),
    MeetingSettings(waiting_room=False, join_before_host=True, auto_recording="cloud", require_passcode=False),
    MeetingSettings(mute_upon_entry=False, auto_recording="local", require_passcode=True),
]


@pytest.mark.parametrize("settings", SETTINGS)
@pytest.mark.parametrize("start", [None, datetime(2027, 3, 14, 10, 0, tzinfo=NEW_YORK)])
def test_meeting_bodies_validate(settings, start):
    body = MeetingRequest(topic="Design review", start=start, duration_minutes=45, timezone="America/New_York",
                          settings=settings).to_zoom()
    VALIDATOR.validate(body)


def test_scheduled_body_pins_the_utc_instant_and_the_seeds():
    body = MeetingRequest(topic="Sync", start=datetime(2027, 3, 14, 10, 0, tzinfo=NEW_YORK), duration_minutes=60,
                          timezone="America/New_York").to_zoom()
    assert body["type"] == 2
    assert body["start_time"] == "2027-03-14T14:00:00Z"  # EDT began that morning: UTC-4
    assert body["settings"] == {"host_video": True, "participant_video": True, "join_before_host": False,
                                "mute_upon_entry": True, "waiting_room": True, "auto_recording": "none"}


@pytest.mark.parametrize(("zone", "local", "utc"), [
    ("America/New_York", datetime(2027, 3, 13, 10, 0), "2027-03-13T15:00:00Z"),  # EST, the day before
    ("America/New_York", datetime(2027, 3, 14, 10, 0), "2027-03-14T14:00:00Z"),  # EDT, the day of
    ("Europe/Berlin", datetime(2027, 3, 27, 10, 0), "2027-03-27T09:00:00Z"),  # CET
    ("Europe/Berlin", datetime(2027, 3, 28, 10, 0), "2027-03-28T08:00:00Z"),  # CEST
    ("Europe/Berlin", datetime(2027, 10, 31, 10, 0), "2027-10-31T09:00:00Z"),  # back to CET
    ("Asia/Kolkata", datetime(2027, 3, 14, 10, 0), "2027-03-14T04:30:00Z"),  # no DST, half-hour offset
])
def test_wall_clock_times_reach_zoom_as_the_right_instant_on_both_sides_of_dst(zone, local, utc):
    body = MeetingRequest(topic="x", start=local.replace(tzinfo=ZoneInfo(zone)), duration_minutes=30,
                          timezone=zone).to_zoom()
    assert body["start_time"] == utc
    assert body["timezone"] == zone


def test_the_validator_catches_a_bad_body():
    assert list(VALIDATOR.iter_errors({"topic": "x" * 201, "type": 2}))
    assert list(VALIDATOR.iter_errors({"topic": "x", "type": 99}))
    assert list(VALIDATOR.iter_errors({"topic": "x", "duration": 1441}))


def test_naive_start_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        MeetingRequest(topic="x", start=datetime(2027, 1, 1, 10), duration_minutes=30, timezone="UTC").to_zoom()


RECURRENCES = [
    Recurrence(type=Recurrence.WEEKLY, end_times=10, weekly_days=(2, 3, 4, 5, 6)),
    Recurrence(type=Recurrence.WEEKLY, end_times=6, repeat_interval=2, weekly_days=(6,)),
    Recurrence(type=Recurrence.DAILY, end_times=60, repeat_interval=99),
    Recurrence(type=Recurrence.MONTHLY, end_times=12, monthly_day=15),
    Recurrence(type=Recurrence.MONTHLY, end_times=4, repeat_interval=3, monthly_week=-1, monthly_week_day=6),
]


@pytest.mark.parametrize("recurrence", RECURRENCES)
def test_recurring_bodies_validate(recurrence):
    body = MeetingRequest(topic="Standup", start=datetime(2027, 3, 15, 9, 30, tzinfo=NEW_YORK), duration_minutes=15,
                          timezone="America/New_York", recurrence=recurrence).to_zoom()
    assert body["type"] == 8
    assert body["start_time"] == "2027-03-15T13:30:00Z"
    # Zoom's published schema lists weekly_days as single digits although it (and Zoom) take "2,3,4,5,6":
    # the emulator's validator reads that one field as its description says (handlers/demo/emulators/_zoom_schema.py).
    assert create_meeting_error(body) is None
    assert body["recurrence"]["type"] == recurrence.type
