"""The acceptance table of the command-language reader, as data (see test_reading_table.py for the facts).

Every expected value was worked out by hand from docs/command-language.md and a calendar; none was copied
from running the reader. `start` is the wall clock in the row's zone; `utc` the same instant in UTC where
the offset is the point of the row. Rule numbers in the comments are the spec's.
"""

from __future__ import annotations

from dataclasses import dataclass

from zoom import Recurrence

NY = "America/New_York"
BERLIN = "Europe/Berlin"
KOLKATA = "Asia/Kolkata"
ADELAIDE = "Australia/Adelaide"
KATHMANDU = "Asia/Kathmandu"
DUBLIN = "Europe/Dublin"
JERUSALEM = "Asia/Jerusalem"

TUESDAY = "2026-11-24 10:00"  # the default now
SUNDAY = "2026-11-22 10:00"
NY_SPRING = "2027-03-13 10:00"  # Saturday; US clocks go 02:00 -> 03:00 on Sun 14 Mar 2027
NY_FALL = "2027-11-06 10:00"  # Saturday; US clocks go 02:00 -> 01:00 on Sun 7 Nov 2027
EU_SPRING = "2027-03-27 10:00"  # Saturday; EU clocks go 02:00 -> 03:00 on Sun 28 Mar 2027

# Zoom's weekday numbers
SUN, MON, TUE, WED, THU, FRI, SAT = 1, 2, 3, 4, 5, 6, 7

WEEKDAYS = Recurrence(type=Recurrence.WEEKLY, end_times=60, weekly_days=(MON, TUE, WED, THU, FRI))
DAILY = Recurrence(type=Recurrence.DAILY, end_times=60)


def weekly(day: int, every: int = 1) -> Recurrence:
    return Recurrence(type=Recurrence.WEEKLY, end_times=26 if every == 1 else 13, repeat_interval=every,
                      weekly_days=(day,))


def monthly_on(day: int) -> Recurrence:
    return Recurrence(type=Recurrence.MONTHLY, end_times=12, monthly_day=day)


def monthly_nth(week: int, day: int) -> Recurrence:
    return Recurrence(type=Recurrence.MONTHLY, end_times=12, monthly_week=week, monthly_week_day=day)


@dataclass(frozen=True)
class Row:
    text: str
    tz: str
    now: str  # wall clock in `tz`
    topic: str
    start: str | None  # wall clock in `tz`, "YYYY-MM-DD HH:MM"; None = instant meeting
    duration: int = 60
    locale: str | None = None
    recurrence: Recurrence | None = None
    choices: tuple[str, ...] | None = None  # for "ask": the buttons' starts, soonest first
    kind: str = "draft"  # "draft" | "ask" | "refuse"
    utc: str | None = None


class Block:
    """Rows sharing a zone and a now."""

    def __init__(self, tz: str, now: str = TUESDAY) -> None:
        self.tz, self.now = tz, now

    def draft(self, text: str, topic: str, start: str | None, duration: int = 60, **more) -> Row:
        return Row(text, self.tz, self.now, topic, start, duration, **more)

    def ask(self, text: str, topic: str, *choices: str, duration: int = 60, **more) -> Row:
        return Row(text, self.tz, self.now, topic, None, duration, choices=choices, kind="ask", **more)

    def refuse(self, text: str, **more) -> Row:
        return Row(text, self.tz, self.now, "", None, kind="refuse", **more)


