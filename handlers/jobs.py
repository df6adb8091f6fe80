"""Work that happens after Slack has its ack: submitting never blocks, whatever the pool is doing."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

log = logging.getLogger(__name__)


class BackgroundJobs:
    def __init__(self, workers: int = 16):
        # ThreadPoolExecutor queues without bound, so submit() returns at once even when every
        # worker is waiting on a slow Zoom.
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="zoombot-job")

    def submit(self, name: str, function: Callable[..., Any], *args: Any) -> Future:
        return self._pool.submit(_run, name, function, *args)

    def shutdown(self, wait: bool = True) -> None:
        self._pool.shutdown(wait=wait)


def _run(name: str, function: Callable[..., Any], *args: Any) -> Any:
    try:
        return function(*args)
    except Exception:
        log.exception("background job %s failed", name)
        raise
