"""No log line carries a secret: whichever logger writes it (child loggers of any library included), at any
level, whoever set up the handlers (the bot, gunicorn, a logging config) and whenever."""

from __future__ import annotations

import io
import logging
import re
import subprocess
import sys
from urllib.error import URLError

import pytest
from slack_sdk.webhook import WebhookClient

from handlers.app.log_safety import RedactSecrets, keep_secrets_out_of_logs, redact
from tests.harness import ROOT, free_port
from tests.log_probe import FORMS, LEVELS, LOGGERS, SECRET_PARTS, SECRETS

TOKEN = SECRETS["bot token"]


@pytest.fixture(autouse=True)
def _safe_logs():
    keep_secrets_out_of_logs()


def test_bolts_failed_oauth_exchange_does_not_log_the_code(caplog):
    caplog.set_level(logging.DEBUG)
    logging.getLogger("slack_bolt").warning(
        "Failed to fetch oauth.v2.access result with code: 12345.67890.abcdef - error: invalid_code")
    logging.getLogger("slack_bolt").warning("token xoxb-1-2-secret and xoxe.xoxp-1-rotating, app xapp-1-A-2-s")
    text = caplog.text
    assert "invalid_code" in text  # the line itself stays, for whoever debugs the install
    for secret in ("12345.67890.abcdef", "xoxb-1-2-secret", "xoxe.xoxp-1-rotating", "xapp-1-A-2-s"):
        assert secret not in text


def test_a_retried_response_url_is_not_logged(caplog):
    # slack_sdk's webhook client logs the URL of a request it retries, at INFO.
    caplog.set_level(logging.DEBUG)
    response_url = f"http://127.0.0.1:{free_port()}/commands/T0001/123/secret-response-url-part"
    with pytest.raises(URLError):
        WebhookClient(response_url, timeout=1).send(text="hello")
    assert "secret-response-url-part" not in caplog.text


def test_the_floors_hold_even_when_someone_asks_for_debug():
    logging.getLogger("slack_sdk").setLevel(logging.DEBUG)
    keep_secrets_out_of_logs()
    assert logging.getLogger("slack_sdk").getEffectiveLevel() >= logging.WARNING
    assert logging.getLogger("urllib3").getEffectiveLevel() >= logging.INFO


