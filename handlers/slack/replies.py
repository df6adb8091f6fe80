"""Answering a Slack user: privately, or in the channel, wherever the command came from."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from handlers.slack.origin import CommandOrigin
from handlers.ui.messages import SlackMessage

log = logging.getLogger(__name__)

# chat.postMessage errors after which the command's response_url can still reach the channel.
NOT_POSTABLE = {"not_in_channel", "channel_not_found", "is_archived", "restricted_action", "ekm_access_denied"}


@dataclass(frozen=True)
class Posted:
    channel_id: str
    ts: str


class Replies:
    """`replace_original`: private answers replace the message whose button was clicked (the origin's
    response_url came with that click) instead of adding new ones."""

    def __init__(self, client: WebClient, origin: CommandOrigin, *, replace_original: bool = False):
        self._client = client
        self._origin = origin
        self._replace_original = replace_original

    def private(self, message: SlackMessage) -> None:
        """Only the user sees it: response_url first (works in any conversation), then Web API fallbacks.
        Without a response_url (a modal's submission) chat.postEphemeral in the origin's channel comes first;
        without a channel either, the user's DM with the app."""
        if self._via_response_url(message, "ephemeral", replace_original=self._replace_original):
            return
        if self._origin.channel_id:  # none for a click in the App Home or a global shortcut: the DM it is
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

    def public(self, message: SlackMessage, *, thread_ts: str = "") -> Posted | None:
        """Into the channel: chat.postMessage (gives a ts to update later), else the response_url. With
        `thread_ts`, as a reply in that thread (the response_url fallback posts in the channel itself)."""
        try:
            response = self._client.chat_postMessage(channel=self._origin.channel_id, thread_ts=thread_ts or None,
                                                     unfurl_links=False, unfurl_media=False, **message.as_kwargs())
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
