"""Table-driven tests of the command language's rules (docs/command-language.md), row by row.

Every expected value below was worked out by hand from the product spec and a calendar, not copied from
the implementation. Unless a row says otherwise, "now" is Sunday 2026-11-22 10:00 wall-clock time in the
row's zone. Handy facts: Mon 23 Nov, Fri 27 Nov, Sun 29 Nov 2026; Thu 3 Dec 2026; Fri 25 Dec 2026;
Tue 12 Jan 2027; Fri 12 Mar 2027. US DST starts Sun 14 Mar 2027 and ends Sun 7 Nov 2027; the EU's starts
Sun 28 Mar 2027.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.language import MeetingDraft, MeetingQuestion, Refusal, read_meeting_text

NY = "America/New_York"
BERLIN = "Europe/Berlin"
KOLKATA = "Asia/Kolkata"
ADELAIDE = "Australia/Adelaide"
KATHMANDU = "Asia/Kathmandu"

SUNDAY_10AM = "2026-11-22 10:00"
NY_DST_WEEK = "2027-03-10 10:00"  # Wednesday before US clocks go forward
EU_DST_WEEK = "2027-03-25 10:00"  # Thursday before EU clocks go forward
NY_FALL_WEEK = "2027-11-03 10:00"  # Wednesday before US clocks go back


def local(wall: str, tz: str) -> datetime:
    return datetime.strptime(wall, "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo(tz))


@dataclass(frozen=True)
class Row:
    text: str
    tz: str
    topic: str
    start: str | None  # wall clock in `tz`, "YYYY-MM-DD HH:MM"; None = instant meeting
    duration: int = 60
    locale: str | None = None
    now: str = SUNDAY_10AM  # wall clock in `tz`
    utc: str | None = None  # the same instant in UTC, "YYYY-MM-DD HH:MM", where the offset is the point
    notice: str | None = None  # a word one of the notices must contain


ROWS = [
    # --- the phrasings the spec names, America/New_York
    Row("Design review tomorrow 3pm", NY, "Design review", "2026-11-23 15:00"),
    Row("Sync tomorrow at 9:30am", NY, "Sync", "2026-11-23 09:30"),
    Row("Sync tomorrow 15:00", NY, "Sync", "2026-11-23 15:00"),
    Row("Sprint planning 2027-01-12 14:30", NY, "Sprint planning", "2027-01-12 14:30"),
    Row("Budget review Dec 3 10:00", NY, "Budget review", "2026-12-03 10:00"),
    Row("Budget review Nov 22 9am", NY, "Budget review", "2027-11-22 09:00", notice="2027"),
    Row("Retro 12/03 4pm", NY, "Retro", "2026-12-03 16:00", locale="en-US", notice="3 Dec"),
    Row("Retro 12/03 4pm", BERLIN, "Retro", "2027-03-12 16:00", locale="en-GB", notice="Fri 12 Mar 2027"),
    Row("Retro 12/03 16:00", BERLIN, "Retro", "2027-03-12 16:00", locale="de-DE", notice="12 Mar"),
    Row("Retro 12/03 4pm", KOLKATA, "Retro", "2027-03-12 16:00", locale="en-IN"),
    Row("Retro 12/03 4pm", NY, "Retro", "2026-12-03 16:00", locale="ja-JP"),
    Row("Sync 25/12 10am", NY, "Sync", "2026-12-25 10:00", locale="en-US", notice="25 Dec"),
    Row("Sync 03.12.2026 10:00", BERLIN, "Sync", "2026-12-03 10:00", locale="de-DE"),
    Row("Sync 12/03/2027 9am", NY, "Sync", "2027-12-03 09:00", locale="en-US"),
    Row("Quick sync in 2 hours", NY, "Quick sync", "2026-11-22 12:00"),
    Row("in 45 minutes", NY, "", "2026-11-22 10:45"),
    Row("noon", NY, "", "2026-11-22 12:00"),
    Row("midnight", NY, "", "2026-11-23 00:00"),
    Row("next Monday 10am", NY, "", "2026-11-23 10:00", notice="Mon 23 Nov"),
    Row("Friday 4pm", NY, "", "2026-11-27 16:00"),
    Row("Friday 4pm", NY, "", "2026-11-27 16:00", now="2026-11-27 10:00"),  # today is Friday, 4pm ahead
    Row("Friday 9am", NY, "", "2026-12-04 09:00", now="2026-11-27 10:00", notice="next week"),
    Row("Standup 9am", NY, "Standup", "2026-11-23 09:00", notice="tomorrow"),
    Row("Standup 11am", NY, "Standup", "2026-11-22 11:00"),
    Row("today 5pm", NY, "", "2026-11-22 17:00"),
    Row("tonight 8pm", NY, "", "2026-11-22 20:00"),
    Row("at 3pm", NY, "", "2026-11-22 15:00"),
    Row("3:30 pm", NY, "", "2026-11-22 15:30"),
    Row("on Dec 3 at 10am", NY, "", "2026-12-03 10:00"),
    Row("December 3rd 10am", NY, "", "2026-12-03 10:00"),
    Row("2027-01-12T14:30", NY, "", "2027-01-12 14:30"),
    # --- quotes keep a topic whole
    Row('"Q1 kickoff: 3 goals" tomorrow 9am', NY, "Q1 kickoff: 3 goals", "2026-11-23 09:00"),
    Row("“Q1 kickoff: 3 goals” tomorrow 9am", NY, "Q1 kickoff: 3 goals", "2026-11-23 09:00"),
    Row("‘Top 10 ideas’ Friday 4pm", NY, "Top 10 ideas", "2026-11-27 16:00"),
    Row("'Sync at 3pm tomorrow' in 2 hours", NY, "Sync at 3pm tomorrow", "2026-11-22 12:00"),
    Row('"Sync tomorrow 3pm"', NY, "Sync tomorrow 3pm", None),
    Row('Review "Top 10" tomorrow 3pm', NY, 'Review "Top 10"', "2026-11-23 15:00"),
    Row("Bob's 1:1 tomorrow 3pm", NY, "Bob's 1:1", "2026-11-23 15:00"),
    # --- numbers and date-ish words that belong to the topic
    Row("Top 10 ideas tomorrow 3pm", NY, "Top 10 ideas", "2026-11-23 15:00"),
    Row("Q3 planning", NY, "Q3 planning", None),
    Row("OKR 2027 review Friday 4pm", NY, "OKR 2027 review", "2026-11-27 16:00"),
    Row("Room 101 sync in 2 hours", NY, "Room 101 sync", "2026-11-22 12:00"),
    Row("Marching band sync tomorrow 3pm", NY, "Marching band sync", "2026-11-23 15:00"),
    Row("Second opinion now", NY, "Second opinion", None),
    Row("Treffen morgen", BERLIN, "Treffen morgen", None),  # English only: "morgen" is not tomorrow
    Row("Plan for 2027", NY, "Plan for 2027", None),
    Row("Odds 50/50", NY, "Odds 50/50", None),
    # --- durations
    Row("Sync tomorrow 3pm for 45m", NY, "Sync", "2026-11-23 15:00", 45),
    Row("Sync for 45 minutes", NY, "Sync", None, 45),
    Row("Sync tomorrow 3pm for 1h30", NY, "Sync", "2026-11-23 15:00", 90),
    Row("Sync tomorrow 3pm for 1h 30m", NY, "Sync", "2026-11-23 15:00", 90),
    Row("Sync tomorrow 3pm for 2h", NY, "Sync", "2026-11-23 15:00", 120),
    Row("Sync tomorrow 3pm for 2 hours", NY, "Sync", "2026-11-23 15:00", 120),
    Row("Sync for 90 min", NY, "Sync", None, 90),
    Row("Sync tomorrow 3pm for 1.5 hours", NY, "Sync", "2026-11-23 15:00", 90),
    Row("Sync for 45m tomorrow 3pm", NY, "Sync", "2026-11-23 15:00", 45),
    Row("Quick sync in 2 hours for 30 minutes", NY, "Quick sync", "2026-11-22 12:00", 30),
    Row("Sync for half an hour", NY, "Sync", None, 30),
    Row("Offsite for 24 hours", NY, "Offsite", None, 1440),
    Row("Check-in for 1 minute", NY, "Check-in", None, 1),
    # --- other word orders and forms
    Row("tomorrow 3pm Design review", NY, "Design review", "2026-11-23 15:00"),
    Row("Lunch at noon", NY, "Lunch", "2026-11-22 12:00"),
    Row("Design review, tomorrow at 3pm", NY, "Design review", "2026-11-23 15:00"),
    Row("Sync on Friday at 4pm", NY, "Sync", "2026-11-27 16:00"),
    Row("Sync 3pm tomorrow", NY, "Sync", "2026-11-23 15:00"),
    Row("Sync Dec 3 2027 10am", NY, "Sync", "2027-12-03 10:00"),
    Row("Sync 3 Dec 10am", NY, "Sync", "2026-12-03 10:00"),
    Row("Sync Thursday, December 3rd at 10:30 am", NY, "Sync", "2026-12-03 10:30"),
    Row("Review Jan 12 10am", NY, "Review", "2027-01-12 10:00"),
    Row("Sync in 3 days", NY, "Sync", "2026-11-25 10:00"),
    Row("Sync in an hour", NY, "Sync", "2026-11-22 11:00"),
    Row("Sync 12pm", NY, "Sync", "2026-11-22 12:00"),
    Row("Sync 12am", NY, "Sync", "2026-11-23 00:00"),
    Row("Team lunch Sunday 1pm", NY, "Team lunch", "2026-11-22 13:00"),
    Row("Team lunch Sunday 9am", NY, "Team lunch", "2026-11-29 09:00"),
    Row("next Sunday 11am", NY, "", "2026-11-29 11:00"),
    Row("this Sunday 11am", NY, "", "2026-11-22 11:00"),
    Row("Sync day after tomorrow 10am", NY, "Sync", "2026-11-24 10:00"),
    Row("Sync tomorrow 3 pm", NY, "Sync", "2026-11-23 15:00"),
    Row("Sync tomorrow 3p.m.", NY, "Sync", "2026-11-23 15:00"),
    Row("Sync tomorrow 12 noon", NY, "Sync", "2026-11-23 12:00"),
    Row("Sync tomorrow at 15", NY, "Sync", "2026-11-23 15:00"),
    Row("Sync 2027-01-12T14:30Z", NY, "Sync", "2027-01-12 09:30", utc="2027-01-12 14:30"),
    Row("tomorrow 3pm: Design review", NY, "Design review", "2026-11-23 15:00"),
    Row("Design review: tomorrow 3pm", NY, "Design review", "2026-11-23 15:00"),
    Row("Sync (tomorrow 3pm)", NY, "Sync", "2026-11-23 15:00"),
    Row("Sync 9.30am", NY, "Sync", "2026-11-23 09:30", notice="tomorrow, Mon 23 Nov"),
    Row("Sync 10 A.M. tomorrow", NY, "Sync", "2026-11-23 10:00"),
    Row("Sync tomorrow @ 3pm", NY, "Sync", "2026-11-23 15:00"),
    Row('"Plan" for 30m', NY, "Plan", None, 30),
    Row('"Top 3pm tips"', NY, "Top 3pm tips", None),
    Row("Sync this evening 7pm", NY, "Sync", "2026-11-22 19:00"),
    Row("Sync 7pm this evening", NY, "Sync", "2026-11-22 19:00"),
    Row("Sync later today 5pm", NY, "Sync", "2026-11-22 17:00"),
    Row("Sync tonight at 7", NY, "Sync", "2026-11-22 19:00"),
    Row("Sync now", NY, "Sync", None),
    Row("now", NY, "", None),
    # --- invisible and control characters are stripped, whitespace collapsed
    Row("Zero\u200bwidth sync tomorrow 3pm", NY, "Zerowidth sync", "2026-11-23 15:00"),
    Row("Sync\ttomorrow\n3pm", NY, "Sync", "2026-11-23 15:00"),
    Row("\u202eevil\u202c sync in 2 hours", NY, "evil sync", "2026-11-22 12:00"),
    Row("\ufeffBell\x07 sync\x00 \u2066x\u2069 tomorrow\u00a03pm", NY, "Bell sync x", "2026-11-23 15:00"),
    Row("x" * 250, NY, "x" * 200, None, notice="200"),
    Row("word " * 60 + "tomorrow 3pm", NY, ("word " * 40).strip(), "2026-11-23 15:00", notice="200"),
    # --- zones: the user's zone, never the server's
    Row("Sync 3pm", KOLKATA, "Sync", "2026-11-22 15:00", utc="2026-11-22 09:30"),
    Row("Standup 9:30am", KOLKATA, "Standup", "2026-11-23 09:30", utc="2026-11-23 04:00"),
    Row("Sync in 90 minutes", KOLKATA, "Sync", "2026-11-22 11:30", utc="2026-11-22 06:00"),
    Row("Sync tomorrow 15:00", BERLIN, "Sync", "2026-11-23 15:00", utc="2026-11-23 14:00"),
    Row("Sync tomorrow 9am", ADELAIDE, "Sync", "2026-11-23 09:00", utc="2026-11-22 22:30"),
    Row("Sync 2pm", KATHMANDU, "Sync", "2026-11-22 14:00", utc="2026-11-22 08:15"),
    Row("Sync tomorrow 9am", "Not/AZone", "Sync", "2026-11-23 09:00", utc="2026-11-23 09:00", notice="UTC"),
    Row("Sync tomorrow 9am", "", "Sync", "2026-11-23 09:00", utc="2026-11-23 09:00", notice="UTC"),
    # --- DST spring forward: the wall-clock time the user wrote, whatever the offset
    Row("Sync 2027-03-13 10:00", NY, "Sync", "2027-03-13 10:00", now=NY_DST_WEEK, utc="2027-03-13 15:00"),
    Row("Sync 2027-03-14 10:00", NY, "Sync", "2027-03-14 10:00", now=NY_DST_WEEK, utc="2027-03-14 14:00"),
    Row("Sync Sunday 10am", NY, "Sync", "2027-03-14 10:00", now=NY_DST_WEEK, utc="2027-03-14 14:00"),
    Row("Sync in 4 days", NY, "Sync", "2027-03-14 10:00", now=NY_DST_WEEK, utc="2027-03-14 14:00"),
    # `in N hours` is elapsed time: 23:00 EST + 4h = 08:00Z = 04:00 EDT, not 03:00
    Row("Sync in 4 hours", NY, "Sync", "2027-03-14 04:00", now="2027-03-13 23:00", utc="2027-03-14 08:00"),
    Row("Sync 2027-03-27 10:00", BERLIN, "Sync", "2027-03-27 10:00", now=EU_DST_WEEK, utc="2027-03-27 09:00"),
    Row("Sync 2027-03-28 10:00", BERLIN, "Sync", "2027-03-28 10:00", now=EU_DST_WEEK, utc="2027-03-28 08:00"),
    Row("Sync Sunday 10am", BERLIN, "Sync", "2027-03-28 10:00", now=EU_DST_WEEK, utc="2027-03-28 08:00"),
    # --- DST fall back
    Row("Sync 2027-11-06 10:00", NY, "Sync", "2027-11-06 10:00", now=NY_FALL_WEEK, utc="2027-11-06 14:00"),
    Row("Sync 2027-11-07 10:00", NY, "Sync", "2027-11-07 10:00", now=NY_FALL_WEEK, utc="2027-11-07 15:00"),
    Row(
        "Sync 2027-11-07 01:30", NY, "Sync", "2027-11-07 01:30", now=NY_FALL_WEEK,
        utc="2027-11-07 05:30", notice="twice",
    ),
]


def _id(row: Row) -> str:
    return f"{row.tz}|{row.locale}|{row.now}|{row.text[:50]}"


KNOWN_ZONES = (NY, BERLIN, KOLKATA, ADELAIDE, KATHMANDU)


def zone_of(row: Row) -> str:
    """The zone the meeting should be in: the row's, or UTC when Slack gave us nonsense."""
    return row.tz if row.tz in KNOWN_ZONES else "UTC"


