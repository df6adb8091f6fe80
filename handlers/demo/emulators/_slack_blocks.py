"""Light Block Kit validation: the limits Slack enforces that a bot most plausibly trips over.

Errors are strings in Slack's style: "<what> [json-pointer:/blocks/0/text/text]".
"""

from __future__ import annotations

import json
import re
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_TEXT = 3000
MAX_SECTION_FIELD_TEXT = 2000
MAX_SECTION_FIELDS = 10
MAX_HEADER_TEXT = 150
MAX_BUTTON_TEXT = 75
MAX_CONTEXT_ELEMENTS = 10
MAX_ACTIONS_ELEMENTS = 25
MAX_BLOCK_ID = 255
MAX_ACTION_ID = 255
MAX_BUTTON_VALUE = 2000
MAX_BUTTON_URL = 3000
MAX_INPUT_LENGTH = 3000  # plain_text_input: max_length, and so initial_value
BUTTON_STYLES = ("primary", "danger")
MAX_CONFIRM_TITLE = 100
MAX_CONFIRM_TEXT = 300
MAX_CONFIRM_BUTTON = 30

KNOWN_BLOCK_TYPES = frozenset(
    {"section", "divider", "header", "context", "actions", "image", "input", "rich_text", "file",
     "video", "call", "markdown", "context_actions", "table"}
)
TEXT_OBJECT_TYPES = ("plain_text", "mrkdwn")
# What an input block may hold (Block Kit reference), and the limits of their options.
INPUT_ELEMENTS = frozenset(
    {"plain_text_input", "datepicker", "timepicker", "datetimepicker", "static_select", "multi_static_select",
     "users_select", "multi_users_select", "conversations_select", "multi_conversations_select",
     "channels_select", "multi_channels_select", "external_select", "multi_external_select", "checkboxes",
     "radio_buttons", "email_text_input", "url_text_input", "number_input", "rich_text_input", "file_input"}
)
MAX_OPTIONS = 100
MAX_CHOICE_OPTIONS = 10  # checkboxes and radio buttons
MAX_OPTION_VALUE = 150
MAX_OPTION_TEXT = 75
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


def parse_blocks(raw: Any) -> tuple[list[Any] | None, str | None]:
    """Blocks as slack_sdk sends them: a list, or a JSON string of one (form bodies). (blocks, problem)."""
    if raw is None or raw == "":
        return None, None
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return None, "blocks is not valid JSON"
    if not isinstance(raw, list):
        return None, "blocks must be an array"
    return raw, None


def block_errors(blocks: list[Any], *, max_blocks: int = MAX_MESSAGE_BLOCKS, pointer: str = "/blocks") -> list[str]:
    errors: list[str] = []
    if len(blocks) > max_blocks:
        errors.append(f"no more than {max_blocks} items allowed [json-pointer:{pointer}]")
    block_ids: set[str] = set()
    for index, block in enumerate(blocks):
        where = f"{pointer}/{index}"
        if not isinstance(block, dict) or not isinstance(block.get("type"), str):
            errors.append(f"must provide an object with a type [json-pointer:{where}]")
            continue
        errors.extend(_block_id_errors(block, block_ids, where))
        errors.extend(_one_block_errors(block, where))
    errors.extend(_all_text_object_errors(blocks, pointer))
    return list(dict.fromkeys(errors))  # the generic 3000-character walk may repeat a block's own finding


def _block_id_errors(block: dict[str, Any], seen: set[str], where: str) -> list[str]:
    block_id = block.get("block_id")
    if block_id is None:
        return []
    if not isinstance(block_id, str) or len(block_id) > MAX_BLOCK_ID:
        return [f"must be a string of at most {MAX_BLOCK_ID} characters [json-pointer:{where}/block_id]"]
    if block_id in seen:
        return [f"duplicate block_id {block_id} [json-pointer:{where}/block_id]"]
    seen.add(block_id)
    return []


def _one_block_errors(block: dict[str, Any], where: str) -> list[str]:
    kind = block["type"]
    if kind not in KNOWN_BLOCK_TYPES:
        return [f"unsupported type: {kind} [json-pointer:{where}/type]"]
    if kind == "section":
        return _section_errors(block, where)
    if kind == "header":
        return _text_object_errors(block.get("text"), f"{where}/text", MAX_HEADER_TEXT, plain_only=True)
    if kind == "context":
        return _elements_errors(block, where, MAX_CONTEXT_ELEMENTS)
    if kind == "actions":
        return _elements_errors(block, where, MAX_ACTIONS_ELEMENTS)
    if kind == "image":
        return _image_errors(block, where)
    if kind == "input":
        return _input_errors(block, where)
    return []


