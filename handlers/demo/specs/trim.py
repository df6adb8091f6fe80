"""Refresh the trimmed spec copies in this folder from a directory of the full, published specs.

    python handlers/demo/specs/trim.py SOURCE_DIR      # a folder holding the full, published files

A maintenance tool: the tests never run it, they read only the files it writes next to itself.
Each Zoom file keeps its OpenAPI skeleton and only the operations or events listed below, each whole;
`components` keeps what the kept parts `$ref`, and the security schemes they name (oauth2 scopes cut to
the ones they ask for). The Slack manifest schema is copied byte for byte. Output is JSON with indent=1
in the source's own key order, so a refresh from the same source rewrites identical files.
"""

from __future__ import annotations

import argparse
import copy
import json
import shutil
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

# file -> the top-level sections kept whole
SKELETON = {
    "zoom_meetings_endpoints.json": ("openapi", "info", "servers"),
    "zoom_users_endpoints.json": ("openapi", "info", "servers"),
    "zoom_scheduler_endpoints.json": ("openapi", "info", "servers"),
    "zoom_marketplace_webhooks.json": ("openapi", "info"),
    "zoom_meetings_webhooks.json": ("openapi", "info"),
}

# file -> (section, {path or event: [methods]}); every one must exist in the source.
KEEP: dict[str, tuple[str, dict[str, list[str]]]] = {
    "zoom_meetings_endpoints.json": ("paths", {
        "/users/{userId}/meetings": ["post", "get"],
        "/meetings/{meetingId}": ["get", "patch", "delete"],
    }),
    "zoom_users_endpoints.json": ("paths", {"/users/{userId}": ["get"]}),
    "zoom_scheduler_endpoints.json": ("paths", {
        "/scheduler/schedules": ["get"],
        "/scheduler/schedules/single_use_link": ["post"],
    }),
    "zoom_marketplace_webhooks.json": ("webhooks", {"app_deauthorized": ["post"]}),
    "zoom_meetings_webhooks.json": ("webhooks", {
        "meeting.started": ["post"],
        "meeting.ended": ["post"],
        "meeting.deleted": ["post"],
        "meeting.updated": ["post"],
        "meeting.participant_joined": ["post"],
        "meeting.participant_left": ["post"],
        "recording.completed": ["post"],
    }),
}

COPIED_WHOLE = ("manifest.schema.1.0.0.json",)


def _refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"]} if isinstance(node.get("$ref"), str) else set()
        for value in node.values():
            found |= _refs(value)
        return found
    if isinstance(node, list):
        return set().union(*(_refs(item) for item in node)) if node else set()
    return set()


def _pointer(document: dict[str, Any], ref: str) -> tuple[list[str], Any] | None:
    """The JSON-pointer parts and target of a local `#/...` ref, or None when it does not resolve."""
    parts = [part.replace("~1", "/").replace("~0", "~") for part in ref[2:].split("/")]
    node: Any = document
    for part in parts:
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return parts, node


def _components(source: dict[str, Any], kept: Any) -> dict[str, Any]:
    """The `components` entries the kept parts need: every `#/components/...` ref, transitively, and the
    security schemes their `security` requirements name, with oauth2 scopes cut to those asked for."""
    out: dict[str, Any] = {}
    pending = [ref for ref in _refs(kept) if ref.startswith("#/components/")]
    seen: set[str] = set()
    while pending:
        ref = pending.pop()
        if ref in seen:
            continue
        seen.add(ref)
        resolved = _pointer(source, ref)
        if resolved is None:
            raise SystemExit(f"unresolvable {ref}")
        (_, kind, name, *_rest), _ = resolved
        target = source["components"][kind][name]
        out.setdefault(kind, {})[name] = copy.deepcopy(target)
        pending.extend(r for r in _refs(target) if r.startswith("#/components/"))

    wanted: dict[str, set[str]] = {}
    for requirement in _security_requirements(kept):
        for scheme, scopes in requirement.items():
            wanted.setdefault(scheme, set()).update(scopes)
    schemes = source.get("components", {}).get("securitySchemes", {})
    for scheme in schemes:  # the source's order
        if scheme not in wanted:
            continue
        kept_scheme = copy.deepcopy(schemes[scheme])
        for flow in kept_scheme.get("flows", {}).values():
            if "scopes" in flow:
                flow["scopes"] = {s: d for s, d in flow["scopes"].items() if s in wanted[scheme]}
        out.setdefault("securitySchemes", {})[scheme] = kept_scheme
    if missing := set(wanted) - set(schemes):
        raise SystemExit(f"security schemes named but not defined: {sorted(missing)}")
    return out


def _security_requirements(kept: dict[str, dict[str, Any]]) -> list[dict[str, list[str]]]:
    return [requirement for item in kept.values() for operation in item.values()
            for requirement in operation.get("security", [])]


def trim(name: str, source: dict[str, Any]) -> dict[str, Any]:
    section, wanted = KEEP[name]
    out = {key: copy.deepcopy(source[key]) for key in SKELETON[name] if key in source}
    kept: dict[str, dict[str, Any]] = {}
    for path, methods in wanted.items():
        item = source.get(section, {}).get(path)
        if item is None:
            raise SystemExit(f"{name}: no {section}[{path!r}]")
        for method in methods:
            if method not in item:
                raise SystemExit(f"{name}: no {method.upper()} {path}")
        kept[path] = {key: copy.deepcopy(value) for key, value in item.items() if key in methods}
    out[section] = kept
    components = _components(source, kept)
    if components:
        out["components"] = components
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="directory holding the full, published spec files")
    args = parser.parse_args(argv)
    for name in KEEP:
        source = json.loads((args.source / name).read_text(encoding="utf-8"))
        text = json.dumps(trim(name, source), indent=1, ensure_ascii=False) + "\n"
        (HERE / name).write_text(text, encoding="utf-8")
        print(f"{name}: {len(text.encode()):>7} bytes")
    for name in COPIED_WHOLE:
        shutil.copyfile(args.source / name, HERE / name)
        print(f"{name}: {(HERE / name).stat().st_size:>7} bytes (copied whole)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
