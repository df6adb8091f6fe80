"""LOG_FORMAT=json: one JSON object a line, with the context of `about(...)` and a record's extras, and never a
secret: log_safety's redaction runs over every field, the traceback included."""

from __future__ import annotations

import io
import json
import logging
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from handlers.app.log_context import JsonLines, about, current, slack_fields
from handlers.app.log_safety import REDACTED, redact
from tests.log_probe import FORMS, LEVELS, LOGGERS, SECRET_PARTS, SECRETS

ROOT = Path(__file__).resolve().parents[3]


def test_every_line_of_every_library_is_json_and_holds_no_secret():
    """The log probe (tests/log_probe.py) with LOG_FORMAT=json: every form of every secret, by child loggers
    of every library at every level, tracebacks included, in a fresh interpreter set up as bot.py does."""
    run = subprocess.run([sys.executable, "-m", "tests.log_probe", "json"], cwd=ROOT, capture_output=True,
                         text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    records = [json.loads(line) for line in run.stderr.splitlines()]  # every line is one object
    leaked = {kind for kind, value in SECRET_PARTS.items() if value in run.stderr}
    assert leaked == set()
    tags = {match[1] for record in records if (match := re.match(r"case (forced/[\w.]+/\w+/\w+): ",
                                                                  record["message"]))}
    expected = {f"forced/{name}/{logging.getLevelName(level)}/{case}" for name in LOGGERS for level in LEVELS
                for case in [*map(str, range(len(FORMS))), "exception"]}
    assert expected <= tags, sorted(expected - tags)[:5]  # nothing was dropped to get there
    failures = [r for r in records if r["message"].endswith("the exchange failed")]
    assert failures
    assert all("code=[redacted]" in r["exc_info"] and "RuntimeError" in r["exc_info"] for r in failures)
    assert {"time", "level", "logger", "message"} <= set(records[0])


def _json_logger() -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLines(redact, REDACTED))
    logger = logging.getLogger(f"test_log_context.{threading.get_ident()}")
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    return logger, stream


def _lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_the_context_is_carried_nested_and_dropped_after_the_block():
    logger, stream = _json_logger()
    with about(team="T1", user="U1"):
        logger.info("outer")
        with about(command="meet", command_id=42):
            logger.info("inner %s", "arg", extra={"zoom_endpoint": "/users/{userId}/meetings", "zoom_status": 201,
                                                   "duration_ms": 12})
        logger.info("outer again")
    logger.info("outside")
    outer, inner, again, outside = _lines(stream)
    assert outer["team"] == "T1"
    assert outer["user"] == "U1"
    assert "command" not in outer
    assert inner["message"] == "inner arg"
    assert inner["command"] == "meet"
    assert inner["command_id"] == 42
    assert inner["team"] == "T1"
    assert inner["zoom_status"] == 201
    assert inner["zoom_endpoint"] == "/users/{userId}/meetings"
    assert "command_id" not in again
    assert "team" not in outside
    assert current() == {}


def test_a_thread_does_not_see_another_threads_context():
    seen: list[object] = []
    with about(team="T1"):
        thread = threading.Thread(target=lambda: seen.append(dict(current())))
        thread.start()
        thread.join()
    assert seen == [{}]


def test_only_known_fields_may_be_context():
    with pytest.raises(ValueError, match="token"), about(token="xoxb-1"):  # type: ignore[arg-type]
        pass


def test_extras_named_like_secrets_and_secret_values_are_redacted():
    logger, stream = _json_logger()
    logger.info("hello", extra={"access_token": "QWNjZXNzT3BhcXVlU2VjcmV0VmFsdWU", "url": SECRETS["start_url"],
                                "body": {"refresh_token": SECRETS["opaque refresh token"]}})
    (line,) = _lines(stream)
    assert line["access_token"] == REDACTED
    assert "zak" not in line["url"] or REDACTED in line["url"]
    text = stream.getvalue()
    for secret in ("QWNjZXNzT3BhcXVlU2VjcmV0VmFsdWU", SECRETS["opaque refresh token"], SECRETS["zak"]):
        assert secret not in text


def test_slack_fields_from_each_kind_of_body():
    assert slack_fields({"command": "/zoom", "team_id": "T1", "user_id": "U1", "text": "meet"}) == \
        {"team": "T1", "user": "U1", "command": "/zoom"}
    assert slack_fields({"type": "block_actions", "team": {"id": "T1"}, "user": {"id": "U1", "name": "a"}}) == \
        {"team": "T1", "user": "U1", "command": "block_actions"}
    assert slack_fields({"type": "event_callback", "team_id": "T1", "event": {"type": "app_home_opened",
                                                                             "user": "U1"}}) == \
        {"team": "T1", "user": "U1", "command": "event_callback"}
    assert slack_fields({"team": ["odd"], "user": 5}) == {}
