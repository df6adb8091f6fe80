"""Block Kit messages. Anything that came from a user is escaped before it reaches mrkdwn."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from handlers.language.days import known_zone
from zoom.models import Recurrence

Blocks = list[dict[str, Any]]

# Slack's Block Kit limits for what the bot builds here.
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_INPUT_CHARS = 3000
MAX_SECTION_TEXT = 3000

# Interactive parts of a question: a button per reading, and Edit (which opens the scheduling form).
CHOICE_ACTION_PREFIX = "zoom_meet_choice_"
EDIT_ACTION = "zoom_meet_edit"
SCHEDULE_FORM_ACTION = "schedule_form_open"  # a button that opens the scheduling form

HELP_EXAMPLES = (
    "/zoom meet Design review tomorrow 3pm",
    '/zoom meet "Q1 kickoff: 3 goals" next Monday 10am for 90m',
    "/zoom meet Quick sync in 2 hours for 30m",
    "/zoom meet Sync with @Bob @Carol tomorrow 3pm",
)


@dataclass(frozen=True)
class SlackMessage:
    text: str
    blocks: Blocks

    def as_kwargs(self) -> dict[str, Any]:
        return {"text": self.text, "blocks": self.blocks}


def escape_mrkdwn(text: str) -> str:
    """Slack's own escaping: with &, < and > escaped no mention, link or date token can be formed."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def local_time_text(moment: datetime, tz: str) -> str:
    local = moment.astimezone(_zone(tz))
    hour = local.strftime("%I:%M %p").lstrip("0")
    return f"{local:%a} {local.day} {local:%b %Y}, {hour} {local.tzname()}"


def slack_date(moment: datetime, tz: str) -> str:
    """A date token each reader sees in their own zone; the fallback is in the host's zone."""
    fallback = escape_mrkdwn(local_time_text(moment, tz))
    return f"<!date^{int(moment.timestamp())}^{{date_short_pretty}} at {{time}}|{fallback}>"


