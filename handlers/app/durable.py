"""Work after the ack, made durable: every command is a row (storage.commands) before Slack has its ack, and
this runner claims the rows, runs them and writes back how each ended.

Each process runs one runner: a poller that claims due rows (woken at once by commands this process
received, and every `POLL_SECONDS` for the rest: other workers' rows, retries that are due, rows whose
claimer died), a pool of worker threads that run them, and a heartbeat that renews the leases of the rows
in hand. A process killed outright stops renewing; once the lease lapses another process (or this one,
restarted) claims the row and resumes it from its last recorded step.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any, Generic, TypeVar, cast

from slack_sdk import WebClient
from sqlalchemy.exc import OperationalError

from handlers.app import metrics
from handlers.app.log_context import about
from handlers.slack.origin import CommandOrigin
from storage import CommandStore, LeaseLost, NewCommand, StoredCommand
from storage.meetings import MeetingRecord

log = logging.getLogger(__name__)

POLL_SECONDS = 0.5
# Slack's response_url takes answers for 30 minutes; past that a command that has not started is given up.
RESPONSE_URL_LIFETIME = timedelta(minutes=30)
KEEP_FINISHED = timedelta(days=1)
WATCH_SECONDS = 1.0
SWEEP_EVERY_SECONDS = 600


class RetryLater(Exception):
    """Not now, and not a failure: run the command again in `seconds`, from the step it has reached."""

    def __init__(self, seconds: float, reason: str):
        super().__init__(reason)
        self.seconds = max(0.0, seconds)
        self.reason = reason


class Job:
    """One claimed command as a flow sees it: who and where, its arguments, and the steps it has behind it."""

    def __init__(self, runner: CommandRunner, stored: StoredCommand):
        self._runner = runner
        self._stored = stored
        self.step = stored.step
        self.result = stored.result
        self.release_dedupe = False
        self._client: WebClient | None = None

    @property
    def id(self) -> int:
        return self._stored.id

    @property
    def kind(self) -> str:
        return self._stored.kind

    @property
    def stored(self) -> StoredCommand:
        return self._stored

    @property
    def payload(self) -> dict[str, Any]:
        return self._stored.payload

    @property
    def attempts(self) -> int:
        return self._stored.attempts

    @property
    def marker(self) -> str:
        return self._stored.marker

    @property
    def received_at(self) -> datetime:
        return self._stored.received_at

    @property
    def read_at(self) -> datetime:
        """The moment the user's words refer to: when they were first received, even if this is a retry."""
        raw = self.payload.get("read_at")
        if isinstance(raw, str):
            try:
                return datetime.fromisoformat(raw)
            except ValueError:
                pass
        return self.received_at

    @property
    def stale(self) -> bool:
        """Too old for the command's response_url: answers go by direct message."""
        return datetime.now(UTC) - self.received_at > RESPONSE_URL_LIFETIME

    @property
    def origin(self) -> CommandOrigin:
        return CommandOrigin.from_dict(self.payload.get("origin") or {})

    @property
    def client(self) -> WebClient:
        if self._client is None:
            self._client = self._runner.slack_client_for(self.origin)
        return self._client

    def advance(self, step: str, *, result: dict[str, Any] | None = None, zoom_meeting_id: int | None = None,
                posted: MeetingRecord | None = None) -> None:
        """Record that `step` is done (and what it produced) before going on."""
        self._runner.store.save_step(self.id, self._runner.owner, step, result=result,
                                     zoom_meeting_id=zoom_meeting_id, posted=posted)
        self.step = step
        if result is not None:
            self.result = result


# What every flow is handed besides its job: the bot's parts (handlers.app.services.Services). The runner
# only passes it along, so it does not need to know its type.
C = TypeVar("C")


@dataclass(frozen=True)
class Work(Generic[C]):
    """How to run one kind of command, and what to do when it cannot be done."""

    run: Callable[[C, Job], None]
    give_up: Callable[[C, Job, str], None] | None = None
    # Unexpected failures are retried (1, 2, 4 ... seconds apart) this many times in all.
    max_attempts: int = 4
    # Answered through Slack's response_url: not started within its 30 minutes, the command is given up.
    expires: bool = True
    # Given up before anything happened, its dedupe key is freed, so that the same click may come again.
    release_key_on_give_up: bool = False


