"""An in-process Slack emulator: the Web API methods the bot calls, oauth.v2.access, response_urls, and
Socket Mode (apps.connections.open and the WebSocket server of `socket_mode.py`).

Like Slack, every Web API answer is HTTP 200 with `{"ok": false, "error": ...}` on failure (429 aside).

What people see is kept as `shown` messages (channel posts, ephemerals, response_url answers), as they are
now: a response_url that came with a click may replace (`replace_original`) or delete the message clicked.
`click()` and `submit_view()` build the interaction payloads Slack would send (a block_actions for a button
someone can see right now, a view_submission for an open modal), with fresh trigger ids and response_urls;
the harness signs and posts them. Trigger ids open one view each, within three seconds, as on Slack.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from werkzeug.wrappers import Request, Response

from ._server import EmulatorServer, Record, json_response, parse_basic_auth, parse_bearer
from ._slack_blocks import MAX_VIEW_BLOCKS, block_errors, parse_blocks
from .socket_mode import Envelope, SocketConnection, SocketModeServer

FORM_MIMETYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
MAX_MESSAGE_TEXT = 40_000
RESPONSE_URL_MAX_USES = 5
RESPONSE_URL_TTL_SECONDS = 30 * 60
INSTALL_CODE_TTL_SECONDS = 10 * 60
ROTATING_TOKEN_TTL_SECONDS = 12 * 3600
MAX_MODAL_TITLE = 24
TRIGGER_TTL_SECONDS = 3  # Slack: "trigger_ids expire three seconds after they're issued"
MAX_PRIVATE_METADATA = 3000
MAX_CALLBACK_ID = 255


class _SlackError(Exception):
    """Raised inside a method handler; becomes `{"ok": false, "error": error, **extra}`."""

    def __init__(self, error: str, **extra: Any):
        super().__init__(error)
        self.error = error
        self.extra = extra


# -- recorded state (public) -----------------------------------------------------------------------


@dataclass
class SlackUser(Record):
    id: str
    team_id: str
    name: str
    real_name: str
    display_name: str
    tz: str
    locale: str
    email: str | None
    is_bot: bool
    deleted: bool

    def to_api(self, *, include_locale: bool) -> dict[str, Any]:
        now = datetime.now(ZoneInfo(self.tz))
        profile: dict[str, Any] = {
            "real_name": self.real_name,
            "real_name_normalized": self.real_name,
            "display_name": self.display_name,
            "display_name_normalized": self.display_name,
        }
        if self.email is not None:
            profile["email"] = self.email
        body: dict[str, Any] = {
            "id": self.id,
            "team_id": self.team_id,
            "name": self.name,
            "deleted": self.deleted,
            "real_name": self.real_name,
            "tz": self.tz,
            "tz_label": now.tzname(),
            "tz_offset": int(now.utcoffset().total_seconds()),  # type: ignore[union-attr]
            "is_bot": self.is_bot,
            "is_admin": False,
            "is_app_user": False,
            "profile": profile,
        }
        if include_locale:
            body["locale"] = self.locale
        return body


@dataclass
class SlackChannel(Record):
    id: str
    team_id: str
    name: str
    is_private: bool
    is_im: bool
    bot_is_member: bool
    user: str | None = None  # the other party of an IM
    is_archived: bool = False


@dataclass
class MessageRecord(Record):
    channel: str  # the resolved channel id (a D... id when the bot posted to a user id)
    requested_channel: str  # what the bot passed as `channel`
    text: str | None
    blocks: list[Any] | None
    ts: str
    thread_ts: str | None
    team_id: str
    params: dict[str, Any]  # everything the bot sent except the token
    deleted: bool = False


@dataclass
class EphemeralRecord(Record):
    channel: str
    user: str
    text: str | None
    blocks: list[Any] | None
    ts: str
    thread_ts: str | None
    team_id: str
    params: dict[str, Any]


@dataclass
class UpdateRecord(Record):
    channel: str
    ts: str
    text: str | None
    blocks: list[Any] | None
    params: dict[str, Any]


@dataclass
class ViewRecord(Record):
    method: str  # views.open, views.push, views.update or views.publish
    view_id: str
    view: dict[str, Any]
    user_id: str | None
    trigger_id: str | None
    team_id: str
    params: dict[str, Any]


@dataclass
class ResponseRecord(Record):
    url_id: str
    url: str
    payload: dict[str, Any]
    use_number: int  # 1..5
    channel_id: str | None
    user_id: str | None
    source_ts: str | None = None  # the message whose button the response_url came with
    message_ts: str | None = None  # the shown message this post made, replaced or deleted


@dataclass
class ShownMessage(Record):
    """A message as people see it now; `versions` holds what it said before it was replaced or updated."""

    ts: str
    channel: str
    user: str | None  # an ephemeral's only reader; None: everyone in the channel
    text: str | None
    blocks: list[Any] | None
    via: str  # "chat.postMessage", "chat.postEphemeral", "response_url" or "ack" (show_ack)
    versions: list[dict[str, Any]] = field(default_factory=list)
    deleted: bool = False

    @property
    def ephemeral(self) -> bool:
        return self.user is not None

    def replace_with(self, text: str | None, blocks: list[Any] | None) -> None:
        self.versions.append({"text": self.text, "blocks": self.blocks})
        self.text, self.blocks = text, blocks

    def buttons(self) -> dict[str, dict[str, Any]]:
        """action_id -> button element, of every button in the message."""
        return {element["action_id"]: element for _, element in _buttons(self.blocks)}


@dataclass
class UserPost(Record):
    """A message a person posted (`post_as`), which shortcuts can be used on; with its thread, as Slack keeps it."""

    channel: str
    user: str
    text: str
    ts: str
    thread_ts: str | None  # the parent's ts when this is a reply
    team_id: str
    reply_users: list[str] = field(default_factory=list)  # a parent's repliers, people and bots, in order
    reply_count: int = 0
    latest_reply: str | None = None


@dataclass
class InstallRecord(Record):
    grant_type: str  # "authorization_code" or "refresh_token"
    team_id: str | None
    enterprise_id: str | None
    bot_token: str
    refresh_token: str | None
    response: dict[str, Any]


class SlackApiCall(NamedTuple):
    method: str
    team_id: str | None  # the calling token's team, None when unauthenticated
    error: str | None  # None when ok


# -- internal state --------------------------------------------------------------------------------


#: What the bot token of the emulator's own workspace (and add_bot_token) may do unless told otherwise.
BOT_SCOPES = ("commands", "chat:write", "users:read", "users:read.email")


@dataclass
class _BotToken:
    team_id: str | None
    enterprise_id: str | None
    bot_user_id: str
    bot_id: str
    revoked: bool = False
    expires_at: float | None = None
    scopes: frozenset[str] = frozenset(BOT_SCOPES)


@dataclass
class _Installation:
    """What an install code (and the refresh tokens descending from it) installs."""

    team_id: str | None
    team_name: str
    enterprise_id: str | None
    enterprise_name: str
    is_enterprise_install: bool
    installer_user_id: str
    scopes: str
    bot_token: str | None
    bot_user_id: str
    bot_id: str
    rotation: bool
    redirect_uri: str | None
    expires_at: float


@dataclass
class _SlackRefreshToken:
    installation: _Installation
    spent: bool = False


@dataclass
class _ResponseUrl:
    url: str
    created_at: float
    channel_id: str | None
    user_id: str | None
    uses: int = 0
    source_ts: str | None = None


@dataclass
class _Trigger:
    created_at: float
    user_id: str | None
    team_id: str | None
    used: bool = False


@dataclass
class _Params:
    values: dict[str, Any]
    body_token: str | None = None
    problem: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


#: Methods and the scope Slack wants for them (`missing_scope` otherwise).
_REQUIRED_SCOPES = {"users.info": "users:read", "chat.postMessage": "chat:write", "chat.postEphemeral": "chat:write",
                    "chat.update": "chat:write", "chat.delete": "chat:write"}

_METHODS = {
    "auth.test": "_auth_test",
    "users.info": "_users_info",
    "chat.postMessage": "_chat_post_message",
    "chat.postEphemeral": "_chat_post_ephemeral",
    "chat.update": "_chat_update",
    "chat.delete": "_chat_delete",
    "views.open": "_views_open",
    "views.push": "_views_push",
    "views.update": "_views_update",
    "views.publish": "_views_publish",
}


class SlackEmulator(EmulatorServer):
    name = "slack-emulator"

    def __init__(
        self,
        *,
        bot_token: str = "xoxb-test-bot-token",
        team_id: str = "T0001",
        client_id: str = "111.222",
        client_secret: str = "slack-client-secret",
        team_name: str = "Example",
        app_id: str = "A0APP",
    ):
        super().__init__()
        self.bot_token = bot_token
        self.team_id = team_id
        self.client_id = client_id
        self.client_secret = client_secret
        self.app_id = app_id
        self._teams: dict[str | None, str] = {team_id: team_name}
        self._tokens: dict[str, _BotToken] = {bot_token: _BotToken(team_id, None, "UBOT", "BBOT")}
        self._users: dict[str, SlackUser] = {}
        self._channels: dict[str, SlackChannel] = {}
        self._install_codes: dict[str, _Installation] = {}
        self._refresh_tokens: dict[str, _SlackRefreshToken] = {}
        self._response_urls: dict[str, _ResponseUrl] = {}
        self._triggers: dict[str, _Trigger] = {}
        self._shown: dict[str, ShownMessage] = {}
        self._user_posts: dict[str, UserPost] = {}
        self._failing: dict[str, list[int | str]] = {}  # method -> [calls to let through, times to fail, error]
        self._last_ts_micros = 0

        self._messages: list[MessageRecord] = []
        self._ephemerals: list[EphemeralRecord] = []
        self._updates: list[UpdateRecord] = []
        self._deletions: list[tuple[str, str]] = []
        self._views: list[ViewRecord] = []
        self._responses: list[ResponseRecord] = []
        self._installs: list[InstallRecord] = []
        self._calls: list[SlackApiCall] = []
        self._refresh_count = 0
        self._spent_refresh_token_uses = 0
        self._app_tokens: set[str] = set()
        self._socket_mode = SocketModeServer(app_id)

    def stop(self) -> None:
        self._socket_mode.stop()
        super().stop()

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/"

    # -- test setup -------------------------------------------------------------------------------

    def add_bot_token(
        self, token: str, team_id: str, enterprise_id: str | None = None, bot_user_id: str = "UBOT",
        bot_id: str = "BBOT", scopes: tuple[str, ...] = BOT_SCOPES,
    ) -> None:
        with self._lock:
            self._tokens[token] = _BotToken(team_id, enterprise_id, bot_user_id, bot_id, scopes=frozenset(scopes))
            self._teams.setdefault(team_id, team_id)

    def add_app_token(self, token: str) -> None:
        """An app-level token (`xapp-...`, scope connections:write) that may open Socket Mode connections."""
        with self._lock:
            self._app_tokens.add(token)

    def revoke_token(self, token: str) -> None:
        with self._lock:
            self._tokens[token].revoked = True

    def add_user(
        self,
        user_id: str,
        *,
        team_id: str | None = None,
        name: str = "alice",
        real_name: str = "Alice Example",
        tz: str = "America/New_York",
        locale: str = "en-US",
        email: str | None = None,
        is_bot: bool = False,
        deleted: bool = False,
        display_name: str | None = None,
    ) -> SlackUser:
        ZoneInfo(tz)  # fail at setup, not inside a request, on a typo'd zone
        user = SlackUser(
            id=user_id, team_id=team_id or self.team_id, name=name, real_name=real_name,
            display_name=name if display_name is None else display_name, tz=tz, locale=locale, email=email,
            is_bot=is_bot, deleted=deleted,
        )
        with self._lock:
            self._users[user_id] = user
        return user

    def add_channel(
        self,
        channel_id: str,
        *,
        name: str = "general",
        is_private: bool = False,
        is_im: bool = False,
        bot_is_member: bool = True,
        team_id: str | None = None,
        is_archived: bool = False,
    ) -> SlackChannel:
        channel = SlackChannel(channel_id, team_id or self.team_id, name, is_private, is_im, bot_is_member,
                               is_archived=is_archived)
        with self._lock:
            self._channels[channel_id] = channel
        return channel

    def fail_calls(self, method: str, error: str = "internal_error", *, after: int = 0, times: int = 1) -> None:
        """Of the next calls to `method`, let `after` through, then answer `times` of them with
        `{"ok": false, "error": error}` (HTTP 200, as Slack answers its own outages and refusals)."""
        with self._lock:
            self._failing[method] = [after, times, error]

    def new_install_code(
        self,
        team_id: str | None = "T0002",
        team_name: str = "Other",
        enterprise_id: str | None = None,
        installer_user_id: str = "U0INSTALLER",
        scopes: str = "commands,chat:write,users:read",
        bot_token: str | None = None,
        *,
        rotation: bool = False,
        redirect_uri: str | None = None,
        bot_user_id: str = "UBOT2",
        bot_id: str = "BBOT2",
        enterprise_name: str = "Enterprise",
        is_enterprise_install: bool = False,
    ) -> str:
        """A code as Slack puts on the OAuth redirect; single-use, valid 10 minutes."""
        code = f"{secrets.randbelow(10**12)}.{secrets.randbelow(10**12)}.{secrets.token_hex(32)}"
        with self._lock:
            self._install_codes[code] = _Installation(
                team_id=team_id, team_name=team_name, enterprise_id=enterprise_id,
                enterprise_name=enterprise_name, is_enterprise_install=is_enterprise_install,
                installer_user_id=installer_user_id, scopes=scopes, bot_token=bot_token,
                bot_user_id=bot_user_id, bot_id=bot_id, rotation=rotation, redirect_uri=redirect_uri,
                expires_at=self.now() + INSTALL_CODE_TTL_SECONDS,
            )
        return code

    def new_response_url(self, *, channel_id: str | None = None, user_id: str | None = None,
                         source_ts: str | None = None) -> str:
        """A response_url as a command (or, with `source_ts`, a click on that message) brings."""
        url_id = f"{self.team_id}/{secrets.randbelow(10**13)}/{secrets.token_urlsafe(18)}"
        url = f"{self.base_url}/response/{url_id}"
        with self._lock:
            self._response_urls[url_id] = _ResponseUrl(url, self.now(), channel_id, user_id, source_ts=source_ts)
        return url

    def new_trigger_id(self, user_id: str | None = None, team_id: str | None = None) -> str:
        """A trigger_id as an interaction brings: it opens one view, within three seconds of now."""
        trigger_id = f"{int(self.now() * 1000)}.{secrets.randbelow(10**10)}.{secrets.token_hex(16)}"
        with self._lock:
            self._triggers[trigger_id] = _Trigger(self.now(), user_id, team_id or self.team_id)
        return trigger_id

    # -- interactions ----------------------------------------------------------------------------

    def click(self, ts: str, action_id: str, *, user: str, api_app_id: str | None = None,
              block_id: str | None = None) -> dict[str, Any]:
        """The block_actions payload Slack sends when `user` clicks the button `action_id` of message `ts` as
        it is shown now (in block `block_id`, when several blocks have such a button). LookupError when that
        user sees no such button: the message was replaced or deleted, is someone else's ephemeral, or never
        had it. Sign and post it with the harness."""
        with self._lock:
            message = self._shown.get(ts)
            if message is None or message.deleted or message.user not in (None, user):
                raise LookupError(f"user {user} sees no message {ts}")
            found = [(block, element) for block, element in _buttons(message.blocks)
                     if element.get("action_id") == action_id and block_id in (None, block)]
            if not found:
                raise LookupError(f"message {ts} shows no button {action_id} (now: {sorted(message.buttons())})")
            block_id, button = found[0]
            person = self._users.get(user)
            channel = self._channels.get(message.channel)
            team_id = person.team_id if person else self.team_id
            snapshot = {"type": "message", "ts": message.ts, "text": message.text or "", "user": "UBOT",
                        "bot_id": "BBOT", "blocks": json.loads(json.dumps(message.blocks or []))}
        action: dict[str, Any] = {"action_id": action_id, "block_id": block_id, "text": dict(button["text"]),
                                  "type": "button", "action_ts": f"{self.now():.6f}"}
        for key in ("value", "url", "style"):
            if key in button:
                action[key] = button[key]
        payload: dict[str, Any] = {
            "type": "block_actions",
            "user": {"id": user, "username": person.name if person else user, "name": person.name if person else user,
                     "team_id": team_id},
            "api_app_id": api_app_id or self.app_id,
            "token": "deprecated-verification-token",
            "container": {"type": "message", "message_ts": message.ts, "channel_id": message.channel,
                          "is_ephemeral": message.ephemeral},
            "trigger_id": self.new_trigger_id(user, team_id),
            "team": {"id": team_id, "domain": "example"},
            "enterprise": None,
            "is_enterprise_install": False,
            "channel": {"id": message.channel, "name": channel.name if channel else "privategroup"},
            "state": {"values": {}},
            "response_url": self.new_response_url(channel_id=message.channel, user_id=user, source_ts=message.ts),
            "actions": [action],
        }
        if not message.ephemeral:
            payload["message"] = snapshot  # Slack sends the message itself only when it is not ephemeral
        return payload

    def submit_view(self, view_id: str, *, user: str, values: dict[str, Any] | None = None) -> dict[str, Any]:
        """The view_submission payload Slack sends when `user` submits modal `view_id`.

        `values[block_id]` is what the user left in that input: a str for plain_text_input, a datepicker
        ("YYYY-MM-DD"), a timepicker ("HH:MM"), a static_select or radio_buttons (an option's value), a
        users_select or conversations_select (an id); a list for checkboxes (option values) and
        multi_users_select (user ids); None for a cleared input. An input not in `values` holds its initial
        value, as Slack's client shows it (a conversations_select with default_to_current_conversation and no
        initial one: nothing). Like Slack's client, it refuses to submit a required input left empty, a value
        that is not one of the options, or more users than max_selected_items (ValueError).

        A conversations_select with response_url_enabled brings `response_urls`: one for the conversation
        picked, if the app may answer there (a conversation of this workspace, not archived, and public or
        with the bot in it); none otherwise, as Slack leaves the list empty where the app cannot post."""
        values = values or {}
        with self._lock:
            opened = [v for v in self._views if v.view_id == view_id and v.method != "views.publish"]
            if not opened or opened[-1].user_id not in (None, user):
                raise LookupError(f"user {user} has no open modal {view_id}")
            record = opened[-1]
            view = json.loads(json.dumps(record.view))
            person = self._users.get(user)
        state: dict[str, Any] = {}
        response_urls: list[dict[str, str]] = []
        for block in view.get("blocks", []):
            element = block.get("element") or {}
            if block.get("type") != "input" or not element.get("type"):
                continue
            block_id = block.get("block_id") or ""
            value = values[block_id] if block_id in values else _initial_value(element)
            if value in (None, "", []) and not block.get("optional"):
                raise ValueError(f"Slack does not submit a modal whose required input {block_id} is empty")
            state[block_id] = {element["action_id"]: _input_state(element, value)}
            if element["type"] == "conversations_select" and element.get("response_url_enabled") and value:
                with self._lock:
                    answerable = self._app_may_answer_in(str(value), record.team_id)
                if answerable:
                    response_urls.append({"block_id": block_id, "action_id": element["action_id"],
                                          "channel_id": str(value),
                                          "response_url": self.new_response_url(channel_id=str(value),
                                                                                user_id=user)})
        team_id = record.team_id
        return {
            "type": "view_submission",
            "team": {"id": team_id, "domain": "example"},
            "user": {"id": user, "username": person.name if person else user, "name": person.name if person else user,
                     "team_id": team_id},
            "api_app_id": self.app_id,
            "token": "deprecated-verification-token",
            "trigger_id": self.new_trigger_id(user, team_id),
            "view": {**view, "id": view_id, "team_id": team_id, "state": {"values": state},
                     "private_metadata": view.get("private_metadata", ""), "callback_id": view.get("callback_id", ""),
                     "hash": secrets.token_hex(8), "previous_view_id": None, "root_view_id": view_id,
                     "app_id": self.app_id, "bot_id": "BBOT"},
            "response_urls": response_urls,
            "is_enterprise_install": False,
            "enterprise": None,
        }

    def _app_may_answer_in(self, channel_id: str, team_id: str) -> bool:
        channel = self._channels.get(channel_id)
        if channel is None or channel.team_id != team_id or channel.is_archived:
            return False
        return channel.bot_is_member or not channel.is_private

    def show_ack(self, user: str, channel: str, body: dict[str, Any]) -> str:
        """Show the JSON body an app acked a slash command with, as Slack shows it: a message in `channel`, seen by
        `user` only unless its response_type is in_channel. Its buttons can then be clicked. Returns its ts."""
        with self._lock:
            ts = self._next_ts()
            reader = None if body.get("response_type") == "in_channel" else user
            self._shown[ts] = ShownMessage(ts, channel, reader, body.get("text"), body.get("blocks"), "ack")
        return ts

    def post_as(self, user: str, channel: str, text: str, *, thread_ts: str | None = None) -> str:
        """`user` posts `text` in `channel` (in the thread of `thread_ts`, a message of that channel, if given):
        a message people see and shortcuts can be used on. Its ts."""
        with self._lock:
            person = self._users[user]
            if channel not in self._channels:
                raise LookupError(f"no channel {channel}")
            parent = self._parent(channel, thread_ts) if thread_ts else None
            ts = self._next_ts()
            self._user_posts[ts] = UserPost(channel, user, text, ts, parent.ts if parent else None, person.team_id)
            self._shown[ts] = ShownMessage(ts, channel, None, text, None, "user")
            if parent is not None:
                self._note_reply(parent, user, ts)
        return ts

    def message_shortcut(self, ts: str, *, user: str, callback_id: str = "zoom_about_this") -> dict[str, Any]:
        """The message_action payload Slack sends when `user` picks the message shortcut `callback_id` on
        message `ts` (a person's post, or the bot's own message): the message as Slack describes it, with
        `thread_ts`, and, on a thread's parent, `reply_count` and `reply_users`. Sign and post it."""
        with self._lock:
            snapshot = self._message_snapshot(ts)
            channel = self._channels.get(snapshot["channel"])
            person = self._users.get(user)
            team_id = person.team_id if person else self.team_id
        message = {key: value for key, value in snapshot.items() if key != "channel"}
        return {
            "type": "message_action",
            "token": "deprecated-verification-token",
            "action_ts": f"{self.now():.6f}",
            "team": {"id": team_id, "domain": "example"},
            "user": {"id": user, "username": person.name if person else user, "name": person.name if person else user,
                     "team_id": team_id},
            "channel": {"id": snapshot["channel"], "name": channel.name if channel else "privategroup"},
            "is_enterprise_install": False,
            "enterprise": None,
            "callback_id": callback_id,
            "trigger_id": self.new_trigger_id(user, team_id),
            "response_url": self.new_response_url(channel_id=snapshot["channel"], user_id=user),
            "message_ts": ts,
            "message": message,
        }

    def global_shortcut(self, *, user: str, callback_id: str = "zoom_schedule") -> dict[str, Any]:
        """The `shortcut` payload Slack sends when `user` picks the global shortcut `callback_id`: no channel,
        no message, no response_url; a trigger_id that opens one view within three seconds."""
        with self._lock:
            person = self._users.get(user)
            team_id = person.team_id if person else self.team_id
        return {
            "type": "shortcut",
            "token": "deprecated-verification-token",
            "action_ts": f"{self.now():.6f}",
            "team": {"id": team_id, "domain": "example"},
            "user": {"id": user, "username": person.name if person else user, "team_id": team_id},
            "is_enterprise_install": False,
            "enterprise": None,
            "callback_id": callback_id,
            "trigger_id": self.new_trigger_id(user, team_id),
        }

    def open_home(self, user: str, *, tab: str = "home") -> dict[str, Any]:
        """The Events API body Slack posts when `user` opens the app's `tab` ("home" or "messages"): an
        app_home_opened event, with the Home view it shows now when one was published. Sign and post it."""
        with self._lock:
            person = self._users.get(user)
            team_id = person.team_id if person else self.team_id
            channel = self._im_with(person).id if person else "D0UNKNOWN"
            home = self._home_record(user)
        event: dict[str, Any] = {"type": "app_home_opened", "user": user, "channel": channel, "tab": tab,
                                 "event_ts": f"{self.now():.6f}"}
        if home is not None and tab == "home":
            event["view"] = self._view_as_sent(home)
        return {
            "token": "deprecated-verification-token", "team_id": team_id, "api_app_id": self.app_id,
            "event": event, "type": "event_callback", "event_id": f"Ev{secrets.token_hex(5).upper()}",
            "event_time": int(self.now()),
            "authorizations": [{"enterprise_id": None, "team_id": team_id, "user_id": "UBOT", "is_bot": True,
                                "is_enterprise_install": False}],
            "is_ext_shared_channel": False,
        }

    def home_of(self, user: str) -> dict[str, Any] | None:
        """The Home tab `user` sees now (the last view published for them), or None."""
        with self._lock:
            home = self._home_record(user)
            return json.loads(json.dumps(home.view)) if home is not None else None

    def click_in_view(self, action_id: str, *, user: str, view_id: str | None = None,
                      block_id: str | None = None) -> dict[str, Any]:
        """The block_actions payload Slack sends when `user` clicks the button `action_id` in a view: their
        published Home (no `view_id`), or the open modal `view_id` (in block `block_id`, when several have
        such a button). As Slack sends it from a view: `container.type` "view", the view itself, a trigger_id,
        and no channel, no message, no response_url. LookupError when the user sees no such button."""
        with self._lock:
            if view_id is None:
                record = self._home_record(user)
            else:
                opened = [v for v in self._views if v.view_id == view_id and v.method != "views.publish"]
                record = opened[-1] if opened and opened[-1].user_id in (None, user) else None
            if record is None:
                raise LookupError(f"user {user} sees no view {view_id or '(Home)'}")
            found = [(block, element) for block, element in _buttons(record.view.get("blocks"))
                     if element.get("action_id") == action_id and block_id in (None, block)]
            if not found:
                shown = sorted({str(element.get("action_id")) for _, element in _buttons(record.view.get("blocks"))})
                raise LookupError(f"view {record.view_id} shows no button {action_id} (now: {shown})")
            block_id, button = found[0]
            person = self._users.get(user)
            team_id = person.team_id if person else self.team_id
            view = self._view_as_sent(record)
        action: dict[str, Any] = {"action_id": action_id, "block_id": block_id, "text": dict(button["text"]),
                                  "type": "button", "action_ts": f"{self.now():.6f}"}
        for key in ("value", "url", "style"):
            if key in button:
                action[key] = button[key]
        return {
            "type": "block_actions",
            "user": {"id": user, "username": person.name if person else user, "name": person.name if person else user,
                     "team_id": team_id},
            "api_app_id": self.app_id,
            "token": "deprecated-verification-token",
            "container": {"type": "view", "view_id": record.view_id},
            "trigger_id": self.new_trigger_id(user, team_id),
            "team": {"id": team_id, "domain": "example"},
            "enterprise": None,
            "is_enterprise_install": False,
            "view": view,
            "actions": [action],
        }

    def _home_record(self, user: str) -> ViewRecord | None:
        """The last Home published for `user` (lock held)."""
        published = [v for v in self._views if v.method == "views.publish" and v.user_id == user]
        return published[-1] if published else None

    def _view_as_sent(self, record: ViewRecord) -> dict[str, Any]:
        """A stored view as Slack puts it in a payload (lock held)."""
        view = json.loads(json.dumps(record.view))
        return {**view, "id": record.view_id, "team_id": record.team_id, "state": {"values": {}},
                "hash": secrets.token_hex(8), "private_metadata": view.get("private_metadata", ""),
                "callback_id": view.get("callback_id", ""), "previous_view_id": None,
                "root_view_id": record.view_id, "app_id": self.app_id, "bot_id": "BBOT"}

    def thread(self, ts: str) -> list[MessageRecord]:
        """The bot's replies in the thread of message `ts`, oldest first."""
        with self._lock:
            return [m for m in self._messages if m.thread_ts == ts and not m.deleted]

    def _parent(self, channel: str, thread_ts: str, *, missing_ok: bool = False) -> UserPost | MessageRecord | None:
        """The thread's parent (lock held): a message of `channel`; a reply's ts stands for its own parent.
        (chat.postMessage with a thread_ts Slack does not know is recorded as sent: `missing_ok`.)"""
        post = self._user_posts.get(thread_ts)
        if post is not None and post.channel == channel:
            return self._user_posts.get(post.thread_ts or "", post)
        for message in self._messages:
            if message.ts == thread_ts and message.channel == channel and not message.deleted:
                return message
        if missing_ok:
            return None
        raise LookupError(f"no message {thread_ts} in {channel}")

    def _note_reply(self, parent: UserPost | MessageRecord, user: str, ts: str) -> None:
        if isinstance(parent, UserPost):
            if user not in parent.reply_users:
                parent.reply_users.append(user)
            parent.reply_count += 1
            parent.latest_reply = ts

    def _message_snapshot(self, ts: str) -> dict[str, Any]:
        """A message as Slack puts it in an interaction payload (lock held), with its `channel`."""
        post = self._user_posts.get(ts)
        if post is not None:
            message: dict[str, Any] = {"type": "message", "user": post.user, "text": post.text, "ts": post.ts,
                                       "team": post.team_id, "channel": post.channel,
                                       "client_msg_id": f"{secrets.token_hex(4)}-msg"}
            if post.thread_ts:
                parent = self._user_posts.get(post.thread_ts)
                message.update(thread_ts=post.thread_ts, parent_user_id=parent.user if parent else None)
            elif post.reply_count:
                message.update(thread_ts=post.ts, reply_count=post.reply_count, reply_users=list(post.reply_users),
                               reply_users_count=len(post.reply_users), latest_reply=post.latest_reply)
            return message
        for record in self._messages:
            if record.ts == ts and not record.deleted:
                message = {"type": "message", "user": "UBOT", "bot_id": "BBOT", "text": record.text or "",
                           "ts": record.ts, "team": record.team_id, "channel": record.channel,
                           "blocks": json.loads(json.dumps(record.blocks or []))}
                if record.thread_ts:
                    message["thread_ts"] = record.thread_ts
                return message
        raise LookupError(f"no message {ts}")

    # -- inspection -------------------------------------------------------------------------------

    @property
    def messages(self) -> list[MessageRecord]:
        with self._lock:
            return list(self._messages)

    def messages_in(self, channel: str) -> list[MessageRecord]:
        """Messages still present in `channel` (a channel id, or the user id the bot posted to)."""
        with self._lock:
            return [m for m in self._messages if channel in (m.channel, m.requested_channel) and not m.deleted]

    @property
    def ephemerals(self) -> list[EphemeralRecord]:
        with self._lock:
            return list(self._ephemerals)

    def ephemerals_for(self, user_id: str) -> list[EphemeralRecord]:
        with self._lock:
            return [e for e in self._ephemerals if e.user == user_id]

    @property
    def updates(self) -> list[UpdateRecord]:
        with self._lock:
            return list(self._updates)

    @property
    def deletions(self) -> list[tuple[str, str]]:
        with self._lock:
            return list(self._deletions)

    @property
    def shown(self) -> list[ShownMessage]:
        """Every message people were shown, oldest first, as it is now (deleted ones included)."""
        with self._lock:
            return list(self._shown.values())

    def shown_to(self, user: str) -> list[ShownMessage]:
        """What `user` sees now: the channel messages and their own ephemerals, oldest first."""
        with self._lock:
            return [m for m in self._shown.values() if not m.deleted and m.user in (None, user)]

    @property
    def views(self) -> list[ViewRecord]:
        with self._lock:
            return list(self._views)

    @property
    def responses(self) -> list[ResponseRecord]:
        with self._lock:
            return list(self._responses)

    @property
    def installs(self) -> list[InstallRecord]:
        with self._lock:
            return list(self._installs)

    @property
    def calls(self) -> list[SlackApiCall]:
        with self._lock:
            return list(self._calls)

    @property
    def refresh_count(self) -> int:
        with self._lock:
            return self._refresh_count

    @property
    def spent_refresh_token_uses(self) -> int:
        with self._lock:
            return self._spent_refresh_token_uses

    # -- Socket Mode ------------------------------------------------------------------------------

    def send_slash_command(self, form: dict[str, Any]) -> str:
        """Push a slash command (the fields Slack would post, e.g. `signing.slash_command_form`) over the
        newest Socket Mode connection, as Slack does; its envelope_id."""
        return self._socket_mode.push("slash_commands", dict(form), accepts_response_payload=True)

    def send_event(self, event_callback_body: dict[str, Any], *, retry_attempt: int = 0,
                   retry_reason: str = "") -> str:
        """Push an Events API `event_callback` body over Socket Mode; its envelope_id."""
        return self._socket_mode.push("events_api", dict(event_callback_body), accepts_response_payload=False,
                                      retry_attempt=retry_attempt, retry_reason=retry_reason)

    def send_socket_disconnect(self, reason: str = "refresh_requested") -> None:
        """Tell the app to open a new connection (`{"type": "disconnect"}`), as Slack does before recycling one."""
        self._socket_mode.send_disconnect(reason)

    @property
    def socket_acks(self) -> list[dict[str, Any]]:
        """Every acknowledgement the app sent, as received: `{"envelope_id": ..., "payload": {...}?}`."""
        return self._socket_mode.acks

    @property
    def socket_envelopes(self) -> list[Envelope]:
        return self._socket_mode.envelopes

    @property
    def socket_connections(self) -> list[SocketConnection]:
        return self._socket_mode.connections

    @property
    def socket_problems(self) -> list[str]:
        """What the app sent over Socket Mode that Slack would not take. Tests may assert it is empty."""
        return self._socket_mode.problems

    def wait_for_ack(self, envelope_id: str, timeout: float = 10.0) -> dict[str, Any]:
        return self._socket_mode.wait_for_ack(envelope_id, timeout)

    def wait_for_socket_connection(self, count: int = 1, timeout: float = 10.0) -> SocketConnection:
        """The `count`-th Socket Mode connection, once open and greeted with `hello`."""
        return self._socket_mode.wait_for_connection(count, timeout)

    def all_text(self) -> str:
        """Every string the bot ever sent to Slack, one per line, unescaped: for "no secret leaked" asserts.

        Covers messages, ephemerals, updates, views and response_url payloads, every field (not only
        text/blocks), with JSON-in-form fields (blocks, attachments, view) decoded first.
        """
        with self._lock:
            sources: list[Any] = [r.params for r in self._messages]
            sources += [r.params for r in self._ephemerals]
            sources += [r.params for r in self._updates]
            sources += [r.params for r in self._views]
            sources += [r.payload for r in self._responses]
        strings: list[str] = []
        for source in sources:
            _collect_strings(source, strings)
        return "\n".join(strings)

    # -- dispatch ---------------------------------------------------------------------------------

    def _handle(self, request: Request) -> Response:
        if request.path.startswith("/api/"):
            return self._handle_api(request, request.path[len("/api/"):])
        if request.path.startswith("/response/"):
            return self._handle_response_url(request, request.path[len("/response/"):])
        return Response("not found", status=404, mimetype="text/plain")

    def _handle_api(self, request: Request, method: str) -> Response:
        self._sleep_api_latency()
        limited = self._take_rate_limit(method)
        if limited is not None:
            self._record_call(method, None, "ratelimited")
            headers = {"Retry-After": limited[0]} if limited[0] is not None else {}
            return json_response({"ok": False, "error": "ratelimited"}, 429, headers)
        params = _read_params(request)
        team_id = None
        try:
            if params.problem:
                raise _SlackError(params.problem)
            if method == "oauth.v2.access":
                result = self._oauth_v2_access(request, params.values)
            elif method == "apps.connections.open":
                result = self._apps_connections_open(request, params)
            else:
                auth = self._authenticate(request, params, method)
                team_id = auth.team_id
                needed = _REQUIRED_SCOPES.get(method)
                if needed and needed not in auth.scopes:
                    raise _SlackError("missing_scope", needed=needed, provided=",".join(sorted(auth.scopes)))
                self._take_failure(method)
                with self._lock:
                    result = getattr(self, _METHODS[method])(params.values, auth)
        except _SlackError as error:
            result = {"ok": False, "error": error.error, **error.extra}
        self._record_call(method, team_id, result.get("error"))
        return json_response(result)

    def _take_failure(self, method: str) -> None:
        with self._lock:
            failing = self._failing.get(method)
            if failing is None:
                return
            if int(failing[0]) > 0:
                failing[0] = int(failing[0]) - 1
                return
            failing[1] = int(failing[1]) - 1
            if int(failing[1]) <= 0:
                del self._failing[method]
        raise _SlackError(str(failing[2]))

    def _record_call(self, method: str, team_id: str | None, error: str | None) -> None:
        with self._lock:
            self._calls.append(SlackApiCall(method, team_id, error))

    def _authenticate(self, request: Request, params: _Params, method: str) -> _BotToken:
        if method not in _METHODS:
            raise _SlackError("unknown_method")
        raw = parse_bearer(request) or params.body_token
        if not raw:
            raise _SlackError("not_authed")
        with self._lock:
            if raw in self._app_tokens:
                raise _SlackError("not_allowed_token_type")  # app-level tokens only open connections
            token = self._tokens.get(raw)
            if token is None:
                raise _SlackError("invalid_auth")
            if token.revoked:
                raise _SlackError("token_revoked")
            if token.expires_at is not None and token.expires_at <= self.now():
                raise _SlackError("token_expired")
            return token

    # -- Web API methods (called with the lock held) -----------------------------------------------

    def _auth_test(self, params: dict[str, Any], auth: _BotToken) -> dict[str, Any]:
        return {
            "ok": True,
            "url": "https://example.slack.test/",
            "team": self._teams.get(auth.team_id, ""),
            "user": "zoombot",
            "team_id": auth.team_id,
            "user_id": auth.bot_user_id,
            "bot_id": auth.bot_id,
            "is_enterprise_install": False,
            "enterprise_id": auth.enterprise_id,
        }

    def _users_info(self, params: dict[str, Any], auth: _BotToken) -> dict[str, Any]:
        user = self._users.get(str(params.get("user", "")))
        if user is None or user.team_id != auth.team_id:
            raise _SlackError("user_not_found")
        body = user.to_api(include_locale=_truthy(params.get("include_locale")))
        if "users:read.email" not in auth.scopes:
            body["profile"].pop("email", None)  # Slack shares emails only with that scope
        return {"ok": True, "user": body}

    def _chat_post_message(self, params: dict[str, Any], auth: _BotToken) -> dict[str, Any]:
        requested = str(params.get("channel", ""))
        channel = self._resolve_channel(requested, auth)
        text, blocks = _message_content(params)
        thread_ts = params.get("thread_ts") or None
        parent = self._parent(channel.id, str(thread_ts), missing_ok=True) if thread_ts else None
        ts = self._next_ts()
        if parent is not None:
            self._note_reply(parent, auth.bot_user_id, ts)
        self._messages.append(MessageRecord(
            channel=channel.id, requested_channel=requested, text=text, blocks=blocks, ts=ts,
            thread_ts=thread_ts, team_id=channel.team_id, params=_without_token(params),
        ))
        self._shown[ts] = ShownMessage(ts, channel.id, None, text, blocks, "chat.postMessage")
        message: dict[str, Any] = {
            "type": "message", "user": auth.bot_user_id, "bot_id": auth.bot_id, "text": text or "", "ts": ts,
            "team": channel.team_id,
        }
        if blocks is not None:
            message["blocks"] = blocks
        if thread_ts:
            message["thread_ts"] = thread_ts
        return {"ok": True, "channel": channel.id, "ts": ts, "message": message}

    def _chat_post_ephemeral(self, params: dict[str, Any], auth: _BotToken) -> dict[str, Any]:
        channel = self._resolve_channel(str(params.get("channel", "")), auth)
        user = self._users.get(str(params.get("user", "")))
        if user is None or user.team_id != auth.team_id or user.deleted:
            raise _SlackError("user_not_found")
        text, blocks = _message_content(params)
        ts = self._next_ts()
        self._ephemerals.append(EphemeralRecord(
            channel=channel.id, user=user.id, text=text, blocks=blocks, ts=ts,
            thread_ts=params.get("thread_ts") or None, team_id=channel.team_id, params=_without_token(params),
        ))
        self._shown[ts] = ShownMessage(ts, channel.id, user.id, text, blocks, "chat.postEphemeral")
        return {"ok": True, "message_ts": ts}

    def _chat_update(self, params: dict[str, Any], auth: _BotToken) -> dict[str, Any]:
        message = self._find_message(params, auth)
        text, blocks = _message_content(params)
        message.text, message.blocks = text, blocks
        self._updates.append(UpdateRecord(message.channel, message.ts, text, blocks, _without_token(params)))
        self._shown[message.ts].replace_with(text, blocks)
        body: dict[str, Any] = {"text": text or "", "user": auth.bot_user_id, "bot_id": auth.bot_id}
        if blocks is not None:
            body["blocks"] = blocks
        return {"ok": True, "channel": message.channel, "ts": message.ts, "text": text or "", "message": body}

    def _chat_delete(self, params: dict[str, Any], auth: _BotToken) -> dict[str, Any]:
        message = self._find_message(params, auth)
        message.deleted = True
        self._deletions.append((message.channel, message.ts))
        self._shown[message.ts].deleted = True
        return {"ok": True, "channel": message.channel, "ts": message.ts}

    def _views_open(self, params: dict[str, Any], auth: _BotToken) -> dict[str, Any]:
        return self._open_with_trigger("views.open", params, auth)

    def _views_push(self, params: dict[str, Any], auth: _BotToken) -> dict[str, Any]:
        return self._open_with_trigger("views.push", params, auth)

    def _open_with_trigger(self, method: str, params: dict[str, Any], auth: _BotToken) -> dict[str, Any]:
        trigger_id = str(params.get("trigger_id") or "")
        if not trigger_id:
            raise _SlackError("invalid_arguments", response_metadata={"messages": ["[ERROR] missing trigger_id"]})
        trigger = self._triggers.get(trigger_id)
        if trigger is None or trigger.team_id != auth.team_id:
            raise _SlackError("invalid_trigger_id")  # only Slack issues them, to one workspace's app
        if trigger.used:
            raise _SlackError("exchanged_trigger_id")  # a trigger_id opens one view, once
        if self.now() - trigger.created_at > TRIGGER_TTL_SECONDS:
            raise _SlackError("expired_trigger_id")
        view = _parse_view(params.get("view"), ("modal",))
        trigger.used = True
        return self._store_view(method, params, auth, view, trigger_id=trigger_id, user_id=trigger.user_id)

    def _views_update(self, params: dict[str, Any], auth: _BotToken) -> dict[str, Any]:
        view_id = params.get("view_id")
        if not any(v.view_id == view_id for v in self._views):
            raise _SlackError("not_found")
        view = _parse_view(params.get("view"), ("modal",))
        return self._store_view("views.update", params, auth, view, view_id=view_id)

    def _views_publish(self, params: dict[str, Any], auth: _BotToken) -> dict[str, Any]:
        user = self._users.get(str(params.get("user_id", "")))
        if user is None or user.team_id != auth.team_id:
            raise _SlackError("user_not_found")
        view = _parse_view(params.get("view"), ("home",))
        # A user has one Home: publishing replaces it, under the same view id.
        home = self._home_record(user.id)
        return self._store_view("views.publish", params, auth, view, user_id=user.id,
                                view_id=home.view_id if home is not None else None)

    def _store_view(
        self, method: str, params: dict[str, Any], auth: _BotToken, view: dict[str, Any], *,
        trigger_id: str | None = None, user_id: str | None = None, view_id: str | None = None,
    ) -> dict[str, Any]:
        view_id = view_id or f"V{secrets.token_hex(5).upper()}"
        self._views.append(ViewRecord(
            method=method, view_id=view_id, view=view, user_id=user_id, trigger_id=trigger_id,
            team_id=auth.team_id or "", params=_without_token(params),
        ))
        answer = {**view, "id": view_id, "team_id": auth.team_id, "app_id": self.app_id, "bot_id": auth.bot_id,
                  "state": {"values": {}}, "hash": secrets.token_hex(8)}
        return {"ok": True, "view": answer}

    def _resolve_channel(self, ref: str, auth: _BotToken) -> SlackChannel:
        channel = self._channels.get(ref)
        if channel is not None and channel.team_id == auth.team_id:
            if not channel.bot_is_member:
                # Public channels too: posting without membership needs chat:write.public, which we don't ask.
                raise _SlackError("not_in_channel")
            return channel
        user = self._users.get(ref)
        if user is not None and user.team_id == auth.team_id and not user.deleted:
            return self._im_with(user)  # Slack opens (or reuses) the bot's DM with that user
        raise _SlackError("channel_not_found")

    def _im_with(self, user: SlackUser) -> SlackChannel:
        for channel in self._channels.values():
            if channel.is_im and channel.user == user.id:
                return channel
        channel = SlackChannel(f"D{secrets.token_hex(5).upper()}", user.team_id, user.id, True, True, True, user.id)
        self._channels[channel.id] = channel
        return channel

    def _find_message(self, params: dict[str, Any], auth: _BotToken) -> MessageRecord:
        channel = self._resolve_channel(str(params.get("channel", "")), auth)
        ts = params.get("ts")
        for message in self._messages:
            if message.channel == channel.id and message.ts == ts and not message.deleted:
                return message
        raise _SlackError("message_not_found")

    def _next_ts(self) -> str:
        # Slack's ts is "seconds.micros" and unique per channel; keep it strictly increasing.
        micros = max(int(self.now() * 1_000_000), self._last_ts_micros + 1)
        self._last_ts_micros = micros
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    # -- apps.connections.open ---------------------------------------------------------------------

    def _apps_connections_open(self, request: Request, params: _Params) -> dict[str, Any]:
        raw = parse_bearer(request) or params.body_token
        if not raw:
            raise _SlackError("not_authed")
        with self._lock:
            if raw in self._tokens:
                raise _SlackError("not_allowed_token_type")  # needs the app-level token, not a bot token
            if raw not in self._app_tokens:
                raise _SlackError("invalid_auth")
        return {"ok": True, "url": self._socket_mode.new_url(raw)}

    # -- oauth.v2.access ----------------------------------------------------------------------------

    def _oauth_v2_access(self, request: Request, params: dict[str, Any]) -> dict[str, Any]:
        client_id, client_secret = parse_basic_auth(request) or (params.get("client_id"), params.get("client_secret"))
        if not client_id or client_id != self.client_id:
            raise _SlackError("invalid_client_id")
        if client_secret != self.client_secret:
            raise _SlackError("bad_client_secret")
        grant_type = params.get("grant_type") or "authorization_code"
        with self._lock:
            if grant_type == "refresh_token":
                return self._exchange_refresh_token(str(params.get("refresh_token", "")))
            if grant_type != "authorization_code":
                raise _SlackError("invalid_grant_type")
            # Popped before any check: a code is burned by its first use, successful or not.
            installation = self._install_codes.pop(str(params.get("code", "")), None)
            if installation is None or installation.expires_at <= self.now():
                raise _SlackError("invalid_code")
            if installation.redirect_uri is not None and params.get("redirect_uri") != installation.redirect_uri:
                raise _SlackError("bad_redirect_uri")
            return self._install(installation, grant_type, installation.bot_token)

    def _exchange_refresh_token(self, presented: str) -> dict[str, Any]:
        record = self._refresh_tokens.get(presented)
        if record is None or record.spent:
            self._spent_refresh_token_uses += 1
            raise _SlackError("invalid_refresh_token")
        record.spent = True  # single-use; the previous access token lives until it expires
        self._refresh_count += 1
        return self._install(record.installation, "refresh_token", None)

    def _install(self, inst: _Installation, grant_type: str, bot_token: str | None) -> dict[str, Any]:
        expires_at = self.now() + ROTATING_TOKEN_TTL_SECONDS if inst.rotation else None
        prefix = "xoxe.xoxb-1-" if inst.rotation else "xoxb-"
        bot_token = bot_token or f"{prefix}{secrets.randbelow(10**12)}-{secrets.token_hex(12)}"
        self._tokens[bot_token] = _BotToken(inst.team_id, inst.enterprise_id, inst.bot_user_id, inst.bot_id,
                                            expires_at=expires_at, scopes=frozenset(inst.scopes.split(",")))
        self._teams.setdefault(inst.team_id, inst.team_name)
        team = None if inst.is_enterprise_install else {"id": inst.team_id, "name": inst.team_name}
        enterprise = {"id": inst.enterprise_id, "name": inst.enterprise_name} if inst.enterprise_id else None
        response: dict[str, Any] = {
            "ok": True, "app_id": self.app_id, "authed_user": {"id": inst.installer_user_id},
            "scope": inst.scopes, "token_type": "bot", "access_token": bot_token, "bot_user_id": inst.bot_user_id,
            "team": team, "enterprise": enterprise, "is_enterprise_install": inst.is_enterprise_install,
        }
        refresh_token = None
        if inst.rotation:
            refresh_token = f"xoxe-1-{secrets.token_hex(24)}"
            self._refresh_tokens[refresh_token] = _SlackRefreshToken(inst)
            response.update(refresh_token=refresh_token, expires_in=ROTATING_TOKEN_TTL_SECONDS)
        self._installs.append(InstallRecord(grant_type, inst.team_id, inst.enterprise_id, bot_token,
                                            refresh_token, dict(response)))
        return response

    # -- response_url -----------------------------------------------------------------------------

    def _handle_response_url(self, request: Request, url_id: str) -> Response:
        self._sleep_api_latency()
        if request.method != "POST":
            return _text(405, "invalid_method")
        payload, problem = _response_payload(request)
        with self._lock:
            entry = self._response_urls.get(url_id)
            if entry is None:
                return _text(404, "no_service")
            if self.now() - entry.created_at > RESPONSE_URL_TTL_SECONDS:
                return _text(404, "expired_url")
            if entry.uses >= RESPONSE_URL_MAX_USES:
                return _text(404, "used_url")
            if problem:
                return _text(400, problem)
            source = self._shown.get(entry.source_ts or "")
            if (payload.get("replace_original") is True or payload.get("delete_original") is True) \
                    and source is not None and source.deleted:
                return _text(404, "message_not_found")
            entry.uses += 1
            message_ts = self._show_response(entry, payload, source)
            self._responses.append(ResponseRecord(
                url_id, entry.url, payload, entry.uses, entry.channel_id, entry.user_id,  # type: ignore[arg-type]
                source_ts=entry.source_ts, message_ts=message_ts,
            ))
        return _text(200, "ok")

    def _show_response(self, entry: _ResponseUrl, payload: dict[str, Any], source: ShownMessage | None) -> str:
        """What people see after a response_url post (lock held): the clicked message deleted or replaced in
        place, or a new message (ephemeral unless `in_channel`). Nothing to replace: a new message."""
        blocks, _ = parse_blocks(payload.get("blocks"))
        if source is not None and payload.get("delete_original") is True:
            source.deleted = True
            return source.ts
        if source is not None and payload.get("replace_original") is True:
            source.replace_with(payload.get("text"), blocks)
            return source.ts
        ts = self._next_ts()
        user = None if payload.get("response_type") == "in_channel" else entry.user_id
        self._shown[ts] = ShownMessage(ts, entry.channel_id or "", user, payload.get("text"), blocks, "response_url")
        return ts


