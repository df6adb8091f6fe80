"""Durable commands under load: 1,000 signed `/zoom meet` from 100 concurrent clients, Zoom answering each
call after 2 s and refusing more than 20 creates a second (429), against `python bot.py` on SQLite and
gunicorn with 4 workers on PostgreSQL; the same load against a bare Bolt app that only acks.

Prints, per run: ack latency p50/p99/max, ack-to-channel-post p50/p99, meetings per second sustained
against the limit, the 429s Zoom sent, meetings created and posted, duplicates, lost commands, errors, and
the peak RSS of each process. Compare the ratios within one run: machines here are shared and noisy.

    python bench/durable_load.py [--commands 1000] [--clients 100] [--zoom-latency 2] [--zoom-limit 20]
                                 [--only single|gunicorn] [--postgres URL]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from handlers.demo.emulators.signing import signed_slash_command_headers_and_body, slash_command_form  # noqa: E402
from storage import TokenCipher  # noqa: E402

SECRET = "bench-signing-secret"  # noqa: S105 - signs the local load only
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Emulators:
    """bench/_emulators.py as a child process, spoken to over its stdin and stdout."""

    def __init__(self, config: dict[str, Any]):
        self.process = subprocess.Popen([sys.executable, str(ROOT / "bench" / "_emulators.py"), json.dumps(config)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.info = json.loads(self._line())

    def _line(self) -> str:
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("the emulators stopped")
        return line

    def ask(self, request: str) -> Any:
        self.process.stdin.write(request + "\n")
        self.process.stdin.flush()
        return json.loads(self._line())

    def close(self) -> None:
        self.process.stdin.write("quit\n")
        self.process.stdin.flush()
        self.process.wait(timeout=10)


def wait_healthy(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the server stopped while starting")
        try:
            if requests.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise RuntimeError("the server did not start")


def peak_rss_mb(pid: int) -> dict[str, float]:
    """VmHWM (peak resident set) of a process and its descendants, in MB, by process name."""
    found: dict[str, float] = {}
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            cmdline = Path(f"/proc/{current}/cmdline").read_bytes().replace(b"\0", b" ").decode()[:60]
            children = [child for task in Path(f"/proc/{current}/task").iterdir()
                        for child in (task / "children").read_text().split()]
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                found[f"{current} {cmdline.strip()}"] = int(line.split()[1]) / 1024
        pending.extend(int(child) for child in children)
    return found


def fire(url: str, emulators: Emulators, commands: int, clients: int, users: int) -> tuple[list[float], dict]:
    team = emulators.info["team_id"]
    pairs = [(f"C0BENCH{i % users:03d}", f"U0BENCH{i % users:03d}") for i in range(commands)]
    response_urls = emulators.ask("response_urls " + json.dumps(pairs))
    signed = []
    for i, ((channel, user), response_url) in enumerate(zip(pairs, response_urls, strict=True)):
        form = slash_command_form(text=f"meet Bench {i:04d} 2027-09-01 10:00", team_id=team, user_id=user,
                                  channel_id=channel, response_url=response_url)
        signed.append(form)
    acked_at: dict[str, float] = {}
    session = requests.Session()
    adapter = requests.adapters.HTTPAdapter(pool_maxsize=clients, pool_block=True)
    session.mount("http://", adapter)

    def one(i: int) -> float:
        headers, body = signed_slash_command_headers_and_body(SECRET, signed[i])
        started = time.perf_counter()
        response = session.post(f"{url}/slack/events", data=body, headers=headers, timeout=30)
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise RuntimeError(f"ack {response.status_code}: {response.text[:200]}")
        acked_at[f"Bench {i:04d}"] = time.time()
        return elapsed

    with ThreadPoolExecutor(max_workers=clients) as pool:
        acks = list(pool.map(one, range(commands)))
    return acks, acked_at


def quantile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else (values[0] if values else 0.0)


def run_bot(name: str, args: argparse.Namespace, database_url: str, command: list[str] | None) -> dict[str, Any]:
    key = TokenCipher.generate_key()
    emulators = Emulators({"zoom_latency": args.zoom_latency, "zoom_limit": args.zoom_limit, "users": args.clients,
                           "database_url": database_url, "key": key})
    port = free_port()
    info = emulators.info
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ZOOM_", "DATABASE_"))}
    env.update({
        "SLACK_SIGNING_SECRET": SECRET, "SLACK_BOT_TOKEN": info["slack_bot_token"],
        "SLACK_API_URL": info["slack_api_url"], "ZOOM_CLIENT_ID": info["zoom_client_id"],
        "ZOOM_CLIENT_SECRET": info["zoom_client_secret"], "ZOOM_OAUTH_URL": info["zoom_oauth_url"],
        "ZOOM_API_URL": info["zoom_api_url"], "PUBLIC_URL": f"http://127.0.0.1:{port}", "PORT": str(port),
        "DATABASE_URL": database_url, "TOKEN_ENCRYPTION_KEY": key, "ZOOM_RATE_LIMIT": str(args.zoom_limit),
        "LOG_LEVEL": os.environ.get("BENCH_LOG_LEVEL", "WARNING"), "PYTHONPATH": str(ROOT),
    })
    argv = command or [sys.executable, str(ROOT / "bot.py")]
    with tempfile.TemporaryDirectory() as workdir:
        log = open(Path(workdir) / "bot.log", "w")  # noqa: SIM115 - closed below, after the process
        server = subprocess.Popen([arg.replace("PORT", str(port)) for arg in argv], cwd=workdir, env=env,
                                  stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_healthy(f"http://127.0.0.1:{port}", server)
            started = time.time()
            print(f"{name}: firing; the bot's log is kept as durable_load-*.log in {tempfile.gettempdir()}",
                  file=sys.stderr)
            acks, acked_at = fire(f"http://127.0.0.1:{port}", emulators, args.commands, args.clients, args.clients)
            deadline = time.monotonic() + args.commands / args.zoom_limit * 3 + 120
            while time.monotonic() < deadline:
                seen = emulators.ask("stats")
                if sum(1 for m in seen["meetings"] if m["posted"]) >= args.commands:
                    break
                time.sleep(1)
            time.sleep(2)  # anything still arriving (a duplicate) arrives now
            seen = emulators.ask("stats")
            rss = peak_rss_mb(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=60)
            log.close()
            emulators.close()
            shutil.copy(Path(workdir) / "bot.log", Path(tempfile.gettempdir()) / f"durable_load-{name.split()[0]}.log")
        logged = (Path(workdir) / "bot.log").read_text()
    return summarise(name, acks, acked_at, seen, rss, started, args, logged)


def summarise(name: str, acks: list[float], acked_at: dict[str, float], seen: dict[str, Any],
              rss: dict[str, float], started: float, args: argparse.Namespace, logged: str) -> dict[str, Any]:
    meetings = seen["meetings"]
    topics = [m["topic"] for m in meetings]
    created = sorted(m["created"] for m in meetings)
    # Sustained: the creates between the first and last tenth, so the ramp up and the tail do not count.
    cut = max(1, len(created) // 10)
    middle = created[cut:-cut] if len(created) > 2 * cut + 1 else created
    sustained = (len(middle) - 1) / (middle[-1] - middle[0]) if len(middle) > 1 and middle[-1] > middle[0] else 0.0
    to_post = [m["posted"][0] - acked_at[m["topic"]] for m in meetings if m["posted"] and m["topic"] in acked_at]
    return {
        "run": name,
        "ack_p50_ms": quantile(acks, 50) * 1000, "ack_p99_ms": quantile(acks, 99) * 1000,
        "ack_max_ms": max(acks) * 1000,
        "post_p50_s": quantile(to_post, 50), "post_p99_s": quantile(to_post, 99),
        "meetings_per_s": sustained,
        "zoom_429s": seen["create_429s"],
        "created": len(meetings), "posted": sum(1 for m in meetings if m["posted"]),
        "duplicates": len(topics) - len(set(topics)),
        "duplicate_posts": sum(max(0, len(m["posted"]) - 1) for m in meetings),
        "lost": args.commands - len(set(topics) & set(acked_at)),
        "unhandled_429s": seen["busy_answers"],
        "errors": seen["emulator_errors"] + logged.count("Traceback"),
        "peak_rss_mb": max(rss.values()) if rss else 0.0,
        "rss": rss,
        "seconds": time.time() - started,
    }


def run_bare(args: argparse.Namespace) -> dict[str, Any]:
    emulators = Emulators({"zoom_latency": 0, "zoom_limit": None, "users": args.clients,
                           "database_url": "sqlite://", "key": TokenCipher.generate_key()})
    port = free_port()
    env = {**os.environ, "SLACK_SIGNING_SECRET": SECRET, "PORT": str(port)}
    server = subprocess.Popen([sys.executable, str(ROOT / "bench" / "bare_bolt.py")], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_healthy(f"http://127.0.0.1:{port}", server)
        acks, _ = fire(f"http://127.0.0.1:{port}", emulators, args.commands, args.clients, args.clients)
    finally:
        server.terminate()
        server.wait(timeout=10)
        emulators.close()
    return {"run": "bare Bolt (ack only)", "ack_p50_ms": quantile(acks, 50) * 1000,
            "ack_p99_ms": quantile(acks, 99) * 1000, "ack_max_ms": max(acks) * 1000}


def table(runs: list[dict[str, Any]], floor: dict[str, Any], args: argparse.Namespace) -> None:
    columns = [("ack p50 ms", "ack_p50_ms", "{:.1f}"), ("ack p99 ms", "ack_p99_ms", "{:.1f}"),
               ("ack max ms", "ack_max_ms", "{:.1f}"), ("p99 / bare", None, ""),
               ("ack→post p50 s", "post_p50_s", "{:.1f}"), ("ack→post p99 s", "post_p99_s", "{:.1f}"),
               ("meetings/s", "meetings_per_s", "{:.1f}"), ("429s", "zoom_429s", "{}"),
               ("created", "created", "{}"), ("posted", "posted", "{}"), ("duplicates", "duplicates", "{}"),
               ("dup. posts", "duplicate_posts", "{}"), ("lost", "lost", "{}"),
               ("unhandled 429s", "unhandled_429s", "{}"), ("errors", "errors", "{}"),
               ("peak RSS MB", "peak_rss_mb", "{:.0f}")]
    print(f"\n{args.commands} commands, {args.clients} clients, Zoom {args.zoom_latency:g} s per call and "
          f"{args.zoom_limit} creates/s; {os.cpu_count()} cores; {time.strftime('%Y-%m-%d')}\n")
    print("| run | " + " | ".join(title for title, _, _ in columns) + " |")
    print("|---|" + "---|" * len(columns))
    for run in [floor, *runs]:
        cells = []
        for _title, key, fmt in columns:
            if key is None:
                cells.append(f"{run['ack_p99_ms'] / floor['ack_p99_ms']:.2f}")
            else:
                cells.append(fmt.format(run[key]) if key in run else "")
        print(f"| {run['run']} | " + " | ".join(cells) + " |")
    for run in runs:
        print(f"\n{run['run']}: peak RSS by process: " + ", ".join(
            f"{name.split(' ', 1)[1][:40]} {mb:.0f} MB" for name, mb in sorted(run["rss"].items())))
        print(f"{run['run']}: targets: ack p99 <= 1.2x bare: {run['ack_p99_ms'] / floor['ack_p99_ms'] <= 1.2}; "
              f">= 90% of the limit: {run['meetings_per_s'] >= 0.9 * args.zoom_limit}; 0 duplicates/lost/unhandled: "
              f"{run['duplicates'] + run['duplicate_posts'] + run['lost'] + run['unhandled_429s'] == 0}; "
              f"RSS < 150 MB: {run['peak_rss_mb'] < 150}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commands", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--zoom-latency", type=float, default=2.0)
    parser.add_argument("--zoom-limit", type=int, default=20)
    parser.add_argument("--only", choices=["single", "gunicorn"])
    parser.add_argument("--postgres", default=os.environ.get("TEST_POSTGRES_URL", POSTGRES))
    args = parser.parse_args()
    floor = run_bare(args)
    runs = []
    if args.only in (None, "single"):
        with tempfile.TemporaryDirectory() as workdir:
            runs.append(run_bot("python bot.py, SQLite", args, f"sqlite:///{workdir}/bench.db", None))
    if args.only in (None, "gunicorn"):
        from sqlalchemy import create_engine, text

        schema = f"bench_{int(time.time())}"
        admin = create_engine(args.postgres, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = f"{args.postgres}?options=-csearch_path%3D{schema}"
        try:
            gunicorn = [sys.executable, "-m", "gunicorn", "-w", "4", "--threads", "8", "--preload",
                        "-b", "127.0.0.1:PORT", "bot:create_app()"]
            runs.append(run_bot("gunicorn -w 4 --preload, PostgreSQL", args, url, gunicorn))
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()
    table(runs, floor, args)


if __name__ == "__main__":
    main()
