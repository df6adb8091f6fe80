"""Whatever dies and whenever, each acknowledged command ends in exactly one meeting or one clear answer.

Real processes: `python bot.py` killed with SIGKILL mid-burst and started again on the same database;
gunicorn with several workers sharing one token; a storm of connects against a slow Zoom token endpoint.
"""

from __future__ import annotations

import json
import os
import signal
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, text

from handlers.demo.emulators import SlackEmulator, ZoomEmulator
from handlers.demo.emulators.signing import signed_slash_command_headers_and_body, slash_command_form
from storage import ConnectionStore, Database, SlackUserKey, TokenCipher
from tests.harness import (
    SIGNING_SECRET,
    add_alice,
    bot_environment,
    bot_process_handle,
    connect_links,
    free_port,
    kill_hard,
    seed_connection,
    wait_for,
)

pytestmark = pytest.mark.slow

ALICE = "U0ALICE"
GENERAL = "C0GENERAL"
# Short leases, so that a restarted bot takes over a killed one's commands within seconds.
FAST_TAKEOVER = {"COMMAND_LEASE_SECONDS": "3"}


def _slash(url: str, slack: SlackEmulator, text: str, *, user: str = ALICE) -> requests.Response:
    form = slash_command_form(text=text, team_id=slack.team_id, user_id=user, channel_id=GENERAL,
                              response_url=slack.new_response_url(channel_id=GENERAL, user_id=user),
                              trigger_id=slack.new_trigger_id(user))
    headers, body = signed_slash_command_headers_and_body(SIGNING_SECRET, form)
    return requests.post(f"{url}/slack/events", data=body, headers=headers, timeout=10)


def _posts_by_join_url(slack: SlackEmulator) -> dict[str, int]:
    counts: dict[str, int] = {}
    for message in slack.messages:
        for url in {b["url"] for b in _buttons(message.params) if b.get("action_id") == "zoom_join"}:
            counts[url] = counts.get(url, 0) + 1
    return counts


def _buttons(params: dict) -> list[dict]:
    blocks = params.get("blocks")
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    return [e for block in blocks or [] for e in block.get("elements", []) if e.get("type") == "button"]


def _seed_alice(env: dict[str, str], zoom: ZoomEmulator, slack: SlackEmulator, *, expired: bool = False) -> None:
    db = Database(env["DATABASE_URL"])
    db.migrate()
    store = ConnectionStore(db, TokenCipher.from_setting(env["TOKEN_ENCRYPTION_KEY"]))
    seed_connection(store, zoom, SlackUserKey(team_id=slack.team_id, user_id=ALICE),
                    expires_in=timedelta(minutes=-5) if expired else timedelta(hours=1))
    db.dispose()


def _command_rows(database_url: str) -> list[tuple]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return list(connection.execute(text("SELECT id, state, step FROM commands ORDER BY id")))
    finally:
        engine.dispose()


def test_kill_9_mid_burst_then_restart_makes_every_meeting_once(tmp_path, database_url):
    log = tmp_path / "bot.log"
    with ZoomEmulator() as zoom, SlackEmulator() as slack:
        add_alice(zoom, slack)
        env = bot_environment(zoom, slack, database_url, free_port(), **FAST_TAKEOVER)
        _seed_alice(env, zoom, slack)
        zoom.reply_latency = 2.0  # Zoom takes the meeting, then answers two seconds later
        topics = [f"Burst {i:02d}" for i in range(40)]
        with bot_process_handle(env, tmp_path, log) as (url, process):
            with ThreadPoolExecutor(max_workers=10) as pool:
                acks = list(pool.map(lambda t: _slash(url, slack, f"meet {t} 2027-05-03 10:00"), topics))
            assert [a.status_code for a in acks] == [200] * 40
            wait_for(lambda: len(zoom.meetings) >= 5, timeout=30, what="the first creates at Zoom")
            kill_hard(process)  # mid-burst: creates sent to Zoom, none of their answers heard yet
        in_flight_at_zoom = len(zoom.meetings)
        assert _posts_by_join_url(slack) == {}  # nothing was posted before the kill
        assert [row for row in _command_rows(database_url) if row[1] == "pending"]  # work was left behind

        zoom.reply_latency = 0.0
        with bot_process_handle(env, tmp_path, log):
            wait_for(lambda: len(_posts_by_join_url(slack)) == 40, timeout=90, what="40 announcements")
            wait_for(lambda: all(row[1] == "done" for row in _command_rows(database_url)), timeout=30,
                     what="every command done")
        meetings = zoom.meetings
        assert sorted(m.request_body["topic"] for m in meetings) == topics  # 40 meetings, no duplicate
        posts = _posts_by_join_url(slack)
        assert set(posts) == {m.join_url for m in meetings}
        assert set(posts.values()) == {1}  # each posted once
        assert in_flight_at_zoom > 0  # some were created at Zoom before the kill, and found again after it
        assert "Traceback" not in log.read_text()


