"""`/zoom link` and App Home's "Create a booking link": a single-use Zoom Scheduler booking link, privately.

The user's schedules come from Zoom (`GET /scheduler/schedules`; switched-off and cancelled ones left out):
none, and they are told how to make one in Zoom; one, and the link is made at once; several, and they choose
with a button (BOOKING_LINK_CHOICE), whose value is looked for again among their own schedules at Zoom, so a
forged or stale click makes nothing. The link (`POST /scheduler/schedules/single_use_link`) comes with a
"Share in channel" button (BOOKING_LINK_SHARE) when it was asked for in a conversation.

User mode: the user's own grant. A grant from before the app asked for Scheduler lacks its scopes: the user
is offered a reconnect, and the command resumes after it. Account mode: the Server-to-Server token, for the
Zoom user with the Slack user's email: the spec keeps `user_id` ("only for admin") for exactly this, and it
names a Zoom user id, so the email is turned into one first (`GET /users/{email}`). A link for one of their
schedules needs no user: the schedule id is the user's, checked against their own list first.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from handlers.app.durable import Job
from handlers.app.services import Services
from handlers.flows.as_host import ZoomSelf, not_connected_now, zoom_failure, zoom_self
from handlers.flows.connect import ResumeAfterConnect, connect_message
from handlers.flows.flow_types import BOOKING_LINK
from handlers.slack.origin import CommandOrigin
from handlers.slack.profiles import fetch_profile
from handlers.slack.replies import ChannelUnreachable, Replies
from handlers.ui.booking_links import (
    ACCOUNT_APP_WITHOUT_SCHEDULER_SCOPES,
    LINK_USAGE,
    NO_SCHEDULES,
    NOT_YOUR_SCHEDULE,
    RECONNECT_FOR_SCHEDULER,
    SCHEDULER_NOT_ENABLED,
    SHARE_NOT_YOURS,
    SHARE_UNREACHABLE,
    booking_link,
    read_schedule_id,
    schedule_choices,
    shared_booking_link,
    shared_note,
)
from handlers.ui.messages import SlackMessage, plain
from storage import NotConnected
from storage.crypto import KeyConfigError
from zoom import Schedule, ZoomApiError, ZoomMissingScopes, ZoomSchedulerNotEnabled

log = logging.getLogger(__name__)

BOOKING_LINK_CHOICE = "booking_link_choice"  # a click on one of several schedules
BOOKING_LINK_SHARE = "booking_link_share"  # "Share in channel"
NOTHING_MADE = "no booking link was made"
CONNECT_REASON = "Connect your Zoom account to make Zoom Scheduler booking links from Slack."


def booking_link_command(services: Services, job: Job) -> None:
    """`/zoom link` (and App Home's button, and the command resumed after a reconnect)."""
    if str(job.payload.get("text") or "").strip():
        Replies(job.client, job.origin).private(plain(LINK_USAGE))
        return
    _offer(services, job, chosen=None)


def booking_link_choice(services: Services, job: Job) -> None:
    """A schedule button: its value must name one of the clicker's own active schedules, at Zoom, now. The
    click's key is its message (one link per double click); a click that made no link gives the key back, so
    the buttons still work after Zoom was busy."""
    job.release_dedupe = True
    chosen = read_schedule_id(job.payload.get("value"))
    if chosen is None:
        Replies(job.client, job.origin).private(plain(NOT_YOUR_SCHEDULE))
        return
    _offer(services, job, chosen=chosen)


def _offer(services: Services, job: Job, *, chosen: str | None) -> None:
    origin = job.origin
    replies = Replies(job.client, origin, replace_original=chosen is not None)
    profile = fetch_profile(job.client, origin.user_id, origin.user_name)
    me = zoom_self(services, origin, profile, connect_reason=CONNECT_REASON)
    if not isinstance(me, ZoomSelf):
        replies.private(me)
        return
    try:
        zoom_user_id = me.api.get_user(me.email).id if me.email else ""
        schedules = [s for s in me.api.list_schedules(user_id=zoom_user_id) if s.active]
    except (NotConnected, ZoomApiError) as error:
        replies.private(_trouble(services, job, me, error, action="list your Zoom Scheduler schedules"))
        return
    if chosen is not None:
        schedule = next((s for s in schedules if s.schedule_id == chosen), None)
        if schedule is None:
            log.info("a booking link choice named no schedule of user %s", origin.user_id)
            replies.private(plain(NOT_YOUR_SCHEDULE))
            return
    elif not schedules:
        replies.private(plain(NO_SCHEDULES))
        return
    elif len(schedules) > 1:
        replies.private(schedule_choices(schedules))
        return
    else:
        schedule = schedules[0]
    try:
        url = me.api.create_single_use_link(schedule.schedule_id)
    except (NotConnected, ZoomApiError) as error:
        replies.private(_trouble(services, job, me, error, action="make the booking link"))
        return
    job.release_dedupe = False  # made: a second click on these buttons makes no second link
    replies.private(booking_link(schedule, url, share_value=_share_value(services, origin, schedule, url)))


def _trouble(services: Services, job: Job, me: ZoomSelf, error: Exception, *, action: str) -> SlackMessage:
    """Why no link: reconnect (the grant lacks Scheduler's scopes, or is gone), no Scheduler, or Zoom's
    trouble worded as everywhere else (a per-second limit or a passing outage goes back to the queue)."""
    if isinstance(error, NotConnected):
        return not_connected_now(services, job.origin, "make booking links for")
    if isinstance(error, ZoomMissingScopes):
        if services.settings.account_mode:
            log.warning("the Server-to-Server app lacks Zoom Scheduler scopes (%s)", ", ".join(error.scopes))
            return plain(ACCOUNT_APP_WITHOUT_SCHEDULER_SCOPES)
        resume = ResumeAfterConnect(kind=BOOKING_LINK, origin=job.origin)
        return connect_message(services, job.origin.key, reason=RECONNECT_FOR_SCHEDULER, resume=resume)
    if isinstance(error, ZoomSchedulerNotEnabled):
        return plain(SCHEDULER_NOT_ENABLED)
    assert isinstance(error, ZoomApiError)
    return zoom_failure(error, email=me.email, action=action, outcome=NOTHING_MADE, attempts=job.attempts,
                        stale=job.stale, changes=False)


# -- Share in channel ---------------------------------------------------------------------------------------


def _share_value(services: Services, origin: CommandOrigin, schedule: Schedule, url: str) -> str | None:
    """The Share button's value, sealed (authenticated encryption) and naming its user and conversation: a
    value someone wrote themselves, another user's, or one replayed in another conversation does not open, so
    the bot never posts a link it did not make for the clicker, there. None where there is no conversation to
    share in (App Home's button answers in the DM)."""
    if not origin.channel_id:
        return None
    return services.cipher.encrypt(json.dumps(
        {"team": origin.team_id, "user": origin.user_id, "channel": origin.channel_id,
         "summary": schedule.summary[:200], "url": url},
        separators=(",", ":")))


def _open_share_value(services: Services, origin: CommandOrigin, value: Any) -> dict[str, str] | None:
    if not isinstance(value, str) or not 0 < len(value) <= 2000:
        return None
    try:
        data = json.loads(services.cipher.decrypt(value))
    except (KeyConfigError, ValueError, UnicodeError):
        return None
    if not isinstance(data, dict) or not all(isinstance(data.get(k), str)
                                             for k in ("team", "user", "channel", "summary", "url")):
        return None
    # Made for this user, in this conversation: a value replayed elsewhere posts nothing.
    if (data["team"], data["user"], data["channel"]) != (origin.team_id, origin.user_id, origin.channel_id):
        return None
    return data


def share_booking_link(services: Services, job: Job) -> None:
    """"Share in channel": the link, posted publicly where it was asked for; the private answer then says so."""
    origin = job.origin
    shared = _open_share_value(services, origin, job.payload.get("value"))
    if shared is None:
        log.info("a Share click from user %s carried a value not made for them", origin.user_id)
        Replies(job.client, origin).private(plain(SHARE_NOT_YOURS))
        return
    try:
        Replies(job.client, origin).public(shared_booking_link(origin.user_id, shared["summary"], shared["url"]))
    except ChannelUnreachable:
        Replies(job.client, origin).private(plain(SHARE_UNREACHABLE))
        return
    Replies(job.client, origin, replace_original=True).private(shared_note(origin.channel_id))
