"""Observability over real sockets: /metrics moves when the bot works (one process and several gunicorn
workers), METRICS_TOKEN guards it, /readyz tells a database that is away or not migrated, and LOG_FORMAT=json
writes one parseable object a line, with the context fields and no secret.
"""

from __future__ import annotations

import json
import re
import socket
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime, timedelta

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import create_engine, text

from handlers.demo.emulators import SlackEmulator, ZoomEmulator
from handlers.demo.emulators.signing import signed_slash_command_headers_and_body, slash_command_form
from storage import NewCommand, SlackUserKey
from tests.harness import (
    SIGNING_SECRET,
    add_alice,
    bot_environment,
    bot_process,
    connect_links,
    free_port,
    open_like_a_browser,
    running_bot,
    seed_connection,
    wait_for,
)

MEETINGS_ENDPOINT = "/users/{userId}/meetings"
# A templated path of Zoom's reference: literal segments and {placeholders}, nothing else.
TEMPLATE = re.compile(r"(/([a-z_]+|\{[A-Za-z]+\}))+")


def scrape(url: str, **headers: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of /metrics, by name and labels."""
    response = requests.get(f"{url}/metrics", headers=headers, timeout=10)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("text/plain")
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(response.text) for sample in family.samples}


def value(samples: dict, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def total(samples: dict, name: str, **labels: str) -> float:
    """The sum over every sample of `name` whose labels include `labels`."""
    return sum(v for (n, sample_labels), v in samples.items()
               if n == name and set(labels.items()) <= set(sample_labels))


def _slash(url: str, slack: SlackEmulator, text: str) -> requests.Response:
    form = slash_command_form(text=text, team_id=slack.team_id, user_id="U0ALICE", channel_id="C0GENERAL",
                              response_url=slack.new_response_url())
    headers, body = signed_slash_command_headers_and_body(SIGNING_SECRET, form)
    return requests.post(f"{url}/slack/events", data=body, headers=headers, timeout=10)


@pytest.fixture
def zoom():
    with ZoomEmulator() as emulator:
        yield emulator


@pytest.fixture
def slack():
    with SlackEmulator() as emulator:
        yield emulator


def test_a_meet_moves_the_counters(zoom, slack, database_url):
    add_alice(zoom, slack)
    with running_bot(zoom, slack, database_url) as bot:
        # Connected with an access token that has run out: the meet refreshes it first.
        seed_connection(bot.services.connections, zoom, SlackUserKey(slack.team_id, "U0ALICE"),
                        expires_in=timedelta(minutes=-5))
        before = scrape(bot.url)
        assert bot.slash("meet Design review 2027-03-04 15:00").status_code == 200
        wait_for(lambda: zoom.meetings, what="the meeting at Zoom")
        bot.settle()
        after = scrape(bot.url)

    def moved(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert moved("zoombot_commands_total", kind="meet", outcome="done") == 1
    assert moved("zoombot_slack_ack_seconds_count", kind="slash_command") == 1
    assert moved("zoombot_zoom_requests_total", endpoint=MEETINGS_ENDPOINT, method="POST", status="201") == 1
    assert moved("zoombot_zoom_request_seconds_count", endpoint=MEETINGS_ENDPOINT, method="POST") == 1
    assert moved("zoombot_zoom_token_refreshes_total", grant="user", outcome="ok") == 1
    assert moved("zoombot_zoom_requests_total", endpoint="/oauth/token", method="POST", status="200") == 1
    assert value(after, "zoombot_durable_commands", state="pending") == 0
    assert ("zoombot_durable_commands", (("state", "failed"),)) in after
    # Labels are templates and fixed words: never an id, an email or a token.
    endpoints = {dict(labels)["endpoint"] for (name, labels) in after if name == "zoombot_zoom_requests_total"}
    assert MEETINGS_ENDPOINT in endpoints
    assert all(TEMPLATE.fullmatch(endpoint) for endpoint in endpoints), endpoints
    exposed = json.dumps(sorted(after))
    assert "alice" not in exposed.lower()
    assert zoom.user("alice@example.com").id not in exposed
    assert "U0ALICE" not in exposed
    assert slack.team_id not in exposed


def test_failed_and_pending_work_is_read_from_the_commands_table(zoom, slack, database_url):
    add_alice(zoom, slack)
    with running_bot(zoom, slack, database_url) as bot:
        before = scrape(bot.url)
        later = datetime.now(UTC) + timedelta(hours=1)
        for tag in ("a", "b"):  # not due for an hour: pending for now
            bot.services.runner.submit(_new_command(slack, "status", f"later-{tag}", not_before=later))
        for tag in ("c", "d", "e"):  # a kind this bot does not know: given up at once
            bot.services.runner.submit(_new_command(slack, "no_such_kind", tag))
        # The row is written failed a moment before the runner counts it: wait for both.
        settled = wait_for(lambda: [s for s in [scrape(bot.url)]
                                    if value(s, "zoombot_durable_commands", state="failed") == 3
                                    and value(s, "zoombot_commands_total", kind="unknown", outcome="unknown_kind")
                                    - value(before, "zoombot_commands_total", kind="unknown",
                                            outcome="unknown_kind") == 3],
                           what="three failed commands")[0]
    assert value(before, "zoombot_durable_commands", state="pending") == 0
    assert value(before, "zoombot_durable_commands", state="failed") == 0
    assert value(settled, "zoombot_durable_commands", state="pending") == 2
    # The kind's label is never free text: an unknown kind counts as "unknown".
    assert not any("no_such_kind" in str(labels) for (_, labels) in settled)


def _new_command(slack: SlackEmulator, kind: str, tag: str, *, not_before: datetime | None = None) -> NewCommand:
    return NewCommand(kind=kind, owner=SlackUserKey(slack.team_id, "U0ALICE"), channel_id="C0GENERAL",
                      payload={}, dedupe_key=f"observability-{tag}", not_before=not_before)


def test_metrics_token_is_asked_for(zoom, slack, tmp_path):
    token = "m3trics-T0ken-for-the-scraper"
    with running_bot(zoom, slack, f"sqlite:///{tmp_path}/zoombot.db", METRICS_TOKEN=token) as bot:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": token},
                        {"Authorization": f"Basic {token}"}, {"Authorization": f"Bearer {token}x"},
                        {"Authorization": f"Bearer{token}"}, {"Authorization": f"Bearer  {token[:-1]}"}):
            refused = requests.get(f"{bot.url}/metrics", headers=headers, timeout=10)
            assert refused.status_code == 401, headers
            assert refused.headers["WWW-Authenticate"].startswith("Bearer")
            assert "zoombot_" not in refused.text
            assert token not in refused.text
        assert scrape(bot.url, Authorization=f"Bearer {token}")  # Prometheus's `authorization: credentials`
        assert scrape(bot.url, Authorization=f"bearer {token}")  # the scheme's name is case-insensitive
        assert token not in requests.get(f"{bot.url}/metrics", headers={"Authorization": f"Bearer {token}"},
                                         timeout=10).text


def test_metrics_are_open_without_a_token(zoom, slack, tmp_path):
    with running_bot(zoom, slack, f"sqlite:///{tmp_path}/zoombot.db") as bot:
        assert ("zoombot_durable_commands", (("state", "pending"),)) in scrape(bot.url)


def test_gunicorn_workers_are_summed(tmp_path, postgres_url):
    """Each request on a fresh worker (--max-requests 1), and the commands run in the master's runner
    process: only counts summed across processes can add up."""
    log = tmp_path / "gunicorn.log"
    with ZoomEmulator() as zoom, SlackEmulator() as slack:
        add_alice(zoom, slack)
        env = bot_environment(zoom, slack, postgres_url, free_port())
        gunicorn = [sys.executable, "-m", "gunicorn", "-w", "3", "--max-requests", "1", "--preload",
                    "-b", f"127.0.0.1:{env['PORT']}", "bot:create_app()"]
        with bot_process(env, tmp_path, log, gunicorn) as url:
            for _ in range(5):
                assert _slash(url, slack, "status").status_code == 200
            done = wait_for(lambda: [s for s in (scrape(url) for _ in range(3))
                                     if value(s, "zoombot_commands_total", kind="status", outcome="done") == 5],
                            timeout=30, what="five commands counted")
            for samples in done:  # every scrape, whichever new worker answered it, tells all of them
                assert value(samples, "zoombot_slack_ack_seconds_count", kind="slash_command") == 5
        assert "Traceback" not in log.read_text()


# -- /readyz ---------------------------------------------------------------------------------------


def test_readyz_tells_a_schema_that_is_not_current(zoom, slack, database_url):
    with running_bot(zoom, slack, database_url) as bot:
        ready = requests.get(f"{bot.url}/readyz", timeout=10)
        assert ready.status_code == 200
        assert ready.json() == {"status": "ok", "database": "ok", "migrations": "current"}
        engine = create_engine(database_url)
        try:
            with engine.begin() as connection:  # as a database an older deploy migrated
                current = connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
                connection.execute(text("UPDATE alembic_version SET version_num = '0005'"))
            behind = requests.get(f"{bot.url}/readyz", timeout=10)
            with engine.begin() as connection:  # never migrated at all
                connection.execute(text("DELETE FROM alembic_version"))
            empty = requests.get(f"{bot.url}/readyz", timeout=10)
            with engine.begin() as connection:
                connection.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": current})
            again = requests.get(f"{bot.url}/readyz", timeout=10)
        finally:
            engine.dispose()
        live = requests.get(f"{bot.url}/healthz", timeout=10)
    for response in (behind, empty):
        assert response.status_code == 503
        assert response.json() == {"status": "unavailable", "database": "ok", "migrations": "not current"}
    assert again.status_code == 200
    assert live.status_code == 200  # liveness: the process and its database are fine, it is not ready


def test_readyz_on_sqlite_that_cannot_be_read(zoom, slack, tmp_path):
    database = tmp_path / "zoombot.db"
    with running_bot(zoom, slack, f"sqlite:///{database}") as bot:
        assert requests.get(f"{bot.url}/readyz", timeout=10).status_code == 200
        bot.settle()
        bot.services.db.dispose()
        database.write_bytes(b"this is not an SQLite database at all" * 200)
        # The runner may have opened the file again since: its write-ahead log would still hold a good first
        # page, and a reader would find the database through it.
        for sidecar in ("-wal", "-shm"):
            database.with_name(database.name + sidecar).unlink(missing_ok=True)
        response = requests.get(f"{bot.url}/readyz", timeout=10)
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


@contextmanager
def _tcp_relay(target_port: int) -> Iterator[tuple[int, threading.Event]]:
    """A TCP relay to 127.0.0.1:target_port; setting the event cuts every connection and refuses new ones."""
    listener = socket.create_server(("127.0.0.1", 0))
    cut = threading.Event()
    sockets: list[socket.socket] = [listener]

    def pipe(source: socket.socket, sink: socket.socket) -> None:
        with suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        for end in (source, sink):
            with suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def accept() -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            if cut.is_set():
                client.close()
                continue
            server = socket.create_connection(("127.0.0.1", target_port))
            sockets.extend((client, server))
            threading.Thread(target=pipe, args=(client, server), daemon=True).start()
            threading.Thread(target=pipe, args=(server, client), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()

    def on_cut() -> None:
        cut.wait()
        for connection in sockets[1:]:
            with suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    threading.Thread(target=on_cut, daemon=True).start()
    try:
        yield listener.getsockname()[1], cut
    finally:
        cut.set()
        listener.close()


def test_readyz_on_postgresql_that_is_away(zoom, slack, postgres_url):
    from sqlalchemy.engine import make_url

    url = make_url(postgres_url)
    with _tcp_relay(url.port or 5432) as (port, cut):
        relayed = url.set(host="127.0.0.1", port=port).render_as_string(hide_password=False)
        with running_bot(zoom, slack, relayed) as bot:
            assert requests.get(f"{bot.url}/readyz", timeout=10).status_code == 200
            cut.set()
            response = requests.get(f"{bot.url}/readyz", timeout=30)
            live = requests.get(f"{bot.url}/healthz", timeout=30)
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable", "migrations": "unknown"}
    assert live.status_code == 503


# -- LOG_FORMAT=json -------------------------------------------------------------------------------


def test_json_logs_parse_carry_the_context_and_no_secret(tmp_path, database_url):
    log = tmp_path / "bot.log"
    with ZoomEmulator() as zoom, SlackEmulator() as slack:
        add_alice(zoom, slack)
        metrics_token = "M3tricsT0kenNeverLogged"
        env = bot_environment(zoom, slack, database_url, free_port(), LOG_FORMAT="json", LOG_LEVEL="DEBUG",
                              METRICS_TOKEN=metrics_token)
        with bot_process(env, tmp_path, log) as url:  # the runner in a process of its own, logging too
            assert _slash(url, slack, "meet Launch review 2027-04-01 09:00").status_code == 200
            authorize = wait_for(lambda: connect_links(slack), what="connect prompt")[0]
            callback = requests.get(authorize, allow_redirects=False, timeout=10).headers["Location"]
            assert open_like_a_browser(callback).status_code == 200
            wait_for(lambda: zoom.meetings, what="the meeting")
            zoom.expire_access_tokens()
            assert _slash(url, slack, "meet Follow-up 2027-04-02 09:00").status_code == 200
            wait_for(lambda: len(zoom.meetings) == 2, what="the second meeting")
            assert requests.get(f"{url}/metrics", headers={"Authorization": f"Bearer {metrics_token}"},
                                timeout=10).status_code == 200

        lines = [line for line in log.read_text().splitlines() if line.strip()]
        records = [json.loads(line) for line in lines]  # every line, whoever wrote it, is one object
        secrets = [r.refresh_token for r in zoom.token_requests if r.refresh_token]
        secrets += [r.code for r in zoom.token_requests if r.code]
        secrets += list(zoom._access_tokens)
        secrets += [m.start_secret for m in zoom.meetings]
        secrets += [SIGNING_SECRET, zoom.client_secret, slack.bot_token, metrics_token, env["TOKEN_ENCRYPTION_KEY"]]

    assert all({"time", "level", "logger", "message"} <= set(record) for record in records)
    zoom_creates = [r for r in records
                    if r.get("zoom_endpoint") == MEETINGS_ENDPOINT and r.get("zoom_method") == "POST"]
    # The second meet's first try met the expired token (401), then went again after the refresh.
    assert sorted(r["zoom_status"] for r in zoom_creates) == [201, 201, 401]
    for record in zoom_creates:  # where the Zoom client answered, inside the durable command's run
        assert isinstance(record["duration_ms"], int)
        assert record["command"] == "meet"
        assert isinstance(record["command_id"], int)
        assert record["team"] == slack.team_id
        assert record["user"] == "U0ALICE"
    assert len({r["command_id"] for r in zoom_creates}) == 2
    assert any(r.get("zoom_endpoint") == "/oauth/token" for r in records)
    during_ack = [r for r in records if r.get("command") == "/zoom" and r.get("team") == slack.team_id]
    assert during_ack, "nothing logged while Bolt handled the slash command"
    logged = "\n".join(lines)
    for secret in filter(None, secrets):
        assert secret not in logged