# -- helpers ---------------------------------------------------------------------------------------


def _read_params(request: Request) -> _Params:
    """Arguments from the query string and a form or JSON body, as slack_sdk sends them.

    The token counts only from the Authorization header or a form body: Slack refuses tokens in
    query strings, and ignores them in JSON bodies.
    """
    values = {k: v for k, v in request.args.to_dict().items() if k != "token"}
    if request.mimetype in FORM_MIMETYPES:
        form = request.form.to_dict()
        body_token = form.pop("token", None)
        return _Params({**values, **form}, body_token)
    data = request.get_data()
    if not data.strip():
        return _Params(values)  # slack_sdk sends an empty body labelled JSON for argument-less calls
    if request.mimetype != "application/json":
        return _Params({}, problem="invalid_form_data")
    try:
        body = json.loads(data)
    except ValueError:
        return _Params({}, problem="invalid_json")
    if not isinstance(body, dict):
        return _Params({}, problem="json_not_object")
    body.pop("token", None)
    return _Params({**values, **body})


def _message_content(params: dict[str, Any]) -> tuple[str | None, list[Any] | None]:
    """(text, blocks) of a chat.* call, validated like Slack does."""
    text = params.get("text")
    if text is not None and not isinstance(text, str):
        raise _SlackError("invalid_arguments", response_metadata={"messages": ["[ERROR] text must be a string"]})
    blocks, problem = parse_blocks(params.get("blocks"))
    if problem:
        raise _SlackError("invalid_blocks_format", response_metadata={"messages": [f"[ERROR] {problem}"]})
    if blocks:
        errors = block_errors(blocks)
        if errors:
            raise _SlackError("invalid_blocks", errors=errors,
                              response_metadata={"messages": [f"[ERROR] {e}" for e in errors]})
    if not text and not blocks and not params.get("attachments"):
        raise _SlackError("no_text")
    if text and len(text) > MAX_MESSAGE_TEXT:
        raise _SlackError("msg_too_long")
    return text, blocks or None


