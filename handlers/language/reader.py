"""Read `/zoom meet` text: find the time, read it by the conventions in docs/command-language.md, and
answer with a draft, a question (the plausible readings) or a refusal.

    /zoom meet Design review tomorrow 3pm for 45m
               ^^^^^^^^^^^^^ ^^^^^^^^^^^^ ^^^^^^^
               topic         when         how long

Duckling (`engine.py`) finds time expressions and their values; everything that decides between readings
is here: which expression is the meeting's time (the one at the end, or at the start, of the text), hours
without am/pm, `next <weekday>`, numeric dates, ranges, zones, repeats, elapsed time, DST gaps. Words that
look like part of a time but end up outside the reading make the reader ask instead of guess.
"""

from __future__ import annotations

import calendar
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from datetime import timezone as _fixed
from zoneinfo import ZoneInfo

from handlers.language import vocabulary_en as vocab
from handlers.language.days import (
    NoSuchTime,
    date_order,
    date_problem,
    day_text,
    moment_text,
    ordinal,
    place,
    user_zone,
)
from handlers.language.durations import (
    DurationClause,
    DurationOutOfRange,
    Span,
    digits_for_number_words,
    is_vague_count,
    parse_span,
    take_duration,
    take_duration_inside,
)
from handlers.language.engine import TimeValue, find_times
from handlers.language.numeric_dates import date_words
from handlers.language.readings import MeetingDraft, MeetingQuestion, Reading, Refusal
from handlers.language.recurrence import RepeatRule, find_repeat
from handlers.language.text import Word, clean, spelled, words_of
from handlers.language.zones import find_zone, fixed_offset, local_time_words
from zoom.models import MAX_DURATION_MINUTES, MAX_TOPIC_LENGTH, MIN_DURATION_MINUTES

_log = logging.getLogger(__name__)

MAX_AHEAD = timedelta(days=731)
FAR_WITHOUT_MONTH = timedelta(days=60)
MAX_CHOICES = 4
_WINDOW = 9  # words at each end of a long text that may hold the time

USAGE = (
    "Usage: `/zoom meet <topic> <time> [for <duration>]`, e.g. "
    "`/zoom meet Design review tomorrow 3pm for 45m`. Leave the time out to start now."
)

_QUOTED = "quotedtopic"
_GRAIN = {"second": timedelta(seconds=1), "minute": timedelta(minutes=1), "hour": timedelta(hours=1),
          "day": timedelta(days=1)}
_CLOCK_GRAINS = frozenset({"second", "minute", "hour"})
# Between two pieces of one time: `Sunday late evening at 10:00`, `Friday, 3pm`.
_JOIN = frozenset({"at", "on", ",", "-", "late", "early", "around", "about", "and", "@", "of", "the", "for"})
_LEAD = frozenset({"at", "on", "starting", "beginning", "from", "around", "about", "@"})
_TRAILING = frozenset({"sharp", "please", "pls", "thanks", "exactly", "ish"})
_RANGE_WORDS = frozenset({"-", "–", "to", "till", "til", "until", "through", "thru", "and"})
_OPEN_WORDS = frozenset({"by", "before", "after", "since", "until", "till", "latest", "earliest"})
_DATE_WORDS = frozenset({"today", "tomorrow", "tonight", "yesterday", "next", "this", "week", "month", "year",
                         "days", "weeks", "months", "day", "weekend", "after", "last", "coming", "following"})
_MONTH_NAMES = frozenset(vocab.MONTHS)
_UNITS = frozenset({"minute", "minutes", "hour", "hours", "day", "days", "week", "weeks", "month", "months"})
_WEEKDAY_NAMES = frozenset({**vocab.WEEKDAYS, **vocab.WEEKDAY_ABBREVIATIONS})
_WEAK_MONTHS = frozenset({"may", "march", "june", "august", "jan", "mar", "jun", "aug", "sep", "oct", "nov",
                          "dec", "feb", "apr", "jul", "sept"})
_CLOCK_LIKE = re.compile(
    r"\d{1,2}(?:[:.]\d{2})?\s?(?:[ap]\.?m\.?|[ap])|\d{1,2}:\d{2}|\d{1,2}h\d{0,2}|\d{3,4}[ap]m|\d{1,2}:\d{2}[ap]m?"
)
_AMPM_IN_WORD = re.compile(r".*\d(?:am|pm|a\.m\.?|p\.m\.?)")
_ORDINAL = re.compile(r"\d{1,2}(?:st|nd|rd|th)")
_YEAR = re.compile(r"(?:19|20)\d\d")


class _Ask(Exception):
    """A question with nothing to offer but Edit, decided before any reading."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class _Refuse(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def read_meeting_text(text: str, *, now: datetime, tz: str, locale: str | None = None,
                      default_duration: int = 60) -> Reading:
    """Read `/zoom meet` text. `now` is aware (a naive one is taken as UTC); the clock is never read here.

    `tz` is the user's IANA zone (UTC, with a notice, if empty or unknown); `locale` is Slack's user locale
    ("en-US", "en-GB", "de-DE"...), which decides how `12/03` is read.
    """
    if not isinstance(text, str):
        return Refusal(USAGE)
    if not MIN_DURATION_MINUTES <= default_duration <= MAX_DURATION_MINUTES:
        return Refusal(f"The default meeting length must be from {vocab.DURATION_RANGE}.")
    if now.tzinfo is None or now.utcoffset() is None:
        now = now.replace(tzinfo=UTC)
    # In UTC, so that comparisons see the instant (a same-zone comparison ignores `fold` at a DST change).
    now = now.astimezone(UTC)
    if not 1971 <= now.year <= 9000:
        return Refusal("I can't read times around that date.")
    cleaned = clean(text)
    if not cleaned:
        return Refusal(USAGE)
    reader = _Reader(cleaned, now, tz, locale, default_duration)
    try:
        reading = reader.read()
    except _Refuse as refused:
        return Refusal(refused.message)
    except _Ask as question:
        return MeetingQuestion(question.message, (), cleaned)
    except (OverflowError, ValueError) as error:
        # Arithmetic past what dates can hold ("every 9999999999999999 days"): no reading, never a crash.
        _log.info("no reading for a text of %d characters: %s", len(cleaned), type(error).__name__)
        return Refusal("I couldn't read a time in that. " + USAGE)
    if reader.repeat_may_be_a_name and isinstance(reading, MeetingDraft):
        # "Weekly 1:1 at 10:30": a repeating meeting, or one meeting called "Weekly 1:1"?
        try:
            once = _Reader(cleaned, now, tz, locale, default_duration, repeats=False).read()
        except _Refuse:
            return reading
        if isinstance(once, MeetingDraft):
            return _with_topics_on_buttons(MeetingQuestion(
                f"Does `{reader.repeat_word}` mean the meeting repeats, or is it part of its name?",
                (reading, once), cleaned))
    return _with_topics_on_buttons(reading)


def _with_topics_on_buttons(reading: Reading) -> Reading:
    """When the readings differ in their topic too ("Sync 5": at 5, or called "Sync 5"?), the buttons say it."""
    if not isinstance(reading, MeetingQuestion) or len({c.topic for c in reading.choices}) < 2:
        return reading
    choices = tuple(replace(c, label=f"{c.label}: {c.topic[:40] or 'no topic'}") for c in reading.choices)
    return replace(reading, choices=choices)


@dataclass
class _Chain:
    """The time expression chosen as the meeting's time: positions in the reading order, and values."""

    first: int
    last: int  # inclusive
    values: list[TimeValue]
    where: str  # end | start | middle | now


@dataclass
class _Candidate:
    local: datetime  # naive wall clock in the reading zone; ignored when `instant`
    notices: list[str] = field(default_factory=list)
    elapsed: timedelta | None = None  # `in 2 hours`: an exact instant from now
    instant: bool = False


