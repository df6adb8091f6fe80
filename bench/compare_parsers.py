"""How well candidate time-expression libraries read the meeting times in bench/phrases/en_meetings.tsv.

Each row of the table is an English time phrase, the user's zone, the user's wall clock ("now") and the
answer a careful human would give, worked out by hand: the local start "YYYY-MM-DD HH:MM", `now` (an
instant meeting), `ask` (a human would have to ask: `at 7`, `12/03`, `next Wednesday` said on a Tuesday,
a date with no time of day) or `error` (no plausible reading). Every candidate reads every phrase twice:
bare, and with the row's topic in front (`Design review tomorrow 3pm`), the way `/zoom meet` text comes.

An answer is
- right: the expected start (to the minute); `now` for a `now` row; nothing for an `ask` or `error` row;
- silently wrong: a different instant; any instant for an `ask`/`error` row; a start where the answer is
  `now`, or `now` (an instant within a minute of the row's now) where a start was expected;
- refused: nothing (None, no match, an exception, a duration, an underspecified value, or a question back)
  where a start or `now` was expected.
Libraries with no notion of "ask" are scored on the datetime they return (Duckling's `tomorrow` is
tomorrow 00:00). Where a library itself hands back several different readings of one phrase
(Recognizers-Text's 07:00 and 19:00 for `at 7`, timefhuman's list for `3 or 4pm`), that counts as asking.
How each library's output becomes one answer is in its `_Candidate` class below.

    python bench/compare_parsers.py [--rounds 3] [--only duckling,dateparser] [--details /tmp/answers.tsv]

Run it in a scratch virtualenv that has the candidates; a missing one is skipped with a line saying so. The
project's own readers (handlers.language, and handlers.parsing where a checkout still has it) are imported
from this checkout. Python-level network connections are refused for the whole run; none of the candidates
needs one.
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
import logging
import os
import socket
import statistics
import sys
import time
import zoneinfo
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parents[1]
TABLE = Path(__file__).resolve().parent / "phrases" / "en_meetings.tsv"
sys.path.insert(0, str(REPO))

NOW_WINDOW = timedelta(seconds=60)


# --------------------------------------------------------------------------- no network


def _no_network(*_args, **_kwargs):
    raise OSError("compare_parsers.py makes no network calls")


def block_network() -> None:
    socket.socket.connect = _no_network  # type: ignore[method-assign]
    socket.socket.connect_ex = _no_network  # type: ignore[method-assign]
    socket.create_connection = _no_network  # type: ignore[assignment]
    socket.getaddrinfo = _no_network  # type: ignore[assignment]


# --------------------------------------------------------------------------- the table


@dataclass(frozen=True)
class Row:
    phrase: str
    zone_name: str
    now_text: str
    expect: str  # "YYYY-MM-DD HH:MM" | "now" | "ask" | "error"
    topic: str
    kind: str

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.zone_name)

    @property
    def now(self) -> datetime:
        """Aware wall clock of the row."""
        return datetime.strptime(self.now_text, "%Y-%m-%d %H:%M").replace(tzinfo=self.zone)

    @property
    def naive_now(self) -> datetime:
        return datetime.strptime(self.now_text, "%Y-%m-%d %H:%M")

    @property
    def expected(self) -> datetime | None:
        if self.expect in ("now", "ask", "error"):
            return None
        return datetime.strptime(self.expect, "%Y-%m-%d %H:%M").replace(tzinfo=self.zone)


def load_rows(path: Path) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [
            Row(r["phrase"], r["zone"], r["now"], r["expect"], r["topic_prefix"], r.get("kind") or "")
            for r in reader
        ]


# --------------------------------------------------------------------------- answers and verdicts


@dataclass(frozen=True)
class Answer:
    instant: datetime | None = None  # aware
    is_now: bool = False  # the library's own "instant meeting" (the project's parser: start None)
    note: str = ""  # what was matched, grain, why nothing...
    raised: bool = False

    @property
    def nothing(self) -> bool:
        return self.instant is None and not self.is_now


NOTHING = Answer()


def verdict(row: Row, answer: Answer) -> str:
    """'right', 'wrong' or 'refused'."""
    now = row.now
    said_now = answer.is_now or (answer.instant is not None and abs(answer.instant - now) < NOW_WINDOW)
    if row.expect in ("ask", "error"):
        return "right" if answer.nothing else "wrong"
    if answer.nothing:
        return "refused"
    if row.expect == "now":
        return "right" if said_now else "wrong"
    if said_now or answer.instant is None:
        return "wrong"
    got = answer.instant.astimezone(UTC).replace(second=0, microsecond=0)
    return "right" if got == row.expected.astimezone(UTC) else "wrong"


def shown(row: Row, answer: Answer) -> str:
    if answer.is_now:
        return "now"
    if answer.instant is None:
        return "-"
    return answer.instant.astimezone(row.zone).strftime("%Y-%m-%d %H:%M")


def local(naive: datetime, row: Row) -> datetime:
    """A naive wall-clock result of a zone-blind library, taken in the row's zone (an aware one converted)."""
    if naive.tzinfo is not None and naive.utcoffset() is not None:
        return naive.astimezone(row.zone)
    return naive.replace(tzinfo=row.zone)