# ---------------------------------------------------------------------------------------------------------
# New York, now Tue 24 Nov 2026 10:00 EST (UTC-5)
b = Block(NY)
NY_TUESDAY = [
    # days of the month (rule 8), ordinals, month and day (rule 7), weekday with a day (rule 21)
    b.draft("Budget sync on the 15th at 3pm", "Budget sync", "2026-12-15 15:00"),
    b.draft("the 1st at 10am", "", "2026-12-01 10:00"),
    b.draft("Dentist prep 5th at 4 a.m.", "Dentist prep", "2026-12-05 04:00"),
    b.draft("Board call first of march at 3pm", "Board call", "2027-03-01 15:00"),
    b.draft("Offsite planning second of Aug 9am", "Offsite planning", "2027-08-02 09:00"),
    b.draft("Launch May twenty nine 2pm", "Launch", "2027-05-29 14:00"),
    b.draft("Retro on the 30th at 3pm", "Retro", "2026-11-30 15:00"),
    b.draft("Payroll review the 24th at 4pm", "Payroll review", "2026-11-24 16:00"),  # today, still ahead
    b.draft("Payroll review the 24th at 9am", "Payroll review", "2026-12-24 09:00"),  # passed: next month
    b.draft("Kickoff on the 3rd at 11am", "Kickoff", "2026-12-03 11:00"),
    b.draft("Demo Thursday the 3rd at 10am", "Demo", "2026-12-03 10:00"),
    b.draft("Planning Tue 15th 3pm", "Planning", "2026-12-15 15:00"),
    b.draft("Wed 13th 3pm", "", "2027-01-13 15:00"),  # 50 days ahead: no question
    b.ask("Mon 13th 3pm", "", "2027-09-13 15:00"),  # 293 days ahead
    b.ask("Retro Fri 13th at 3pm", "Retro", "2027-08-13 15:00"),  # 262 days ahead
    b.draft("Budget review Dec 3 3pm", "Budget review", "2026-12-03 15:00"),
    b.draft("3rd of December 11am", "", "2026-12-03 11:00"),
    b.draft("Renewal Nov 24 9am", "Renewal", "2027-11-24 09:00"),  # passed this year: next year
    b.draft("Renewal Nov 24 3pm", "Renewal", "2026-11-24 15:00"),
    b.draft("Sync January 5th at 2pm", "Sync", "2027-01-05 14:00"),
    b.draft("Party Dec 31st 8pm", "Party", "2026-12-31 20:00"),
    # weeks (rules 5, 6, 14)
    b.draft("Ops review in 7 days at 5pm", "Ops review", "2026-12-01 17:00"),
    b.draft("in a week at 3pm", "", "2026-12-01 15:00"),
    b.draft("Roadmap friday after next at 3pm", "Roadmap", "2026-12-04 15:00"),
    b.draft("Tuesday next week 9am", "", "2026-12-01 09:00"),
    b.draft("Hiring sync next week Mon 9 am", "Hiring sync", "2026-11-30 09:00"),
    b.draft("Friday of next week at 9am", "", "2026-12-04 09:00"),
    b.draft("Check-in in two weeks", "Check-in", "2026-12-08 10:00"),
    b.draft("Monday after next 11am", "", "2026-12-07 11:00"),
    b.draft("Vendor demo Wednesday next week at 2pm", "Vendor demo", "2026-12-02 14:00"),
    b.draft("next week Thursday 4pm", "", "2026-12-03 16:00"),
    b.draft("next Monday 10am", "", "2026-11-30 10:00"),  # rule 4: Monday is behind us this week
    b.draft("Friday 3pm", "", "2026-11-27 15:00"),
    b.draft("this Friday 3pm", "", "2026-11-27 15:00"),
    b.draft("Tuesday 9am", "", "2026-12-01 09:00"),  # rule 3: today's 9am has passed
    b.draft("this Tuesday 3pm", "", "2026-11-24 15:00"),
    # nth weekday of a month
    b.draft("User council first tuesday of october at 3pm", "User council", "2027-10-05 15:00"),
    b.draft("Close books last friday of the month 4pm", "Close books", "2026-11-27 16:00"),
    b.draft("second monday of december 10am", "", "2026-12-14 10:00"),
    b.draft("Town hall third thursday of january 2pm", "Town hall", "2027-01-21 14:00"),
    # clock forms
    b.draft("Coffee half past 3pm", "Coffee", "2026-11-24 15:30"),
    b.draft("Prep a quarter to noon", "Prep", "2026-11-24 11:45"),
    b.draft("Call 20 minutes past 3pm", "Call", "2026-11-24 15:20"),
    b.draft("twenty after 3pm", "", "2026-11-24 15:20"),
    b.draft("Sync 3p", "Sync", "2026-11-24 15:00"),
    b.draft("Standup 9:00a", "Standup", "2026-11-25 09:00"),  # rule 2: passed today
    b.draft("Dinner planning 7p", "Dinner planning", "2026-11-24 19:00"),
    b.draft("Call 3:15p", "Call", "2026-11-24 15:15"),
    b.draft("Sync 330pm", "Sync", "2026-11-24 15:30"),
    b.draft("Sync at 1030", "Sync", "2026-11-24 10:30"),  # rule 10: 10 is the morning, still ahead
    b.draft("Review 15h30", "Review", "2026-11-24 15:30"),
    b.draft("Review 15h", "Review", "2026-11-24 15:00"),
    b.draft("Catch-up noonish", "Catch-up", "2026-11-24 12:00"),
    b.draft("Catch-up 3ish pm", "Catch-up", "2026-11-24 15:00"),
    b.draft("Walk mid-day", "Walk", "2026-11-24 12:00"),
    b.draft("Call eight forty pm", "Call", "2026-11-24 20:40"),
    b.draft("Sync at 11", "Sync", "2026-11-24 11:00"),
    b.draft("Sync at 12", "Sync", "2026-11-24 12:00"),
    b.draft("tomorrow at 9", "", "2026-11-25 09:00"),
    b.draft("Standup at 07:30", "Standup", "2026-11-25 07:30"),  # leading zero: 24-hour, passed today
    b.draft("Deploy at 13", "Deploy", "2026-11-24 13:00"),
    b.draft("Backup at 0:30", "Backup", "2026-11-25 00:30"),
    b.draft("Retro at 18:45", "Retro", "2026-11-24 18:45"),
    b.draft("midnight", "", "2026-11-25 00:00"),
    # parts of the day decide (rule 10)
    b.draft("Triage this afternoon at 3:20", "Triage", "2026-11-24 15:20"),
    b.draft("Movie tonight 7:30", "Movie", "2026-11-24 19:30"),
    b.draft("Gaming 8 tonight", "Gaming", "2026-11-24 20:00"),
    b.draft("Run 8 in the morning", "Run", "2026-11-25 08:00"),
    b.draft("Interview at 3 in the afternoon", "Interview", "2026-11-24 15:00"),
    b.draft("Gym tomorrow morning at 7", "Gym", "2026-11-25 07:00"),
    b.draft("Wrap-up Sunday late evening at 10:00", "Wrap-up", "2026-11-29 22:00"),
    b.draft("Team 12 lunchtime", "Team", "2026-11-24 12:00"),
    # relative (rules 13, 14)
    b.draft("in three minutes", "", "2026-11-24 10:03"),
    b.draft("Deploy check in a couple of hours", "Deploy check", "2026-11-24 12:00"),
    b.draft("Chat in about half an hour", "Chat", "2026-11-24 10:30"),
    b.draft("in 15 minutes", "", "2026-11-24 10:15"),
    b.draft("Renewal call in 1 month", "Renewal call", "2026-12-24 10:00"),
    b.draft("Huddle 30 minutes from now", "Huddle", "2026-11-24 10:30"),
    b.draft("Design crit two days from now at 3pm", "Design crit", "2026-11-26 15:00"),
    # dates (rules 7, 9)
    b.draft("Oct/2 3pm", "", "2027-10-02 15:00"),
    b.draft("Kickoff Jan-1 9am", "Kickoff", "2027-01-01 09:00"),
    b.draft("Tax prep 4-22 10:00", "Tax prep", "2027-04-22 10:00"),
    b.draft("2027-sep-1 9am", "", "2027-09-01 09:00"),
    b.draft("Audit October 14 around 8:00am", "Audit", "2027-10-14 08:00"),
    b.ask("Retro 12/03 3pm", "Retro", "2026-12-03 15:00", "2027-03-12 15:00"),
    b.draft("Retro 12/03 3pm", "Retro", "2026-12-03 15:00", locale="en-US"),
    b.draft("Retro 12/03 3pm", "Retro", "2027-03-12 15:00", locale="en-GB"),
    b.draft("Gifts 25/12 10am", "Gifts", "2026-12-25 10:00"),
    b.draft("Sync 3.12.2026 10:00", "Sync", "2026-12-03 10:00"),
    b.draft("Sprint planning 2027-01-12 14:30", "Sprint planning", "2027-01-12 14:30"),
    b.draft("Close 11/24 9am", "Close", "2027-11-24 09:00"),  # 24 is no month; passed this year
    # explicit zones (rules 1, 17)
    b.draft("Sync 3pm ET", "Sync", "2026-11-24 15:00", utc="2026-11-24 20:00"),
    b.draft("Call tomorrow 4pm CET", "Call", "2026-11-25 10:00", utc="2026-11-25 15:00"),
    b.draft("Vendor call 9am PT", "Vendor call", "2026-11-24 12:00", utc="2026-11-24 17:00"),
    b.draft("Sync 15:00 Europe/Berlin", "Sync", "2026-11-25 09:00", utc="2026-11-25 14:00"),  # 16:00 there
    b.draft("Partner call 2pm London time", "Partner call", "2026-11-25 09:00", utc="2026-11-25 14:00"),
    b.draft("APAC sync Dec 3 9am JST", "APAC sync", "2026-12-02 19:00", utc="2026-12-03 00:00"),
    b.draft("Dec 3 2pm CT", "", "2026-12-03 15:00", utc="2026-12-03 20:00"),
    b.draft("Standup Dec 3 9am MT", "Standup", "2026-12-03 11:00", utc="2026-12-03 16:00"),
    b.draft("Sync 6pm UTC", "Sync", "2026-11-24 13:00", utc="2026-11-24 18:00"),
    b.draft("Call 5pm GMT", "Call", "2026-11-24 12:00", utc="2026-11-24 17:00"),
    b.draft("Summer check 2027-07-15 3pm EST", "Summer check", "2027-07-15 15:00", utc="2027-07-15 19:00"),
    b.draft("Ship review Dec 3 4pm WIB", "Ship review", "2026-12-03 04:00", utc="2026-12-03 09:00"),
    b.draft("Sync Dec 3 10am AEDT", "Sync", "2026-12-02 18:00", utc="2026-12-02 23:00"),
    b.draft("Offshore sync Dec 3 3pm IST", "Offshore sync", "2026-12-03 04:30", utc="2026-12-03 09:30"),
    # ranges (rule 16)
    b.draft("Workshop 3-4pm", "Workshop", "2026-11-24 15:00", 60),
    b.draft("Deep dive from 3 to 4:30pm", "Deep dive", "2026-11-24 15:00", 90),
    b.draft("tomorrow 2pm to 3pm", "", "2026-11-25 14:00", 60),
    b.draft("Interviews tomorrow 10:00-10:45", "Interviews", "2026-11-25 10:00", 45),
    b.draft("Office hours 11-1pm", "Office hours", "2026-11-24 11:00", 120),
    b.draft("Friday 10-11am", "", "2026-11-27 10:00", 60),
    b.draft("Pairing 1:30-2:15pm", "Pairing", "2026-11-24 13:30", 45),
    b.draft("Focus 16:00-17:30", "Focus", "2026-11-24 16:00", 90),
    # repeating (rule 22)
    b.draft("Standup every weekday 9:30am", "Standup", "2026-11-25 09:30", recurrence=WEEKDAYS),
    b.draft("1:1 every Monday 10am for 30m", "1:1", "2026-11-30 10:00", 30, recurrence=weekly(MON)),
    b.draft("Review every other Friday 3pm", "Review", "2026-11-27 15:00", recurrence=weekly(FRI, 2)),
    b.draft("Sync monthly on the first Tuesday 4pm", "Sync", "2026-12-01 16:00", recurrence=monthly_nth(1, TUE)),
    b.draft("Billing every month on the 15th 3pm", "Billing", "2026-12-15 15:00", recurrence=monthly_on(15)),
    b.draft("daily 9am", "", "2026-11-25 09:00", recurrence=DAILY),
    b.draft("Check-in every Tuesday 3pm", "Check-in", "2026-11-24 15:00", recurrence=weekly(TUE)),
    b.draft("Ops review daily 3pm", "Ops review", "2026-11-24 15:00", recurrence=DAILY),
    b.draft("Close monthly on the last Friday 4pm", "Close", "2026-11-27 16:00", recurrence=monthly_nth(-1, FRI)),
    # ambiguity: the bot asks
    b.ask("at 7", "", "2026-11-24 19:00", "2026-11-25 07:00"),
    b.ask("Sync tomorrow at 5", "Sync", "2026-11-25 05:00", "2026-11-25 17:00"),
    b.ask("next Wednesday 3pm", "", "2026-11-25 15:00", "2026-12-02 15:00"),
    b.ask("Launch party Friday midnight", "Launch party", "2026-11-27 00:00", "2026-11-28 00:00"),
    b.ask("Sync tomorrow morning", "Sync", "2026-11-25 09:00"),
    b.ask("tomorrow", ""),
    b.ask("Sync in a few minutes", "Sync"),
    b.ask("Sync at 9", "Sync", "2026-11-24 21:00", "2026-11-25 09:00"),
    b.ask("Retro next Friday 3pm", "Retro", "2026-11-27 15:00", "2026-12-04 15:00"),
    b.ask("Demo Friday at 4", "Demo", "2026-11-27 04:00", "2026-11-27 16:00"),
    b.ask("half past 3", "", "2026-11-24 15:30", "2026-11-25 03:30"),
    b.ask("Drinks tonight", "Drinks", "2026-11-24 19:00"),
    b.ask("Sync Friday", "Sync"),
    b.ask("Planning next week", "Planning"),
    b.ask("Report eod", "Report"),
    b.ask("Call after 3pm", "Call"),
    b.ask("Draft by 5pm", "Draft"),
    b.ask("Budget this month", "Budget"),
    b.ask("Call at 7 o'clock", "Call", "2026-11-24 19:00", "2026-11-25 07:00"),
    b.ask("Sync Dec 3 at 2", "Sync", "2026-12-03 02:00", "2026-12-03 14:00"),
    b.ask("Review on the 15th", "Review"),
    b.ask("Sync next Monday", "Sync"),
    b.ask("Plan Wednesday evening", "Plan", "2026-11-25 18:00"),
    b.ask("Sync 03/04 9am", "Sync", "2027-03-04 09:00", "2027-04-03 09:00"),
    b.ask("Standup at 6:30", "Standup", "2026-11-24 18:30", "2026-11-25 06:30"),
    # instant meetings (rule 23)
    b.draft("Quick sync", "Quick sync", None),
    b.draft("Sync now", "Sync", None),
    b.draft('"Sync tomorrow 3pm"', "Sync tomorrow 3pm", None),
    b.draft("Top 10 ideas", "Top 10 ideas", None),
    b.draft("Q3 planning", "Q3 planning", None),
    b.draft("Room 101", "Room 101", None),
    b.draft("right now", "", None),
    b.draft("Incident bridge asap", "Incident bridge", None),
    # numbers and date-ish words that stay in the topic
    b.draft("Top 10 ideas tomorrow 3pm", "Top 10 ideas", "2026-11-25 15:00"),
    b.draft("OKR 2027 review Friday 4pm", "OKR 2027 review", "2026-11-27 16:00"),
    b.draft("Room 101 sync in 2 hours", "Room 101 sync", "2026-11-24 12:00"),
    b.draft("Bob's 1:1 tomorrow 3pm", "Bob's 1:1", "2026-11-25 15:00"),
    b.draft("<@U123ABC> sync tomorrow 3pm", "<@U123ABC> sync", "2026-11-25 15:00"),
    b.draft('"Top 3pm tips" tomorrow 10am', "Top 3pm tips", "2026-11-25 10:00"),
    b.draft("3D printing demo tomorrow 2pm", "3D printing demo", "2026-11-25 14:00"),
    # capitals, punctuation, word order
    b.draft("SYNC TOMORROW 3PM", "SYNC", "2026-11-25 15:00"),
    b.draft("Standup Tomorrow At 9AM", "Standup", "2026-11-25 09:00"),
    b.draft("Retro, Friday 4pm", "Retro", "2026-11-27 16:00"),
    b.draft("Sync tomorrow at 3pm.", "Sync", "2026-11-25 15:00"),
    b.draft("tomorrow 3pm design review", "design review", "2026-11-25 15:00"),
    b.draft("Sync tomorrow 3pm with design", "Sync with design", "2026-11-25 15:00"),
    # durations
    b.draft("Planning tomorrow 3pm for 45m", "Planning", "2026-11-25 15:00", 45),
    b.draft("Interview Friday 2pm for 1h30", "Interview", "2026-11-27 14:00", 90),
    b.draft("Offsite tomorrow 9am for two hours", "Offsite", "2026-11-25 09:00", 120),
    b.draft("Chat tomorrow 11am for half an hour", "Chat", "2026-11-25 11:00", 30),
    b.draft("Workshop Thursday 1pm for ninety minutes", "Workshop", "2026-11-26 13:00", 90),
    # the first 01:30 of 7 Nov 2027 (rule 19)
    b.draft("Night ops Nov 7 1:30am", "Night ops", "2027-11-07 01:30", utc="2027-11-07 05:30"),
    # refusals
    b.refuse("Standup today 9am"),
    b.refuse("Retro yesterday 3pm"),
    b.refuse("Sync Feb 30 3pm"),
    b.refuse("Offsite tomorrow 3pm for 2 days"),
    b.refuse("Kickoff Dec 3 2029 3pm"),
    b.refuse("this morning at 8am"),
    b.refuse("Sync Mar 14 2:30am"),  # 2027-03-14 02:30 does not exist in New York
    b.refuse("Sync Nov 20 2026 3pm"),
    b.refuse("April 31 10am"),
    b.refuse("Reunion in 3 years"),
]

