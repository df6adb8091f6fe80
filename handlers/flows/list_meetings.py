"""`/zoom list`: the user's upcoming meetings, as Zoom has them (all of Zoom's pages, soonest first), ten at a
time, privately; Join for each, and Cancel and Edit for those they host. "Show more" asks Zoom again and
shows the next ten in the same message."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from handlers.app.durable import Job
from handlers.app.services import Services
from handlers.flows.as_host import ZoomSelf, connect_reason, not_connected_now, zoom_failure, zoom_self
from handlers.slack.origin import CommandOrigin
from handlers.slack.profiles import SlackProfile, fetch_profile
from handlers.slack.replies import Replies
from handlers.ui.messages import plain
from handlers.ui.my_meetings import PAGE_SIZE, ListEntry, meeting_list, no_meetings
from storage import NotConnected
from zoom import ListedMeeting, ZoomApiError

LIST_MORE = "list_more"
MAX_OFFSET = 10_000  # far past anything Zoom lists: a larger value in a button was not written by the bot


def list_meetings(services: Services, client: WebClient, origin: CommandOrigin) -> None:
    show_page(services, client, origin, offset=0)


def show_more(services: Services, job: Job) -> None:
    """The "Show more" button: the next ten, in place of the page it was clicked on."""
    show_page(services, job.client, job.origin, offset=read_offset(job.payload.get("offset")),
              replace_original=True, attempts=job.attempts, stale=job.stale)


def show_page(services: Services, client: WebClient, origin: CommandOrigin, *, offset: int, note: str = "",
              replace_original: bool = False, attempts: int = 1, stale: bool = False,
              profile: SlackProfile | None = None) -> None:
    """One page of the user's upcoming meetings from `offset` (the last page if fewer are left by now), with
    `note` (escaped mrkdwn) on top: the answer to a command, or what a button changed."""
    replies = Replies(client, origin, replace_original=replace_original)
    profile = profile or fetch_profile(client, origin.user_id, origin.user_name)
    me = zoom_self(services, origin, profile, connect_reason=connect_reason("see"))
    if not isinstance(me, ZoomSelf):
        replies.private(me)
        return
    try:
        upcoming = me.api.upcoming_meetings(user_id=me.user_ref)
    except (NotConnected, ZoomApiError) as error:
        if note:  # what a button did is done: say so, even if the list cannot be shown just now
            replies.private(plain(note))
        elif isinstance(error, NotConnected):
            replies.private(not_connected_now(services, origin, "see"))
        else:
            replies.private(zoom_failure(error, email=me.email, action="list your meetings",
                                         outcome="I cannot show your meetings now", attempts=attempts, stale=stale,
                                         changes=False))
        return
    if not upcoming:
        replies.private(no_meetings(note))
        return
    if offset >= len(upcoming):  # fewer than before (cancelled meanwhile): the last page there is
        offset = (len(upcoming) - 1) // PAGE_SIZE * PAGE_SIZE
    entries = [_entry(me, meeting) for meeting in upcoming[offset:offset + PAGE_SIZE]]
    replies.private(meeting_list(entries, offset=offset, total=len(upcoming), fallback_tz=profile.tz, note=note))


def read_offset(raw: Any) -> int:
    """A Show more button's value: where the next page starts (anything else: the first page)."""
    if isinstance(raw, str) and raw.isascii() and raw.isdigit() and int(raw) <= MAX_OFFSET:
        return int(raw)
    return 0


def _entry(me: ZoomSelf, meeting: ListedMeeting) -> ListEntry:
    return ListEntry(meeting, hosted=me.hosts_listed(meeting.host_id))
