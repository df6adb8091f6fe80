"""The bot's Prometheus metrics (prometheus-client), counted in every process of the bot and summed at scrape.

What is counted where:
- commands by kind and outcome, where durable work finishes (handlers/app/durable.py);
- Zoom calls by endpoint template, method and status, with their latency, where Zoom's HTTP client answers
  (zoom/ tells its observers, zoom._http.observe_calls; it knows nothing of Prometheus);
- token refreshes and their failures, in the token sources (handlers/app/zoom_tokens.py);
- the ack's latency, around Bolt's handling of Slack's request (handlers/app/web.py);
- pending and failed durable work, read from the commands table when /metrics is scraped.

Why multiprocess mode always: the commands run in a runner process beside each web process, and gunicorn
runs several web processes, so no one process holds the counts. Every process writes its own files in one
folder, PROMETHEUS_MULTIPROC_DIR, and /metrics sums them. When the variable is not set, the first process that
enables metrics (`python bot.py`, or gunicorn's master with --preload) makes a fresh folder, passes it on to
every process it starts through the environment, and removes it when it exits. A folder set by hand must be
empty when the bot starts (prometheus-client's rule): counters are since that start.

Labels are small fixed sets: a command's kind, an endpoint's template (/users/{userId}/meetings), an HTTP
status. Never a team, a user, an id, an email or a token.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from zoom import ZoomCall, observe_calls

if TYPE_CHECKING:
    from prometheus_client.metrics_core import Metric

    from storage import CommandStore

log = logging.getLogger(__name__)

MULTIPROC_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
# Slack waits 3 s for an ack: the buckets are finest below that.
ACK_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0)
ZOOM_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0)
# What a command's outcome label may be (durable.py names them).
OUTCOMES = ("done", "failed", "retried", "postponed", "expired", "unknown_kind", "database_unavailable")


class _Metrics:
    def __init__(self) -> None:
        from prometheus_client import Counter, Histogram

        self.commands = Counter("zoombot_commands", "Durable commands that ended a run, by kind and outcome "
                                "(done, failed: given up, retried: failed and retried later, postponed: waits "
                                "for something, expired: too old to run...)", ["kind", "outcome"])
        self.zoom_requests = Counter("zoombot_zoom_requests", "Calls to Zoom's API and OAuth server, by endpoint "
                                     "template, method and HTTP status (none: no answer)",
                                     ["endpoint", "method", "status"])
        self.zoom_seconds = Histogram("zoombot_zoom_request_seconds", "How long Zoom took to answer, by endpoint "
                                      "template and method", ["endpoint", "method"], buckets=ZOOM_BUCKETS)
        self.token_refreshes = Counter("zoombot_zoom_token_refreshes", "Zoom access tokens refreshed (user grants) "
                                       "or fetched (the account's), by grant and outcome (ok, revoked, failed)",
                                       ["grant", "outcome"])
        self.ack_seconds = Histogram("zoombot_slack_ack_seconds", "From Slack's request reaching the bot to its "
                                     "answer (the ack), by kind of request", ["kind"], buckets=ACK_BUCKETS)


_metrics: _Metrics | None = None
_enable_lock = threading.Lock()


def enable() -> None:
    """Count from now on in this process (idempotent). Called where the bot starts: create_app, the runner."""
    global _metrics
    with _enable_lock:
        if _metrics is not None:
            return
        folder = os.environ.get(MULTIPROC_VARIABLE) or os.environ.get(MULTIPROC_VARIABLE.lower())
        if not folder:
            if _gunicorn_worker_without_preload():
                log.warning("%s is not set and gunicorn runs without --preload: each worker makes its own "
                            "metrics folder, so /metrics shows one worker's counts. Set %s to a folder every "
                            "worker shares, or start gunicorn with --preload (README, \"Several workers\").",
                            MULTIPROC_VARIABLE, MULTIPROC_VARIABLE)
            folder = tempfile.mkdtemp(prefix="zoombot-metrics-")
            os.environ[MULTIPROC_VARIABLE] = folder  # every process started from here on counts into it
            atexit.register(_remove_own_folder, folder, os.getpid())
        os.makedirs(folder, exist_ok=True)
        from prometheus_client import values

        if values.ValueClass is values.MutexValue:
            # prometheus-client chooses its value class when first imported: if something imported it before
            # the folder was known, choose again, now that it is.
            values.ValueClass = values.get_value_class()
        _metrics = _Metrics()
        observe_calls(_zoom_call)


def _gunicorn_worker_without_preload() -> bool:
    # With --preload the app is made in gunicorn's master before it forks: the folder made here is inherited.
    if "gunicorn" not in sys.modules:
        return False
    arguments = [*sys.argv, *os.environ.get("GUNICORN_CMD_ARGS", "").split()]
    return not any(argument in ("--preload", "--preload-app") for argument in arguments)


def _remove_own_folder(folder: str, creator: int) -> None:
    if os.getpid() == creator:  # not in gunicorn's workers, which inherit this hook from the master
        shutil.rmtree(folder, ignore_errors=True)


def command_ended(kind: str, outcome: str) -> None:
    if _metrics is not None:
        _metrics.commands.labels(kind=kind, outcome=outcome).inc()


def token_refreshed(grant: str, outcome: str) -> None:
    if _metrics is not None:
        _metrics.token_refreshes.labels(grant=grant, outcome=outcome).inc()


def acked(kind: str, seconds: float) -> None:
    if _metrics is not None:
        _metrics.ack_seconds.labels(kind=kind).observe(seconds)


_zoom_log = logging.getLogger("zoombot.zoom")


def _zoom_call(call: ZoomCall) -> None:
    status = str(call.status) if call.status is not None else "none"
    if _metrics is not None:
        _metrics.zoom_requests.labels(endpoint=call.endpoint, method=call.method, status=status).inc()
        _metrics.zoom_seconds.labels(endpoint=call.endpoint, method=call.method).observe(call.seconds)
    milliseconds = round(call.seconds * 1000)
    _zoom_log.info("Zoom %s %s answered %s in %d ms", call.method, call.endpoint, status, milliseconds,
                   extra={"zoom_endpoint": call.endpoint, "zoom_method": call.method,
                          "zoom_status": call.status, "duration_ms": milliseconds})


class DurableWork:
    """A collector read at scrape time: how many durable commands are pending and how many failed (the
    failed ones are kept a day, see durable.KEEP_FINISHED). Counted in the database, so every process that
    answers /metrics tells the same."""

    STATES = ("pending", "failed")

    def __init__(self, store: CommandStore):
        self._store = store

    def collect(self) -> Iterable[Metric]:
        from prometheus_client.core import GaugeMetricFamily

        gauge = GaugeMetricFamily("zoombot_durable_commands", "Durable commands in the database by state "
                                  "(pending: not finished yet; failed: given up, kept a day)", labels=["state"])
        try:
            counts: Mapping[str, int] = self._store.counts()
        except Exception:  # the database is away: say nothing rather than zero, and let the scrape go on
            log.warning("could not count durable commands for /metrics", exc_info=True)
            return
        for state in self.STATES:
            gauge.add_metric([state], counts.get(state, 0))
        yield gauge


def exposition(store: CommandStore, accept: str | None = None) -> tuple[bytes, str]:
    """The body and content type of a scrape: every process's counts summed, and the durable work."""
    enable()
    from prometheus_client import CollectorRegistry
    from prometheus_client.exposition import choose_encoder
    from prometheus_client.multiprocess import MultiProcessCollector

    registry = CollectorRegistry()
    MultiProcessCollector(registry)
    registry.register(DurableWork(store))  # type: ignore[arg-type]  # a Collector is anything with collect()
    encoder, content_type = choose_encoder(accept or "")
    return encoder(registry), content_type