# New York across the spring-forward night: now Sat 13 Mar 2027 10:00 EST (15:00 UTC)
b = Block(NY, NY_SPRING)
NY_SPRING_ROWS = [
    b.refuse("tomorrow 2:30am"),
    b.draft("Standup tomorrow 3:30am", "Standup", "2027-03-14 03:30", utc="2027-03-14 07:30"),
    b.draft("in 24 hours", "", "2027-03-14 11:00", utc="2027-03-14 15:00"),
    b.draft("in 1 day", "", "2027-03-14 10:00", utc="2027-03-14 14:00"),
    b.refuse("Deploy tomorrow 2am"),
    b.refuse("tomorrow 02:30"),
    b.refuse("Sunday 2:15am"),
    b.draft("Deploy tomorrow 1:30am", "Deploy", "2027-03-14 01:30", utc="2027-03-14 06:30"),
    b.draft("tomorrow 9am", "", "2027-03-14 09:00", utc="2027-03-14 13:00"),
    b.draft("Brunch Sunday 11am", "Brunch", "2027-03-14 11:00", utc="2027-03-14 15:00"),
    b.draft("in 18 hours", "", "2027-03-14 05:00", utc="2027-03-14 09:00"),
    b.draft("in 16 hours", "", "2027-03-14 03:00", utc="2027-03-14 07:00"),
    b.draft("Monday 9am", "", "2027-03-15 09:00", utc="2027-03-15 13:00"),
    b.draft("daily 9am", "", "2027-03-14 09:00", recurrence=DAILY, utc="2027-03-14 13:00"),
    b.draft("in 2 days", "", "2027-03-15 10:00", utc="2027-03-15 14:00"),
    b.draft("tonight 11pm", "", "2027-03-13 23:00", utc="2027-03-14 04:00"),
    b.draft("in 12 hours", "", "2027-03-13 22:00", utc="2027-03-14 03:00"),
    b.ask("tomorrow at 7", "", "2027-03-14 07:00", "2027-03-14 19:00"),
]

# New York across the fall-back night: now Sat 6 Nov 2027 10:00 EDT (14:00 UTC)
b = Block(NY, NY_FALL)
NY_FALL_ROWS = [
    b.draft("tomorrow 1:30am", "", "2027-11-07 01:30", utc="2027-11-07 05:30"),  # the first, EDT
    b.draft("Patch window Sunday 1am", "Patch window", "2027-11-07 01:00", utc="2027-11-07 05:00"),
    b.draft("tomorrow 01:15", "", "2027-11-07 01:15", utc="2027-11-07 05:15"),
    b.draft("tomorrow 2am", "", "2027-11-07 02:00", utc="2027-11-07 07:00"),
    b.draft("tomorrow 12:30am", "", "2027-11-07 00:30", utc="2027-11-07 04:30"),
    b.draft("in 24 hours", "", "2027-11-07 09:00", utc="2027-11-07 14:00"),
    b.draft("in 1 day", "", "2027-11-07 10:00", utc="2027-11-07 15:00"),
    b.draft("in 14 hours", "", "2027-11-07 00:00", utc="2027-11-07 04:00"),
    b.draft("in 16 hours", "", "2027-11-07 01:00", utc="2027-11-07 06:00"),  # elapsed: the second 01:00
    b.draft("tomorrow 3pm", "", "2027-11-07 15:00", utc="2027-11-07 20:00"),
    b.draft("Sync tomorrow 1:45 am", "Sync", "2027-11-07 01:45", utc="2027-11-07 05:45"),
    b.draft("Sunday 9am", "", "2027-11-07 09:00", utc="2027-11-07 14:00"),
    b.refuse("today 9am"),
]

# ---------------------------------------------------------------------------------------------------------
# Berlin, now Tue 24 Nov 2026 10:00 CET (UTC+1)
b = Block(BERLIN)
BERLIN_TUESDAY = [
    b.draft("Finance review the 2nd at 2pm", "Finance review", "2026-12-02 14:00"),
    b.draft("the 28th at 11am", "", "2026-11-28 11:00"),
    b.draft("Sync 1st at 9am", "Sync", "2026-12-01 09:00"),
    b.draft("Retro third of february at 10am", "Retro", "2027-02-03 10:00"),
    b.draft("Ski trip planning tenth of Jan 6pm", "Ski trip planning", "2027-01-10 18:00"),
    b.draft("June fifteen 2pm", "", "2027-06-15 14:00"),
    b.draft("Sun 13th 11am", "", "2026-12-13 11:00"),
    b.ask("Sat 13th 10am", "", "2027-02-13 10:00"),  # 81 days ahead
    b.ask("Review Mon 15th 10am", "Review", "2027-02-15 10:00"),  # 83 days ahead
    b.draft("Fri 15th 3pm", "", "2027-01-15 15:00"),  # 52 days ahead
    b.draft("in 10 days at 9am", "", "2026-12-04 09:00"),
    b.draft("Offsite in 3 weeks", "Offsite", "2026-12-15 10:00"),
    b.draft("Thursday after next 2pm", "", "2026-12-03 14:00"),
    b.draft("Wednesday of next week at 11am", "", "2026-12-02 11:00"),
    b.draft("next week Friday 4pm", "", "2026-12-04 16:00"),
    b.draft("Monday next week 8:30am", "", "2026-11-30 08:30"),
    b.draft("last wednesday of the month 3pm", "", "2026-11-25 15:00"),
    b.draft("Board first monday of next month 9am", "Board", "2026-12-07 09:00"),
    b.draft("Sync quarter past 4pm", "Sync", "2026-11-24 16:15"),
    b.draft("Call ten to 5pm", "Call", "2026-11-24 16:50"),
    b.draft("Standup 9:15a", "Standup", "2026-11-25 09:15"),
    b.draft("Review 4p", "Review", "2026-11-24 16:00"),
    b.draft("Check 1145am", "Check", "2026-11-24 11:45"),
    b.draft("at 1415", "", "2026-11-24 14:15"),
    b.draft("Sync 16h45", "Sync", "2026-11-24 16:45"),
    b.draft("Sync 17h", "Sync", "2026-11-24 17:00"),
    b.draft("Sync tonight at 9", "Sync", "2026-11-24 21:00"),
    b.draft("tomorrow evening at 6", "", "2026-11-25 18:00"),
    b.draft("Friday afternoon at 2", "", "2026-11-27 14:00"),
    b.draft("Walk 7 in the evening", "Walk", "2026-11-24 19:00"),
    b.draft("this evening at 7:30", "", "2026-11-24 19:30"),
    b.draft("in 90 minutes", "", "2026-11-24 11:30"),
    b.draft("Sync in an hour", "Sync", "2026-11-24 11:00"),
    b.draft("in 5 days at 11am", "", "2026-11-29 11:00"),
    b.draft("3 days from now at noon", "", "2026-11-27 12:00"),
    b.draft("Retro 24/12 10:00", "Retro", "2026-12-24 10:00"),
    b.draft("Retro 12/03 15:00", "Retro", "2027-03-12 15:00", locale="de-DE"),
    b.draft("Sync 03/04 9am", "Sync", "2027-04-03 09:00", locale="en-GB"),
    b.draft("Sync 03/04 9am", "Sync", "2027-03-04 09:00", locale="en-US"),
    b.draft("Planung 1.2.2027 10:00", "Planung", "2027-02-01 10:00"),
    b.draft("Dec-24 4pm", "", "2026-12-24 16:00"),
    b.draft("2027-feb-14 7pm", "", "2027-02-14 19:00"),
    b.draft("Sync 3pm ET", "Sync", "2026-11-24 21:00", utc="2026-11-24 20:00"),
    b.draft("Call 9am PT", "Call", "2026-11-24 18:00", utc="2026-11-24 17:00"),
    b.draft("Sync 10:00 UTC", "Sync", "2026-11-24 11:00", utc="2026-11-24 10:00"),
    b.draft("2pm London time", "", "2026-11-24 15:00", utc="2026-11-24 14:00"),
    b.draft("Vendor call 3pm IST", "Vendor call", "2026-11-24 10:30", utc="2026-11-24 09:30"),
    b.draft("Sync 4pm CET", "Sync", "2026-11-24 16:00", utc="2026-11-24 15:00"),
    b.draft("Standup 2027-07-15 3pm EST", "Standup", "2027-07-15 21:00", utc="2027-07-15 19:00"),
    b.draft("Sync Jun 1 3pm BST", "Sync", "2027-06-01 16:00", utc="2027-06-01 14:00"),
    b.draft("Sync Dec 3 9am JST", "Sync", "2026-12-03 01:00", utc="2026-12-03 00:00"),
    b.draft("Team call Jun 1 9:00 CEST", "Team call", "2027-06-01 09:00", utc="2027-06-01 07:00"),
    b.draft("Workshop 2-3pm", "Workshop", "2026-11-24 14:00", 60),
    b.draft("Sync from 4 to 5:30pm", "Sync", "2026-11-24 16:00", 90),
    b.draft("Thursday 9am to 11am", "", "2026-11-26 09:00", 120),
    b.draft("Pairing 13:00-14:15", "Pairing", "2026-11-24 13:00", 75),
    b.draft("Brown bag 11-1pm", "Brown bag", "2026-11-24 11:00", 120),
    b.draft("Jour fixe every Monday 10am", "Jour fixe", "2026-11-30 10:00", recurrence=weekly(MON)),
    b.draft("Standup every weekday 9am", "Standup", "2026-11-25 09:00", recurrence=WEEKDAYS),
    b.draft("Sync every other Thursday 2pm", "Sync", "2026-11-26 14:00", recurrence=weekly(THU, 2)),
    b.draft("Report every month on the 1st 10am", "Report", "2026-12-01 10:00", recurrence=monthly_on(1)),
    b.draft("Review monthly on the second Wednesday 2pm", "Review", "2026-12-09 14:00",
            recurrence=monthly_nth(2, WED)),
    b.draft("Yoga daily 6pm", "Yoga", "2026-11-24 18:00", recurrence=DAILY),
    b.ask("Sync at 8", "Sync", "2026-11-24 20:00", "2026-11-25 08:00"),
    b.ask("Call tomorrow at 2", "Call", "2026-11-25 02:00", "2026-11-25 14:00"),
    b.ask("next Thursday 2pm", "", "2026-11-26 14:00", "2026-12-03 14:00"),
    b.ask("next Sunday at noon", "", "2026-11-29 12:00", "2026-12-06 12:00"),
    b.ask("Release Saturday midnight", "Release", "2026-11-28 00:00", "2026-11-29 00:00"),
    b.ask("Friday afternoon", "", "2026-11-27 14:00"),
    b.ask("this evening", "", "2026-11-24 18:00"),
    b.ask("Dec 3", ""),
    b.ask("Sync at 9:30", "Sync", "2026-11-24 21:30", "2026-11-25 09:30"),
    b.ask("Sync in 3 days at 4", "Sync", "2026-11-27 04:00", "2026-11-27 16:00"),
    b.ask("Wed 3rd 2pm", "", "2027-02-03 14:00"),  # 71 days ahead
    b.ask("Sync by 5pm", "Sync"),
    b.ask("Sync 12/03 15:00", "Sync", "2026-12-03 15:00", "2027-03-12 15:00"),
    b.ask("Sync tomorrow at 3:45", "Sync", "2026-11-25 03:45", "2026-11-25 15:45"),
    b.ask("Retro next Saturday 11am", "Retro", "2026-11-28 11:00", "2026-12-05 11:00"),
    b.ask("Sync tomorrow afternoon", "Sync", "2026-11-25 14:00"),
    b.ask("Sync Tuesday next week", "Sync"),
    b.ask("Call in a few minutes", "Call"),
    b.refuse("today 8am"),
    b.refuse("Sync yesterday at 10am"),
    b.refuse("Feb 29 2027 3pm"),
    b.refuse("Sync Mar 28 2:30am"),  # 2027-03-28 02:30 does not exist in Berlin
    b.refuse("Sync 2029-01-01 10am"),
    b.refuse("Meeting tomorrow 9am for 25 hours"),
    b.draft("Kurze Abstimmung", "Kurze Abstimmung", None),
    b.draft("Sprint 42 retro now", "Sprint 42 retro", None),
    b.draft("Release 2.0 asap", "Release 2.0", None),
    b.draft("Sprint 42 retro tomorrow 4pm", "Sprint 42 retro", "2026-11-25 16:00"),
    b.draft("v2.0 launch tomorrow 11am", "v2.0 launch", "2026-11-25 11:00"),
    b.draft("<@U123ABC> 1:1 Friday 11am", "<@U123ABC> 1:1", "2026-11-27 11:00"),
    b.draft("Night shift Oct 31 2:30am", "Night shift", "2027-10-31 02:30", utc="2027-10-31 00:30"),  # CEST
]

