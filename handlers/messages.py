"""Block Kit messages. Anything that came from a user is escaped before it reaches mrkdwn."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

Blocks = list[dict[str, Any]]

HELP_EXAMPLES = (
    "/zoom meet Design review tomorrow 3pm",
    '/zoom meet "Q1 kickoff: 3 goals" next Monday 10am for 90m',
    "/zoom meet Quick sync in 2 hours for 30m",
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


@dataclass(frozen=True)
class HostSecrets:
    """What only the host may see: `start_url` makes whoever holds it the host."""

    start_url: str = field(repr=False)
    passcode: str = field(default="", repr=False)


def meeting_announcement(meeting: MeetingSummary) -> SlackMessage:
    topic = escape_mrkdwn(meeting.topic)
    when = "starting now" if meeting.start is None else slack_date(meeting.start, meeting.timezone)
    when_plain = "starting now" if meeting.start is None else local_time_text(meeting.start, meeting.timezone)
    fields = [
        {"type": "mrkdwn", "text": f"*When*\n{when}"},
        {"type": "mrkdwn", "text": f"*Duration*\n{duration_text(meeting.duration_minutes)}"},
        {"type": "mrkdwn", "text": f"*Scheduled by*\n<@{meeting.host_user_id}>"},
        {"type": "mrkdwn", "text": f"*Meeting ID*\n{meeting_number(meeting.meeting_id)}"},
    ]
    blocks: Blocks = [
        {"type": "section", "text": {"type": "mrkdwn", "text": f":video_camera: *{topic}*"}},
        {"type": "section", "fields": fields},
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
    text = f"Zoom meeting: {topic}, {when_plain}, {duration_text(meeting.duration_minutes)}. " \
           f"Join: {meeting.join_url}"
    return SlackMessage(text=text, blocks=blocks)


def host_confirmation(meeting: MeetingSummary, host: HostSecrets, notices: tuple[str, ...]) -> SlackMessage:
    """Private to the host: the start link and the passcode."""
    topic = escape_mrkdwn(meeting.topic)
    when = "starting now" if meeting.start is None else slack_date(meeting.start, meeting.timezone)
    lines = [f":white_check_mark: Created *{topic}*, {when}, {duration_text(meeting.duration_minutes)}."]
    if host.passcode:
        lines.append(f"Passcode `{escape_mrkdwn(host.passcode)}` (the join link already carries it; share it "
                     f"with people who join by meeting ID {meeting_number(meeting.meeting_id)}).")
    lines += [f":information_source: {notice}" for notice in notices]
    blocks: Blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines)}}]
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
    return SlackMessage(text=text, blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": text}}])


def usage(intro: str = "") -> SlackMessage:
    examples = "\n".join(f"• `{example}`" for example in HELP_EXAMPLES)
    text = (
        (f"{intro}\n\n" if intro else "")
        + "*Zoom in Slack*\n"
        + "• `/zoom` starts an instant meeting\n"
        + "• `/zoom meet <topic> <time> [for <duration>]` schedules one in your own time zone\n"
        + "• `/zoom connect` links your Zoom account, `/zoom disconnect` unlinks it, "
        + "`/zoom status` shows the link\n"
        + "• `/zoom list` shows your upcoming meetings scheduled from Slack\n\n"
        + f"*Examples*\n{examples}"
    )
    return plain(text)


def meeting_number(meeting_id: int) -> str:
    # Zoom shows meeting numbers as 3-3-4 (or 3-4-4 for 11 digits).
    digits = str(meeting_id)
    if len(digits) == 10:
        return f"{digits[:3]} {digits[3:6]} {digits[6:]}"
    if len(digits) == 11:
        return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    return digits


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ValueError, KeyError):
        return ZoneInfo("UTC")