def read(text: str, now: datetime, tz: str, locale: str | None = None, **kwargs) -> MeetingDraft:
    reading = read_meeting_text(text, now=now, tz=tz, locale=locale, **kwargs)
    assert isinstance(reading, MeetingDraft), reading
    return reading


def parse(row: Row) -> MeetingDraft:
    return read(row.text, local(row.now, zone_of(row)), row.tz, row.locale)


def test_table_is_big_enough() -> None:
    assert len(ROWS) >= 70
    assert {NY, BERLIN, KOLKATA} <= {row.tz for row in ROWS}


@pytest.mark.parametrize("row", ROWS, ids=_id)
def test_row(row: Row) -> None:
    draft = parse(row)
    assert draft.topic == row.topic
    assert draft.duration_minutes == row.duration
    if row.start is None:
        assert draft.start is None
    else:
        assert draft.start is not None
        assert draft.start.utcoffset() is not None
        wall = draft.start.astimezone(ZoneInfo(zone_of(row)))
        assert wall.strftime("%Y-%m-%d %H:%M") == row.start
        own = draft.start.astimezone(ZoneInfo(draft.timezone))
        assert draft.start.replace(tzinfo=None) == own.replace(tzinfo=None), "start is in the draft's zone"
        if row.utc is not None:
            assert draft.start.astimezone(UTC).strftime("%Y-%m-%d %H:%M") == row.utc
    if row.notice is not None:
        assert any(row.notice in notice for notice in draft.notices), draft.notices


