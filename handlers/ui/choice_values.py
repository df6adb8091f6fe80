"""One reading of a question, carried in a button's value: written compactly, read back strictly.

A click comes back from the user's Slack client, so its value is untrusted input, whatever the bot wrote
into the button: every field is checked again as if it had been typed, and a value that does not hold up
(unreadable, a start that has passed by now, a length outside 1..1440 minutes, an unknown zone, a
recurrence Zoom would not take or that the start does not fall on) creates nothing and is explained.

    {"v":1,"t":"Sync","s":"2026-11-24T15:00:00-05:00","d":60,"z":"America/New_York",
     "r":{"type":2,"repeat_interval":1,"end_times":10,"weekly_days":[2,3,4,5,6]},"n":["..."]}

`s` is the start with its UTC offset (null: an instant meeting), `z` the zone it was written in, `r`
Zoom's recurrence fields (omitted when there is none), `n` the notices, `i` the Slack ids of the people the
text mentioned, to invite (omitted when none; at most 25, about 300 characters). Slack caps a value at 2000
characters: a topic is at most 200, so only notices can be too long, and they are dropped, last first.
"""

from __future__ import annotations

import calendar
import json
import re
import unicodedata
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from handlers.language import MAX_AHEAD, MeetingDraft
from handlers.language.days import known_zone
from handlers.language.slack_markup import MAX_INVITEES, SLACK_USER_ID
from handlers.language.vocabulary_en import DURATION_RANGE
from handlers.ui.messages import MAX_BUTTON_VALUE, choice_label, slack_length
from zoom.models import MAX_DURATION_MINUTES, MAX_TOPIC_LENGTH, MIN_DURATION_MINUTES, Recurrence, zoom_weekday

VERSION = 1
MAX_NOTICES = 4
MAX_NOTICE_CHARS = 300
MAX_ZONE_CHARS = 64
MAX_END_TIMES = 60  # Zoom's limit on occurrences
MAX_INTERVAL = {Recurrence.DAILY: 99, Recurrence.WEEKLY: 50, Recurrence.MONTHLY: 10}  # Zoom's limits

_KEYS = {"v", "t", "s", "d", "z", "r", "n", "i"}
_REQUIRED = {"v", "t", "s", "d", "z"}
_RECURRENCE_KEYS = {"type", "repeat_interval", "end_times", "weekly_days", "monthly_day", "monthly_week",
                    "monthly_week_day"}
_START = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}")

AGAIN = "Nothing was created; run `/zoom meet` again, or click *Edit*."


