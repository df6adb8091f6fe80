"""The public specifications in ../shared/specs, as JSON Schemas our tests can validate against."""

from __future__ import annotations

import copy
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

SPECS_DIR = Path(os.environ.get("ZOOM_SPECS_DIR") or Path(__file__).resolve().parents[2] / "shared" / "specs")

# OpenAPI annotations that are not JSON Schema validation keywords.
_OPENAPI_ONLY = {"example", "examples", "format", "nullable", "readOnly", "writeOnly", "deprecated", "xml"}


def load(name: str) -> dict[str, Any]:
    return json.loads((SPECS_DIR / name).read_text())


def as_json_schema(node: Any) -> Any:
    if isinstance(node, dict):
        return {key: as_json_schema(value) for key, value in node.items()
                if key not in _OPENAPI_ONLY and not key.startswith("x-")}
    if isinstance(node, list):
        return [as_json_schema(item) for item in node]
    return copy.deepcopy(node)


@cache
def create_meeting_schema() -> dict[str, Any]:
    spec = load("zoom_meetings_endpoints.json")
    operation = spec["paths"]["/users/{userId}/meetings"]["post"]
    return as_json_schema(operation["requestBody"]["content"]["application/json"]["schema"])


@cache
def manifest_schema() -> dict[str, Any]:
    return load("manifest.schema.1.0.0.json")
