"""The app's Home tab: who the user is at Zoom (Connect or Disconnect), their next meetings with the buttons of
`/zoom list`, Schedule and booking links, and their meeting defaults. Built, not sent (views.publish).

The Home can stay open for hours, so nothing in it may expire: the Connect button carries no link (a connect
link is single-use and lives 10 minutes); a click asks for a fresh one (handlers.flows.app_home).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from handlers.ui.booking_links import BOOKING_LINK_CREATE_ACTION
from handlers.ui.meeting_defaults import DEFAULTS_EDIT_ACTION, DefaultsShown, defaults_lines
from handlers.ui.messages import SCHEDULE_FORM_ACTION, escape_mrkdwn, slack_date
from handlers.ui.my_meetings import ListEntry, entry_buttons, entry_text

HOME_CONNECT_ACTION = "home_connect"
HOME_DISCONNECT_ACTION = "home_disconnect"
HOME_MEETINGS = 5
HOME_BLOCK_PREFIX = "zoom_home_"  # the blocks of the Home's meetings: not the list's, whose clicks redraw it
CONNECT_VIEW = "zoom_home_connect"


@dataclass(frozen=True)
class HomeContent:
    """What the Home shows. User mode: `connected_as` (the Zoom email; empty when not connected). Account mode:
    `account_user` (the Zoom user meetings are made for), or `account_problem` when there is none to name."""

    account_mode: bool
    defaults: DefaultsShown
    connected_as: str = ""
    account_user: str = ""
    account_problem: str = ""
    meetings: Sequence[ListEntry] | None = None  # the next ones; None: not shown (see meetings_note)
    total: int = 0  # how many are upcoming in all
    meetings_note: str = ""  # mrkdwn, escaped: why the meetings are not shown
    fallback_tz: str = "UTC"
    updated: datetime | None = None


def home_view(content: HomeContent) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = [{"type": "header", "text": {"type": "plain_text", "text": "Zoom"}}]
    blocks += _connection(content)
    blocks.append({"type": "actions", "block_id": "home_actions", "elements": [
        {"type": "button", "text": {"type": "plain_text", "text": "Schedule a meeting"}, "style": "primary",
         "action_id": SCHEDULE_FORM_ACTION, "value": "home"},
        {"type": "button", "text": {"type": "plain_text", "text": "Create a booking link"},
         "action_id": BOOKING_LINK_CREATE_ACTION, "value": "home"},
    ]})
    blocks.append({"type": "divider"})
    blocks += _meetings(content)
    blocks.append({"type": "divider"})
    blocks.append({"type": "section", "block_id": "home_defaults",
                   "text": {"type": "mrkdwn", "text": "*Your meeting defaults*\n" + "\n".join(
                       defaults_lines(content.defaults))},
                   "accessory": {"type": "button", "text": {"type": "plain_text", "text": "Edit"},
                                 "action_id": DEFAULTS_EDIT_ACTION, "value": "home"}})
    footer = "Only you see this tab. `/zoom help` lists what you can type."
    if content.updated is not None:
        footer = f"Updated {slack_date(content.updated, content.fallback_tz)}. {footer}"
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": footer}]})
    return {"type": "home", "callback_id": "zoom_home", "blocks": blocks}


def _connection(content: HomeContent) -> list[dict[str, Any]]:
    if content.account_mode:
        if content.account_user:
            text = (f"Your meetings are created for the Zoom user *{escape_mrkdwn(content.account_user)}* of "
                    "your organisation's Zoom account.")
        else:
            text = content.account_problem or "Your meetings are created with your organisation's Zoom account."
        return [{"type": "section", "block_id": "home_connection", "text": {"type": "mrkdwn", "text": text}}]
    if content.connected_as:
        return [{"type": "section", "block_id": "home_connection",
                 "text": {"type": "mrkdwn", "text": f":white_check_mark: Connected as "
                          f"*{escape_mrkdwn(content.connected_as)}*"},
                 "accessory": {
                     "type": "button", "text": {"type": "plain_text", "text": "Disconnect"},
                     "action_id": HOME_DISCONNECT_ACTION, "value": "home", "style": "danger",
                     "confirm": {
                         "title": {"type": "plain_text", "text": "Disconnect Zoom?"},
                         "text": {"type": "plain_text", "text": "Your Zoom tokens are revoked and deleted. Your "
                                  "meetings stay at Zoom; to create new ones from Slack you connect again."},
                         "confirm": {"type": "plain_text", "text": "Disconnect"},
                         "deny": {"type": "plain_text", "text": "Stay connected"},
                         "style": "danger"}}}]
    return [{"type": "section", "block_id": "home_connection",
             "text": {"type": "mrkdwn", "text": "You are *not connected* to Zoom. Connect your Zoom account so "
                      "`/zoom` can create meetings as you."},
             "accessory": {"type": "button", "text": {"type": "plain_text", "text": "Connect Zoom"},
                           "action_id": HOME_CONNECT_ACTION, "value": "home", "style": "primary"}}]


def _meetings(content: HomeContent) -> list[dict[str, Any]]:
    heading = "*Your next meetings*"
    if content.meetings is None:
        return [{"type": "section", "text": {"type": "mrkdwn", "text": f"{heading}\n{content.meetings_note}"}}]
    if not content.meetings:
        return [{"type": "section", "text": {"type": "mrkdwn", "text": f"{heading}\nNo upcoming meetings."}}]
    blocks: list[dict[str, Any]] = [{"type": "section", "text": {"type": "mrkdwn", "text": heading}}]
    for index, entry in enumerate(content.meetings[:HOME_MEETINGS]):
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": entry_text(entry.meeting,
                                                                                      content.fallback_tz)}})
        buttons = entry_buttons(entry)
        if buttons:
            blocks.append({"type": "actions", "block_id": f"{HOME_BLOCK_PREFIX}{index}", "elements": buttons})
    left = content.total - min(len(content.meetings), HOME_MEETINGS)
    if left > 0:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text":
                       f"{left} more: `/zoom list` shows them all."}]})
    return blocks


def connect_modal(authorize_url: str) -> dict[str, Any]:
    """A fresh connect link, opened by the Home's Connect button (the link lives 10 minutes, the Home longer)."""
    return {
        "type": "modal",
        "callback_id": CONNECT_VIEW,
        "title": {"type": "plain_text", "text": "Connect Zoom"},
        "close": {"type": "plain_text", "text": "Close"},
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": "Zoom asks you to sign in and allow this app; "
                                         "then come back to Slack. Your Home tab updates itself."}},
            {"type": "actions", "elements": [{
                "type": "button", "text": {"type": "plain_text", "text": "Connect Zoom"}, "style": "primary",
                "url": authorize_url, "action_id": "zoom_connect"}]},
            {"type": "context", "elements": [
                {"type": "mrkdwn", "text": "The link is yours alone and works once, for 10 minutes."}]},
        ],
    }
