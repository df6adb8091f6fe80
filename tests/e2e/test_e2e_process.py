"""A stranger's run: `python bot.py` with only the documented variables, through connect, meet, expiry
and restart; then the logs, the database and the channel are searched for anything secret."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime

import pytest
import requests
from sqlalchemy import create_engine

from handlers.demo.emulators import START_URL_MARKER, SlackEmulator, ZoomEmulator
from handlers.demo.emulators.signing import signed_slash_command_headers_and_body, slash_command_form
from tests.harness import (
    SIGNING_SECRET,
    add_alice,
    bot_environment,
    bot_process,
    connect_links,
    dump_tables,
    free_port,
    open_like_a_browser,
    wait_for,
)

pytestmark = pytest.mark.slow


def _slash(url: str, slack: SlackEmulator, text: str) -> requests.Response:
    form = slash_command_form(text=text, team_id=slack.team_id, user_id="U0ALICE", channel_id="C0GENERAL",
                              response_url=slack.new_response_url())
    headers, body = signed_slash_command_headers_and_body(SIGNING_SECRET, form)
    return requests.post(f"{url}/slack/events", data=body, headers=headers, timeout=10)


def test_python_bot_py_connect_meet_expire_restart(tmp_path, database_url):
    log = tmp_path / "bot.log"
    with ZoomEmulator() as zoom, SlackEmulator() as slack:
        add_alice(zoom, slack, tz="America/Los_Angeles")
        env = bot_environment(zoom, slack, database_url, free_port(), LOG_LEVEL="DEBUG")
        if database_url.startswith("sqlite"):
            del env["TOKEN_ENCRYPTION_KEY"]  # the embedded default makes its own key file

        # The first bot is stopped (SIGTERM) as soon as Zoom has the meeting: a graceful stop must still
        # post it to the channel (asserted below). Zoom's slow answer makes sure the stop comes mid-job.
        zoom.reply_latency = 1.0
        with bot_process(env, tmp_path, log) as url:
            assert _slash(url, slack, "meet Launch review 2027-04-01 09:00").status_code == 200
            authorize = wait_for(lambda: connect_links(slack), what="connect prompt")[0]
            callback = requests.get(authorize, allow_redirects=False, timeout=10).headers["Location"]
            assert open_like_a_browser(callback).status_code == 200
            first = wait_for(lambda: zoom.meetings, what="first meeting")[0]
            assert first.start_utc == datetime(2027, 4, 1, 16, 0, tzinfo=UTC)  # 09:00 PDT

        zoom.reply_latency = 0.0
        zoom.expire_access_tokens()
        with bot_process(env, tmp_path, log) as url:  # restart: same database, same key
            assert _slash(url, slack, "meet Follow-up 2027-04-02 09:00").status_code == 200
            wait_for(lambda: len(zoom.meetings) == 2, what="meeting after restart")
        assert zoom.refresh_count == 1
        assert zoom.spent_refresh_token_uses == 0

        channel = json.dumps([m.params for m in slack.messages]) + json.dumps(
            [r.payload for r in slack.responses if r.payload.get("response_type") == "in_channel"])
        assert first.join_url in channel
        assert START_URL_MARKER not in channel

        secrets = [r.refresh_token for r in zoom.token_requests if r.refresh_token]
        secrets += [r.code for r in zoom.token_requests if r.code]
        secrets += [m.start_secret for m in zoom.meetings]
        secrets += [SIGNING_SECRET, zoom.client_secret]
        logged = log.read_text()
        assert "Traceback" not in logged
        engine = create_engine(database_url)
        stored = dump_tables(engine)
        engine.dispose()
        assert "alice@example.com" in stored
        for secret in filter(None, secrets):
            assert secret not in logged
            assert secret not in stored


def test_gunicorn_workers_share_one_postgresql(tmp_path, postgres_url):
    """The callback may land on another worker than the one that made the link: state lives in the database."""
    log = tmp_path / "gunicorn.log"
    with ZoomEmulator() as zoom, SlackEmulator() as slack:
        add_alice(zoom, slack, tz="Europe/Berlin")
        env = bot_environment(zoom, slack, postgres_url, free_port())
        # --max-requests 1: a worker is replaced after each request, so the callback can only be served by
        # another process than the one that made the link.
        # --preload: the command runner is the master's, so it outlives workers recycled at every request.
        gunicorn = [sys.executable, "-m", "gunicorn", "-w", "3", "--threads", "4", "--max-requests", "1",
                    "--preload", "-b", f"127.0.0.1:{env['PORT']}", "bot:create_app()"]
        with bot_process(env, tmp_path, log, gunicorn) as url:
            for i in range(6):  # several commands, so more than one worker takes part
                assert _slash(url, slack, "connect" if i == 0 else "status").status_code == 200
            authorize = wait_for(lambda: connect_links(slack), what="connect prompt")[0]
            callback = requests.get(authorize, allow_redirects=False, timeout=10).headers["Location"]
            pages = [open_like_a_browser(callback).status_code for _ in range(3)]
            assert sorted(pages) == [200, 400, 400]  # single-use across workers
            for i in range(6):
                assert _slash(url, slack, f"meet Standup {i} 2027-04-0{i + 1} 09:30").status_code == 200
            meetings = wait_for(lambda: len(zoom.meetings) == 6 and zoom.meetings, timeout=30, what="meetings")
        assert {m.start_utc.hour for m in meetings} == {7}  # 09:30 CEST
        assert zoom.spent_refresh_token_uses == 0
        assert "Traceback" not in log.read_text()
