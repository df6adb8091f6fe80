"""Zoom's own OpenAPI request schema for "Create a meeting", turned into plain JSON Schema.

The spec is Zoom's published OpenAPI 3.0 file, trimmed, in <repo>/tests/specs (see the README.md there).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator
from jsonschema.exceptions import best_match

from tests.specs import MEETINGS_ENDPOINTS, create_meeting_schema_in, specs_dir

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


def create_meeting_error(body: Any) -> tuple[str, str] | None:
    """(field, message) for the most relevant schema violation of a create-meeting body, or None."""
    validator = create_meeting_validator(str(specs_dir()))
    error = best_match(validator.iter_errors(body))
    if error is None:
        return None
    field = ".".join(str(part) for part in error.absolute_path) or "body"
    return field, error.message
