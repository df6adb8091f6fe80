"""Ack latency of /zoom meet while Zoom is fast, and while Zoom is slow.

The rule: the ack to Slack never waits on Zoom. This starts the real app with the loopback emulators,
fires bursts of signed slash commands and prints the ack latency percentiles for both cases, and their
ratio (about 1.0 means Zoom's speed does not reach the ack). Compare the ratio, not absolute times:
machines here are shared and noisy.

    python bench/ack_latency.py [--commands 200] [--concurrency 20] [--zoom-latency 2.0]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from handlers.demo.emulators import SlackEmulator, ZoomEmulator
from storage import SlackUserKey
from tests.harness import add_alice, running_bot, seed_connection, wait_for


def burst(bot, commands: int, concurrency: int) -> list[float]:
    def one(i: int) -> float:
        started = time.perf_counter()
        response = bot.slash(f"meet Bench {i} 2027-09-01 10:00")
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise RuntimeError(f"ack {response.status_code}")
        return elapsed

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        return list(pool.map(one, range(commands)))


def run(zoom_latency: float, commands: int, concurrency: int) -> tuple[list[float], float]:
    with tempfile.TemporaryDirectory() as workdir, ZoomEmulator() as zoom, SlackEmulator() as slack:
        add_alice(zoom, slack)
        with running_bot(zoom, slack, f"sqlite:///{workdir}/bench.db") as bot:
            seed_connection(bot.services.connections, zoom, SlackUserKey(slack.team_id, "U0ALICE"))
            zoom.api_latency = zoom_latency
            started = time.perf_counter()
            acks = burst(bot, commands, concurrency)
            wait_for(lambda: len(zoom.meetings) == commands, timeout=600, what="all meetings")
            return acks, time.perf_counter() - started


def describe(name: str, acks: list[float], total: float) -> dict[str, float]:
    quantiles = statistics.quantiles(acks, n=100)
    figures = {"p50": quantiles[49] * 1000, "p95": quantiles[94] * 1000, "max": max(acks) * 1000}
    print(f"{name:>12}: ack p50 {figures['p50']:7.1f} ms  p95 {figures['p95']:7.1f} ms  "
          f"max {figures['max']:7.1f} ms  all meetings created in {total:6.1f} s")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commands", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--zoom-latency", type=float, default=2.0)
    args = parser.parse_args()
    fast = describe("Zoom fast", *run(0.0, args.commands, args.concurrency))
    slow = describe(f"Zoom {args.zoom_latency:g} s", *run(args.zoom_latency, args.commands, args.concurrency))
    print(f"ratio slow/fast: p50 {slow['p50'] / fast['p50']:.2f}  p95 {slow['p95'] / fast['p95']:.2f}  "
          f"(Zoom itself was {args.zoom_latency * 1000:.0f} ms slower per call)")


if __name__ == "__main__":
    main()