# Berlin, now Sun 22 Nov 2026 10:00 CET
b = Block(BERLIN, SUNDAY)
BERLIN_SUNDAY = [
    b.draft("next Monday 10am", "", "2026-11-23 10:00"),
    b.draft("Sync next Friday 3pm", "Sync", "2026-11-27 15:00"),
    b.draft("Friday after next 3pm", "", "2026-12-04 15:00"),
    b.draft("Tuesday next week 9am", "", "2026-11-24 09:00"),
    b.draft("next week Mon 9 am", "", "2026-11-23 09:00"),
    b.draft("Friday of next week at 9am", "", "2026-11-27 09:00"),
    b.draft("in a week at 3pm", "", "2026-11-29 15:00"),
    b.draft("Planning in two weeks", "Planning", "2026-12-06 10:00"),
    b.draft("Sunday 3pm", "", "2026-11-22 15:00"),
    b.draft("Sunday 9am", "", "2026-11-29 09:00"),
    b.draft("Monday after next 11am", "", "2026-11-30 11:00"),
    b.draft("tomorrow 3pm", "", "2026-11-23 15:00"),
    b.draft("Standup every weekday 9:30am", "Standup", "2026-11-23 09:30", recurrence=WEEKDAYS),
    b.draft("Family call every Sunday 11am", "Family call", "2026-11-22 11:00", recurrence=weekly(SUN)),
    b.draft("daily 9am", "", "2026-11-23 09:00", recurrence=DAILY),
    b.draft("Review monthly on the last Sunday 5pm", "Review", "2026-11-29 17:00",
            recurrence=monthly_nth(-1, SUN)),
    b.draft("Rent every month on the 22nd at 3pm", "Rent", "2026-11-22 15:00", recurrence=monthly_on(22)),
    b.draft("the 22nd at 3pm", "", "2026-11-22 15:00"),
    b.draft("the 22nd at 9am", "", "2026-12-22 09:00"),
    b.draft("next Saturday 10am", "", "2026-11-28 10:00"),
    b.draft("Saturday 10am", "", "2026-11-28 10:00"),
    b.ask("at 7", "", "2026-11-22 19:00", "2026-11-23 07:00"),
    b.ask("Sync at 9", "Sync", "2026-11-22 21:00", "2026-11-23 09:00"),
    b.ask("Friday midnight", "", "2026-11-27 00:00", "2026-11-28 00:00"),
    b.ask("tomorrow morning", "", "2026-11-23 09:00"),
    b.ask("Mon 13th 3pm", "", "2027-09-13 15:00"),
    b.ask("Sync Wednesday at 3", "Sync", "2026-11-25 03:00", "2026-11-25 15:00"),
    b.refuse("today 9am"),
    b.refuse("yesterday 3pm"),
]

# Berlin across the spring-forward night: now Sat 27 Mar 2027 10:00 CET (09:00 UTC)
b = Block(BERLIN, EU_SPRING)
BERLIN_SPRING_ROWS = [
    b.refuse("tomorrow 2:30am"),
    b.draft("Maintenance tomorrow 3:30am", "Maintenance", "2027-03-28 03:30", utc="2027-03-28 01:30"),
    b.draft("Maintenance tomorrow 1:30am", "Maintenance", "2027-03-28 01:30", utc="2027-03-28 00:30"),
    b.draft("in 24 hours", "", "2027-03-28 11:00", utc="2027-03-28 09:00"),
    b.draft("in 1 day", "", "2027-03-28 10:00", utc="2027-03-28 08:00"),
    b.refuse("Sunday 02:15"),
    b.refuse("Backup tomorrow 2am"),
    b.draft("Sunday 9am", "", "2027-03-28 09:00", utc="2027-03-28 07:00"),
    b.draft("in 20 hours", "", "2027-03-28 07:00", utc="2027-03-28 05:00"),
    b.draft("Monday 9am", "", "2027-03-29 09:00", utc="2027-03-29 07:00"),
    b.draft("tonight 11pm", "", "2027-03-27 23:00", utc="2027-03-27 22:00"),
    b.draft("in 2 hours", "", "2027-03-27 12:00", utc="2027-03-27 11:00"),
]