def _initial_value(element: dict[str, Any]) -> Any:
    """What an input shows before the user touches it."""
    kind = element["type"]
    if kind in ("static_select", "radio_buttons"):
        option = element.get("initial_option")
        return option.get("value") if isinstance(option, dict) else None
    if kind == "checkboxes":
        return [option.get("value") for option in element.get("initial_options") or []]
    keys = {"plain_text_input": "initial_value", "datepicker": "initial_date", "timepicker": "initial_time",
            "users_select": "initial_user", "multi_users_select": "initial_users",
            "conversations_select": "initial_conversation"}
    return element.get(keys.get(kind, "initial_value"))


def _input_state(element: dict[str, Any], value: Any) -> dict[str, Any]:
    """One input's entry in view.state.values, as Slack writes it."""
    kind = element["type"]
    if kind == "plain_text_input":
        return {"type": kind, "value": value or None}
    if kind == "datepicker":
        return {"type": kind, "selected_date": value or None}
    if kind == "timepicker":
        answer = {"type": kind, "selected_time": value or None}
        if element.get("timezone"):
            answer["timezone"] = element["timezone"]
        return answer
    if kind in ("static_select", "radio_buttons"):
        return {"type": kind, "selected_option": _option(element, value) if value else None}
    if kind == "checkboxes":
        return {"type": kind, "selected_options": [_option(element, one) for one in value or []]}
    if kind == "multi_users_select":
        users = list(value or [])
        most = element.get("max_selected_items")
        if most is not None and len(users) > most:
            raise ValueError(f"Slack's client lets no one pick more than {most} users")
        return {"type": kind, "selected_users": users}
    if kind == "users_select":
        return {"type": kind, "selected_user": value or None}
    if kind == "conversations_select":
        return {"type": kind, "selected_conversation": value or None}
    raise ValueError(f"the emulator cannot fill a {kind}")