class ChoiceError(ValueError):
    """A private explanation of why a clicked choice cannot be created."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# -- writing ------------------------------------------------------------------------------------------


def choice_value(draft: MeetingDraft) -> str:
    """The draft as a button value, at most 2000 characters (notices dropped from the end if need be)."""
    data: dict[str, Any] = {
        "v": VERSION,
        "t": draft.topic[:MAX_TOPIC_LENGTH],
        "s": None if draft.start is None else draft.start.isoformat(timespec="seconds"),
        "d": draft.duration_minutes,
        "z": draft.timezone,
    }
    if draft.recurrence is not None:
        data["r"] = recurrence_fields(draft.recurrence)
    if draft.invitees:
        if len(draft.invitees) > MAX_INVITEES:
            raise ValueError("more invitees than a meeting takes")
        data["i"] = list(draft.invitees)
    notices = [notice[:MAX_NOTICE_CHARS] for notice in draft.notices[:MAX_NOTICES]]
    while True:
        value = _compact({**data, "n": notices} if notices else data)
        if slack_length(value) <= MAX_BUTTON_VALUE:
            return value
        if not notices:
            raise ValueError("a choice that cannot fit in a button value")
        notices.pop()


def recurrence_fields(rule: Recurrence) -> dict[str, Any]:
    fields: dict[str, Any] = {"type": rule.type, "repeat_interval": rule.repeat_interval,
                              "end_times": rule.end_times}
    if rule.weekly_days:
        fields["weekly_days"] = sorted(rule.weekly_days)
    for name in ("monthly_day", "monthly_week", "monthly_week_day"):
        if getattr(rule, name) is not None:
            fields[name] = getattr(rule, name)
    return fields


def recurrence_from_fields(fields: dict[str, Any]) -> Recurrence:
    """What recurrence_fields wrote, back (from the bot's own storage: trusted, unlike a button's value)."""
    return Recurrence(type=fields["type"], end_times=fields["end_times"], repeat_interval=fields["repeat_interval"],
                      weekly_days=tuple(fields.get("weekly_days") or ()), monthly_day=fields.get("monthly_day"),
                      monthly_week=fields.get("monthly_week"), monthly_week_day=fields.get("monthly_week_day"))


def _compact(data: dict[str, Any]) -> str:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


# -- reading ------------------------------------------------------------------------------------------


def read_choice_value(value: Any, *, now: datetime) -> MeetingDraft:
    """The draft a button value describes, checked field by field; ChoiceError when it does not hold up."""
    if not isinstance(value, str) or not value or slack_length(value) > MAX_BUTTON_VALUE:
        raise ChoiceError(f"I could not read that choice. {AGAIN}")
    try:
        data = json.loads(value)
    except ValueError:
        raise ChoiceError(f"I could not read that choice. {AGAIN}") from None
    if not isinstance(data, dict) or not _REQUIRED <= data.keys() <= _KEYS or data["v"] != VERSION:
        raise ChoiceError(f"I could not read that choice. {AGAIN}")

    topic = data["t"]
    if not isinstance(topic, str) or len(topic) > MAX_TOPIC_LENGTH or not _printable(topic):
        raise ChoiceError(f"That choice has a topic I cannot use. {AGAIN}")
    duration = data["d"]
    if type(duration) is not int or not MIN_DURATION_MINUTES <= duration <= MAX_DURATION_MINUTES:
        raise ChoiceError(f"A meeting lasts {DURATION_RANGE}. {AGAIN}")
    tz = data["z"]
    zone = _zone(tz)
    if zone is None:
        raise ChoiceError(f"That choice names a time zone I do not know. {AGAIN}")
    start = _start(data["s"], zone, now)
    recurrence = _recurrence(data.get("r"), start)
    notices = _notices(data.get("n", []))
    invitees = _invitees(data.get("i", []))
    return MeetingDraft(topic=topic, start=start, duration_minutes=duration, timezone=tz, notices=notices,
                        recurrence=recurrence, label=choice_label(start, tz), invitees=invitees)


def _printable(text: str) -> bool:
    # What the reader keeps out of topics and notices: control, format (zero-width, bidi), lone surrogates, and
    # line or paragraph separators; and a topic of spaces alone, which the reader never writes.
    return all(unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Zl", "Zp") for ch in text) and \
        (text == "" or (text.strip() == text and bool(text.strip())))


def _zone(tz: Any) -> ZoneInfo | None:
    return known_zone(tz) if isinstance(tz, str) and len(tz) <= MAX_ZONE_CHARS else None


def _start(raw: Any, zone: ZoneInfo, now: datetime) -> datetime | None:
    if raw is None:
        return None
    if not isinstance(raw, str) or not _START.fullmatch(raw):
        raise ChoiceError(f"That choice has a start time I cannot read. {AGAIN}")
    try:
        written = datetime.fromisoformat(raw)
    except ValueError:
        raise ChoiceError(f"That choice has a start time I cannot read. {AGAIN}") from None
    start = written.astimezone(zone)
    if start.utcoffset() != written.utcoffset():
        # The offset is not the zone's at that instant: the value was not written by the bot.
        raise ChoiceError(f"That choice's start time does not match its time zone. {AGAIN}")
    if start <= now + timedelta(seconds=30):
        # A question left open until its own time: by the time Zoom hears of it, it would have begun.
        raise ChoiceError(f"That time has already passed, or is about to. {AGAIN}")
    if start - now > MAX_AHEAD:
        raise ChoiceError(f"That is more than two years ahead. {AGAIN}")
    return start


def _int(value: Any, low: int, high: int) -> bool:
    return type(value) is int and low <= value <= high


def _recurrence(raw: Any, start: datetime | None) -> Recurrence | None:
    if raw is None:
        return None
    bad = ChoiceError(f"That choice repeats in a way Zoom cannot schedule. {AGAIN}")
    if start is None or not isinstance(raw, dict) or not {"type", "end_times"} <= raw.keys() <= _RECURRENCE_KEYS:
        raise bad
    kind = raw["type"]
    interval = raw.get("repeat_interval", 1)
    if type(kind) is not int or kind not in MAX_INTERVAL or not _int(interval, 1, MAX_INTERVAL[kind]) \
            or not _int(raw["end_times"], 1, MAX_END_TIMES):
        raise bad
    days = raw.get("weekly_days")
    monthly_day = raw.get("monthly_day")
    week, week_day = raw.get("monthly_week"), raw.get("monthly_week_day")
    if kind == Recurrence.DAILY and (days, monthly_day, week, week_day) != (None, None, None, None):
        raise bad
    weekly_ok = isinstance(days, list) and bool(days) and all(_int(day, 1, 7) for day in days) \
        and len(set(days)) == len(days) and (monthly_day, week, week_day) == (None, None, None)
    if kind == Recurrence.WEEKLY and not weekly_ok:
        raise bad
    if kind == Recurrence.MONTHLY:
        by_day = monthly_day is not None and (week, week_day) == (None, None) and _int(monthly_day, 1, 31)
        by_week = monthly_day is None and week in (-1, 1, 2, 3, 4) and type(week) is int and _int(week_day, 1, 7)
        if days is not None or not (by_day or by_week):
            raise bad
    rule = Recurrence(type=kind, end_times=raw["end_times"], repeat_interval=interval,
                      weekly_days=tuple(sorted(days or ())), monthly_day=monthly_day, monthly_week=week,
                      monthly_week_day=week_day)
    if not starts_on(rule, start):
        raise ChoiceError(f"That choice starts on a day it does not repeat on. {AGAIN}")
    return rule


def starts_on(rule: Recurrence, start: datetime) -> bool:
    """Whether `start` (in the meeting's zone) is an occurrence of `rule`, so Zoom keeps it as the first one
    (Zoom quietly moves a start that is not to the next day that is, and the announced time would be wrong)."""
    day = start.date()
    if rule.type == Recurrence.WEEKLY:
        return zoom_weekday(day.weekday()) in rule.weekly_days
    if rule.type == Recurrence.MONTHLY:
        if rule.monthly_day is not None:
            return day.day == rule.monthly_day
        if zoom_weekday(day.weekday()) != rule.monthly_week_day:
            return False
        if rule.monthly_week == -1:
            return day.day + 7 > calendar.monthrange(day.year, day.month)[1]
        return (day.day - 1) // 7 + 1 == rule.monthly_week
    return True


def _invitees(raw: Any) -> tuple[str, ...]:
    if not isinstance(raw, list) or len(raw) > MAX_INVITEES or len(set(map(str, raw))) != len(raw) \
            or not all(isinstance(user, str) and SLACK_USER_ID.fullmatch(user) for user in raw):
        raise ChoiceError(f"I could not read that choice. {AGAIN}")
    return tuple(raw)


def _notices(raw: Any) -> tuple[str, ...]:
    if not isinstance(raw, list) or len(raw) > MAX_NOTICES \
            or not all(isinstance(n, str) and len(n) <= MAX_NOTICE_CHARS and _printable(n) for n in raw):
        raise ChoiceError(f"I could not read that choice. {AGAIN}")
    return tuple(raw)  # shown escaped, like every notice