# ---------------------------------------------------------------------------------------------------------
# Kolkata, now Tue 24 Nov 2026 10:00 IST (UTC+5:30) = 04:30 UTC
b = Block(KOLKATA)
KOLKATA_TUESDAY = [
    b.draft("Sprint review on the 18th at 3pm", "Sprint review", "2026-12-18 15:00"),
    b.draft("the 26th at 11am", "", "2026-11-26 11:00"),
    b.draft("Sync 2nd at 4 p.m.", "Sync", "2026-12-02 16:00"),
    b.draft("Diwali prep first of november 10am", "Diwali prep", "2027-11-01 10:00"),
    b.draft("twelfth of Feb 2pm", "", "2027-02-12 14:00"),
    b.draft("Offsite March twenty one 9am", "Offsite", "2027-03-21 09:00"),
    b.draft("Sun 3rd 11am", "", "2027-01-03 11:00"),  # 40 days ahead
    b.ask("Mon 1st 9am", "", "2027-02-01 09:00"),  # 69 days ahead
    b.ask("Sync Fri 5th 11am", "Sync", "2027-02-05 11:00"),  # 73 days ahead
    b.draft("Sat 5th 10am", "", "2026-12-05 10:00"),
    b.draft("Demo in 7 days at 4pm", "Demo", "2026-12-01 16:00"),
    b.draft("in a week", "", "2026-12-01 10:00"),
    b.draft("Review saturday after next at 11am", "Review", "2026-12-05 11:00"),
    b.draft("Thursday next week 5pm", "", "2026-12-03 17:00"),
    b.draft("next week Tue 10 am", "", "2026-12-01 10:00"),
    b.draft("Sunday of next week at 6pm", "", "2026-12-06 18:00"),
    b.draft("Planning in two weeks at 2pm", "Planning", "2026-12-08 14:00"),
    b.draft("Townhall first friday of december 4pm", "Townhall", "2026-12-04 16:00"),
    b.draft("last monday of the month 11am", "", "2026-11-30 11:00"),
    b.draft("Sync half past 4pm", "Sync", "2026-11-24 16:30"),
    b.draft("Chai a quarter past noon", "Chai", "2026-11-24 12:15"),
    b.draft("Call 10 minutes past 5pm", "Call", "2026-11-24 17:10"),
    b.draft("twenty five after 2pm", "", "2026-11-24 14:25"),
    b.draft("Sync 5p", "Sync", "2026-11-24 17:00"),
    b.draft("Standup 10:30a", "Standup", "2026-11-24 10:30"),
    b.draft("Call 6:45p", "Call", "2026-11-24 18:45"),
    b.draft("Sync 415pm", "Sync", "2026-11-24 16:15"),
    b.draft("at 1130", "", "2026-11-24 11:30"),
    b.draft("Review 14h30", "Review", "2026-11-24 14:30"),
    b.draft("Review 18h", "Review", "2026-11-24 18:00"),
    b.draft("Sync noonish", "Sync", "2026-11-24 12:00"),
    b.draft("Sync 4ish pm", "Sync", "2026-11-24 16:00"),
    b.draft("seven thirty pm", "", "2026-11-24 19:30"),
    b.draft("Review this afternoon at 4:10", "Review", "2026-11-24 16:10"),
    b.draft("Dinner tonight 8:30", "Dinner", "2026-11-24 20:30"),
    b.draft("Call 9 tonight", "Call", "2026-11-24 21:00"),
    b.draft("Yoga 6 in the morning", "Yoga", "2026-11-25 06:00"),
    b.draft("at 4 in the afternoon", "", "2026-11-24 16:00"),
    b.draft("tomorrow morning at 8", "", "2026-11-25 08:00"),
    b.draft("Saturday late evening at 9:30", "", "2026-11-28 21:30"),
    b.draft("in five minutes", "", "2026-11-24 10:05"),
    b.draft("Sync in a couple of hours", "Sync", "2026-11-24 12:00"),
    b.draft("in about an hour", "", "2026-11-24 11:00"),
    b.draft("in 45 minutes", "", "2026-11-24 10:45"),
    b.draft("Renewal in 1 month at 3pm", "Renewal", "2026-12-24 15:00"),
    b.draft("20 minutes from now", "", "2026-11-24 10:20"),
    b.draft("three days from now at 11am", "", "2026-11-27 11:00"),
    b.draft("Nov/30 3pm", "", "2026-11-30 15:00"),
    b.draft("Feb-14 7pm", "", "2027-02-14 19:00"),
    b.draft("5-20 10:00", "", "2027-05-20 10:00"),
    b.draft("2027-jan-26 9am", "", "2027-01-26 09:00"),
    b.draft("Parade prep January 25 around 5pm", "Parade prep", "2027-01-25 17:00"),
    b.ask("Sync 1/2 2pm", "Sync", "2027-01-02 14:00", "2027-02-01 14:00"),
    b.draft("Sync 1/2 2pm", "Sync", "2027-02-01 14:00", locale="en-GB"),
    b.draft("Sync 1/2 2pm", "Sync", "2027-01-02 14:00", locale="en-US"),
    b.draft("Sync 30/11 4pm", "Sync", "2026-11-30 16:00"),
    b.draft("Sync 3pm IST", "Sync", "2026-11-24 15:00", utc="2026-11-24 09:30"),
    b.draft("Sync 10:00 UTC", "Sync", "2026-11-24 15:30", utc="2026-11-24 10:00"),
    b.draft("Call 3pm ET", "Call", "2026-11-25 01:30", utc="2026-11-24 20:00"),
    b.draft("Call 9am PT", "Call", "2026-11-24 22:30", utc="2026-11-24 17:00"),
    b.draft("Sync 4pm CET", "Sync", "2026-11-24 20:30", utc="2026-11-24 15:00"),
    b.draft("2pm London time", "", "2026-11-24 19:30", utc="2026-11-24 14:00"),
    b.draft("Sync 15:00 Europe/Berlin", "Sync", "2026-11-24 19:30", utc="2026-11-24 14:00"),
    b.draft("Sync Dec 3 10am AEDT", "Sync", "2026-12-03 04:30", utc="2026-12-02 23:00"),
    b.draft("Workshop 4-5pm", "Workshop", "2026-11-24 16:00", 60),
    b.draft("from 2 to 3:30pm", "", "2026-11-24 14:00", 90),
    b.draft("tomorrow 3pm to 5pm", "", "2026-11-25 15:00", 120),
    b.draft("Sync 11:00-11:30", "Sync", "2026-11-24 11:00", 30),
    b.draft("Clinic 12-2pm", "Clinic", "2026-11-24 12:00", 120),
    b.draft("Standup every weekday 10:30am", "Standup", "2026-11-24 10:30", recurrence=WEEKDAYS),
    b.draft("1:1 every Wednesday 5pm for 30m", "1:1", "2026-11-25 17:00", 30, recurrence=weekly(WED)),
    b.draft("Review every other Monday 11am", "Review", "2026-11-30 11:00", recurrence=weekly(MON, 2)),
    b.draft("Sync monthly on the fourth Thursday 10am", "Sync", "2026-11-26 10:00",
            recurrence=monthly_nth(4, THU)),
    b.draft("Invoices every month on the 5th 3pm", "Invoices", "2026-12-05 15:00", recurrence=monthly_on(5)),
    b.draft("daily 6pm", "", "2026-11-24 18:00", recurrence=DAILY),
    b.ask("Sync at 6", "Sync", "2026-11-24 18:00", "2026-11-25 06:00"),
    b.ask("Call tomorrow at 4", "Call", "2026-11-25 04:00", "2026-11-25 16:00"),
    b.ask("next Saturday 10am", "", "2026-11-28 10:00", "2026-12-05 10:00"),
    b.ask("Sunday midnight", "", "2026-11-29 00:00", "2026-11-30 00:00"),
    b.ask("tomorrow afternoon", "", "2026-11-25 14:00"),
    b.ask("Thursday", ""),
    b.ask("Sync in a few minutes", "Sync"),
    b.ask("at 9:15", "", "2026-11-24 21:15", "2026-11-25 09:15"),
    b.ask("quarter past 5", "", "2026-11-24 17:15", "2026-11-25 05:15"),
    b.ask("Demo Monday at 3", "Demo", "2026-11-30 03:00", "2026-11-30 15:00"),
    b.ask("Review next Friday at 5pm", "Review", "2026-11-27 17:00", "2026-12-04 17:00"),
    b.ask("Sync eod", "Sync"),
    b.ask("Offsite Dec 15", "Offsite"),
    b.ask("Sync tonight", "Sync", "2026-11-24 19:00"),
    b.ask("Call at 8:30", "Call", "2026-11-24 20:30", "2026-11-25 08:30"),
    b.refuse("Sync today 9:30am"),
    b.refuse("yesterday 5pm"),
    b.refuse("Feb 30 10am"),
    b.refuse("Sync tomorrow 4pm for 3 days"),
    b.refuse("Dec 25 2028 10am"),
    b.draft("Standup sync", "Standup sync", None),
    b.draft("Q4 planning", "Q4 planning", None),
    b.draft("Sync right now", "Sync", None),
    b.draft("Top 5 risks tomorrow 3pm", "Top 5 risks", "2026-11-25 15:00"),
    b.draft("FY2027 budget Friday 4pm", "FY2027 budget", "2026-11-27 16:00"),
    b.draft("<@U777XYZ> review Thursday 11am", "<@U777XYZ> review", "2026-11-26 11:00"),
    b.draft("Review tomorrow 3pm for 45 minutes", "Review", "2026-11-25 15:00", 45),
    b.draft("Training Friday 10am for 2 hours", "Training", "2026-11-27 10:00", 120),
    b.draft("Sync tomorrow 4pm for an hour", "Sync", "2026-11-25 16:00", 60),
]

# Kolkata, now Sun 22 Nov 2026 10:00 IST
b = Block(KOLKATA, SUNDAY)
KOLKATA_SUNDAY = [
    b.draft("next Monday 9am", "", "2026-11-23 09:00"),
    b.draft("next Wednesday 3pm", "", "2026-11-25 15:00"),
    b.draft("Wednesday after next 3pm", "", "2026-12-02 15:00"),
    b.draft("Thursday next week 11am", "", "2026-11-26 11:00"),
    b.draft("in a week at 5pm", "", "2026-11-29 17:00"),
    b.draft("Sunday 6pm", "", "2026-11-22 18:00"),
    b.draft("Sunday 8am", "", "2026-11-29 08:00"),
    b.draft("Standup every weekday 9:30am", "Standup", "2026-11-23 09:30", recurrence=WEEKDAYS),
    b.draft("Cricket every Sunday 4pm", "Cricket", "2026-11-22 16:00", recurrence=weekly(SUN)),
    b.draft("in 3 days", "", "2026-11-25 10:00"),
    b.ask("at 5", "", "2026-11-22 17:00", "2026-11-23 05:00"),
    b.ask("tonight", "", "2026-11-22 19:00"),
    b.ask("Sync Monday", "Sync"),
    b.refuse("today 8am"),
]

