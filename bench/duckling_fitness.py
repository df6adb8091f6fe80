"""Can the project run Duckling (the `pyduckling-native-phihos` wheel) in production? Prints what it finds.

    python bench/duckling_fitness.py            # threads, fork, memory, bad input, zone files, DST offsets
    python bench/duckling_fitness.py --wheels   # also ask the package index which wheels exist (network)
    python bench/duckling_fitness.py --gunicorn # also serve from a real gunicorn on 127.0.0.1
    python bench/duckling_fitness.py --soak 200000  # also 200,000 parses in one process: RSS and speed

Checks:
  wheels   which wheels pip finds per platform tag and Python version (pip download --only-binary=:all:),
           and which version pip picks for this interpreter with no pin.
  threads  8 threads parsing at once: same answers as a serial run, no crash; throughput with 1/2/4/8
           threads, and with 1/2 processes for comparison; whether another Python thread runs while one
           parse is in progress (the GIL).
  fork     os.fork() with duckling.init() called in the parent (gunicorn --preload) and only in the child
           (gunicorn without --preload); the parent keeps parsing after the fork too; a fork after the parent
           used Duckling from several threads.
  memory   RSS after import, init, loading the zone files, and after 10,000 parses (--soak N: N parses).
  input    wrong argument types, a 10,000-character text, lone surrogates, NUL, bidi marks, parse() before
           init(): exception or crash. Each case runs in its own interpreter, so a crash is seen, not suffered.
  zones    the zone directory Duckling is given: the system's fat TZif files and the `tzdata` wheel's slim ones.
  dst      Duckling's UTC offsets against zoneinfo for every hour of the days clocks change.

Every risky case runs in a child interpreter (this file with --case NAME) with a time limit. Nothing here is
imported by the test suite; only --wheels uses the network (through pip).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import itertools
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zoneinfo
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

PHRASES = [
    "tomorrow 3pm", "Design review tomorrow at 3pm", "next Friday at 4pm", "in 3 minutes", "in two weeks",
    "first tuesday of october at 3pm", "last friday of the month 4pm", "half past 3pm", "a quarter to noon",
    "15h30", "tonight 7:30", "this afternoon at 3:20", "Sunday late evening at 10:00", "3-4pm",
    "from 3 to 4:30pm", "Oct/2 3pm", "2027-sep-1 9am", "12/25 10am", "3pm CET", "10:00 UTC", "now",
    "in a couple of hours", "May twenty nine 2pm", "friday after next at 3pm",
]
ZONES = ["America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Adelaide"]
REF = datetime(2026, 11, 24, 10, 0)
CHILD_TIMEOUT = 180


# --------------------------------------------------------------------------- shared setup


def zone_dir() -> str:
    for entry in zoneinfo.TZPATH:
        if os.path.isfile(os.path.join(entry, "America", "New_York")):
            return entry
    raise RuntimeError(f"no zone files under {zoneinfo.TZPATH}")


class Reader:
    """duckling.init() and the objects every parse needs."""

    def __init__(self, tz_dir: str | None = None, init: bool = True):
        import duckling

        self.d = duckling
        if init:
            duckling.init()
        self.tzs = duckling.load_time_zones(tz_dir or zone_dir())
        lang = duckling.parse_lang("EN")
        self.locale = duckling.parse_locale("EN_US", duckling.default_locale_lang(lang))
        self.dims = duckling.parse_dimensions(["time", "duration"])

    def context(self, zone: str, now: datetime):
        ref = self.d.parse_ref_time(self.tzs, zone, int(now.replace(tzinfo=ZoneInfo(zone)).timestamp()))
        return self.d.Context(ref, self.locale)

    def parse(self, text: str, zone: str = "America/New_York", now: datetime = REF) -> list[dict]:
        return self.d.parse(text, self.context(zone, now), self.dims, False)


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def workload() -> list[tuple[str, str]]:
    return [(text, zone) for zone in ZONES for text in PHRASES]


def child(case: str, timeout: float = CHILD_TIMEOUT) -> dict:
    """Run `--case NAME` in a fresh interpreter; its last stdout line is a JSON report."""
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--case", case], capture_output=True, text=True, encoding="utf-8",
            errors="replace", timeout=timeout, check=False,
        )
    except subprocess.TimeoutExpired:
        return {"outcome": f"hung: no answer in {timeout:.0f} s"}
    elapsed = time.perf_counter() - started
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    report = json.loads(lines[-1]) if lines else {}
    if done.returncode < 0:
        report["outcome"] = f"CRASHED: killed by {signal.Signals(-done.returncode).name}"
    elif done.returncode and "outcome" not in report:
        tail = (done.stderr.strip().splitlines() or ["?"])[-1]
        report["outcome"] = f"exit {done.returncode}: {tail[:160]}"
    report.setdefault("outcome", "ok")
    report["seconds"] = round(elapsed, 2)
    noise = list(dict.fromkeys(line.strip() for line in done.stderr.splitlines() if line.strip()))
    if noise:
        report["stderr"] = " | ".join(noise[-3:])[:300]
    return report


def say(report: dict) -> None:
    print(json.dumps(report, default=str))


# --------------------------------------------------------------------------- (a) wheels


WHEEL_PLATFORMS = [
    "manylinux2014_x86_64", "manylinux_2_28_x86_64", "musllinux_1_2_x86_64", "manylinux2014_aarch64",
    "manylinux_2_28_aarch64", "macosx_11_0_arm64", "macosx_10_12_x86_64", "win_amd64",
]
WHEEL_PYTHONS = ["3.11", "3.12", "3.13"]
WHEEL_VERSIONS = ["0.4.0", "0.3.0"]


def pip_download(spec: str, target: str, *extra: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check", "-q",
         "-d", target, spec, *extra],
        capture_output=True, text=True, check=False, timeout=600,
    )
    wheels = sorted(p.name for p in Path(target).glob("*.whl"))
    if wheels:
        return wheels[0]
    errors = [line for line in done.stderr.splitlines() if line.startswith("ERROR")]
    return "none" if errors else f"? {done.stderr.strip()[-80:]}"


def check_wheels() -> None:
    print("\n== (a) wheels on the package index (pip download --no-deps --only-binary=:all:)")
    with tempfile.TemporaryDirectory() as tmp:
        for version in WHEEL_VERSIONS:
            print(f"pyduckling-native-phihos=={version}")
            for plat in WHEEL_PLATFORMS:
                cells = []
                for py in WHEEL_PYTHONS:
                    target = tempfile.mkdtemp(dir=tmp)
                    got = pip_download(f"pyduckling-native-phihos=={version}", target, "--only-binary=:all:",
                                       "--platform", plat, "--python-version", py)
                    cells.append(f"{py}: {'yes' if got.endswith('.whl') else got}")
                print(f"  {plat:<24} " + "   ".join(cells))
        target = tempfile.mkdtemp(dir=tmp)
        got = pip_download("pyduckling-native-phihos", target)
        print(f"no pin, this interpreter (Python {platform.python_version()}, {platform.machine()}): {got}")
        target = tempfile.mkdtemp(dir=tmp)
        got = pip_download("pyduckling-native-phihos==0.4.0", target, "--no-binary=:all:")
        print(f"0.4.0 source distribution: {got}")


# --------------------------------------------------------------------------- (b) threads


def case_threads() -> None:
    reader = Reader()
    work = workload()
    baseline = [json.dumps(reader.parse(t, z), sort_keys=True) for t, z in work]
    mismatches, errors = [0], []
    lock = threading.Lock()

    def hammer(rounds: int) -> None:
        for _ in range(rounds):
            for (text, zone), want in zip(work, baseline, strict=True):
                try:
                    got = json.dumps(reader.parse(text, zone), sort_keys=True)
                except Exception as exc:  # noqa: BLE001 - counted and reported
                    with lock:
                        errors.append(repr(exc))
                    continue
                if got != want:
                    with lock:
                        mismatches[0] += 1

    def timed(n_threads: int, total: int) -> float:
        per = max(1, total // (n_threads * len(work)))
        threads = [threading.Thread(target=hammer, args=(per,)) for _ in range(n_threads)]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return n_threads * per * len(work) / (time.perf_counter() - started)

    timed(8, 8 * 96 * 5)  # the correctness run: 8 threads x 5 rounds of 96 texts
    checked = 8 * 5 * len(work)
    throughput = {n: round(max(timed(n, 1920) for _ in range(3))) for n in (1, 2, 4, 8)}  # best of 3

    # While one long parse runs, does a pure-Python thread get to run? Record the longest gap between ticks.
    long_text = ("meet tomorrow at 3pm or " * 100)[:2000]
    ticks: list[float] = []
    stop = threading.Event()

    def ticker() -> None:
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    thread = threading.Thread(target=ticker)
    thread.start()
    time.sleep(0.1)
    started = time.perf_counter()
    reader.parse(long_text)
    parse_seconds = time.perf_counter() - started
    time.sleep(0.1)
    stop.set()
    thread.join()
    during = [b - a for a, b in itertools.pairwise(ticks) if b > started and a < started + parse_seconds]
    say({
        "parses_checked": checked, "mismatches": mismatches[0], "exceptions": len(errors),
        "first_exception": errors[0] if errors else None, "parses_per_second": throughput,
        "long_parse_s": round(parse_seconds, 3), "longest_tick_gap_during_it_s": round(max(during or [0]), 3),
        "ticks_during_it": max(0, len(during) - 1),
    })


def case_processes() -> None:
    """The threads' work in 1 and 2 worker processes; the parent never imports duckling (see fork below)."""
    work = workload()
    rates = {}
    for n_procs in (1, 2):
        best = 0.0
        for _ in range(3):
            pipes, pids = [], []
            for _ in range(n_procs):
                read_end, write_end = os.pipe()
                pid = os.fork()
                if pid == 0:
                    os.close(read_end)
                    reader = Reader()
                    reader.parse(*work[0])
                    started = time.perf_counter()
                    for _ in range(1920 // (n_procs * len(work))):
                        for text, zone in work:
                            reader.parse(text, zone)
                    os.write(write_end, f"{time.perf_counter() - started}".encode())
                    os._exit(0)
                os.close(write_end)
                pipes.append(read_end)
                pids.append(pid)
            statuses = [os.waitpid(pid, 0)[1] for pid in pids]
            seconds = [float(os.read(fd, 100) or "nan") for fd in pipes]
            for fd in pipes:
                os.close(fd)
            if any(statuses):
                say({"outcome": f"a worker failed: wait statuses {statuses}"})
                return
            best = max(best, n_procs * (1920 // (n_procs * len(work))) * len(work) / max(seconds))
        rates[n_procs] = round(best)
    say({"parses_per_second_in_processes": rates})


# --------------------------------------------------------------------------- (c) fork


def _fork_children(job: Callable[[], object], n: int = 2, timeout: float = 60) -> list[str]:
    """Fork n children at once; each runs job and writes its outcome to a pipe; wait at most timeout."""
    forks = []
    for _ in range(n):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child
            os.close(read_end)
            try:
                message = f"ok: {job()}"
            except BaseException as exc:  # noqa: BLE001 - anything the child hits is the finding
                message = f"raised {type(exc).__name__}: {exc}"
            os.write(write_end, message.encode()[:4000])
            os._exit(0)
        os.close(write_end)
        forks.append((pid, read_end))
    deadline = time.monotonic() + timeout
    outcomes = []
    for pid, read_end in forks:
        status = None
        while time.monotonic() < deadline:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            time.sleep(0.05)
        else:
            os.kill(pid, signal.SIGKILL)  # a child this function forked, by its pid
            os.waitpid(pid, 0)
            os.close(read_end)
            outcomes.append(f"HUNG: no answer in {timeout:.0f} s (killed)")
            continue
        message = os.read(read_end, 4000).decode(errors="replace")
        os.close(read_end)
        if os.WIFSIGNALED(status):
            outcomes.append(f"CRASHED: {signal.Signals(os.WTERMSIG(status)).name}")
        else:
            outcomes.append(message or f"DIED: exit {os.waitstatus_to_exitcode(status)}, no answer")
    return outcomes


def _answers(reader: Reader) -> str:
    got = [reader.parse(t, z) for t, z in workload()]
    first = got[0][0]["value"]["value"] if got and got[0] else None
    return f"{len(got)} parses, {sum(map(len, got))} entities, 'tomorrow 3pm' -> {first}"


def _worker(factory: Callable[[], Reader]) -> Callable[[], str]:
    """What a forked web worker does: parse, sit idle a second (between requests), parse again."""

    def job() -> str:
        reader = factory()
        first = _answers(reader)
        time.sleep(1.0)
        again = _answers(reader)
        return first if again == first else f"{first}; after idling: {again}"

    return job


# (what the parent does with duckling before forking, seconds the parent then idles, what it models)
FORK_SCENARIOS = {
    "fork none 1": "parent never imports duckling; workers import+init after the fork (gunicorn, no --preload)",
    "fork import 0": "parent imports duckling, forks at once; workers init",
    "fork import 1": "parent imports duckling, idles 1 s, then forks; workers init",
    "fork init 0": "parent init()s and parses, forks at once (gunicorn --preload: the first workers)",
    "fork init 1": "parent init()s and parses, idles 1 s, then forks (--preload: a worker restarted later)",
    "fork busy 1": "parent init()s, a parent thread keeps parsing through the 1 s and the fork",
    "fork threads 0": "parent init()s, parses from 8 threads (joined), forks at once",
}


def case_fork(name: str) -> None:
    _, parent, idle = name.split()
    reader: Reader | None = None
    stop = threading.Event()
    busy = None
    if parent == "import":
        import duckling  # noqa: F401 - imported before the fork on purpose
    elif parent != "none":
        reader = Reader()
        _answers(reader)
    if parent == "threads":
        threads = [threading.Thread(target=_answers, args=(reader,)) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    if parent == "busy":

        def keep_parsing() -> None:
            while not stop.is_set():
                reader.parse("tomorrow 3pm")

        busy = threading.Thread(target=keep_parsing)
        busy.start()
    time.sleep(float(idle))
    children = _fork_children(_worker((lambda: reader) if reader else Reader))
    stop.set()
    if busy:
        busy.join()
    say({"children": children, "parent_after_fork": _answers(reader) if reader else "-"})


GUNICORN_APP = """
import os, sys
sys.path.insert(0, {bench!r})
from duckling_fitness import Reader
reader = Reader()
reader.parse("tomorrow 3pm")

def app(environ, start_response):
    got = reader.parse("tomorrow 3pm")
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [f"{{os.getpid()}} {{got[0]['value']['value']}}".encode()]
"""


def check_gunicorn(preload: bool, requests: int = 8) -> str:
    """A real gunicorn (2 workers, --max-requests 2 so workers are replaced) on 127.0.0.1; one request a second."""
    import socket
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "fitness_app.py").write_text(GUNICORN_APP.format(bench=str(Path(__file__).resolve().parent)))
        log = Path(tmp, "gunicorn.log")
        command = [sys.executable, "-m", "gunicorn", "-w", "2", "--max-requests", "2", "-b", f"127.0.0.1:{port}",
                   "--chdir", tmp, "--control-socket", str(Path(tmp, "ctl")), "fitness_app:app"]
        if preload:
            command.insert(3, "--preload")
        with log.open("w") as out:
            server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        try:
            time.sleep(4)
            ok = 0
            for _ in range(requests):
                url = f"http://127.0.0.1:{port}/"
                with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=5) as answer:
                    ok += answer.status == 200
                time.sleep(1)
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        text = log.read_text(errors="replace")
    died = text.count("exited with code")
    why = " (timer_settime: Invalid argument)" if "timer_settime" in text else ""
    return f"{ok} of {requests} requests answered; {died} workers exited with an error{why}"


# --------------------------------------------------------------------------- (d) memory


def case_memory() -> None:
    report = {"python_start_mib": rss_mib()}
    import duckling

    report["after_import_mib"] = rss_mib()
    duckling.init()
    report["after_init_mib"] = rss_mib()
    reader = Reader(init=False)
    report["after_zone_files_mib"] = rss_mib()
    work = workload()
    reader.parse(*work[0])
    report["after_first_parse_mib"] = rss_mib()
    started = time.perf_counter()
    for i in range(10_000):
        text, zone = work[i % len(work)]
        reader.parse(text, zone, REF + timedelta(minutes=i))
        if i == 999:
            report["after_1000_parses_mib"] = rss_mib()
    report["after_10000_parses_mib"] = rss_mib()
    report["10000_parses_s"] = round(time.perf_counter() - started, 2)
    say({k: round(v, 1) if isinstance(v, float) else v for k, v in report.items()})


def case_soak(name: str) -> None:
    """N parses of the mixed workload, a new reference time and Context each (as a server does): RSS and the
    seconds each tenth took."""
    total = int(name.split()[1])
    reader = Reader()
    work = workload()
    reader.parse(*work[0])
    marks = [{"parses": 0, "rss_mib": round(rss_mib(), 1), "seconds": 0.0}]
    step = max(1, total // 10)
    last = time.perf_counter()
    for i in range(total):
        text, zone = work[i % len(work)]
        reader.parse(text, zone, REF + timedelta(minutes=i % 5000))
        if (i + 1) % step == 0:
            now = time.perf_counter()
            marks.append({"parses": i + 1, "rss_mib": round(rss_mib(), 1), "seconds": round(now - last, 1)})
            last = now
    say({"soak": marks})


# --------------------------------------------------------------------------- (e) bad input


def _bad_input(make: Callable[[Reader], object], init: bool = True) -> None:
    try:
        reader = Reader(init=init)
        started = time.perf_counter()
        value = make(reader)
        seconds = time.perf_counter() - started
        if isinstance(value, list):
            shown = [(e.get("body"), e.get("value", {}).get("value")) for e in value[:3]]
            shown = f"{len(value)} entities {shown}" if value else "[]"
        else:
            shown = repr(value)[:120]
        say({"outcome": f"returned {shown}"[:300], "call_s": round(seconds, 3)})
    except BaseException as exc:  # noqa: BLE001 - the exception is the finding
        say({"outcome": f"raised {type(exc).__name__}: {str(exc)[:160]}"})


BAD_INPUTS: dict[str, Callable[[Reader], object]] = {
    "text=123": lambda r: r.d.parse(123, r.context("UTC", REF), r.dims, False),
    "text=None": lambda r: r.d.parse(None, r.context("UTC", REF), r.dims, False),
    "text=b'tomorrow 3pm'": lambda r: r.d.parse(b"tomorrow 3pm", r.context("UTC", REF), r.dims, False),
    "context='UTC'": lambda r: r.d.parse("tomorrow 3pm", "UTC", r.dims, False),
    "dims=['time']": lambda r: r.d.parse("tomorrow 3pm", r.context("UTC", REF), ["time"], False),
    "with_latent='no'": lambda r: r.d.parse("tomorrow 3pm", r.context("UTC", REF), r.dims, "no"),
    "parse_dimensions(['nope'])": lambda r: r.d.parse_dimensions(["nope"]),
    "parse_lang('XX')": lambda r: r.d.parse_lang("XX"),
    "parse_locale('XX_YY')": lambda r: r.d.parse_locale("XX_YY", r.d.default_locale_lang(r.d.parse_lang("EN"))),
    "parse_ref_time(zone='Not/AZone')": lambda r: r.d.parse(
        "tomorrow 3pm", r.d.Context(r.d.parse_ref_time(r.tzs, "Not/AZone", 0), r.locale), r.dims, False),
    "parse_ref_time(ts=-2**62)": lambda r: r.d.parse_ref_time(r.tzs, "UTC", -(2**62)),
    "parse_ref_time(ts=2**62)": lambda r: r.d.parse_ref_time(r.tzs, "UTC", 2**62),
    "parse_ref_time(ts=1.5)": lambda r: r.d.parse_ref_time(r.tzs, "UTC", 1.5),
    "load_time_zones('/nonexistent')": lambda r: r.d.load_time_zones("/nonexistent"),
    "10,000 chars of 'meet tomorrow at 3pm or '": lambda r: r.parse(("meet tomorrow at 3pm or " * 417)[:10_000]),
    "10,000 chars of 'a'": lambda r: r.parse("a" * 10_000),
    "10,000 digits": lambda r: r.parse("1" * 10_000),
    "lone surrogate \\ud800": lambda r: r.parse("tomorrow \ud800 3pm"),
    "lone surrogate \\udfff at end": lambda r: r.parse("tomorrow 3pm\udfff"),
    "NUL inside": lambda r: r.parse("tomorrow\x003pm"),
    "RTL marks \\u200f and override \\u202e": lambda r: r.parse("\u200ftomorrow\u200f \u202e3pm\u202c"),
    "BOM, zero-width space": lambda r: r.parse("\ufefftomorrow\u200b 3pm"),
    "fullwidth digits ３pm": lambda r: r.parse("tomorrow ３pm"),
    "emoji and combining marks": lambda r: r.parse("tomorrow 🎉 3pm e\u0301\u0301\u0301"),
    "empty string": lambda r: r.parse(""),
}


def case_bad_input(name: str) -> None:
    if name == "parse() before init()":
        _bad_input(lambda r: r.parse("tomorrow 3pm"), init=False)
    elif name == "init() twice":
        _bad_input(lambda r: (r.d.init(), r.parse("tomorrow 3pm"))[1])
    elif name == "parse() after stop()":
        _bad_input(lambda r: (r.d.stop(), r.parse("tomorrow 3pm"))[1])
    else:
        _bad_input(BAD_INPUTS[name])


LIFECYCLE = ["parse() before init()", "init() twice", "parse() after stop()"]


# --------------------------------------------------------------------------- (f) zone files, DST


def _offset_of(reader: Reader, zone: str, when: datetime) -> timedelta | None:
    got = reader.parse("now", zone, when)
    return datetime.fromisoformat(got[0]["value"]["value"]).utcoffset() if got else None


def case_zone_files() -> None:
    report = {}
    candidates = {"system": zone_dir()}
    with contextlib.suppress(ImportError):
        import importlib.resources

        candidates["tzdata wheel"] = str(importlib.resources.files("tzdata") / "zoneinfo")
    import duckling

    duckling.init()
    for label, path in candidates.items():
        reader = Reader(path, init=False)
        wrong = []
        for zone in [*ZONES, "Europe/London", "America/Los_Angeles"]:
            for when in (datetime(2026, 11, 24, 10), datetime(2027, 7, 1, 10)):
                want = when.replace(tzinfo=ZoneInfo(zone)).utcoffset()
                got = _offset_of(reader, zone, when)
                if got != want:
                    wrong.append(f"{zone} {when:%Y-%m}: {got} (zoneinfo {want})")
        report[f"{label} ({path})"] = wrong or "offsets agree with zoneinfo"
    say(report)


DST_DAYS = [  # zone, the day clocks change (the reference is 10:00 the day before)
    ("America/New_York", datetime(2027, 3, 14)),
    ("America/New_York", datetime(2026, 11, 1)),
    ("Europe/Berlin", datetime(2027, 3, 28)),
    ("Europe/Berlin", datetime(2026, 10, 25)),
    ("Australia/Adelaide", datetime(2027, 4, 4)),
    ("Australia/Adelaide", datetime(2026, 10, 4)),
]


def case_dst() -> None:
    reader = Reader()
    report = {}
    for zone, day in DST_DAYS:
        tz = ZoneInfo(zone)
        now = day - timedelta(hours=14)  # 10:00 the day before
        wrong = []
        for hour in range(24):
            wall = day.replace(hour=hour)
            if wall.replace(tzinfo=tz).astimezone(ZoneInfo("UTC")).astimezone(tz).replace(tzinfo=None) != wall:
                continue  # a wall time the change skips
            got = reader.parse(f"tomorrow at {hour:02d}:00", zone, now)
            value = got[0]["value"]["value"] if got else None
            stamp = datetime.fromisoformat(value).timestamp() if value else None
            # A wall time the change repeats may be either occurrence.
            allowed = {wall.replace(tzinfo=tz, fold=fold).timestamp() for fold in (0, 1)}
            if stamp not in allowed:
                wrong.append(f"{hour:02d}:00 -> {value}")
        report[f"{zone} {day:%Y-%m-%d}"] = f"{len(wrong)} of the day's hours wrong: " + ", ".join(wrong[:6]) \
            if wrong else "all hours right"
    say(report)


# --------------------------------------------------------------------------- main


CASES: dict[str, Callable[[], None]] = {
    "threads": case_threads, "processes": case_processes, "memory": case_memory, "zone-files": case_zone_files,
    "dst": case_dst,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheels", action="store_true", help="also ask the package index which wheels exist")
    parser.add_argument("--gunicorn", action="store_true", help="also run a real gunicorn, with and without --preload")
    parser.add_argument("--soak", type=int, default=0, metavar="N", help="also N parses in one process (RSS, speed)")
    parser.add_argument("--case", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        if args.case in CASES:
            CASES[args.case]()
        elif args.case in FORK_SCENARIOS:
            case_fork(args.case)
        elif args.case.startswith("soak "):
            case_soak(args.case)
        else:
            case_bad_input(args.case)
        return

    try:
        version = importlib.metadata.version("pyduckling-native-phihos")
    except importlib.metadata.PackageNotFoundError:
        sys.exit("pyduckling-native-phihos is not installed in this interpreter")
    print(f"pyduckling-native-phihos {version}, Python {platform.python_version()}, {platform.machine()}, "
          f"{os.cpu_count()} CPUs, {platform.platform()}")
    if args.wheels:
        check_wheels()

    print("\n== (b) threads")
    report = child("threads")
    print(json.dumps(report, indent=1))
    rates = report.get("parses_per_second") or {}
    if rates:
        print("scaling vs 1 thread: " + ", ".join(f"{n}: {r / rates['1']:.2f}x" for n, r in rates.items()))
    report = child("processes")
    print(json.dumps(report))
    procs = report.get("parses_per_second_in_processes") or {}
    if procs:
        print(f"2 processes vs 1: {procs['2'] / procs['1']:.2f}x")

    print("\n== (c) fork (2 children forked at once; each parses, idles 1 s, parses again)")
    for case, what in FORK_SCENARIOS.items():
        report = child(case)
        print(f"{what}:")
        for outcome in report.get("children", [report.get("outcome")]):
            print(f"    child: {outcome}")
        if report.get("parent_after_fork", "-") != "-":
            print(f"    parent after the fork: {report['parent_after_fork']}")
        if report.get("stderr"):
            print(f"    stderr: {report['stderr']}")

    if args.gunicorn:
        for preload in (False, True):
            print(f"gunicorn {'--preload ' if preload else ''}-w 2 --max-requests 2: {check_gunicorn(preload)}")

    print("\n== (d) memory (VmRSS, MiB)")
    print(json.dumps(child("memory"), indent=1))

    if args.soak:
        print(f"{args.soak:,} parses in one process:")
        for mark in child(f"soak {args.soak}", timeout=24 * 3600).get("soak", []):
            print(f"    {mark['parses']:>9,} parses  RSS {mark['rss_mib']:7.1f} MiB  "
                  f"last tenth {mark['seconds']:6.1f} s")

    print("\n== (e) bad input and lifecycle (each in its own interpreter)")
    for name in [*BAD_INPUTS, *LIFECYCLE]:
        report = child(name)
        extra = f" ({report['call_s']} s in the call)" if "call_s" in report else ""
        print(f"{name:<44} {report['outcome']}{extra}")

    print("\n== (f) zone files and DST offsets")
    print(json.dumps(child("zone-files"), indent=1))
    print(json.dumps(child("dst"), indent=1))


if __name__ == "__main__":
    main()
