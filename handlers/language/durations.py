"""How long: `for 45m`, `for 1h30`, `for two hours`, `for half an hour`; and `in <n> <unit>` offsets."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from handlers.language import vocabulary_en as vocab
from handlers.language.text import Word
from zoom.models import MAX_DURATION_MINUTES, MIN_DURATION_MINUTES

MAX_DURATION_WORDS = 8

_UNITS = {
    "s": 1 / 60, "sec": 1 / 60, "secs": 1 / 60, "second": 1 / 60, "seconds": 1 / 60,
    "m": 1, "min": 1, "mins": 1, "minute": 1, "minutes": 1,
    "h": 60, "hr": 60, "hrs": 60, "hour": 60, "hours": 60,
    "d": 1440, "day": 1440, "days": 1440,
    "wk": 10080, "wks": 10080, "week": 10080, "weeks": 10080,
    "month": 43200, "months": 43200, "year": 525600, "years": 525600, "yr": 525600, "yrs": 525600,
}
_NUMBER = r"\d{1,7}(?:\.\d{1,3})?|\.\d{1,3}"
_UNIT = r"years?|yrs?|months?|weeks?|wks?|days?|d|hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s"
_PART = re.compile(rf"(?P<n>{_NUMBER})\s*(?P<unit>{_UNIT})(?![a-z])")
_ANY_PART = rf"(?:{_NUMBER})\s*(?:{_UNIT})(?![a-z])"
# Parts, optionally joined by "and", then optionally bare minutes after hours ("1h30").
_FULL = re.compile(rf"{_ANY_PART}(?:\s*(?:and\s+)?{_ANY_PART})*(?:\s*\d{{1,2}})?")
_PHRASES = (
    (re.compile(r"\b(?:an?|one) (hour|day|week|month) and a half\b"), r"1.5 \1"),
    (re.compile(r"\b(\d+) and a half (hours?|days?|weeks?|minutes?)\b"), r"\1.5 \2"),
    (re.compile(r"\b(?:a )?half an? (hour|day|minute)\b|\ba half (hour|day)\b|\bhalf (hour)\b"), r"0.5 \1\2\3"),
    (re.compile(r"\b(?:a )?quarter (?:of )?an? hour\b|\ba quarter hour\b"), "15m"),
    (re.compile(r"\b(?:a couple of|a couple|couple of|a pair of|pair of) (\w+)\b"), r"2 \1"),
    (re.compile(r"\b(?:three|3)[- ]quarters? of an? hour\b"), "45m"),
    (re.compile(r"\b1/2 ?(hours?|h|days?)\b"), r"0.5 \1"),
    (re.compile(r"\b1/4 ?(hours?|h)\b"), r"0.25 \1"),
    (re.compile(r"\b3/4 ?(hours?|h)\b"), r"0.75 \1"),
    (re.compile(r"\b(\d+) and an? half (hours?|days?|minutes?)\b"), r"\1.5 \2"),
    (re.compile(r"\b(\d+),(\d+) (hours?|h|minutes?|days?)\b"), r"\1.\2 \3"),
    (re.compile(r"\b(?:an?|one) (hours?|minutes?|days?|weeks?|months?|years?|seconds?)\b"), r"1 \1"),
)
_FILLERS = frozenset({"about", "around", "roughly", "approximately", "approx", "~", "just", "only", "another",
                      "more", "exactly"})


@dataclass(frozen=True)
class Span:
    """A length of time as the user wrote it: whole days (calendar) and minutes (elapsed)."""

    calendar_days: int
    minutes: float
    months: int = 0

    @property
    def total_minutes(self) -> float:
        return (self.months * 30 + self.calendar_days) * 1440 + self.minutes


def digits_for_number_words(keys: Sequence[str]) -> list[str]:
    """`twenty five` -> `25`, `two` -> `2`; other words as they are."""
    out: list[str] = []
    for key in keys:
        value = vocab.NUMBER_WORDS.get(key)
        if value is not None and out and out[-1].isdigit() and int(out[-1]) % 10 == 0 and int(out[-1]) >= 20 \
                and value < 10 and out[-1] != "0":
            out[-1] = str(int(out[-1]) + value)
        elif value is not None:
            out.append(str(value))
        else:
            out.append(key)
    return out


def parse_span(keys: Sequence[str | None]) -> Span | None:
    """`45m`, `1h 30m`, `two hours`, `half an hour`; None if the words are not exactly a length of time."""
    if not keys or any(k is None for k in keys):
        return None
    words = [k for k in digits_for_number_words([k for k in keys if k is not None]) if k not in _FILLERS]
    text = re.sub(r"(?<!\d),|,(?!\d)", " ", " ".join(words))
    for pattern, replacement in _PHRASES:
        text = pattern.sub(replacement, text)
    text = re.sub(r"\s+", " ", text).strip()
    minutes: float  # an int from `1:30`, a float once units are added up (Span.minutes is a float)
    if hhmm := re.fullmatch(r"(\d{1,2}):(\d{2})", text):
        hours, minutes = int(hhmm[1]), int(hhmm[2])
        return Span(0, hours * 60 + minutes) if minutes < 60 else None
    if not _FULL.fullmatch(text):
        return None
    days, months = 0, 0
    minutes = 0.0
    factor = 0.0
    end = 0
    for part in _PART.finditer(text):
        value = float(part["n"])
        factor = _UNITS[part["unit"]]
        if factor in (43200, 525600) and value.is_integer():
            months += int(value) * (12 if factor == 525600 else 1)
        elif factor >= 1440 and (value * factor / 1440).is_integer():
            days += int(value * factor // 1440)
        else:
            minutes += value * factor
        end = part.end()
    tail = text[end:].strip()
    if tail:
        # "1h30" / "2 hours 15": a bare number straight after hours is minutes.
        if factor != 60:
            return None
        minutes += int(tail)
    return Span(days, minutes, months)


def is_vague_count(keys: Sequence[str | None]) -> bool:
    """`in a few minutes`, `several days from now`: a length with no number in it."""
    joined = " ".join(k or "" for k in keys)
    return any(re.search(rf"\b{re.escape(vague)}\b", joined) for vague in vocab.VAGUE_COUNTS) and \
        not re.search(r"\d|couple", joined) and any(unit in joined for unit in ("minute", "hour", "day", "week"))


@dataclass(frozen=True)
class DurationClause:
    minutes: int
    text: str  # as typed
    rest: list[Word]  # the words without the clause
    span: Span


def take_duration(words: list[Word], *, at_end: bool) -> DurationClause | None:
    """A `for <duration>` clause at the end (or, with at_end=False, the start) of the words."""
    keys = [w.key for w in words]
    n = len(keys)
    if at_end:
        for j in range(max(0, n - MAX_DURATION_WORDS - 1), n - 1):
            if keys[j] == "for" and (span := parse_span(keys[j + 1 :])) is not None:
                return DurationClause(_minutes(span, words[j:]), _typed(words[j:]), words[:j], span)
        return None
    if n >= 2 and keys[0] == "for":
        for k in range(min(n, MAX_DURATION_WORDS + 1), 1, -1):
            if (span := parse_span(keys[1:k])) is not None:
                return DurationClause(_minutes(span, words[:k]), _typed(words[:k]), words[k:], span)
    return None


def take_duration_inside(words: list[Word]) -> DurationClause | None:
    """`Sync for 45m tomorrow 3pm`: a `for` clause between the topic and the time."""
    keys = [w.key for w in words]
    for j, key in enumerate(keys):
        if key != "for":
            continue
        for k in range(min(len(keys), j + MAX_DURATION_WORDS + 1), j + 1, -1):
            if (span := parse_span(keys[j + 1 : k])) is not None:
                return DurationClause(_minutes(span, words[j:k]), _typed(words[j:k]), words[:j] + words[k:], span)
    return None


def _typed(words: Sequence[Word]) -> str:
    return " ".join(w.raw for w in words)


class DurationOutOfRange(ValueError):
    def __init__(self, clause: str, minutes: int):
        super().__init__(clause)
        self.clause = clause
        self.minutes = minutes


def _minutes(span: Span, words: Sequence[Word]) -> int:
    total = span.total_minutes
    minutes = round(total) if total < 10**7 else 10**7
    if not MIN_DURATION_MINUTES <= minutes <= MAX_DURATION_MINUTES:
        raise DurationOutOfRange(_typed(words), minutes)
    return minutes
