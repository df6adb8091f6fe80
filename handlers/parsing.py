"""Read the text after `/zoom meet ` as a topic, a start time and a duration.

    /zoom meet Design review tomorrow 3pm for 45m
               ^^^^^^^^^^^^^ ^^^^^^^^^^^^ ^^^^^^^
               topic         when         how long

The time expression is looked for as a *suffix* of the text (after a trailing `for <duration>` clause is
taken off), and failing that as a prefix (`tomorrow 3pm Design review`). Only a small, known vocabulary
can form a time expression (month and weekday names, today/tomorrow/tonight, next/this/last, at/on,
`in N minutes`, noon, midnight, clock times with am/pm or hh:mm, numeric dates), so numbers and date-ish
words inside a topic ("Top 10 ideas", "OKR 2027 review", "Marching band", "May the 4th party") stay in
the topic.

The span is then resolved with plain calendar arithmetic in the user's zone (zoneinfo), by the rules
below. The date phrase is also handed, in a canonical form, to dateparser (English only, DATE_ORDER from
the locale, PREFER_DATES_FROM future, RELATIVE_BASE = the user's wall clock) as a second reader, and a
disagreement is logged. dateparser never decides alone: on raw text it turns "10" into October and "sun"
into Sunday, it has mis-rolled dates at month ends, and given TIMEZONE it compares with the server's clock.

Rules chosen where the product spec left room:
- A date without a time of day (`2027-01-12`, `tomorrow`, `Friday`, `Dec 3`) is an error asking for a time.
- A bare time of day that has passed today means tomorrow (a notice names the date). A weekday whose time
  has passed today means that weekday next week. A month/day without a year that has passed this year
  means next year (notice). `today`, `yesterday`, `last <weekday>` and dates with a year are taken
  literally, so a past one is an error.
- `next <weekday>` is the first such weekday after today (never today); a notice shows the date.
  `<weekday>` and `this <weekday>` are the coming one, today included if the time is still ahead.
- Numeric dates like `12/03` follow the Slack locale: US-style (and no locale) month/day; ja/zh/ko
  month/day (year first when a year is given); everyone else day/month. If only the other order makes
  a valid date (`25/12` for a US user) that order is used. A notice always shows the date back.
  Dotted dates (`3.12.2027`) are always day first; `2027-01-12` is ISO.
- `midnight` is the end of the day: bare `midnight` is the next one, `Friday midnight` is 00:00 Saturday.
- `in N minutes/hours` is elapsed time (now + N, truncated to the minute); `in N days/weeks` keeps the
  wall-clock time. A clock time that is skipped by a DST change is an error; one that happens twice
  (clocks go back) is the first occurrence (the second if only that one is still ahead), with a notice.
- Starts more than 731 days (about two years) ahead are refused; Zoom rejects absurd dates.
- Durations are 1 to 1440 minutes (Zoom's limits); fractional minutes are rounded. `for 45` (no unit)
  right after a time is an error asking for a unit.
- A trailing time zone abbreviation (`3pm EST`) is an error: times are read in the Slack user's zone.
- A text whose only time-like word is tomorrow/tonight/yesterday, or a date followed by something that
  is not a readable time (`tomorrow 3`, `Friday 15h`), is an error rather than an instant meeting. So is a
  clock time standing where no time can be (`Sync 3pm sharp`): quotes make such a topic an instant meeting.
- `this morning/afternoon/evening` and `later today` with a clock time mean today; without one, and
  `next week`, `this month`, `eod` in any company, they are too vague and an error says so.
- `at 7` is refused as ambiguous (7am or 7pm?), except after `tonight`, where it is 19:00.
- Time ranges (`3-4pm`, `15:00-16:00`) are not read; a last word that looks like one is an error that
  suggests `3pm for 1h`. `15h` (French style) is not read either.
- Whole text `now` / `right now`, or a trailing `now`, means an instant meeting.
- Control characters (Cc), format characters (Cf: zero-width, bidi controls, BOM, soft hyphen...) and
  lone surrogates are removed from the whole text; whitespace of any kind becomes one space.
- Topics longer than 200 characters are cut to 200 code points (trailing space stripped), with a notice.
- An invalid or empty `tz` falls back to UTC with a notice. A naive `now` is taken as UTC.
"""

from __future__ import annotations

import calendar
import logging
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, timezone
from datetime import time as dtime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dateparser

__all__ = ["MAX_TOPIC_CHARS", "MeetingDraft", "MeetingTextError", "parse_meeting_text"]

_log = logging.getLogger(__name__)

MAX_TOPIC_CHARS = 200
MIN_DURATION_MINUTES = 1
MAX_DURATION_MINUTES = 1440
MAX_AHEAD = timedelta(days=731)

# Longest time expression we look for, in words: "on Thursday, December 3rd, 2026 at 10:30 am" is 8.
_MAX_SPAN_WORDS = 9
_MAX_DURATION_WORDS = 8

USAGE = (
    "Usage: `/zoom meet <topic> <time> [for <duration>]`, e.g. "
    "`/zoom meet Design review tomorrow 3pm for 45m`. Leave the time out to start now."
)


@dataclass(frozen=True)
class MeetingDraft:
    topic: str  # cleaned topic, at most 200 chars; "" if the user gave none
    start: datetime | None  # aware, in the user's zone (ZoneInfo); None = instant meeting "starting now"
    duration_minutes: int  # 1..1440
    notices: tuple[str, ...]  # user-facing remarks: topic trimmed, date read as ..., and so on