# ---------------------------------------------------------------------------------------------------------
# Adelaide, now Tue 24 Nov 2026 10:00 ACDT (UTC+10:30) = Mon 23 Nov 23:30 UTC
b = Block(ADELAIDE)
ADELAIDE_TUESDAY = [
    b.draft("Grant review on the 10th at 2pm", "Grant review", "2026-12-10 14:00"),
    b.draft("the 27th at 9am", "", "2026-11-27 09:00"),
    b.draft("Sync 8th at 5 p.m.", "Sync", "2026-12-08 17:00"),
    b.draft("first of april 11am", "", "2027-04-01 11:00"),
    b.draft("Vintage tasting fifth of Feb 6pm", "Vintage tasting", "2027-02-05 18:00"),
    b.draft("Debrief July nineteen 10am", "Debrief", "2027-07-19 10:00"),
    b.draft("Thu 3rd 4pm", "", "2026-12-03 16:00"),
    b.ask("Tue 13th 3pm", "", "2027-04-13 15:00"),  # 140 days ahead
    b.ask("Review Thu 13th 10am", "Review", "2027-05-13 10:00"),  # 170 days ahead
    b.draft("Fri 1st 10am", "", "2027-01-01 10:00"),  # 38 days ahead
    b.draft("Regatta planning in 7 days at 6pm", "Regatta planning", "2026-12-01 18:00"),
    b.draft("in a week at noon", "", "2026-12-01 12:00"),
    b.draft("wednesday after next at 10am", "", "2026-12-02 10:00"),
    b.draft("Monday next week 9am", "", "2026-11-30 09:00"),
    b.draft("next week Fri 3 pm", "", "2026-12-04 15:00"),
    b.draft("Thursday of next week at 1pm", "", "2026-12-03 13:00"),
    b.draft("in two weeks", "", "2026-12-08 10:00"),
    b.draft("in 4 weeks at 3pm", "", "2026-12-22 15:00"),
    b.draft("second tuesday of march at 3pm", "", "2027-03-09 15:00"),
    b.draft("last thursday of the month 4pm", "", "2026-11-26 16:00"),
    b.draft("Sync half past 2pm", "Sync", "2026-11-24 14:30"),
    b.draft("Call a quarter to 5pm", "Call", "2026-11-24 16:45"),
    b.draft("5 minutes past 4pm", "", "2026-11-24 16:05"),
    b.draft("Sync ten after 11am", "Sync", "2026-11-24 11:10"),
    b.draft("Sync 2p", "Sync", "2026-11-24 14:00"),
    b.draft("Standup 9:30a", "Standup", "2026-11-25 09:30"),
    b.draft("Call 8p", "Call", "2026-11-24 20:00"),
    b.draft("Call 4:40p", "Call", "2026-11-24 16:40"),
    b.draft("Sync 245pm", "Sync", "2026-11-24 14:45"),
    b.draft("at 1145", "", "2026-11-24 11:45"),
    b.draft("Review 13h15", "Review", "2026-11-24 13:15"),
    b.draft("Review 16h", "Review", "2026-11-24 16:00"),
    b.draft("Catch up mid-day", "Catch up", "2026-11-24 12:00"),
    b.draft("Sync 5ish pm", "Sync", "2026-11-24 17:00"),
    b.draft("nine fifteen pm", "", "2026-11-24 21:15"),
    b.draft("Review this afternoon at 2:45", "Review", "2026-11-24 14:45"),
    b.draft("Drinks tonight 6:30", "Drinks", "2026-11-24 18:30"),
    b.draft("Call 7 tonight", "Call", "2026-11-24 19:00"),
    b.draft("Surf 6 in the morning", "Surf", "2026-11-25 06:00"),
    b.draft("at 2 in the afternoon", "", "2026-11-24 14:00"),
    b.draft("tomorrow morning at 6", "", "2026-11-25 06:00"),
    b.draft("Friday late evening at 10:30", "", "2026-11-27 22:30"),
    b.draft("in ten minutes", "", "2026-11-24 10:10"),
    b.draft("Sync in a couple of hours", "Sync", "2026-11-24 12:00"),
    b.draft("in about half an hour", "", "2026-11-24 10:30"),
    b.draft("in 2 hours", "", "2026-11-24 12:00"),
    b.draft("in 1 month", "", "2026-12-24 10:00"),
    b.draft("an hour from now", "", "2026-11-24 11:00"),
    b.draft("four days from now at 2pm", "", "2026-11-28 14:00"),
    b.draft("Dec/5 3pm", "", "2026-12-05 15:00"),
    b.draft("Mar-3 9am", "", "2027-03-03 09:00"),
    b.draft("1-26 10:00", "", "2027-01-26 10:00"),
    b.draft("2027-apr-4 9am", "", "2027-04-04 09:00", utc="2027-04-03 23:30"),  # ACST again by then
    b.draft("Board June 30 around 9:00am", "Board", "2027-06-30 09:00"),
    b.ask("Sync 5/6 3pm", "Sync", "2027-05-06 15:00", "2027-06-05 15:00"),
    b.draft("Sync 5/6 3pm", "Sync", "2027-06-05 15:00", locale="en-AU"),
    b.draft("Sync 5/6 3pm", "Sync", "2027-05-06 15:00", locale="en-US"),
    b.draft("Sync 3pm ET", "Sync", "2026-11-25 06:30", utc="2026-11-24 20:00"),
    b.draft("Call 9am PT", "Call", "2026-11-25 03:30", utc="2026-11-24 17:00"),
    b.draft("Sync 4pm CET", "Sync", "2026-11-25 01:30", utc="2026-11-24 15:00"),
    b.draft("Sync 2pm AEDT", "Sync", "2026-11-24 13:30", utc="2026-11-24 03:00"),
    b.draft("Sync 3pm JST", "Sync", "2026-11-24 16:30", utc="2026-11-24 06:00"),
    b.draft("Sync 4pm WIB", "Sync", "2026-11-24 19:30", utc="2026-11-24 09:00"),
    b.draft("Sync 15:00 UTC", "Sync", "2026-11-25 01:30", utc="2026-11-24 15:00"),
    b.draft("Sync Dec 3 10:00 UTC", "Sync", "2026-12-03 20:30", utc="2026-12-03 10:00"),
    b.draft("Sync 3pm IST", "Sync", "2026-11-24 20:00", utc="2026-11-24 09:30"),
    b.draft("Sync 2pm London time", "Sync", "2026-11-25 00:30", utc="2026-11-24 14:00"),
    b.draft("Workshop 1-2pm", "Workshop", "2026-11-24 13:00", 60),
    b.draft("from 4 to 5:15pm", "", "2026-11-24 16:00", 75),
    b.draft("tomorrow 9am to 10:30am", "", "2026-11-25 09:00", 90),
    b.draft("Sync tomorrow 14:00-14:50", "Sync", "2026-11-25 14:00", 50),
    b.draft("Lab 11am-12:30pm", "Lab", "2026-11-24 11:00", 90),
    b.draft("Standup every weekday 8:45am", "Standup", "2026-11-25 08:45", recurrence=WEEKDAYS),
    b.draft("1:1 every Thursday 3pm for 45m", "1:1", "2026-11-26 15:00", 45, recurrence=weekly(THU)),
    b.draft("Review every other Tuesday 2pm", "Review", "2026-11-24 14:00", recurrence=weekly(TUE, 2)),
    b.draft("Sync monthly on the first Monday 10am", "Sync", "2026-12-07 10:00", recurrence=monthly_nth(1, MON)),
    b.draft("Rent every month on the 1st 9am", "Rent", "2026-12-01 09:00", recurrence=monthly_on(1)),
    b.draft("Walk daily 7am", "Walk", "2026-11-25 07:00", recurrence=DAILY),
    b.ask("at 4", "", "2026-11-24 16:00", "2026-11-25 04:00"),
    b.ask("Sync tomorrow at 8", "Sync", "2026-11-25 08:00", "2026-11-25 20:00"),
    b.ask("next Friday 11am", "", "2026-11-27 11:00", "2026-12-04 11:00"),
    b.ask("Thursday midnight", "", "2026-11-26 00:00", "2026-11-27 00:00"),
    b.ask("Monday morning", "", "2026-11-30 09:00"),
    b.ask("Sync Saturday", "Sync"),
    b.ask("Call next week", "Call"),
    b.ask("Sync at 9:45", "Sync", "2026-11-24 21:45", "2026-11-25 09:45"),
    b.ask("Sync Thursday at 1", "Sync", "2026-11-26 01:00", "2026-11-26 13:00"),
    b.ask("in 2 days at 5", "", "2026-11-26 05:00", "2026-11-26 17:00"),
    b.ask("Barbecue next Sunday 1pm", "Barbecue", "2026-11-29 13:00", "2026-12-06 13:00"),
    b.ask("Sync after 3pm", "Sync"),
    b.ask("Sync this afternoon", "Sync", "2026-11-24 14:00"),
    b.ask("Sync Jan 20", "Sync"),
    b.ask("Call at 5:30", "Call", "2026-11-24 17:30", "2026-11-25 05:30"),
    b.refuse("today 9am"),
    b.refuse("yesterday 11am"),
    b.refuse("Sync Oct 3 2:30am"),  # 2027-10-03 02:30 does not exist in Adelaide
    b.refuse("Sync June 31 3pm"),
    b.refuse("Sync 2030-03-01 9am"),
    b.refuse("tomorrow 10am for 30 hours"),
    b.draft("Sync Apr 4 2:30am", "Sync", "2027-04-04 02:30", utc="2027-04-03 16:00"),  # the first, ACDT
    b.draft("Sprint 7 demo", "Sprint 7 demo", None),
    b.draft("Incident review right now", "Incident review", None),
    b.draft("Top 3 priorities Friday 10am", "Top 3 priorities", "2026-11-27 10:00"),
    b.draft("Room 2B sync in 30 minutes", "Room 2B sync", "2026-11-24 10:30"),
    b.draft("Anna's 1:1 tomorrow 2pm", "Anna's 1:1", "2026-11-25 14:00"),
    b.draft("Planning tomorrow 1pm for 1h15", "Planning", "2026-11-25 13:00", 75),
    b.draft("Review Friday 3pm for 20 minutes", "Review", "2026-11-27 15:00", 20),
]