@dataclass(frozen=True)
class ErrorRow:
    text: str
    keyword: str  # the message must contain this (case-insensitive)
    tz: str = NY
    locale: str | None = None
    now: str = SUNDAY_10AM


ERROR_ROWS = [
    ErrorRow("yesterday 3pm", "past"),
    ErrorRow("Sync 2020-01-01 10:00", "past"),
    ErrorRow("Jan 1 2020 10am", "past"),
    ErrorRow("today 9am", "past"),
    ErrorRow("last Friday 3pm", "past"),
    ErrorRow("Sync 2026-11-22 09:59", "past"),
    ErrorRow("Feb 30 10am", "30th"),
    ErrorRow("Sync April 31 10am", "April has no 31st"),
    ErrorRow("25:00", "25:00"),
    ErrorRow("Sync tomorrow 13:75", "13:75"),
    ErrorRow("Sync 2027-02-30 10:00", "February has no 30th"),
    ErrorRow("Sync 2027-13-01 10:00", "month 13"),
    ErrorRow("Sync 13/13 10am", "month 13"),
    ErrorRow("Sync 02/30 10am", "February", locale="en-US"),
    ErrorRow("Sync 30/02 10am", "February", locale="en-GB"),
    ErrorRow("Sync Feb 29 2027 10am", "leap"),
    ErrorRow("Sync tomorrow 13pm", "13pm"),
    ErrorRow("Sync for 25 hours", "1440"),
    ErrorRow("Sync for 0 minutes", "24 hours"),
    ErrorRow("Sync tomorrow 3pm for 2000 minutes", "1440"),
    ErrorRow("Sync for 2 days", "24 hours"),
    ErrorRow("", "usage"),
    ErrorRow("   ", "usage"),
    ErrorRow("\u200b\u200d\u2060\ufeff", "usage"),
    ErrorRow("Sync 2027-02-30", "February has no 30th"),
    ErrorRow("Sync Feb 30", "February has no 30th"),
    ErrorRow("Sync tomorrow 3pm for 45", "unit"),
    ErrorRow("Sync Dec 3 2030 10am", "two years"),
    ErrorRow("Sync in 1000 days", "two years"),
    ErrorRow("Sync in 0 minutes", "now"),
    ErrorRow("Fri Dec 3 10am", "Thursday"),
    ErrorRow("Sync 2027-02-30T10:00Z", "February has no 30th"),
    ErrorRow("Sync this morning 9am", "past"),
    ErrorRow("Sync 3pm PKT", "time zone"),
    ErrorRow("Sync tomorrow 3-4pm for 45m", "Give one of them"),
    ErrorRow("Sync 2027-03-14 02:30", "does not exist", now=NY_DST_WEEK),
    ErrorRow("Sync 2027-03-28 02:30", "does not exist", tz=BERLIN, now=EU_DST_WEEK),
]


