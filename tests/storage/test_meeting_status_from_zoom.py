"""storage.meetings.MeetingLog as Zoom's webhooks use it, on SQLite and PostgreSQL: whether a meeting was
announced (a read), an end that says when its instance began, and who a move is shown as made by."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from storage import MeetingRecord, SlackUserKey, TokenCipher
from storage.meetings import CANCELLED, ENDED, LIVE, SCHEDULED, MeetingLog

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


# -- a move and the meeting's state: status and schedule are stamped apart; where they meet ------------------

BEGAN = int(START.timestamp() * 1000)  # event stamps on the same clock as the instance's start
MINUTE = 60_000
LATER = START + timedelta(days=2)


def _started(log: MeetingLog, minute: int = 0) -> None:
    log.set_status(MEETING_ID, LIVE, event_ms=BEGAN + minute * MINUTE, instance_uuid="i1",
                   at=START + timedelta(minutes=minute))


def _ended(log: MeetingLog, minute: int = 10, *, began_known: bool = True) -> None:
    log.set_status(MEETING_ID, ENDED, event_ms=BEGAN + minute * MINUTE, instance_uuid="i1",
                   at=START + timedelta(minutes=minute), started_at=START if began_known else None)


def _moved(log: MeetingLog, minute: int, by: str = "U0MOVER") -> None:
    log.set_schedule(MEETING_ID, start=LATER, timezone="Europe/Paris", duration_minutes=45,
                     event_ms=BEGAN + minute * MINUTE, changed_by=by)


def _shown(log: MeetingLog) -> tuple[str, bool, str, datetime | None]:
    [announcement] = log.announcements(MEETING_ID)
    return announcement.status, announcement.moved, announcement.changed_by, announcement.meeting.start_time


@pytest.mark.parametrize("order", list(itertools.permutations(("started", "ended", "moved"))), ids="-".join)
def test_a_meeting_moved_after_it_ended_is_scheduled_again_whatever_the_order(log, order):
    steps = {"started": lambda: _started(log), "ended": lambda: _ended(log), "moved": lambda: _moved(log, 20)}
    for step in order:
        steps[step]()
    assert _shown(log) == (SCHEDULED, True, "U0MOVER", LATER)

    _ended(log)  # Zoom's retry of the end: older than the move, it changes nothing
    _started(log)
    assert _shown(log) == (SCHEDULED, True, "U0MOVER", LATER)


@pytest.mark.parametrize("order", list(itertools.permutations(("started", "ended", "moved"))), ids="-".join)
def test_a_meeting_moved_before_it_ran_shows_that_it_ended(log, order):
    steps = {"started": lambda: _started(log), "ended": lambda: _ended(log), "moved": lambda: _moved(log, -60)}
    for step in order:
        steps[step]()
    status, moved, _, start = _shown(log)
    assert (status, moved, start) == (ENDED, True, LATER)


def test_a_live_meeting_moved_stays_live_until_it_ends_then_is_scheduled_at_its_new_time(log):
    _started(log)
    log.set_participant(MEETING_ID, instance_uuid="i1", participant="p1", present=True, event_ms=BEGAN + MINUTE)
    _moved(log, 5)
    [live] = log.announcements(MEETING_ID)
    assert (live.status, live.participants, live.meeting.start_time) == (LIVE, 1, LATER)

    _ended(log, 30)
    assert _shown(log) == (SCHEDULED, True, "U0MOVER", LATER)


def test_the_next_instance_started_and_ended_after_a_move_shows_that_it_ended(log):
    _moved(log, -60)
    _started(log)
    _ended(log)
    _moved(log, 20)  # moved again: scheduled
    assert _shown(log)[0] == SCHEDULED
    log.set_status(MEETING_ID, LIVE, event_ms=BEGAN + 30 * MINUTE, instance_uuid="i2",
                   at=START + timedelta(minutes=30))
    assert _shown(log)[0] == LIVE
    log.set_status(MEETING_ID, ENDED, event_ms=BEGAN + 40 * MINUTE, instance_uuid="i2",
                   at=START + timedelta(minutes=40), started_at=START + timedelta(minutes=30))
    assert _shown(log)[0] == ENDED  # the move (minute 20) came before this instance began


def test_an_end_that_does_not_say_when_it_began_is_weighed_by_the_end_itself(log):
    _ended(log, 10, began_known=False)
    _moved(log, 5)  # before the end: the end stands
    assert _shown(log)[0] == ENDED
    _moved(log, 15)
    assert _shown(log)[0] == SCHEDULED


@pytest.mark.parametrize("cancel_first", [True, False])
def test_a_cancelled_meeting_stays_cancelled_and_keeps_its_canceller_whatever_move_comes(log, cancel_first):
    if cancel_first:
        log.set_status(MEETING_ID, CANCELLED, event_ms=BEGAN + 15 * MINUTE, changed_by="U0CANCELS")
        _moved(log, 20)
    else:
        _moved(log, 20)
        log.set_status(MEETING_ID, CANCELLED, event_ms=BEGAN + 15 * MINUTE, changed_by="U0CANCELS")
    assert _shown(log) == (CANCELLED, True, "U0CANCELS", LATER)

    _started(log)  # the instance before the cancel, delivered late
    _ended(log)
    assert _shown(log)[0] == CANCELLED


def test_zoom_s_deletion_after_a_move_names_nobody(log):
    _moved(log, 20)
    log.set_status(MEETING_ID, CANCELLED, event_ms=BEGAN + 30 * MINUTE)  # deleted at Zoom, by whoever
    assert _shown(log) == (CANCELLED, True, "", LATER)