# ---------------------------------------------------------------------------------------------------------
# Kathmandu, now Tue 24 Nov 2026 10:00 NPT (UTC+5:45) = 04:15 UTC
b = Block(KATHMANDU)
KATHMANDU_TUESDAY = [
    b.draft("Trek planning on the 20th at 5pm", "Trek planning", "2026-12-20 17:00"),
    b.draft("the 29th at 10am", "", "2026-11-29 10:00"),
    b.draft("Sync 4th at 3 p.m.", "Sync", "2026-12-04 15:00"),
    b.draft("first of june at 3pm", "", "2027-06-01 15:00"),
    b.draft("third of Sept 9am", "", "2027-09-03 09:00"),
    b.draft("Festival August twenty 6pm", "Festival", "2027-08-20 18:00"),
    b.draft("Sat 5th 2pm", "", "2026-12-05 14:00"),
    b.ask("Sat 3rd 10am", "", "2027-04-03 10:00"),  # 130 days ahead
    b.draft("Tue 5th 4pm", "", "2027-01-05 16:00"),  # 42 days ahead
    b.draft("Review in 7 days at 10am", "Review", "2026-12-01 10:00"),
    b.draft("in a week at 6pm", "", "2026-12-01 18:00"),
    b.draft("sunday after next at 3pm", "", "2026-12-06 15:00"),
    b.draft("Wednesday next week 4pm", "", "2026-12-02 16:00"),
    b.draft("next week Sat 11 am", "", "2026-12-05 11:00"),
    b.draft("Monday of next week at 9am", "", "2026-11-30 09:00"),
    b.draft("in three weeks", "", "2026-12-15 10:00"),
    b.draft("last tuesday of january 3pm", "", "2027-01-26 15:00"),
    b.draft("fourth friday of december 2pm", "", "2026-12-25 14:00"),
    b.draft("Sync half past 5pm", "Sync", "2026-11-24 17:30"),
    b.draft("a quarter to 6pm", "", "2026-11-24 17:45"),
    b.draft("Call 25 minutes past 1pm", "Call", "2026-11-24 13:25"),
    b.draft("Sync twenty after 4pm", "Sync", "2026-11-24 16:20"),
    b.draft("Sync 6p", "Sync", "2026-11-24 18:00"),
    b.draft("Standup 11:00a", "Standup", "2026-11-24 11:00"),
    b.draft("Call 1:20p", "Call", "2026-11-24 13:20"),
    b.draft("Sync 530pm", "Sync", "2026-11-24 17:30"),
    b.draft("at 1015", "", "2026-11-24 10:15"),
    b.draft("Review 17h30", "Review", "2026-11-24 17:30"),
    b.draft("Review 19h", "Review", "2026-11-24 19:00"),
    b.draft("Tea noonish", "Tea", "2026-11-24 12:00"),
    b.draft("Sync 2ish pm", "Sync", "2026-11-24 14:00"),
    b.draft("six fifty pm", "", "2026-11-24 18:50"),
    b.draft("Sync this afternoon at 1:30", "Sync", "2026-11-24 13:30"),
    b.draft("Call tonight 9:15", "Call", "2026-11-24 21:15"),
    b.draft("Match 7 tonight", "Match", "2026-11-24 19:00"),
    b.draft("Hike 5 in the morning", "Hike", "2026-11-25 05:00"),
    b.draft("at 5 in the afternoon", "", "2026-11-24 17:00"),
    b.draft("tomorrow morning at 10", "", "2026-11-25 10:00"),
    b.draft("Thursday late evening at 11", "", "2026-11-26 23:00"),
    b.draft("Sync 12 lunchtime", "Sync", "2026-11-24 12:00"),
    b.draft("in twenty minutes", "", "2026-11-24 10:20"),
    b.draft("in a couple of hours", "", "2026-11-24 12:00"),
    b.draft("in about 2 hours", "", "2026-11-24 12:00"),
    b.draft("in 30 minutes", "", "2026-11-24 10:30"),
    b.draft("in 1 month", "", "2026-12-24 10:00"),
    b.draft("45 minutes from now", "", "2026-11-24 10:45"),
    b.draft("five days from now at 9am", "", "2026-11-29 09:00"),
    b.draft("Jan/15 11am", "", "2027-01-15 11:00"),
    b.draft("Apr-14 9am", "", "2027-04-14 09:00"),
    b.draft("12-31 18:00", "", "2026-12-31 18:00"),
    b.draft("2027-mar-3 9am", "", "2027-03-03 09:00"),
    b.draft("Review May 8 around 10:00am", "Review", "2027-05-08 10:00"),
    b.ask("Sync 6/7 10am", "Sync", "2027-06-07 10:00", "2027-07-06 10:00"),
    b.draft("Sync 6/7 10am", "Sync", "2027-07-06 10:00", locale="en-GB"),
    b.draft("Sync 10:00 UTC", "Sync", "2026-11-24 15:45", utc="2026-11-24 10:00"),
    b.draft("Sync 3pm IST", "Sync", "2026-11-24 15:15", utc="2026-11-24 09:30"),
    b.draft("Call 9am PT", "Call", "2026-11-24 22:45", utc="2026-11-24 17:00"),
    b.draft("Call 3pm ET", "Call", "2026-11-25 01:45", utc="2026-11-24 20:00"),
    b.draft("Sync 4pm CET", "Sync", "2026-11-24 20:45", utc="2026-11-24 15:00"),
    b.draft("2pm London time", "", "2026-11-24 19:45", utc="2026-11-24 14:00"),
    b.draft("Sync Dec 3 9am JST", "Sync", "2026-12-03 05:45", utc="2026-12-03 00:00"),
    b.draft("Workshop 5-6pm", "Workshop", "2026-11-24 17:00", 60),
    b.draft("from 1 to 2:30pm", "", "2026-11-24 13:00", 90),
    b.draft("Friday 3pm to 4pm", "", "2026-11-27 15:00", 60),
    b.draft("Sync 15:30-16:15", "Sync", "2026-11-24 15:30", 45),
    b.draft("Clinic 11-2pm", "Clinic", "2026-11-24 11:00", 180),
    b.draft("Standup every weekday 10:15am", "Standup", "2026-11-24 10:15", recurrence=WEEKDAYS),
    b.draft("1:1 every Friday 4pm for 30m", "1:1", "2026-11-27 16:00", 30, recurrence=weekly(FRI)),
    b.draft("Review every other Wednesday 11am", "Review", "2026-11-25 11:00", recurrence=weekly(WED, 2)),
    b.draft("Sync monthly on the last Tuesday 4pm", "Sync", "2026-11-24 16:00", recurrence=monthly_nth(-1, TUE)),
    b.draft("Payroll every month on the 28th 2pm", "Payroll", "2026-11-28 14:00", recurrence=monthly_on(28)),
    b.draft("daily 8am", "", "2026-11-25 08:00", recurrence=DAILY),
    b.ask("at 2", "", "2026-11-24 14:00", "2026-11-25 02:00"),
    b.ask("Review tomorrow at 6", "Review", "2026-11-25 06:00", "2026-11-25 18:00"),
    b.ask("next Sunday 4pm", "", "2026-11-29 16:00", "2026-12-06 16:00"),
    b.ask("Monday midnight", "", "2026-11-30 00:00", "2026-12-01 00:00"),
    b.ask("tomorrow evening", "", "2026-11-25 18:00"),
    b.ask("Sync Dec 10", "Sync"),
    b.ask("Sync at 9", "Sync", "2026-11-24 21:00", "2026-11-25 09:00"),
    b.ask("Friday at 7:30", "", "2026-11-27 07:30", "2026-11-27 19:30"),
    b.ask("Sync next Thursday 9am", "Sync", "2026-11-26 09:00", "2026-12-03 09:00"),
    b.ask("Sync in a few minutes", "Sync"),
    b.ask("Retro Friday morning", "Retro", "2026-11-27 09:00"),
    b.ask("Sync this month", "Sync"),
    b.ask("at 3 o'clock", "", "2026-11-24 15:00", "2026-11-25 03:00"),
    b.ask("Review on the 1st", "Review"),
    b.refuse("today 9am"),
    b.refuse("yesterday noon"),
    b.refuse("Nov 31 3pm"),
    b.refuse("Sync 2029-06-01 9am"),
    b.refuse("Sync tomorrow 3pm for 0 minutes"),
    b.draft("Dashain prep", "Dashain prep", None),
    b.draft("Top 10 ideas now", "Top 10 ideas", None),
    b.draft("Q1 OKRs Friday 4pm", "Q1 OKRs", "2026-11-27 16:00"),
    b.draft("Room 404 sync tomorrow 11am", "Room 404 sync", "2026-11-25 11:00"),
    b.draft("Sync tomorrow 2pm for 90 minutes", "Sync", "2026-11-25 14:00", 90),
    b.draft("Workshop Friday 10am for 3 hours", "Workshop", "2026-11-27 10:00", 180),
]

# ---------------------------------------------------------------------------------------------------------
# IST is Ireland for a user in Dublin (GMT in November, UTC+1 in summer) and Israel in Jerusalem (UTC+2)
b = Block(DUBLIN)
IST_ROWS = [
    b.draft("Sync 3pm IST", "Sync", "2026-11-24 15:00", utc="2026-11-24 15:00"),
    b.draft("Sync Jul 1 3pm IST", "Sync", "2027-07-01 15:00", utc="2027-07-01 14:00"),
    b.draft("Call 3pm ET", "Call", "2026-11-24 20:00", utc="2026-11-24 20:00"),
    Block(JERUSALEM).draft("Sync 3pm IST", "Sync", "2026-11-24 15:00", utc="2026-11-24 13:00"),
]
# ---------------------------------------------------------------------------------------------------------
# More questions and refusals, zone by zone, now Tue 24 Nov 2026 10:00 unless the block says otherwise
b = Block(NY)
NY_MORE = [
    b.ask("Sync at 1", "Sync", "2026-11-24 13:00", "2026-11-25 01:00"),
    b.ask("Retro at 5:30", "Retro", "2026-11-24 17:30", "2026-11-25 05:30"),
    b.ask("Call Thursday at 6", "Call", "2026-11-26 06:00", "2026-11-26 18:00"),
    b.ask("Review Dec 10 at 4", "Review", "2026-12-10 04:00", "2026-12-10 16:00"),
    b.ask("half past 4", "", "2026-11-24 16:30", "2026-11-25 04:30"),
    b.ask("Sync at five", "Sync", "2026-11-24 17:00", "2026-11-25 05:00"),
    b.ask("Sync at 9:05", "Sync", "2026-11-24 21:05", "2026-11-25 09:05"),  # 9 has passed today
    b.ask("quarter past 9", "", "2026-11-24 21:15", "2026-11-25 09:15"),
    b.ask("next Thursday 10am", "", "2026-11-26 10:00", "2026-12-03 10:00"),
    b.ask("Standup next Saturday 9am", "Standup", "2026-11-28 09:00", "2026-12-05 09:00"),
    b.ask("Thursday morning", "", "2026-11-26 09:00"),
    b.ask("Sync Saturday afternoon", "Sync", "2026-11-28 14:00"),
    b.ask("Dinner Friday evening", "Dinner", "2026-11-27 18:00"),
    b.ask("Sync tomorrow", "Sync"),
    b.ask("Dec 24", ""),
    b.ask("Retro on the 30th", "Retro"),
    b.ask("Wednesday midnight", "", "2026-11-25 00:00", "2026-11-26 00:00"),
    b.ask("Sync 4/5 3pm", "Sync", "2027-04-05 15:00", "2027-05-04 15:00"),
    b.ask("Sync 11/12 3pm", "Sync", "2026-12-11 15:00", "2027-11-12 15:00"),
    b.ask("Thu 1st 2pm", "", "2027-04-01 14:00"),  # 128 days ahead
    b.ask("Review Sat 15th 2pm", "Review", "2027-05-15 14:00"),  # 172 days ahead
    b.ask("Sync in a few hours", "Sync"),
    b.ask("Sync tomorrow by 5pm", "Sync"),
    b.ask("Sync next week Tuesday at 3", "Sync", "2026-12-01 03:00", "2026-12-01 15:00"),
    b.ask("Jan 5 at 3", "", "2027-01-05 03:00", "2027-01-05 15:00"),
    b.ask("Sync twenty past 6", "Sync", "2026-11-24 18:20", "2026-11-25 06:20"),
    b.ask("Standup at 8:45", "Standup", "2026-11-24 20:45", "2026-11-25 08:45"),
    b.ask("Sync Monday at 5", "Sync", "2026-11-30 05:00", "2026-11-30 17:00"),
    b.ask("Sync Mon 5th 9am", "Sync", "2027-04-05 09:00"),  # 132 days ahead
    b.ask("Planning after 4pm", "Planning"),
    b.draft("Sync 6/6 3pm", "Sync", "2027-06-06 15:00"),  # both orders are the same date
    b.draft("Standup at 09:15", "Standup", "2026-11-25 09:15"),  # leading zero: 24-hour, passed today
    b.refuse("Sync 2026-11-23 3pm"),
    b.refuse("Sync last Friday 3pm"),
    b.refuse("Sync Jan 1 2029 9am"),
    b.refuse("Sync Feb 31 10am"),
    b.refuse("Sync 2027-03-14 2:30am"),
    b.refuse("Sync tomorrow 3pm for 36 hours"),
    b.refuse("Sync Nov 24 2026 9am"),
    b.refuse("Sync 30/02 3pm"),
]

b = Block(NY, NY_SPRING)
NY_SPRING_MORE = [
    b.refuse("in 1 day at 2:30am"),
    b.refuse("Sync Sunday 2am"),
]

b = Block(BERLIN)
BERLIN_MORE = [
    b.ask("at 3", "", "2026-11-24 15:00", "2026-11-25 03:00"),
    b.ask("Call at 4:15", "Call", "2026-11-24 16:15", "2026-11-25 04:15"),
    b.ask("Sync Saturday at 2", "Sync", "2026-11-28 02:00", "2026-11-28 14:00"),
    b.ask("Review on the 15th at 7", "Review", "2026-12-15 07:00", "2026-12-15 19:00"),
    b.ask("quarter to 3", "", "2026-11-24 14:45", "2026-11-25 02:45"),
    b.ask("Sync at nine", "Sync", "2026-11-24 21:00", "2026-11-25 09:00"),
    b.ask("half past 9", "", "2026-11-24 21:30", "2026-11-25 09:30"),
    b.ask("next Wednesday 11am", "", "2026-11-25 11:00", "2026-12-02 11:00"),
    b.ask("Sync next Friday 9:30am", "Sync", "2026-11-27 09:30", "2026-12-04 09:30"),
    b.ask("Monday afternoon", "", "2026-11-30 14:00"),
    b.ask("Abendessen tonight", "Abendessen", "2026-11-24 19:00"),
    b.ask("Sync next week Friday", "Sync"),
    b.ask("first of march", ""),
    b.ask("Sync Thursday midnight", "Sync", "2026-11-26 00:00", "2026-11-27 00:00"),
    b.ask("2/3 10am", "", "2027-02-03 10:00", "2027-03-02 10:00"),
    b.ask("Sync 1/12 2pm", "Sync", "2026-12-01 14:00", "2027-01-12 14:00"),
    b.ask("Thu 15th 3pm", "", "2027-04-15 15:00"),  # 142 days ahead
    b.ask("Sync Wed 1st 3pm", "Sync", "2027-09-01 15:00"),  # 281 days ahead
    b.ask("Report by 3pm", "Report"),
    b.ask("Sync next week", "Sync"),
    b.ask("in 2 weeks at 4", "", "2026-12-08 04:00", "2026-12-08 16:00"),
    b.ask("Friday after next at 2", "", "2026-12-04 02:00", "2026-12-04 14:00"),
    b.ask("Sync tomorrow at seven", "Sync", "2026-11-25 07:00", "2026-11-25 19:00"),
    b.ask("at 6 o'clock", "", "2026-11-24 18:00", "2026-11-25 06:00"),
    b.ask("Call tomorrow evening", "Call", "2026-11-25 18:00"),
    b.refuse("Sync 2027-03-28 02:30"),
    b.refuse("Sync Sep 31 2pm"),
    b.refuse("this morning at 9"),
    b.refuse("Sync 2028-12-01 10:00"),
    b.refuse("Workshop tomorrow 9am for 1 week"),
    b.refuse("yesterday at noon"),
]