@pytest.mark.parametrize("row", ERROR_ROWS, ids=lambda row: f"{row.tz}|{row.text[:50]}")
def test_error_row(row: ErrorRow) -> None:
    reading = read_meeting_text(row.text, now=local(row.now, row.tz), tz=row.tz, locale=row.locale)
    assert isinstance(reading, Refusal), reading
    assert row.keyword.lower() in reading.message.lower()


@dataclass(frozen=True)
class AskRow:
    """A text the reader must ask about: the starts (wall clock in New York) its buttons offer, soonest
    first, and a word the question must contain."""

    text: str
    choices: tuple[str | None, ...]  # None = "start now"
    keyword: str
    locale: str | None = None


ASK_ROWS = [
    AskRow("Retro 12/03 4pm", ("2026-12-03 16:00", "2027-03-12 16:00"), "day first"),
    AskRow("May the 4th party", (None,), "could be a date"),
    AskRow("Sun salutation yoga", (None,), "could be a date"),
    AskRow("Go sat", (None,), "could be a date"),
    AskRow("Release Friday midnight", ("2026-11-27 00:00", "2026-11-28 00:00"), "start or the end"),
    AskRow("Weekly 1:1 at 10:30", ("2026-11-22 10:30", "2026-11-22 10:30"), "repeats"),
    AskRow("Sync 2027-01-12", (), "time of day"),
    AskRow("Sync 10/10", (), "time of day"),
    AskRow("Design review tomorrow", (), "time of day"),
    AskRow("Team lunch on Friday", (), "time of day"),
    AskRow("Sync next week", (), "vague"),
    AskRow("Sync tomorrow at 3", ("2026-11-23 03:00", "2026-11-23 15:00"), "morning or in the evening"),
    AskRow("Sync tomorrow morning", ("2026-11-23 09:00",), "what time"),
    AskRow("Tomorrow plan review", (), "time of day"),
    AskRow("Top 3pm tips", ("2026-11-22 15:00",), "middle"),
    AskRow("Sync next week 3pm", (), "vague"),
    AskRow("Sync 3pm next week", (), "vague"),
    AskRow("Sync tomorrow at 7", ("2026-11-23 07:00", "2026-11-23 19:00"), "morning or in the evening"),
    AskRow("Sync at 9", ("2026-11-22 21:00", "2026-11-23 09:00"), "morning or in the evening"),
]