def duration_text(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    if not rest:
        return f"{hours} h"
    return f"{hours} h {rest} min"


@dataclass(frozen=True)
class MeetingSummary:
    """What the channel may know about a meeting: never the host's start link, nor the passcode (the join
    link carries it for whoever clicks; the host gets it privately to share with people who dial in)."""

    topic: str
    start: datetime | None
    duration_minutes: int
    timezone: str
    join_url: str
    host_user_id: str
    meeting_id: int
    recurrence: Recurrence | None = None


@dataclass(frozen=True)
class HostSecrets:
    """What only the host may see: `start_url` makes whoever holds it the host."""

    start_url: str = field(repr=False)
    passcode: str = field(default="", repr=False)


@dataclass(frozen=True)
class MeetingState:
    """What happened to an announced meeting since it was posted, as its channel message shows it."""

    status: str = "scheduled"  # scheduled, live, ended or cancelled
    participants: int = 0
    lasted_minutes: int | None = None
    changed_by: str = ""  # the Slack user who cancelled or moved it
    moved: bool = False

    @property
    def joinable(self) -> bool:
        return self.status in ("scheduled", "live")


def meeting_announcement(meeting: MeetingSummary, state: MeetingState | None = None) -> SlackMessage:
    """The channel's message about a meeting: as first posted, and as redrawn when it goes live, ends, moves
    or is cancelled (the Join button and link only while it can still be joined)."""
    state = state or MeetingState()
    topic = escape_mrkdwn(meeting.topic)
    when = "starting now" if meeting.start is None else slack_date(meeting.start, meeting.timezone)
    when_plain = "starting now" if meeting.start is None else local_time_text(meeting.start, meeting.timezone)
    fields = [
        {"type": "mrkdwn", "text": f"*When*\n{when}"},
        {"type": "mrkdwn", "text": f"*Duration*\n{duration_text(meeting.duration_minutes)}"},
        {"type": "mrkdwn", "text": f"*Scheduled by*\n<@{meeting.host_user_id}>"},
        {"type": "mrkdwn", "text": f"*Meeting ID*\n{meeting_number(meeting.meeting_id)}"},
    ]
    repeats = f", {_lower_first(recurrence_text(meeting.recurrence))}" if meeting.recurrence else ""
    if meeting.recurrence:
        fields.insert(2, {"type": "mrkdwn", "text": f"*Repeats*\n{recurrence_text(meeting.recurrence)}"})
    title = f":video_camera: *{topic}*" if state.status != "cancelled" else f":no_entry_sign: ~{topic}~"
    blocks: Blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": title}}]
    status_line = _status_line(state)
    if status_line:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": status_line}]})
    blocks.append({"type": "section", "fields": fields})
    # A recurring meeting's next occurrence can still be joined after one has ended.
    joinable = state.joinable or (state.status == "ended" and meeting.recurrence is not None)
    if joinable:
        blocks += [
            {
                "type": "actions",
                "elements": [{
                    "type": "button",
                    "text": {"type": "plain_text", "text": "Join Zoom meeting"},
                    "style": "primary",
                    "url": meeting.join_url,
                    "action_id": "zoom_join",
                }],
            },
            {"type": "context", "elements": [{"type": "mrkdwn", "text": f"Join link: {meeting.join_url}"}]},
        ]
        text = f"Zoom meeting: {topic}, {when_plain}{repeats}, {duration_text(meeting.duration_minutes)}. " \
               f"Join: {meeting.join_url}"
    else:
        text = f"Zoom meeting: {topic}, {when_plain}{repeats}: {_status_plain(state)}."
    if status_line and joinable:
        text = f"{_status_plain(state)}. {text}"
    return SlackMessage(text=text, blocks=blocks)


def _status_line(state: MeetingState) -> str:
    by = f" by <@{state.changed_by}>" if state.changed_by else ""
    if state.status == "cancelled":
        return f":no_entry_sign: *Cancelled*{by}"
    if state.status == "live":
        people = f", {state.participants} in the meeting" if state.participants else ""
        return f":red_circle: *Live now*{people}"
    if state.status == "ended":
        lasted = f", lasted {duration_text(state.lasted_minutes)}" if state.lasted_minutes else ""
        return f":white_check_mark: *Ended*{lasted}"
    if state.moved:
        return f":arrows_counterclockwise: *Moved*{by}"
    return ""


def _status_plain(state: MeetingState) -> str:
    line = _status_line(state)
    for token in (":no_entry_sign: ", ":red_circle: ", ":white_check_mark: ", ":arrows_counterclockwise: ", "*"):
        line = line.replace(token, "")
    return line or "scheduled"


def host_confirmation(meeting: MeetingSummary, host: HostSecrets, notices: tuple[str, ...]) -> SlackMessage:
    """Private to the host: the start link and the passcode."""
    topic = escape_mrkdwn(meeting.topic)
    when = "starting now" if meeting.start is None else slack_date(meeting.start, meeting.timezone)
    lines = [f":white_check_mark: Created *{topic}*, {when}, {duration_text(meeting.duration_minutes)}."]
    if meeting.recurrence:
        lines.append(f":repeat: {recurrence_text(meeting.recurrence)}.")
    if host.passcode:
        lines.append(f"Passcode `{escape_mrkdwn(host.passcode)}` (the join link already carries it; share it "
                     f"with people who join by meeting ID {meeting_number(meeting.meeting_id)}).")
    # Notices quote the user's own words ("Read `12/03` as ..."): escaped like everything else they typed.
    lines += [f":information_source: {escape_mrkdwn(notice)}" for notice in notices]
    blocks: Blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": _fit("\n".join(lines), MAX_SECTION_TEXT)}}]
    start_url = host.start_url
    if start_url:
        blocks.append({
            "type": "actions",
            "elements": [{
                "type": "button",
                "text": {"type": "plain_text", "text": "Start as host"},
                "url": start_url,
                "action_id": "zoom_start_as_host",
            }],
        })
        blocks.append({"type": "context", "elements": [
            {"type": "mrkdwn", "text": "Only you can see this. The host link is yours alone: do not share it."}]})
    return SlackMessage(text=f"Created {topic}. Only you can see this message.", blocks=blocks)


def recording_reply(topic: str, share_url: str, duration_minutes: int, *, host_user_id: str,
                    has_passcode: bool) -> SlackMessage:
    """In the announcement's thread: where to watch the cloud recording, and how long it is. Only the share
    page: never a download link or token, never the passcode (the host has it, privately)."""
    title = escape_mrkdwn(topic)
    length = f" ({duration_text(duration_minutes)})" if duration_minutes > 0 else ""
    line = f":movie_camera: The recording of *{title}* is ready{length}: <{share_url}|watch it on Zoom>"
    blocks: Blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": _fit(line, MAX_SECTION_TEXT)}}]
    if has_passcode:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": (
            f"It asks for a passcode: <@{host_user_id}> has it.")}]})
    return SlackMessage(text=f"The recording of {title} is ready{length}: {share_url}", blocks=blocks)