# -- every record, every logger ------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["as-set", "late-handlers", "dict-config"])
def test_child_loggers_of_every_library_print_no_secret_at_any_level(mode):
    """A fresh interpreter with the bot's logging set up as bot.py does; then (late-handlers) gunicorn's own
    non-propagating handlers and another root handler, or (dict-config) a config replacing every handler."""
    run = subprocess.run([sys.executable, "-m", "tests.log_probe", mode], cwd=ROOT, capture_output=True,
                         text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    output = run.stdout + run.stderr
    leaked = {kind: next(line for line in output.splitlines() if value in line)
              for kind, value in SECRET_PARTS.items() if value in output}
    assert leaked == {}
    assert "Logging error" not in output
    # Nothing was left out to get there: each line forced to DEBUG, of each logger and level, was printed
    # by the handlers of this mode, its traceback with it.
    printed = run.stderr if mode == "as-set" else run.stdout
    tags = set(re.findall(r"case (forced/[\w.]+/\w+/\w+): ", printed))
    expected = {f"forced/{name}/{logging.getLevelName(level)}/{case}" for name in LOGGERS for level in LEVELS
                for case in [*map(str, range(len(FORMS))), "exception"]}
    assert expected <= tags, sorted(expected - tags)[:5]
    assert printed.count("RuntimeError: 400 Client Error for url: https://zoom.us/oauth/token?code=[redacted]"
                         "&refresh_token=[redacted] via [redacted response_url]") >= len(LOGGERS) * len(LEVELS)
    assert "error: invalid_code" in printed  # what helps debugging stays
    assert "token_type=bearer" in printed


@pytest.mark.parametrize(("template", "args"), FORMS, ids=[f"form-{n}" for n in range(len(FORMS))])
def test_each_form_of_each_secret_is_redacted(template, args):
    try:
        text = template % args if args != () else template
    except TypeError:  # the record whose arguments do not fit its template
        text = f"{template} {args!r}"
    secrets = {kind: value for kind, value in SECRET_PARTS.items() if value in text}
    assert secrets  # the form does carry a secret (the configured ones are redacted as literals, below)
    redacted = redact(text)
    literal_only = {"signing secret", "zoom client secret"}
    assert [kind for kind, value in secrets.items() if value in redacted and kind not in literal_only] == []


@pytest.mark.parametrize("line", [
    "Zoom refused a meeting (status 400, code 300)",
    '{"code": 124, "message": "Invalid access token."}',
    "Zoom refused the code exchange (400)",
    "set SLACK_BOT_TOKEN (https://api.slack.com/apps > your app > Basic Information > App-Level Tokens)",
    "status_code=500 error_code=invalid_grant token_type=bearer",
    "Starting new HTTPS connection (1): api.zoom.us:443",
    '127.0.0.1 - - [01/Dec/2026 23:18:05] "POST /slack/events HTTP/1.1" 200 -',
    "chat.postEphemeral failed (channel_not_found); writing to the user's app DM",
    "a state of mind, a pass, 100% done",
])
def test_what_is_not_secret_stays_as_it_is(line):
    assert redact(line) is line


def test_a_record_without_secrets_keeps_its_template_and_arguments(caplog):
    caplog.set_level(logging.INFO)
    logging.getLogger("foo.bar").info("%d meetings for %s", 3, "U0ALICE")
    record = caplog.records[-1]
    assert (record.msg, record.args) == ("%d meetings for %s", (3, "U0ALICE"))


def test_a_secret_in_the_arguments_is_redacted_and_the_message_still_formats(caplog):
    caplog.set_level(logging.INFO)
    logging.getLogger("slack_sdk.web.base_client").warning("%d meetings, token %s, 100%% done", 3, TOKEN)
    logging.getLogger("foo.bar").info("%(who)s holds %(token)s", {"who": "U0ALICE", "token": TOKEN})
    assert caplog.messages[-2:] == ["3 meetings, token [redacted token], 100% done",
                                    "U0ALICE holds [redacted token]"]
    assert [r.getMessage() for r in caplog.records[-2:]] == caplog.messages[-2:]  # and again, the same
    assert TOKEN not in caplog.text


def test_a_secret_in_an_exception_is_redacted_and_the_record_keeps_the_exception(caplog):
    caplog.set_level(logging.INFO)
    try:
        raise ValueError(f"400 Client Error for url: https://zoom.us/oauth/token?refresh_token={TOKEN}")
    except ValueError:
        logging.getLogger("urllib3.connectionpool").exception("refresh failed")
    assert caplog.records[-1].exc_info is not None
    assert "ValueError: 400 Client Error for url: https://zoom.us/oauth/token?refresh_token=[redacted]" in caplog.text
    assert TOKEN not in caplog.text


def test_unformattable_arguments_neither_leak_nor_raise(capfd):
    stream = io.StringIO()
    logger = logging.getLogger("foo.unformattable")
    handler = logging.StreamHandler(stream)
    logger.addHandler(handler)
    try:
        logger.error("one argument short: %s %s", TOKEN)
    finally:
        logger.removeHandler(handler)
    assert "one argument short" in stream.getvalue()
    assert TOKEN not in stream.getvalue() + "".join(capfd.readouterr())


def test_records_made_some_other_way_are_redacted_by_the_handlers():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("foo.elsewhere")
    logger.addHandler(handler)
    try:
        keep_secrets_out_of_logs()  # the handler was there at setup: it gets the filter
        assert [type(f) for f in handler.filters] == [RedactSecrets]
        # what a SocketHandler's receiving end does: a record rebuilt from a dict, after the factory ran
        handler.handle(logging.makeLogRecord({"name": "foo.elsewhere", "msg": "token %s", "args": (TOKEN,)}))
    finally:
        logger.removeHandler(handler)
    assert stream.getvalue() == "token [redacted token]\n"


def test_setting_up_twice_changes_nothing():
    factory = logging.getLogRecordFactory()
    handler = logging.StreamHandler(io.StringIO())
    logging.getLogger("foo.twice").addHandler(handler)
    try:
        keep_secrets_out_of_logs()
        keep_secrets_out_of_logs()
    finally:
        logging.getLogger("foo.twice").removeHandler(handler)
    assert logging.getLogRecordFactory() is factory
    assert len(handler.filters) == 1


def test_configured_secrets_are_redacted_wherever_they_appear(caplog):
    caplog.set_level(logging.INFO)
    keep_secrets_out_of_logs(["a-shapeless-signing-secret", "short"])
    logging.getLogger("foo.bar").info("verifying with %s; %s", "a-shapeless-signing-secret", "short")
    assert caplog.messages[-1] == "verifying with [redacted]; short"  # too short to redact everywhere