@pytest.mark.parametrize("row", ASK_ROWS, ids=lambda row: row.text[:50])
def test_ask_row(row: AskRow) -> None:
    reading = read_meeting_text(row.text, now=local(SUNDAY_10AM, NY), tz=NY, locale=row.locale)
    assert isinstance(reading, MeetingQuestion), reading
    assert row.keyword.lower() in reading.message.lower()
    starts = tuple(None if c.start is None else c.start.astimezone(ZoneInfo(NY)).strftime("%Y-%m-%d %H:%M")
                   for c in reading.choices)
    assert starts == row.choices
    assert reading.text


def test_past_error_suggests_the_same_time_tomorrow() -> None:
    reading = read_meeting_text("Sync today 9:30am", now=local(SUNDAY_10AM, NY), tz=NY)
    assert isinstance(reading, Refusal)
    assert "`tomorrow 9:30am`" in reading.message


def test_now_in_another_zone_is_converted_to_the_users_zone() -> None:
    # 15:00 UTC is 10:00 in New York: "11am" is still ahead today there.
    now = datetime(2026, 11, 22, 15, 0, tzinfo=UTC)
    draft = read("Sync 11am", now, NY)
    assert draft.start == local("2026-11-22 11:00", NY)


def test_relative_start_is_truncated_to_the_minute() -> None:
    now = datetime(2026, 11, 22, 10, 0, 42, 123, tzinfo=ZoneInfo(NY))
    draft = read("in 5 minutes", now, NY)
    assert draft.start == local("2026-11-22 10:05", NY)


def test_default_duration_is_used() -> None:
    draft = read("Sync", local(SUNDAY_10AM, NY), NY, default_duration=30)
    assert draft.duration_minutes == 30