def test_a_crash_between_created_and_posted_posts_after_restart_and_creates_nothing(tmp_path, database_url):
    log = tmp_path / "bot.log"
    with ZoomEmulator() as zoom, SlackEmulator() as slack:
        add_alice(zoom, slack)
        env = bot_environment(zoom, slack, database_url, free_port(), **FAST_TAKEOVER)
        _seed_alice(env, zoom, slack)
        # Slack refuses the post for a long minute: the meeting exists at Zoom, the row says "created".
        slack.rate_limit_next(1, retry_after=60, target="chat.postMessage")
        with bot_process_handle(env, tmp_path, log) as (url, process):
            assert _slash(url, slack, "meet Crash review 2027-05-04 10:00").status_code == 200
            wait_for(lambda: zoom.meetings, what="the meeting at Zoom")
            wait_for(lambda: any(row[2] == "created" for row in _command_rows(database_url)), what="created")
            kill_hard(process)
        assert _posts_by_join_url(slack) == {}
        slack.advance_time(61)  # Slack takes posts again
        with bot_process_handle(env, tmp_path, log):
            wait_for(lambda: _posts_by_join_url(slack), timeout=30, what="the announcement")
            wait_for(lambda: _command_rows(database_url)[0][1] == "done", what="the command done")
        assert len(zoom.meetings) == 1
        assert _posts_by_join_url(slack) == {zoom.meetings[0].join_url: 1}
        assert [c.path for c in zoom.api_calls if c.method == "POST"] == ["/v2/users/me/meetings"]


@pytest.mark.parametrize(("workers", "database", "commands"), [(4, "postgresql", 100), (2, "sqlite", 30)])
def test_gunicorn_workers_share_one_expired_token(tmp_path, request, workers, database, commands):
    """4 workers on PostgreSQL, and 2 on the embedded SQLite file (correct, if slower): every command one
    meeting posted once, and the expired token refreshed once for all of them."""
    log = tmp_path / "gunicorn.log"
    database_url = (request.getfixturevalue("postgres_url") if database == "postgresql"
                    else f"sqlite:///{tmp_path}/zoombot.db")
    with ZoomEmulator() as zoom, SlackEmulator() as slack:
        add_alice(zoom, slack)
        env = bot_environment(zoom, slack, database_url, free_port())
        _seed_alice(env, zoom, slack, expired=True)
        gunicorn = [sys.executable, "-m", "gunicorn", "-w", str(workers), "--threads", "8", "-b",
                    f"127.0.0.1:{env['PORT']}", "bot:create_app()"]
        with bot_process_handle(env, tmp_path, log, gunicorn) as (url, _process):
            with ThreadPoolExecutor(max_workers=25) as pool:
                acks = list(pool.map(lambda i: _slash(url, slack, f"meet Load {i:03d} 2027-05-05 10:00"),
                                     range(commands)))
            assert [a.status_code for a in acks] == [200] * commands
            wait_for(lambda: len(_posts_by_join_url(slack)) == commands, timeout=120, what="every announcement")
        assert len(zoom.meetings) == commands
        assert len({m.request_body["topic"] for m in zoom.meetings}) == commands
        assert set(_posts_by_join_url(slack).values()) == {1}
        assert zoom.refresh_count == 1
        assert zoom.spent_refresh_token_uses == 0
        assert "Traceback" not in log.read_text()