class CommandSink:
    """Where listeners hand commands over: stored (the ack path's one write), then a runner is woken."""

    store: CommandStore

    def submit(self, command: NewCommand) -> int | None:
        """The new command's id; None for a duplicate (a retried delivery, a second click)."""
        command_id = self.store.add(command)
        if command_id is not None:
            self.wake()
        return command_id

    def wake(self) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError


class CommandRunner(CommandSink, Generic[C]):
    def __init__(self, store: CommandStore, *, workers: int, lease: timedelta,
                 slack_client_for: Callable[[CommandOrigin], WebClient]):
        self.store = store
        self.owner = f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"
        self.slack_client_for = slack_client_for
        self._workers = workers
        self._lease = lease
        self._kinds: dict[str, Work[C]] = {}
        self._context: C  # set by start(), before anything is claimed
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="zoombot-work")
        self._in_hand: set[int] = set()
        self._guard = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._last_sweep = 0.0

    # -- wiring --------------------------------------------------------------------------------------

    def start(self, context: C, kinds: Mapping[str, Work[C]]) -> None:
        """Begin claiming. `context` is handed to every flow (the bot's services)."""
        self._context = context
        self._kinds = dict(kinds)
        for name, target in (("zoombot-claim", self._claim_loop), ("zoombot-lease", self._heartbeat_loop)):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)
        # The hook concurrent.futures itself uses to finish its work at exit; ours runs before its own.
        register_at_exit = getattr(threading, "_register_atexit", None)
        if register_at_exit is not None:
            register_at_exit(self._stop_claiming)

    def wake(self) -> None:
        """Look for due commands now."""
        self._wake.set()

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Until no command is pending anywhere and none is in this process's hands; False on timeout."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._guard:
                busy = bool(self._in_hand)
            if not busy and self.store.unfinished() == 0:
                return True
            self._wake.set()
            time.sleep(0.02)
        return False

    def close(self) -> None:
        """Stop claiming, and let the commands in hand run to their end (a graceful stop loses nothing)."""
        self._stopping.set()
        self._wake.set()
        self._pool.shutdown(wait=True)
        for thread in self._threads:
            thread.join(timeout=5)

    # -- claiming ------------------------------------------------------------------------------------

    def _claim_loop(self) -> None:
        # Claim first, then wait: a freshly started process takes over what is due before its first request.
        while not self._stopping.is_set():
            try:
                self._claim_what_fits()
                self._sweep_now_and_then()
            except Exception:  # the database is away: try again at the next poll
                log.warning("claiming commands failed; retrying", exc_info=True)
                time.sleep(POLL_SECONDS)
            self._wake.wait(POLL_SECONDS)
            self._wake.clear()

    def _stop_claiming(self) -> None:
        """At interpreter exit (a gunicorn worker recycled, a stop), before the worker threads are joined:
        claim nothing more, and let a claim under way reach the pool, whose threads then finish it."""
        self._stopping.set()
        self._wake.set()
        for thread in self._threads:
            if thread.name == "zoombot-claim":
                thread.join(timeout=10)

    def _claim_what_fits(self) -> None:
        while not self._stopping.is_set():
            with self._guard:
                free = self._workers - len(self._in_hand)
            if free <= 0 or not self.store.has_claimable():
                return
            claimed = self.store.claim(free, self.owner, self._lease)
            for position, command in enumerate(claimed):
                with self._guard:
                    self._in_hand.add(command.id)
                try:
                    self._pool.submit(self._run, command)
                except RuntimeError:
                    # The interpreter is shutting down (a gunicorn worker recycled, a stop): hand the rest
                    # back at once rather than let them wait for the lease to lapse.
                    self._hand_back(claimed[position:])
                    self._stopping.set()
                    return
            if len(claimed) < free:
                return

    def _hand_back(self, commands: list[StoredCommand]) -> None:
        for command in commands:
            with self._guard:
                self._in_hand.discard(command.id)
            self.store.postpone(command.id, self.owner, datetime.now(UTC), outcome="handed back at shutdown")

    def _sweep_now_and_then(self) -> None:
        if time.monotonic() - self._last_sweep < SWEEP_EVERY_SECONDS:
            return
        self._last_sweep = time.monotonic()
        removed = self.store.forget_finished(KEEP_FINISHED)
        if removed:
            log.info("forgot %d finished commands", removed)

    def _heartbeat_loop(self) -> None:
        interval = self._lease.total_seconds() / 3
        while True:
            self._stopping.wait(interval)  # returns early on stop: then beat on until the hands are empty
            with self._guard:
                ids = sorted(self._in_hand)
            if not ids:
                if self._stopping.is_set():
                    return
                continue
            try:
                self.store.renew(ids, self.owner, self._lease)
            except Exception:
                log.warning("renewing command leases failed", exc_info=True)
            if self._stopping.is_set():
                time.sleep(min(interval, 1.0))

    # -- running -------------------------------------------------------------------------------------

    def _run(self, command: StoredCommand) -> None:
        job = Job(self, command)
        started = time.monotonic()
        try:
            # Every line logged while this command runs (the bot's, Slack's and Zoom's clients') names it.
            with about(command=command.kind, command_id=command.id, team=command.owner.team_id,
                       user=command.owner.user_id):
                self._run_job(job)
        except LeaseLost:
            log.warning("command %s was taken over by another worker; leaving it to them", command.id)
        except Exception:
            log.exception("command %s (%s): could not record its outcome", command.id, command.kind)
        finally:
            with self._guard:
                self._in_hand.discard(command.id)
            self._wake.set()  # a worker is free: claim the next one
            log.debug("command %s (%s) took %.3f s", command.id, command.kind, time.monotonic() - started)

    def _run_job(self, job: Job) -> None:
        work = self._kinds.get(job.kind)
        if work is None:
            log.error("command %s has an unknown kind %r; giving up", job.id, job.kind)
            self.store.finish(job.id, self.owner, failed=True, outcome="unknown kind")
            metrics.command_ended("unknown", "unknown_kind")  # not its kind: a label is never free text
            return
        if work.expires and job.stale and job.step == "received":
            self._give_up(work, job, "the bot was not running for a while, and the command waited too long")
            metrics.command_ended(job.kind, "expired")
            return
        try:
            work.run(self._context, job)
        except RetryLater as later:
            log.info("command %s (%s) postponed %.1f s: %s", job.id, job.kind, later.seconds, later.reason)
            self.store.postpone(job.id, self.owner, datetime.now(UTC) + timedelta(seconds=later.seconds),
                                outcome=later.reason)
            metrics.command_ended(job.kind, "postponed")
            return
        except LeaseLost:
            raise
        except OperationalError:
            # The database is away: nothing can be recorded now, and a failure it caused is no reason to give
            # up. The row keeps our lease; once it lapses, a runner takes the command up again.
            log.warning("command %s (%s): the database is unavailable; it resumes later", job.id, job.kind)
            metrics.command_ended(job.kind, "database_unavailable")
            return
        except Exception as error:
            if job.attempts < work.max_attempts and not (work.expires and job.stale):
                delay = 2.0 ** (job.attempts - 1)
                log.warning("command %s (%s) failed (%s); attempt %d of %d again in %.0f s", job.id, job.kind,
                            type(error).__name__, job.attempts + 1, work.max_attempts, delay, exc_info=True)
                self.store.postpone(job.id, self.owner, datetime.now(UTC) + timedelta(seconds=delay),
                                    outcome=type(error).__name__)
                metrics.command_ended(job.kind, "retried")
                return
            log.exception("command %s (%s) failed for good", job.id, job.kind)
            self._give_up(work, job, "something went wrong on my side")
            metrics.command_ended(job.kind, "failed")
            return
        self.store.finish(job.id, self.owner, result=_public(job.result), release_dedupe=job.release_dedupe)
        metrics.command_ended(job.kind, "done")

    def _give_up(self, work: Work[C], job: Job, reason: str) -> None:
        if work.give_up is not None:
            try:
                work.give_up(self._context, job, reason)
            except Exception:
                log.warning("could not tell the user that command %s was given up", job.id, exc_info=True)
        self.store.finish(job.id, self.owner, failed=True, outcome=reason, result=_public(job.result),
                          release_dedupe=work.release_key_on_give_up and job.step == "received")