class MeetingTextError(ValueError):
    """A user-facing, private explanation of what is wrong and how to fix it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --------------------------------------------------------------------------- text cleaning and tokens

def _clean(text: str) -> str:
    kept = []
    for ch in text:
        if ch.isspace():
            kept.append(" ")
        elif unicodedata.category(ch) not in ("Cc", "Cf", "Cs"):
            kept.append(ch)
    return " ".join("".join(kept).split())


# Opening quote -> the characters that may close it. Slack clients turn " into “ ” and ' into ‘ ’,
# and people paste „German“ or «French» quotes too.
_QUOTES = {
    '"': '"”“', "“": "”“", "”": "”", "„": "“”", "«": "»", "»": "«",
    "'": "'’", "‘": "’‘", "’": "’", "‚": "‘’", "「": "」",
}
_TRAILING_PUNCT = ",.;:!?"


@dataclass(frozen=True)
class _Token:
    raw: str
    # Lowercased with edge punctuation removed; None for a quoted group, which can never be a time.
    key: str | None
    # As typed (case kept) minus edge punctuation, for labels in messages; dotted dates ("3.12.") need
    # the trailing dot that `key` drops.
    shown: str | None = None
    inner: str | None = None  # text inside the quotes of a quoted group


def _tokenize(cleaned: str) -> list[_Token]:
    raws = cleaned.split(" ") if cleaned else []
    tokens: list[_Token] = []
    # Once an opener finds no closer to its right, no later opener of that kind will either; remembering
    # that keeps a text full of stray quotes linear.
    hopeless: set[str] = set()
    i = 0
    while i < len(raws):
        raw = raws[i]
        closers = _QUOTES.get(raw[0])
        if closers and raw[0] not in hopeless:
            end = _find_closer(raws, i, closers)
            if end is None:
                hopeless.add(raw[0])
            else:
                joined = " ".join(raws[i : end + 1])
                inner = joined[1:].rstrip(_TRAILING_PUNCT)[:-1].strip()
                tokens.append(_Token(raw=joined, key=None, inner=inner))
                i = end + 1
                continue
        shown = raw.strip("()[]").rstrip(",;:!?")
        tokens.append(_Token(raw=raw, key=shown.lower().rstrip("."), shown=shown))
        i += 1
    return tokens


def _find_closer(raws: Sequence[str], start: int, closers: str) -> int | None:
    for j in range(start, len(raws)):
        body = raws[j].rstrip(_TRAILING_PUNCT)
        # The opener itself is not its own closer: `"` alone or `"word` do not close.
        if body and body[-1] in closers and (j > start or len(body) >= 2):
            return j
    return None


# --------------------------------------------------------------------------- vocabulary

_MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): n for n, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH_NAMES = list(calendar.month_name)
_WEEKDAYS_FULL = {name.lower(): n for n, name in enumerate(calendar.day_name)}
_WEEKDAYS_SHORT = {name.lower(): n for n, name in enumerate(calendar.day_abbr)}
_WEEKDAYS_SHORT.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})
_WEEKDAY_MODIFIERS = {"next": "next", "this": "this", "coming": "this", "last": "last"}
_DAY_WORDS = {
    "today": 0, "tonight": 0, "tomorrow": 1, "tmrw": 1, "tmr": 1, "tomorow": 1, "tommorow": 1,
    "tommorrow": 1, "yesterday": -1,
}
_GUARD_WORDS = {"tomorrow", "tonight", "tmrw", "yesterday", "tommorow", "tomorow", "tommorrow"}
_AT = {"at", "@"}
_TZ_ABBREVIATIONS = {
    "utc", "gmt", "z", "et", "est", "edt", "ct", "cst", "cdt", "mt", "mst", "mdt", "pt", "pst", "pdt",
    "akst", "akdt", "hst", "cet", "cest", "bst", "ist", "wet", "west", "eet", "eest", "msk", "jst", "kst",
    "aest", "aedt", "acst", "acdt", "awst", "nzst", "nzdt", "sgt", "hkt",
}
_VAGUE = {
    ("next", "week"), ("this", "week"), ("next", "month"), ("this", "month"), ("this", "morning"),
    ("this", "afternoon"), ("this", "evening"), ("later", "today"), ("end", "of", "day"), ("eod",),
}
# Vague alone, but with a clock time ("this evening 7pm") they only say the day: today.
_PARTS_OF_TODAY = {("this", "morning"), ("this", "afternoon"), ("this", "evening"), ("later", "today")}

_CLOCK_12 = re.compile(r"(?P<h>\d{1,2})(?:[:.](?P<m>\d{1,2}))?(?P<ampm>[ap])\.?m")
_CLOCK_24 = re.compile(r"(?P<h>\d{1,2}):(?P<m>\d{2})")
_NUMBER_CLOCK = re.compile(r"(?P<h>\d{1,2})(?:[:.](?P<m>\d{1,2}))?")
_AMPM = re.compile(r"(?P<ampm>[ap])\.?m")
_DAY = re.compile(r"(?P<d>\d{1,2})(?:st|nd|rd|th)?")
_YEAR = re.compile(r"(?P<y>\d{4})")
_YEAR_FIRST = re.compile(r"(?P<y>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})")
_SLASHED = re.compile(r"(?P<a>\d{1,2})/(?P<b>\d{1,2})(?:/(?P<y>\d{2}|\d{4}))?")
_DOTTED = re.compile(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{2}|\d{4})?")
_ISO_DATETIME = re.compile(
    r"(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})t(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?"
    r"(?:\.\d{1,6})?(?P<off>z|[+-]\d{2}:?\d{2})?"
)
_NUMBER = re.compile(r"\d{1,5}(?:\.\d{1,3})?")
# A last word like "3-4pm", "10am-11am" or "15:00-16:00": an attempt at a time we do not read (ranges).
_TIME_LIKE = re.compile(
    r"\d\s*[ap]\.?m$"  # ends like a 12-hour time
    r"|\d[ap]\.?m?\s*[-–]|\d:\d\d\s*[-–]"  # a time followed by a dash
)

_DURATION_UNITS = {
    "m": 1, "min": 1, "mins": 1, "minute": 1, "minutes": 1,
    "h": 60, "hr": 60, "hrs": 60, "hour": 60, "hours": 60,
    "d": 1440, "day": 1440, "days": 1440,
    "wk": 10080, "wks": 10080, "week": 10080, "weeks": 10080,
}
_DURATION_NUMBER = r"\d{1,7}(?:\.\d{1,3})?|\.\d{1,3}"
_DURATION_UNIT = r"weeks?|wks?|days?|d|hours?|hrs?|h|minutes?|mins?|m"
_DURATION_PART = re.compile(rf"(?P<n>{_DURATION_NUMBER})\s*(?P<unit>{_DURATION_UNIT})(?![a-z])")
_ANY_DURATION_PART = rf"(?:{_DURATION_NUMBER})\s*(?:{_DURATION_UNIT})(?![a-z])"
# Parts, optionally joined by "and", then optionally bare minutes after hours ("1h30").
_DURATION_FULL = re.compile(rf"{_ANY_DURATION_PART}(?:\s*(?:and\s+)?{_ANY_DURATION_PART})*(?:\s*\d{{1,2}})?")
_DURATION_PHRASES = [
    (re.compile(r"\b(?:an?|one) hour and a half\b"), "90m"),
    (re.compile(r"\b(?:a )?half an hour\b|\ba half hour\b|\bhalf hour\b"), "30m"),
    (re.compile(r"\b(?:a )?quarter (?:of an )?hour\b"), "15m"),
    (re.compile(r"\b(?:an?|one) (hour|minute|day|week)\b"), r"1 \1"),
]


# --------------------------------------------------------------------------- grammar: what the user wrote

@dataclass(frozen=True)
class _Time:
    hour: int
    minute: int
    label: str
    kind: str = "clock"  # clock | noon | midnight | bare_hour (`at 7`: morning or evening?)
    problem: str | None = None


@dataclass(frozen=True)
class _Date:
    kind: str  # day | weekday | month_day | numeric | vague
    label: str
    strong: bool = True  # weak = an abbreviation alone ("sat"), which is too likely to be a topic word
    offset: int = 0
    weekday: int | None = None
    modifier: str | None = None
    month: int = 0
    day: int = 0
    year: int | None = None
    order: str = "MDY"  # for numeric dates: the reading we chose, also handed to dateparser
    check_weekday: int | None = None  # "Thu Dec 3": the weekday the user expects
    problem: str | None = None


@dataclass(frozen=True)
class _When:
    label: str
    date: _Date | None = None
    time: _Time | None = None
    instant: bool = False
    elapsed_minutes: float = 0.0
    calendar_days: int = 0
    relative: bool = False
    iso: datetime | None = None  # an ISO timestamp with an explicit UTC offset

    @property
    def problem(self) -> str | None:
        return (self.time and self.time.problem) or (self.date and self.date.problem) or None


@dataclass(frozen=True)
class _Duration:
    calendar_days: int
    minutes: float

    @property
    def total_minutes(self) -> float:
        return self.calendar_days * 1440 + self.minutes


def _parse_duration(keys: Sequence[str | None]) -> _Duration | None:
    if not keys or any(k is None for k in keys):
        return None
    text = " ".join(k for k in keys if k is not None).replace(",", " ")
    for pattern, repl in _DURATION_PHRASES:
        text = pattern.sub(repl, text)
    text = re.sub(r"\s+", " ", text).strip()
    hhmm = re.fullmatch(r"(\d{1,2}):(\d{2})", text)
    if hhmm:
        hours, minutes = int(hhmm[1]), int(hhmm[2])
        return _Duration(0, hours * 60 + minutes) if minutes < 60 else None
    if not _DURATION_FULL.fullmatch(text):
        return None
    days = 0
    minutes = 0.0
    factor = 0
    end = 0
    for part in _DURATION_PART.finditer(text):
        value = float(part["n"])
        factor = _DURATION_UNITS[part["unit"]]
        if factor >= 1440 and value.is_integer():
            days += int(value) * factor // 1440
        else:
            minutes += value * factor
        end = part.end()
    tail = text[end:].strip()
    if tail:
        # "1h30" / "2 hours 15": a bare number straight after hours is minutes.
        if factor != 60:
            return None
        minutes += int(tail)
    return _Duration(days, minutes)


def _times(
    keys: Sequence[str | None], shown: Sequence[str | None], i: int, after_at: bool
) -> Iterator[tuple[_Time, int]]:
    """Every way keys[i:] can start with a time of day; yields (time, index after it)."""
    for time, j in _bare_times(keys, shown, i, after_at):
        yield time, j
        if j < len(keys) and keys[j] in _TZ_ABBREVIATIONS:
            abbreviation = shown[j]
            yield replace(
                time,
                problem=f"Times are read in your Slack time zone ({{zone}}), so leave out `{abbreviation}`"
                " (or change your time zone in Slack).",
            ), j + 1


def _bare_times(
    keys: Sequence[str | None], shown: Sequence[str | None], i: int, after_at: bool
) -> Iterator[tuple[_Time, int]]:
    if i >= len(keys) or keys[i] is None:
        return
    key = keys[i]
    nxt = keys[i + 1] if i + 1 < len(keys) else None
    assert key is not None
    label = shown[i] or key
    label2 = f"{label} {shown[i + 1]}" if nxt is not None else label
    if key in ("noon", "midday"):
        yield _Time(12, 0, label, "noon"), i + 1
    if key == "midnight":
        yield _Time(0, 0, label, "midnight"), i + 1
    if key == "12" and nxt in ("noon", "midnight"):
        yield _Time(12 if nxt == "noon" else 0, 0, label2, nxt), i + 2
    if m := _CLOCK_12.fullmatch(key):
        yield _twelve_hour(m["h"], m["m"], m["ampm"], label), i + 1
    if (m := _NUMBER_CLOCK.fullmatch(key)) and nxt is not None and (ap := _AMPM.fullmatch(nxt)):
        yield _twelve_hour(m["h"], m["m"], ap["ampm"], label2), i + 2
    if m := _CLOCK_24.fullmatch(key):
        hour, minute = int(m["h"]), int(m["m"])
        problem = None
        if hour > 23 or minute > 59:
            hint = " Use `midnight` or `00:00` for the start of a day." if key in ("24:00", "24:0") else ""
            problem = f"`{key}` is not a time of day: hours go from 0 to 23 and minutes from 0 to 59.{hint}"
        yield _Time(hour if not problem else 0, minute if not problem else 0, key, problem=problem), i + 1
    elif after_at and re.fullmatch(r"\d{1,2}", key) and not (nxt and _AMPM.fullmatch(nxt)):
        hour = int(key)
        if 13 <= hour <= 23:
            yield _Time(hour, 0, f"at {key}"), i + 1
        else:
            problem = (
                f"Is `at {key}` in the morning or the evening? Write `{key}am`, `{key}pm` or `{key}:00`."
                if hour <= 12
                else f"`{key}` is not a time of day."
            )
            yield _Time(hour, 0, f"at {key}", "bare_hour", problem=problem), i + 1


def _twelve_hour(h: str, m: str | None, ampm: str, label: str) -> _Time:
    hour, minute = int(h), int(m) if m else 0
    if not 1 <= hour <= 12 or minute > 59 or (m is not None and len(m) != 2):
        suggestion = f" Did you mean `{hour}:{minute:02d}`?" if 13 <= hour <= 23 and minute <= 59 else ""
        return _Time(0, 0, label, problem=f"`{label}` is not a time of day.{suggestion}")
    hour = hour % 12 + (12 if ampm == "p" else 0)
    return _Time(hour, minute, label)


def _dates(keys: Sequence[str | None], shown: Sequence[str | None], i: int) -> Iterator[tuple[_Date, int]]:
    """Every way keys[i:] can start with a calendar date; yields (date, index after it)."""
    n = len(keys)
    if i >= n or keys[i] is None:
        return
    key = keys[i]
    assert key is not None
    for phrase in _VAGUE:
        if tuple(keys[i : i + len(phrase)]) == phrase:
            yield _Date("vague", _label(shown, i, i + len(phrase))), i + len(phrase)
    if key in _DAY_WORDS:
        yield _Date("day", _label(shown, i, i + 1), offset=_DAY_WORDS[key]), i + 1
    if keys[i : i + 3] == ["day", "after", "tomorrow"]:
        yield _Date("day", _label(shown, i, i + 3), offset=2), i + 3
    # [next|this|last] weekday
    modifier = _WEEKDAY_MODIFIERS.get(key)
    w = i + 1 if modifier else i
    if w < n and keys[w] is not None:
        name = keys[w]
        weekday = _WEEKDAYS_FULL.get(name) if name else None
        strong = weekday is not None or modifier is not None
        if weekday is None and name:
            weekday = _WEEKDAYS_SHORT.get(name)
        if weekday is not None:
            label = _label(shown, i, w + 1)
            yield _Date("weekday", label, strong=strong, weekday=weekday, modifier=modifier), w + 1
            # "Thursday, December 3rd": a weekday in front of a full date is a check, not a date.
            if modifier is None:
                for full, j in _month_day(keys, shown, w + 1):
                    yield replace(full, label=_label(shown, i, j), check_weekday=weekday), j
    yield from _month_day(keys, shown, i)
    yield from _numeric_date(keys[i], shown[i], i)


def _label(shown: Sequence[str | None], i: int, j: int) -> str:
    return " ".join(s for s in shown[i:j] if s)


def _month_day(
    keys: Sequence[str | None], shown: Sequence[str | None], i: int
) -> Iterator[tuple[_Date, int]]:
    n = len(keys)

    def at(k: int) -> str:
        value = keys[k] if k < n else None
        return value or ""

    def with_year(month: int, day: int, j: int) -> Iterator[tuple[_Date, int]]:
        yield _Date("month_day", _label(shown, i, j), month=month, day=day), j
        if (y := _YEAR.fullmatch(at(j))) is not None:
            yield _Date("month_day", _label(shown, i, j + 1), month=month, day=day, year=int(y["y"])), j + 1

    # Dec 3 / Dec 3rd / December the 3rd [2027]
    if at(i) in _MONTHS:
        j = i + 1 + (at(i + 1) == "the")
        if d := _DAY.fullmatch(at(j)):
            yield from with_year(_MONTHS[at(i)], int(d["d"]), j + 1)
    # 3 Dec / 3rd of December / the 3rd of December [2027]
    j = i + (at(i) == "the")
    if d := _DAY.fullmatch(at(j)):
        k = j + 1 + (at(j + 1) == "of")
        if at(k) in _MONTHS:
            yield from with_year(_MONTHS[at(k)], int(d["d"]), k + 1)


def _numeric_date(key: str | None, shown: str | None, i: int) -> Iterator[tuple[_Date, int]]:
    if key is None or shown is None:
        return
    if m := _YEAR_FIRST.fullmatch(key):
        yield _Date("numeric", key, month=int(m["m"]), day=int(m["d"]), year=int(m["y"]), order="YMD"), i + 1
    elif m := _SLASHED.fullmatch(key):
        # A pair that is no date in either order ("50/50") is weak: on its own it stays in the topic.
        first, second, year = int(m["a"]), int(m["b"]), _year(m["y"])
        strong = _date_problem(first, second, year) is None or _date_problem(second, first, year) is None
        yield _Date("numeric", key, strong=strong, month=first, day=second, year=year, order="?"), i + 1
    elif m := _DOTTED.fullmatch(shown):
        day, month, year = int(m["d"]), int(m["m"]), _year(m["y"])
        yield _Date("numeric", shown, month=month, day=day, year=year, order="DMY"), i + 1


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    return int(text) + (2000 if len(text) == 2 else 0)


def _parse_span(keys: Sequence[str | None], shown: Sequence[str | None]) -> _When | None:
    """The reading of the whole of `keys` as one time expression, or None."""
    if not keys or any(k is None for k in keys):
        return None
    label = _label(shown, 0, len(shown))
    if list(keys) in (["now"], ["right", "now"]):
        return _When(label, instant=True)
    relative = None
    if keys[0] == "in":
        relative = _parse_duration(keys[1:])
    elif list(keys[-2:]) == ["from", "now"]:
        relative = _parse_duration(keys[:-2])
    if relative is not None:
        return _When(
            label, relative=True, elapsed_minutes=relative.minutes, calendar_days=relative.calendar_days
        )
    iso = _ISO_DATETIME.fullmatch(keys[-1] or "")
    if iso and (len(keys) == 1 or (len(keys) == 2 and keys[0] in _AT | {"on"})):
        return _iso_when(iso, label)
    for when in _calendar(keys, shown, label):
        return when
    return None


def _calendar(keys: Sequence[str | None], shown: Sequence[str | None], label: str) -> Iterator[_When]:
    n = len(keys)
    # [on] DATE [at] [TIME]
    for start in (1, 0) if keys[0] == "on" else (0,):
        for day, j in _dates(keys, shown, start):
            if j == n:
                yield _When(label, date=day)
                continue
            day = _with_a_time(day, keys[start:j])
            after_at = keys[j] in _AT
            for time, k in _times(keys, shown, j + after_at, after_at):
                if k == n:
                    yield _When(label, date=day, time=_in_the_evening(time) if keys[start] == "tonight" else time)
    # [at] TIME [on] [DATE]
    after_at = keys[0] in _AT
    for time, j in _times(keys, shown, int(after_at), after_at):
        if j == n:
            yield _When(label, time=time)
            continue
        first = j + (keys[j] == "on")
        for day, k in _dates(keys, shown, first):
            if k == n:
                yield _When(label, date=_with_a_time(day, keys[first:k]), time=time)


def _in_the_evening(time: _Time) -> _Time:
    """`tonight at 7` can only be 19:00."""
    if time.kind == "bare_hour" and 1 <= time.hour <= 11:
        return _Time(time.hour + 12, 0, time.label)
    return time


def _with_a_time(day: _Date, words: Sequence[str | None]) -> _Date:
    """`this evening` followed by a clock time is today; other vague dates stay vague (and are refused)."""
    if day.kind == "vague" and tuple(words) in _PARTS_OF_TODAY:
        return _Date("day", day.label, offset=0)
    return day


def _iso_when(m: re.Match[str], label: str) -> _When:
    year, month, day, hour, minute = (int(m[g]) for g in ("y", "mo", "d", "h", "mi"))
    date_ = _Date("numeric", label, month=month, day=day, year=year, order="YMD")
    bad = hour > 23 or minute > 59 or (m["s"] is not None and int(m["s"]) > 59)
    problem = f"`{label}` has no valid time of day." if bad else None
    time = _Time(hour, minute, f"{hour:02d}:{minute:02d}", problem=problem)
    offset = m["off"]
    if offset is None or bad:
        return _When(label, date=date_, time=time)
    if offset == "z":
        tzinfo = UTC
    else:
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:])
        if hours > 23 or minutes > 59:
            return _When(label, date=date_, time=replace(time, problem=f"`{offset}` is not a UTC offset."))
        tzinfo = timezone(sign * timedelta(hours=hours, minutes=minutes))
    problem = _date_problem(month, day, year)
    if problem:
        return _When(label, date=replace(date_, problem=f"`{label}` is not a date: {problem}."), time=time)
    return _When(label, date=date_, time=time, iso=datetime(year, month, day, hour, minute, tzinfo=tzinfo))


# --------------------------------------------------------------------------- finding the pieces

@dataclass(frozen=True)
class _Found:
    when: _When
    topic: list[_Token]
    suffix: bool  # the time came after the topic


def _find_when(tokens: list[_Token]) -> _Found | None:
    keys = [t.key for t in tokens]
    shown = [t.shown for t in tokens]
    n = len(tokens)
    # Suffix first, longest first: the topic is whatever is left in front.
    for i in range(max(0, n - _MAX_SPAN_WORDS), n):
        when = _parse_span(keys[i:], shown[i:])
        if when is None:
            continue
        if when.time is None and when.date is not None and not when.date.strong:
            continue  # a lone "sat" or "sun" at the end is far more likely part of the topic
        return _Found(when, tokens[:i], suffix=True)
    # Then a prefix ("tomorrow 3pm Design review"); only with a clock time, so that topics like
    # "Midnight release party" or "Tomorrow's agenda" stay topics.
    for j in range(min(n - 1, _MAX_SPAN_WORDS), 0, -1):
        when = _parse_span(keys[:j], shown[:j])
        if when is None or when.instant:
            continue
        if when.time is not None and when.time.kind != "clock" and when.date is None:
            continue
        if when.time is None and not when.relative and when.iso is None:
            continue
        return _Found(when, tokens[j:], suffix=False)
    return None


def _take_duration(tokens: list[_Token], *, at_end: bool) -> tuple[_Duration, str, list[_Token]] | None:
    """A `for <duration>` clause at the end (or, with at_end=False, at the start) of tokens."""
    keys = [t.key for t in tokens]
    n = len(keys)
    if at_end:
        for j in range(max(0, n - _MAX_DURATION_WORDS - 1), n - 1):
            if keys[j] == "for" and (d := _parse_duration(keys[j + 1 :])) is not None:
                return d, " ".join(t.raw for t in tokens[j:]), tokens[:j]
        return None
    if n >= 2 and keys[0] == "for":
        for k in range(min(n, _MAX_DURATION_WORDS + 1), 1, -1):
            if (d := _parse_duration(keys[1:k])) is not None:
                return d, " ".join(t.raw for t in tokens[:k]), tokens[k:]
    return None


def _check_duration(duration: _Duration, clause: str) -> int:
    total = duration.total_minutes
    minutes = round(total) if total < 10**7 else 10**7
    if not MIN_DURATION_MINUTES <= minutes <= MAX_DURATION_MINUTES:
        raise MeetingTextError(
            f"`{clause}` is {minutes} minutes, but Zoom meetings last from 1 minute to 24 hours "
            "(1440 minutes). Try e.g. `for 45m` or `for 2h`."
        )
    return minutes


def _guard_unread_time(tokens: list[_Token]) -> None:
    """Refuse to start an instant meeting when the user clearly tried to give a time we could not read."""
    keys = [t.key for t in tokens]
    shown = [t.shown for t in tokens]
    n = len(keys)
    for i in range(max(0, n - _MAX_SPAN_WORDS), n):
        for day, j in _dates(keys, shown, i):
            rest = " ".join(k or "" for k in keys[j:])
            if day.strong and day.kind != "vague" and 0 < n - j <= 3 and any(c.isdigit() for c in rest):
                raise MeetingTextError(
                    f"I couldn't read the time in `{' '.join(t.raw for t in tokens[i:])}`. "
                    f"Write it like `{day.label} 3pm` or `{day.label} 15:00`."
                )
    last = tokens[-1] if tokens else None
    if last is not None and last.key is not None and _TIME_LIKE.search(last.key):
        raise MeetingTextError(
            f"I couldn't read `{last.shown}` as a time. Give the start time and, if you like, a length, "
            "e.g. `3pm for 1h`."
        )
    for key in keys:
        if key in _GUARD_WORDS:
            raise MeetingTextError(
                f"`{key}` looks like a date, but I couldn't find a time of day. Add one, e.g. `{key} 3pm`, "
                "or put the topic in quotes to start the meeting now."
            )
    # "Sync 3pm sharp": somebody asked for 3pm; an instant meeting now would not be what they meant.
    for token in tokens:
        if token.key is not None and _looks_like_a_clock(token.key):
            raise MeetingTextError(
                f"I see `{token.shown}` but couldn't tell when the meeting starts. Put the time after the topic, "
                f"e.g. `/zoom meet Sync tomorrow {token.shown}`, or put the topic in quotes to start it now."
            )


def _looks_like_a_clock(key: str) -> bool:
    if m := _CLOCK_12.fullmatch(key):
        return 1 <= int(m["h"]) <= 12
    if m := _CLOCK_24.fullmatch(key):
        return int(m["h"]) <= 23 and int(m["m"]) <= 59
    return False


# --------------------------------------------------------------------------- resolving to a datetime

@dataclass
class _Context:
    zone: ZoneInfo
    zone_name: str
    now: datetime  # aware
    base: datetime  # now as naive wall-clock time in the user's zone
    order: str  # MDY | DMY | YMD from the locale
    notices: list[str]


def _date_order(locale: str | None) -> str:
    if not locale:
        return "MDY"
    parts = re.split(r"[-_]", locale.strip())
    language = parts[0].lower()
    region = parts[1].upper() if len(parts) > 1 else ""
    if language in ("ja", "zh", "ko", "hu", "lt", "mn"):
        return "YMD"
    if region in {"US", "PH", "PR", "GU", "AS", "MP", "VI", "UM", "FM", "MH", "PW", "BZ"}:
        return "MDY"
    if language == "en" and not region:
        return "MDY"
    return "DMY"


def _zone(tz: str) -> tuple[ZoneInfo, bool]:
    if tz:
        try:
            return ZoneInfo(tz), True
        except (ZoneInfoNotFoundError, ValueError, OSError, TypeError):
            _log.info("unknown time zone %r, using UTC", tz)
    return ZoneInfo("UTC"), False


def _fmt_day(d: date, *, year: bool = False) -> str:
    text = f"{d:%a} {d.day} {d:%b}"
    return f"{text} {d.year}" if year else text


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _date_problem(month: int, day: int, year: int | None) -> str | None:
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    name = _MONTH_NAMES[month]
    if day < 1:
        return f"{name} has no day {day}"
    if month == 2 and day == 29 and year is not None and not calendar.isleap(year):
        return f"{year} is not a leap year, so February has no 29th day"
    if day > calendar.monthrange(2024 if year is None else year, month)[1]:
        return f"{name} has no {_ordinal(day)} day"
    return None


def _settle_numeric(d: _Date, order: str) -> _Date:
    """Choose month/day for a slashed date from the locale, or the only order that makes a date."""
    if d.order != "?":
        problem = _date_problem(d.month, d.day, d.year)
        return replace(d, problem=f"`{d.label}` is not a date: {problem}." if problem else None)
    first, second = d.month, d.day  # as written: first/second
    preferred = "DMY" if order == "DMY" else "MDY"
    readings = [preferred, "MDY" if preferred == "DMY" else "DMY"]
    problems = {}
    for reading in readings:
        month, day = (first, second) if reading == "MDY" else (second, first)
        problem = _date_problem(month, day, d.year)
        if problem is None:
            return replace(d, month=month, day=day, order=reading)
        problems[reading] = (month, problem)
    # Neither order works; explain the locale's reading, which is what the user most likely meant.
    return replace(d, problem=f"`{d.label}` is not a date: {problems[preferred][1]}.")


def _date_only_problem(d: _Date, ctx: _Context) -> str | None:
    if d.kind == "numeric":
        return _settle_numeric(d, ctx.order).problem
    if d.kind == "month_day" and (problem := _date_problem(d.month, d.day, d.year)):
        return f"`{d.label}` is not a date: {problem}."
    return None


def _dateparser_text(d: _Date | None, hour: int, minute: int) -> tuple[str, str | None]:
    clock = f"{hour:02d}:{minute:02d}"
    if d is None:
        return clock, None
    if d.kind == "day":
        word = {0: "today", 1: "tomorrow", -1: "yesterday", 2: "day after tomorrow"}[d.offset]
        return f"{word} {clock}", None
    if d.kind == "weekday":
        assert d.weekday is not None
        return f"{d.modifier or 'this'} {calendar.day_name[d.weekday].lower()} {clock}", None
    if d.kind == "month_day":
        year = f" {d.year}" if d.year is not None else ""
        return f"{_MONTH_NAMES[d.month]} {d.day}{year} {clock}", None
    # numeric: written in the order we settled on, and dateparser is told that order
    if d.order == "YMD":
        return f"{d.year}-{d.month:02d}-{d.day:02d} {clock}", "YMD"
    first, second = (d.month, d.day) if d.order == "MDY" else (d.day, d.month)
    year = f"/{d.year}" if d.year is not None else ""
    return f"{first:02d}/{second:02d}{year} {clock}", d.order


def _run_dateparser(text: str, base: datetime, order: str) -> datetime | None:
    settings = {
        "PREFER_DATES_FROM": "future",
        # The user's wall clock, naive. We deliberately do not pass TIMEZONE: dateparser then compares
        # against the server's clock and e.g. rolls "15:00" to tomorrow for a user ahead of UTC.
        "RELATIVE_BASE": base,
        "RETURN_AS_TIMEZONE_AWARE": False,
        "DATE_ORDER": order,
        "PREFER_DAY_OF_MONTH": "first",
    }
    try:
        return dateparser.parse(text, languages=["en"], settings=settings)
    except (ValueError, OverflowError, TypeError, KeyError, IndexError, AttributeError) as exc:
        _log.warning("dateparser failed on %r: %r", text, exc)
        return None


def _resolve(when: _When, ctx: _Context) -> datetime:
    if when.relative:
        return _resolve_relative(when, ctx)
    if when.iso is not None:
        start = when.iso.astimezone(ctx.zone)
        _check_ahead(start, when, ctx)
        return start
    time, d = when.time, when.date
    assert time is not None
    if d is not None and d.kind == "numeric":
        d = _settle_numeric(d, ctx.order)
    elif d is not None and d.kind == "month_day" and (problem := _date_problem(d.month, d.day, d.year)):
        d = replace(d, problem=f"`{d.label}` is not a date: {problem}.")
    if d is not None and d.problem:
        raise MeetingTextError(f"{d.problem} Check the date and try again, e.g. `{_hint(time)}`.")
    if d is not None and d.year is not None:
        if d.year > ctx.base.year + 2:
            raise MeetingTextError(f"`{when.label}` is more than two years ahead. Pick a nearer date.")
        if d.year < ctx.base.year - 1:
            raise MeetingTextError(f"`{when.label}` is in the past. Pick a time ahead, e.g. `{_hint(time)}`.")

    # "Friday midnight" is the end of Friday, so it is 00:00 the day after.
    shift = timedelta(days=1) if time.kind == "midnight" and d is not None else timedelta(0)
    clock = dtime(time.hour, time.minute)

    def ahead(day: date) -> bool:
        return datetime.combine(day + shift, clock) > ctx.base

    day = _pick_day(d, time, ahead, ctx)
    if d is not None:
        _cross_check(d, time, day, ctx)
    local = datetime.combine(day + shift, clock)
    if shift:
        ctx.notices.append(
            f"Read `{when.label}` as 00:00 on {_fmt_day(local.date())}, the end of {_fmt_day(day)}."
        )

    start = _localize(local, ctx)
    if start <= ctx.now:
        raise MeetingTextError(
            f"`{when.label}` is in the past ({_fmt_day(local.date(), year=True)}, {local:%H:%M}). "
            f"Pick a time ahead, e.g. `{_hint(time)}`."
        )
    _check_ahead(start, when, ctx)
    if d is not None and d.check_weekday is not None and day.weekday() != d.check_weekday:
        raise MeetingTextError(
            f"{_fmt_day(day, year=True)} is a {calendar.day_name[day.weekday()]}, "
            f"not a {calendar.day_name[d.check_weekday]}. Check the date."
        )
    return start


def _pick_day(d: _Date | None, time: _Time, ahead: Callable[[date], bool], ctx: _Context) -> date:
    """The calendar day the user means, by the rules in the module docstring; adds notices."""
    today = ctx.base.date()
    if d is None:  # a bare time: today if still ahead, else tomorrow
        if ahead(today):
            return today
        day = today + timedelta(days=1)
        if time.kind != "midnight":  # "midnight" is always the coming one; nothing to point out
            ctx.notices.append(f"{time.label} has passed today, so this is tomorrow, {_fmt_day(day)}.")
        return day
    if d.kind == "day":
        return today + timedelta(days=d.offset)
    if d.kind == "weekday":
        assert d.weekday is not None
        if d.modifier == "last":
            return today - timedelta(days=(today.weekday() - d.weekday) % 7 or 7)
        gap = (d.weekday - today.weekday()) % 7
        if d.modifier == "next":
            day = today + timedelta(days=gap or 7)
            ctx.notices.append(f"Read {d.label} as {_fmt_day(day)}.")
            return day
        day = today + timedelta(days=gap)
        if gap == 0 and not ahead(day):
            day += timedelta(days=7)
            ctx.notices.append(f"{time.label} has passed today, so this is next week, {_fmt_day(day)}.")
        return day
    if d.year is not None:
        day = date(d.year, d.month, d.day)
    else:
        # This year if still ahead, else the next year that has this date (29 February: a leap year).
        day = next(
            candidate
            for year in range(today.year, today.year + 9)
            if (candidate := _date_or_none(year, d.month, d.day)) is not None and ahead(candidate)
        )
        if day.year != today.year and d.kind == "month_day":
            ctx.notices.append(f"{d.label} has passed this year, so this is {_fmt_day(day, year=True)}.")
    if d.kind == "numeric" and d.order != "YMD":
        ctx.notices.append(f"Read {d.label} as {_fmt_day(day, year=True)}.")
    return day


def _date_or_none(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _cross_check(d: _Date, time: _Time, day: date, ctx: _Context) -> None:
    """Ask dateparser to read the same date phrase, and log when it reads it differently.

    Our own reading wins: dateparser has been caught rolling dates wrongly at month ends (RELATIVE_BASE
    2026-04-30 00:00 with "00:00" gave 2027-04-01), and it does not know the rules in the docstring. A
    disagreement in the logs is a hint that our grammar or dateparser changed under us.
    """
    text, order = _dateparser_text(d, time.hour, time.minute)
    parsed = _run_dateparser(text, ctx.base, order or ctx.order)
    if parsed is None or not _agrees(parsed.date(), d, day, ctx.base.date()):
        _log.warning("dateparser read %r as %r; using %s", text, parsed, day)


def _hint(time: _Time | None) -> str:
    """A suggestion in the user's own words: `tomorrow 9:30am` for someone who wrote 9:30am."""
    if time is None or time.problem or time.kind == "midnight":
        return "tomorrow 3pm"
    return f"tomorrow {time.label}"


