"""storage.meetings.MeetingLog as Zoom's webhooks use it, on SQLite and PostgreSQL: whether a meeting was
announced (a read), an end that says when its instance began, and who a move is shown as made by."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from storage import MeetingRecord, SlackUserKey, TokenCipher
from storage.meetings import CANCELLED, ENDED, LIVE, MeetingLog

OWNER = SlackUserKey("T0LOG", "U0HOST")
MEETING_ID = 93_000_000_001
START = datetime(2030, 5, 6, 14, 0, tzinfo=UTC)


@pytest.fixture
def log(db) -> MeetingLog:
    meetings = MeetingLog(db, TokenCipher.from_setting(TokenCipher.generate_key()))
    meetings.record(MeetingRecord(zoom_meeting_id=MEETING_ID, owner=OWNER, topic="Review", start_time=START,
                                  duration_minutes=30, timezone="UTC", channel_id="C0LOG", message_ts="1.000001"))
    return meetings


def test_is_announced(log):
    assert log.is_announced(MEETING_ID)
    assert not log.is_announced(MEETING_ID + 1)


def test_an_event_about_another_hosts_meeting_under_the_same_number_is_not_ours(db):
    meetings = MeetingLog(db, TokenCipher.from_setting(TokenCipher.generate_key()))
    meetings.record(MeetingRecord(zoom_meeting_id=MEETING_ID, owner=OWNER, topic="Review", start_time=START,
                                  duration_minutes=30, timezone="UTC", channel_id="C0LOG", message_ts="1.000001",
                                  host_zoom_user_id="zoom-host-1"))
    assert meetings.is_announced(MEETING_ID, host_zoom_user_id="zoom-host-1")
    assert meetings.is_announced(MEETING_ID)  # an event that names no host
    assert not meetings.is_announced(MEETING_ID, host_zoom_user_id="zoom-host-2")


def test_an_end_delivered_before_its_start_still_knows_how_long_it_lasted(log):
    began, ended = START, START + timedelta(minutes=32)
    assert log.set_status(MEETING_ID, ENDED, event_ms=2000, instance_uuid="i1", at=ended, started_at=began)
    assert log.set_status(MEETING_ID, LIVE, event_ms=1000, instance_uuid="i1", at=began) == []
    [announcement] = log.announcements(MEETING_ID)
    assert (announcement.status, announcement.started_at, announcement.ended_at) == (ENDED, began, ended)


def test_a_move_reported_by_zoom_names_nobody_but_keeps_who_cancelled(log):
    later = START + timedelta(days=1)
    [announcement_id] = log.set_schedule(MEETING_ID, start=later, timezone="", duration_minutes=None, event_ms=10,
                                         changed_by="U0MOVER")
    assert log.announcement(announcement_id).changed_by == "U0MOVER"
    log.set_schedule(MEETING_ID, start=later + timedelta(hours=1), timezone="", duration_minutes=None, event_ms=20)
    moved = log.announcement(announcement_id)
    assert (moved.changed_by, moved.moved, moved.meeting.start_time) == ("", True, later + timedelta(hours=1))

    log.set_status(MEETING_ID, CANCELLED, event_ms=30, changed_by="U0CANCELS")
    log.set_schedule(MEETING_ID, start=later + timedelta(hours=2), timezone="", duration_minutes=45, event_ms=25)
    cancelled = log.announcement(announcement_id)
    assert (cancelled.status, cancelled.changed_by) == (CANCELLED, "U0CANCELS")
    assert cancelled.meeting.duration_minutes == 45


def test_zoom_s_deletion_after_a_cancel_keeps_the_canceller_s_name(log):
    log.set_status(MEETING_ID, CANCELLED, event_ms=100, changed_by="U0CANCELS")
    assert log.set_status(MEETING_ID, CANCELLED, event_ms=150) != []  # Zoom's echo, a moment later
    [announcement] = log.announcements(MEETING_ID)
    assert announcement.changed_by == "U0CANCELS"
