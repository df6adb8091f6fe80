"""Repeating meetings: `every weekday`, `every other Friday`, `monthly on the first Tuesday`, `daily`."""

from __future__ import annotations

import calendar
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from handlers.language import vocabulary_en as vocab
from handlers.language.text import Word
from zoom.models import Recurrence, zoom_weekday

_WEEKDAY_WORDS = {**vocab.WEEKDAYS, **vocab.WEEKDAY_ABBREVIATIONS, **vocab.WEEKDAY_PLURALS}
_JOINERS = frozenset({"and", "&", ",", "+", "or"})
_EVERY = frozenset({"every", "each"})
_MONTH_TAILS = (("of", "every", "month"), ("of", "each", "month"), ("every", "month"), ("each", "month"),
                ("of", "the", "month"), ("of", "month"), ("a", "month"), ("monthly",))


@dataclass(frozen=True)
class RepeatRule:
    kind: str  # daily | weekdays | weekly | monthly
    interval: int = 1
    weekdays: tuple[int, ...] = ()  # Python's 0 = Monday
    month_day: int | None = None
    month_week: int | None = None  # 1..4, -1 = the last
    month_week_day: int | None = None
    indices: tuple[int, ...] = ()  # the words that said it
    occurrences: int = 0

    def matches(self, day: date) -> bool:
        if self.kind == "weekdays":
            return day.weekday() < 5
        if self.kind == "weekly":
            return not self.weekdays or day.weekday() in self.weekdays
        if self.kind == "monthly":
            if self.month_day is not None:
                return day.day == self.month_day
            if self.month_week is not None and self.month_week_day is not None:
                if day.weekday() != self.month_week_day:
                    return False
                return _is_last(day) if self.month_week == -1 else _week_of_month(day) == self.month_week
        return True

    def settled(self, first: date) -> RepeatRule:
        """The rule with what the first occurrence implies: `weekly 3pm` repeats on that weekday."""
        if self.kind == "weekly" and not self.weekdays:
            return replace(self, weekdays=(first.weekday(),))
        if self.kind == "monthly" and self.month_day is None and self.month_week is None:
            return replace(self, month_day=first.day)
        return self

    def count(self) -> int:
        if self.occurrences:
            return self.occurrences
        if self.kind == "weekly" and self.interval >= 2:
            return max(1, vocab.DEFAULT_OCCURRENCES["weekly"] // self.interval)
        return vocab.DEFAULT_OCCURRENCES[self.kind]

    def to_zoom(self) -> Recurrence:
        if self.kind == "daily":
            return Recurrence(type=Recurrence.DAILY, repeat_interval=self.interval, end_times=self.count())
        if self.kind in ("weekdays", "weekly"):
            days = range(5) if self.kind == "weekdays" else self.weekdays
            return Recurrence(type=Recurrence.WEEKLY, repeat_interval=self.interval, end_times=self.count(),
                              weekly_days=tuple(sorted(zoom_weekday(d) for d in days)))
        if self.month_day is not None:
            return Recurrence(type=Recurrence.MONTHLY, repeat_interval=self.interval, end_times=self.count(),
                              monthly_day=self.month_day)
        assert self.month_week is not None
        assert self.month_week_day is not None
        return Recurrence(type=Recurrence.MONTHLY, repeat_interval=self.interval, end_times=self.count(),
                          monthly_week=self.month_week, monthly_week_day=zoom_weekday(self.month_week_day))

    def last_day(self, first: date) -> date:
        """The day of the last occurrence, for the reply."""
        remaining = self.count() - 1
        day = first
        if self.kind == "daily":
            return first + timedelta(days=self.interval * remaining)
        if self.kind == "monthly":
            month_index = first.year * 12 + first.month - 1 + self.interval * remaining
            year, month = divmod(month_index, 12)
            return self._day_in_month(year, month + 1) or first
        week_start = first - timedelta(days=first.weekday())
        while remaining > 0:
            day += timedelta(days=1)
            weeks = (day - timedelta(days=day.weekday()) - week_start).days // 7
            if weeks % self.interval == 0 and self.matches(day):
                remaining -= 1
        return day

    def _day_in_month(self, year: int, month: int) -> date | None:
        days = calendar.monthrange(year, month)[1]
        if self.month_day is not None:
            return date(year, month, min(self.month_day, days))
        for d in range(1, days + 1):
            candidate = date(year, month, d)
            if self.matches(candidate):
                return candidate
        return None


def _week_of_month(day: date) -> int:
    return (day.day - 1) // 7 + 1


def _is_last(day: date) -> bool:
    return (day + timedelta(days=7)).month != day.month


def find_repeat(words: Sequence[Word]) -> RepeatRule | None:
    """The repeating rule the words state, if any, with the indices of the words that state it."""
    keys = [w.key or "\0" for w in words]
    best: RepeatRule | None = None
    for i in range(len(keys)):
        for rule in _rules_at(keys, i):
            if best is None or len(rule.indices) > len(best.indices):
                best = rule
    return best


def _rules_at(keys: list[str], i: int) -> Iterator[RepeatRule]:
    n = len(keys)
    kind: str | None
    # Fixed phrases: daily, every weekday, biweekly, monthly, every other week...
    for phrase, (kind, interval) in vocab.REPEAT_PHRASES.items():
        if tuple(keys[i : i + len(phrase)]) == phrase:
            end = i + len(phrase)
            rule = RepeatRule(kind, interval, indices=tuple(range(i, end)))
            yield from _with_details(keys, rule, end)
            yield rule
    # every N days / weeks / months
    if keys[i] == "every" and i + 2 < n + 1 and i + 1 < n and keys[i + 1].isdigit() and i + 2 < n:
        count, unit = int(keys[i + 1]), keys[i + 2]
        kind = {"days": "daily", "weeks": "weekly", "months": "monthly"}.get(unit)
        if kind and count >= 1:
            rule = RepeatRule(kind, count, indices=(i, i + 1, i + 2))
            yield from _with_details(keys, rule, i + 3)
            yield rule
    # every [other] Monday [and Wednesday]; Mondays; on Mondays
    for lead, interval in vocab.REPEAT_WEEKDAY_LEADS.items():
        if tuple(keys[i : i + len(lead)]) == lead:
            days, end = _weekday_list(keys, i + len(lead), plural_only=lead == ("on",))
            if days:
                yield RepeatRule("weekly", interval, weekdays=days, indices=tuple(range(i, end)))
    if keys[i] in vocab.WEEKDAY_PLURALS:
        days, end = _weekday_list(keys, i, plural_only=True)
        if days:
            yield RepeatRule("weekly", 1, weekdays=days, indices=tuple(range(i, end)))
    # every first Tuesday [of the month]; the last Friday of every month; the 15th of each month
    if keys[i] in _EVERY:
        found = _monthly_detail(keys, i + 1)
        if found is not None:
            week, weekday, day, end = found
            end = _month_tail(keys, end)
            yield RepeatRule("monthly", 1, month_day=day, month_week=week, month_week_day=weekday,
                             indices=tuple(range(i, end)))
    start = i + (keys[i] == "on")
    found = _monthly_detail(keys, start)
    if found is not None:
        week, weekday, day, end = found
        tail = _month_tail(keys, end, every_only=True)
        if tail != end:
            yield RepeatRule("monthly", 1, month_day=day, month_week=week, month_week_day=weekday,
                             indices=tuple(range(i, tail)))


def _with_details(keys: list[str], rule: RepeatRule, end: int) -> Iterator[RepeatRule]:
    """`weekly on Monday`, `monthly on the first Tuesday`, `every month on the 15th`."""
    k = end + (end < len(keys) and keys[end] == "on")
    if rule.kind == "weekly":
        days, stop = _weekday_list(keys, k, plural_only=False)
        if days:
            yield replace(rule, weekdays=days, indices=tuple(range(rule.indices[0], stop)))
    if rule.kind == "monthly":
        found = _monthly_detail(keys, k)
        if found is not None:
            week, weekday, day, stop = found
            stop = _month_tail(keys, stop)
            yield replace(rule, month_day=day, month_week=week, month_week_day=weekday,
                          indices=tuple(range(rule.indices[0], stop)))


def _weekday_list(keys: list[str], i: int, *, plural_only: bool) -> tuple[tuple[int, ...], int]:
    days: list[int] = []
    j = i
    while j < len(keys):
        key = keys[j]
        if key in _WEEKDAY_WORDS and (not plural_only or key in vocab.WEEKDAY_PLURALS or days):
            days.append(_WEEKDAY_WORDS[key])
            j += 1
            if j < len(keys) and keys[j] in _JOINERS and j + 1 < len(keys) and keys[j + 1] in _WEEKDAY_WORDS:
                j += 1
            continue
        break
    return tuple(sorted(set(days))), j


def _monthly_detail(keys: list[str], i: int) -> tuple[int | None, int | None, int | None, int] | None:
    """(week, weekday, day of month, end) for `the first Tuesday` or `the 15th`, starting at i."""
    j = i + (i < len(keys) and keys[i] == "the")
    if j >= len(keys):
        return None
    key = keys[j]
    following = keys[j + 1] if j + 1 < len(keys) else ""
    if key in vocab.WEEK_OF_MONTH and following in _WEEKDAY_WORDS:
        return vocab.WEEK_OF_MONTH[key], _WEEKDAY_WORDS[following], None, j + 2
    if following in _WEEKDAY_WORDS or following in ("weekday", "weekdays", "day", "week", "workday"):
        return None  # "every fifth Monday", "every first weekday": no rule Zoom has; the reader asks
    day = _day_of_month(key)
    return None if day is None else (None, None, day, j + 1)


def _day_of_month(key: str) -> int | None:
    if key in vocab.ORDINAL_WORDS:
        value = vocab.ORDINAL_WORDS[key]
    elif key[:-2].isdigit() and key[-2:] in ("st", "nd", "rd", "th"):
        value = int(key[:-2])
    else:
        return None
    return value if 1 <= value <= 31 else None


def _month_tail(keys: list[str], end: int, *, every_only: bool = False) -> int:
    for tail in _MONTH_TAILS:
        if every_only and tail in (("of", "the", "month"), ("of", "month")):
            continue
        if tuple(keys[end : end + len(tail)]) == tail:
            return end + len(tail)
    return end
