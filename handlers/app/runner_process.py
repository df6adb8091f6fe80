"""The command runner as a process of its own: `python -m handlers.app.runner_process`, started by each web
process (handlers.app.durable.RunnerProcess) with the same environment, so that the work after the ack never
competes with the acks for one interpreter's lock.

Its standard input is the web process's pipe: every byte is a wake-up (a command was just stored), and
end-of-file means the web process is gone: claim nothing more, finish what is in hand, exit.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys

from handlers.app import metrics
from handlers.app.config import ConfigError, load_settings
from handlers.app.durable import CommandRunner
from handlers.app.log_safety import configure_logging
from handlers.app.services import Services, build_services
from handlers.flows.registry import all_kinds

log = logging.getLogger("zoombot.runner")

RUNNER_NICENESS = 10


def main() -> None:
    try:
        settings = load_settings()
    except ConfigError as error:
        print("zoombot runner: the configuration does not hold: " + "; ".join(error.problems), file=sys.stderr)
        raise SystemExit(2) from None
    configure_logging(settings)
    metrics.enable()  # into the web process's folder, which it passed on in PROMETHEUS_MULTIPROC_DIR
    # Acks are what Slack times (3 s); this work is measured in meetings per second. When the cores are busy,
    # the scheduler serves the web process first.
    with contextlib.suppress(OSError):
        os.nice(RUNNER_NICENESS)
    # Ctrl-C in a terminal reaches the whole process group: the web process stops first and its pipe says
    # so. SIGTERM (a service manager stopping every process at once) finishes the commands in hand.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop)
    services = build_services(settings, migrate=False)  # the web process has migrated the schema
    start_runner(services)
    try:
        while os.read(sys.stdin.fileno(), 4096):
            services.runner.wake()
    finally:
        log.info("the web process has gone: finishing the commands in hand")
        services.close()


def start_runner(services: Services) -> None:
    """This process works on commands itself (the runner's own process, or COMMAND_RUNNER=thread); it also
    picks up what a stopped or crashed process left."""
    runner = services.runner
    if not isinstance(runner, CommandRunner):
        raise TypeError("this process hands its commands to a runner process; it runs none itself")
    runner.start(services, all_kinds())


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(0)


if __name__ == "__main__":
    main()