def _agrees(got: date, d: _Date, ours: date, today: date) -> bool:
    if d.kind == "weekday" and d.modifier in (None, "this"):
        # dateparser knows nothing of "the time has passed, so next week"
        return got in (ours, ours - timedelta(days=7))
    if d.kind in ("month_day", "numeric") and d.year is None:
        # nor of "this year if still ahead": compare the day of the year, and a sane year
        return (got.month, got.day) == (ours.month, ours.day) and today.year <= got.year <= ours.year
    return got == ours


def _localize(local: datetime, ctx: _Context) -> datetime:
    """The aware datetime for a wall-clock time in the user's zone, refusing times a DST change skips."""
    start = local.replace(tzinfo=ctx.zone)
    if start.astimezone(UTC).astimezone(ctx.zone).replace(tzinfo=None) != local:
        later = local + timedelta(hours=1)
        raise MeetingTextError(
            f"{local:%H:%M} does not exist in {ctx.zone_name} on {_fmt_day(local.date(), year=True)}: "
            f"the clocks skip ahead that night. Pick another time, e.g. `{later:%H:%M}`."
        )
    second = start.replace(fold=1)
    if second.utcoffset() != start.utcoffset():
        # The clocks go back, so this wall time happens twice: the first, unless only the second is ahead.
        which = "first"
        if start <= ctx.now < second:
            start, which = second, "second"
        ctx.notices.append(
            f"{local:%H:%M} happens twice on {_fmt_day(local.date())} in {ctx.zone_name} "
            f"(the clocks go back); this is the {which} one, {start.tzname()}."
        )
    return start