class _Reader:
    def __init__(self, cleaned: str, now: datetime, tz: str, locale: str | None, default_duration: int,
                 *, repeats: bool = True):
        self.text = cleaned
        self.repeats = repeats
        self.repeat_span: Span | None = None
        self.repeat_keys: list[str] = []
        self.repeat_may_be_a_name = False
        self.repeat_word = ""
        self.now = now
        self.user_tz = tz
        zone, self.zone_ok = user_zone(tz)
        self.user_zone = zone
        self.user_zone_name = tz if self.zone_ok else "UTC"
        self.order = date_order(locale)
        self.default_duration = default_duration
        self.words: list[Word] = words_of(cleaned)
        self.notices: list[str] = []
        self.ask_reasons: list[str] = []

    # ------------------------------------------------------------------ the steps

    def read(self) -> Reading:
        words = self.words
        duration: DurationClause | None = self._duration_at_end(words)
        if duration is not None:
            words = duration.rest
            if not duration.text:  # "for 6 weeks" of a repeating meeting: how long it repeats, not its length
                duration = None
        self.words = words
        _refuse_impossible(words)
        for k in range(len(words) - 2):
            if words[k].key in ("every", "each") and words[k + 1].key in ("fifth", "5th") and \
                    words[k + 2].key in _WEEKDAY_NAMES:
                raise _Refuse("Zoom repeats a meeting monthly on the first to the fourth, or the last, weekday of "
                              "the month, e.g. `every last Friday 3pm`.")
        clocks = [w.shown for w in words if w.key is not None and _CLOCK_LIKE.fullmatch(spelled(w.key))]
        if len(clocks) > 3:
            # Duckling's time explodes on a run of clock times, and no meeting has four start times.
            shown = ", ".join(f"`{c}`" for c in clocks[:4])
            raise _Ask(f"I see several times ({shown}…) and can't tell which one the meeting starts at. "
                       "Edit the text to give one.")
        repeat = find_repeat(words) if self.repeats else None
        if repeat is not None and len(repeat.indices) == 1:
            index = repeat.indices[0]
            following = words[index + 1].key if index + 1 < len(words) else None
            if words[index].key in vocab.REPEAT_ADJECTIVES and following is not None and \
                    following not in ("at", "on", "from", "starting", "@") and not _CLOCK_LIKE.fullmatch(following):
                self.repeat_may_be_a_name = True
                self.repeat_word = words[index].shown
        removed: set[int] = set(repeat.indices) if repeat else set()
        # "every evening at 6": the repeat's own words say which half of the day
        self.repeat_keys = [words[i].key or "" for i in sorted(removed) if words[i].key in vocab.PARTS_OF_DAY]
        named = find_zone(words, self.user_tz)
        if named is not None and not removed.intersection(named.indices):
            removed.update(named.indices)
        else:
            named = None
        removed.update(local_time_words(words))
        self.named = named
        self.zone: tzinfo = named.zone if named else self.user_zone
        self.zone_name = named.name if (named and "/" in named.name) or (named and named.name == "UTC") \
            else self.user_zone_name
        self.zone_label = named.name if named else self.user_zone_name
        self.wall_now = self.now.astimezone(self.zone).replace(tzinfo=None)
        self.positions = [i for i in range(len(words)) if i not in removed]
        self.removed = removed

        variants, by_rule, offset_zone = self._reading_texts()
        if offset_zone is not None and named is None:
            self._use_offset(offset_zone)
        readings: list[tuple[_Chain | None, list[_Candidate], list[int]]] = []
        for norms in variants:
            readings.append(self._read_variant(norms, by_rule, repeat))
        chain, candidates, topic_positions = readings[0]
        for extra in readings[1:]:
            candidates = candidates + extra[1]
        return self._answer(chain, candidates, topic_positions, duration, repeat)

    def _duration_at_end(self, words: list[Word]) -> DurationClause | None:
        try:
            return take_duration(words, at_end=True) or _duration_before_company(words)
        except DurationOutOfRange as error:
            # "every Friday 3pm for 6 weeks": for a repeating meeting, a span of days is how long it repeats
            span_words = error.clause.split()[1:]
            span = parse_span([w.lower() for w in span_words])
            if self.repeats and span is not None and (span.calendar_days or span.months) and \
                    find_repeat(words) is not None:
                self.repeat_span = span
                return None if (rest := self._without_clause(words, len(error.clause.split()))) is None else \
                    DurationClause(self.default_duration, "", rest, span)
            raise _Refuse(self._duration_problem(error)) from None

    @staticmethod
    def _without_clause(words: list[Word], length: int) -> list[Word] | None:
        return words[:-length] if len(words) > length else None

    @staticmethod
    def _duration_problem(error: DurationOutOfRange) -> str:
        return (f"`{error.clause}` is {error.minutes} minutes, but Zoom meetings last from "
                f"{vocab.DURATION_RANGE}. Try e.g. `for 45m` or `for 2h`.")

    def _use_offset(self, offset: str) -> None:
        named = fixed_offset(offset)
        if named is None:
            raise _Refuse(f"`{offset}` is not a UTC offset.")
        self.named = named
        self.zone = named.zone
        self.zone_name = "UTC" if named.name == "UTC" else self.user_zone_name
        self.zone_label = named.name
        self.wall_now = self.now.astimezone(named.zone).replace(tzinfo=None)

    def _reading_texts(self) -> tuple[list[list[str]], bool, str | None]:
        """The words as Duckling should see them, position by position; two lists when a date's order
        is the locale's to decide and there is no locale."""
        words = self.words
        positions = self.positions
        keys = [words[p].key for p in positions]
        norms = [spelled(k) if k is not None else _QUOTED for k in keys]
        for j in range(len(norms)):
            for phrase, replacement in vocab.PHRASE_SPELLINGS.items():
                if tuple(keys[j : j + len(phrase)]) == phrase:
                    norms[j] = replacement
                    for k in range(j + 1, j + len(phrase)):
                        norms[k] = ""
        for j, key in enumerate(keys):
            if key is None:
                continue
            before = keys[j - 1] if j else None
            following = keys[j + 1] if j + 1 < len(keys) else None
            if following in ("today", "tomorrow", "tonight", "tmrw", "tmr") and (
                    key in _MONTH_NAMES or key in _WEEKDAY_NAMES or key in vocab.WEEKDAY_PLURALS or
                    _ORDINAL.fullmatch(key) or key in vocab.ORDINAL_WORDS or
                    (re.fullmatch(r"[0-9]{1,2}", key) and following != "tonight" and
                     any(k is not None and _CLOCK_LIKE.fullmatch(spelled(k)) for k in keys[j + 2 : j + 5]))):
                norms[j] = "item"  # "Meet April tomorrow 3pm", "Prep for Monday tomorrow 3pm": tomorrow wins
            if re.fullmatch(r"[0-9]{1,2}", key) and following is not None and following in _WEEKDAY_NAMES:
                norms[j] = "item"  # "Team 3 Friday 3pm": the 3 is the team's
            if before is not None and _CLOCK_LIKE.fullmatch(spelled(before)) and \
                    re.fullmatch(r"\d{1,2}(?:\.\d)?(?:h|hrs?|m|mins?)", key) and parse_span([key]) is not None:
                norms[j] = "item"  # "tomorrow 3pm 2h": a length without `for`, not another time
            unit_words = ("min", "mins", "minutes", "minute", "h", "hr", "hrs", "hour", "hours")
            if before is not None and _CLOCK_LIKE.fullmatch(spelled(before)) and re.fullmatch(r"[0-9]{1,3}", key) \
                    and following in unit_words:
                norms[j] = norms[j + 1] = "item"  # "3pm 45 min": a length, not 15:45
            if key == "tonight" and following and re.fullmatch(r"[1-9]|1[01]", following):
                norms[j + 1] = f"{following}pm"  # tonight 7
            if before in ("the", "on") and re.fullmatch(r"[1-9]|[12]\d|3[01]", key) and \
                    not (following and re.fullmatch(r"[ap]\.?m\.?|:\d\d|o'?clock", following)):
                norms[j] = ordinal(int(key))  # "8pm on the 15"
            if m := re.fullmatch(r"([01]\d|2[0-3])([0-5]\d)-([01]\d|2[0-3])([0-5]\d)", key):
                norms[j] = f"{m[1]}:{m[2]}-{m[3]}:{m[4]}"  # 0930-1045
                continue
            year_like = before is not None and (before in _MONTH_NAMES or before.isdigit() or
                                                bool(_ORDINAL.fullmatch(before)))
            if (m := re.fullmatch(r"([01]\d|2[0-3])([0-5]\d)", key)) and not year_like and (
                    before in ("at", "@", "around", "about", "approximately", "approx", "-", "from", "until", "to")
                    or (j + 1 < len(keys) and keys[j + 1] in ("-", "to", "until"))
                    or (j > 0 and (_previous_norm(norms, j) in vocab.DAY_WORDS or before in _WEEKDAY_NAMES))):
                norms[j] = f"{m[1]}:{m[2]}"  # at 2100, tomorrow 0930: a 24-hour clock
                continue
            if j + 2 < len(keys) + 1 and key.isdigit() and int(key) <= 12 and keys[j + 1 : j + 3] == ["at", "night"]:
                norms[j], norms[j + 1], norms[j + 2] = f"{key}pm", "", ""  # 11 at night
                continue
            # "Room 101", "PR 2417": a bare number of three or four digits is a clock time only after `at`
            # (`at 1030`) or before am/pm, and a year only when it looks like one.
            if re.fullmatch(r"\d{3,4}", key) and not _YEAR.fullmatch(key):
                before = keys[j - 1] if j else None
                after = keys[j + 1] if j + 1 < len(keys) else None
                if before not in ("at", "@", "from", "to", "till", "until", "-", "in", "within") and \
                        not (after and re.fullmatch(r"[ap]\.?m\.?|minutes?|mins?|hours?|hrs?|days?|weeks?", after)):
                    norms[j] = "item"
        by_rule = False
        offset_zone: str | None = None
        alternative: list[str] | None = None
        for j, key in enumerate(keys):
            if key is not None and (m := re.fullmatch(r"(\d{1,2}):(\d{2})z", key)):
                norms[j] = f"{m[1]}:{m[2]}"  # 15:00Z
                offset_zone = "z"
            if key is not None and (m := re.fullmatch(r"(\d{1,2})[.:](\d{2})(\+\d{2}(?::?\d{2})?|-\d{4})", key)):
                norms[j] = f"{m[1]}:{m[2]}"  # 23.00+14: a clock and its UTC offset
                offset_zone = m[3]
        for j, key in enumerate(keys):
            if key is None:
                continue
            before = keys[j - 1] or "" if j else ""
            after = keys[j + 1] or "" if j + 1 < len(keys) else ""
            found = date_words(key, self.order, before=before, after=after)
            if found is None:
                continue
            if found.problem:
                if found.utc_offset is not None or re.fullmatch(r"\d{4}.*", key) or re.search(r"[a-z]", key) \
                        or _CLOCK_LIKE.fullmatch(after) or _CLOCK_LIKE.fullmatch(before) or after == "at" \
                        or len(keys) == 1:
                    raise _Refuse(f"{found.problem} Check the date and try again, e.g. `tomorrow 3pm`.")
                continue
            by_rule = by_rule or found.by_rule
            offset_zone = offset_zone or found.utc_offset
            norms[j] = found.readings[0]
            if j and re.fullmatch(r"\d{4}.*", key) and re.fullmatch(r"[0-9]{1,2}", norms[j - 1]):
                norms[j - 1] = "item"  # "Sync 10 2027-07-01": an ISO date has its own day; the 10 is the topic's
            if len(found.readings) > 1 and alternative is None:
                alternative = list(norms)
                alternative[j] = found.readings[1]
        variants = [norms]
        if alternative is not None:
            self.ask_reasons.append("the date could be read day first or month first")
            variants.append(alternative)
        return variants, by_rule, offset_zone

    def _read_variant(self, norms: list[str], by_rule: bool, repeat: RepeatRule | None
                      ) -> tuple[_Chain | None, list[_Candidate], list[int]]:
        """(chain, candidates, topic positions) for one way of writing the words."""
        now_chain = self._now_at_end(norms) or self._relative_at_end(norms)
        chain: _Chain | None
        if now_chain is not None:
            self.norms = norms
            chain = now_chain
            values: list[TimeValue] = []
        else:
            norms = list(norms)
            if len(norms) > 2 * _WINDOW:
                # Duckling's time grows faster than the text and it holds the GIL throughout; the meeting's
                # time is at the start or the end, so the middle of a long text is not given to it.
                norms[_WINDOW] = "item"
                for r in range(_WINDOW + 1, len(norms) - _WINDOW):
                    norms[r] = ""
            for _ in range(3):
                text, spans = _assemble(norms)
                values = [v for v in find_times(text, self.wall_now, day_first=self.order == "DMY")
                          if not v.latent]
                values = _without_overlaps(values)
                located = [(v, _positions_of(v, spans)) for v in values]
                located = [(v, ps) for v, ps in located if ps]
                strangers = [r for _, ps in located for r in ps if not _time_word(norms[r])]
                if not strangers:
                    break
                for r in strangers:
                    norms[r] = "item"
            self.norms = norms
            chain = self._choose_chain(located, norms)
            self.leftovers = [(v, ps) for v, ps in located if chain is None or ps[0] > chain.last
                              or ps[-1] < chain.first]
        if now_chain is not None:
            self.leftovers = []
        candidates = self._candidates(chain, norms, by_rule, repeat) if chain is not None else []
        in_chain = set(range(chain.first, chain.last + 1)) if chain else set()
        topic_positions = [r for r in range(len(norms)) if r not in in_chain]
        return chain, candidates, topic_positions

    def _relative_at_end(self, norms: list[str]) -> _Chain | None:
        """`in 90 minutes`, `in 0 minutes`, `two hours from now` at the end: read by our own grammar."""
        count = len(norms)
        for r in range(max(0, count - 12), count):
            keys = " ".join(norms[r:]).split()
            if not keys or norms[r] == "":
                continue
            if keys[0] in ("in", "within"):
                body = keys[1:]
            elif keys[-2:] in (["from", "now"], ["from", "today"]):
                body = keys[:-2]
            elif keys[-1] in ("later", "hence", "out"):
                body = keys[:-1]
            elif keys[:2] in (["now", "+"], ["now", "plus"]):
                body = keys[2:]
            else:
                continue
            if body and body[0].startswith("-"):
                raise _Refuse(f"`{' '.join(keys)}` is in the past. Pick a time ahead, e.g. `in 5 minutes`.")
            if body and (parse_span(body) is not None or is_vague_count(body)):
                return _Chain(r, count - 1, [], "relative")
        return None

    def _now_at_end(self, norms: list[str]) -> _Chain | None:
        count = len(norms)
        while count and (norms[count - 1] == "" or (norms[count - 1] in _TRAILING and count < len(norms) + 1
                                                     and count > 1)):
            count -= 1  # "right now" is spelled "now" and ""; "now please"
        if count < len(norms):
            found = self._now_at_end(norms[:count])
            return _Chain(found.first, len(norms) - 1, [], "now") if found else None
        for phrase in sorted(vocab.NOW_PHRASES, key=len, reverse=True):
            before = norms[-len(phrase) - 1] if len(norms) > len(phrase) else ""
            if len(norms) >= len(phrase) and tuple(norms[-len(phrase):]) == phrase and before != "from":
                return _Chain(len(norms) - len(phrase), len(norms) - 1, [], "now")
        return None

    # ------------------------------------------------------------------ which expression is the time

    def _choose_chain(self, located: list[tuple[TimeValue, list[int]]], norms: list[str]) -> _Chain | None:
        if not located:
            return None
        count = len(norms)

        def skippable(r: int, allowed: frozenset[str]) -> bool:
            return norms[r] == "" or norms[r] in allowed

        # At the end: the last expression, with only fillers after it, grown leftwards over glue.
        last = located[-1]
        tail = last[1][-1] + 1
        while tail < count and skippable(tail, _TRAILING):
            tail += 1
        if tail == count:
            return self._grow(located, len(located) - 1, -1, "end", norms)
        # At the start (`tomorrow 3pm Design review`): only with a clock time and a date or digits, so that
        # "Midnight release party" stays a topic.
        first = located[0]
        head = 0
        while head < first[1][0] and skippable(head, _LEAD):
            head += 1
        if head == first[1][0]:
            chain = self._grow(located, 0, +1, "start", norms)
            keys = self._chain_keys(chain, norms)
            clocky = any(v.grain in _CLOCK_GRAINS and not v.interval for v in chain.values) and (
                any(ch.isdigit() for k in keys for ch in k) or self._dated(keys))
            if clocky:
                return chain
        longest = max(range(len(located)), key=lambda k: located[k][1][-1] - located[k][1][0])
        return self._grow(located, longest, -1, "middle", norms)

    def _grow(self, located: list[tuple[TimeValue, list[int]]], index: int, step: int, where: str,
              norms: list[str]) -> _Chain:
        value, ps = located[index]
        first, last = ps[0], ps[-1]
        values = [value]
        k = index + step
        while 0 <= k < len(located):
            other, ops = located[k]
            gap = range(ops[-1] + 1, first) if step < 0 else range(last + 1, ops[0])
            if not all(norms[r] in _JOIN or norms[r] == "" for r in gap):
                break
            if _says_a_clock(other) and any(_says_a_clock(v) for v in values):
                break  # two clock times ("tomorrow 3pm Friday 4pm") are two readings, not one
            # Words taken out (a repeat, a zone) between two expressions keep them apart.
            outer = (ops[-1], first) if step < 0 else (last, ops[0])
            if self.positions[outer[1]] - self.positions[outer[0]] != outer[1] - outer[0]:
                break
            if step < 0:
                first = ops[0]
                values.insert(0, other)
            else:
                last = ops[-1]
                values.append(other)
            k += step
        while first > 0 and (norms[first - 1] in _LEAD or norms[first - 1] == ""):
            first -= 1
        # "Game night Friday 8pm": a part of the day before a day and a clock that says am/pm is the topic's.
        rest = " ".join(norms[first + 1 : last + 1]).split()
        if norms[first] in vocab.PARTS_OF_DAY and self._dated(rest) and \
                any(k in ("am", "pm") or _AMPM_IN_WORD.fullmatch(k) for k in rest):
            first += 1
        while last + 1 < len(norms) and (norms[last + 1] in _TRAILING or norms[last + 1] == ""):
            last += 1
        return _Chain(first, last, values, where)

    def _chain_keys(self, chain: _Chain, norms: list[str]) -> list[str]:
        return " ".join(norms[chain.first : chain.last + 1]).split()

    def _chain_typed(self, chain: _Chain) -> str:
        return " ".join(self.words[self.positions[r]].shown for r in range(chain.first, chain.last + 1))

    @staticmethod
    def _dated(keys: Sequence[str]) -> bool:
        return any(k in _DATE_WORDS or k in _MONTH_NAMES or k in _WEEKDAY_NAMES or k in vocab.WEEKDAY_PLURALS
                   or _ORDINAL.fullmatch(k) or k in vocab.ORDINAL_WORDS or _YEAR.fullmatch(k) for k in keys)

    # ------------------------------------------------------------------ readings of the chosen expression

    def _candidates(self, chain: _Chain, norms: list[str], by_rule: bool,
                    repeat: RepeatRule | None) -> list[_Candidate]:
        typed = self._chain_typed(chain)
        for r in range(chain.first + 1, min(chain.last + 2, len(norms))):
            shown = self.words[self.positions[r]].shown
            before = self.words[self.positions[r - 1]].key or ""
            lower = shown.lower()
            if _CLOCK_LIKE.fullmatch(before) and 2 <= len(shown) <= 5 and shown.isalpha() and shown.isupper() \
                    and lower not in vocab.AM_WORDS | vocab.PM_WORDS and lower not in ("am", "pm", "noon"):
                raise _Refuse(f"I don't know the time zone `{shown}`. Write it as a place, e.g. `Asia/Karachi` or "
                              "`3pm London time`, or leave it out to use your own Slack time zone.")
        if chain.where == "now":
            return [_Candidate(self.wall_now, instant=True)]
        keys = self._chain_keys(chain, norms)
        self.chain_typed = typed
        self.range_minutes: int | None = None
        relative = self._relative(keys, typed)
        if relative is not None:
            return relative
        months = [k for k in keys if k in _MONTH_NAMES]
        if months and not any(_ORDINAL.fullmatch(k) or k in vocab.ORDINAL_WORDS or re.fullmatch(r"\d{1,2}", k)
                              or k in vocab.NUMBER_WORDS
                              or k in vocab.WEEK_OF_MONTH or k in _WEEKDAY_NAMES for k in keys) and \
                not any(re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", k) for k in keys):
            self.ask_reasons.append(f"`{typed}` names a month but no day in it")
            return []
        if "than" in keys:
            self.ask_reasons.append(f"`{typed}` gives a limit, not a start time")
            return []
        if "ago" in keys:
            raise _Refuse(f"`{typed}` is in the past. Pick a time ahead, e.g. `in 5 minutes`.")
        for k in range(len(keys) - 1):
            if keys[k + 1] in _WEEKDAY_NAMES and (keys[k] in vocab.WEEK_OF_MONTH or keys[k] in vocab.ORDINAL_WORDS
                                                  or _ORDINAL.fullmatch(keys[k])):
                month = next((m for m in keys[k + 2 :] if m in _MONTH_NAMES), None)
                if month is not None:
                    self._check_nth_weekday(keys[k], keys[k + 1], month)
        if _counts_from_another_day(keys):
            self.ask_reasons.append(f"`{typed}` counts from another day; write the day itself, e.g. `Friday 3pm`")
            return []
        if any(k in vocab.VAGUE_WORDS for k in keys):
            self.ask_reasons.append(f"`{typed}` is a bit vague: name a day and a time, e.g. `tomorrow 5pm`")
            return []
        if any(k in ("week", "month", "weekend") for k in keys) and \
                not any(k in _WEEKDAY_NAMES or k in _MONTH_NAMES or _ORDINAL.fullmatch(k) for k in keys) and \
                not any(k in ("in", "from", "after", "a", "one") or (k.isdigit() and keys.index(k) == 0) for k in keys):
            self.ask_reasons.append(f"`{typed}` is a bit vague: name a day and a time, e.g. `next Monday 10am`")
            return []
        relative = self._relative(keys, typed)
        if relative is not None:
            return relative
        self._check_weekday_matches_date(keys)
        values = chain.values
        interval = next((v for v in values if v.interval), None)
        if interval is not None:
            return self._interval(interval, keys, typed, values)
        date_value, clock_value = _date_and_clock(values)
        after = chain.last + 1
        if clock_value is None and date_value is not None and date_value.value is not None and \
                after < len(norms) and (m := re.fullmatch(r"(\d{1,2})(?::(\d{2}))?", norms[after])) and \
                1 <= int(m[1]) <= 12 and int(m[2] or 0) < 60:
            # "Team dinner Friday 7": the day, then an hour Duckling did not join to it
            chain.last = after
            self.chain_typed = typed = self._chain_typed(chain)
            keys = [*keys, norms[after]]
            return self._clock_readings(date_value.value.date(), time(int(m[1]), int(m[2] or 0)), keys, typed,
                                        by_rule, repeat, dated=True)
        if clock_value is None:
            return self._date_only(date_value, keys, typed, repeat)
        assert clock_value.value is not None
        clock = clock_value.value.time().replace(second=0, microsecond=0)
        day = date_value.value.date() if date_value is not None and date_value.value else clock_value.value.date()
        said = self._said_day(keys)
        self._check_written_date(keys, said or day)
        return self._clock_readings(said or day, clock, keys, typed, by_rule, repeat,
                                    dated=True if said is not None else None)

    def _relative(self, keys: list[str], typed: str) -> list[_Candidate] | None:
        """`in 2 hours`, `30 minutes from now`, `in two weeks`: from now, not from a clock time."""
        if len(keys) == 2 and keys[0] in ("in", "within") and re.fullmatch(r"[0-9]{1,3}", keys[1]):
            # "Coffee chat in 15": minutes, most likely, but no unit says so
            self.ask_reasons.append(f"`{typed}` has no unit; I took it as minutes")
            return [_Candidate(self.wall_now, elapsed=timedelta(minutes=int(keys[1])))]
        body: list[str] | None = None
        if keys and keys[0] in ("in", "within"):
            body = keys[1:]
        elif keys[-2:] in (["from", "now"], ["from", "today"]):
            body = keys[:-2]
        elif keys[-1:] in (["later"], ["hence"], ["out"]):
            body = keys[:-1]
        elif keys[:2] in (["now", "+"], ["now", "plus"]):
            body = keys[2:]
        if body is None:
            return None
        if is_vague_count(body):
            self.ask_reasons.append(f"`{typed}` does not say how long from now")
            return []
        span = parse_span(body)
        if span is None:
            return None
        total = span.total_minutes
        if total > MAX_AHEAD.total_seconds() / 60:
            raise _Refuse(f"`{typed}` is more than two years ahead. Pick a nearer time.")
        if round(total) < 1:
            raise _Refuse(f"`{typed}` is now. Leave the time out to start the meeting right away, "
                          "or pick a later time.")
        if span.calendar_days or span.months:
            # Days, weeks and months keep the wall-clock time, like the calendar expressions do.
            local = _add_months(self.wall_now, span.months) + timedelta(days=span.calendar_days)
            local = local.replace(second=0, microsecond=0)
            return [_Candidate(local, elapsed=timedelta(minutes=span.minutes) if span.minutes else None,
                               notices=[f"Read `{typed}` as {moment_text(local)}."])]
        return [_Candidate(self.wall_now, elapsed=timedelta(minutes=span.minutes))]

    def _interval(self, value: TimeValue, keys: list[str], typed: str,
                  values: list[TimeValue]) -> list[_Candidate]:
        opening = keys[0] if keys else ""
        if value.value is not None and value.until is None and opening in ("from", "starting", "beginning"):
            return self._clock_readings(value.value.date(), value.value.time(), keys, typed, False, None)
        digit_after = len(keys) > 1 and keys[1][:1].isdigit()
        if value.value is None or value.until is None or opening in _OPEN_WORDS or \
                (opening in ("in", "within") and digit_after):
            self.ask_reasons.append(f"`{typed}` gives a limit, not a start time")
            return []
        if any(k in _RANGE_WORDS for k in keys) or any("-" in k or "–" in k for k in keys):
            head = self._range_head(keys)
            if not any(_CLOCK_LIKE.fullmatch(k) or k in ("noon", "midnight") or k in vocab.NUMBER_WORDS or
                       (re.fullmatch(r"\d{1,2}(?::\d\d)?", k) and not _next_to_month(head, i))
                       for i, k in enumerate(head)):
                self.ask_reasons.append(f"`{typed}` reads as a range from a date to a time")
                return []
            end = value.until - _GRAIN.get(value.until_grain, timedelta(0))
            tail = keys[len(self._range_head(keys)):]
            if self._dated([p for k in tail for p in re.split(r"[-–]", k) if p]) and \
                    end - value.value > timedelta(days=1):
                raise _Refuse(f"`{typed}` lasts more than a day, but Zoom meetings last at most 24 hours. Give the "
                              "start and a length, e.g. `Aug 5 8am for 2h`.")
            start = _range_start(value.value, end, self._range_head(keys))
            start, end = self._range_as_written(start, end, keys)
            if end - start > timedelta(days=1):
                raise _Refuse(f"`{typed}` lasts more than a day, but Zoom meetings last at most 24 hours. Give the "
                              "start and a length, e.g. `Aug 5 8am for 2h`.")
            minutes = round((end - start).total_seconds() / 60)
            if not MIN_DURATION_MINUTES <= minutes <= MAX_DURATION_MINUTES:
                raise _Refuse(f"`{typed}` lasts {minutes} minutes, but Zoom meetings last from 1 minute to "
                              "24 hours.")
            self.range_minutes = minutes
            day_value = next((v for v in values if not v.interval and v.grain == "day"), None)
            day = day_value.value.date() if day_value and day_value.value else start.date()
            return self._clock_readings(day, start.time(), keys, typed, False, None,
                                        dated=self._dated(keys) or day_value is not None)
        part = next((k for k in keys if k in vocab.PARTS_OF_DAY), None)
        clock = next((m for k in keys if (m := re.fullmatch(r"(\d{1,2})(?::(\d{2}))?", k))), None)
        if part is not None and clock is not None and 1 <= int(clock[1]) <= 12 and int(clock[2] or 0) < 60:
            # "7:00 on next Sunday afternoon": the clock, in that part of the day
            hour = int(clock[1]) % 12 + (12 if part in vocab.PM_WORDS else 0)
            at = time(hour, int(clock[2] or 0))
            return self._clock_readings(self._said_day(keys) or value.value.date(), at,
                                        [*keys, "pm" if hour >= 12 else "am"], typed, False, None, dated=True)
        if part is None:
            self.ask_reasons.append(f"`{typed}` is a stretch of time, not a start time")
            return []
        local = datetime.combine(value.value.date(), time(vocab.PARTS_OF_DAY[part]))
        self.ask_reasons.append(f"`{typed}` does not say what time")
        return [_Candidate(local)] if local > self.wall_now else []

    def _said_day(self, keys: list[str]) -> date | None:
        """The day when the words fix it and Duckling may not keep it: `in 10 days at 9am` is ten days from
        today even once 9am has passed; `this morning at 9` is today, even once 9 has passed."""
        today = self.wall_now.date()
        if keys and keys[0] in ("in", "within") and "at" in keys:
            span = parse_span(keys[1 : keys.index("at")])
            if span is not None and not span.minutes:
                return _add_months(self.wall_now, span.months).date() + timedelta(days=span.calendar_days)
        relative_in = any(k == "in" and j + 1 < len(keys) and keys[j + 1] not in ("the",)
                          for j, k in enumerate(keys))
        if relative_in or any(k in ("after", "from", "before", "days", "weeks") for k in keys):
            return None
        if "tomorrow" in keys and not any(k in _WEEKDAY_NAMES or k in _MONTH_NAMES for k in keys):
            return today + timedelta(days=1)  # "tomorrow at 5 in the evening": Duckling once made it today
        if "today" in keys or "tonight" in keys or any(
                keys[k] == "this" and keys[k + 1] in vocab.PARTS_OF_DAY for k in range(len(keys) - 1)):
            return today
        return None

    def _range_as_written(self, start: datetime, end: datetime, keys: list[str]) -> tuple[datetime, datetime]:
        """The range's hours as written, whatever Duckling made of them: `tomorrow 11-1pm` is 11:00-13:00,
        `tomorrow 11pm-1am` 23:00 to 01:00 the next day."""
        head, tail = self._range_head(keys), keys[len(self._range_head(keys)):]
        first = _clock_of(head, last=True)
        if first is None:
            return start, end
        tail_words = [part for key in tail for part in re.split(r"[-–]", key) if part]
        if self._dated(tail_words):
            return start, end  # "August 5th 8h - August 16th 13h": the end has a day of its own
        second = _clock_of(tail_words)
        if second is not None and not second[2] and any(w in ("pm", "p.m.", "p.m", "evening", "afternoon", "night")
                                                        for w in tail_words):
            second = (second[0], second[1], "pm")  # "from 3 to 4 in the PM"
        day = self._said_day(keys) or start.date()
        h1, m1, half1 = first
        def hours(hour: int, half: str) -> list[int]:
            if half:
                return [hour % 12 + (12 if half == "pm" else 0)]
            return [hour] if hour > 12 or hour == 0 else [hour % 12, hour % 12 + 12]

        ends = [end.time()]
        if second is not None:
            ends = [time(hour % 24, second[1]) for hour in hours(second[0], second[2])]
        best = None
        for hour in hours(h1, half1):
            candidate = datetime.combine(day, time(hour % 24, m1))
            for end_time in ends:
                stop = datetime.combine(day, end_time)
                stop = stop if stop > candidate else stop + timedelta(days=1)
                # the reading where the range is shortest: "8pm - 11" is three hours, not fifteen
                if stop - candidate <= timedelta(hours=12) and (best is None or stop - candidate < best[1] - best[0]
                                                                or (stop - candidate == best[1] - best[0] and
                                                                    candidate > best[0])):
                    best = (candidate, stop)
        return best if best is not None else (start, end)

    @staticmethod
    def _range_head(keys: list[str]) -> list[str]:
        """The words of a range before its connector: `11` of `11-1pm`, `from 2` of `from 2 to 3pm`."""
        head: list[str] = []
        for key in keys:
            if key in _RANGE_WORDS:
                break
            if "-" in key or "–" in key:
                head.append(re.split(r"[-–]", key)[0])
                break
            head.append(key)
        return head

    def _date_only(self, value: TimeValue | None, keys: list[str], typed: str,
                   repeat: RepeatRule | None) -> list[_Candidate]:
        if value is not None and value.grain == "day" and ("from" in keys or "later" in keys):
            local = datetime.combine(value.value.date(), self.wall_now.time().replace(second=0, microsecond=0)) \
                if value.value else self.wall_now
            return [_Candidate(local, notices=[f"Read `{typed}` as {moment_text(local)}."])]
        words = [k for k in keys if k not in vocab.TIME_GLUE and not any(ch.isdigit() for ch in k)]
        if words and all(k in vocab.DATE_HOMONYMS for k in words):
            # `Go sat`, `May the 4th party`, `Sun salutation`: as likely a topic as a date.
            self.weak_date = True
        if value is not None and value.grain not in ("day",):
            self.ask_reasons.append(f"`{typed}` is a bit vague: name a day and a time, e.g. `next Monday 10am`")
        elif repeat is not None:
            self.ask_reasons.append("it does not say what time the meeting repeats at")
        else:
            self.ask_reasons.append(f"`{typed}` needs a time of day, e.g. `{typed} 10am`")
        return []

    def _clock_readings(self, day: date, clock: time, keys: list[str], typed: str, by_rule: bool,
                        repeat: RepeatRule | None, *, dated: bool | None = None) -> list[_Candidate]:
        dated = self._dated(keys) if dated is None else dated
        explicit, hour_written = self._explicit_half([*keys, *self.repeat_keys], clock)
        if not explicit and any(k in ("hour", "hours", "minute", "minutes", "h", "m", "second", "seconds")
                                for k in keys) and \
                not any(k in ("past", "to", "before", "after", "till") for k in keys):
            explicit = True  # `in 2 more minutes`, `next hour`: arithmetic from now, no clock to read
        if hour_written is not None and hour_written <= 23:
            clock = clock.replace(hour=hour_written)
        hours = [clock.hour]
        if not explicit:
            h12 = clock.hour % 12 or 12
            if 9 <= h12 <= 12:
                hours = [h12]
                today = self.wall_now.date()
                if not dated and repeat is None and datetime.combine(today, clock.replace(hour=h12)) <= \
                        self.wall_now and h12 != 12:
                    hours = [h12, h12 + 12]
            else:
                hours = [h12, h12 + 12]
            if len(hours) > 1:
                self.ask_reasons.append(f"`{typed}` could be in the morning or in the evening")
        days: list[date | None] = [day] if dated else [None]
        self.roll = "day" if not dated else self._roll_rule(keys)
        if dated:
            days = self._weekday_rule(keys, day) or days
            if self.roll == "week":
                days = [self._coming_weekday(keys)]
            weekday = self._the_weekday(keys)
            if weekday is not None:
                kept = [d for d in days if d is None or d.weekday() == weekday]
                if not kept:
                    shown = day_text(days[0], year=True) if days[0] else "another day"
                    raise _Refuse(f"I read `{typed}` as {shown}, which is not a {calendar.day_name[weekday]}. Write "
                                  f"the date itself, e.g. `{calendar.day_name[weekday]} 3pm` or `Dec 7 3pm`.")
                days = kept
            today = self.wall_now.date()
            if "tomorrow" in keys and days == [today + timedelta(days=1)] and \
                    0 < self.wall_now.hour * 60 + self.wall_now.minute < 240:
                # 00:30 on Wednesday: "tomorrow" is often the day that has just begun
                days = [today, today + timedelta(days=1)]
                self.ask_reasons.append(f"it is just after midnight, so `tomorrow` could be today, {day_text(today)}")
            mine = self.now.astimezone(self.user_zone).date()
            if self.named is not None and mine != today and any(k in ("today", "tomorrow", "tonight") for k in keys):
                # 9am PT said in Kolkata: whose "tomorrow"? The zone's, and the user's.
                shifted = [d + (mine - today) for d in days if d is not None]
                # Unpacked into a list display so that it types as `days` is, a list[date | None].
                days = [*sorted({*[d for d in days if d is not None], *shifted})]
                self.ask_reasons.append(f"it is already {day_text(mine)} for you but {day_text(today)} in "
                                        f"{self.named.name}, so `{typed}` could be either day")
            if "midnight" in keys and clock == time(0) and days[0] is not None:
                first = days[0]
                days = [first, first + timedelta(days=1)]
                self.ask_reasons.append(f"`{typed}` could be the start or the end of {day_text(first)}")
        out: list[_Candidate] = []
        for d in days:
            for hour in hours:
                at = clock.replace(hour=hour)
                out.append(self._on_day(d, at, typed, dated, by_rule, keys))
        return out

    def _on_day(self, d: date | None, at: time, typed: str, dated: bool, by_rule: bool,
                keys: list[str]) -> _Candidate:
        if d is None:
            today = self.wall_now.date()
            local = datetime.combine(today, at)
            if local > self.wall_now:
                return _Candidate(local)
            local = datetime.combine(today + timedelta(days=1), at)
            return _Candidate(local, notices=[f"{typed} has passed today, so this is tomorrow, "
                                              f"{day_text(local.date())}."])
        local = datetime.combine(d, at)
        notices = []
        if local <= self.wall_now and self.roll in ("week", "year", "month"):
            rolled = _rolled(local, self.roll)
            if rolled is not None:
                local = rolled
                notices.append(f"{typed} has passed, so this is {moment_text(local)}." if self.roll != "week"
                               else f"{typed} has passed today, so this is next week, {day_text(local.date())}.")
                return _Candidate(local, notices=notices)
        said_day = {"today", "tomorrow", "tonight"}.intersection(keys) or any(_YEAR.fullmatch(k) for k in keys)
        if by_rule or (not said_day and d != self.wall_now.date()):
            notices.append(f"Read `{typed}` as {moment_text(local)}.")
        return _Candidate(local, notices=notices)

    def _check_nth_weekday(self, nth: str, weekday_name: str, month_name: str) -> None:
        """`fifth friday of december`: there may be none; say so rather than take another month's."""
        n = vocab.WEEK_OF_MONTH.get(nth) or vocab.ORDINAL_WORDS.get(nth) or int(re.sub(r"\D", "", nth) or 0)
        if n < 5:
            return
        weekday = {**vocab.WEEKDAYS, **vocab.WEEKDAY_ABBREVIATIONS}[weekday_name]
        month = vocab.MONTHS[month_name]
        today = self.wall_now.date()
        year = today.year if (today.month, today.day) <= (month, calendar.monthrange(today.year, month)[1]) \
            else today.year + 1
        count = sum(1 for d in range(1, calendar.monthrange(year, month)[1] + 1)
                    if date(year, month, d).weekday() == weekday)
        if n > count:
            raise _Refuse(f"{calendar.month_name[month]} {year} has no {nth} {calendar.day_name[weekday]}. "
                          "Check the date.")

    def _check_written_date(self, keys: list[str], day: date) -> None:
        """The day read must be the day written: `dec 5` is the 5th of December, whatever Duckling says."""
        for k in range(len(keys) - 1):
            first, second = keys[k], keys[k + 1]
            month = vocab.MONTHS.get(first)
            number = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", second)
            if month is None:
                month = vocab.MONTHS.get(second)
                number = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", first)
                if k + 2 < len(keys) and re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", keys[k + 2]):
                    continue  # "10 july 1": the day is the one after the month
            if month is not None and number is not None and (day.month, day.day) != (month, int(number[1])):
                if first in vocab.DATE_HOMONYMS or second in vocab.DATE_HOMONYMS:
                    continue
                raise _Refuse(f"I couldn't read `{self.chain_typed}` for sure: it names "
                              f"{calendar.month_name[month]} {int(number[1])} but reads as {day_text(day, year=True)}. "
                              "Write the date and the time plainly, e.g. `Dec 5 6am for 1h`.")

    def _check_weekday_matches_date(self, keys: list[str]) -> None:
        """`Fri Dec 3 10am` when 3 December is a Thursday: say so, rather than jump to a year it is Friday."""
        weekdays = [k for k in keys if k in _WEEKDAY_NAMES]
        months = [k for k in keys if k in _MONTH_NAMES]
        days = [int(k.rstrip("stndrh")) for k in keys if re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", k)]
        if len(weekdays) != 1 or len(months) != 1 or len(days) < 1 or any(_YEAR.fullmatch(k) for k in keys):
            return
        at = keys.index(weekdays[0])
        if at and (keys[at - 1] in vocab.WEEK_OF_MONTH or keys[at - 1] in vocab.ORDINAL_WORDS or
                   _ORDINAL.fullmatch(keys[at - 1])):
            self._check_nth_weekday(keys[at - 1], weekdays[0], months[0])
            return
        weekday = {**vocab.WEEKDAYS, **vocab.WEEKDAY_ABBREVIATIONS}[weekdays[0]]
        month, day = vocab.MONTHS[months[0]], days[0]
        today = self.wall_now.date()
        for year in (today.year, today.year + 1):
            try:
                candidate = date(year, month, day)
            except ValueError:
                return
            if candidate >= today:
                if candidate.weekday() != weekday:
                    raise _Refuse(f"{day_text(candidate, year=True)} is a {calendar.day_name[candidate.weekday()]}, "
                                  f"not a {calendar.day_name[weekday]}. Check the date.")
                return

    @staticmethod
    def _the_weekday(keys: list[str]) -> int | None:
        """The one weekday the words name, unless it is counted from ("Friday after next" still is one)."""
        names = [k for k in keys if k in _WEEKDAY_NAMES]
        if len(names) != 1:
            return None
        return {**vocab.WEEKDAYS, **vocab.WEEKDAY_ABBREVIATIONS}[names[0]]

    def _roll_rule(self, keys: list[str]) -> str | None:
        """What a date the text names becomes once it has passed: next week, next month, next year, or
        nothing (`today 9am` at 10:00 is in the past)."""
        if any(k in ("today", "tonight", "tomorrow", "yesterday", "last", "ago") for k in keys) or \
                any(_YEAR.fullmatch(k) for k in keys):
            return None
        weekdays = [k for k in keys if k in _WEEKDAY_NAMES]
        months = [k for k in keys if k in _MONTH_NAMES]
        ordinals = [k for k in keys if _ORDINAL.fullmatch(k) or k in vocab.ORDINAL_WORDS]
        relative = any(k in ("next", "after", "week", "weeks", "days", "of", "following", "in", "from")
                       for k in keys)
        if weekdays and not months and not ordinals and not relative:
            return "week"
        if months:
            return "year"
        if ordinals and not weekdays and not relative:
            return "month"
        return None

    def _coming_weekday(self, keys: list[str]) -> date:
        name = next(k for k in keys if k in _WEEKDAY_NAMES)
        weekday = {**vocab.WEEKDAYS, **vocab.WEEKDAY_ABBREVIATIONS}[name]
        today = self.wall_now.date()
        return today + timedelta(days=(weekday - today.weekday()) % 7)

    def _weekday_rule(self, keys: list[str], day: date) -> list[date | None] | None:
        """`next Friday` on a Tuesday: this week's or next week's? Both, when they differ."""
        for k in range(len(keys) - 1):
            if keys[k] == "next" and keys[k + 1] in _WEEKDAY_NAMES and keys[k + 2 : k + 3] != ["week"]:
                weekday = {**vocab.WEEKDAYS, **vocab.WEEKDAY_ABBREVIATIONS}[keys[k + 1]]
                today = self.wall_now.date()
                coming = today + timedelta(days=(weekday - today.weekday()) % 7 or 7)
                next_week = today - timedelta(days=today.weekday()) + timedelta(days=7 + weekday)
                if coming != next_week:
                    self.ask_reasons.append(f"`next {calendar.day_name[weekday]}` could be this week's or next "
                                            "week's")
                    return [coming, next_week]
                return [coming]
        return None

    def _explicit_half(self, keys: list[str], clock: time) -> tuple[bool, int | None]:
        """Does the text say which half of the day (am/pm, a part of the day, or a 24-hour clock)? And, for a
        24-hour clock, its hour: Duckling reads `01:00` at 02:00 as the next 1 o'clock, 13:00."""
        parts = [part for key in keys for part in re.split(r"[-–]", key) if part]
        if any(k in ("am", "pm", "a.m.", "p.m.") or _AMPM_IN_WORD.fullmatch(k) for k in parts):
            return True, None  # "07:00 PM": the am/pm decides, whatever the leading zero says
        for index, k in enumerate(parts):
            if k in vocab.AM_WORDS or k in vocab.PM_WORDS or k in vocab.PARTS_OF_DAY or k == "midnight" \
                    or _AMPM_IN_WORD.fullmatch(k):
                return True, None
            if (m := re.fullmatch(r"(\d{1,2}):(\d{2})", k)) and (int(m[1]) >= 13 or int(m[1]) == 0 or
                                                                 k.startswith("0")):
                return True, int(m[1]) if int(m[2]) == clock.minute and int(m[1]) % 12 == clock.hour % 12 else None
            if m := re.fullmatch(r"(\d{1,2})h(\d{0,2})", k):
                return True, int(m[1]) if int(m[1]) % 12 == clock.hour % 12 else None
            if re.fullmatch(r"\d{4}", k) and (int(k[:2]) % 12, int(k[2:])) == (clock.hour % 12, clock.minute):
                return True, int(k[:2])
            after_at = index > 0 and parts[index - 1] in ("at", "@", "from", "to", "till", "until")
            if after_at and k.isdigit() and len(k) <= 2 and (int(k) >= 13 or int(k) == 0) and \
                    int(k) % 12 == clock.hour % 12:
                return True, int(k)
        return False, None

    # ------------------------------------------------------------------ the answer

    def _answer(self, chain: _Chain | None, candidates: list[_Candidate], topic_positions: list[int],
                duration: DurationClause | None, repeat: RepeatRule | None) -> Reading:
        topic_words = [self.words[self.positions[r]] for r in topic_positions]
        if chain is not None and duration is None:
            try:
                inside = take_duration_inside(topic_words)
            except DurationOutOfRange as error:
                raise _Refuse(self._duration_problem(error)) from None
            if inside is not None:
                duration, topic_words = inside, inside.rest
        if chain is not None and duration is None and topic_words:
            after = chain.last + 1
            word = self.words[self.positions[after]] if after < len(self.norms) else None
            unit = self.words[self.positions[after + 1]] if after + 1 < len(self.norms) else None
            two_words = word is not None and unit is not None and word.key is not None and unit.key is not None and \
                re.fullmatch(r"[0-9]{1,3}", word.key) and parse_span([word.key, unit.key]) is not None
            if two_words:
                assert word is not None
                assert unit is not None
                span = parse_span([word.key, unit.key])
                if span is not None and MIN_DURATION_MINUTES <= round(span.total_minutes) <= MAX_DURATION_MINUTES:
                    duration = DurationClause(round(span.total_minutes), f"{word.raw} {unit.raw}",
                                              [w for w in topic_words if w is not word and w is not unit], span)
                    topic_words = duration.rest
                    self.ask_reasons.append(f"I took `{word.shown} {unit.shown}` as the length (write "
                                            f"`for {word.shown} {unit.shown}` to say so)")
                word = None
            if word is not None and word.key is not None and re.fullmatch(r"\d{1,2}(?:\.\d)?(?:h|hrs?|m|mins?)",
                                                                           word.key):
                span = parse_span([word.key])
                if span is not None and MIN_DURATION_MINUTES <= round(span.total_minutes) <= MAX_DURATION_MINUTES:
                    duration = DurationClause(round(span.total_minutes), word.raw,
                                              [w for w in topic_words if w is not word], span)
                    topic_words = duration.rest
                    self.ask_reasons.append(f"I took `{word.shown}` as the length (write `for {word.shown}` to "
                                            "say so)")
        minutes = self.default_duration
        if duration is not None:
            minutes = duration.minutes
        range_minutes = getattr(self, "range_minutes", None)
        if range_minutes is not None:
            if duration is not None and duration.minutes != range_minutes:
                raise _Refuse(f"`{self.chain_typed}` lasts {range_minutes} minutes but `{duration.text}` says "
                              f"{duration.minutes}. Give one of them.")
            minutes = range_minutes
        last_word = topic_words[-1] if topic_words else None
        after_the_time = chain is not None and last_word is not None and any(
            self.words[self.positions[r]] is last_word for r in range(chain.last + 1, len(self.norms)))
        if chain is not None and after_the_time and len(topic_words) >= 2 and topic_words[-2].key == "for" and \
                re.fullmatch(r"\d{1,4}(?:\.\d+)?", topic_words[-1].key or "") and chain.where != "now":
            raise _Refuse(f"How long is `for {topic_words[-1].raw}`? Add a unit, e.g. "
                          f"`for {topic_words[-1].raw}m` or `for 1h`.")
        topic, topic_notice = _topic_text(topic_words)
        suspicious = self._suspicious(chain, topic_positions, topic_words)
        if chain is None and (trailing := self._trailing_number(topic_words, minutes, repeat)) is not None:
            return trailing
        if chain is None:
            if repeat is not None:
                return MeetingQuestion("It repeats, but I couldn't find the time it should start at. Edit the "
                                       "text to add one, e.g. `every Monday 10am`.", (), self.text)
            tail = [w for w in topic_words[-3:] if w.key is not None and self._weak(spelled(w.key), w, after=False)]
            if len(tail) >= 2 and not suspicious:
                suspicious = [" ".join(w.shown for w in topic_words[-3:])]  # "seven on 15"
            if suspicious:
                draft = self._draft(topic, None, minutes, [], None, topic_notice)
                shown = ", ".join(f"`{w}`" for w in suspicious[:3])
                return MeetingQuestion(
                    f"I see {shown} but couldn't tell when the meeting starts. Start it now with the whole text "
                    "as its topic, or Edit it to say when (e.g. `tomorrow 3pm`); quotes keep a topic whole.",
                    (draft,), self.text)
            return self._draft(topic, None, minutes, [], None, topic_notice)
        drafts = self._drafts(candidates, topic, minutes, repeat, topic_notice)
        drafts = self._other_side_of_dst(drafts, topic, minutes, repeat, topic_notice)
        after = chain.last + 1
        continues = after < len(self.norms) and self.norms[after] in vocab.TOPIC_CONTINUATIONS and \
            self._explicit_half(self._chain_keys(chain, self.norms), time(12))[0]
        if chain.where == "middle" and not continues:
            self.ask_reasons.append(f"`{self.chain_typed}` is in the middle of the text, so I'm not sure the "
                                    "rest is the topic")
        if suspicious:
            shown = ", ".join(f"`{w}`" for w in suspicious[:3])
            self.ask_reasons.append(f"{shown} also looks like part of a time")
        for draft in drafts:
            if draft.start is not None and not self._named_month(chain) and \
                    draft.start - self.now > FAR_WITHOUT_MONTH:
                self.ask_reasons.append(f"the first date that fits `{self.chain_typed}` is {draft.label}")
                break
        if len(drafts) == 1 and not self.ask_reasons:
            return drafts[0]
        understood = f"I read the time as `{self.chain_typed}`" if getattr(self, "chain_typed", "") else \
            "I read the time"
        reasons = "; ".join(dict.fromkeys(self.ask_reasons)) or "it could mean more than one time"
        if not drafts and getattr(self, "weak_date", False):
            everything, _ = _topic_text(self.words)
            start_now = self._draft(everything, None, minutes, [], None, None)
            return MeetingQuestion(
                f"`{self.chain_typed}` could be a date, but there is no time of day with it. Start the meeting "
                "now with the whole text as its topic, or Edit it to say when (quotes keep a topic whole).",
                (start_now,), self.text)
        if drafts:
            message = f"{understood}, but {reasons}. Which did you mean?"
        else:
            message = f"I couldn't schedule this: {reasons}. Edit the text to say when."
        return MeetingQuestion(message, tuple(drafts[:MAX_CHOICES]), self.text)

    def _trailing_number(self, topic_words: list[Word], minutes: int,
                         repeat: RepeatRule | None) -> MeetingQuestion | None:
        """`Sync 2300`, `Sync 5`: a number at the end could be a time, or part of the topic ("Top 5")."""
        if not topic_words or topic_words[-1].key is None:
            return None
        key = spelled(topic_words[-1].key)
        previous = topic_words[-2].key if len(topic_words) > 1 else None
        if _YEAR.fullmatch(key) and previous in ("for", "in", "of", "since", "by", "from", "to", "until"):
            return None  # "Plan for 2027"
        if len(key) == 3 and key[1:] not in ("00", "15", "30", "45"):
            return None  # "Room 101": three digits are a time only as 730, 915
        if m := re.fullmatch(r"([01]?\d|2[0-3])([0-5]\d)(?:[0-5]\d)?", key):
            hour, minute = int(m[1]), int(m[2])
            clock = f"{hour}:{minute:02d}" if len(key) == 3 else f"{hour:02d}:{minute:02d}"
        elif re.fullmatch(r"[1-9]|1[0-2]", key):
            hour, minute, clock = int(key), 0, key
        else:
            return None
        self.chain_typed = topic_words[-1].shown
        candidates = self._clock_readings(self.wall_now.date(), time(hour, minute), [clock], self.chain_typed,
                                          False, repeat)
        rest, notice = _topic_text(topic_words[:-1])
        everything, notice_all = _topic_text(topic_words)
        try:
            drafts = self._drafts(candidates, rest, minutes, repeat, notice)
        except _Refuse:
            drafts = []
        now_draft = self._draft(everything, None, minutes, [], None, notice_all)
        return MeetingQuestion(
            f"Is `{self.chain_typed}` the time, or part of the topic? Pick one, or Edit the text "
            "(quotes keep a topic whole).", (*drafts[: MAX_CHOICES - 1], now_draft), self.text)

    def _other_side_of_dst(self, drafts: list[MeetingDraft], topic: str, minutes: int, repeat: RepeatRule | None,
                           topic_notice: str | None) -> list[MeetingDraft]:
        """`9am BST` in February: London's clock (GMT then) or the offset BST names (UTC+1)? Both."""
        named = self.named
        if named is None or len(drafts) != 1 or drafts[0].start is None:
            return drafts
        # EST, CST, MST and PST are written all year for the region's clock; the others name their offset.
        nominal = vocab.ZONE_OFFSETS.get(named.text.lower().strip("()"))
        if named.text.lower().strip("()") in ("est", "cst", "mst", "pst", "akst"):
            return drafts
        start = drafts[0].start
        if nominal is None or start.astimezone(named.zone).utcoffset() == timedelta(hours=nominal):
            return drafts
        wall = start.astimezone(named.zone).replace(tzinfo=None)
        fixed = datetime.combine(wall.date(), wall.time(), tzinfo=_fixed(timedelta(hours=nominal)))
        if fixed <= self.now:
            return drafts
        self.ask_reasons.append(f"`{named.text}` names a UTC offset of {nominal:+g} h, but on that day "
                                f"{named.name} is on {start.astimezone(named.zone).tzname()}")
        other = replace(drafts[0], start=fixed.astimezone(ZoneInfo(self.zone_name)),
                        label=f"{moment_text(fixed)} UTC{nominal:+g}")
        return sorted([drafts[0], other], key=lambda d: d.start or self.now)

    def _named_month(self, chain: _Chain) -> bool:
        keys = self._chain_keys(chain, self.norms)
        return any(k in _MONTH_NAMES or _YEAR.fullmatch(k) for k in keys) or chain.where in ("now", "relative") \
            or bool(keys and keys[0] in ("in", "within")) or "from" in keys

    def _drafts(self, candidates: list[_Candidate], topic: str, minutes: int, repeat: RepeatRule | None,
                topic_notice: str | None) -> list[MeetingDraft]:
        drafts: dict[datetime | None, MeetingDraft] = {}
        problems: list[str] = []
        for candidate in candidates:
            try:
                draft = self._draft_at(candidate, topic, minutes, repeat, topic_notice)
            except _Refuse as refused:
                problems.append(refused.message)
                continue
            drafts.setdefault(draft.start, draft)
        if not drafts and problems:
            raise _Refuse(problems[0])
        return sorted(drafts.values(), key=lambda d: d.start or self.now)

    def _draft_at(self, candidate: _Candidate, topic: str, minutes: int, repeat: RepeatRule | None,
                  topic_notice: str | None) -> MeetingDraft:
        notices = list(candidate.notices)
        if candidate.instant:
            return self._draft(topic, None, minutes, notices, None, topic_notice)
        if candidate.elapsed is not None and candidate.local == self.wall_now:
            start = (self.now.astimezone(UTC) + candidate.elapsed).replace(second=0, microsecond=0)
            start = start.astimezone(self.zone)
        else:
            local = candidate.local
            rule = None
            if repeat is not None:
                if self.named is not None and "/" not in self.named.name and self.named.name != "UTC":
                    raise _Refuse("A repeating meeting needs a zone with a name, so that it keeps its hour across "
                                  "daylight-saving changes: write e.g. `Asia/Tokyo` instead of "
                                  f"`{self.named.text}`.")
                limit = {"daily": 99, "weekly": 50, "weekdays": 50, "monthly": 10}[repeat.kind]
                if repeat.interval > limit:
                    raise _Refuse(f"Zoom repeats a meeting at most every {limit} "
                                  f"{ {'daily': 'days', 'monthly': 'months'}.get(repeat.kind, 'weeks')}.")
                if self.repeat_span is not None:
                    repeat = replace(repeat, occurrences=_occurrences_in(repeat, self.repeat_span))
                local, rule = self._first_occurrence(repeat, local)
                notices = []
            try:
                placed = place(local, self.zone, self.zone_label, self.now)
            except NoSuchTime as gap:
                raise _Refuse(str(gap)) from None
            start = placed.start
            if candidate.elapsed is not None:
                start = (start.astimezone(UTC) + candidate.elapsed).astimezone(self.zone)
            if placed.notice:
                notices.append(placed.notice)
            if rule is not None:
                last = rule.last_day(local.date())
                notices.append(f"It repeats {rule.count()} times, the last on {day_text(last, year=True)}; "
                               "change the end in Zoom if you need more.")
                return self._draft(topic, start, minutes, notices, rule, topic_notice)
        if start <= self.now:
            when = moment_text(start.astimezone(self.zone))
            raise _Refuse(f"`{getattr(self, 'chain_typed', 'That time')}` is in the past ({when}). Pick a time "
                          f"ahead, e.g. `{self._hint()}`.")
        if start - self.now > MAX_AHEAD:
            raise _Refuse(f"`{getattr(self, 'chain_typed', 'That time')}` is more than two years ahead "
                          f"({day_text(start.date(), year=True)}). Pick a nearer date.")
        return self._draft(topic, start, minutes, notices, None, topic_notice)

    def _hint(self) -> str:
        """A suggestion in the user's own words: `tomorrow 9:30am` for someone who wrote 9:30am."""
        for word in getattr(self, "chain_typed", "").split():
            if _CLOCK_LIKE.fullmatch(word.lower()):
                return f"tomorrow {word}"
        return "tomorrow 3pm"

    def _first_occurrence(self, repeat: RepeatRule, local: datetime) -> tuple[datetime, RepeatRule]:
        day = local.date() if local.date() >= self.wall_now.date() else self.wall_now.date()
        if local.date() != self.wall_now.date() and local.date() == self.wall_now.date() + timedelta(days=1) \
                and not self._dated(self._chain_keys_safe()):
            day = self.wall_now.date()  # a bare clock time rolled to tomorrow: the rule decides the day
        for _ in range(800):
            candidate = datetime.combine(day, local.time())
            if repeat.matches(day) and candidate > self.wall_now:
                return candidate, repeat.settled(day)
            day += timedelta(days=1)
        raise _Refuse("I couldn't find a day that fits that repeating rule.")

    def _chain_keys_safe(self) -> list[str]:
        return getattr(self, "chain_typed", "").lower().split()

    def _draft(self, topic: str, start: datetime | None, minutes: int, notices: list[str],
               rule: RepeatRule | None, topic_notice: str | None) -> MeetingDraft:
        notices = list(notices)
        if start is not None:
            # In the zone the draft names (fixed offsets too), to the minute.
            start = start.astimezone(ZoneInfo(self.zone_name)).replace(second=0, microsecond=0)
        if start is not None and self.named is not None and self.zone_label != self.user_zone_name:
            mine = start.astimezone(self.user_zone)
            notices.insert(0, f"Read `{self.chain_typed}` in {self.zone_label}: that is {moment_text(mine)} "
                              f"in {self.user_zone_name}.")
        elif start is not None and not self.zone_ok:
            notices.insert(0, "I couldn't read your Slack time zone, so times are in UTC.")
        if topic_notice:
            notices.append(topic_notice)
        label = "Start now" if start is None else moment_text(start)
        if rule is not None:
            label = f"Repeating, first {label}"
        if start is not None and self.named is not None:
            label = f"{label} {self.named.text}"
        return MeetingDraft(topic=topic, start=start, duration_minutes=minutes, timezone=self.zone_name,
                            notices=tuple(dict.fromkeys(notices)), recurrence=rule.to_zoom() if rule else None,
                            label=label)

    # ------------------------------------------------------------------ never silently wrong

    def _suspicious(self, chain: _Chain | None, topic_positions: list[int], topic_words: list[Word]) -> list[str]:
        """Words left in the topic that look like part of a time."""
        kept = {id(w) for w in topic_words}
        found: list[str] = []
        keys_in_topic = [w.key if w.key in vocab.MEALS else spelled(w.key) if w.key is not None else ""
                         for w in topic_words]
        if chain is not None and topic_positions and chain.first > 0:
            # "Christmas Eve at 6pm": a holiday right before the time is a date we do not guess
            before = [spelled(self.words[self.positions[r]].key or "") for r in range(max(0, chain.first - 3),
                                                                                      chain.first)]
            for holiday in vocab.HOLIDAYS:
                if tuple(before[-len(holiday):]) == holiday:
                    found.append(" ".join(holiday))
                    break
        if chain is None and keys_in_topic:
            last_two = keys_in_topic[-2:]
            if keys_in_topic[-1] in vocab.VAGUE_WORDS or (
                    len(last_two) == 2 and last_two[0] in ("after", "before", "during", "over", "at", "by")
                    and last_two[1] in vocab.MEALS | {"work", "school", "noon"}):
                found.append(" ".join(w.shown for w in topic_words[-2:]))  # "Sync after lunch", "Sync soon"
        previous = ""
        for r in topic_positions:
            word = self.words[self.positions[r]]
            if id(word) not in kept or word.key is None:
                previous = ""
                continue
            key = spelled(word.key)
            if self._strong(key, word):
                found.append(word.shown)
            elif key in _UNITS and (previous.replace(".", "", 1).isdigit() or previous in vocab.NUMBER_WORDS
                                    or previous in ("a", "an", "few", "couple")):
                found.append(word.shown)  # "in 100 minutes" that nothing read
            previous = key
        if chain is not None:
            # A bare number beside a time that already names its day ("Sprint 5 tomorrow 3pm") is the topic's;
            # beside a time without one ("Sync 15 8pm") it may be the day of the month.
            names_day = self._dated(self._chain_keys(chain, self.norms)) if chain.where != "now" else True

            for r in _beside(chain, len(self.norms)):
                word = self.words[self.positions[r]]
                key = spelled(word.key) if word.key is not None else ""
                if names_day and (re.fullmatch(r"[0-9]{1,4}", key) or key in vocab.NUMBER_WORDS or
                                  key in vocab.ORDINAL_WORDS):
                    continue
                chain_keys = self._chain_keys(chain, self.norms)
                if key in vocab.PARTS_OF_DAY and names_day and \
                        any(k in ("am", "pm") or _AMPM_IN_WORD.fullmatch(k) for k in chain_keys):
                    continue  # "Game night Friday 8pm": the am/pm already says which part of the day
                if id(word) in kept and word.key is not None and self._weak(key, word, after=r > chain.last) and \
                        word.shown not in found:
                    found.append(word.shown)
        for _value, ps in getattr(self, "leftovers", []):
            keys = " ".join(self.norms[r] for r in ps).split()
            if any(self._strong(k, None) or _ORDINAL.fullmatch(k) or k in vocab.ORDINAL_WORDS for k in keys) or \
                    (keys and keys[0] == "in" and len(keys) >= 3):
                shown = " ".join(self.words[self.positions[r]].shown for r in ps)
                if id(self.words[self.positions[ps[0]]]) in kept and shown not in found:
                    found.append(shown)
        return found

    @staticmethod
    def _strong(key: str, word: Word | None) -> bool:
        if _CLOCK_LIKE.fullmatch(key):
            return True
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", key) or ((found := date_words(key, "MDY")) is not None and
                                                           found.readings and found.problem is None and
                                                           not re.fullmatch(r"\d{1,2}-\d{1,2}", key)):
            return True  # "2015-03-28", "12/03": a date left in the topic
        if key in vocab.DAY_WORDS or key in ("noon", "midnight"):
            return True
        if key in vocab.WEEKDAYS or key in vocab.WEEKDAY_PLURALS:
            return True
        return key in vocab.MONTHS and key not in _WEAK_MONTHS and len(key) > 3

    def _weak(self, key: str, word: Word, *, after: bool) -> bool:
        if key in vocab.TIME_GLUE or key in vocab.PARTS_OF_DAY or key in vocab.NUMBER_WORDS or \
                key in vocab.ORDINAL_WORDS or key in _WEEKDAY_NAMES or key in _MONTH_NAMES:
            return True
        if key.isdigit() or _ORDINAL.fullmatch(key):
            return True
        shown = word.shown  # "3pm PKT": capitals right after a time look like a zone we do not know
        return after and 2 <= len(shown) <= 5 and shown.isalpha() and shown.isupper()


# ---------------------------------------------------------------------- helpers


_BAD_24H = re.compile(r"(\d{1,2}):(\d{2})")
_BAD_12H = re.compile(r"(\d{1,2})(?::(\d{2}))?([ap])\.?m\.?")


def _refuse_impossible(words: list[Word]) -> None:
    """`25:00`, `13pm`, `Feb 30`: a time or a date that cannot be, said plainly rather than guessed around."""
    keys = [w.key or "" for w in words]
    for i, key in enumerate(keys):
        if m := _BAD_24H.fullmatch(key):
            hour, minute = int(m[1]), int(m[2])
            if hour > 23 or minute > 59:
                hint = " Use `midnight` or `00:00` for the start of a day." if key in ("24:00",) else ""
                raise _Refuse(f"`{key}` is not a time of day: hours go from 0 to 23 and minutes from 0 to 59.{hint}")
        if (m := _BAD_24H.fullmatch(key)) and int(m[1]) >= 13 and i + 1 < len(keys) and \
                keys[i + 1] in ("am", "pm", "a.m.", "p.m."):
            raise _Refuse(f"`{key} {keys[i + 1]}` is not a time of day: write `{key}` or a 12-hour time.")
        if (m := re.fullmatch(r"(?:utc|gmt)[+-](\d+)(?::?(\d+))?", key)) and (int(m[1]) > 14 or int(m[2] or 0) > 59):
            raise _Refuse(f"`{words[i].shown}` is not a UTC offset.")
        if m := _BAD_12H.fullmatch(key):
            hour, minute = int(m[1]), int(m[2] or 0)
            if not 1 <= hour <= 12 or minute > 59:
                suggestion = f" Did you mean `{hour}:{minute:02d}`?" if 13 <= hour <= 23 and minute <= 59 else ""
                raise _Refuse(f"`{words[i].shown}` is not a time of day.{suggestion}")
        if key in vocab.MONTHS and key not in ("may", "march", "sun", "sat") and i + 1 < len(keys):
            day = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", keys[i + 1])
            year = int(keys[i + 2]) if i + 2 < len(keys) and _YEAR.fullmatch(keys[i + 2]) else None
            if day and (problem := date_problem(vocab.MONTHS[key], int(day[1]), year)):
                label = " ".join(w.shown for w in words[i : i + (3 if year else 2)])
                raise _Refuse(f"`{label}` is not a date: {problem}. Check the date and try again.")


def _time_word(norm: str) -> bool:
    return all(word in vocab.TIME_VOCABULARY or any(ch.isdigit() for ch in word) or word in "-–,@:&"
               for word in norm.split())


def _assemble(norms: list[str]) -> tuple[str, list[tuple[int, int]]]:
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    offset = 0
    for norm in norms:
        if not norm:
            spans.append((offset, offset))
            continue
        if parts:
            offset += 1
        spans.append((offset, offset + len(norm)))
        parts.append(norm)
        offset += len(norm)
    return " ".join(parts), spans


def _positions_of(value: TimeValue, spans: list[tuple[int, int]]) -> list[int]:
    hit = [r for r, (a, b) in enumerate(spans) if a < value.end and value.start < b]
    if not hit:
        return []
    # A word that Duckling read only in part ("15:00h" -> "15:00") is still the time's word.
    first, last = hit[0], hit[-1]
    while last + 1 < len(spans) and spans[last + 1][0] == spans[last + 1][1]:
        last += 1
    return list(range(first, last + 1))


def _without_overlaps(values: list[TimeValue]) -> list[TimeValue]:
    kept: list[TimeValue] = []
    # The one that ends last first (the time is usually at the end of the text), then the longest.
    for value in sorted(values, key=lambda v: (v.end, v.end - v.start), reverse=True):
        if all(value.end <= other.start or value.start >= other.end for other in kept):
            kept.append(value)
    return sorted(kept, key=lambda v: v.start)


def _beside(chain: _Chain, count: int) -> Iterable[int]:
    if chain.first - 1 >= 0:
        yield chain.first - 1
    if chain.last + 1 < count:
        yield chain.last + 1


def _date_and_clock(values: list[TimeValue]) -> tuple[TimeValue | None, TimeValue | None]:
    """The piece that says the day and the piece that says the time (`Sunday` + `evening at 10:00`)."""
    if len(values) == 1:
        only = values[0]
        return (None, only) if only.grain in _CLOCK_GRAINS else (only, None)
    clocks = [v for v in values if v.grain in _CLOCK_GRAINS]
    days = [v for v in values if v.grain not in _CLOCK_GRAINS]
    if not clocks:
        return days[0], None
    if not days:
        # `two days from now` + `at 3pm`: the one with am/pm or a colon is the time, the other the day.
        clock = next((v for v in clocks if re.search(r"\d(?::\d\d)?\s?[ap]\.?m|\d:\d\d|noon|midnight", v.body)),
                     clocks[-1])
        day = next(v for v in clocks if v is not clock)
        return day, _on(day, clock)
    return days[0], _on(days[0], clocks[-1])


def _on(day: TimeValue, clock: TimeValue) -> TimeValue:
    assert day.value is not None
    assert clock.value is not None
    moment = datetime.combine(day.value.date(), clock.value.time())
    return TimeValue(clock.start, clock.end, clock.body, False, moment, clock.grain)


def _previous_norm(norms: list[str], j: int) -> str:
    for k in range(j - 1, -1, -1):
        if norms[k]:
            return norms[k]
    return ""


def _counts_from_another_day(keys: list[str]) -> bool:
    """`3 days after next wed`, `7 hours before tomorrow at midnight`: arithmetic on a date, which we would
    rather ask about than get wrong. `twenty after 3pm`, `the day after tomorrow`, `Friday after next` and
    `2 days after today` are plain readings."""
    for k, key in enumerate(keys):
        if key == "from" and k + 1 < len(keys) and (keys[k + 1] in _WEEKDAY_NAMES or keys[k + 1] in _MONTH_NAMES):
            return True  # "a week from Friday", "2 weeks from Monday"
        if key not in ("after", "before"):
            continue
        previous = keys[k - 1] if k else ""
        following = keys[k + 1] if k + 1 < len(keys) else ""
        then = keys[k + 2] if k + 2 < len(keys) else ""
        if key == "after" and (following in ("tomorrow", "today") or not following):
            continue
        if previous in ("hours", "hour", "days", "weeks", "week", "months", "month") or \
                following in _WEEKDAY_NAMES or following in _MONTH_NAMES or following in ("tomorrow", "today") or \
                (following == "next" and (then in _WEEKDAY_NAMES or then in _UNITS)):
            return True
    return False


def _occurrences_in(rule: RepeatRule, span: Span) -> int:
    """How many times a rule repeats within `for 6 weeks` / `for 3 months`, at least once, at most Zoom's 60."""
    days = span.calendar_days + span.months * 30
    if rule.kind == "daily":
        count = days // max(1, rule.interval)
    elif rule.kind == "weekdays":
        count = days * 5 // 7
    elif rule.kind == "weekly":
        count = days // 7 // max(1, rule.interval) * max(1, len(rule.weekdays))
    else:
        count = (span.months or days // 30) // max(1, rule.interval)
    return max(1, min(vocab.MAX_OCCURRENCES, count))


def _says_a_clock(value: TimeValue) -> bool:
    return not value.interval and value.grain in _CLOCK_GRAINS and bool(
        re.search(r"\d\s?(?:[ap]\.?m|:\d\d)|\bnoon\b|\bmidnight\b", value.body))


def _clock_of(words: list[str], *, last: bool = False) -> tuple[int, int, str] | None:
    """A clock time among words, the first (or the last): (hour, minute, "am"/"pm"/"") for `11`, `11pm`,
    `4:30pm`, `10:00`, `2 p.m.`. A number beside a month name is a day, not an hour."""
    halves = {"am": "am", "a.m.": "am", "a.m": "am", "pm": "pm", "p.m.": "pm", "p.m": "pm"}
    found = None
    for k, word in enumerate(words):
        m = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?(am|pm|a\.m\.?|p\.m\.?)?", word)
        if m and not _next_to_month(words, k) and int(m[1]) <= 23 and int(m[2] or 0) <= 59:
            half = halves.get(m[3] or "", "") or (halves.get(words[k + 1], "") if k + 1 < len(words) else "")
            found = (int(m[1]), int(m[2] or 0), half)
        elif word in ("noon", "midnight"):
            found = ((12 if word == "noon" else 0), 0, "")
        else:
            continue
        if not last:
            return found
    return found


def _next_to_month(words: list[str], i: int) -> bool:
    return any(0 <= j < len(words) and words[j] in _MONTH_NAMES for j in (i - 1, i + 1))


def _range_start(start: datetime, end: datetime, head: list[str]) -> datetime:
    """`11-1pm` is 11:00-13:00 and `between 2 and 3pm` 14:00-15:00: a start without am/pm of its own takes
    the half of the day that puts it shortly before the end (Duckling may pick the other one)."""
    says_half = any(k in vocab.AM_WORDS or k in vocab.PM_WORDS or _AMPM_IN_WORD.fullmatch(k) or
                    re.fullmatch(r"(?:1[3-9]|2[0-3]|0\d):\d\d", k) for k in head)
    if says_half:
        return start
    options = [datetime.combine(day, start.time().replace(hour=start.hour % 12 + half))
               for day in {start.date(), end.date()} for half in (0, 12)]
    before = [option for option in options if option < end and end - option <= timedelta(hours=12)]
    return max(before) if before else start


def _rolled(local: datetime, roll: str) -> datetime | None:
    if roll == "week":
        return local + timedelta(days=7)
    if roll == "month":
        for months in range(1, 13):
            try:
                return local.replace(year=local.year + (local.month - 1 + months) // 12,
                                     month=(local.month - 1 + months) % 12 + 1)
            except ValueError:
                continue
        return None
    for years in range(1, 9):  # 29 February: the next leap year
        try:
            return local.replace(year=local.year + years)
        except ValueError:
            continue
    return None


def _add_months(moment: datetime, months: int) -> datetime:
    if not months:
        return moment
    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def _topic_text(words: list[Word]) -> tuple[str, str | None]:
    while words and (words[-1].key in ("at", "on", "for", "from", "starting", "every", "each")
                     or words[-1].raw in ("-", "–", "—", "|", ":", ",")):
        words = words[:-1]
    while words and words[0].raw in ("-", "–", "—", "|", ":", ","):
        words = words[1:]
    if len(words) == 1 and words[0].inner is not None:
        topic = words[0].inner
    else:
        topic = _without_separators(" ".join(w.raw for w in words))
    if len(topic) > MAX_TOPIC_LENGTH:
        return topic[:MAX_TOPIC_LENGTH].rstrip(), (
            f"The topic was longer than {MAX_TOPIC_LENGTH} characters, so it was shortened.")
    return topic, None


def _duration_before_company(words: list[Word]) -> DurationClause | None:
    """`Sync tomorrow 3pm for 30m with @bob`: the length ends the time, and who comes along ends the text.
    Left where it is, `3pm for 30m` would read as a stretch of time; the company stays in the topic. Only a
    tail with no digit in it counts as company, so that no time is moved."""
    for index in range(len(words) - 1, 0, -1):
        if words[index].key != "with":
            continue
        tail = words[index + 1 :]
        if not tail or any(word.key is not None and any(ch.isdigit() for ch in word.key)
                           and not word.key.startswith("<@") for word in tail):
            return None
        clause = take_duration(words[:index], at_end=True)
        if clause is not None:
            return DurationClause(clause.minutes, clause.text, [*clause.rest, *words[index:]], clause.span)
    return None


# Slack escapes &, < and > in what people type: the `;` ending one of those is the topic's, not a separator.
_SLACK_ESCAPES = ("&amp;", "&lt;", "&gt;")
_SEPARATORS = " ,;:|-–—"


def _without_separators(text: str) -> str:
    text = text.lstrip(_SEPARATORS)
    while text and text[-1] in _SEPARATORS and not text.endswith(_SLACK_ESCAPES):
        text = text[:-1]
    return text


__all__ = ["USAGE", "digits_for_number_words", "read_meeting_text"]