def _option(element: dict[str, Any], value: Any) -> dict[str, Any]:
    for option in element.get("options") or []:
        if option.get("value") == value:
            return dict(option)
    raise ValueError(f"{value!r} is not one of the options of {element.get('action_id')}")


def _response_url_enabled_errors(blocks: list[Any]) -> list[str]:
    """Slack: response_url_enabled belongs to one conversations_select (or channels_select) of a modal's input
    blocks, and a view may have only one."""
    errors: list[str] = []
    enabled = []
    for i, block in enumerate(blocks):
        element = block.get("element") if isinstance(block, dict) else None
        if isinstance(element, dict) and element.get("response_url_enabled"):
            enabled.append(i)
            if element.get("type") not in ("conversations_select", "channels_select"):
                errors.append(f"invalid additional property: response_url_enabled "
                              f"[json-pointer:/view/blocks/{i}/element]")
    if len(enabled) > 1:
        errors.append("only one input may have response_url_enabled [json-pointer:/view/blocks]")
    return errors


def _parse_view(raw: Any, allowed_types: tuple[str, ...]) -> dict[str, Any]:
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            raw = None
    if not isinstance(raw, dict) or raw.get("type") not in allowed_types:
        raise _SlackError("invalid_arguments",
                          response_metadata={"messages": [f"[ERROR] view must be of type {allowed_types}"]})
    errors: list[str] = []
    if raw["type"] == "modal":
        title = raw.get("title")
        if not isinstance(title, dict) or title.get("type") != "plain_text" \
                or not 0 < len(str(title.get("text", ""))) <= MAX_MODAL_TITLE:
            errors.append(f"title must be plain_text of 1..{MAX_MODAL_TITLE} characters [json-pointer:/view/title]")
        raw_blocks = raw.get("blocks")
        blocks_: list[Any] = raw_blocks if isinstance(raw_blocks, list) else []
        if any(isinstance(b, dict) and b.get("type") == "input" for b in blocks_) and not raw.get("submit"):
            errors.append("a modal with input blocks must have a submit button [json-pointer:/view/submit]")
        errors += _response_url_enabled_errors(blocks_)
    metadata = raw.get("private_metadata", "")
    if not isinstance(metadata, str) or len(metadata) > MAX_PRIVATE_METADATA:
        errors.append(f"must be a string of at most {MAX_PRIVATE_METADATA} characters "
                      "[json-pointer:/view/private_metadata]")
    callback_id = raw.get("callback_id", "")
    if not isinstance(callback_id, str) or len(callback_id) > MAX_CALLBACK_ID:
        errors.append(f"must be a string of at most {MAX_CALLBACK_ID} characters [json-pointer:/view/callback_id]")
    blocks = raw.get("blocks")
    if not isinstance(blocks, list):
        errors.append("must provide an array [json-pointer:/view/blocks]")
    else:
        errors += block_errors(blocks, max_blocks=MAX_VIEW_BLOCKS, pointer="/view/blocks")
    if errors:
        raise _SlackError("invalid_arguments", response_metadata={"messages": [f"[ERROR] {e}" for e in errors]})
    return raw


