"""Library log lines that would carry secrets are held back or redacted, whoever set up the handlers."""

from __future__ import annotations

import logging
from urllib.error import URLError

import pytest
from slack_sdk.webhook import WebhookClient

from handlers.log_safety import keep_secrets_out_of_logs
from tests.harness import free_port


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