def _check_ahead(start: datetime, when: _When, ctx: _Context) -> None:
    if start <= ctx.now:
        raise MeetingTextError(
            f"`{when.label}` is in the past. Pick a time ahead, e.g. `{_hint(when.time)}`."
        )
    if start - ctx.now > MAX_AHEAD:
        raise MeetingTextError(
            f"`{when.label}` is more than two years ahead ({_fmt_day(start.date(), year=True)}). "
            "Pick a nearer date."
        )


def _resolve_relative(when: _When, ctx: _Context) -> datetime:
    total = when.calendar_days * 1440 + when.elapsed_minutes
    if total > MAX_AHEAD.total_seconds() / 60:
        raise MeetingTextError(f"`{when.label}` is more than two years ahead. Pick a nearer time.")
    if round(total) < 1:
        raise MeetingTextError(
            f"`{when.label}` is now. Leave the time out to start the meeting right away, "
            "or pick a later time."
        )
    if when.calendar_days:
        # Days and weeks keep the wall-clock time, like the calendar expressions do.
        start = _localize(ctx.base + timedelta(days=when.calendar_days), ctx)
    else:
        start = ctx.now.astimezone(ctx.zone)
    # Hours and minutes are elapsed time: do the sum in UTC so a DST change in between is respected.
    start = (start.astimezone(UTC) + timedelta(minutes=round(when.elapsed_minutes))).astimezone(ctx.zone)
    return start.replace(second=0, microsecond=0)