def recording_passcode(topic: str, share_url: str, passcode: str, *, channel_id: str) -> SlackMessage:
    """Private to the host: the recording's passcode, which the channel's reply does not carry."""
    title = escape_mrkdwn(topic)
    where = f" in <#{channel_id}>" if channel_id[:1] in ("C", "G") else ""
    text = (f":lock: The recording of *{title}* is posted{where}, in the meeting's thread: <{share_url}|watch it>.\n"
            f"Passcode `{escape_mrkdwn(passcode)}` (only you can see this: share it with whoever should watch it).")
    return SlackMessage(text=f"The recording of {title} is ready. Only you can see its passcode.",
                        blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": _fit(text, MAX_SECTION_TEXT)}}])


def connect_prompt(authorize_url: str, *, reason: str) -> SlackMessage:
    blocks: Blocks = [
        {"type": "section", "text": {"type": "mrkdwn", "text": reason}},
        {
            "type": "actions",
            "elements": [{
                "type": "button",
                "text": {"type": "plain_text", "text": "Connect Zoom"},
                "style": "primary",
                "url": authorize_url,
                "action_id": "zoom_connect",
            }],
        },
        {"type": "context", "elements": [
            {"type": "mrkdwn", "text": "The link is yours alone and works once, for 10 minutes."}]},
    ]
    return SlackMessage(text=f"{reason} Connect Zoom: {authorize_url}", blocks=blocks)


def plain(text: str) -> SlackMessage:
    # Slack refuses a section over 3000 characters, and then the answer would not arrive at all.
    return SlackMessage(text=text, blocks=[{"type": "section", "text": {"type": "mrkdwn",
                                                                        "text": _fit(text, MAX_SECTION_TEXT)}}])


def usage(subcommands: Sequence[tuple[str, str]], intro: str = "") -> SlackMessage:
    """`/zoom help`: `subcommands` are (name, what it does), one line each."""
    examples = "\n".join(f"• `{example}`" for example in HELP_EXAMPLES)
    lines = "".join(f"• `/zoom {name}`: {what}\n" for name, what in subcommands)
    text = (
        (f"{intro}\n\n" if intro else "")
        + "*Zoom in Slack*\n"
        + "• `/zoom` starts an instant meeting\n"
        + "• `/zoom meet <topic> <time> [for <duration>]` schedules one in your own time zone; "
          "mention people (`@Bob`) to invite them\n"
        + "• `/zoom meet` alone opens a form to fill in instead\n"
        + lines + "\n"
        + f"*Examples*\n{examples}"
    )
    message = plain(text)
    return SlackMessage(text=message.text, blocks=[*(message.blocks or []), {
        "type": "actions", "elements": [schedule_button()]}])


def schedule_button(text: str = "Schedule a meeting") -> dict[str, Any]:
    """The button that opens the scheduling form, wherever it is shown (help, App Home)."""
    return {"type": "button", "text": {"type": "plain_text", "text": text}, "action_id": SCHEDULE_FORM_ACTION,
            "value": "open"}


# -- recurring meetings ------------------------------------------------------------------------------

# Zoom numbers weekdays 1 = Sunday ... 7 = Saturday; people read a week from Monday.
ZOOM_WEEKDAY_NAMES = {1: "Sunday", 2: "Monday", 3: "Tuesday", 4: "Wednesday", 5: "Thursday", 6: "Friday",
                      7: "Saturday"}
_MONDAY_FIRST = (2, 3, 4, 5, 6, 7, 1)
_WEEKDAYS = frozenset({2, 3, 4, 5, 6})
_ORDINAL_WEEKS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}


