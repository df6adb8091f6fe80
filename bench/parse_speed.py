"""How long reading one `/zoom meet` text takes: every text of the command language's test tables.

The reader runs in a background job, never on the ack path; this keeps an eye on it all the same. Targets:
p50 under 2 ms and p99 under 20 ms on this machine. It prints the median, p99 and worst time per text, and
the share of that spent in Duckling, so a regression in our own rules shows as a ratio within one run
(machines here are shared and noisy: compare ratios, not absolute times).

    python bench/parse_speed.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from handlers.language import engine, read_meeting_text
from tests.handlers.language import table_rows
from tests.handlers.language.test_reading_rules import ASK_ROWS, ERROR_ROWS, ROWS, SUNDAY_10AM, local, zone_of


def cases() -> list[tuple[str, str, str | None, datetime]]:
    out = [(row.text, zone_of(row), row.locale, local(row.now, zone_of(row))) for row in ROWS]
    out += [(row.text, row.tz, row.locale, local(row.now, row.tz)) for row in ERROR_ROWS]
    out += [(row.text, "America/New_York", row.locale, local(SUNDAY_10AM, "America/New_York")) for row in ASK_ROWS]
    for row in table_rows.ROWS:
        now = datetime.strptime(row.now, "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo(row.tz))
        out.append((row.text, row.tz, row.locale, now))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    texts = cases()
    in_duckling = [0.0]
    original = engine.find_times

    def timed_find_times(*a, **k):
        started = time.perf_counter()
        try:
            return original(*a, **k)
        finally:
            in_duckling[0] += time.perf_counter() - started

    engine.find_times = timed_find_times
    import handlers.language.reader as reader

    reader.find_times = timed_find_times
    for text, tz, locale, now in texts[:50]:  # warm up: Duckling's runtime starts on first use
        read_meeting_text(text, now=now, tz=tz, locale=locale)
    in_duckling[0] = 0.0
    per_text: list[float] = []
    for _ in range(args.rounds):
        for text, tz, locale, now in texts:
            started = time.perf_counter()
            read_meeting_text(text, now=now, tz=tz, locale=locale)
            per_text.append(time.perf_counter() - started)
    total = sum(per_text)
    p99 = statistics.quantiles(per_text, n=100)[98]
    print(f"{len(texts)} texts x {args.rounds} rounds = {len(per_text)} readings")
    print(f"per text: median {statistics.median(per_text) * 1000:.2f} ms  p99 {p99 * 1000:.2f} ms  "
          f"max {max(per_text) * 1000:.2f} ms   (targets: p50 < 2 ms, p99 < 20 ms)")
    print(f"share of the time in Duckling: {in_duckling[0] / total:.0%}")


if __name__ == "__main__":
    main()
