"""The scheduling form: a modal with a field for each part of a meeting, for people who would rather not type
a time. What it shows (FormDefaults) and what a submission holds (FormFields) cross into the flows typed.

The time picker carries the user's zone (`timezone`), so Slack shows and returns the time in the zone the
bot reads it in; the zone also rides in private_metadata, which only the app sees.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from handlers.language.slack_markup import MAX_INVITEES

# The button that opens the form is defined with the help message, which shows it; re-exported here.
from handlers.ui.messages import SCHEDULE_FORM_ACTION as SCHEDULE_FORM_ACTION
from handlers.ui.messages import duration_text, escape_mrkdwn
from handlers.ui.messages import schedule_button as schedule_button
from zoom.models import MAX_TOPIC_LENGTH

SCHEDULE_FORM_VIEW = "zoom_schedule_form"  # the modal's callback_id

TOPIC_BLOCK = "topic"
DAY_BLOCK = "day"
TIME_BLOCK = "time"
DURATION_BLOCK = "duration"
REPEAT_BLOCK = "repeat"
INVITEES_BLOCK = "invitees"
CHANNEL_BLOCK = "channel"
VALUE = "value"  # every input's action_id: a form has one input per block

DURATIONS = (15, 30, 45, 60, 90, 120, 180, 240, 480)
NO_REPEAT = "none"
# (value, label): the repeats the form offers, each as `/zoom meet` would write it.
REPEATS = (
    (NO_REPEAT, "Does not repeat"),
    ("daily", "Every day"),
    ("weekdays", "Every weekday (Monday to Friday)"),
    ("weekly", "Every week"),
    ("biweekly", "Every two weeks"),
    ("monthly", "Every month"),
)


@dataclass(frozen=True)
class FormDefaults:
    """What the form shows when it opens. `day` and `at` None: the user must pick them."""

    tz: str
    tz_known: bool
    duration_minutes: int
    day: date | None = None
    at: time | None = None
    topic: str = ""
    repeat: str = NO_REPEAT
    invitees: tuple[str, ...] = ()
    channel_id: str = ""
    note: str = ""  # said above the fields (why a prefilled form differs from what was typed)


@dataclass(frozen=True)
class FormFields:
    """A submission, as Slack sent it; nothing checked yet (handlers.flows.schedule_form does that)."""

    topic: str
    day: str | None
    at: str | None
    duration: str | None
    repeat: str | None
    invitees: tuple[str, ...]
    channel_id: str | None
    tz: str
    tz_known: bool


def schedule_form(defaults: FormDefaults) -> dict[str, Any]:
    durations = sorted({*DURATIONS, defaults.duration_minutes})
    blocks: list[dict[str, Any]] = []
    if defaults.note:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": escape_mrkdwn(defaults.note)}]})
    topic: dict[str, Any] = {"type": "plain_text_input", "action_id": VALUE, "max_length": MAX_TOPIC_LENGTH,
                             "placeholder": {"type": "plain_text", "text": "Design review"}}
    if defaults.topic:
        topic["initial_value"] = defaults.topic[:MAX_TOPIC_LENGTH]
    day: dict[str, Any] = {"type": "datepicker", "action_id": VALUE}
    if defaults.day is not None:
        day["initial_date"] = defaults.day.isoformat()
    at: dict[str, Any] = {"type": "timepicker", "action_id": VALUE, "timezone": defaults.tz}
    if defaults.at is not None:
        at["initial_time"] = defaults.at.strftime("%H:%M")
    invitees: dict[str, Any] = {"type": "multi_users_select", "action_id": VALUE,
                                "max_selected_items": MAX_INVITEES,
                                "placeholder": {"type": "plain_text", "text": "People to invite"}}
    if defaults.invitees:
        invitees["initial_users"] = list(defaults.invitees[:MAX_INVITEES])
    channel: dict[str, Any] = {"type": "conversations_select", "action_id": VALUE, "response_url_enabled": True,
                               "default_to_current_conversation": True,
                               "filter": {"include": ["public", "private", "mpim", "im"], "exclude_bot_users": True}}
    if defaults.channel_id:
        channel["initial_conversation"] = defaults.channel_id
    blocks += [
        _input(TOPIC_BLOCK, "Topic", topic, optional=True,
               hint="Left empty, the meeting is called after you."),
        _input(DAY_BLOCK, "Date", day),
        _input(TIME_BLOCK, "Start time", at, hint=_zone_hint(defaults)),
        _input(DURATION_BLOCK, "Duration", _select(
            [(str(minutes), duration_text(minutes)) for minutes in durations], str(defaults.duration_minutes))),
        _input(REPEAT_BLOCK, "Repeat", _select(list(REPEATS), defaults.repeat)),
        _input(INVITEES_BLOCK, "Invite", invitees, optional=True,
               hint="They get the join link in Slack, and Zoom lists those whose email Slack shares."),
        _input(CHANNEL_BLOCK, "Post in", channel, hint="The join link is posted there; the host link only to you."),
    ]
    return {
        "type": "modal",
        "callback_id": SCHEDULE_FORM_VIEW,
        "title": {"type": "plain_text", "text": "Schedule a meeting"},
        "submit": {"type": "plain_text", "text": "Schedule"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "private_metadata": json.dumps({"tz": defaults.tz, "tz_known": defaults.tz_known}, separators=(",", ":")),
        "blocks": blocks,
    }


def read_form(view: dict[str, Any]) -> FormFields:
    """The fields of a submitted form, as strings and ids (anything malformed reads as empty)."""
    values = _mapping(_mapping(view.get("state")).get("values"))

    def entry(block_id: str) -> dict[str, Any]:
        return _mapping(_mapping(values.get(block_id)).get(VALUE))

    metadata = _metadata(view.get("private_metadata"))
    option = _mapping(entry(REPEAT_BLOCK).get("selected_option"))
    length = _mapping(entry(DURATION_BLOCK).get("selected_option"))
    users = entry(INVITEES_BLOCK).get("selected_users")
    return FormFields(
        topic=_text(entry(TOPIC_BLOCK).get("value")),
        day=_text(entry(DAY_BLOCK).get("selected_date")) or None,
        at=_text(entry(TIME_BLOCK).get("selected_time")) or None,
        duration=_text(length.get("value")) or None,
        repeat=_text(option.get("value")) or None,
        invitees=tuple(user for user in users if isinstance(user, str)) if isinstance(users, list) else (),
        channel_id=_text(entry(CHANNEL_BLOCK).get("selected_conversation")) or None,
        tz=_text(metadata.get("tz")),
        tz_known=metadata.get("tz_known") is True,
    )


def _zone_hint(defaults: FormDefaults) -> str:
    city = defaults.tz.rsplit("/", 1)[-1].replace("_", " ")
    abbreviation = datetime.now(ZoneInfo(defaults.tz)).strftime("%Z")
    zone = city if abbreviation in ("", city) else f"{city} ({abbreviation})"
    if not defaults.tz_known:
        return f"In {zone}: Slack did not tell me your time zone."
    return f"In your Slack time zone, {zone}."


def _input(block_id: str, label: str, element: dict[str, Any], *, optional: bool = False,
           hint: str = "") -> dict[str, Any]:
    block: dict[str, Any] = {"type": "input", "block_id": block_id, "optional": optional,
                             "label": {"type": "plain_text", "text": label}, "element": element}
    if hint:
        block["hint"] = {"type": "plain_text", "text": hint}
    return block


def _select(options: list[tuple[str, str]], initial: str) -> dict[str, Any]:
    shown = [{"text": {"type": "plain_text", "text": label}, "value": value} for value, label in options]
    select: dict[str, Any] = {"type": "static_select", "action_id": VALUE, "options": shown}
    chosen = [option for option in shown if option["value"] == initial]
    if chosen:
        select["initial_option"] = chosen[0]
    return select


def _metadata(raw: Any) -> dict[str, Any]:
    try:
        data = json.loads(raw) if isinstance(raw, str) else None
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""
