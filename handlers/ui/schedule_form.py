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
from handlers.ui.forms import input_block, mapping_of, option, static_select, submitted, text_of

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
        input_block(TOPIC_BLOCK, "Topic", topic, optional=True, hint="Left empty, the meeting is called after you."),
        input_block(DAY_BLOCK, "Date", day),
        input_block(TIME_BLOCK, "Start time", at, hint=_zone_hint(defaults)),
        input_block(DURATION_BLOCK, "Duration", _select(
            [(str(minutes), duration_text(minutes)) for minutes in durations], str(defaults.duration_minutes))),
        input_block(REPEAT_BLOCK, "Repeat", _select(list(REPEATS), defaults.repeat)),
        input_block(INVITEES_BLOCK, "Invite", invitees, optional=True,
                    hint="They get the join link in Slack, and Zoom lists those whose email Slack shares."),
        input_block(CHANNEL_BLOCK, "Post in", channel,
                    hint="The join link is posted there; the host link only to you."),
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
    def entry(block_id: str) -> dict[str, Any]:
        return submitted(view, block_id, VALUE)

    metadata = _metadata(view.get("private_metadata"))
    repeat = mapping_of(entry(REPEAT_BLOCK).get("selected_option"))
    length = mapping_of(entry(DURATION_BLOCK).get("selected_option"))
    users = entry(INVITEES_BLOCK).get("selected_users")
    return FormFields(
        topic=text_of(entry(TOPIC_BLOCK).get("value")),
        day=text_of(entry(DAY_BLOCK).get("selected_date")) or None,
        at=text_of(entry(TIME_BLOCK).get("selected_time")) or None,
        duration=text_of(length.get("value")) or None,
        repeat=text_of(repeat.get("value")) or None,
        invitees=tuple(user for user in users if isinstance(user, str)) if isinstance(users, list) else (),
        channel_id=text_of(entry(CHANNEL_BLOCK).get("selected_conversation")) or None,
        tz=text_of(metadata.get("tz")),
        tz_known=metadata.get("tz_known") is True,
    )


def _zone_hint(defaults: FormDefaults) -> str:
    city = defaults.tz.rsplit("/", 1)[-1].replace("_", " ")
    abbreviation = datetime.now(ZoneInfo(defaults.tz)).strftime("%Z")
    zone = city if abbreviation in ("", city) else f"{city} ({abbreviation})"
    if not defaults.tz_known:
        return f"In {zone}: Slack did not tell me your time zone."
    return f"In your Slack time zone, {zone}."


def _select(options: list[tuple[str, str]], initial: str) -> dict[str, Any]:
    return static_select(VALUE, [option(value, label) for value, label in options], initial)


def _metadata(raw: Any) -> dict[str, Any]:
    try:
        data = json.loads(raw) if isinstance(raw, str) else None
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