b = Block(BERLIN, SUNDAY)
BERLIN_SUNDAY_MORE = [
    b.ask("Sync at 4", "Sync", "2026-11-22 16:00", "2026-11-23 04:00"),
    b.ask("Saturday afternoon", "", "2026-11-28 14:00"),
    b.ask("Sync Tuesday", "Sync"),
    b.ask("Sync Friday at 6", "Sync", "2026-11-27 06:00", "2026-11-27 18:00"),
    b.ask("Sat 13th 10am", "", "2027-02-13 10:00"),  # 83 days ahead
    b.ask("Sync in a few minutes", "Sync"),
]

b = Block(BERLIN, EU_SPRING)
BERLIN_SPRING_MORE = [
    b.refuse("Sunday 2:30am"),
    b.refuse("in 1 day at 2:15am"),
]

b = Block(KOLKATA)
KOLKATA_MORE = [
    b.ask("at 2:30", "", "2026-11-24 14:30", "2026-11-25 02:30"),
    b.ask("Sync tomorrow at 1:30", "Sync", "2026-11-25 01:30", "2026-11-25 13:30"),
    b.ask("Retro Sunday at 4", "Retro", "2026-11-29 04:00", "2026-11-29 16:00"),
    b.ask("Sync 12/25 at 6", "Sync", "2026-12-25 06:00", "2026-12-25 18:00"),  # the date is clear, the hour not
    b.ask("Sync at 9:50", "Sync", "2026-11-24 21:50", "2026-11-25 09:50"),
    b.ask("next Thursday 3pm", "", "2026-11-26 15:00", "2026-12-03 15:00"),
    b.ask("next Wednesday 6pm", "", "2026-11-25 18:00", "2026-12-02 18:00"),
    b.ask("Saturday morning", "", "2026-11-28 09:00"),
    b.ask("Sync this afternoon", "Sync", "2026-11-24 14:00"),
    b.ask("Sync Dec 24", "Sync"),
    b.ask("Friday after next", ""),
    b.ask("Saturday midnight", "", "2026-11-28 00:00", "2026-11-29 00:00"),
    b.ask("Sync 10/11 9am", "Sync", "2027-10-11 09:00", "2027-11-10 09:00"),
    b.ask("Sync 7/8 4pm", "Sync", "2027-07-08 16:00", "2027-08-07 16:00"),
    b.ask("Mon 3rd 11am", "", "2027-05-03 11:00"),  # 160 days ahead
    b.ask("Sun 1st 10am", "", "2027-08-01 10:00"),  # 250 days ahead
    b.ask("Call by noon", "Call"),
    b.ask("Sync after 5pm", "Sync"),
    b.ask("Sync at seven", "Sync", "2026-11-24 19:00", "2026-11-25 07:00"),
    b.ask("Standup Friday at 8", "Standup", "2026-11-27 08:00", "2026-11-27 20:00"),
    b.refuse("Sync today 8am"),
    b.refuse("Sync yesterday 9am"),
    b.refuse("Sync 2026-11-20 3pm"),
    b.refuse("Sync April 31 3pm"),
    b.refuse("Sync Jan 1 2030 10am"),
    b.refuse("Sync tomorrow 10am for 48 hours"),
]

b = Block(KOLKATA, SUNDAY)
KOLKATA_SUNDAY_MORE = [
    b.ask("Sync at 9:30", "Sync", "2026-11-22 21:30", "2026-11-23 09:30"),
    b.ask("Monday midnight", "", "2026-11-23 00:00", "2026-11-24 00:00"),
    b.ask("Review tomorrow at 3", "Review", "2026-11-23 03:00", "2026-11-23 15:00"),
    b.ask("Fri 13th 2pm", "", "2027-08-13 14:00"),
    b.ask("Sync 12/03 3pm", "Sync", "2026-12-03 15:00", "2027-03-12 15:00"),
    b.refuse("yesterday 10am"),
    b.refuse("Sync today 9:30am"),
]

b = Block(ADELAIDE)
ADELAIDE_MORE = [
    b.ask("at 8", "", "2026-11-24 20:00", "2026-11-25 08:00"),
    b.ask("Sync at 3:30", "Sync", "2026-11-24 15:30", "2026-11-25 03:30"),
    b.ask("Sync Wednesday at 7", "Sync", "2026-11-25 07:00", "2026-11-25 19:00"),
    b.ask("Review on the 10th at 5", "Review", "2026-12-10 05:00", "2026-12-10 17:00"),
    b.ask("Sync at 9:20", "Sync", "2026-11-24 21:20", "2026-11-25 09:20"),
    b.ask("at nine thirty", "", "2026-11-24 21:30", "2026-11-25 09:30"),
    b.ask("next Saturday 2pm", "", "2026-11-28 14:00", "2026-12-05 14:00"),
    b.ask("Cricket next Sunday 10am", "Cricket", "2026-11-29 10:00", "2026-12-06 10:00"),
    b.ask("Sync Wednesday afternoon", "Sync", "2026-11-25 14:00"),
    b.ask("tonight", "", "2026-11-24 19:00"),
    b.ask("Sync on the 30th", "Sync"),
    b.ask("Wednesday", ""),
    b.ask("Friday midnight", "", "2026-11-27 00:00", "2026-11-28 00:00"),
    b.ask("Sync 3/4 2pm", "Sync", "2027-03-04 14:00", "2027-04-03 14:00"),
    b.ask("Sync 2/1 11am", "Sync", "2027-01-02 11:00", "2027-02-01 11:00"),
    b.ask("Fri 3rd 9am", "", "2027-09-03 09:00"),  # 283 days ahead
    b.ask("Review Thu 5th 1pm", "Review", "2027-08-05 13:00"),  # 254 days ahead
    b.ask("Sync eod", "Sync"),
    b.ask("Sync in a few minutes", "Sync"),
    b.ask("Sync Monday at 2", "Sync", "2026-11-30 02:00", "2026-11-30 14:00"),
    b.refuse("Sync Oct 3 2:15am"),  # 2027-10-03 02:15 does not exist in Adelaide
    b.refuse("Sync this morning at 8am"),
    b.refuse("Sync 2026-11-23 3pm"),
    b.refuse("Sync Feb 31 11am"),
    b.refuse("Sync 2029-12-01 3pm"),
    b.refuse("Sync tomorrow 3pm for 2 days"),
]

b = Block(KATHMANDU)
KATHMANDU_MORE = [
    b.ask("at 6", "", "2026-11-24 18:00", "2026-11-25 06:00"),
    b.ask("Call at 1:45", "Call", "2026-11-24 13:45", "2026-11-25 01:45"),
    b.ask("Sync Saturday at 5", "Sync", "2026-11-28 05:00", "2026-11-28 17:00"),
    b.ask("Sync Jan 12 at 8", "Sync", "2027-01-12 08:00", "2027-01-12 20:00"),
    b.ask("Sync at 9:40", "Sync", "2026-11-24 21:40", "2026-11-25 09:40"),
    b.ask("next Wednesday 2pm", "", "2026-11-25 14:00", "2026-12-02 14:00"),
    b.ask("next Friday 4:30pm", "", "2026-11-27 16:30", "2026-12-04 16:30"),
    b.ask("Sync tomorrow morning", "Sync", "2026-11-25 09:00"),
    b.ask("Thursday afternoon", "", "2026-11-26 14:00"),
    b.ask("Sync Sunday", "Sync"),
    b.ask("Dec 31", ""),
    b.ask("Sync Wednesday midnight", "Sync", "2026-11-25 00:00", "2026-11-26 00:00"),
    b.ask("Sync 8/9 10am", "Sync", "2027-08-09 10:00", "2027-09-08 10:00"),
    b.ask("Sync 12/1 2pm", "Sync", "2026-12-01 14:00", "2027-01-12 14:00"),
    b.ask("Tue 3rd 4pm", "", "2027-08-03 16:00"),  # 252 days ahead
    b.ask("Sat 10th 11am", "", "2027-04-10 11:00"),  # 137 days ahead
    b.ask("Sync tomorrow after 3pm", "Sync"),
    b.ask("Sync next week", "Sync"),
    b.ask("Sync at four", "Sync", "2026-11-24 16:00", "2026-11-25 04:00"),
    b.ask("half past 7", "", "2026-11-24 19:30", "2026-11-25 07:30"),
    b.refuse("Sync 2026-11-24 9am"),
    b.refuse("Sync yesterday 4pm"),
    b.refuse("Sep 31 10am"),
    b.refuse("Sync Dec 3 2029 10am"),
    b.refuse("Sync tomorrow 3pm for 25 hours"),
    b.refuse("Sync this morning at 9:30"),
]
del b

ROWS: list[Row] = [
    *NY_TUESDAY, *NY_SPRING_ROWS, *NY_FALL_ROWS,
    *BERLIN_TUESDAY, *BERLIN_SUNDAY, *BERLIN_SPRING_ROWS,
    *KOLKATA_TUESDAY, *KOLKATA_SUNDAY,
    *ADELAIDE_TUESDAY,
    *KATHMANDU_TUESDAY,
    *IST_ROWS,
    *NY_MORE, *NY_SPRING_MORE, *BERLIN_MORE, *BERLIN_SUNDAY_MORE, *BERLIN_SPRING_MORE,
    *KOLKATA_MORE, *KOLKATA_SUNDAY_MORE, *ADELAIDE_MORE, *KATHMANDU_MORE,
]
