"""Trimmed copies of Zoom's and Slack's public specifications (this folder), as JSON Schemas tests validate against.

What each file holds, where it came from and how to refresh it: README.md here. The tests read only this
folder (or `$ZOOM_SPECS_DIR` when set, e.g. to try the full published files), never anything outside the repo.
"""

from __future__ import annotations

import copy
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

SPECS_DIR = Path(__file__).resolve().parent
SPECS_DIR_ENV = "ZOOM_SPECS_DIR"

MEETINGS_ENDPOINTS = "zoom_meetings_endpoints.json"
MANIFEST_SCHEMA = "manifest.schema.1.0.0.json"

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
    """`$ZOOM_SPECS_DIR` when set, else this folder."""
    override = os.environ.get(SPECS_DIR_ENV)
    return Path(override) if override else SPECS_DIR


def load(name: str) -> dict[str, Any]:
    return json.loads((specs_dir() / name).read_text(encoding="utf-8"))


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


def create_meeting_schema_in(spec: dict[str, Any]) -> dict[str, Any]:
    """The JSON Schema of a "Create a meeting" request body in a Zoom Meetings OpenAPI document."""
    operation = spec["paths"]["/users/{userId}/meetings"]["post"]
    return to_json_schema(operation["requestBody"]["content"]["application/json"]["schema"])


@cache
def create_meeting_schema() -> dict[str, Any]:
    return create_meeting_schema_in(load(MEETINGS_ENDPOINTS))


@cache
def manifest_schema() -> dict[str, Any]:
    return load(MANIFEST_SCHEMA)
