"""The acceptance table of `handlers.language.read_meeting_text`: `/zoom meet` texts and the answers the
conventions in docs/command-language.md give for them.

Every expected value in tests/handlers/language/table_rows.py was worked out by hand from those conventions and a
calendar, never copied from the reader. The calendar facts used:

* The default now is Tuesday 24 Nov 2026 10:00 in the row's zone. Its week (Monday to Sunday) is
  Mon 23 - Sun 29 Nov; next week is Mon 30 Nov - Sun 6 Dec. Wed 25, Thu 26, Fri 27, Sat 28 Nov;
  Tue 1, Thu 3, Fri 4, Mon 7, Tue 8, Tue 15, Thu 24, Fri 25, Thu 31 Dec 2026; Fri 1 Jan 2027.
  60 days after 24 Nov 2026 is Sat 23 Jan 2027; two years after it is 24 Nov 2028.
* The other now is Sunday 22 Nov 2026 10:00: its week is Mon 16 - Sun 22 Nov, so every weekday but
  Sunday is behind it, and next week is Mon 23 - Sun 29 Nov.
* A weekday with a day of the month, first date on or after 24 Nov 2026: Mon 13th = 13 Sep 2027,
  Fri 13th = 13 Aug 2027, Sat 13th = 13 Feb 2027, Tue 13th = 13 Apr 2027, Thu 13th = 13 May 2027,
  Wed 13th = 13 Jan 2027 (50 days), Sun 13th = 13 Dec 2026, Tue 15th = 15 Dec 2026, Fri 15th = 15 Jan 2027
  (52 days), Mon 15th = 15 Feb 2027, Thu 3rd = 3 Dec 2026, Sun 3rd = 3 Jan 2027 (40 days),
  Wed 3rd = 3 Feb 2027, Sat 3rd = 3 Apr 2027, Fri 1st = 1 Jan 2027 (38 days), Mon 1st = 1 Feb 2027,
  Sat 5th = 5 Dec 2026, Tue 5th = 5 Jan 2027 (42 days), Fri 5th = 5 Feb 2027.
* Nth weekdays: Tuesdays of Nov 2026 are 3, 10, 17, 24 (24 Nov is the last); first Tuesday of Dec 2026
  is the 1st; second Monday of Dec 2026 the 14th; second Wednesday of Dec 2026 the 9th; first Monday of
  Dec 2026 the 7th; first Friday of Dec 2026 the 4th; fourth Friday of Dec 2026 the 25th; last Friday,
  Thursday, Wednesday, Monday, Sunday of Nov 2026: 27, 26, 25, 30, 29; fourth Thursday of Nov 2026 the
  26th; third Thursday of Jan 2027 the 21st; last Tuesday of Jan 2027 the 26th; second Tuesday of Mar 2027
  the 9th; first Tuesday of Oct 2027 the 5th.
* Offsets on 24 Nov 2026: New York UTC-5, Chicago -6, Denver -7, Los Angeles -8, London and Dublin 0,
  Berlin +1, Jerusalem +2, Kolkata +5:30, Kathmandu +5:45, Jakarta +7, Tokyo +9, Adelaide +10:30 (DST),
  Sydney +11 (DST). So 10:00 local is 15:00 UTC in New York, 09:00 in Berlin, 04:30 in Kolkata,
  04:15 in Kathmandu and 23:30 UTC the day before in Adelaide.
* DST: the US springs forward Sun 14 Mar 2027 02:00 EST -> 03:00 EDT (07:00 UTC) and falls back
  Sun 7 Nov 2027 02:00 EDT -> 01:00 EST (06:00 UTC), so 01:00-01:59 happens twice, first at UTC-4.
  The EU springs forward Sun 28 Mar 2027 02:00 CET -> 03:00 CEST (01:00 UTC) and falls back
  Sun 31 Oct 2027 03:00 CEST -> 02:00 CET. Adelaide falls back Sun 4 Apr 2027 03:00 ACDT -> 02:00 ACST
  and springs forward Sun 3 Oct 2027 02:00 ACST -> 03:00 ACDT. In July 2027 New York is UTC-4, Dublin
  and London UTC+1, Berlin UTC+2.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.language import MeetingDraft, MeetingQuestion, Refusal, read_meeting_text
from tests.handlers.language.table_rows import ROWS, Row

WALL = "%Y-%m-%d %H:%M"


def local(wall: str, tz: str) -> datetime:
    return datetime.strptime(wall, WALL).replace(tzinfo=ZoneInfo(tz))


def wall(moment: datetime | None, tz: str) -> str | None:
    return None if moment is None else moment.astimezone(ZoneInfo(tz)).strftime(WALL)


def recurrence_fields(recurrence) -> tuple | None:
    if recurrence is None:
        return None
    return (recurrence.type, recurrence.repeat_interval, tuple(sorted(recurrence.weekly_days)),
            recurrence.monthly_day, recurrence.monthly_week, recurrence.monthly_week_day, recurrence.end_times)


def describe(reading, tz: str) -> str:
    """What the reader answered, in the table's own terms, for the failure message."""
    if isinstance(reading, MeetingDraft):
        return (f"draft(topic={reading.topic!r}, start={wall(reading.start, tz)}, "
                f"utc={wall(reading.start, 'UTC')}, duration={reading.duration_minutes}, "
                f"recurrence={recurrence_fields(reading.recurrence)})")
    if isinstance(reading, MeetingQuestion):
        choices = [(choice.topic, wall(choice.start, tz)) for choice in reading.choices]
        return f"ask(choices={choices}, message={reading.message!r})"
    if isinstance(reading, Refusal):
        return f"refuse({reading.message!r})"
    return repr(reading)


