"""Block Kit inputs: building a modal's fields, and reading what Slack sends back.

What a click or a submission carries is untrusted input (anyone can post a signed payload of their own shape
through a workspace's app): every value is read as the type it should have, or as empty.
"""

from __future__ import annotations

from typing import Any


def mapping_of(value: Any) -> dict[str, Any]:
    """A payload field that should be an object: itself, or {}."""
    return value if isinstance(value, dict) else {}


def text_of(value: Any) -> str:
    """A payload field that should be a string: itself, or ""."""
    return value if isinstance(value, str) else ""


def state_values(view: Any) -> dict[str, Any]:
    """A submitted view's inputs by block id (`view.state.values`), or {}."""
    return mapping_of(mapping_of(mapping_of(view).get("state")).get("values"))


def submitted(view: Any, block_id: str, action_id: str) -> dict[str, Any]:
    """One input's entry in a submitted view's state (`{"type": ..., "value" | "selected_...": ...}`), or {}."""
    return mapping_of(mapping_of(state_values(view).get(block_id)).get(action_id))


def input_block(block_id: str, label: str, element: dict[str, Any], *, optional: bool = False,
                hint: str = "") -> dict[str, Any]:
    block: dict[str, Any] = {"type": "input", "block_id": block_id, "optional": optional,
                             "label": {"type": "plain_text", "text": label}, "element": element}
    if hint:
        block["hint"] = {"type": "plain_text", "text": hint}
    return block


def option(value: str, label: str) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": label}, "value": value}


def static_select(action_id: str, options: list[dict[str, Any]], initial: str | None) -> dict[str, Any]:
    """A select of these options, showing the one whose value is `initial` (Slack wants that very option)."""
    select: dict[str, Any] = {"type": "static_select", "action_id": action_id, "options": options}
    chosen = [one for one in options if one["value"] == initial]
    if chosen:
        select["initial_option"] = chosen[0]
    return select
