"""What a log line is about (team, user, command, durable command id), and LOG_FORMAT=json's one object a line.

The request path and the command runner say what they are working on with `about(...)`; every record logged
inside that block, by the bot or by a library, carries those fields in its JSON object. A record's own
`extra=` fields (a Zoom call's endpoint, status and duration) are added beside them. Plain text lines
(the default) stay as they were: the fields are for machines reading JSON.

Nothing here decides what is secret: the formatter is handed log_safety's `redact`, and runs it over every
field of the object, the message, the traceback and the context alike.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from types import MappingProxyType
from typing import Any

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

# The fields a line may carry, and nothing else from the context: ids and names, never a token or a URL.
CONTEXT_FIELDS = ("team", "user", "command", "command_id", "channel")
_NOTHING: Mapping[str, str | int] = MappingProxyType({})
_context: ContextVar[Mapping[str, str | int]] = ContextVar("zoombot_log_context", default=_NOTHING)


@contextmanager
def about(**fields: str | int | None) -> Iterator[None]:
    """Every line logged in this block (in this thread or task) carries `fields`, over the ones set outside it."""
    unknown = set(fields) - set(CONTEXT_FIELDS)
    if unknown:
        raise ValueError(f"not a log context field: {', '.join(sorted(unknown))}")
    merged: dict[str, str | int] = dict(_context.get())
    merged.update((name, value) for name, value in fields.items() if value is not None and value != "")
    token = _context.set(MappingProxyType(merged))
    try:
        yield
    finally:
        _context.reset(token)


def current() -> Mapping[str, str | int]:
    return _context.get()


def slack_fields(body: Mapping[str, Any]) -> dict[str, str]:
    """Team, user and what was asked, from any request body Slack sends (slash command, interaction, event)."""
    def text(value: object) -> str:
        return value if isinstance(value, str) else ""

    def nested(name: str, key: str = "id") -> str:
        value = body.get(name)
        return text(value.get(key)) if isinstance(value, Mapping) else text(value)

    event = body.get("event") if isinstance(body.get("event"), Mapping) else {}
    assert isinstance(event, Mapping)
    team = text(body.get("team_id")) or nested("team") or text(event.get("team"))
    user = text(body.get("user_id")) or nested("user") or text(event.get("user"))
    what = text(body.get("command")) or text(body.get("type")) or text(event.get("type"))
    return {name: value for name, value in (("team", team), ("user", user), ("command", what)) if value}


# Attributes of a record that are the logging machinery's, or log_safety's mark, not fields of the line.
_SKIPPED = [*RESERVED_ATTRS, "_zoombot_secrets_checked", "message", "asctime"]


class JsonLines(JsonFormatter):
    """One JSON object a line: time, level, logger, message, the context of `about`, the record's extras,
    and the traceback; every value passed through `redact` (keyed: a field named like a secret is hidden)."""

    def __init__(self, redact: Callable[[str], str], redacted: str = "[redacted]"):
        super().__init__(["levelname", "name", "message"], rename_fields={"levelname": "level", "name": "logger"},
                         timestamp="time", reserved_attrs=_SKIPPED)
        self._redact = redact
        self._redacted = redacted

    def add_fields(self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]) -> None:
        super().add_fields(log_data, record, message_dict)
        for name, value in _context.get().items():
            log_data.setdefault(name, value)

    def process_log_record(self, log_data: dict[str, Any]) -> dict[str, Any]:
        return {name: self._safe(name, value) for name, value in log_data.items()}

    def _safe(self, name: str, value: Any) -> Any:
        if isinstance(value, bool | int | float) or value is None:
            return value
        if isinstance(value, datetime):
            return value.isoformat(timespec="milliseconds")
        text = value if isinstance(value, str) else str(value)
        if name not in ("time", "level", "logger", "message", "exc_info", "stack_info") \
                and self._redact(f"{name}={text}") != f"{name}={text}":
            return self._redacted  # an extra named like a secret (token=, password=...) hides its whole value
        return self._redact(text)
