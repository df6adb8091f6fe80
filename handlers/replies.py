"""Answering a Slack user: privately, or in the channel, wherever the command came from."""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from handlers.messages import SlackMessage
from storage.keys import SlackUserKey

log = logging.getLogger(__name__)

# chat.postMessage errors after which the command's response_url can still reach the channel.
NOT_POSTABLE = {"not_in_channel", "channel_not_found", "is_archived", "restricted_action", "ekm_access_denied"}


@dataclass(frozen=True)
class CommandOrigin:
    """Where a command came from: enough to answer it, now or after a Zoom connect."""

    team_id: str
    user_id: str
    channel_id: str
    response_url: str = ""
    enterprise_id: str = ""
    user_name: str = ""

    @property
    def key(self) -> SlackUserKey:
        return SlackUserKey(team_id=self.team_id, user_id=self.user_id, enterprise_id=self.enterprise_id)

    def to_dict(self) -> dict[str, str]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CommandOrigin:
        return cls(**{name: str(data.get(name) or "") for name in cls.__dataclass_fields__})

    @classmethod
    def from_command(cls, command: dict[str, Any]) -> CommandOrigin:
        return cls(
            team_id=command.get("team_id") or "",
            user_id=command.get("user_id") or "",
            channel_id=command.get("channel_id") or "",
            response_url=command.get("response_url") or "",
            enterprise_id=command.get("enterprise_id") or "",
            user_name=command.get("user_name") or "",
        )

    @classmethod
    def from_interaction(cls, body: dict[str, Any], *, channel_id: str | None = None) -> CommandOrigin:
        """Where a button click (block_actions) or a modal submission (view_submission) came from. A
        view_submission has no response_url and no channel: the caller passes the channel it carried."""
        user = _mapping(body.get("user"))
        container = _mapping(body.get("container"))
        if channel_id is None:
            channel_id = _text(_mapping(body.get("channel")).get("id")) or _text(container.get("channel_id"))
        return cls(
            team_id=_text(_mapping(body.get("team")).get("id")) or _text(user.get("team_id")),
            user_id=_text(user.get("id")),
            channel_id=channel_id,
            response_url=_text(body.get("response_url")),
            enterprise_id=_text(_mapping(body.get("enterprise")).get("id")),
            user_name=_text(user.get("username")) or _text(user.get("name")),
        )

    def __repr__(self) -> str:  # the response_url is a bearer capability: keep it out of logs
        return f"CommandOrigin(team={self.team_id}, user={self.user_id}, channel={self.channel_id})"


@dataclass(frozen=True)
class Posted:
    channel_id: str
    ts: str


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


class Replies:
    """`replace_original`: private answers replace the message whose button was clicked (the origin's
    response_url came with that click) instead of adding new ones."""

    def __init__(self, client: WebClient, origin: CommandOrigin, *, replace_original: bool = False):
        self._client = client
        self._origin = origin
        self._replace_original = replace_original

    def private(self, message: SlackMessage) -> None:
        """Only the user sees it: response_url first (works in any conversation), then Web API fallbacks.
        Without a response_url (a modal's submission) chat.postEphemeral in the origin's channel comes first."""
        if self._via_response_url(message, "ephemeral", replace_original=self._replace_original):
            return
        try:
            self._client.chat_postEphemeral(channel=self._origin.channel_id, user=self._origin.user_id,
                                            **message.as_kwargs())
            return
        except SlackApiError as error:
            log.info("chat.postEphemeral failed (%s); writing to the user's app DM", _code(error))
        try:
            self._client.chat_postMessage(channel=self._origin.user_id, **message.as_kwargs())
        except SlackApiError as error:
            log.warning("could not reach user %s privately: %s", self._origin.user_id, _code(error))

    def public(self, message: SlackMessage) -> Posted | None:
        """Into the channel: chat.postMessage (gives a ts to update later), else the response_url."""
        try:
            response = self._client.chat_postMessage(channel=self._origin.channel_id, unfurl_links=False,
                                                     unfurl_media=False, **message.as_kwargs())
            return Posted(channel_id=response["channel"], ts=response["ts"])
        except SlackApiError as error:
            if _code(error) not in NOT_POSTABLE:
                raise
            log.info("chat.postMessage: %s; posting through the command's response_url", _code(error))
        if self._via_response_url(message, "in_channel"):
            return Posted(channel_id=self._origin.channel_id, ts="")
        raise ChannelUnreachable(self._origin.channel_id)

    def _via_response_url(self, message: SlackMessage, response_type: str, *, replace_original: bool = False
                          ) -> bool:
        if not self._origin.response_url:
            return False
        try:
            response = WebhookClient(self._origin.response_url, timeout=10).send(
                response_type=response_type, replace_original=replace_original, **message.as_kwargs())
        except Exception as error:  # noqa: BLE001 - any transport failure means "use the fallback"
            log.info("response_url unusable (%s)", type(error).__name__)
            return False
        if response.status_code != 200:
            log.info("response_url answered %s", response.status_code)
            return False
        return True


class ChannelUnreachable(Exception):
    pass


def _code(error: SlackApiError) -> str:
    try:
        return str(error.response.get("error", "unknown"))
    except AttributeError:
        return "unknown"