def _ack_seconds(url: str, slack: SlackEmulator, count: int, user: str) -> list[float]:
    def one(i: int) -> float:
        started = time.monotonic()
        assert _slash(url, slack, "status", user=user).status_code == 200
        return time.monotonic() - started

    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(one, range(count)))


def _p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98]


def test_sixty_users_connecting_against_a_slow_zoom_do_not_delay_other_acks(tmp_path, database_url):
    log = tmp_path / "bot.log"
    with ZoomEmulator() as zoom, SlackEmulator() as slack:
        add_alice(zoom, slack)
        people = [f"U0USER{i:02d}" for i in range(60)]
        for person in people:
            email = f"{person.lower()}@example.com"
            zoom.add_user(email)
            slack.add_user(person, email=email)
        env = bot_environment(zoom, slack, database_url, free_port())
        _seed_alice(env, zoom, slack)  # her `/zoom status` answers are plain text, not connect links
        with bot_process_handle(env, tmp_path, log) as (url, _process):
            _ack_seconds(url, slack, 20, ALICE)  # warm up
            quiet = _ack_seconds(url, slack, 80, ALICE)
            for person in people:
                assert _slash(url, slack, "connect", user=person).status_code == 200
            links = wait_for(lambda: len(connect_links(slack)) >= 60 and connect_links(slack), timeout=60,
                             what="60 connect links")
            callbacks = []
            for link, person in zip(links, people, strict=True):
                zoom.login_as(f"{person.lower()}@example.com")
                callbacks.append(requests.get(link, allow_redirects=False, timeout=10).headers["Location"])
            zoom.token_latency = 5.0
            with ThreadPoolExecutor(max_workers=60) as browsers:
                pages = list(browsers.map(lambda callback: requests.get(callback, timeout=30), callbacks))
            # Every callback has answered (the page that follows the exchange), and Zoom has answered none of
            # the 60 exchanges: the acks below are measured while the connects wait on a slow Zoom.
            assert [page.status_code for page in pages] == [202] * 60
            busy = _ack_seconds(url, slack, 80, ALICE)
            assert not [r for r in zoom.token_requests if r.code]
        quiet_p99, busy_p99 = _p99(quiet), _p99(busy)
        print(f"ack p99 without connects {quiet_p99 * 1000:.1f} ms, with 60 connecting {busy_p99 * 1000:.1f} ms")
        # The ratio is for bench/ (a shared machine makes milliseconds noisy); what a test can hold is the fact:
        # with every connect waiting on Zoom, each ack still comes back well inside Slack's 3 s. Holding a
        # server thread per connect, 60 connects put the p99 at 8.8 s and most acks past 3 s.
        assert max(busy) < 1.5


def _runner_children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            if "handlers.app.runner_process" in Path(f"/proc/{child}/cmdline").read_bytes().decode(errors="replace"):
                found.append(int(child))
    return found


def test_a_killed_runner_process_is_replaced_and_its_command_finished(tmp_path):
    # The runner's life is the same on either database; the takeover itself is tested on both above.
    log = tmp_path / "bot.log"
    database_url = f"sqlite:///{tmp_path}/zoombot.db"
    with ZoomEmulator() as zoom, SlackEmulator() as slack:
        add_alice(zoom, slack)
        env = bot_environment(zoom, slack, database_url, free_port(), **FAST_TAKEOVER)
        _seed_alice(env, zoom, slack)
        zoom.hold_api()  # the command is in the runner's hands, waiting on Zoom
        with bot_process_handle(env, tmp_path, log) as (url, process):
            assert _slash(url, slack, "meet Orphan review 2027-05-07 10:00").status_code == 200
            [runner] = wait_for(lambda: _runner_children(process.pid), what="the runner process")
            wait_for(lambda: _command_rows(database_url)[0][2] == "creating", what="the create under way")
            os.kill(runner, signal.SIGKILL)
            zoom.release_api()
            # No other command comes: the web process notices on its own and starts a new runner.
            replacement = wait_for(lambda: [p for p in _runner_children(process.pid) if p != runner], timeout=15,
                                   what="a new runner process")
            assert replacement
            wait_for(lambda: _posts_by_join_url(slack), timeout=30, what="the announcement")
        assert len(zoom.meetings) == 1
        assert set(_posts_by_join_url(slack).values()) == {1}
