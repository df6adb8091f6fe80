"""Signed bodies of a shape Slack or Zoom never sends stop at the door with a 400.

Bolt reads what it is given as Slack documents it (`body["actions"][0]["action_id"]`, `body["view"]["type"]`,
`"id" in body["team"]`...). A signed body of another shape makes it raise inside its dispatcher, which answers
500 and logs a traceback, and a listener would meet the same values later (a `text` that is an object, a team
id that is not text, a NUL that PostgreSQL refuses to store). Only someone holding the signing secret can send
such a body, but the answer must still be a plain 400 that changes nothing, so each body is checked here for
the fields Bolt and the listeners read, before either sees it.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl

# Slack's payloads nest about a dozen levels (a message's rich text inside a block_actions payload); far more
# is not Slack, and a walk over it must not need Python's recursion.
MAX_DEPTH = 64
# Slack ids (T0123ABCD, U0ALICE, E..., C..., W...) are short ASCII words.
_SLACK_ID = re.compile(r"[A-Za-z0-9._-]{1,64}", re.ASCII)


class Malformed(ValueError):
    """A body no Slack (or Zoom) request has; `reason` says which part, for the 400 and a log line."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def check_tree(value: Any, *, max_depth: int = MAX_DEPTH) -> None:
    """No nesting deeper than `max_depth`, and no string (key or value) with a NUL or a lone surrogate: JSON can
    carry both ("\\u0000", "\\ud800"), PostgreSQL stores neither and UTF-8 cannot encode the second."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, str):
            _check_text(node)
        elif isinstance(node, dict | list):
            if depth > max_depth:
                raise Malformed("nested too deeply")
            items = node.items() if isinstance(node, dict) else enumerate(node)
            for key, child in items:
                if isinstance(key, str):
                    _check_text(key)
                stack.append((child, depth + 1))


def _check_text(text: str) -> None:
    if "\x00" in text:
        raise Malformed("a string holds a NUL")
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise Malformed("a string holds a lone surrogate") from None


def read_slack_body(text: str, content_type: str | None) -> dict[str, Any]:
    """The body of a signed `POST /slack/events` as Bolt reads it, checked; Malformed if Slack never sends it.

    Bolt's own parser looks for the text "payload" anywhere in a form body and, when the field is not there,
    reads the whole body as empty: a slash command whose text, user name or channel name contains the word was
    lost (404). Here the field itself decides, and the caller hands this dict to Bolt."""
    body = _parse(text, content_type)
    if not isinstance(body, dict):
        raise Malformed("the body is not an object")
    check_tree(body)
    _check_common(body)
    if "command" in body:
        _check_command(body)
    elif body.get("type") == "event_callback":
        _check_event_callback(body)
    elif "type" in body:
        _check_interaction(body)
    elif "ssl_check" not in body:
        raise Malformed("neither a command, an event nor an interaction")
    return body


def _parse(text: str, content_type: str | None) -> Any:
    # The same choice of format as Bolt's parse_body: JSON if declared or if it looks like JSON, else a form.
    try:
        if content_type == "application/json" or text.startswith("{"):
            return json.loads(text)
        fields = parse_qsl(text, keep_blank_values=True)
        names = [name for name, _ in fields]
        if len(set(names)) != len(names):  # which of two `text` fields did the sender mean? Slack sends one
            raise Malformed("a form field is repeated")
        form = dict(fields)
        if "payload" in form:
            return json.loads(form["payload"])
        return form
    except RecursionError:  # json's parser gives up at about 1,000 levels
        raise Malformed("nested too deeply") from None
    except ValueError as error:
        if isinstance(error, Malformed):
            raise
        raise Malformed("not JSON") from None


# -- what Bolt reads from every body (slack_bolt.request.internals.build_context) ----------------------------

_IDS = ("team_id", "enterprise_id", "user_id", "channel_id", "api_app_id", "context_team_id",
        "context_enterprise_id", "app_installed_team_id")
_REFERENCES = ("team", "enterprise", "user", "channel")  # an id, an object with an id, or null
_NESTED = ("event", "message", "previous_message", "item", "assistant_thread")  # where Bolt looks again


def _check_common(body: dict[str, Any]) -> None:
    _check_ids(body, "")
    for name in _NESTED:
        nested = body.get(name)  # Bolt tests for a dict before it looks inside (an event_callback's: below)
        if isinstance(nested, dict):
            _check_ids(nested, f"{name}.")
            if name == "event":
                for inner in _NESTED[1:]:
                    if isinstance(nested.get(inner), dict):
                        _check_ids(nested[inner], f"event.{inner}.")
    authorizations = body.get("authorizations")
    if authorizations is not None:
        if not isinstance(authorizations, list) or not all(isinstance(a, dict) for a in authorizations):
            raise Malformed("authorizations is not a list of objects")
        for authorization in authorizations[:1]:  # Bolt reads the first
            _check_ids(authorization, "authorizations[0].")
            _check_flag(authorization, "is_enterprise_install")
    _check_flag(body, "is_enterprise_install")
    _check_optional(body, "response_url", str)
    _check_optional(body, "thread_ts", str)
    urls = body.get("response_urls")
    if urls is not None and (not isinstance(urls, list) or not all(
            isinstance(u, dict) and isinstance(u.get("response_url"), str) for u in urls)):
        raise Malformed("response_urls is not a list of response URLs")
    if isinstance(body.get("view"), dict):  # Bolt takes a team id from any view, a button's in a modal too
        _check_ids(body["view"], "view.")


def _check_ids(node: dict[str, Any], where: str) -> None:
    for name in _IDS:
        value = node.get(name)
        if value not in (None, "") and not (isinstance(value, str) and _SLACK_ID.fullmatch(value)):
            raise Malformed(f"{where}{name} is not a Slack id")
    for name in _REFERENCES:
        value = node.get(name)
        if isinstance(value, dict):
            value = value.get("id")
            if isinstance(value, dict | list):
                raise Malformed(f"{where}{name}.id is not a Slack id")
        if value not in (None, "") and not (isinstance(value, str) and _SLACK_ID.fullmatch(value)):
            raise Malformed(f"{where}{name} is not a Slack id")
        if isinstance(node.get(name), dict) and "team_id" in node[name]:
            _check_ids({"team_id": node[name]["team_id"]}, f"{where}{name}.")


def _check_flag(node: dict[str, Any], name: str) -> None:
    if node.get(name) not in (None, True, False, "true", "false"):
        raise Malformed(f"{name} is not true or false")


def _check_optional(node: dict[str, Any], name: str, kind: type) -> None:
    if node.get(name) is not None and not isinstance(node[name], kind):
        raise Malformed(f"{name} is not a {kind.__name__}")


# -- slash commands, events, interactions ----------------------------------------------------------------


def _check_command(body: dict[str, Any]) -> None:
    # Slack posts a command as a form: every field is text, and these three are always there.
    for name, value in body.items():
        if not isinstance(value, str):
            raise Malformed(f"command field {name} is not text")
    for name in ("team_id", "user_id", "channel_id"):
        if not body.get(name):
            raise Malformed(f"a command without {name}")


def _check_event_callback(body: dict[str, Any]) -> None:
    event = body.get("event")
    if not isinstance(event, dict) or not isinstance(event.get("type"), str):
        raise Malformed("an event without a type")
    if event["type"] == "tokens_revoked":
        tokens = event.get("tokens")
        if tokens is not None and not (isinstance(tokens, dict) and all(
                isinstance(ids, list) and all(isinstance(i, str) for i in ids) for ids in tokens.values())):
            raise Malformed("tokens is not a map of id lists")


_WITH_CALLBACK_ID = ("interactive_message", "dialog_submission", "dialog_cancellation", "dialog_suggestion",
                     "workflow_step_edit", "shortcut", "message_action")


def _check_interaction(body: dict[str, Any]) -> None:
    kind = body["type"]
    if not isinstance(kind, str):
        raise Malformed("type is not text")
    if kind in ("block_actions", "view_submission", "view_closed", "shortcut", "message_action"):
        # What the listeners answer to: a person, in a workspace (an org-wide install may send `team: null`).
        user = body.get("user")
        if not isinstance(user, dict) or not user.get("id"):
            raise Malformed(f"{kind} without a user")
        team = body.get("team")
        enterprise = body.get("enterprise")
        if not ((isinstance(team, dict) and team.get("id")) or user.get("team_id")
                or (isinstance(enterprise, dict) and enterprise.get("id"))):
            raise Malformed(f"{kind} without a team")
    if kind == "url_verification" and not isinstance(body.get("challenge"), str):
        raise Malformed("url_verification without a challenge")
    if kind == "block_actions":
        actions = body.get("actions")
        if not isinstance(actions, list) or not actions:
            raise Malformed("block_actions without actions")
        for action in actions:
            if not isinstance(action, dict) or not isinstance(action.get("action_id"), str):
                raise Malformed("an action without an action_id")
            _check_optional(action, "block_id", str)
    if kind in ("view_submission", "view_closed"):
        view = body.get("view")
        if not isinstance(view, dict):
            raise Malformed(f"{kind} without a view")
        for name in ("callback_id", "type"):
            if not isinstance(view.get(name), str):
                raise Malformed(f"a view without {name}")
        _check_optional(view, "private_metadata", str)
        if view["type"] == "workflow_step" and not isinstance(body.get("workflow_step"), dict):
            raise Malformed("a workflow step's view without the step")
        if kind == "view_submission":
            state = view.get("state")
            values = state.get("values") if isinstance(state, dict) else None
            if not isinstance(values, dict) or not all(
                    isinstance(block, dict) and all(isinstance(element, dict) for element in block.values())
                    for block in values.values()):
                raise Malformed("a view_submission without state values")
    if kind in _WITH_CALLBACK_ID and not isinstance(body.get("callback_id"), str):
        raise Malformed(f"{kind} without a callback_id")
    if kind == "message_action":
        # The message a shortcut was used on, and where it is: what "Zoom about this" replies to.
        message, channel = body.get("message"), body.get("channel")
        if not isinstance(message, dict) or not isinstance(message.get("ts"), str) or not message["ts"]:
            raise Malformed("message_action without its message")
        if not isinstance(channel, dict) or not channel.get("id"):
            raise Malformed("message_action without its channel")
        for name in ("text", "thread_ts"):
            _check_optional(message, name, str)
        users = message.get("reply_users")
        if users is not None and not (isinstance(users, list) and all(isinstance(u, str) for u in users)):
            raise Malformed("reply_users is not a list of user ids")
    if kind == "workflow_step_edit" and not isinstance(body.get("workflow_step"), dict):
        raise Malformed("workflow_step_edit without the step")
    if kind == "block_suggestion" and not isinstance(body.get("action_id"), str):
        raise Malformed("block_suggestion without an action_id")
