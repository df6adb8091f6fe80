"""Zoom's own OpenAPI request schema for "Create a meeting", turned into plain JSON Schema.

The spec is a verbatim copy of Zoom's published OpenAPI 3.0 file (see <repo>/../shared/specs/README.md).
"""

from __future__ import annotations

import copy
import functools
import json
import os
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator
from jsonschema.exceptions import best_match

MEETINGS_SPEC_FILE = "zoom_meetings_endpoints.json"
SPECS_DIR_ENV = "ZOOM_SPECS_DIR"

# OpenAPI annotations that are not JSON Schema validation keywords (or mean something else there).
# `format` is dropped because Zoom's formats (int64, date-time, email) are checked separately or not at all.
_OPENAPI_ONLY_KEYS = frozenset(
    {"example", "examples", "format", "nullable", "readOnly", "writeOnly", "deprecated",
     "discriminator", "xml", "externalDocs"}
)
# Keywords whose value is a schema, a list of schemas, or a name -> schema mapping.
_SCHEMA_KEYS = frozenset({"items", "additionalProperties", "not"})
_SCHEMA_LIST_KEYS = frozenset({"allOf", "anyOf", "oneOf"})
_SCHEMA_MAP_KEYS = frozenset({"properties", "patternProperties"})


def specs_dir() -> Path:
    """`$ZOOM_SPECS_DIR`, else `<repo>/../shared/specs` (this file is <repo>/tests/emulators/...)."""
    override = os.environ.get(SPECS_DIR_ENV)
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[3] / "shared" / "specs"


def to_json_schema(node: Any) -> Any:
    """Deep copy of an OpenAPI schema without OpenAPI-only keys.

    Only schema positions are cleaned: a property *named* "example" or an enum value is left alone.
    """
    if not isinstance(node, dict):
        return copy.deepcopy(node)
    cleaned: dict[str, Any] = {}
    for key, value in node.items():
        if key in _OPENAPI_ONLY_KEYS or key.startswith("x-"):
            continue
        if key in _SCHEMA_MAP_KEYS and isinstance(value, dict):
            cleaned[key] = {name: to_json_schema(sub) for name, sub in value.items()}
        elif key in _SCHEMA_LIST_KEYS and isinstance(value, list):
            cleaned[key] = [to_json_schema(sub) for sub in value]
        elif key in _SCHEMA_KEYS:
            cleaned[key] = to_json_schema(value)
        else:
            cleaned[key] = copy.deepcopy(value)
    return cleaned


@functools.cache
def create_meeting_validator(directory: str) -> Draft7Validator:
    spec = json.loads((Path(directory) / MEETINGS_SPEC_FILE).read_text(encoding="utf-8"))
    operation = spec["paths"]["/users/{userId}/meetings"]["post"]
    schema = to_json_schema(operation["requestBody"]["content"]["application/json"]["schema"])
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
