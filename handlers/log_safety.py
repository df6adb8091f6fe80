"""Keeping secrets out of log lines that the bot does not write itself (Slack's and HTTP libraries')."""

from __future__ import annotations

import logging
import re

# The lowest level each library may log at. At DEBUG they log request URLs and bodies (response_urls,
# tokens, OAuth codes); slack_sdk's webhook client logs the response_url of a retried request at INFO.
LIBRARY_FLOORS = {
    "urllib3": logging.INFO,
    "slack_sdk": logging.WARNING,
    "slack_bolt": logging.INFO,
    "waitress": logging.INFO,
}

_SECRETS = [
    (re.compile(r"(\bcode[:=]\s*)[^\s&,]+", re.IGNORECASE), r"\1[redacted]"),  # Bolt's failed oauth.v2.access
    (re.compile(r"\bxox[abepr]-[\w.-]+|\bxoxe\.[\w.-]+|\bxapp-[\w.-]+"), "[redacted token]"),
    (re.compile(r"https?://[^\s/]+/(?:commands|actions|hooks)/\S+"), "[redacted response_url]"),
]


class RedactSecrets(logging.Filter):
    """Rewrites a record whose text carries a Slack token, an OAuth code or a response_url."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            text = record.getMessage()
        except (TypeError, ValueError):  # a malformed record is logging's problem, not ours
            return True
        redacted = text
        for pattern, replacement in _SECRETS:
            redacted = pattern.sub(replacement, redacted)
        if redacted != text:
            record.msg, record.args = redacted, ()
        return True


def keep_secrets_out_of_logs() -> None:
    """Whatever LOG_LEVEL says, and whoever configured the handlers (gunicorn, a log config file)."""
    for name, floor in LIBRARY_FLOORS.items():
        library = logging.getLogger(name)
        library.setLevel(max(floor, library.getEffectiveLevel()))
        if not any(isinstance(f, RedactSecrets) for f in library.filters):
            library.addFilter(RedactSecrets())
