"""The command runner as a process of its own: `python -m handlers.runner_process`, started by each web
process (handlers.durable.RunnerProcess) with the same environment, so that the work after the ack never
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

from handlers.config import ConfigError, load_settings
from handlers.log_safety import configure_logging
from handlers.services import build_services
from handlers.work import start_runner

log = logging.getLogger("zoombot.runner")

RUNNER_NICENESS = 10


def main() -> None:
    try:
        settings = load_settings()
    except ConfigError as error:
        print("zoombot runner: the configuration does not hold: " + "; ".join(error.problems), file=sys.stderr)
        raise SystemExit(2) from None
    configure_logging(settings)
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


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(0)


if __name__ == "__main__":
    main()