# --------------------------------------------------------------------------- the entry point

def _topic_text(tokens: list[_Token]) -> str:
    while tokens and (tokens[-1].key in _AT | {"on"} or tokens[-1].raw in ("-", "–", "—", "|", ":")):
        tokens = tokens[:-1]
    if len(tokens) == 1 and tokens[0].inner is not None:
        return tokens[0].inner
    return " ".join(t.raw for t in tokens).strip(" ,;:|-–—")


def parse_meeting_text(
    text: str, *, now: datetime, tz: str, locale: str | None = None, default_duration: int = 60
) -> MeetingDraft:
    """Read `/zoom meet` text into a MeetingDraft; raise MeetingTextError with a fix for anything wrong.

    `text` is what follows `/zoom meet `. `now` is an aware datetime (a naive one is taken as UTC); the
    system clock is never read. `tz` is an IANA zone name (UTC if invalid or empty). `locale` is Slack's
    user locale ("en-US", "en-GB", "de-DE"...) and decides how `12/03` is read. See the module docstring
    for the rules where the spec left a choice.
    """
    if not isinstance(text, str):
        raise MeetingTextError(USAGE)
    if not MIN_DURATION_MINUTES <= default_duration <= MAX_DURATION_MINUTES:
        raise MeetingTextError("The default meeting length must be from 1 minute to 24 hours (1440 minutes).")
    zone, zone_ok = _zone(tz)
    if now.tzinfo is None or now.utcoffset() is None:
        now = now.replace(tzinfo=UTC)
    local_now = now.astimezone(zone)
    ctx = _Context(
        zone=zone,
        zone_name=tz if zone_ok else "UTC",
        now=now,
        base=local_now.replace(tzinfo=None),
        order=_date_order(locale),
        notices=[],
    )

    cleaned = _clean(text)
    if not cleaned:
        raise MeetingTextError(USAGE)
    tokens = _tokenize(cleaned)

    duration_minutes = default_duration
    taken = _take_duration(tokens, at_end=True)
    if taken is not None:
        duration, clause, tokens = taken
        duration_minutes = _check_duration(duration, clause)
    elif len(tokens) >= 3 and tokens[-2].key == "for" and _NUMBER.fullmatch(tokens[-1].key or ""):
        before = _find_when(tokens[:-2])
        if before is not None and (before.when.time is not None or before.when.relative):
            raise MeetingTextError(
                f"How long is `for {tokens[-1].raw}`? Add a unit, e.g. `for {tokens[-1].raw}m` or `for 1h`."
            )

    found = _find_when(tokens)
    start: datetime | None = None
    if found is None:
        _guard_unread_time(tokens)
        topic_tokens = tokens
    else:
        when = found.when
        topic_tokens = found.topic
        if when.problem:
            raise MeetingTextError(when.problem.replace("{zone}", ctx.zone_name))
        if when.date is not None and when.date.kind == "vague":
            raise MeetingTextError(
                f"`{when.label}` is a bit vague. Name a day and a time, e.g. `next Monday 10am`."
            )
        if when.date is not None and when.time is None and not when.relative and when.iso is None:
            if problem := _date_only_problem(when.date, ctx):
                raise MeetingTextError(f"{problem} Check the date, and add a time of day.")
            raise MeetingTextError(
                f"`{when.label}` needs a time of day, e.g. `{when.label} 10am`. "
                "Leave the date out to start the meeting now."
            )
        if taken is None:
            # "Sync for 45m tomorrow 3pm" / "tomorrow 3pm for 45m Sync"
            clause_end = _take_duration(topic_tokens, at_end=found.suffix)
            if clause_end is not None:
                duration, clause, topic_tokens = clause_end
                duration_minutes = _check_duration(duration, clause)
        if not when.instant:
            start = _resolve(when, ctx)

    if start is not None and not zone_ok:
        ctx.notices.insert(0, "I couldn't read your Slack time zone, so times are in UTC.")
    topic = _topic_text(topic_tokens)
    if len(topic) > MAX_TOPIC_CHARS:
        topic = topic[:MAX_TOPIC_CHARS].rstrip()
        ctx.notices.append(f"The topic was longer than {MAX_TOPIC_CHARS} characters, so it was shortened.")
    return MeetingDraft(
        topic=topic, start=start, duration_minutes=duration_minutes, notices=tuple(ctx.notices)
    )
