"""Flows that only mean something when each Slack user connects their own Zoom account."""

from __future__ import annotations

import functools

from slack_sdk import WebClient

from handlers.app.services import Services
from handlers.flows.flow_types import SlackFlow
from handlers.slack.origin import CommandOrigin
from handlers.slack.replies import Replies
from handlers.ui.messages import plain

ACCOUNT_MODE_NOTE = ("This workspace uses your organisation's Zoom account: meetings are created for the Zoom "
                     "user with your Slack email, and there is nothing to connect or disconnect.")


def needs_own_zoom_account(flow: SlackFlow) -> SlackFlow:
    """In account mode (one Server-to-Server app for everybody) the flow only says there is nothing to do."""

    @functools.wraps(flow)
    def guarded(services: Services, client: WebClient, origin: CommandOrigin) -> None:
        if services.settings.account_mode:
            Replies(client, origin).private(plain(ACCOUNT_MODE_NOTE))
            return
        flow(services, client, origin)

    return guarded

