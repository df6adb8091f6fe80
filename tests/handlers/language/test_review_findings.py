"""What an adversarial review of the reader found, each kept from coming back. "Now" is Tuesday 2026-11-24
14:30 in New York: Wed 25 Nov is tomorrow, Fri 27 Nov the coming Friday, Mon 30 Nov the coming Monday."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.language import MeetingDraft, MeetingQuestion, Refusal, read_meeting_text

NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 24, 14, 30, tzinfo=NY)


def read(text: str, now: datetime = NOW):
    return read_meeting_text(text, now=now, tz="America/New_York", locale="en-US")


def wall(start: datetime | None) -> str | None:
    return None if start is None else start.astimezone(NY).strftime("%Y-%m-%d %H:%M")


@pytest.mark.parametrize(("text", "topic", "start", "minutes"), [
    ("Sync Monday 10-11:30", "Sync", "2026-11-30 10:00", 90),  # Duckling alone: 11 October
    ("Sync tomorrow 11pm-1am", "Sync", "2026-11-25 23:00", 120),
    ("Sync tomorrow 11-1pm", "Sync", "2026-11-25 11:00", 120),
    ("Sync 8pm - 11", "Sync", "2026-11-24 20:00", 180),
    ("Team 3 Friday 3pm", "Team 3", "2026-11-27 15:00", 60),
    ("Sync 3 tomorrow 3pm", "Sync 3", "2026-11-25 15:00", 60),
    ("Retro Q3 tomorrow 3pm", "Retro Q3", "2026-11-25 15:00", 60),
    ("Sync about <https://example.com/a?b=3pm|link> tomorrow 10am", "Sync about <https://example.com/a?b=3pm|link>",
     "2026-11-25 10:00", 60),
    ("Sync bob@10am.com Friday 3pm", "Sync bob@10am.com", "2026-11-27 15:00", 60),
    ("Sync *tomorrow* 3pm", "Sync", "2026-11-25 15:00", 60),
    ("Lunch for 10 tomorrow noon", "Lunch for 10", "2026-11-25 12:00", 60),
    ("Game night Friday 8pm", "Game night", "2026-11-27 20:00", 60),
    # The length, then who comes along: `3pm for 30m` is the start and the length, not a stretch of time.
    ("Sync tomorrow 3pm for 30m with bob", "Sync with bob", "2026-11-25 15:00", 30),
    ("Sync tomorrow at 7pm for 30m with bob and alice", "Sync with bob and alice", "2026-11-25 19:00", 30),
    ("Sync tomorrow 3pm for 45 minutes with <@U0CARL>", "Sync with <@U0CARL>", "2026-11-25 15:00", 45),
])
def test_read_as_written(text: str, topic: str, start: str, minutes: int) -> None:
    reading = read(text)
    assert isinstance(reading, MeetingDraft), reading
    assert (reading.topic, wall(reading.start), reading.duration_minutes) == (topic, start, minutes)


@pytest.mark.parametrize(("text", "choice"), [
    ("Meet April tomorrow 3pm", ("Meet April", "2026-11-25 15:00")),  # not 1 April
    ("Prep for Monday tomorrow 3pm", ("Prep for Monday", "2026-11-25 15:00")),
    ("Sync tomorrow 3pm Friday 4pm", None),  # two times
    ("Sync 3pm 4pm", None),
    ("Sync Christmas Eve at 6pm", None),  # a holiday is not guessed
    ("Sync no later than 5pm", None),
    ("Sync after lunch", None),
    ("Sync soon", None),
    ("Team dinner Friday 7", ("Team dinner", "2026-11-27 19:00")),
    ("Workshop tomorrow 3pm 45 min", ("Workshop", "2026-11-25 15:00")),
])
def test_asked_about(text: str, choice: tuple[str, str] | None) -> None:
    reading = read(text)
    assert isinstance(reading, MeetingQuestion), reading
    if choice is not None:
        assert choice in [(c.topic, wall(c.start)) for c in reading.choices]
    if text.startswith("Workshop"):
        assert {c.duration_minutes for c in reading.choices} == {45}


@pytest.mark.parametrize("text", [
    "Standup every Monday 9am UTC+10",  # a repeat needs a zone that keeps its hour
    "Sync every 100 days 10am",  # Zoom: at most every 99 days
    "Sync every fifth Monday 10am",
    "Sync fifth friday of december at 3pm",
    "Sync 5 minutes ago",
    "Sync in -5 minutes",
    "Sync 19:00 am",
    "Sync 3pm GMT+99",
    "Sync every 9999999999999999 days 10am",  # once an OverflowError
])
def test_refused(text: str) -> None:
    assert isinstance(read(text), Refusal)


@pytest.mark.parametrize("now", [datetime(9999, 12, 31, 23, tzinfo=UTC), datetime(1, 1, 1, tzinfo=UTC)])
def test_dates_at_the_edge_of_the_calendar_are_refused_not_raised(now: datetime) -> None:
    assert isinstance(read("Sync tomorrow 3pm", now), Refusal)


def test_a_run_of_clock_times_is_asked_about_before_duckling_sees_it() -> None:
    # Duckling took 5 s on this; the reader now asks before handing it over (bench/parse_speed.py times it).
    reading = read("Sync " + "3pm " * 14)
    assert isinstance(reading, MeetingQuestion)
    assert "several times" in reading.message


def test_for_six_weeks_bounds_a_repeating_meeting() -> None:
    reading = read("Sync every Friday 3pm for 6 weeks")
    assert isinstance(reading, MeetingDraft), reading
    assert reading.recurrence is not None
    assert reading.recurrence.end_times == 6
    assert reading.duration_minutes == 60


def test_company_with_a_number_is_not_taken_for_company_so_nothing_moves() -> None:
    # "with team 2" may hold a time: the length stays where it was, and the bot asks rather than guess.
    assert not isinstance(read("Sync tomorrow 3pm for 30m with team 2"), MeetingDraft)


@pytest.mark.parametrize(("typed", "topic"), [
    ("Review &lt;draft&gt; tomorrow 3pm", "Review <draft>"),  # Slack's escape ends in `;`: not a separator
    ("Q&amp;A; tomorrow 3pm", "Q&A"),
    ("Sync; tomorrow 3pm", "Sync"),
    ("Fix &lt;b&gt; bug tomorrow 3pm", "Fix <b> bug"),
])
def test_a_topic_ending_in_an_escaped_character_keeps_it(typed: str, topic: str) -> None:
    from handlers.language.slack_markup import for_reader, with_names

    reading = read(for_reader(typed))
    assert isinstance(reading, MeetingDraft)
    assert with_names(reading.topic, {}) == topic
