"""The App Home tab: published when the user opens it (app_home_opened), and again whenever something it shows
changes (handlers.flows.home_refresh.republish_home); and its Connect button.

What it shows comes from where it lives: the connection from storage, the next meetings from Zoom (as
`/zoom list` has them), the defaults from handlers.flows.meeting_defaults. A Zoom that cannot be asked just
now does not keep the Home from showing the rest.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from handlers.app.durable import Job
from handlers.app.services import Services
from handlers.flows.account_mode import ACCOUNT_MODE_NOTE
from handlers.flows.connect import authorize_url
from handlers.flows.meeting_defaults import meeting_options
from handlers.slack.origin import CommandOrigin
from handlers.slack.profiles import fetch_profile
from handlers.slack.replies import Replies
from handlers.ui.app_home import HOME_MEETINGS, HomeContent, connect_modal, home_view
from handlers.ui.messages import connect_prompt, plain
from handlers.ui.my_meetings import ListEntry
from handlers.ui.zoom_errors import no_zoom_user
from storage import NotConnected
from zoom import ZoomApi, ZoomApiError, ZoomUserNotFound

log = logging.getLogger(__name__)

HOME_OPENED = "home_opened"  # Slack's app_home_opened, for the Home tab
HOME_CONNECT = "home_connect"  # the Home's Connect button

ZOOM_AWAY = "Zoom could not be asked for your meetings just now; `/zoom list` shows them."


def home_opened(services: Services, job: Job) -> None:
    """The user opened the Home tab: from now on it is kept up to date, and it is published now."""
    services.preferences.note_home_opened(job.origin.key)
    publish(services, job)


def publish(services: Services, job: Job) -> None:
    """Publish the user's Home as it is now (views.publish replaces what they had)."""
    origin = job.origin
    job.client.views_publish(user_id=origin.user_id, view=home_view(home_content(services, job.client, origin)))


def home_content(services: Services, client: WebClient, origin: CommandOrigin) -> HomeContent:
    """What the user's Home shows now."""
    profile = fetch_profile(client, origin.user_id, origin.user_name)
    options = meeting_options(services, origin.key)
    base = HomeContent(account_mode=services.settings.account_mode, defaults=options.shown(),
                       fallback_tz=profile.tz, updated=datetime.now(UTC))
    if services.settings.account_mode:
        if profile.lookup_failed or not profile.email:
            problem = ("Slack did not tell me your email just now, so I cannot find you at Zoom."
                       if profile.lookup_failed else no_zoom_user(""))
            return _with(base, account_problem=f"{problem}\n{ACCOUNT_MODE_NOTE}",
                         meetings_note="Your meetings are shown once Zoom knows who you are.")
        return _listed(_with(base, account_user=profile.email), services.zoom_as_account(), profile.email,
                       own_zoom_user="")
    connection = services.connections.get(origin.key)
    if connection is None:
        return _with(base, meetings_note="Connect Zoom to see your upcoming meetings here.")
    try:
        api = services.zoom_as_user(origin.key)
    except NotConnected:
        return _with(base, meetings_note="Connect Zoom to see your upcoming meetings here.")
    return _listed(_with(base, connected_as=connection.zoom_email), api, "me", own_zoom_user=connection.zoom_user_id)


def _listed(content: HomeContent, api: ZoomApi, user_ref: str, *, own_zoom_user: str) -> HomeContent:
    """The Home with the user's next meetings from Zoom (or why they are not shown)."""
    try:
        upcoming = api.upcoming_meetings(user_id=user_ref)
    except ZoomUserNotFound:
        return _with(content, account_user="", account_problem=no_zoom_user(content.account_user),
                     meetings_note="Your meetings are shown once Zoom knows who you are.")
    except NotConnected:
        return _with(content, connected_as="", meetings_note="Connect Zoom to see your upcoming meetings here.")
    except ZoomApiError as error:
        log.info("the Home could not list meetings: %s", type(error).__name__)
        return _with(content, meetings_note=ZOOM_AWAY)
    # Account mode lists the Zoom user's own meetings: each is theirs to change. User mode: the host says so.
    entries = tuple(ListEntry(meeting, hosted=not own_zoom_user or meeting.host_id == own_zoom_user)
                    for meeting in upcoming[:HOME_MEETINGS])
    return _with(content, meetings=entries, total=len(upcoming))


def _with(content: HomeContent, **changes: Any) -> HomeContent:
    return replace(content, **changes)


def connect_from_home(services: Services, job: Job) -> None:
    """The Home's Connect button: a fresh connect link in a modal where the user clicked (the Home itself
    holds none: it may stay open for hours, and a link lives 10 minutes). Slack too late for the modal: the
    link by direct message."""
    origin = job.origin
    if services.settings.account_mode:
        Replies(job.client, origin).private(plain(ACCOUNT_MODE_NOTE))
        return
    link = authorize_url(services, origin.key)  # one single-use link, whichever way it reaches the user
    try:
        job.client.views_open(trigger_id=str(job.payload.get("trigger_id") or ""), view=connect_modal(link))
        return
    except SlackApiError as error:
        code = str(error.response.get("error", "unknown")) if error.response is not None else "unknown"
        log.info("views.open failed (%s); sending the connect link by direct message", code)
    Replies(job.client, origin).private(connect_prompt(
        link, reason="Connect your Zoom account so `/zoom` can create meetings as you."))
