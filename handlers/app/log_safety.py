"""Keeping secrets out of every log line: the bot's, Slack's, the HTTP libraries', gunicorn's, anyone's.

A logger's filters do not run for records made by its child loggers, and handlers come and go (gunicorn
installs its own, a logging config replaces them). So redaction happens where every record passes: the
record factory rewrites each record as it is made, whichever logger makes it and at whatever level, and
every handler present at setup carries a filter that does the same for records made some other way
(`logging.makeLogRecord`, another record factory installed later).

What is redacted, in the message, its `%` arguments, the traceback text and the stack text:
- Slack tokens (`xoxb-`, `xoxp-`, `xapp-`, `xoxe-`, `xoxe.xoxp-`...), JWTs (Zoom's access and refresh
  tokens), and whatever follows `Bearer` or `Authorization:`;
- the value of any key ending in token, secret, password or passcode, and of `code`, `state`, `pwd`,
  `zak`, `code_verifier`, `start_url`, `response_url`, written `key=value` (query strings, form bodies),
  `key: value`, `"key": "value"` (JSON) or `'key': 'value'` (Python reprs);
- response_urls and webhooks (hooks.slack.com, any `/commands/` or `/actions/` path, Slack-shaped
  `/<kind>/<team>/<id>/<secret>` paths), Zoom start links (`/s/<meeting id>?...`);
- the configured secrets themselves, as literals (signing secret, client secrets, database password...).
"""

from __future__ import annotations

import base64
import contextlib
import logging
import re
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from handlers.app.log_context import JsonLines

if TYPE_CHECKING:
    from handlers.app.config import Settings

# The lowest level each library may log at. At DEBUG they log request URLs and bodies; redaction would
# catch the secrets in them, but what nobody needs is better not written at all.
LIBRARY_FLOORS = {
    "urllib3": logging.INFO,
    "slack_sdk": logging.WARNING,
    "slack_bolt": logging.INFO,
    "waitress": logging.INFO,
}

REDACTED = "[redacted]"

# A key whose value is secret, then how logs write its value: key=value (query strings, form bodies),
# key: value (headers, messages), "key": "value" (JSON), 'key': 'value' (Python reprs), `value` (mrkdwn).
_KEYED = re.compile(
    r"""(?P<key>(?i:token|secret|password|passcode|code_verifier|code|state|pwd|zak"""
    r"""|start_url|response_url|authorization))(?![\w-])"""
    r"""(?P<sep>["']?[ \t]*[:=][ \t]*[*_]*[ \t]*(?:(?i:bearer|basic|token)[ \t]+)?)"""
    r"""(?:"(?P<dq>(?:[^"\\\n]|\\.)*)"|'(?P<sq>[^'\n]*)'|`(?P<bq>[^`\n]*)`|(?P<bare>[^\s&"'`,;<>()\[\]{}]+))"""
    # A passcode shown as mrkdwn code (Passcode `abc123`), where no `:` separates it from its name.
    r"""|(?P<shown>(?i:pass(?:code|word))[^\w`\n]{0,4})`[^`\n]+`""")
_URL_REST = r"""[^\s"'`<>,]+"""
_SLACK_TOKEN = re.compile(r"x(?:ox[a-z]|app)[-.][\w.-]+")
_JWT = re.compile(r"eyJ[\w-]+\.[\w-]+\.[\w-]+")
_BEARER = re.compile(r"(?i:bearer)[ \t]+[\w.~+/-]{6,}=*")
_BASIC = re.compile(r"Basic[ \t]+(?=[\w+/]*[0-9+/=])[\w+/]{12,}=*")  # "Basic Information" in prose stays
_HOOKS = re.compile(r"""hooks\.slack(?:-gov)?\.com/[^\s"'`<>,]*""")
_WEBHOOK_PATH = re.compile(rf"/(?:commands|actions)/{_URL_REST}")
_SLACK_SHAPED_PATH = re.compile(rf"/(?:response|services|workflows|triggers)/[TE][A-Z0-9]{{2,}}/{_URL_REST}")
# The same URLs percent-encoded (a form body, a redirect's query): a response_url's path, or a start link's.
_ENCODED_PATH = re.compile(
    r"""%2[Ff](?:(?i:commands|actions|response|services)%2[Ff]|s%2[Ff]\d+%3[Ff])[^\s&"'`<>]+""")
_START_URL = re.compile(rf"/s/\d+\?{_URL_REST}")

