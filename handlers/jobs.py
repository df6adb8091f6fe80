"""Work that happens after Slack has its ack: submitting never blocks, whatever the pool is doing."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

log = logging.getLogger(__name__)


class BackgroundJobs:
    def __init__(self, workers: int = 16):
        # ThreadPoolExecutor queues without bound, so submit() returns at once even when every
        # worker is waiting on a slow Zoom.
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="zoombot-job")
        self._pending = 0
        self._idle = threading.Condition()

    def submit(self, name: str, function: Callable[..., Any], *args: Any) -> Future:
        with self._idle:
            self._pending += 1
        future = self._pool.submit(_run, name, function, *args)
        future.add_done_callback(self._done)
        return future

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Until every job submitted so far (and any job those submit) has finished; False on timeout."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout=timeout)

    def _done(self, _future: Future) -> None:
        with self._idle:
            self._pending -= 1
            self._idle.notify_all()

    def shutdown(self, wait: bool = True) -> None:
        self._pool.shutdown(wait=wait)


def _run(name: str, function: Callable[..., Any], *args: Any) -> Any:
    try:
        return function(*args)
    except Exception:
        log.exception("background job %s failed", name)
        raise
