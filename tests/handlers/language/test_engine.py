"""Duckling is native code (Haskell behind Rust): it must give the same answers from many threads at once and
in processes forked from a parent that already used it (gunicorn with --preload) or that never did."""

from __future__ import annotations

import os
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.language import MeetingDraft, read_meeting_text
from handlers.language.engine import find_times

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("America/New_York"))
TEXTS = ["Sync tomorrow 3pm", "Retro on the 15th at 3pm", "first tuesday of october at 3pm", "in 7 days at 5pm",
         "half past 3pm", "Standup every weekday 9:30am", "Review friday after next 3pm", "Sync 3-4pm"]


def readings() -> list[str]:
    out = []
    for text in TEXTS:
        reading = read_meeting_text(text, now=NOW, tz="America/New_York")
        assert isinstance(reading, MeetingDraft), reading
        out.append(f"{reading.topic}|{reading.start.isoformat() if reading.start else ''}|{reading.duration_minutes}")
    return out


def test_the_same_answers_from_eight_threads_at_once() -> None:
    expected = readings()
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: readings(), range(64)))
    assert all(result == expected for result in results)


@pytest.mark.skipif(sys.platform == "win32", reason="fork")
def test_a_child_forked_right_after_its_parent_read_reads_like_it() -> None:
    # gunicorn --preload's first workers: forked at once from a master that has used the reader.
    expected = readings()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: like a gunicorn worker
        os.close(read_end)
        try:
            payload = "\n".join(readings()).encode()
            code = 0
        except BaseException as error:  # anything at all must reach the parent
            payload, code = repr(error).encode(), 1
        os.write(write_end, payload)
        os.close(write_end)
        os._exit(code)
    os.close(write_end)
    chunks = []
    while chunk := os.read(read_end, 65536):
        chunks.append(chunk)
    os.close(read_end)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, b"".join(chunks)
    assert b"".join(chunks).decode().split("\n") == expected


def test_odd_text_never_reaches_duckling_as_an_error() -> None:
    for text in ["\ud800", "\x00", "‮evil‬", "x" * 20_000, "３pm", "²", "🎉 tomorrow 3pm"]:
        find_times(text.encode("utf-8", "replace").decode("utf-8"), datetime(2026, 11, 24, 10, 0))
        read_meeting_text(text, now=NOW, tz="America/New_York")


def test_importing_the_bot_does_not_start_duckling() -> None:
    # A gunicorn master with --preload imports the app; had it imported Duckling, workers it forks after idling
    # would die on their first parse (docs/time-parsers.md). Duckling starts on first use, in the worker.
    import subprocess

    code = "import sys, bot, handlers.language; sys.exit('duckling' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False, timeout=60).returncode == 0


@pytest.mark.skipif(sys.platform == "win32", reason="fork")
def test_a_child_forked_after_the_parent_idled_reads_fine() -> None:
    import subprocess

    # In a fresh interpreter (this one has used Duckling already): import the reader, idle past the half
    # second that kills children of a process holding Duckling's runtime, fork, read in the child.
    code = (
        "import os, sys, time\n"
        "from datetime import datetime\n"
        "from zoneinfo import ZoneInfo\n"
        "from handlers.language import read_meeting_text\n"
        "time.sleep(1.2)\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    now = datetime(2026, 11, 24, 10, tzinfo=ZoneInfo('UTC'))\n"
        "    r = read_meeting_text('Sync tomorrow 3pm', now=now, tz='UTC')\n"
        "    os._exit(0 if r.start.hour == 15 else 3)\n"
        "_, status = os.waitpid(pid, 0)\n"
        "sys.exit(os.waitstatus_to_exitcode(status))\n"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False, timeout=60).returncode == 0


def test_a_killed_duckling_process_is_replaced_and_the_text_still_read() -> None:
    from handlers.language import engine

    assert find_times("tomorrow 3pm", datetime(2026, 11, 24, 10, 0))
    server = engine._engine._server
    assert server is not None
    server.process.kill()
    server.process.wait()
    found = find_times("tomorrow 3pm", datetime(2026, 11, 24, 10, 0))
    assert [v.value for v in found] == [datetime(2026, 11, 25, 15, 0)]
    assert engine._engine._server is not server


def test_the_process_is_renewed_after_its_share_of_parses(monkeypatch: pytest.MonkeyPatch) -> None:
    from handlers.language import engine

    monkeypatch.setattr(engine, "PARSES_PER_PROCESS", 3)
    find_times("tomorrow 3pm", datetime(2026, 11, 24, 10, 0))
    first = engine._engine._server
    pids = set()
    for _ in range(7):
        assert find_times("tomorrow 3pm", datetime(2026, 11, 24, 10, 0))
        if engine._engine._server is not None:
            pids.add(engine._engine._server.process.pid)
    assert first is None or first.process.poll() is not None  # the first one was stopped
    assert len(pids) >= 2


def test_a_parse_that_takes_too_long_reads_as_no_time(monkeypatch: pytest.MonkeyPatch) -> None:
    from handlers.language import engine

    monkeypatch.setattr(engine, "PARSE_TIMEOUT", 0.01)
    assert find_times("meet tomorrow at 3pm or " * 150, datetime(2026, 11, 24, 10, 0)) == []
    monkeypatch.setattr(engine, "PARSE_TIMEOUT", 5.0)
    assert find_times("tomorrow 3pm", datetime(2026, 11, 24, 10, 0))  # and the next text is read again