# (what must be in the lower-cased text for a secret to start there, the pattern that matches from there,
# whether the trigger must start a word, what replaces the match). Looking for short literals with
# str.find is what keeps a line without secrets cheap: no regular expression runs over it at all.
_RULES: tuple[tuple[str, re.Pattern[str], bool, str], ...] = (
    *((key, _KEYED, False, "") for key in ("token", "secret", "pass", "start_url", "response_url", "authoriz")),
    *((key, _KEYED, True, "") for key in ("code", "state", "pwd", "zak")),
    ("xox", _SLACK_TOKEN, False, "[redacted token]"),
    ("xapp-", _SLACK_TOKEN, False, "[redacted token]"),
    ("eyj", _JWT, False, "[redacted token]"),
    ("bearer", _BEARER, True, "Bearer " + REDACTED),
    ("basic", _BASIC, True, "Basic " + REDACTED),
    ("hooks.slack", _HOOKS, False, "[redacted response_url]"),
    ("/commands/", _WEBHOOK_PATH, False, "[redacted response_url]"),
    ("/actions/", _WEBHOOK_PATH, False, "[redacted response_url]"),
    *((path, _SLACK_SHAPED_PATH, False, "[redacted response_url]")
      for path in ("/response/", "/services/", "/workflows/", "/triggers/")),
    ("%2f", _ENCODED_PATH, False, REDACTED),
    ("/s/", _START_URL, False, "[redacted start_url]"),
)
_TRIGGERS = tuple(dict.fromkeys(trigger for trigger, *_ in _RULES))
_ASCII_LOWER = str.maketrans({c: c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"})

# Values too short to be worth redacting as literals (a signing secret of "x" in a test).
_MIN_LITERAL = 8
_MAX_LITERALS = 32
_recent_literals: list[str] = []
_literals: tuple[str, ...] = ()


def _keyed_replacement(match: re.Match[str]) -> str | None:
    if match["shown"] is not None:
        return f"{match['shown']}`{REDACTED}`"
    quote, value = next((quote, match[group]) for quote, group in (('"', "dq"), ("'", "sq"), ("`", "bq"), ("", "bare"))
                        if match[group] is not None)
    if value == REDACTED or (match["key"].lower() == "code" and value.isdigit() and len(value) <= 6):
        return None  # already redacted, or an API error code ("code": 124), not an OAuth code
    return f"{match['key']}{match['sep']}{quote}{REDACTED}{quote}"


def _starts_word(text: str, index: int) -> bool:
    return index == 0 or not (text[index - 1].isalnum() or text[index - 1] in "_-")


def _may_hold_secret(text: str, lowered: str) -> bool:
    for trigger in _TRIGGERS:  # a plain loop: any() over a generator costs twice as much here
        if trigger in lowered:
            return True
    for literal in _literals:  # noqa: SIM110 - same
        if literal in text:
            return True
    return False


def redact(text: str) -> str:
    """`text` without the secrets it carried; the same object when it carried none."""
    lowered = text.lower()
    if not _may_hold_secret(text, lowered):
        return text
    if len(lowered) != len(text):  # a few non-ASCII letters lower to two characters
        lowered = text.translate(_ASCII_LOWER)
    found: list[tuple[int, int, str]] = []
    for trigger, pattern, word_start, replacement in _RULES:
        index = lowered.find(trigger)
        while index != -1:
            match = pattern.match(text, index) if not word_start or _starts_word(text, index) else None
            if match is not None:
                start, end = match.span()
                if pattern is _HOOKS:
                    start -= next((len(s) for s in ("https://", "http://") if text.endswith(s, 0, start)), 0)
                instead = _keyed_replacement(match) if pattern is _KEYED else replacement
                if instead is not None:
                    found.append((start, end, instead))
            index = lowered.find(trigger, index + 1)
    for literal in _literals:
        index = text.find(literal)
        while index != -1:
            found.append((index, index + len(literal), REDACTED))
            index = text.find(literal, index + 1)
    if not found:
        return text
    found.sort(key=lambda span: (span[0], -span[1]))
    parts: list[str] = []
    position = 0
    for start, end, replacement in found:
        if start >= position:  # not inside a secret already replaced
            parts += (text[position:start], replacement)
            position = end
        elif end > position:  # overlaps the one before: hide its tail too
            position = end
    parts.append(text[position:])
    return "".join(parts)


_FORMATTER = logging.Formatter()
_CHECKED = "_zoombot_secrets_checked"


def redact_record(record: logging.LogRecord) -> None:
    """Rewrites `record` in place so that nothing formatted from it carries a secret.

    A record with nothing secret keeps its `msg` and `args` as they were. One with a secret gets the
    redacted message as `msg` and no `args`, so later `%`-formatting has nothing left to do (and a literal
    `%` in the text stays as it is)."""
    if record.__dict__.get(_CHECKED) == (id(record.msg), id(record.args)):
        return  # done when the record was made; a handler's filter sees it again
    try:
        text = record.getMessage()
    except Exception:  # noqa: BLE001 - logging would print msg and args as they are to stderr
        text = f"{record.msg!s} [unformattable log arguments: {record.args!r}]"
        record.msg, record.args = redact(text), ()
    else:
        redacted = redact(text)
        if redacted is not text:
            record.msg, record.args = redacted, ()
    if record.exc_info and record.exc_info[1] is not None and not record.exc_text:
        # Formatters keep the traceback text they find: the exception's own message (a URL with a code, a
        # response body) is redacted here once, whichever handler prints it.
        record.exc_text = _FORMATTER.formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = redact(record.exc_text)
    if record.stack_info:
        record.stack_info = redact(record.stack_info)
    # ids, not the objects: a record pickled by a QueueHandler or SocketHandler carries nothing more.
    record.__dict__[_CHECKED] = (id(record.msg), id(record.args))


class RedactSecrets(logging.Filter):
    """On a handler: rewrites every record it is about to emit (see `redact_record`); never drops one."""

    def filter(self, record: logging.LogRecord) -> bool:
        redact_record(record)
        return True


def _redacting(factory: Callable[..., logging.LogRecord]) -> Callable[..., logging.LogRecord]:
    def make_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = factory(*args, **kwargs)
        redact_record(record)
        return record

    make_record.redacts_secrets = True  # type: ignore[attr-defined]
    return make_record


def _all_handlers() -> list[logging.Handler]:
    loggers = [logging.getLogger()] + [logger for logger in list(logging.Logger.manager.loggerDict.values())
                                       if isinstance(logger, logging.Logger)]
    return [handler for logger in loggers for handler in logger.handlers]


def known_secrets(settings: Settings) -> list[str]:
    """The configured values that must never be logged, whatever form a log line gives them."""
    values = [settings.slack_signing_secret, settings.slack_bot_token, settings.slack_app_token,
              settings.slack_client_secret, settings.zoom_client_secret, settings.zoom_webhook_secret_token,
              settings.metrics_token]
    values += re.split(r"[\s,]+", settings.token_encryption_keys or "")
    if settings.zoom_client_id and settings.zoom_client_secret:  # the Basic credentials of Zoom's token endpoint
        credentials = f"{settings.zoom_client_id}:{settings.zoom_client_secret}".encode()
        values.append(base64.b64encode(credentials).decode("ascii"))
    with contextlib.suppress(ArgumentError):
        values.append(make_url(settings.database_url).password or "")
    return [str(value) for value in values if value]


def keep_secrets_out_of_logs(secrets: Iterable[str] = ()) -> None:
    """Whatever LOG_LEVEL says, and whoever configured the handlers (gunicorn, a log config file).

    Idempotent; `secrets` (see `known_secrets`) are added to the literals redacted wherever they appear."""
    for name, floor in LIBRARY_FLOORS.items():
        library = logging.getLogger(name)
        library.setLevel(max(floor, library.getEffectiveLevel()))
    global _literals
    for secret in secrets:
        if len(secret) >= _MIN_LITERAL:
            if secret in _recent_literals:
                _recent_literals.remove(secret)
            _recent_literals.append(secret)
    del _recent_literals[:-_MAX_LITERALS]  # a process that builds many apps (the tests) keeps the latest
    _literals = tuple(sorted(_recent_literals, key=len, reverse=True))  # one inside another: the longer first
    if not getattr(logging.getLogRecordFactory(), "redacts_secrets", False):
        logging.setLogRecordFactory(_redacting(logging.getLogRecordFactory()))
    for handler in _all_handlers():
        if not any(isinstance(f, RedactSecrets) for f in handler.filters):
            handler.addFilter(RedactSecrets())


def configure_logging(settings: Settings) -> None:
    """Lines on standard error at LOG_LEVEL, with the secrets kept out (every process of the bot): plain text,
    or with LOG_FORMAT=json one JSON object a line (handlers/app/log_context.py), gunicorn's own lines too."""
    if not logging.getLogger().handlers:  # gunicorn or a log config may have set them up already
        logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                            stream=sys.stderr)
    if settings.log_format == "json":
        formatter = JsonLines(redact, REDACTED)
        for name in ("", "gunicorn.error", "gunicorn.access"):
            for handler in logging.getLogger(name).handlers:
                handler.setFormatter(formatter)
    keep_secrets_out_of_logs(known_secrets(settings))
    for notice in settings.notices:
        logging.getLogger("handlers.app.config").warning("%s", notice)