def next_clock(clock: dtime, row: Row) -> datetime:
    """A time of day with no date: today if still ahead, else tomorrow (the table's own convention)."""
    today = datetime.combine(row.naive_now.date(), clock)
    return local(today if today > row.naive_now else today + timedelta(days=1), row)


def longest(items: Iterable, span: Callable) -> object | None:
    """The candidate covering the most text; the earliest of equals."""
    best, best_key = None, None
    for item in items:
        start, end = span(item)
        key = (end - start, -start)
        if best_key is None or key > best_key:
            best, best_key = item, key
    return best


def version_of(*dists: str) -> str:
    for dist in dists:
        try:
            return importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            continue
    return "?"


# --------------------------------------------------------------------------- candidates


class _Candidate:
    name = ""
    dists: tuple[str, ...] = ()

    def setup(self) -> None:
        """Import and initialise; raise ImportError if the library is not installed."""

    def version(self) -> str:
        return version_of(*self.dists)

    def read(self, text: str, row: Row, extract: bool) -> Answer:
        raise NotImplementedError


class ProjectReader(_Candidate):
    """This checkout's reader, handlers.language.read_meeting_text: a draft (start None = `now`), a question or
    a refusal; a question or a refusal is nothing (the note says whether the expected start was among a
    question's choices)."""

    name = "project reader"

    def setup(self) -> None:
        from handlers.language import MeetingQuestion, Refusal, read_meeting_text

        logging.getLogger("handlers").setLevel(logging.CRITICAL)  # engine failures log
        self._read, self._question, self._refusal = read_meeting_text, MeetingQuestion, Refusal

    def version(self) -> str:
        return git_head()

    def read(self, text: str, row: Row, extract: bool) -> Answer:
        reading = self._read(text, now=row.now, tz=row.zone_name)
        if isinstance(reading, self._question):
            starts = {c.start.astimezone(UTC) for c in reading.choices if c.start is not None}
            hit = row.expected is not None and row.expected.astimezone(UTC) in starts
            return Answer(note=f"asked, {len(reading.choices)} choices, expected among them: {hit}")
        if isinstance(reading, self._refusal):
            return Answer(note=f"refused: {reading.message[:60]}")
        if reading.start is None:
            return Answer(is_now=True, note=f"topic={reading.topic!r}")
        return Answer(instant=reading.start, note=f"topic={reading.topic!r}")