def recurrence_text(recurrence: Recurrence) -> str:
    """Zoom's recurrence rule in words: "Every weekday (10 times)", "Every other Friday (6 times)",
    "Monthly on the first Tuesday (12 times)". Weekdays are those of the meeting's own time zone."""
    return f"{_rule_text(recurrence)}{_times_text(recurrence.end_times)}"


def _rule_text(rule: Recurrence) -> str:
    every = rule.repeat_interval
    if rule.type == Recurrence.DAILY:
        return "Daily" if every == 1 else f"Every {every} days"
    if rule.type == Recurrence.WEEKLY:
        days = set(rule.weekly_days)
        if every == 1:
            if days == _WEEKDAYS:
                return "Every weekday"
            if len(days) == 7:
                return "Every day"
            return f"Every {_day_list(days)}"
        named = "weekdays" if days == _WEEKDAYS else _day_list(days)
        if every == 2:
            return "Every other week on weekdays" if days == _WEEKDAYS else f"Every other {named}"
        return f"Every {every} weeks on {named}"
    if rule.type == Recurrence.MONTHLY:
        if rule.monthly_week is not None and rule.monthly_week_day is not None:
            on = (f"on the {_ORDINAL_WEEKS.get(rule.monthly_week, str(rule.monthly_week))} "
                  f"{ZOOM_WEEKDAY_NAMES.get(rule.monthly_week_day, '?')}")
        else:
            on = f"on day {rule.monthly_day}"
        return f"Monthly {on}" if every == 1 else f"Every {every} months {on}"
    return "Repeating"


def _day_list(days: set[int]) -> str:
    names = [ZOOM_WEEKDAY_NAMES[day] for day in _MONDAY_FIRST if day in days]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _times_text(end_times: int) -> str:
    if end_times <= 0:  # Zoom's "no end"
        return ""
    return " (once)" if end_times == 1 else f" ({end_times} times)"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


# -- questions: several readings of one /zoom meet -------------------------------------------------


def choice_label(start: datetime | None, tz: str) -> str:
    """A short reading for a button: "Tue 24 Nov, 15:00" in the meeting's own zone."""
    if start is None:
        return "Now"
    local = start.astimezone(_zone(tz))
    label = f"{local:%a} {local.day} {local:%b}, {local:%H:%M}"
    # In the hour the clocks go back, that wall time happens twice: the zone's abbreviation tells them apart.
    twice = local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()
    return f"{label} {local.tzname()}" if twice else label


@dataclass(frozen=True)
class QuestionChoice:
    label: str
    value: str  # the serialized draft (handlers.ui.choice_values), at most 2000 characters