def _response_payload(request: Request) -> tuple[dict[str, Any], str | None]:
    """A response_url body: JSON with text and/or blocks (or delete_original). (payload, problem)."""
    if request.mimetype != "application/json":
        return {}, "invalid_payload"
    try:
        payload = json.loads(request.get_data(as_text=True))
    except ValueError:
        return {}, "invalid_payload"
    if not isinstance(payload, dict):
        return {}, "invalid_payload"
    if payload.get("response_type", "ephemeral") not in ("ephemeral", "in_channel"):
        return payload, "invalid_payload"
    blocks, problem = parse_blocks(payload.get("blocks"))
    if problem or (blocks and block_errors(blocks)):
        return payload, "invalid_blocks"
    if not payload.get("delete_original") and not payload.get("text") and not blocks:
        return payload, "no_text"
    return payload, None


def _buttons(blocks: list[Any] | None) -> list[tuple[str, dict[str, Any]]]:
    """(block_id, element) of every button in actions blocks and section accessories."""
    found = []
    for block in blocks or []:
        if not isinstance(block, dict):
            continue
        elements = block.get("elements") if block.get("type") == "actions" else [block.get("accessory")]
        for element in elements or []:
            if isinstance(element, dict) and element.get("type") == "button" and element.get("action_id"):
                found.append((str(block.get("block_id") or ""), element))
    return found


def _without_token(params: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in params.items() if k != "token"}


def _truthy(value: Any) -> bool:
    return value is True or str(value).lower() in ("1", "true")


def _text(status: int, body: str) -> Response:
    return Response(body, status=status, mimetype="text/html")


def _collect_strings(node: Any, out: list[str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            out.append(str(key))
            _collect_strings(value, out)
    elif isinstance(node, list):
        for value in node:
            _collect_strings(value, out)
    elif isinstance(node, str):
        out.append(node)
        decoded = _maybe_json(node)
        if decoded is not None:
            _collect_strings(decoded, out)  # blocks/view/attachments arrive as JSON strings in form bodies
    elif node is not None:
        out.append(str(node))


def _maybe_json(text: str) -> Any:
    if text[:1] not in ("[", "{"):
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None
