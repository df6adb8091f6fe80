"""The end-to-end suites' reading moment (conftest.at_a_desk): the real one, except just after midnight."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.flows import meet
from handlers.language import MeetingDraft, MeetingQuestion, read_meeting_text
from tests.e2e.conftest import at_a_desk

NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize(("local", "read_as"), [
    (datetime(2026, 12, 8, 0, 30), datetime(2026, 12, 8, 10, 0)),
    (datetime(2026, 12, 8, 3, 59), datetime(2026, 12, 8, 10, 0)),
    (datetime(2026, 12, 8, 4, 0), datetime(2026, 12, 8, 4, 0)),
    (datetime(2026, 12, 8, 23, 59), datetime(2026, 12, 8, 23, 59)),
])
def test_words_are_read_at_the_real_moment_but_just_after_midnight(local, read_as):
    now = local.replace(tzinfo=NEW_YORK).astimezone(UTC)
    assert at_a_desk(now, "America/New_York") == read_as.replace(tzinfo=NEW_YORK).astimezone(UTC)
    assert at_a_desk(now, "Not/AZone") == now


def test_the_flows_read_with_it_so_tomorrow_is_a_meeting_at_any_hour():
    night = datetime(2026, 12, 8, 0, 30, tzinfo=NEW_YORK).astimezone(UTC)
    real = read_meeting_text("Sync tomorrow 3pm", now=night, tz="America/New_York", locale="en-US",
                             default_duration=60)
    assert isinstance(real, MeetingQuestion)  # the reader asks at night: the reason for the desk's moment
    read = meet.read_meeting_text("Sync tomorrow 3pm", now=night, tz="America/New_York", locale="en-US",
                                  default_duration=60)
    assert isinstance(read, MeetingDraft)
    assert read.start == datetime(2026, 12, 9, 15, 0, tzinfo=NEW_YORK)
