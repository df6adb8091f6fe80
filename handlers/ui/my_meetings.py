"""What a host sees of their own meetings: `/zoom list` with its Join, Cancel and Edit buttons, the move
form, and the answers to `/zoom cancel` and `/zoom move`. Built, not sent; anything a user or Zoom wrote is
escaped before it reaches mrkdwn.

Button values come back from the user's Slack client and are untrusted: the readers here accept only what
the writers here produce, and the flows check again, at Zoom, that the clicker hosts the meeting.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from handlers.language import MeetingDraft, MeetingQuestion
from handlers.ui.choice_values import AGAIN, ChoiceError, choice_value, read_choice_value
from handlers.ui.messages import (
    MAX_BUTTON_VALUE,
    MAX_INPUT_CHARS,
    MAX_SECTION_TEXT,
    Blocks,
    QuestionChoice,
    SlackMessage,
    choice_label,
    duration_text,
    escape_mrkdwn,
    meeting_number,
    meeting_question,
    plain,
    slack_date,
    slack_length,
)
from zoom.models import MAX_TOPIC_LENGTH, ListedMeeting

PAGE_SIZE = 10

# The list's buttons (Join reuses the channel message's action id, which a listener only acknowledges).
JOIN_ACTION = "zoom_join"
CANCEL_ACTION = "zoom_list_cancel"
MOVE_ACTION = "zoom_list_move"
MORE_ACTION = "zoom_list_more"
# The question `/zoom move` asks, and its form.
MOVE_CHOICE_PREFIX = "zoom_move_choice_"
MOVE_EDIT_ACTION = "zoom_move_edit"
MOVE_QUESTION_BLOCK = "zoom_move_question"
MOVE_VIEW = "zoom_move_edit"
MOVE_TIME_BLOCK = "zoom_move_time"
MOVE_TIME_ACTION = "text"

CANCEL_USAGE = "Usage: `/zoom cancel <meeting ID>`, e.g. `/zoom cancel 812 3456 7890` (`/zoom list` shows the IDs)."
MOVE_USAGE = ("Usage: `/zoom move <meeting ID> <new time>`, e.g. `/zoom move 812 3456 7890 tomorrow 3pm` "
              "(add `for 45m` to change the length too; `/zoom list` shows the IDs).")

_MEETING_ID = re.compile(r"[1-9][0-9]{8,10}")
_MAX_EDITOR_TEXT = 1000  # of the time text an Edit button carries back into the form


@dataclass(frozen=True)
class ListEntry:
    meeting: ListedMeeting
    hosted: bool  # the lister hosts it: Cancel and Edit are theirs to use


# -- /zoom list --------------------------------------------------------------------------------------


def meeting_list(entries: Sequence[ListEntry], *, offset: int, total: int, fallback_tz: str,
                 note: str = "") -> SlackMessage:
    """One page of the user's upcoming meetings (`entries`, the meetings from `offset` on), soonest first,
    with Show more when `total` goes past this page. `note` (mrkdwn, already escaped) goes on top."""
    shown_to = offset + len(entries)
    if offset == 0:
        heading = f"*Your upcoming Zoom meetings* ({total})" if total != 1 else "*Your upcoming Zoom meeting*"
    else:
        heading = f"*Your upcoming Zoom meetings*, {offset + 1}–{shown_to} of {total}"
    blocks: Blocks = []
    if note:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": _fit(note)}})
    blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": heading}})
    lines = [heading.replace("*", "")]
    for index, entry in enumerate(entries):
        meeting = entry.meeting
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": _fit(entry_text(meeting, fallback_tz))}})
        buttons = entry_buttons(entry)
        if buttons:
            blocks.append({"type": "actions", "block_id": f"zoom_list_{offset + index}", "elements": buttons})
        lines.append(f"{escape_mrkdwn(meeting.topic)} ({meeting_number(meeting.id)})")
    if shown_to < total:
        left = total - shown_to
        blocks.append({"type": "actions", "block_id": "zoom_list_more", "elements": [{
            "type": "button", "text": {"type": "plain_text", "text": f"Show more ({left} left)"},
            "action_id": MORE_ACTION, "value": str(shown_to)}]})
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text":
                   "Only you can see this. Cancel and Edit change the meeting at Zoom for everyone."}]})
    return SlackMessage(text=_fit("\n".join(lines)), blocks=blocks)


def no_meetings(note: str = "") -> SlackMessage:
    text = "You have no upcoming Zoom meetings. Schedule one with `/zoom meet Design review tomorrow 3pm`."
    return plain(f"{note}\n\n{text}" if note else text)


def entry_text(meeting: ListedMeeting, fallback_tz: str) -> str:
    """A listed meeting's lines (also the App Home's, handlers.ui.app_home)."""
    zone = meeting.timezone or fallback_tz
    when = slack_date(meeting.start_time, zone) if meeting.start_time else "no fixed time"
    topic = escape_mrkdwn(meeting.topic) or "(no topic)"
    text = f"*{topic}*\n{when} · {duration_text(meeting.duration_minutes or 60)} · ID {meeting_number(meeting.id)}"
    if meeting.recurring:
        text += "\n:repeat: _Next occurrence of a recurring meeting: Cancel and Edit apply to every occurrence._"
    return text


def entry_buttons(entry: ListEntry) -> list[dict[str, Any]]:
    """Join, and for its host Cancel and Edit (also the App Home's, whose blocks are told apart by their ids)."""
    meeting = entry.meeting
    buttons: list[dict[str, Any]] = []
    if meeting.join_url.startswith(("https://", "http://")):
        buttons.append({"type": "button", "text": {"type": "plain_text", "text": "Join"}, "url": meeting.join_url,
                        "action_id": JOIN_ACTION})
    if entry.hosted:
        topic = meeting.topic or "this meeting"
        every = " and every occurrence of it" if meeting.recurring else ""
        buttons.append({
            "type": "button", "text": {"type": "plain_text", "text": "Cancel"}, "style": "danger",
            "action_id": CANCEL_ACTION, "value": str(meeting.id),
            "confirm": {
                "title": {"type": "plain_text", "text": "Cancel this meeting?"},
                "text": {"type": "plain_text", "text": _fit(
                    f"{topic}{every} will be deleted at Zoom, for everyone invited. This cannot be undone.", 300)},
                "confirm": {"type": "plain_text", "text": "Cancel meeting"},
                "deny": {"type": "plain_text", "text": "Keep it"},
                "style": "danger",
            },
        })
        if meeting.movable:  # an instant meeting, or one with no fixed time, has no time to move
            buttons.append({"type": "button", "text": {"type": "plain_text", "text": "Edit"},
                            "action_id": MOVE_ACTION, "value": editor_value(meeting.id, meeting.topic)})
    return buttons


# -- the move form -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EditorTarget:
    """Which meeting the move form is for, what it is called (shown only), and the time text to start from."""

    meeting_id: int
    topic: str = ""
    text: str = ""


def editor_value(meeting_id: int, topic: str = "", text: str = "") -> str:
    """An Edit button's value: the meeting, its topic for the form's title, and the time text to prefill."""
    topic, text = topic[:MAX_TOPIC_LENGTH], text[:_MAX_EDITOR_TEXT]
    while True:
        value = json.dumps({"m": meeting_id, "t": topic, "x": text}, separators=(",", ":"), ensure_ascii=False)
        if slack_length(value) <= MAX_BUTTON_VALUE:
            return value
        # Only emoji (two units each) or escaped characters come near: the topic, shown only, goes first.
        topic, text = ("", text) if topic else (topic, text[:len(text) * 3 // 4])


def read_editor_value(raw: Any) -> EditorTarget | None:
    """What editor_value wrote, or None for anything else."""
    try:
        data = json.loads(raw) if isinstance(raw, str) and slack_length(raw) <= MAX_BUTTON_VALUE else None
    except ValueError:
        return None
    if not isinstance(data, dict) or set(data) != {"m", "t", "x"}:
        return None
    meeting_id, topic, text = data["m"], data["t"], data["x"]
    if type(meeting_id) is not int or not _MEETING_ID.fullmatch(str(meeting_id)) \
            or not isinstance(topic, str) or len(topic) > MAX_TOPIC_LENGTH \
            or not isinstance(text, str) or len(text) > _MAX_EDITOR_TEXT:
        return None
    return EditorTarget(meeting_id, topic, text)


def move_modal(target: EditorTarget, channel_id: str) -> dict[str, Any]:
    """The Edit form: the new time for one meeting; submitting it is `/zoom move <id> <time>`."""
    element: dict[str, Any] = {
        "type": "plain_text_input", "action_id": MOVE_TIME_ACTION, "max_length": MAX_INPUT_CHARS,
        "placeholder": {"type": "plain_text", "text": "tomorrow 3pm for 45m"},
    }
    if target.text:
        element["initial_value"] = target.text[:MAX_INPUT_CHARS]
    shown = target.topic or "this meeting"
    return {
        "type": "modal",
        "callback_id": MOVE_VIEW,
        "title": {"type": "plain_text", "text": "Move a meeting"},
        "submit": {"type": "plain_text", "text": "Move"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "private_metadata": json.dumps({"channel": channel_id, "meeting": target.meeting_id}, separators=(",", ":")),
        "blocks": [
            {"type": "section", "text": {"type": "plain_text", "text": _fit(
                f"{shown} (ID {meeting_number(target.meeting_id)})", MAX_SECTION_TEXT)}},
            {
                "type": "input", "block_id": MOVE_TIME_BLOCK,
                "label": {"type": "plain_text", "text": "New time"},
                "hint": {"type": "plain_text", "text": "As after a topic in /zoom meet: tomorrow 3pm, next Monday "
                         "10am, or 3-4pm to change the length too. Everyone invited keeps their invitation."},
                "element": element,
            },
        ],
    }


def read_move_metadata(raw: Any) -> tuple[str, int] | None:
    """(channel, meeting ID) the move form carries in its private_metadata, or None if it does not."""
    try:
        data = json.loads(raw) if isinstance(raw, str) else None
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    channel, meeting_id = data.get("channel"), data.get("meeting")
    # No channel: the form was opened from the App Home, and the answer goes by direct message.
    if not isinstance(channel, str) or not re.fullmatch(r"([CDG][A-Z0-9]{1,20})?", channel) \
            or type(meeting_id) is not int or not _MEETING_ID.fullmatch(str(meeting_id)):
        return None
    return channel, meeting_id


# -- the question `/zoom move` asks ----------------------------------------------------------------------

MOVE_AGAIN = "Nothing was moved; run `/zoom move` again, or click *Edit*."


def move_question(meeting_id: int, topic: str, question: MeetingQuestion) -> SlackMessage:
    """As `/zoom meet` asks: one button per reading of the new time (each carries the meeting and the reading),
    and Edit, which opens the move form with the text."""
    choices = [QuestionChoice(label=draft.label or choice_label(draft.start, draft.timezone),
                              value=move_choice_value(meeting_id, draft)) for draft in question.choices]
    return meeting_question(question.message, choices, editor_value(meeting_id, topic, question.text),
                            choice_prefix=MOVE_CHOICE_PREFIX, edit_action=MOVE_EDIT_ACTION,
                            block_id=MOVE_QUESTION_BLOCK, footer="Nothing is moved until you pick one.")


def move_choice_value(meeting_id: int, draft: MeetingDraft) -> str:
    """`<meeting ID>:<the reading as handlers.ui.choice_values writes it>`, at most 2000 characters."""
    prefix = f"{meeting_id}:"
    value = prefix + choice_value(draft)
    while slack_length(value) > MAX_BUTTON_VALUE and draft.notices:
        draft = replace(draft, notices=draft.notices[:-1])
        value = prefix + choice_value(draft)
    if slack_length(value) > MAX_BUTTON_VALUE:
        raise ValueError("a move choice that cannot fit in a button value")
    return value


def read_move_choice(value: Any, *, now: datetime) -> tuple[int, MeetingDraft]:
    """(meeting ID, reading) of a clicked move choice, checked like a `/zoom meet` choice (ChoiceError, worded
    for a move, when it does not hold up)."""
    meeting_id, _, rest = value.partition(":") if isinstance(value, str) else ("", "", "")
    if not _MEETING_ID.fullmatch(meeting_id):
        raise ChoiceError(f"I could not read that choice. {MOVE_AGAIN}")
    try:
        draft = read_choice_value(rest, now=now)
    except ChoiceError as error:
        raise ChoiceError(f"{error.message.removesuffix(AGAIN).strip()} {MOVE_AGAIN}") from None
    return int(meeting_id), draft


# -- answers ---------------------------------------------------------------------------------------------


def when_text(start: datetime | None, tz: str) -> str:
    return slack_date(start, tz) if start is not None else "with no fixed time"


def cancelled_note(topic: str, start: datetime | None, tz: str, *, recurring: bool, announced: int) -> str:
    every = ", every occurrence of it" if recurring else ""
    line = f":no_entry_sign: Cancelled *{escape_mrkdwn(topic)}* ({when_text(start, tz)}){every}; Zoom deleted it."
    if announced:
        line += " Its message in Slack now says so."
    return line


def already_gone_note(meeting_id: int, topic: str, *, announced: int) -> str:
    name = f"*{escape_mrkdwn(topic)}* (ID {meeting_number(meeting_id)})" if topic else \
        f"Meeting {meeting_number(meeting_id)}"
    line = f":information_source: {name} was already gone at Zoom: it was cancelled or deleted before."
    if announced:
        line += " Its message in Slack now says it is cancelled."
    return line


def not_yours(meeting_id: int, verb: str) -> str:
    return (f"Only the host of meeting {meeting_number(meeting_id)} can {verb} it, and I found no meeting with "
            f"that ID that you host at Zoom. Nothing was changed. `/zoom list` shows the meetings you host.")


def moved_note(topic: str, start: datetime, tz: str, duration_minutes: int, *, recurring: bool, announced: int,
               told: int, notices: Sequence[str] = ()) -> str:
    lines = [f":arrows_counterclockwise: Moved *{escape_mrkdwn(topic)}* to {slack_date(start, tz)}, "
             f"{duration_text(duration_minutes)}."]
    if recurring:
        lines.append(":repeat: It repeats: every occurrence moved with it, from the new start on (that is what "
                     "Zoom does when a whole series is updated). To move one occurrence only, use Zoom.")
    if announced:
        lines.append("Its message in Slack shows the new time.")
    if told:
        lines.append(f"I told the {told} {'person' if told == 1 else 'people'} you invited.")
    lines += [f":information_source: {escape_mrkdwn(notice)}" for notice in notices]
    return "\n".join(lines)


def moving_message(topic: str, start: datetime, tz: str) -> SlackMessage:
    """What a clicked move question turns into while Zoom is asked: no buttons left to click."""
    return plain(f":hourglass_flowing_sand: Moving *{escape_mrkdwn(topic)}* to {slack_date(start, tz)}…")


def invitee_moved(host_user_id: str, topic: str, start: datetime, tz: str, duration_minutes: int,
                  join_url: str) -> SlackMessage:
    """A direct message to someone invited: the new time and the join link, never the host's start link."""
    text = (f":arrows_counterclockwise: <@{host_user_id}> moved *{escape_mrkdwn(topic)}* to "
            f"{slack_date(start, tz)}, {duration_text(duration_minutes)}.")
    blocks: Blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": _fit(text)}}]
    if join_url.startswith(("https://", "http://")):
        blocks.append({"type": "actions", "elements": [{
            "type": "button", "text": {"type": "plain_text", "text": "Join Zoom meeting"}, "url": join_url,
            "action_id": JOIN_ACTION}]})
    return SlackMessage(text=f"{text} Join: {join_url}" if join_url else text, blocks=blocks)


def _fit(text: str, limit: int = MAX_SECTION_TEXT) -> str:
    """`text` cut to Slack's `limit` (UTF-16 code units, as Slack counts), with an ellipsis when cut."""
    if slack_length(text) <= limit:
        return text
    room, kept = limit - 1, []
    for ch in text:
        room -= 2 if ord(ch) > 0xFFFF else 1
        if room < 0:
            break
        kept.append(ch)
    return "".join(kept).rstrip() + "…"
