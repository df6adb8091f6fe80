"""Zoom's own OpenAPI request schema for "Create a meeting", turned into plain JSON Schema.

The spec is Zoom's published OpenAPI 3.0 file, trimmed, in <repo>/handlers/demo/specs (see the README.md there).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator, Draft202012Validator
from jsonschema.exceptions import best_match

from handlers.demo.specs import MEETINGS_ENDPOINTS, create_meeting_schema_in, specs_dir, to_json_schema

# `recurrence.weekly_days` in the published schema is an enum of single digits ("1" .. "7"), but its own
# description, and Zoom, take several days comma-separated ("1,3" is Sunday and Tuesday): read as published,
# every meeting on more than one weekday would be refused. That one field is read as its description says.
WEEKLY_DAYS_PATTERN = "^[1-7](,[1-7])*$"


def as_described(schema: dict[str, Any]) -> dict[str, Any]:
    """The create-meeting schema with `recurrence.weekly_days` as its description defines it (see above)."""
    weekly = schema.get("properties", {}).get("recurrence", {}).get("properties", {}).get("weekly_days")
    if isinstance(weekly, dict) and "enum" in weekly:
        del weekly["enum"]
        weekly["pattern"] = WEEKLY_DAYS_PATTERN
    return schema


@functools.cache
def create_meeting_validator(directory: str) -> Draft7Validator:
    spec = json.loads((Path(directory) / MEETINGS_ENDPOINTS).read_text(encoding="utf-8"))
    schema = as_described(create_meeting_schema_in(spec))
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema)


MEETINGS_WEBHOOKS = "zoom_meetings_webhooks.json"
# As published, meeting.updated's `old_object` points at a `#/paths/...` that exists in no file (the events
# sit under `webhooks`); it means the event's own `payload.object` (handlers/demo/specs/README.md).
_OLD_OBJECT_REF = "#/paths/meeting.updated/post/requestBody/content/application~1json/schema/properties/payload/" \
                  "properties/object"


@functools.cache
def webhook_validator(directory: str, event: str) -> Draft202012Validator:
    """The JSON Schema (OpenAPI 3.1, so draft 2020-12) of one Zoom Meetings webhook event's body."""
    spec = json.loads((Path(directory) / MEETINGS_WEBHOOKS).read_text(encoding="utf-8"))
    content = spec["webhooks"][event]["post"]["requestBody"]["content"]["application/json"]
    schema = to_json_schema(content["schema"])
    payload = schema["properties"]["payload"]["properties"]
    if payload.get("old_object", {}).get("$ref") == _OLD_OBJECT_REF:
        payload["old_object"] = payload["object"]
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def webhook_event_error(body: Any) -> str | None:
    """Why a webhook body is not one Zoom's spec describes for its `event`, or None when it is."""
    name = body.get("event") if isinstance(body, dict) else None
    try:
        validator = webhook_validator(str(specs_dir()), str(name))
    except KeyError:
        return f"no such event in {MEETINGS_WEBHOOKS}: {name!r}"
    error = best_match(validator.iter_errors(body))
    if error is None:
        return None
    return f"{'.'.join(str(part) for part in error.absolute_path) or 'body'}: {error.message}"


def create_meeting_error(body: Any) -> tuple[str, str] | None:
    """(field, message) for the most relevant schema violation of a create-meeting body, or None."""
    validator = create_meeting_validator(str(specs_dir()))
    error = best_match(validator.iter_errors(body))
    if error is None:
        return None
    field = ".".join(str(part) for part in error.absolute_path) or "body"
    return field, error.message


@functools.cache
def update_meeting_validator(directory: str) -> Draft7Validator:
    """Zoom's own request schema of "Update a meeting" (`PATCH /meetings/{meetingId}`), `weekly_days` as above."""
    spec = json.loads((Path(directory) / MEETINGS_ENDPOINTS).read_text(encoding="utf-8"))
    operation = spec["paths"]["/meetings/{meetingId}"]["patch"]
    schema = as_described(to_json_schema(operation["requestBody"]["content"]["application/json"]["schema"]))
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema)


def update_meeting_error(body: Any) -> tuple[str, str] | None:
    """(field, message) for the most relevant schema violation of an update-meeting body, or None."""
    error = best_match(update_meeting_validator(str(specs_dir())).iter_errors(body))
    if error is None:
        return None
    return ".".join(str(part) for part in error.absolute_path) or "body", error.message