# What a finished row keeps of its result: never the host's start link or the passcode.
HOST_ONLY = ("start_url", "passcode")


def _public(result: dict[str, Any] | None) -> dict[str, Any] | None:
    if result is None:
        return None
    return {key: value for key, value in result.items() if key not in HOST_ONLY}


class RunnerProcess(CommandSink):
    """The web side of a runner in a process of its own (handlers/app/runner_process.py, started beside this one).

    `submit` stores the command and writes one byte down the child's stdin to wake it at once. The pipe is
    also its lifeline: when this process ends (a stop, a recycled gunicorn worker, a crash), the child reads
    end-of-file, claims nothing more, finishes what it holds and exits. A child that died is started again
    at the next submit; meanwhile other processes' runners pick its commands up when its leases lapse.
    """

    def __init__(self, store: CommandStore):
        self.store = store
        self._guard = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        # Under gunicorn --preload the master starts the runner and the workers it forks inherit this object:
        # they may wake the runner, but only the process that started it restarts or stops it.
        self._owner_pid = os.getpid()
        self._start()
        self._watchdog = threading.Thread(target=self._watch, name="zoombot-runner-watch", daemon=True)
        self._watchdog.start()
        register_at_exit = getattr(threading, "_register_atexit", None)
        if register_at_exit is not None:
            register_at_exit(self.close)

    def _watch(self) -> None:
        """A runner that died is started again within a second, not at the next command."""
        while True:
            time.sleep(WATCH_SECONDS)
            if os.getpid() != self._owner_pid:
                return  # a forked worker's copy of this thread does not exist; this one is the owner's
            with self._guard:
                if self._process is None:
                    return
                if self._process.poll() is not None:
                    log.warning("the command runner process exited (%s); starting it again",
                                self._process.returncode)
                    self._start()

    def _start(self) -> None:
        package_root = str(package_root_dir())
        path = os.environ.get("PYTHONPATH", "")
        env = {**os.environ, "PYTHONPATH": f"{package_root}{os.pathsep}{path}" if path else package_root}
        self._process = subprocess.Popen([sys.executable, "-m", "handlers.app.runner_process"],
                                         stdin=subprocess.PIPE, env=env)
        os.set_blocking(_stdin(self._process).fileno(), False)  # a full pipe already means "awake"

    def wake(self) -> None:
        with self._guard:
            if self._process is None:
                return  # closed: this process is stopping
            if os.getpid() == self._owner_pid and self._process.poll() is not None:
                log.warning("the command runner process exited (%s); starting it again", self._process.returncode)
                self._start()
            try:
                os.write(_stdin(self._process).fileno(), b".")
            except BlockingIOError:
                pass  # the pipe is full of wake-ups the runner has yet to read
            except OSError as error:
                log.warning("could not wake the command runner: %s", type(error).__name__)

    def close(self, timeout: float = 60.0) -> None:
        """Let the runner finish what it holds, then stop it."""
        with self._guard:
            process, self._process = self._process, None
        if process is None:
            return
        with contextlib.suppress(OSError):
            _stdin(process).close()
        if os.getpid() != self._owner_pid:
            return  # a forked worker: the runner belongs to the process that started it
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            log.warning("the command runner did not finish in %.0f s; its commands resume elsewhere", timeout)
            process.kill()


def _stdin(process: subprocess.Popen[bytes]) -> IO[bytes]:
    # The runner is always started with stdin=PIPE, so its stdin is there; typeshed types it Optional because
    # that depends on the arguments, hence the cast.
    return cast("IO[bytes]", process.stdin)


def package_root_dir() -> Path:
    """The folder that holds the `handlers` package, so that the runner process imports this very code from
    any working directory, installed or not (a service manager may start the bot from `/`)."""
    return Path(__file__).resolve().parents[len(__name__.split(".")) - 1]
