"""Dates written with digits and separators, rewritten in words so that the order is ours to decide.

`12/03` is 3 December for en-US and 12 March for en-GB; with no locale the reader asks. `2027-01-12` is ISO,
`3.12.2026` is day first, `Oct/2`, `Jan-1` and `2027-sep-1` have a month name.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from handlers.language import vocabulary_en as vocab
from handlers.language.days import date_problem

_YEAR_FIRST = re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})")
_PAIR = re.compile(r"(?P<a>\d{1,2})(?P<sep>[/-])(?P<b>\d{1,2})(?:(?P=sep)(?P<y>\d{2}|\d{4}))?")
_DOTTED = re.compile(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{2}|\d{4})?")
_ISO_DATETIME = re.compile(
    r"(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})t(?P<h>\d{1,2}):(?P<mi>\d{2})(?::\d{2})?(?:\.\d{1,6})?"
    r"(?P<off>z|[+-]\d{2}:?\d{2})?"
)
_MONTH = "|".join(sorted(vocab.MONTHS, key=len, reverse=True))
_NAMED = (
    re.compile(rf"(?P<y>\d{{4}})[-/.](?P<mon>{_MONTH})[-/.](?P<d>\d{{1,2}})"),
    re.compile(rf"(?P<mon>{_MONTH})[-/.](?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:[-/.,](?P<y>\d{{4}}))?"),
    re.compile(rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?[-/.](?P<mon>{_MONTH})(?:[-/.](?P<y>\d{{2}}|\d{{4}}))?"),
)


@dataclass(frozen=True)
class DateWords:
    readings: tuple[str, ...]  # one, or two when the order is the locale's to decide and there is none
    problem: str | None = None  # neither order is a date
    by_rule: bool = False  # the order came from a convention: show the date back
    utc_offset: str | None = None  # an ISO timestamp's own offset ("z", "+05:30")


def date_words(key: str, order: str | None, *, before: str = "", after: str = "") -> DateWords | None:
    """The date in `key` in words ("december 3 2026"), or None if `key` is not a numeric date."""
    year: int | None  # a two-part date may leave it out
    if m := _ISO_DATETIME.fullmatch(key):
        words = _words(int(m["mo"]), int(m["d"]), int(m["y"]))
        clock = f"{int(m['h']):02d}:{m['mi']}"
        problem = date_problem(int(m["mo"]), int(m["d"]), int(m["y"]))
        return DateWords((f"{words} {clock}",), _problem(key, problem), utc_offset=m["off"])
    if m := _YEAR_FIRST.fullmatch(key):
        month, day, year = int(m["m"]), int(m["d"]), int(m["y"])
        return DateWords((_words(month, day, year),), _problem(key, date_problem(month, day, year)))
    for pattern in _NAMED:
        if m := pattern.fullmatch(key):
            month, day, year = vocab.MONTHS[m["mon"]], int(m["d"]), _year(m["y"])
            return DateWords((_words(month, day, year),), _problem(key, date_problem(month, day, year)))
    if m := _DOTTED.fullmatch(key):
        day, month, year = int(m["d"]), int(m["m"]), _year(m["y"])
        if year is None and 12 < month <= 59 and day <= 23:
            return None  # 17.30: a clock time
        return DateWords((_words(month, day, year),), _problem(key, date_problem(month, day, year)), by_rule=True)
    if m := _PAIR.fullmatch(key):
        if (before in ("in", "within") or after in ("hour", "hours", "h", "hr")) and m["sep"] == "/":
            return None  # "in 1/2 hour", "1/2 hour from now": a fraction
        if m["sep"] == "-" and m["y"] is None and (before in vocab.WEEKDAYS or before in vocab.WEEKDAY_ABBREVIATIONS
                                                   or before in ("today", "tomorrow", "tonight")):
            return None  # "Monday 11-12": hours
        if m["sep"] == "-" and m["y"] is None and (re.fullmatch(r"[ap]\.?m\.?", after) or before in
                                                   ("from", "between")):
            return None  # "3-4 pm", "from 9-5": a range of hours
        return _pair(key, int(m["a"]), int(m["b"]), _year(m["y"]), order)
    return None


def _pair(key: str, first: int, second: int, year: int | None, order: str | None) -> DateWords | None:
    as_mdy = date_problem(first, second, year)
    as_dmy = date_problem(second, first, year)
    if as_mdy and as_dmy:
        if first > 31 or second > 31:
            return None  # "50/50" is no date in any order: leave it to the topic
        preferred = as_dmy if order == "DMY" else as_mdy
        return DateWords((), _problem(key, preferred))
    mdy = _words(first, second, year)
    dmy = _words(second, first, year)
    if as_dmy:
        return DateWords((mdy,), by_rule=True)
    if as_mdy:
        return DateWords((dmy,), by_rule=True)
    if first == second:
        return DateWords((mdy,), by_rule=True)
    if order == "DMY":
        return DateWords((dmy,), by_rule=True)
    if order in ("MDY", "YMD"):
        return DateWords((mdy,), by_rule=True)
    return DateWords((mdy, dmy), by_rule=True)


def _words(month: int, day: int, year: int | None) -> str:
    if not 1 <= month <= 12:
        return f"{month}/{day}"
    name = calendar.month_name[month].lower()
    return f"{name} {day} {year}" if year is not None else f"{name} {day}"


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    return int(text) + (2000 if len(text) == 2 else 0)


def _problem(key: str, problem: str | None) -> str | None:
    return f"`{key}` is not a date: {problem}." if problem else None
