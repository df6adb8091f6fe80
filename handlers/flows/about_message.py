""""Zoom about this", the message shortcut: an instant meeting about a message, created as the user who used
it, announced as a reply in the message's thread, and the people of that thread told by direct message.

It is a meeting command like `/zoom meet` (handlers.flows.meet): the same steps (received, creating,
created, posted), the same connect prompt and resume, the same exactly-once direct messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from handlers.app.durable import Job
from handlers.app.services import Services
from handlers.flows.connect import ResumeAfterConnect
from handlers.flows.flow_types import MEET_ABOUT_MESSAGE
from handlers.flows.meet import Audience, create_from_draft, look_up, resume_announcement
from handlers.flows.meeting_defaults import meeting_options
from handlers.language import MeetingDraft
from handlers.language.slack_markup import SLACK_USER_ID, mentioned_users, message_title
from handlers.slack.profiles import SlackPerson, fetch_profile
from handlers.slack.replies import Replies
from handlers.ui.forms import text_of
from handlers.ui.messages import THREAD, plain
from zoom.models import MAX_TOPIC_LENGTH

ABOUT_MESSAGE_SHORTCUT = "zoom_about_this"  # the shortcut's callback_id (manifest.yml)

# The people of a thread told by direct message, at most; more are counted for the host.
MAX_TOLD = 20
# Participants looked up to find them (bots among them are skipped); Slack's reply_users is short anyway.
MAX_LOOKED_UP = 40
# Mentions in the message looked up for the title's names (the first line's come first).
MAX_NAMED = 10
# What is kept of the message's text: the title needs its first line only.
MAX_TEXT = 4000

NO_EMAIL_NOW = ("Slack did not tell me your email just now, so nothing was created. Please use the shortcut "
                "again in a minute.")


@dataclass(frozen=True)
class AboutMessage:
    """What the shortcut's payload says of the message it was used on."""

    ts: str
    thread_ts: str  # its thread: the message's own ts, or its parent's when it is a reply
    text: str
    user: str
    reply_users: tuple[str, ...]

    @classmethod
    def from_fields(cls, fields: dict[str, Any]) -> AboutMessage:
        ts = str(fields.get("ts") or "")
        return cls(ts=ts, thread_ts=str(fields.get("thread_ts") or ts), text=str(fields.get("text") or ""),
                   user=str(fields.get("user") or ""), reply_users=tuple(fields.get("reply_users") or ()))

    def participants(self, but: str) -> tuple[str, ...]:
        """Who took part, as far as the payload tells: its author, then the thread's repliers; each once,
        without `but` (the user of the shortcut)."""
        return tuple(user for user in dict.fromkeys((self.user, *self.reply_users)) if user and user != but)


def message_fields(message: Any) -> dict[str, Any]:
    """What is kept of a message_action's `message` (the listener stores it with the command): the ts, the
    thread, the author, the thread's repliers and the start of the text; nothing else of it."""
    message = message if isinstance(message, dict) else {}
    users = message.get("reply_users")
    return {
        "ts": text_of(message.get("ts")),
        "thread_ts": text_of(message.get("thread_ts")),
        "text": text_of(message.get("text"))[:MAX_TEXT],
        "user": _user(message.get("user")),
        "reply_users": [u for u in (users if isinstance(users, list) else [])[:MAX_LOOKED_UP] if _user(u)],
    }


def meet_about_message(services: Services, job: Job) -> None:
    if resume_announcement(services, job):
        return
    client, origin = job.client, job.origin
    fields = job.payload.get("message")
    message = AboutMessage.from_fields(fields if isinstance(fields, dict) else {})
    if not message.ts:
        Replies(client, origin).private(plain("Slack did not say which message this was about, so nothing was "
                                              "created. Please use the shortcut again."))
        return
    profile = fetch_profile(client, origin.user_id, origin.user_name)
    if profile.lookup_failed and services.settings.account_mode:
        Replies(client, origin).private(plain(NO_EMAIL_NOW))  # the meeting's host is found by that email
        return
    participants = message.participants(but=origin.user_id)
    named = mentioned_users(message.text)[:MAX_NAMED]
    people = look_up(job, tuple(dict.fromkeys((*named, *participants))))
    title = message_title(message.text, people.names(), limit=MAX_TOPIC_LENGTH) \
        or f"{profile.display_name}'s Zoom meeting"
    found = {person.user_id: person for person in people.found}
    reachable = [found[user] for user in participants if user in found and found[user].reachable]
    told = tuple(reachable[:MAX_TOLD])
    default_duration = meeting_options(services, origin.key).duration_minutes
    draft = MeetingDraft(topic=title, start=None, duration_minutes=default_duration, timezone=profile.tz)
    audience = Audience(people=told, why=THREAD, thread_ts=message.thread_ts,
                        notices=_notices(told, more=len(reachable) - len(told)))
    create_from_draft(services, job, draft, profile=profile, audience=audience,
                      resume=ResumeAfterConnect(MEET_ABOUT_MESSAGE, origin, message=dict(fields or {})))


def _notices(told: tuple[SlackPerson, ...], *, more: int) -> tuple[str, ...]:
    notices = []
    if told:
        names = [person.name for person in told]
        listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
        notices.append(f"I sent the join link to {listed}, who took part in the thread.")
    if more > 0:
        notices.append(f"{more} more {'person' if more == 1 else 'people'} took part; I told the first {MAX_TOLD} "
                       "only. Share the link in the thread for the rest.")
    return tuple(notices)


def _user(value: Any) -> str:
    return value if isinstance(value, str) and SLACK_USER_ID.fullmatch(value) else ""