def _section_errors(block: dict[str, Any], where: str) -> list[str]:
    if "text" not in block and "fields" not in block:
        return [f"must provide text or fields [json-pointer:{where}]"]
    errors: list[str] = []
    if "text" in block:
        errors += _text_object_errors(block["text"], f"{where}/text", MAX_TEXT)
    fields = block.get("fields")
    if fields is not None:
        if not isinstance(fields, list) or not fields or len(fields) > MAX_SECTION_FIELDS:
            errors.append(f"must be 1..{MAX_SECTION_FIELDS} text objects [json-pointer:{where}/fields]")
        else:
            for i, item in enumerate(fields):
                errors += _text_object_errors(item, f"{where}/fields/{i}", MAX_SECTION_FIELD_TEXT)
    accessory = block.get("accessory")
    if accessory is not None:
        errors += _element_errors(accessory, f"{where}/accessory")
    return errors


def _elements_errors(block: dict[str, Any], where: str, limit: int) -> list[str]:
    elements = block.get("elements")
    if not isinstance(elements, list) or not elements or len(elements) > limit:
        return [f"must provide 1..{limit} elements [json-pointer:{where}/elements]"]
    errors: list[str] = []
    action_ids: set[str] = set()
    for i, element in enumerate(elements):
        errors += _element_errors(element, f"{where}/elements/{i}")
        action_id = element.get("action_id") if isinstance(element, dict) else None
        if isinstance(action_id, str):
            if action_id in action_ids:  # Slack: unique among the action_ids of the containing block
                errors.append(f"duplicate action_id {action_id} [json-pointer:{where}/elements/{i}/action_id]")
            action_ids.add(action_id)
    return errors


def _element_errors(element: Any, where: str) -> list[str]:
    if not isinstance(element, dict) or not isinstance(element.get("type"), str):
        return [f"must provide an object with a type [json-pointer:{where}]"]
    errors: list[str] = []
    action_id = element.get("action_id")
    if action_id is not None and (not isinstance(action_id, str) or not 0 < len(action_id) <= MAX_ACTION_ID):
        errors.append(f"must be 1..{MAX_ACTION_ID} characters [json-pointer:{where}/action_id]")
    if element["type"] == "button":
        errors += _text_object_errors(element.get("text"), f"{where}/text", MAX_BUTTON_TEXT, plain_only=True)
        value = element.get("value")
        if value is not None and (not isinstance(value, str) or not 0 < _utf16(value) <= MAX_BUTTON_VALUE):
            errors.append(f"must be 1..{MAX_BUTTON_VALUE} characters [json-pointer:{where}/value]")
        url = element.get("url")
        if url is not None and (not isinstance(url, str) or not 0 < len(url) <= MAX_BUTTON_URL):
            errors.append(f"must be 1..{MAX_BUTTON_URL} characters [json-pointer:{where}/url]")
        if "style" in element and element["style"] not in BUTTON_STYLES:
            errors.append(f"must be one of {BUTTON_STYLES} [json-pointer:{where}/style]")
        if "confirm" in element:
            errors += _confirm_errors(element["confirm"], f"{where}/confirm")
    if element["type"] == "plain_text_input":
        errors += _plain_text_input_errors(element, where)
    errors += _picker_errors(element, where)
    return errors


def _picker_errors(element: dict[str, Any], where: str) -> list[str]:
    """The input elements of a form: formats of initial values, options, and where each may stand."""
    kind = element["type"]
    errors: list[str] = []
    if kind == "datepicker" and "initial_date" in element and not _matches(DATE, element["initial_date"]):
        errors.append(f"must be YYYY-MM-DD [json-pointer:{where}/initial_date]")
    if kind == "timepicker":
        if "initial_time" in element and not _matches(TIME, element["initial_time"]):
            errors.append(f"must be HH:mm [json-pointer:{where}/initial_time]")
        if "timezone" in element and not _known_zone(element["timezone"]):
            errors.append(f"must be a valid IANA time zone [json-pointer:{where}/timezone]")
    if kind in ("static_select", "radio_buttons", "checkboxes"):
        options = element.get("options")
        limit = MAX_OPTIONS if kind == "static_select" else MAX_CHOICE_OPTIONS
        if not isinstance(options, list) or not 0 < len(options) <= limit:
            return [*errors, f"must provide 1..{limit} options [json-pointer:{where}/options]"]
        for i, option in enumerate(options):
            value = option.get("value") if isinstance(option, dict) else None
            if not isinstance(value, str) or not 0 < len(value) <= MAX_OPTION_VALUE:
                errors.append(f"must be 1..{MAX_OPTION_VALUE} characters [json-pointer:{where}/options/{i}/value]")
            errors += _text_object_errors(option.get("text") if isinstance(option, dict) else None,
                                          f"{where}/options/{i}/text", MAX_OPTION_TEXT,
                                          plain_only=kind == "static_select")
        initial = element.get("initial_options" if kind == "checkboxes" else "initial_option")
        chosen = initial if isinstance(initial, list) else [] if initial is None else [initial]
        for option in chosen:  # Slack: an initial option must be one of the options, exactly
            if option not in options:
                errors.append(f"initial option must match one of the options [json-pointer:{where}]")
    if kind == "multi_users_select":
        most = element.get("max_selected_items")
        if most is not None and (type(most) is not int or most < 1):
            errors.append(f"must be at least 1 [json-pointer:{where}/max_selected_items]")
    return errors


