"""A user's own meeting defaults as people see them: the lines of the Home tab and the small modal that edits
them. Built and read, not sent. What the workspace set is shown as set by it, never offered as a choice.

A submission comes back from the user's Slack client and is untrusted: `read_defaults` accepts only the
options this module offers and a length in Zoom's bounds, and says what is wrong on the field's block.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from handlers.ui.forms import input_block, mapping_of, option, state_values, static_select
from handlers.ui.messages import duration_text
from zoom.models import MAX_DURATION_MINUTES, MIN_DURATION_MINUTES

DEFAULTS_VIEW = "zoom_meeting_defaults"  # the modal's callback_id
DEFAULTS_EDIT_ACTION = "home_defaults_edit"  # the Home's Edit button
CHOICE = "choice"  # the action_id of every input: one input per block
UNSET = "workspace"  # the option that leaves a setting to the workspace

DURATION = "duration_minutes"
SWITCHES = ("waiting_room", "mute_upon_entry", "join_before_host")
PASSCODE = "require_passcode"
RECORDING = "auto_recording"

LABELS = {
    DURATION: "Length",
    "waiting_room": "Waiting room",
    "mute_upon_entry": "Mute people as they join",
    PASSCODE: "Passcode",
    RECORDING: "Record automatically",
    "join_before_host": "Join before the host",
}
RECORDING_LABELS = {"none": "Off", "local": "On the host's computer", "cloud": "In the Zoom cloud"}
PASSCODE_LABELS = {True: "Required", False: "None"}
ACCOUNT_PASSCODE = "As your Zoom account says"  # no passcode setting: the account's own policy decides


@dataclass(frozen=True)
class Choices:
    """One value per meeting default (the fields of storage.preferences.MeetingDefaults); None: not set, or
    for the passcode of the workspace, left to the Zoom account."""

    duration_minutes: int | None = None
    waiting_room: bool | None = None
    mute_upon_entry: bool | None = None
    require_passcode: bool | None = None
    auto_recording: str | None = None
    join_before_host: bool | None = None

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(field.name for field in fields(cls))


@dataclass(frozen=True)
class DefaultsShown:
    """What a user's defaults come to: their own choices, what applies without them (the workspace's), and
    which of the settings the workspace fixes (its choice wins)."""

    own: Choices
    workspace: Choices
    fixed: frozenset[str] = frozenset()

    def applied(self, name: str) -> Any:
        own = getattr(self.own, name)
        return getattr(self.workspace, name) if name in self.fixed or own is None else own

    def source(self, name: str) -> str:
        if name in self.fixed:
            return "set by your workspace"
        return "workspace default" if getattr(self.own, name) is None else "yours"


def value_text(name: str, value: Any) -> str:
    if name == DURATION:
        return duration_text(int(value))
    if name == RECORDING:
        return RECORDING_LABELS.get(str(value), str(value))
    if name == PASSCODE:
        return ACCOUNT_PASSCODE if value is None else PASSCODE_LABELS[bool(value)]
    return "On" if value else "Off"


def defaults_lines(shown: DefaultsShown) -> list[str]:
    """One mrkdwn line per default: what applies, and whose it is."""
    lines = []
    for name in Choices.names():
        lock = ":lock: " if name in shown.fixed else ""
        lines.append(f"{lock}*{LABELS[name]}:* {value_text(name, shown.applied(name))} _({shown.source(name)})_")
    return lines


def defaults_modal(shown: DefaultsShown) -> dict[str, Any]:
    """The modal: an input for each default the workspace leaves to the user, starting from their choice
    (or "Workspace default"); the fixed ones listed below, not editable."""
    blocks: list[dict[str, Any]] = [{"type": "section", "text": {"type": "mrkdwn", "text": (
        "Used for the meetings you create from Slack (`/zoom meet`, the form, the shortcuts), unless you say "
        "otherwise there. Leave one on *Workspace default* to follow your workspace.")}}]
    for name in Choices.names():
        if name in shown.fixed:
            continue
        blocks.append(_duration_input(shown) if name == DURATION else _select_input(name, shown))
    fixed = [f":lock: *{LABELS[name]}:* {value_text(name, shown.applied(name))}, set by your workspace"
             for name in Choices.names() if name in shown.fixed]
    if fixed:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": "\n".join(fixed)}]})
    return {
        "type": "modal",
        "callback_id": DEFAULTS_VIEW,
        "title": {"type": "plain_text", "text": "Meeting defaults"},
        "submit": {"type": "plain_text", "text": "Save"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": blocks,
    }


def _duration_input(shown: DefaultsShown) -> dict[str, Any]:
    workspace = int(shown.workspace.duration_minutes or 60)
    element: dict[str, Any] = {
        "type": "plain_text_input", "action_id": CHOICE, "max_length": 10,
        "placeholder": {"type": "plain_text", "text": f"{workspace} (workspace default)"},
    }
    if shown.own.duration_minutes is not None:
        element["initial_value"] = str(shown.own.duration_minutes)
    return input_block(DURATION, "Length, in minutes", element, optional=True,
                       hint=f"When the command gives no length. Empty: the workspace's {duration_text(workspace)}.")


def _select_input(name: str, shown: DefaultsShown) -> dict[str, Any]:
    options = [option(_option_value(value), value_text(name, value)) for value in _values(name)]
    workspace_text = value_text(name, getattr(shown.workspace, name))
    options.append(option(UNSET, f"Workspace default ({workspace_text})"))
    own = getattr(shown.own, name)
    return input_block(name, LABELS[name], static_select(CHOICE, options, UNSET if own is None else _option_value(own)))


def _values(name: str) -> tuple[Any, ...]:
    if name == RECORDING:
        return tuple(RECORDING_LABELS)
    return (True, False)


def _option_value(value: Any) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value)


# -- reading a submission --------------------------------------------------------------------------------

DURATION_PROBLEM = (f"Give the length in minutes, a whole number from {MIN_DURATION_MINUTES} to "
                    f"{MAX_DURATION_MINUTES}, or leave it empty for the workspace's.")


def read_defaults(view: Any, *, fixed: frozenset[str]) -> Choices | dict[str, str]:
    """The choices a submitted modal holds (the fixed settings left unset), or the problems to show, by block."""
    values = state_values(view)
    chosen: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for name in Choices.names():
        if name in fixed:
            continue
        block = values.get(name)
        if not isinstance(block, dict):
            continue  # not in this modal: left to the workspace
        element = mapping_of(block.get(CHOICE))
        if name == DURATION:
            raw = element.get("value")
            text = raw.strip() if isinstance(raw, str) else ""
            if not text:
                continue
            if not (text.isascii() and text.isdigit()) \
                    or not MIN_DURATION_MINUTES <= int(text) <= MAX_DURATION_MINUTES:
                problems[name] = DURATION_PROBLEM
                continue
            chosen[name] = int(text)
            continue
        picked = mapping_of(element.get("selected_option")).get("value")
        allowed = {_option_value(value): value for value in _values(name)}
        if picked == UNSET:
            continue
        if picked not in allowed:
            problems[name] = "Pick one of the options."
            continue
        chosen[name] = allowed[picked]
    return problems if problems else replace(Choices(), **chosen)
