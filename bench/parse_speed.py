"""How long `/zoom meet` text takes to read, per phrasing of the parser's table, and what dateparser adds.

The parser runs before the Zoom call, in a background job, so it is not on the ack path; this keeps an
eye on it all the same. Prints the median and worst time per text, with and without the dateparser
cross-check, and their ratio. Compare ratios within one run: machines here are shared and noisy.

    python bench/parse_speed.py [--rounds 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from contextlib import suppress
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from handlers import parsing
from handlers.parsing import MeetingTextError, parse_meeting_text
from tests.test_parsing_table import ERROR_ROWS, ROWS, local, zone_of


def timings(rounds: int) -> list[float]:
    cases = [(row.text, zone_of(row), row.locale, local(row.now, zone_of(row))) for row in ROWS]
    cases += [(row.text, row.tz, row.locale, local(row.now, row.tz)) for row in ERROR_ROWS]
    per_text: list[float] = []
    for _ in range(rounds):
        for text, tz, locale, now in cases:
            started = time.perf_counter()
            with suppress(MeetingTextError):
                parse_meeting_text(text, now=now, tz=tz, locale=locale)
            per_text.append(time.perf_counter() - started)
    return per_text


def describe(name: str, seconds: list[float]) -> float:
    median = statistics.median(seconds) * 1000
    print(f"{name:>28}: median {median:6.2f} ms  p99 {statistics.quantiles(seconds, n=100)[98] * 1000:6.2f} ms"
          f"  max {max(seconds) * 1000:6.2f} ms  ({len(seconds)} parses)")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    timings(1)  # warm dateparser's caches
    full = describe("parse with dateparser check", timings(args.rounds))
    with mock.patch.object(parsing, "_cross_check", return_value=None):
        grammar = describe("grammar alone", timings(args.rounds))
    print(f"ratio with/without the dateparser cross-check: {full / grammar:.1f}")


if __name__ == "__main__":
    main()