class ProjectParsing(_Candidate):
    """The project's earlier parser, handlers.parsing.parse_meeting_text (gone from later checkouts): start None
    = `now`, MeetingTextError = refused."""

    name = "project parsing.py"

    def setup(self) -> None:
        from handlers.parsing import MeetingTextError, parse_meeting_text

        logging.getLogger("handlers").setLevel(logging.CRITICAL)  # its dateparser cross-check logs
        self._parse, self._error = parse_meeting_text, MeetingTextError

    def version(self) -> str:
        return git_head()

    def read(self, text: str, row: Row, extract: bool) -> Answer:
        try:
            draft = self._parse(text, now=row.now, tz=row.zone_name)
        except self._error as exc:
            return Answer(note=f"MeetingTextError: {exc.message[:60]}")
        if draft.start is None:
            return Answer(is_now=True, note=f"topic={draft.topic!r}")
        return Answer(instant=draft.start, note=f"topic={draft.topic!r}")


class Duckling(_Candidate):
    """pyduckling-native-phihos. The longest `time` entity; an interval's `from`; any grain (a date = 00:00)."""

    name = "duckling"
    dists = ("pyduckling-native-phihos",)

    def setup(self) -> None:
        import duckling

        self.d = duckling
        duckling.init()
        self.tz_dir = fat_zoneinfo_dir()
        self.tzs = duckling.load_time_zones(self.tz_dir)
        lang = duckling.parse_lang("EN")
        self.locale = duckling.parse_locale("EN_US", duckling.default_locale_lang(lang))
        self.dims = duckling.parse_dimensions(["time", "duration"])
        self._check_offsets()

    def _check_offsets(self) -> None:
        """Duckling reads only the first (v1) data block of TZif files; "slim" files (the `tzdata` wheel's)
        then give it wrong offsets. Refuse to run rather than score it on a broken zone database."""
        probe = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("America/New_York"))
        ref = self.d.parse_ref_time(self.tzs, "America/New_York", int(probe.timestamp()))
        got = self.d.parse("now", self.d.Context(ref, self.locale), self.dims, False)
        offset = datetime.fromisoformat(got[0]["value"]["value"]).utcoffset()
        if offset != probe.utcoffset():
            raise RuntimeError(f"Duckling reads {self.tz_dir} as UTC{offset} for New York in November")

    def read(self, text: str, row: Row, extract: bool) -> Answer:
        ref = self.d.parse_ref_time(self.tzs, row.zone_name, int(row.now.timestamp()))
        found = self.d.parse(text, self.d.Context(ref, self.locale), self.dims, False)
        times = [e for e in found if e.get("dim") == "time"]
        ent = longest(times, lambda e: (e["start"], e["end"]))
        if ent is None:
            dims = ",".join(e.get("dim", "?") for e in found)
            return Answer(note=f"no time entity ({dims})" if dims else "no entity")
        value = ent["value"]
        if value.get("type") == "interval":
            start = value.get("from")
            if not start:
                return Answer(note=f"open interval {ent['body']!r}")
            stamp, grain = start["value"], start.get("grain", "")
        else:
            stamp, grain = value["value"], value.get("grain", "")
        return Answer(instant=datetime.fromisoformat(stamp), note=f"{ent['body']!r} grain={grain}")


