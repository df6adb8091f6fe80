"""Score the `/zoom meet` reader on time phrases taken from other projects' test suites.

    .venv/bin/python bench/score_reader.py                  # both variants, every source
    .venv/bin/python bench/score_reader.py --variant sync   # only "Sync <phrase>"
    .venv/bin/python bench/score_reader.py --source chrono  # rows whose source contains "chrono"
    .venv/bin/python bench/score_reader.py --tsv other.tsv

Reads bench/phrases/foreign_suites.tsv (columns phrase, source, now, zone, expect, flag, ref; see
bench/phrases/README.md) and runs `read_meeting_text` twice per row: on "Sync " + phrase (the topic must come
back exactly "Sync") and on the bare phrase (the topic must come back ""), with the row's `now` and `zone`.
Each reading is classified:

    right           a draft whose start is `expect` (to the minute, as wall clock in `zone`) and whose topic
                    is exactly the expected one
    silent-wrong    a draft with another start, an instant meeting (no start), or a topic with leftover words
    asked-right     a question whose choices include the expected start
    asked-without   a question none of whose choices starts at the expected time
    refused         a refusal
    error           the reader raised (always a bug)

Prints the counts per source and overall, per variant, then every silent-wrong, asked-without and error row
(phrase, expected, what came back) so they can be fixed. Rows flagged `ambiguous=1` (no am/pm and the like)
or `past=1` (the suite's answer is before its own reference time) are counted like the others; the totals
are also shown without them. Needs nothing outside this repository.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from handlers.language import MeetingDraft, MeetingQuestion, Refusal, read_meeting_text

DEFAULT_TSV = Path(__file__).resolve().parent / "phrases" / "foreign_suites.tsv"
TOPIC = "Sync"
KINDS = ("right", "silent-wrong", "asked-right", "asked-without", "refused", "error")
SHORT = {
    "right": "right",
    "silent-wrong": "wrong",
    "asked-right": "ask+",
    "asked-without": "ask-",
    "refused": "refused",
    "error": "error",
}
VARIANTS = {"sync": "Sync + phrase", "bare": "bare phrase"}


@dataclass(frozen=True)
class Row:
    line: int
    phrase: str
    source: str
    now: datetime  # aware, in zone
    zone: str
    expect: datetime  # naive wall clock in zone
    flags: frozenset[str]
    ref: str


@dataclass(frozen=True)
class Outcome:
    kind: str
    got: str


def load(path: Path) -> list[Row]:
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        for line, rec in enumerate(csv.DictReader(fh, delimiter="\t"), start=2):
            zone = rec["zone"]
            flags = frozenset(f.split("=")[0] for f in (rec.get("flag") or "").split(";") if f.strip())
            rows.append(
                Row(
                    line=line,
                    phrase=rec["phrase"],
                    source=rec["source"],
                    now=datetime.strptime(rec["now"], "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo(zone)),
                    zone=zone,
                    expect=datetime.strptime(rec["expect"], "%Y-%m-%d %H:%M"),
                    flags=flags,
                    ref=rec.get("ref", ""),
                )
            )
    return rows


def wall(start: datetime, zone: str) -> datetime:
    """The start as a naive wall clock in `zone`, to the minute."""
    return start.astimezone(ZoneInfo(zone)).replace(tzinfo=None, second=0, microsecond=0)


def describe(draft: MeetingDraft, zone: str) -> str:
    if draft.start is None:
        return f"instant meeting, topic {draft.topic!r}"
    local = wall(draft.start, zone).strftime("%Y-%m-%d %H:%M")
    named = "" if draft.timezone == zone else f" ({draft.start:%H:%M} {draft.timezone})"
    return f"{local}{named}, topic {draft.topic!r}"


def classify(row: Row, variant: str) -> Outcome:
    text = f"{TOPIC} {row.phrase}" if variant == "sync" else row.phrase
    want_topic = TOPIC if variant == "sync" else ""
    try:
        reading = read_meeting_text(text, now=row.now, tz=row.zone, locale=None)
    except Exception as exc:  # noqa: BLE001 - a crash is a finding, not a reason to stop scoring
        return Outcome("error", f"{type(exc).__name__}: {exc}")
    if isinstance(reading, MeetingDraft):
        right = (
            reading.start is not None and wall(reading.start, row.zone) == row.expect and reading.topic == want_topic
        )
        return Outcome("right" if right else "silent-wrong", describe(reading, row.zone))
    if isinstance(reading, MeetingQuestion):
        starts = [c for c in reading.choices if c.start is not None and wall(c.start, row.zone) == row.expect]
        got = "; ".join(describe(c, row.zone) for c in reading.choices) or "no choices"
        got = f"asked {reading.message!r} -> [{got}]"
        return Outcome("asked-right" if starts else "asked-without", got)
    if isinstance(reading, Refusal):
        return Outcome("refused", reading.message.splitlines()[0] if reading.message else "")
    return Outcome("error", f"unexpected reading {reading!r}")


def table(title: str, counts: dict[str, Counter[str]], order: list[str]) -> None:
    width = max([len(k) for k in order] + [len("overall")])
    print(f"\n{title}")
    print(f"  {'source':<{width}}  {'rows':>5}  " + "  ".join(f"{SHORT[k]:>7}" for k in KINDS) + "  right%")
    for key in [*order, "overall"]:
        c = counts[key]
        n = sum(c.values())
        if not n:
            continue
        pct = 100.0 * c["right"] / n
        print(f"  {key:<{width}}  {n:>5}  " + "  ".join(f"{c[k]:>7}" for k in KINDS) + f"  {pct:5.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tsv", type=Path, default=DEFAULT_TSV)
    parser.add_argument("--variant", choices=["sync", "bare", "both"], default="both")
    parser.add_argument("--source", default="", help="only rows whose source contains this text")
    parser.add_argument("--no-list", action="store_true", help="counts only")
    parser.add_argument("--refused", action="store_true", help="also list the refused rows")
    parser.add_argument("--asked", action="store_true", help="also list the rows asked about with the right choice")
    args = parser.parse_args()

    rows = [r for r in load(args.tsv) if args.source in r.source]
    if not rows:
        print(f"no rows in {args.tsv} match --source {args.source!r}")
        return 1
    variants = ["sync", "bare"] if args.variant == "both" else [args.variant]
    sources = list(dict.fromkeys(r.source.split(":")[0] for r in rows))
    print(
        f"{len(rows)} rows from {args.tsv.name}; {len(sources)} sources; "
        f"{sum('ambiguous' in r.flags for r in rows)} flagged ambiguous, {sum('past' in r.flags for r in rows)} past"
    )

    outcomes: dict[int, dict[str, Outcome]] = defaultdict(dict)
    for variant in variants:
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        plain: Counter[str] = Counter()
        for row in rows:
            outcome = classify(row, variant)
            outcomes[row.line][variant] = outcome
            counts[row.source.split(":")[0]][outcome.kind] += 1
            counts["overall"][outcome.kind] += 1
            if not row.flags & {"ambiguous", "past"}:
                plain[outcome.kind] += 1
        counts["overall, unflagged rows"] = plain
        want = repr(TOPIC) if variant == "sync" else "''"
        table(f"{VARIANTS[variant]} (topic must be {want})", counts, [*sources, "overall, unflagged rows"])

    if not args.no_list:
        for kind in ("silent-wrong", "asked-without", "error", *(["refused"] if args.refused else []),
                     *(["asked-right"] if args.asked else [])):
            listed = [r for r in rows if any(o.kind == kind for o in outcomes[r.line].values())]
            print(f"\n{kind}: {len(listed)} rows")
            for row in listed:
                flags = f" [{','.join(sorted(row.flags))}]" if row.flags else ""
                print(f"  {row.phrase!r}  now {row.now:%Y-%m-%d %H:%M} {row.zone}{flags}")
                print(f"      expected {row.expect:%Y-%m-%d %H:%M}")
                by_variant = outcomes[row.line]
                same = len({o.kind for o in by_variant.values()}) == 1
                for variant, outcome in by_variant.items():
                    label = "got" if same else f"{variant}: {outcome.kind}, got"
                    print(f"      {label} {outcome.got}")
                    if same:
                        break
                print(f"      from {row.source} ({row.ref}), tsv line {row.line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
