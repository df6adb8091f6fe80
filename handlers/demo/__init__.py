"""`python bot.py demo`: the bot against built-in Slack and Zoom emulators on 127.0.0.1, with a playground page.

The emulators (emulators/) are the strict ones the tests run against, checking what the bot sends against the
services' published specs (specs/). Nothing here is imported by the product (an import-linter contract).
"""

from __future__ import annotations

import importlib
import logging
import signal
import threading
import webbrowser

# What the emulators need beyond the bot (pyproject's `demo` extra).
DEMO_EXTRA = ("jsonschema", "websockets")


def missing_extra() -> list[str]:
    """The demo extra's packages this installation lacks (pip install . leaves them out)."""
    missing = []
    for name in DEMO_EXTRA:
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
    return missing


def run_demo(port: int = 0, open_browser: bool = False) -> None:
    """Run the demo until Ctrl-C: print the playground's URL (on 127.0.0.1, `port` or a free one) and wait.

    Everything it writes (the SQLite database) is in a temporary folder, removed when it stops.
    """
    # Imported here: importing the emulators (handlers.demo.emulators, as the tests do) should not load the bot.
    from handlers.demo.session import demo_running

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    # SIGTERM (kill, a closed terminal's service manager) ends it as Ctrl-C does: the folder is removed too.
    signal.signal(signal.SIGTERM, _interrupt)
    # A shell starts background jobs with SIGINT ignored; Ctrl-C or `kill -INT` should still stop the demo.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    with demo_running(port) as demo:
        print(f"Zoom for Slack demo: open {demo.url}  (Ctrl-C stops it)", flush=True)
        if open_browser:
            webbrowser.open(demo.url)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("\nStopping the demo; its temporary folder is removed.", flush=True)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