def meeting_question(message: str, choices: Sequence[QuestionChoice], edit_text: str, *,
                     choice_prefix: str = CHOICE_ACTION_PREFIX, edit_action: str = EDIT_ACTION,
                     block_id: str = "zoom_meet_question", footer: str = "Nothing is scheduled until you pick one."
                     ) -> SlackMessage:
    """Private: what the reader asks, one button per plausible reading, and Edit to rewrite the text. The
    same question serves `/zoom move` (its own action ids, and Edit's value is then the editor's)."""
    shown = _fit(escape_mrkdwn(_fit(message, MAX_SECTION_TEXT // 2)), MAX_SECTION_TEXT - 20)
    buttons: list[dict[str, Any]] = []
    for index, choice in enumerate(choices):
        if slack_length(choice.value) > MAX_BUTTON_VALUE:
            raise ValueError("a choice value over Slack's 2000 characters")
        buttons.append({
            "type": "button",
            "text": {"type": "plain_text", "text": _fit(choice.label or "This one", MAX_BUTTON_TEXT)},
            "action_id": f"{choice_prefix}{index}",
            "value": choice.value,
        })
    edit: dict[str, Any] = {"type": "button", "text": {"type": "plain_text", "text": "Edit"},
                            "action_id": edit_action}
    if edit_text:
        edit["value"] = _fit(edit_text, MAX_BUTTON_VALUE, ellipsis="")
    blocks: Blocks = [
        {"type": "section", "text": {"type": "mrkdwn", "text": f":thinking_face: {shown}"}},
        {"type": "actions", "block_id": block_id, "elements": [*buttons, edit]},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": f"Only you can see this. {footer}"}]},
    ]
    return SlackMessage(text=f"{shown} Only you can see this.", blocks=blocks)


def creating_message(topic: str, start: datetime | None, tz: str, recurrence: Recurrence | None) -> SlackMessage:
    """What a clicked question turns into while the meeting is created: no buttons left to click."""
    when = "starting now" if start is None else local_time_text(start, tz)
    repeats = f", {_lower_first(recurrence_text(recurrence))}" if recurrence else ""
    return plain(f":hourglass_flowing_sand: Creating *{escape_mrkdwn(topic)}*, {escape_mrkdwn(when)}{repeats}…")


def slack_length(text: str) -> int:
    """Length as Slack's limits count it, in UTF-16 code units (an emoji counts twice)."""
    return len(text.encode("utf-16-le")) // 2


def _fit(text: str, limit: int, *, ellipsis: str = "…") -> str:
    if slack_length(text) <= limit:
        return text
    room = limit - slack_length(ellipsis)
    kept: list[str] = []
    for ch in text:
        room -= 2 if ord(ch) > 0xFFFF else 1
        if room < 0:
            break
        kept.append(ch)
    return "".join(kept).rstrip() + ellipsis


def meeting_number(meeting_id: int) -> str:
    # Zoom shows meeting numbers as 3-3-4 (or 3-4-4 for 11 digits).
    digits = str(meeting_id)
    if len(digits) == 10:
        return f"{digits[:3]} {digits[3:6]} {digits[6:]}"
    if len(digits) == 11:
        return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    return digits


def _zone(tz: str) -> ZoneInfo:
    return known_zone(tz) or ZoneInfo("UTC")


# -- people told about a meeting: invitees, a thread's participants ---------------------------------------

INVITED = "invited"      # mentioned in `/zoom meet`
THREAD = "thread"        # took part in the thread a "Zoom about this" meeting is about


def invitation(meeting: MeetingSummary, *, why: str, channel_id: str = "") -> SlackMessage:
    """A direct message to someone the host invited (`why` INVITED) or whose thread the meeting is about
    (THREAD): the topic, the time as a date token, the join link. Never the start link, never the passcode."""
    topic = escape_mrkdwn(meeting.topic)
    where = f" in <#{channel_id}>" if channel_id[:1] in ("C", "G") else ""
    when = "starting now" if meeting.start is None else slack_date(meeting.start, meeting.timezone)
    when_plain = "starting now" if meeting.start is None else local_time_text(meeting.start, meeting.timezone)
    if why == THREAD:
        lead = f"<@{meeting.host_user_id}> started a Zoom meeting about a thread you took part in{where}: *{topic}*"
    else:
        lead = f"<@{meeting.host_user_id}> invited you to a Zoom meeting{where}: *{topic}*"
    lines = [f":wave: {lead}", f"*When* {when}, {duration_text(meeting.duration_minutes)}"]
    if meeting.recurrence:
        lines.append(f":repeat: {recurrence_text(meeting.recurrence)}")
    blocks: Blocks = [
        {"type": "section", "text": {"type": "mrkdwn", "text": _fit("\n".join(lines), MAX_SECTION_TEXT)}},
        {"type": "actions", "elements": [{
            "type": "button", "text": {"type": "plain_text", "text": "Join Zoom meeting"}, "style": "primary",
            "url": meeting.join_url, "action_id": "zoom_join"}]},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": f"Join link: {meeting.join_url}"}]},
    ]
    return SlackMessage(text=f"Zoom meeting: {topic}, {when_plain}. Join: {meeting.join_url}", blocks=blocks)


