"""Duckling, the grammar that finds time expressions and their values; see docs/time-parsers.md for why.

Duckling is asked in "wall-clock mode": its reference time is the user's local wall clock presented as UTC,
so every value it returns is a naive local wall-clock time. Time zones, daylight-saving gaps and elapsed
time are then worked out by the reader with zoneinfo, so Duckling's own time-zone database is never relied
on (it only ever sees UTC, so only tzdata's Etc/ zones are loaded: 2 MB instead of 40).

Duckling is a Haskell runtime inside a Rust extension, and that runtime does not survive every fork: a
process forked from one that had imported it and then sat idle for half a second dies on its first parse
(docs/time-parsers.md). So it is imported on first use, in the process that parses, never at import time:
a gunicorn master with --preload never touches it, and each worker starts its own.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import tzdata

_log = logging.getLogger(__name__)
_lock = threading.Lock()
_ready: dict[str, Any] = {}


@dataclass(frozen=True)
class TimeValue:
    """One time expression Duckling found. Offsets index the text it was given."""

    start: int
    end: int
    body: str
    interval: bool
    value: datetime | None  # naive wall clock; for an interval, its start (None when it has none)
    grain: str
    until: datetime | None = None  # an interval's end, exclusive as Duckling gives it
    until_grain: str = ""
    latent: bool = False


def _engine() -> dict[str, Any]:
    with _lock:
        if _ready.get("pid") != os.getpid():
            import duckling  # on first use, in the process that parses; see the module docstring

            duckling.init()
            zones = duckling.load_time_zones(os.path.join(os.path.dirname(tzdata.__file__), "zoneinfo", "Etc"))
            language = duckling.parse_lang("EN")
            _ready.update(
                pid=os.getpid(),
                module=duckling,
                zones=zones,
                locales={
                    "US": duckling.parse_locale("EN_US", duckling.default_locale_lang(language)),
                    "GB": duckling.parse_locale("EN_GB", duckling.default_locale_lang(language)),
                },
                dimensions=duckling.parse_dimensions(["time"]),
            )
        return _ready


def find_times(text: str, wall_now: datetime, *, day_first: bool = False) -> list[TimeValue]:
    """Every time expression in `text`, read against the naive local wall clock `wall_now`."""
    engine = _engine()
    duckling = engine["module"]
    # The Rust layer panics on a NUL and cannot take a lone surrogate; the reader cleans text first, and this
    # keeps the engine safe on its own.
    text = "".join(ch for ch in text if ch != "\x00" and not 0xD800 <= ord(ch) <= 0xDFFF)
    reference = duckling.parse_ref_time(engine["zones"], "UTC", int(wall_now.replace(tzinfo=UTC).timestamp()))
    context = duckling.Context(reference, engine["locales"]["GB" if day_first else "US"])
    try:
        found = duckling.parse(text, context, engine["dimensions"], False)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # noqa: BLE001 - a Rust panic is a BaseException; a text must never take a worker down
        _log.exception("Duckling failed on a text of %d characters", len(text))
        return []
    return [value for entity in found if (value := _time_value(entity)) is not None]


def _time_value(entity: dict[str, Any]) -> TimeValue | None:
    if entity.get("dim") != "time":
        return None
    value = entity.get("value") or {}
    common = {"start": int(entity["start"]), "end": int(entity["end"]), "body": str(entity.get("body", "")),
              "latent": bool(entity.get("latent"))}
    if value.get("type") == "interval":
        start, until = value.get("from") or {}, value.get("to") or {}
        return TimeValue(interval=True, value=_wall(start.get("value")), grain=str(start.get("grain", "")),
                         until=_wall(until.get("value")), until_grain=str(until.get("grain", "")), **common)
    if value.get("value") is None:
        return None
    return TimeValue(interval=False, value=_wall(value["value"]), grain=str(value.get("grain", "")), **common)


def _wall(text: str | None) -> datetime | None:
    if not text:
        return None
    return datetime.fromisoformat(text).replace(tzinfo=None)