def row_id(row: Row) -> str:
    zone = row.tz.rsplit("/", 1)[-1]
    day = "" if row.now.startswith("2026-11-24") else f"@{row.now[:10]}"
    locale = f"[{row.locale}]" if row.locale else ""
    return f"{row.kind}-{zone}{day}{locale}-{row.text}"


@pytest.mark.parametrize("row", ROWS, ids=[f"{index:03d}-{row_id(row)}" for index, row in enumerate(ROWS)])
def test_reading(row: Row) -> None:
    reading = read_meeting_text(row.text, now=local(row.now, row.tz), tz=row.tz, locale=row.locale)
    got = describe(reading, row.tz)

    if row.kind == "refuse":
        assert isinstance(reading, Refusal), f"expected a refusal, got {got}"
        return

    if row.kind == "ask":
        assert isinstance(reading, MeetingQuestion), f"expected ask{row.choices}, got {got}"
        starts = [wall(choice.start, row.tz) for choice in reading.choices]
        assert set(starts) == set(row.choices), f"expected choices {row.choices}, got {got}"
        instants = [choice.start for choice in reading.choices]
        assert instants == sorted(instants), f"choices not soonest first: {got}"
        for choice in reading.choices:
            assert choice.topic == row.topic, f"expected topic {row.topic!r}, got {got}"
            assert choice.duration_minutes == row.duration, f"expected {row.duration} minutes, got {got}"
        return

    expected = (f"draft(topic={row.topic!r}, start={row.start}, utc={row.utc or '*'}, duration={row.duration}, "
                f"recurrence={recurrence_fields(row.recurrence)})")
    assert isinstance(reading, MeetingDraft), f"expected {expected}, got {got}"
    assert reading.topic == row.topic, f"expected {expected}, got {got}"
    assert wall(reading.start, row.tz) == row.start, f"expected {expected}, got {got}"
    if row.utc is not None:
        assert wall(reading.start, "UTC") == row.utc, f"expected {expected}, got {got}"
    assert reading.duration_minutes == row.duration, f"expected {expected}, got {got}"
    assert recurrence_fields(reading.recurrence) == recurrence_fields(row.recurrence), \
        f"expected {expected}, got {got}"


def test_the_table_is_big_and_spread_over_zones() -> None:
    assert len(ROWS) >= 420
    per_zone = Counter(row.tz for row in ROWS)
    assert sum(1 for count in per_zone.values() if count >= 30) >= 5, per_zone


def test_the_rows_are_well_formed() -> None:
    """The table's own consistency: a typo in an expected value must not pass as a reader bug."""
    seen = set()
    for row in ROWS:
        key = (row.text, row.tz, row.now, row.locale)
        assert key not in seen, f"duplicate row {key}"
        seen.add(key)
        assert row.kind in ("draft", "ask", "refuse"), row
        local(row.now, row.tz)
        if row.kind == "ask":
            assert row.choices is not None, row
            assert row.start is None, row
            moments = [local(choice, row.tz) for choice in row.choices]
            assert moments == sorted(moments), f"choices not listed soonest first: {row}"
        elif row.kind == "refuse":
            assert row.start is None, row
            assert row.choices is None, row
            assert row.utc is None, row
        else:
            assert row.choices is None, row
            if row.start is not None:
                start = local(row.start, row.tz)
                assert start > local(row.now, row.tz), f"expected start not ahead of now: {row}"
                if row.utc is not None:
                    # a wall clock that happens twice is the first one (fold=0): rule 19
                    assert wall(start, "UTC") == row.utc or row.text.startswith("in "), row
            assert 1 <= row.duration <= 24 * 60, row