class Recognizers(_Candidate):
    """Microsoft Recognizers-Text. The longest result; of its values, the first still ahead (past/future
    pairs share a TIMEX); different TIMEX values (07:00 vs 19:00) count as asking; a time of day with no date
    is today if ahead, else tomorrow; a date is 00:00; durations and sets are nothing."""

    name = "recognizers-text"
    dists = ("recognizers-text-suite", "recognizers-text-date-time")

    def setup(self) -> None:
        from recognizers_date_time import DateTimeRecognizer
        from recognizers_text import Culture

        self.model = DateTimeRecognizer(Culture.English).get_datetime_model(Culture.English)

    def read(self, text: str, row: Row, extract: bool) -> Answer:
        results = self.model.parse(text, row.naive_now)
        res = longest(results, lambda r: (r.start, r.end + 1))
        if res is None:
            return NOTHING
        values = (res.resolution or {}).get("values") or []
        timexes = {v.get("timex") for v in values}
        if len(timexes) > 1:
            return Answer(note=f"{res.text!r} ambiguous: {sorted(t or '' for t in timexes)}")
        instants = [i for i in (self._instant(v, row) for v in values) if i is not None]
        if not instants:
            return Answer(note=f"{res.text!r} {res.type_name} gives no instant")
        ahead = [i for i in instants if i >= row.now - NOW_WINDOW]
        chosen = min(ahead) if ahead else max(instants)
        return Answer(instant=chosen, note=f"{res.text!r} {res.type_name}")

    @staticmethod
    def _instant(value: dict, row: Row) -> datetime | None:
        kind = value.get("type", "")
        stamp = value.get("value") if "range" not in kind else value.get("start")
        if not stamp or stamp == "not resolved":  # its answer for `February 30`
            return None
        if kind in ("datetime", "datetimerange"):
            return local(datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S"), row)
        if kind in ("date", "daterange"):
            return local(datetime.strptime(stamp, "%Y-%m-%d"), row)
        if kind in ("time", "timerange"):
            return next_clock(datetime.strptime(stamp, "%H:%M:%S").time(), row)
        return None  # duration, set


class TimeFHuman(_Candidate):
    """timefhuman with tfhConfig(now=...). The longest match; a range's start; a list of several different
    readings counts as asking; a bare date is 00:00 and a bare time today (what infer_datetimes gives)."""

    name = "timefhuman"
    dists = ("timefhuman",)

    def setup(self) -> None:
        from timefhuman import tfhConfig, timefhuman

        self.tfh, self.config = timefhuman, tfhConfig

    def read(self, text: str, row: Row, extract: bool) -> Answer:
        found = self.tfh(text, config=self.config(now=row.naive_now, return_matched_text=True))
        match = longest(found, lambda m: m[1])
        if match is None:
            return NOTHING
        matched, _span, value = match
        if isinstance(value, list):
            if len({repr(v) for v in value}) > 1:
                return Answer(note=f"{matched!r} {len(value)} readings")
            value = value[0]
        if isinstance(value, tuple):
            value = value[0]
        if isinstance(value, datetime):
            return Answer(instant=local(value, row), note=repr(matched))
        if isinstance(value, date):
            return Answer(instant=local(datetime.combine(value, dtime()), row), note=repr(matched))
        if isinstance(value, dtime):
            return Answer(instant=local(datetime.combine(row.naive_now.date(), value), row), note=repr(matched))
        if isinstance(value, timedelta):
            return Answer(instant=local(row.naive_now + value, row), note=repr(matched))
        return Answer(note=f"{matched!r} gave {type(value).__name__}")


class CTParse(_Candidate):
    """ctparse (default 1 s timeout). A Time's .dt (a date alone is 00:00; an underspecified one, e.g. a
    weekday-less hour without date, is nothing); an Interval's start; a Duration is nothing."""

    name = "ctparse"
    dists = ("ctparse",)

    def setup(self) -> None:
        import ctparse
        from ctparse.types import Duration, Interval, Time

        logging.getLogger("ctparse").setLevel(logging.CRITICAL)
        self.ctparse, self.Time, self.Interval, self.Duration = ctparse.ctparse, Time, Interval, Duration

    def read(self, text: str, row: Row, extract: bool) -> Answer:
        parsed = self.ctparse(text, ts=row.naive_now)
        if parsed is None:
            return NOTHING
        res = parsed.resolution
        if isinstance(res, self.Interval):
            res = res.start
            if res is None:
                return Answer(note="interval without start")
        if not isinstance(res, self.Time):
            return Answer(note=f"{type(res).__name__} {res}")
        try:
            return Answer(instant=local(res.dt, row), note=str(res))
        except ValueError:
            return Answer(note=f"underspecified {res}")


class ParseDateTime(_Candidate):
    """parsedatetime. Bare phrases: Calendar.parseDT (nothing when its context has no date or time); with a
    topic: Calendar.nlp, the longest match."""

    name = "parsedatetime"
    dists = ("parsedatetime",)

    def setup(self) -> None:
        import parsedatetime

        logging.getLogger("parsedatetime").setLevel(logging.CRITICAL)
        self.cal = parsedatetime.Calendar(version=parsedatetime.VERSION_CONTEXT_STYLE)

    def read(self, text: str, row: Row, extract: bool) -> Answer:
        if not extract:
            value, ctx = self.cal.parseDT(text, sourceTime=row.naive_now)
            if not ctx.hasDateOrTime:
                return NOTHING
            return Answer(instant=local(value, row), note=str(ctx))
        found = self.cal.nlp(text, sourceTime=row.naive_now) or ()
        match = longest(found, lambda m: (m[2], m[3]))
        if match is None:
            return NOTHING
        return Answer(instant=local(match[0], row), note=repr(match[4]))


class DateParser(_Candidate):
    """dateparser, English, PREFER_DATES_FROM=future, RELATIVE_BASE = the row's wall clock (no TIMEZONE:
    a naive result is local; one with a zone named in the text is converted). Bare phrases: dateparser.parse;
    with a topic: dateparser.search.search_dates, the longest match."""

    name = "dateparser"
    dists = ("dateparser",)

    def setup(self) -> None:
        import warnings

        import dateparser
        from dateparser.search import search_dates

        warnings.filterwarnings("ignore", category=DeprecationWarning, module="dateparser")
        self.parse, self.search = dateparser.parse, search_dates

    def read(self, text: str, row: Row, extract: bool) -> Answer:
        settings = {"PREFER_DATES_FROM": "future", "RELATIVE_BASE": row.naive_now}
        if not extract:
            value = self.parse(text, languages=["en"], settings=settings)
            return NOTHING if value is None else Answer(instant=local(value, row))
        found = self.search(text, languages=["en"], settings=settings) or ()
        match = longest(found, lambda m: (text.find(m[0]), text.find(m[0]) + len(m[0])))
        if match is None:
            return NOTHING
        return Answer(instant=local(match[1], row), note=repr(match[0]))


CANDIDATES: tuple[type[_Candidate], ...] = (
    ProjectReader, ProjectParsing, Duckling, Recognizers, TimeFHuman, CTParse, ParseDateTime, DateParser,
)


# --------------------------------------------------------------------------- helpers


def git_head() -> str:
    """The checkout's commit, read from .git without running git; GIT_COMMIT names it in an exported tree."""
    if os.environ.get("GIT_COMMIT"):
        return os.environ["GIT_COMMIT"][:10]
    git = REPO / ".git"
    try:
        head = (git / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head[:10]
        ref = head[5:]
        if (git / ref).exists():
            return (git / ref).read_text().strip()[:10]
        for line in (git / "packed-refs").read_text().splitlines():
            if line.endswith(" " + ref):
                return line[:10]
    except OSError:
        pass
    return "unknown"


def fat_zoneinfo_dir() -> str:
    """The first directory of the standard library's TZPATH holding compiled zone files."""
    for entry in zoneinfo.TZPATH:
        if os.path.isfile(os.path.join(entry, "America", "New_York")):
            return entry
    raise RuntimeError(f"no zone files under {zoneinfo.TZPATH}; Duckling needs a (fat) TZif directory")


def p99(values: list[float]) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[98]


# --------------------------------------------------------------------------- the run


@dataclass
class Tally:
    counts: Counter = field(default_factory=Counter)
    seconds: list[float] = field(default_factory=list)
    by_kind: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    raised: int = 0


def run(candidate: _Candidate, rows: list[Row], extract: bool, rounds: int, details: list[list[str]]) -> Tally:
    tally = Tally()
    for round_no in range(rounds):
        for row in rows:
            text = f"{row.topic} {row.phrase}" if extract else row.phrase
            started = time.perf_counter()
            try:
                answer = candidate.read(text, row, extract)
            except Exception as exc:  # noqa: BLE001 - a library blowing up on a phrase is a refusal, counted
                answer = Answer(note=f"raised {type(exc).__name__}: {str(exc)[:60]}", raised=True)
            tally.seconds.append(time.perf_counter() - started)
            if round_no:
                continue
            result = verdict(row, answer)
            tally.counts[result] += 1
            tally.raised += answer.raised
            expect_class = "ask/error" if row.expect in ("ask", "error") else "start/now"
            tally.by_kind[row.kind][result] += 1
            tally.by_kind["_" + expect_class][result] += 1
            details.append([
                candidate.name, "topic" if extract else "bare", text, row.zone_name, row.now_text, row.expect,
                shown(row, answer), result, answer.note.replace("\t", " ").replace("\n", " "),
            ])
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1, help="timing rounds (answers are scored on the first)")
    parser.add_argument("--only", default="", help="comma-separated candidate names (default: all)")
    parser.add_argument("--table", type=Path, default=TABLE)
    parser.add_argument("--details", type=Path, help="write every answer to this TSV file")
    args = parser.parse_args()

    block_network()
    rows = load_rows(args.table)
    wanted = {n.strip().lower() for n in args.only.split(",") if n.strip()}
    counts = Counter(r.expect if r.expect in ("now", "ask", "error") else "start" for r in rows)
    print(f"{len(rows)} phrases from {args.table.name}: {counts['start']} start, {counts['now']} now, "
          f"{counts['ask']} ask, {counts['error']} error; Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")

    results: list[tuple[str, str, dict[str, Tally]]] = []
    details: list[list[str]] = []
    for cls in CANDIDATES:
        candidate = cls()
        if wanted and candidate.name.lower() not in wanted:
            continue
        try:
            candidate.setup()
        except ImportError as exc:
            print(f"skipped {candidate.name}: not importable ({exc})")
            continue
        except Exception as exc:  # noqa: BLE001 - report any setup failure and go on with the others
            print(f"skipped {candidate.name}: setup failed: {type(exc).__name__}: {exc}")
            continue
        for row in rows[:3]:  # warm caches and lazy loading outside the timings
            for extract in (False, True):
                try:
                    candidate.read(f"{row.topic} {row.phrase}" if extract else row.phrase, row, extract)
                except Exception:  # noqa: BLE001, S112 - warm-up only
                    continue
        tallies = {mode: run(candidate, rows, mode == "topic", args.rounds, details) for mode in ("bare", "topic")}
        results.append((candidate.name, candidate.version(), tallies))

    header = (f"{'library':<18} {'version':<22} {'mode':<5} {'right':>5} {'wrong':>5} {'refused':>7} "
              f"{'raised':>6} {'median ms':>9} {'p99 ms':>8}")
    print("\n" + header + "\n" + "-" * len(header))
    for name, version, tallies in results:
        for mode, t in tallies.items():
            print(f"{name:<18} {version:<22} {mode:<5} {t.counts['right']:>5} {t.counts['wrong']:>5} "
                  f"{t.counts['refused']:>7} {t.raised:>6} {statistics.median(t.seconds) * 1000:>9.2f} "
                  f"{p99(t.seconds) * 1000:>8.2f}")

    print("\nBy expected answer (right / wrong / refused):")
    classes = ("_start/now", "_ask/error")
    print(f"{'library':<18} {'mode':<5} " + " ".join(f"{c[1:]:>20}" for c in classes))
    for name, _version, tallies in results:
        for mode, t in tallies.items():
            cells = [t.by_kind[c] for c in classes]
            print(f"{name:<18} {mode:<5} " + " ".join(
                f"{c['right']:>8} / {c['wrong']:>3} / {c['refused']:>3}" for c in cells))

    kinds = sorted({r.kind for r in rows})
    totals = Counter(r.kind for r in rows)
    for mode in ("bare", "topic"):
        print(f"\nRight per kind of phrase ({mode}):")
        print(f"{'kind':<7} {'rows':>4} " + " ".join(f"{name[:12]:>12}" for name, _v, _t in results))
        for kind in kinds:
            print(f"{kind:<7} {totals[kind]:>4} " + " ".join(
                f"{tallies[mode].by_kind[kind]['right']:>12}" for _n, _v, tallies in results))

    if args.details:
        with args.details.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
            writer.writerow(["library", "mode", "text", "zone", "now", "expect", "got", "verdict", "note"])
            writer.writerows(details)
        print(f"\nanswers written to {args.details}")


if __name__ == "__main__":
    main()
