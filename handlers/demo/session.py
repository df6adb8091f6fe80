"""A running demo: the sandbox (bot and emulators) in a temporary folder, and the playground beside it."""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from werkzeug.serving import make_server

from handlers.demo.playground import playground_app
from handlers.demo.sandbox import LOCALHOST, Sandbox


class Demo:
    """A running demo: the sandbox (bot and emulators) and the playground's URL."""

    def __init__(self, sandbox: Sandbox, url: str) -> None:
        self.sandbox = sandbox
        self.url = url


@contextmanager
def demo_running(port: int = 0) -> Iterator[Demo]:
    """Start everything in a fresh temporary folder, yield the demo, then stop it and remove the folder."""
    folder = Path(tempfile.mkdtemp(prefix="zoombot-demo-"))
    sandbox = Sandbox(folder)
    try:
        sandbox.start()
        server = make_server(LOCALHOST, port, playground_app(sandbox), threaded=True)
        thread = threading.Thread(target=server.serve_forever, name="demo-playground", daemon=True)
        thread.start()
        try:
            yield Demo(sandbox, f"http://{LOCALHOST}:{server.server_port}/")
        finally:
            server.shutdown()
            server.server_close()
    finally:
        sandbox.close()
        shutil.rmtree(folder, ignore_errors=True)
