"""Duckling, the grammar that finds time expressions and their values; see docs/time-parsers.md for why.

Duckling is asked in "wall-clock mode": its reference time is the user's local wall clock presented as UTC,
so every value it returns is a naive local wall-clock time. Time zones, daylight-saving gaps and elapsed
time are then worked out by the reader with zoneinfo, so Duckling's own time-zone database is never relied
on (docs/time-parsers.md found it wrong around DST changes).

Duckling is a Haskell runtime inside a Rust extension, and docs/time-parsers.md measured three things about
it that a web worker must not inherit: a process forked from one holding that runtime dies on its first
parse once the parent has idled for half a second (gunicorn --preload, any replacement worker); a parse
holds the GIL throughout, so every other thread of the process waits; and each parse leaves memory behind
and makes the next ones slower (238 MB and 5x slower after 200,000). So it runs in a process of its own
(`duckling_server.py`, started on first use with a fresh interpreter, never forked), one per bot process,
replaced after `PARSES_PER_PROCESS` parses, after a crash, or when a parse takes longer than
`PARSE_TIMEOUT` seconds (then the text is read as having no time at all, and the reader asks).
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import select
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypedDict

_log = logging.getLogger(__name__)

PARSES_PER_PROCESS = 20_000
PARSE_TIMEOUT = 2.0
START_TIMEOUT = 60.0
_ROOT = Path(__file__).resolve().parents[2]  # so that the child finds `handlers` from any working directory


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


class _Server:
    """The Duckling process and its pipes. Not thread-safe: `_Engine` serialises calls."""

    def __init__(self) -> None:
        env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(_ROOT), "PYTHONIOENCODING": "utf-8",
               "LANG": "C.UTF-8"}  # nothing else of the bot's environment: no secret has business there
        self.process = subprocess.Popen(  # our own interpreter and module
            [sys.executable, "-m", "handlers.language.duckling_server"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, env=env, text=True, encoding="utf-8", bufsize=1)
        self.parses = 0
        if self._line(START_TIMEOUT) != '"ready"':
            self.close()
            raise RuntimeError("the Duckling process did not start")

    def parse(self, text: str, seconds: int, day_first: bool) -> Any:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps([text, seconds, day_first]) + "\n")
        self.process.stdin.flush()
        self.parses += 1
        line = self._line(PARSE_TIMEOUT)
        if line is None:
            raise TimeoutError("Duckling took too long")
        return json.loads(line)

    def _line(self, timeout: float) -> str | None:
        assert self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        if not ready:
            return None
        line = self.process.stdout.readline()
        if not line:
            raise EOFError("the Duckling process ended")
        return line.strip()

    def close(self) -> None:
        for pipe in (self.process.stdin, self.process.stdout):
            try:
                if pipe is not None:
                    pipe.close()
            except OSError:
                pass
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            _log.warning("the Duckling process did not stop")


class _Engine:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._server: _Server | None = None
        self._pid = 0
        atexit.register(self.stop)

    def parse(self, text: str, seconds: int, day_first: bool) -> Any:
        with self._lock:
            for attempt in (1, 2):
                server = self._current()
                try:
                    answer = server.parse(text, seconds, day_first)
                except TimeoutError:
                    _log.warning("Duckling took more than %.0f s on a text of %d characters; reading no time in it",
                                 PARSE_TIMEOUT, len(text))
                    self._replace()
                    return []
                except (EOFError, OSError, ValueError):
                    _log.warning("the Duckling process failed; starting another (attempt %d)", attempt)
                    self._replace()
                    continue
                if server.parses >= PARSES_PER_PROCESS:
                    self._replace()  # it slows down and grows as it goes: a fresh one
                return answer
            return []

    def _current(self) -> _Server:
        if self._server is None or self._pid != os.getpid():
            # In a forked child the parent's pipes are not ours to use.
            self._server = _Server()
            self._pid = os.getpid()
        return self._server

    def _replace(self) -> None:
        if self._server is not None and self._pid == os.getpid():
            self._server.close()
        self._server = None

    def stop(self) -> None:
        if self._server is not None and self._pid == os.getpid():
            self._server.close()
        self._server = None


_engine = _Engine()


def find_times(text: str, wall_now: datetime, *, day_first: bool = False) -> list[TimeValue]:
    """Every time expression in `text`, read against the naive local wall clock `wall_now`."""
    # The Rust layer panics on a NUL and cannot take a lone surrogate; the reader cleans text first, and this
    # keeps the engine safe on its own.
    text = "".join(ch for ch in text if ch != "\x00" and not 0xD800 <= ord(ch) <= 0xDFFF)
    started = time.perf_counter()
    found = _engine.parse(text, int(wall_now.replace(tzinfo=UTC).timestamp()), day_first)
    if isinstance(found, dict):
        _log.warning("Duckling failed (%s) on a text of %d characters", found.get("error"), len(text))
        return []
    _log.debug("Duckling read %d characters in %.1f ms", len(text), (time.perf_counter() - started) * 1000)
    return [value for entity in found if isinstance(entity, dict) and (value := _time_value(entity)) is not None]


class _Common(TypedDict):
    """What every TimeValue takes from the entity itself, whatever its kind of value."""

    start: int
    end: int
    body: str
    latent: bool


def _time_value(entity: dict[str, Any]) -> TimeValue | None:
    if entity.get("dim") != "time":
        return None
    value = entity.get("value") or {}
    common: _Common = {"start": int(entity["start"]), "end": int(entity["end"]),
                       "body": str(entity.get("body", "")), "latent": bool(entity.get("latent"))}
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