def _matches(pattern: re.Pattern[str], value: Any) -> bool:
    return isinstance(value, str) and pattern.fullmatch(value) is not None


def _known_zone(name: Any) -> bool:
    try:
        ZoneInfo(str(name))
    except (ValueError, ZoneInfoNotFoundError):
        return False
    return True


def _confirm_errors(confirm: Any, where: str) -> list[str]:
    """A confirmation dialog object: title, text, confirm and deny, each within Slack's limits."""
    if not isinstance(confirm, dict):
        return [f"must provide a confirmation dialog object [json-pointer:{where}]"]
    errors = _text_object_errors(confirm.get("title"), f"{where}/title", MAX_CONFIRM_TITLE, plain_only=True)
    errors += _text_object_errors(confirm.get("text"), f"{where}/text", MAX_CONFIRM_TEXT)
    for key in ("confirm", "deny"):
        errors += _text_object_errors(confirm.get(key), f"{where}/{key}", MAX_CONFIRM_BUTTON, plain_only=True)
    if "style" in confirm and confirm["style"] not in BUTTON_STYLES:
        errors.append(f"must be one of {BUTTON_STYLES} [json-pointer:{where}/style]")
    return errors


def _plain_text_input_errors(element: dict[str, Any], where: str) -> list[str]:
    errors: list[str] = []
    max_length = element.get("max_length", MAX_INPUT_LENGTH)
    if type(max_length) is not int or not 0 < max_length <= MAX_INPUT_LENGTH:
        errors.append(f"must be 1..{MAX_INPUT_LENGTH} [json-pointer:{where}/max_length]")
        max_length = MAX_INPUT_LENGTH
    initial = element.get("initial_value")
    if initial is not None and (not isinstance(initial, str) or len(initial) > max_length):
        errors.append(f"must be a string of at most max_length characters [json-pointer:{where}/initial_value]")
    return errors


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _image_errors(block: dict[str, Any], where: str) -> list[str]:
    errors = []
    if not block.get("image_url") and not block.get("slack_file"):
        errors.append(f"must provide image_url or slack_file [json-pointer:{where}]")
    if not isinstance(block.get("alt_text"), str) or not block["alt_text"]:
        errors.append(f"must provide alt_text [json-pointer:{where}/alt_text]")
    return errors


def _input_errors(block: dict[str, Any], where: str) -> list[str]:
    errors = _text_object_errors(block.get("label"), f"{where}/label", MAX_SECTION_FIELD_TEXT, plain_only=True)
    element = block.get("element")
    if isinstance(element, dict) and element.get("type") not in INPUT_ELEMENTS:
        errors.append(f"unsupported input element {element.get('type')} [json-pointer:{where}/element/type]")
    return errors + _element_errors(element, f"{where}/element")


def _text_object_errors(obj: Any, where: str, max_len: int, *, plain_only: bool = False) -> list[str]:
    allowed = ("plain_text",) if plain_only else TEXT_OBJECT_TYPES
    if not isinstance(obj, dict) or obj.get("type") not in allowed:
        return [f"must be a text object of type {' or '.join(allowed)} [json-pointer:{where}]"]
    text = obj.get("text")
    if not isinstance(text, str) or not text:
        return [f"must be more than 0 characters [json-pointer:{where}/text]"]
    if len(text) > max_len:
        return [f"must be less than {max_len + 1} characters [json-pointer:{where}/text]"]
    return []


def _all_text_object_errors(node: Any, where: str) -> list[str]:
    """Any text object anywhere (buttons, options, rich elements...) is capped at 3000 characters."""
    errors: list[str] = []
    if isinstance(node, dict):
        if node.get("type") in TEXT_OBJECT_TYPES and isinstance(node.get("text"), str) \
                and len(node["text"]) > MAX_TEXT:
            errors.append(f"must be less than {MAX_TEXT + 1} characters [json-pointer:{where}/text]")
        for key, value in node.items():
            errors += _all_text_object_errors(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            errors += _all_text_object_errors(value, f"{where}/{i}")
    return errors
